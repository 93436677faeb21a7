# --window-time negative (-1h):
# a usage error naming the option and the value, exit 2, or, where
# the value is valid, a normal run.
"$NDC" --time-field t --window-time '-1h' tests/data/basic.ndjson
