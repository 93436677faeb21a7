# --rejects FILE: every refused line is copied to FILE verbatim, one a
# line, whatever the reason; good lines are not.
printf '{"text":"alpha"}\n[1,2]\n{"a":1,}\n{"text":"caf\351"}\nnot json\n{"a":1} {"b":2}\n{"text":"beta"}\n' |
    "$NDC" --rejects "$CASE_TMP/rej"
rc=$?
printf '[1,2]\n{"a":1,}\n{"text":"caf\351"}\nnot json\n{"a":1} {"b":2}\n' \
    >"$CASE_TMP/want"
if cmp -s "$CASE_TMP/want" "$CASE_TMP/rej"; then
    echo "rejects: the five refused lines, verbatim"
else
    echo "rejects: wrong"
    od -c "$CASE_TMP/rej"
fi
exit $rc
