# No note on a time member when --time-field names one, even another.
"$NDC" -m story -f title --time-field time tests/data/story-time.ndjson
printf '%s\n' '{"title":"a b","t":1418976000,"date":"x"}' |
    "$NDC" -m story -f title --time-field t
