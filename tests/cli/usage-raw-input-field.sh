# -R with -f is a usage error that names both: a line of text has no
# fields.  Nothing is read.
"$NDC" -R -f title tests/data/basic.ndjson
