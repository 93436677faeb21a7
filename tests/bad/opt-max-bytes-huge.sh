# --max-bytes huge (99999999999G):
# a usage error naming the option and the value, exit 2, or, where
# the value is valid, a normal run.
"$NDC" --max-bytes '99999999999G' tests/data/basic.ndjson
