# -f negative (text:-1):
# a usage error naming the option and the value, exit 2, or, where
# the value is valid, a normal run.
"$NDC" -m story -f 'text:-1' tests/data/basic.ndjson
