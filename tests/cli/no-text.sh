# A record whose text is missing, null, not a string, an array without a
# string, empty, or only white space and markup gets "cluster":null, is
# not indexed, but takes a record number: the last record founds cluster
# 10.  (Punctuation or emoji alone is text: see no-words.)
printf '%s\n' \
    '{"id":1}' \
    '{"text":null}' \
    '{"text":42}' \
    '{"text":""}' \
    '{"text":"  \t\n "}' \
    '{"text":" <br/>&nbsp;\t"}' \
    '{"text":true}' \
    '{"text":{"text":"alpha"}}' \
    '{"text":[1,null,["alpha"]]}' \
    '{"text":"alpha beta"}' | "$NDC" -a new,size
