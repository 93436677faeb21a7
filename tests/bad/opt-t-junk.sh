# -t with trailing junk (0.5x):
# a usage error naming the option and the value, exit 2, or, where
# the value is valid, a normal run.
"$NDC" -t '0.5x' tests/data/basic.ndjson
