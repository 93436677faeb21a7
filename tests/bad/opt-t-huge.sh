# -t huge (1e308):
# a usage error naming the option and the value, exit 2, or, where
# the value is valid, a normal run.
"$NDC" -t '1e308' tests/data/basic.ndjson
