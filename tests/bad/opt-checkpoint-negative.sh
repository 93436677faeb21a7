# --checkpoint negative (-5):
# a usage error naming the option and the value, exit 2, or, where
# the value is valid, a normal run.
"$NDC" --state "$CASE_TMP/s" --checkpoint '-5' tests/data/basic.ndjson
