# A state file of the layout before the window held the one cluster table
# (format 2, saved by ndcluster 9b1eea9): refused as made by an older
# ndcluster.

cp tests/data/state-v2.ndcstate "$CASE_TMP/s"
printf '%s\n' '{"text":"alpha beta"}' |
    "$NDC" -w 4 --state "$CASE_TMP/s" 2>"$CASE_TMP/err"
rc=$?
sed -e "s|$CASE_TMP/||" "$CASE_TMP/err" >&2
cmp -s tests/data/state-v2.ndcstate "$CASE_TMP/s" || echo "the file changed"
exit $rc
