# -f PATH:nan is a usage error, not a path "text:nan": it reads as a
# number, which is out of range.
"$NDC" -m story -f text:nan tests/data/basic.ndjson
