# After 100 time warnings the rest are counted, and the count is told at
# the end; the records are all written and the exit status stays 0.  The
# standard error is cut to its first line and the lines from the 100th.
awk 'BEGIN { for (i = 1; i <= 150; i++)
    printf "{\"n\":%d,\"text\":\"Lisbon floods close schools\"}\n", i }' |
    "$NDC" -m story --time-field t >"$CASE_TMP/out" 2>"$CASE_TMP/err"
rc=$?
wc -l <"$CASE_TMP/out" | tr -d ' '
tail -n 1 "$CASE_TMP/out"
wc -l <"$CASE_TMP/err" | tr -d ' '
sed -n '1p;100,$p' "$CASE_TMP/err" >&2
exit $rc
