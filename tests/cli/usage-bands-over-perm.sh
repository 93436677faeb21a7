# --bands larger than --perm is a usage error.
"$NDC" --perm 16 --bands 32 tests/data/basic.ndjson
