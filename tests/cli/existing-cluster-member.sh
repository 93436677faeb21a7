# A top-level member named like the one added is replaced, not
# duplicated: first, last, twice, the only member, with white space,
# with a value holding braces and quotes, written with escapes.  A nested
# "cluster" member is data and stays.
printf '%s\n' \
    '{"cluster":7,"text":"alpha beta gamma"}' \
    '{"text":"alpha beta gamma","cluster":"x"}' \
    '{"cluster":1,"text":"alpha beta gamma","cluster":2}' \
    '{"cluster":5}' \
    '{ "cluster" : 5 }' \
    '{ "text" : "delta epsilon" , "cluster" : [1,{"}":"\"}"}] , "n" : 1 }' \
    '{"clu\u0073ter":0,"a":1}' \
    '{"a":{"cluster":3},"text":"delta epsilon"}' | "$NDC"
