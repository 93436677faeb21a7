# --decay without --time-field is a usage error: there is no time to
# decay by.
"$NDC" -m story --decay 1h tests/data/basic.ndjson
