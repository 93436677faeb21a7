# Options that only near mode reads are refused in story mode, rather than
# silently ignored; --time-field (read for --decay) only in story mode.
for o in "--perm 64" "--bands 8" "--shingle 2"; do
    echo '{"text":"a b"}' | "$NDC" -m story $o >/dev/null 2>"$CASE_TMP/err"
    echo "$o: exit $? $(head -1 "$CASE_TMP/err")"
done
echo '{"text":"a b"}' | "$NDC" --time-field t >/dev/null 2>"$CASE_TMP/err"
echo "--time-field in near mode: exit $? $(head -1 "$CASE_TMP/err")"
