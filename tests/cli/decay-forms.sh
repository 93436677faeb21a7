# --decay takes durations such as 90s, 15m, 72h, 7d, 1h30m, 1.5h, 2w, or
# a bare number of seconds.
cd "$CASE_TMP" || exit 99
printf '%s\n' \
    '{"t":"2014-12-19T00:00:00Z","text":"Lisbon floods close schools"}' \
    '{"t":"2014-12-19T00:30:00Z","text":"Lisbon floods close schools"}' >in
for d in 90 90s 15m 72h 7d 1h30m 1.5h 2w; do
    printf '%-6s' "$d"
    "$NDC" -m story --time-field t --decay "$d" in |
        sed 's/.*,"cluster":\([0-9a-z]*\)}$/\1/' | tr '\n' ' '
    echo
done
