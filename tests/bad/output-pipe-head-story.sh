# Story mode into "| head -n 1": ndcluster ends quietly, by SIGPIPE
# (status 141 in sh), with nothing on stderr, and the one line is whole.
awk 'BEGIN {
    for (i = 1; i <= 50000; i++)
        printf "{\"id\":%d,\"text\":\"storm w%d coast x%d\"}\n", i, i, i % 97
}' >"$CASE_TMP/in"
{ "$NDC" -m story "$CASE_TMP/in" 2>"$CASE_TMP/err"; echo $? >"$CASE_TMP/rc"; } |
    head -n 1
echo "ndcluster: status $(cat "$CASE_TMP/rc")"
cat "$CASE_TMP/err" >&2
