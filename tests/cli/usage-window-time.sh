# --window-time needs --time-field and a positive duration; --time-field
# alone in near mode has nothing to do and is refused.
for a in "--window-time 1h" "--time-field t --window-time 0" \
    "--time-field t --window-time soon" "--time-field t"; do
    echo '{"text":"a b"}' | "$NDC" $a >/dev/null 2>"$CASE_TMP/err"
    echo "$a: exit $? $(head -1 "$CASE_TMP/err")"
done
