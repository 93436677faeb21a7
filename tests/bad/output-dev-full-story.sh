# Story mode writing to a full disk: the write error is told, exit 1,
# before all the input is read.
awk 'BEGIN {
    for (i = 1; i <= 20000; i++)
        printf "{\"text\":\"storm w%d coast x%d\"}\n", i, i % 97
}' >"$CASE_TMP/in"
[ -w /dev/full ] || exit 77
"$NDC" -m story "$CASE_TMP/in" >/dev/full
