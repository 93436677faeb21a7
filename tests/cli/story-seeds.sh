# -m story: the five seed articles report one event in their own words
# and share one cluster id, where near mode (see the EXAMPLES of the man
# page) finds four.  --mode story is the same.
"$NDC" -m story tests/data/seeds.ndjson >"$CASE_TMP/m" || echo "-m: exit $?"
"$NDC" --mode story tests/data/seeds.ndjson >"$CASE_TMP/mode" ||
    echo "--mode: exit $?"
cmp -s "$CASE_TMP/m" "$CASE_TMP/mode" && echo "--mode story: same as -m"
sed -n 's/^{"id": "\([0-9]*\)".*,"cluster":\([0-9a-z]*\)}$/\1 \2/p' \
    "$CASE_TMP/m"
