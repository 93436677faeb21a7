# --stopwords naming a directory: exit 1 naming it.
mkdir "$CASE_TMP/d"
"$NDC" -m story --stopwords "$CASE_TMP/d" tests/data/basic.ndjson \
    2>"$CASE_TMP/err"
rc=$?
sed "s|$CASE_TMP/||" "$CASE_TMP/err" >&2
exit $rc
