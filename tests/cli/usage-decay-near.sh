# --decay is for story mode only: without -m story it is a usage error.
"$NDC" --time-field t --decay 1h tests/data/basic.ndjson
