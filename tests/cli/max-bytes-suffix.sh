# --max-bytes with a K or M suffix (powers of 1024).  Lines of exactly
# 1024 and 1025 bytes: 1K takes the first only, 1M and 1025 take both.
# Shown: each output line's length and end.
awk 'BEGIN {
    s = ""
    for (i = 0; i < 1013; i++)
        s = s "x"
    printf "{\"text\":\"%s\"}\n{\"text\":\"%sy\"}\n{\"text\":\"short\"}\n", s, s
}' >"$CASE_TMP/in"
show() {
    awk '{ print length($0), substr($0, length($0) - 16) }'
}
for n in 1K 1k 1M 1025; do
    echo "--max-bytes $n"
    rc=0
    "$NDC" --max-bytes "$n" <"$CASE_TMP/in" >"$CASE_TMP/out" || rc=$?
    show <"$CASE_TMP/out"
    echo "exit $rc"
done
