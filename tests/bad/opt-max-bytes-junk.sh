# --max-bytes with trailing junk (1X):
# a usage error naming the option and the value, exit 2, or, where
# the value is valid, a normal run.
"$NDC" --max-bytes '1X' tests/data/basic.ndjson
