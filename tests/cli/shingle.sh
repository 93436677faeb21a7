# --shingle N: words per shingle.  The same words in reverse order are
# one set of 1-word shingles but share no 2-word shingle.
printf '%s\n' \
    '{"text":"alpha beta gamma delta epsilon zeta"}' \
    '{"text":"zeta epsilon delta gamma beta alpha"}' >"$CASE_TMP/in"
echo "--shingle 1"
"$NDC" --shingle 1 "$CASE_TMP/in" || echo "exit $?"
echo "--shingle 2"
"$NDC" --shingle 2 "$CASE_TMP/in"
