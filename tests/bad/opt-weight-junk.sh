# -f with trailing junk (text:1.5x):
# a usage error naming the option and the value, exit 2, or, where
# the value is valid, a normal run.
"$NDC" -m story -f 'text:1.5x' tests/data/basic.ndjson
