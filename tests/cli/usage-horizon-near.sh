# --horizon is for story mode only: without -m story it is a usage error.
"$NDC" --time-field t --horizon 1d tests/data/basic.ndjson
