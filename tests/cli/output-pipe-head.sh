# A closed pipe (| head -n 1) ends ndcluster quietly: nothing on its
# stderr.  The output (about 1 MB) is far more than a pipe holds.
awk 'BEGIN {
    for (i = 1; i <= 20000; i++)
        printf "{\"id\":%d,\"text\":\"w%d x%d y%d\"}\n", i, i, i, i
}' >"$CASE_TMP/in"
"$NDC" "$CASE_TMP/in" 2>"$CASE_TMP/err" | head -n 1
cat "$CASE_TMP/err" >&2
