# -m near (the default) and --mode near give the default output.
"$NDC" tests/data/basic.ndjson >"$CASE_TMP/default" || echo "default: exit $?"
"$NDC" -m near tests/data/basic.ndjson >"$CASE_TMP/m" || echo "-m: exit $?"
"$NDC" --mode near tests/data/basic.ndjson >"$CASE_TMP/mode" ||
    echo "--mode: exit $?"
cmp -s "$CASE_TMP/default" "$CASE_TMP/m" && echo "-m near: same as default"
cmp -s "$CASE_TMP/default" "$CASE_TMP/mode" &&
    echo "--mode near: same as default"
cat "$CASE_TMP/m"
