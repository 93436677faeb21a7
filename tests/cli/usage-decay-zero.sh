# --decay 0 is a usage error: a half-life must be longer than nothing.
"$NDC" -m story --time-field t --decay 0 tests/data/basic.ndjson
