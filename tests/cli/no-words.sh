# A text of emoji or punctuation has no word but is not empty: it is
# clustered by its whole text, normalised, white space left out.  Its
# copies share its cluster, so -u keeps one; other emoji found another;
# white space and markup alone are no text (null).  Both modes.
printf '%s\n' \
    '{"n":1,"text":"🔥🔥🔥"}' \
    '{"n":2,"text":"🔥 🔥🔥"}' \
    '{"n":3,"text":"<b>🔥🔥🔥</b>"}' \
    '{"n":4,"text":"🔥🔥"}' \
    '{"n":5,"text":"👍"}' \
    '{"n":6,"text":"!!!"}' \
    '{"n":7,"text":"！！！"}' \
    '{"n":8,"text":" \t<br/>&nbsp; "}' >"$CASE_TMP/in"
"$NDC" -a size "$CASE_TMP/in" | sed 's/"text":".*","cluster"/"cluster"/'
echo "-u"
"$NDC" -u "$CASE_TMP/in" | sed 's/"text":".*","cluster"/"cluster"/'
echo "-m story"
"$NDC" -m story "$CASE_TMP/in" | sed 's/"text":".*","cluster"/"cluster"/'
