# A flag given an argument with "=" is a usage error (exit 2) that names
# the long option as given, whole even when abbreviated: not "-u", which
# was not on the command line.
for a in --unique=yes --uniq=yes --stats=1 --strict=; do
    "$NDC" "$a" tests/data/basic.ndjson >/dev/null 2>"$CASE_TMP/err"
    echo "$a: exit $?"
    head -1 "$CASE_TMP/err"
done
