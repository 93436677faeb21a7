# An unknown -m mode is a usage error.
"$NDC" -m fuzzy tests/data/basic.ndjson
