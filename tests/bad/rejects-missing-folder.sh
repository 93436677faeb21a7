# --rejects in a folder that does not exist: exit 1 naming the path,
# before any output.
printf '%s\n' '{"text":"alpha"}' 'bad' |
    "$NDC" --rejects "$CASE_TMP/no/rej" 2>"$CASE_TMP/err"
rc=$?
sed "s|$CASE_TMP/||" "$CASE_TMP/err" >&2
exit $rc
