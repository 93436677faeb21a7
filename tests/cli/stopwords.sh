# --stopwords FILE replaces the built-in list.  Records 1 and 2 share one
# word, Kelvinport, and that joins them; with Kelvinport listed as a stop
# word (in any case) they are apart.  An empty file drops no word.
cd "$CASE_TMP" || exit 99
printf '%s\n' \
    '{"text":"Kelvinport harbour strike ends"}' \
    '{"text":"Kelvinport ferry fares rise"}' \
    '{"text":"Dunmore orchard frost damage"}' >in
printf '%s\n' 'ferry' '' '  KELVINPORT orchard' >stop
: >empty
ids() {
    sed 's/.*,"cluster":\([0-9a-z]*\)}$/\1/' | tr '\n' ' '
    echo
}
printf 'built-in:  '
"$NDC" -m story in | ids
printf 'stop file: '
"$NDC" -m story --stopwords stop in | ids
printf 'empty:     '
"$NDC" -m story --stopwords empty in | ids
