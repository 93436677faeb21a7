# --keep-markup reads markup as words, as before: the two headlines in the
# same markup share a cluster again, and &amp; is the word amp.  Both
# modes take it.
printf '%s\n' \
    '{"n":1,"text":"<p class=\"lead\"><a href=\"https://example.com/world/2024/floods\">Floods close schools</a></p>"}' \
    '{"n":2,"text":"<p class=\"lead\"><a href=\"https://example.com/world/2024/budget\">Parliament passes budget</a></p>"}' \
    '{"n":3,"text":"Tom &amp; Jerry"}' \
    '{"n":4,"text":"tom amp jerry"}' >"$CASE_TMP/in"
"$NDC" --keep-markup -a score "$CASE_TMP/in" |
    sed 's/"text":".*","cluster"/"cluster"/'
echo "-m story"
"$NDC" -m story --keep-markup "$CASE_TMP/in" |
    sed 's/"text":".*","cluster"/"cluster"/'
