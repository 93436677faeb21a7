# -t nan is a usage error.
"$NDC" -t nan tests/data/basic.ndjson
