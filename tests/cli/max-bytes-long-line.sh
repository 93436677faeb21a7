# Lines longer than --max-bytes are refused and copied to --rejects
# whole, whether they fit in one read (line 4) or not (lines 2 and 6, the
# last without a newline); the lines around them are processed.
awk 'BEGIN {
    s = "x"
    while (length(s) < 200000)
        s = s s
    s = substr(s, 1, 200000)
    m = substr(s, 1, 1500)
    printf "{\"text\":\"alpha beta\"}\n"
    printf "{\"text\":\"%s\"}\n", s
    printf "{\"text\":\"alpha beta\"}\n"
    printf "{\"text\":\"%s\"}\n", m
    printf "{\"text\":\"gamma delta\"}\n"
    printf "{\"text\":\"%s\"}", s
}' >"$CASE_TMP/in"
awk 'NR == 2 || NR == 4 || NR == 6' "$CASE_TMP/in" >"$CASE_TMP/want"
"$NDC" --max-bytes 1K --rejects "$CASE_TMP/rej" <"$CASE_TMP/in"
rc=$?
if cmp -s "$CASE_TMP/want" "$CASE_TMP/rej"; then
    echo "rejects: lines 2, 4 and 6, verbatim"
else
    echo "rejects: wrong ($(wc -c <"$CASE_TMP/rej") bytes," \
        "want $(wc -c <"$CASE_TMP/want"))"
fi
exit $rc
