# -R with -k and -a: the members follow the text, named after -k, in the
# order of -a; an empty line has no text and every member is null.  Line
# 2 differs from line 1 in a detail and joins it at -t 0.3, line 5 is a
# copy of line 1.
printf '%s\n' \
    'disk sda full on host a1' \
    'disk sdb full on host a1' \
    'user bob logged in' \
    '' \
    'disk sda full on host a1' |
    "$NDC" -R -t 0.3 -k id -a score,new,size
