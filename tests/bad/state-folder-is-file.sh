# --state below a regular file: refused, naming the path.
: >"$CASE_TMP/f"
printf '%s\n' '{"text":"alpha beta"}' |
    "$NDC" --state "$CASE_TMP/f/state" 2>"$CASE_TMP/err"
rc=$?
sed "s|$CASE_TMP/||" "$CASE_TMP/err" >&2
exit $rc
