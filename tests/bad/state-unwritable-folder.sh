# --state in a folder that cannot be written: refused at the start.
mkdir "$CASE_TMP/ro"
chmod 555 "$CASE_TMP/ro"
[ -w "$CASE_TMP/ro" ] && exit 77
printf '%s\n' '{"text":"alpha beta"}' | "$NDC" --state "$CASE_TMP/ro/s" \
    2>"$CASE_TMP/err"
rc=$?
sed "s|$CASE_TMP/||" "$CASE_TMP/err" >&2
exit $rc
