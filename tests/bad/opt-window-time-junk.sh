# --window-time with trailing junk (1x):
# a usage error naming the option and the value, exit 2, or, where
# the value is valid, a normal run.
"$NDC" --time-field t --window-time '1x' tests/data/basic.ndjson
