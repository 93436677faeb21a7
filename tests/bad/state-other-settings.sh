# A state saved with -w 100 and loaded with -w 50: refused, naming the
# setting and both values; the file is left as it was.
printf '%s\n' '{"text":"alpha beta"}' |
    "$NDC" -w 100 --state "$CASE_TMP/s" >/dev/null
cp "$CASE_TMP/s" "$CASE_TMP/orig"
printf '%s\n' '{"text":"alpha beta"}' |
    "$NDC" -w 50 --state "$CASE_TMP/s" 2>"$CASE_TMP/err"
rc=$?
sed "s|$CASE_TMP/||" "$CASE_TMP/err" >&2
cmp -s "$CASE_TMP/s" "$CASE_TMP/orig" && echo "state unchanged"
exit $rc
