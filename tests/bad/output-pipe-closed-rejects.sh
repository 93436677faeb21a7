# A closed pipe while lines are refused: still a quiet end by SIGPIPE;
# the rejects file holds whole lines only.
awk 'BEGIN {
    for (i = 1; i <= 50000; i++) {
        printf "{\"id\":%d,\"text\":\"w%d x%d\"}\n", i, i, i
        if (i % 10 == 0) print "bad " i
    }
}' >"$CASE_TMP/in"
{ "$NDC" --rejects "$CASE_TMP/rej" "$CASE_TMP/in" 2>/dev/null
  echo $? >"$CASE_TMP/rc"; } | head -n 2
echo "ndcluster: status $(cat "$CASE_TMP/rc")"
n=$(grep -v -c '^bad [0-9]*$' "$CASE_TMP/rej" || true)
echo "$n partial lines in --rejects"
