# --bands with trailing junk (4q):
# a usage error naming the option and the value, exit 2, or, where
# the value is valid, a normal run.
"$NDC" --bands '4q' tests/data/basic.ndjson
