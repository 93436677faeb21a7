# An existing state file that cannot be read: refused, naming it.
printf '%s\n' '{"text":"alpha beta"}' |
    "$NDC" --state "$CASE_TMP/s" >/dev/null
chmod 000 "$CASE_TMP/s"
[ -r "$CASE_TMP/s" ] && exit 77
printf '%s\n' '{"text":"alpha beta"}' | "$NDC" --state "$CASE_TMP/s" \
    2>"$CASE_TMP/err"
rc=$?
sed "s|$CASE_TMP/||" "$CASE_TMP/err" >&2
exit $rc
