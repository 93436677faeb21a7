# --max-bytes 0 is a usage error.
"$NDC" --max-bytes 0 tests/data/basic.ndjson
