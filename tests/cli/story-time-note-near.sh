# No note on a time member in near or template mode, nor in story mode
# when the first record has none (a later one does not count), nor for a
# nested member of that name.
"$NDC" -f title tests/data/story-time.ndjson
"$NDC" -m template -f title tests/data/story-time.ndjson
printf '%s\n' '{"title":"a b"}' '{"title":"a b","time":"x"}' |
    "$NDC" -m story -f title
printf '%s\n' '{"title":"a b","meta":{"time":"x"}}' | "$NDC" -m story -f title
