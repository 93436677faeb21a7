# -t outside 0..1 is a usage error.
"$NDC" -t 1.5 tests/data/basic.ndjson
