# --horizon takes a duration, or 0 for none; not a negative one.
"$NDC" -m story --time-field t --horizon -1d tests/data/basic.ndjson
"$NDC" -m story --time-field t --horizon soon tests/data/basic.ndjson
