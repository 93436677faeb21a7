# An unknown long option is a usage error: exit 2, usage on stderr.
"$NDC" --frobnicate tests/data/basic.ndjson
