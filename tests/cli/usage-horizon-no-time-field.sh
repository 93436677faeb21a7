# --horizon needs --time-field, even to turn the horizon off.
"$NDC" -m story --horizon 0 tests/data/basic.ndjson
