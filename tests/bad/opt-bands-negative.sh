# --bands negative (-4):
# a usage error naming the option and the value, exit 2, or, where
# the value is valid, a normal run.
"$NDC" --bands '-4' tests/data/basic.ndjson
