# -w N keeps the last N records for comparison: with -w 2, record 4 no
# longer sees record 1 and founds a cluster; with -w 3 it joins it.
printf '%s\n' \
    '{"text":"alpha beta gamma"}' \
    '{"text":"delta epsilon zeta"}' \
    '{"text":"eta theta iota"}' \
    '{"text":"alpha beta gamma"}' >"$CASE_TMP/in"
echo "-w 2"
"$NDC" -w 2 "$CASE_TMP/in" || echo "exit $?"
echo "--window 3"
"$NDC" --window 3 "$CASE_TMP/in"
