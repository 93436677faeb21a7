# --decay -5m is a usage error (and -5m is its argument, not an option).
"$NDC" -m story --time-field t --decay -5m tests/data/basic.ndjson
