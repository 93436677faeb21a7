# A non-numeric value is a usage error.
"$NDC" -w abc tests/data/basic.ndjson
