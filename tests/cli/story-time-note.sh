# Story mode without --time-field, on records whose first has a member
# named as a time is (time, published, date, pubDate, timestamp): one
# note on stderr, however many records; stdout and the exit status are
# as without it.
"$NDC" -m story -f title tests/data/story-time.ndjson
printf '%s\n' '{"title":"a b","pubDate":"x"}' '{"title":"a b","time":"y"}' |
    "$NDC" -m story -f title
