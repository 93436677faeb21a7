# --state in a folder that does not exist: refused before any input is
# read, naming the path.
printf '%s\n' '{"text":"alpha beta"}' |
    "$NDC" --state "$CASE_TMP/no/such/state" 2>"$CASE_TMP/err"
rc=$?
sed "s|$CASE_TMP/||" "$CASE_TMP/err" >&2
exit $rc
