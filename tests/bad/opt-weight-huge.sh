# -f huge (text:1e9):
# a usage error naming the option and the value, exit 2, or, where
# the value is valid, a normal run.
"$NDC" -m story -f 'text:1e9' tests/data/basic.ndjson
