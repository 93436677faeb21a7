# A --stopwords file that cannot be read: a message naming it, no output,
# exit status 1.
cd "$CASE_TMP" || exit 99
printf '%s\n' '{"text":"Kelvinport harbour strike ends"}' >in
"$NDC" -m story --stopwords no-such-file in
