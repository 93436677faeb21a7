# --decay negative (-12h):
# a usage error naming the option and the value, exit 2, or, where
# the value is valid, a normal run.
"$NDC" -m story --time-field t --decay '-12h' tests/data/basic.ndjson
