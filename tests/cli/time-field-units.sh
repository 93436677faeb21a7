# A number of --time-field is read in seconds, milliseconds, microseconds
# or nanoseconds by its magnitude (above 1e11, 1e14, 1e17).  One record a
# minute, each in another unit, with a window of an hour: all are one
# cluster, as if every time were in seconds; before, a time in
# milliseconds moved the clock 45,000 years ahead and the records after
# it found nothing.  The same as strings of digits, in story mode.
cd "$CASE_TMP" || exit 99
printf '%s\n' \
    '{"t":1418983200,"text":"Sony hack: North Korea denies role"}' \
    '{"t":1418983260000,"text":"Sony hack: North Korea denies role"}' \
    '{"t":1418983320000000,"text":"Sony hack: North Korea denies role"}' \
    '{"t":1418983380000000000,"text":"Sony hack: North Korea denies role"}' \
    '{"t":1418983440.5,"text":"Sony hack: North Korea denies role"}' >num
sed 's/"t":\([0-9.]*\)/"t":"\1"/' num >str
"$NDC" --time-field t --window-time 1h -a score num
"$NDC" -m story --time-field t --window-time 1h --decay 1h -a score str
