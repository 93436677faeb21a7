# --seed with trailing junk (7q):
# a usage error naming the option and the value, exit 2, or, where
# the value is valid, a normal run.
"$NDC" --seed '7q' tests/data/basic.ndjson
