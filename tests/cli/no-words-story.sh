# In story mode a text whose words are all dropped as terms (stop words,
# bare numbers) is clustered by those words in order, as near mode
# would: "It is what it is." and "IT IS WHAT IT IS" are one text,
# "is it what it is" another, "911" and "911!" a third.
printf '%s\n' \
    '{"n":1,"text":"It is what it is."}' \
    '{"n":2,"text":"IT IS WHAT IT IS"}' \
    '{"n":3,"text":"is it what it is"}' \
    '{"n":4,"text":"911"}' \
    '{"n":5,"text":"911!"}' |
    "$NDC" -m story -a score | sed 's/"text":".*","cluster"/"cluster"/'
