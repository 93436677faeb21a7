# An unknown --max-bytes suffix is a usage error.
"$NDC" --max-bytes 1T tests/data/basic.ndjson
