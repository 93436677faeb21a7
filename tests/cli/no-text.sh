# A record whose text is missing, null, not a string, empty or without
# words gets "cluster":null, is not indexed, but takes a record number:
# the last record founds cluster 10.
printf '%s\n' \
    '{"id":1}' \
    '{"text":null}' \
    '{"text":42}' \
    '{"text":""}' \
    '{"text":"  \t\n "}' \
    '{"text":"!!! ... --"}' \
    '{"text":true}' \
    '{"text":{"text":"alpha"}}' \
    '{"text":["alpha"]}' \
    '{"text":"alpha beta"}' | "$NDC" -a new,size
