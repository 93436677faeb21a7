# A -f path with an empty component ("a..b") is a usage error.
"$NDC" -f a..b tests/data/basic.ndjson
