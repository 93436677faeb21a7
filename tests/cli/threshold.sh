# -t X: a record joins at estimated Jaccard >= X.  Record 2 shares 9 of
# 11 words with record 1 (Jaccard 0.82); record 3 is a copy of record 1.
printf '%s\n' \
    '{"text":"one two three four five six seven eight nine ten"}' \
    '{"text":"one two three four five six seven eight nine eleven"}' \
    '{"text":"one two three four five six seven eight nine ten"}' \
    >"$CASE_TMP/in"
for t in 0 0.5 1; do
    echo "-t $t"
    "$NDC" --shingle 1 -t "$t" "$CASE_TMP/in" || echo "exit $?"
done
echo "--threshold 1"
"$NDC" --shingle 1 --threshold 1 "$CASE_TMP/in"
