# --perm and --bands change the signature and the LSH index; copies and
# unrelated texts cluster the same way with any of them.  (A small window
# keeps the memory of --perm 1024 small.)
"$NDC" -w 100 tests/data/basic.ndjson >"$CASE_TMP/ref"
for opts in "--perm 16 --bands 4" "--perm 8" "--perm 1 --bands 1" \
    "--perm 1024 --bands 1024" "--bands 64"; do
    # word splitting of $opts is intended
    # shellcheck disable=SC2086
    if "$NDC" -w 100 $opts tests/data/basic.ndjson >"$CASE_TMP/out"; then
        if cmp -s "$CASE_TMP/ref" "$CASE_TMP/out"; then
            echo "$opts: same clusters"
        else
            echo "$opts: differs"
            cat "$CASE_TMP/out"
        fi
    else
        echo "$opts: exit $?"
    fi
done
