# --stopwords is for story mode only: without -m story it is a usage
# error.
"$NDC" --stopwords /dev/null tests/data/basic.ndjson
