# -f PATH:0 is a usage error: a weight is above 0 and at most 1000.
"$NDC" -m story -f text:0 tests/data/basic.ndjson
