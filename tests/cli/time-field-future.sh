# A time more than a day ahead of this machine's clock (a typo year 2114,
# or a date of 2114 in milliseconds) is not used: the record is clustered
# as if it had no time, with a warning naming FILE:LINE, and counted in
# --stats as future_time.  It does not move the clock of --window-time, so
# the later records of 2014 still find the earlier ones; before, they all
# founded clusters of their own, without a word.  Exit status 0.
cd "$CASE_TMP" || exit 99
printf '%s\n' \
    '{"t":"2014-12-19T10:00:00Z","text":"Sony hack: North Korea denies role"}' \
    '{"t":"2114-12-19T10:05:00Z","text":"Lisbon floods close schools"}' \
    '{"t":4574656800000,"text":"Lisbon floods close schools"}' \
    '{"t":"2014-12-19T10:10:00Z","text":"Sony hack: North Korea denies role"}' \
    '{"t":"2014-12-19T10:15:00Z","text":"Lisbon floods close schools"}' >feed
"$NDC" --time-field t --window-time 1h --stats feed 2>err
rc=$?
sed -e 's/\("seconds"\):[0-9.]*/\1:S/' \
    -e 's/\("records_per_s"\):[0-9]*/\1:R/' \
    -e 's/\("bytes_per_window_record"\):[0-9]*/\1:B/' err >&2
echo "story, --decay:"
"$NDC" -m story --time-field t --decay 1h -a score feed
exit $rc
