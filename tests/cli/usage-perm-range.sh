# --perm outside 1..1024 is a usage error.
"$NDC" --perm 1025 tests/data/basic.ndjson
