# An empty -f path is a usage error.
"$NDC" -f '' tests/data/basic.ndjson
