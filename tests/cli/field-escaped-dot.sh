# In -f, --id-field and --time-field paths a backslash makes the dot (or
# backslash) after it part of the key: 'a\.b' is the top-level key "a.b",
# while a.b is the member b of a, and 'a\\.b' the member b of "a\".  The
# shell keeps the backslash within single quotes.  The times, one minute
# apart, decay the score to 2^(-1/60).
cd "$CASE_TMP" || exit 99
printf '%s\n' \
    '{"a.b":"alpha beta gamma","a":{"b":"delta"},"m.id":"x1","t.s":1000000}' \
    '{"a.b":"alpha beta gamma","a":{"b":"zeta eta"},"m.id":"x2","t.s":1000060}' \
    '{"a\\":{"b":"alpha beta gamma"}}' >in
"$NDC" -f 'a\.b' --id-field 'm\.id' -a match in
"$NDC" -f a.b in
"$NDC" -f 'a\.b' -m story --time-field 't\.s' --decay 1h -a score in
"$NDC" -f 'a\\.b' in
