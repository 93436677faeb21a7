# --state naming a directory: refused, naming it.
mkdir "$CASE_TMP/d"
printf '%s\n' '{"text":"alpha beta"}' | "$NDC" --state "$CASE_TMP/d" \
    2>"$CASE_TMP/err"
rc=$?
sed "s|$CASE_TMP/||" "$CASE_TMP/err" >&2
exit $rc
