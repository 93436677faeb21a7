# A missing time (no member, null, not a string or number) and a bad one
# each give one warning naming FILE:LINE; the record is still written,
# clustered as if it had no time, and the exit status stays 0.
cd "$CASE_TMP" || exit 99
printf '%s\n' \
    '{"t":"2014-12-19T10:00:00Z","text":"Lisbon floods close schools"}' \
    '{"text":"Lisbon floods close schools"}' \
    '{"t":"yesterday","text":"Lisbon floods close schools"}' \
    '' \
    '{"t":"2014-02-30T10:00:00Z","text":"Lisbon floods close schools"}' \
    '{"t":null,"text":"Lisbon floods close schools"}' \
    '{"t":true,"text":"Lisbon floods close schools"}' \
    '{"t":1e400,"text":"Lisbon floods close schools"}' \
    '{"t":1418983200,"text":"Lisbon floods close schools"}' >feed.ndjson
"$NDC" -m story --time-field t --decay 1h feed.ndjson
