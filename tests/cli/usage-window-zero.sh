# -w 0 is a usage error.
"$NDC" -w 0 tests/data/basic.ndjson
