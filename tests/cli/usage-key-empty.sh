# An empty -k name is a usage error.
"$NDC" -k '' tests/data/basic.ndjson
