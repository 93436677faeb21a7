# --decay huge (99999999999d):
# a usage error naming the option and the value, exit 2, or, where
# the value is valid, a normal run.
"$NDC" -m story --time-field t --decay '99999999999d' tests/data/basic.ndjson
