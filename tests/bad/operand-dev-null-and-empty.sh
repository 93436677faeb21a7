# /dev/null and an empty file as operands: nothing to do, exit 0.
: >"$CASE_TMP/empty"
"$NDC" /dev/null "$CASE_TMP/empty" /dev/null
