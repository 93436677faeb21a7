# --decay junk is a usage error: not a duration.
"$NDC" -m story --time-field t --decay junk tests/data/basic.ndjson
