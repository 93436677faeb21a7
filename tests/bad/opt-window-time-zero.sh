# --window-time zero (0s):
# a usage error naming the option and the value, exit 2, or, where
# the value is valid, a normal run.
"$NDC" --time-field t --window-time '0s' tests/data/basic.ndjson
