# --rejects naming a directory: exit 1 naming it.
mkdir "$CASE_TMP/d"
printf '%s\n' '{"text":"alpha"}' | "$NDC" --rejects "$CASE_TMP/d" \
    2>"$CASE_TMP/err"
rc=$?
sed "s|$CASE_TMP/||" "$CASE_TMP/err" >&2
exit $rc
