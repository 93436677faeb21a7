# --shingle outside 0..16 is a usage error.
"$NDC" --shingle 17 tests/data/basic.ndjson
