# A number with trailing junk ("5x") is a usage error.
"$NDC" -w 5x tests/data/basic.ndjson
