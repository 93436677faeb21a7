# -a with an unknown item is a usage error naming it.
"$NDC" -a score,bogus tests/data/basic.ndjson
