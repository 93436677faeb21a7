# The record's bytes are kept exactly (spacing, tabs, escapes, number
# spelling, Unicode, member order); only ,"cluster":N is inserted before
# the final }.
printf '%s\n' \
    ' { "b" : 1.0e+2 , "a":-0,"s":"caf\u00e9 \"q\" \\ \/ é 日本 😀 \ud83d\ude00","n" : [ 1 , { } , null, true , -0.0E-0 ], "text" : "Alpha  beta,  GAMMA!"	}  ' \
    '{"text":"alpha beta gamma","z":1E-7,"y":[],"x":{"k":"}"}}' | "$NDC"
