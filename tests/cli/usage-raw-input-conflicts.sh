# -R excludes the options that read a field or a time of a record, in
# whichever order they come, and before what they need is asked for;
# -k cannot name the cluster member "text", which holds the line.  Each
# is a usage error (exit 2); the first line of each message is shown.
for args in "-f text -R" "-R --id-field id" "--time-field t -R" \
    "-R -m story --decay 1h" "-R --window-time 1h" "-R -k text"; do
    # shellcheck disable=SC2086
    "$NDC" $args tests/data/basic.ndjson 2>"$CASE_TMP/err"
    echo "$args: exit $?: $(head -n 1 "$CASE_TMP/err")"
done
