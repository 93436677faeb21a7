# --perm with trailing junk (8q):
# a usage error naming the option and the value, exit 2, or, where
# the value is valid, a normal run.
"$NDC" --perm '8q' tests/data/basic.ndjson
