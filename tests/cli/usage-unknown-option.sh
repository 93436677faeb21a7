# An unknown short option is a usage error: exit 2, usage on stderr.
"$NDC" -x tests/data/basic.ndjson
