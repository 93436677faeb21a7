# A state whose --id-field part does not fit (made without --id-field,
# loaded with it): refused as made with other settings.
printf '%s\n' '{"id":1,"text":"alpha beta"}' |
    "$NDC" -w 10 --state "$CASE_TMP/s" >/dev/null
printf '%s\n' '{"id":2,"text":"alpha beta"}' |
    "$NDC" -w 10 --id-field id --state "$CASE_TMP/s" 2>"$CASE_TMP/err"
rc=$?
sed "s|$CASE_TMP/||" "$CASE_TMP/err" >&2
exit $rc
