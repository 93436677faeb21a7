# -w with trailing junk (12x):
# a usage error naming the option and the value, exit 2, or, where
# the value is valid, a normal run.
"$NDC" -w '12x' tests/data/basic.ndjson
