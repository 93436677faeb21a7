# --shingle with trailing junk (2q):
# a usage error naming the option and the value, exit 2, or, where
# the value is valid, a normal run.
"$NDC" --shingle '2q' tests/data/basic.ndjson
