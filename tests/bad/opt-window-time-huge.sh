# --window-time huge (99999999999999999999999):
# a usage error naming the option and the value, exit 2, or, where
# the value is valid, a normal run.
"$NDC" --time-field t --window-time '99999999999999999999999' tests/data/basic.ndjson
