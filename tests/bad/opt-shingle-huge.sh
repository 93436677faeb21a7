# --shingle huge (17):
# a usage error naming the option and the value, exit 2, or, where
# the value is valid, a normal run.
"$NDC" --shingle '17' tests/data/basic.ndjson
