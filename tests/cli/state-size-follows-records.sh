# --state: the file holds what is live, so its size follows the records
# in the window, not -w: one record makes the same small file at -w 100
# and at -w 100000, in both modes, and more records make a larger one.
cd "$CASE_TMP" || exit 99
for m in near story; do
    for w in 100 100000; do
        printf '%s\n' '{"text":"storm hits the northern coast"}' |
            "$NDC" -m "$m" -w "$w" --state "$m-$w" >/dev/null
    done
    awk 'BEGIN { for (i = 1; i <= 50; i++)
        printf "{\"text\":\"record number %d of fifty\"}\n", i }' |
        "$NDC" -m "$m" -w 100000 --state "$m-50" >/dev/null
    small=$(wc -c <"$m-100")
    big=$(wc -c <"$m-100000")
    more=$(wc -c <"$m-50")
    if [ "$small" -eq "$big" ]; then
        echo "$m: one record, -w 100 and -w 100000: same size"
    fi
    if [ "$big" -lt 4096 ]; then
        echo "$m: one record: under 4 KB"
    fi
    if [ "$more" -gt $((big * 3)) ]; then
        echo "$m: fifty records: over three times larger"
    fi
done
