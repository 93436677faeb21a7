# -t below 0 is a usage error (and -0.1 is its argument, not an option).
"$NDC" -t -0.1 tests/data/basic.ndjson
