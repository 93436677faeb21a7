# --time-field PATH: an RFC 3339 string (with a fraction and an offset,
# or a date alone), epoch seconds as a number or as a string, and a
# dotted path are all taken without a word on the standard error.
printf '%s\n' \
    '{"t":"2014-12-19T10:00:00Z","text":"Lisbon floods close schools"}' \
    '{"t":"2014-12-19T11:00:00.25+01:00","text":"Lisbon floods close schools"}' \
    '{"t":"2014-12-19","text":"Lisbon floods close schools"}' \
    '{"t":1418983200,"text":"Lisbon floods close schools"}' \
    '{"t":1418983200.5,"text":"Lisbon floods close schools"}' \
    '{"t":"1418983200","text":"Lisbon floods close schools"}' |
    "$NDC" -m story --time-field t
printf '%s\n' \
    '{"meta":{"time":"2014-12-19T10:00:00Z"},"text":"Oslo bridge repaired"}' |
    "$NDC" -m story --time-field meta.time
