# Only the members ndcluster writes are replaced: without -a, members
# named like the -a ones are data and stay; with -a size only KEY_size is
# replaced.
printf '%s\n' \
    '{"cluster_size":9,"cluster_new":"x","text":"alpha beta"}' \
    >"$CASE_TMP/in"
echo "no -a"
"$NDC" "$CASE_TMP/in" || echo "exit $?"
echo "-a size"
"$NDC" -a size "$CASE_TMP/in"
