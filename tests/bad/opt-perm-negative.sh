# --perm negative (-8):
# a usage error naming the option and the value, exit 2, or, where
# the value is valid, a normal run.
"$NDC" --perm '-8' tests/data/basic.ndjson
