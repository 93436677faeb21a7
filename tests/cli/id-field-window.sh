# --id-field with -a match when the window is full: the record matched
# may be the oldest one in the window, the one that leaves it as this
# record comes in; its id is still reported.  With -w 3, record 4 matches
# record 1, record 7 matches 4, record 8 matches 5.
printf '%s\n' \
    '{"id":1,"text":"alpha"}' \
    '{"id":2,"text":"beta"}' \
    '{"id":3,"text":"gamma"}' \
    '{"id":4,"text":"alpha"}' \
    '{"id":5,"text":"gamma"}' \
    '{"text":"delta"}' \
    '{"id":7,"text":"alpha"}' \
    '{"id":8,"text":"gamma"}' | "$NDC" -w 3 --id-field id -a match
