# Full case folding: ß is ss, so Straße and STRASSE are one word; so are
# the ligature ﬁ and fi.
printf '%s\n' \
    '{"n":1,"text":"Die Straße ist groß"}' \
    '{"n":2,"text":"DIE STRASSE IST GROSS"}' \
    '{"n":3,"text":"ﬁnal ﬁgures"}' \
    '{"n":4,"text":"final figures"}' |
    "$NDC" -a score | sed 's/"text":"[^"]*",//'
