# --seed huge (18446744073709551616):
# a usage error naming the option and the value, exit 2, or, where
# the value is valid, a normal run.
"$NDC" --seed '18446744073709551616' tests/data/basic.ndjson
