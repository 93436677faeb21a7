# A valid pair (an emoji) and the same text in raw UTF-8: one cluster.
printf '{"text":"smile \\ud83d\\ude00 now"}\n' >"$CASE_TMP/in"
printf '{"text":"smile \360\237\230\200 now"}\n' >>"$CASE_TMP/in"
"$NDC" -a match "$CASE_TMP/in"
