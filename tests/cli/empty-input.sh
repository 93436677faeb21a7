# Empty input (stdin, an empty file, a file of blank lines) gives empty
# output and exit status 0.
: >"$CASE_TMP/empty"
printf '\n\n' >"$CASE_TMP/blank"
"$NDC" <"$CASE_TMP/empty" && "$NDC" "$CASE_TMP/empty" "$CASE_TMP/blank"
