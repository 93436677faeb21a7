# -a size counts every record of the cluster so far, also those that have
# left the window, as long as the cluster can still be joined.  With -w 2
# record 4 joins cluster 1 through record 2 (size 3); record 7 finds no
# "alpha" in the window and founds cluster 7.
printf '%s\n' \
    '{"text":"alpha"}' \
    '{"text":"alpha"}' \
    '{"text":"beta"}' \
    '{"text":"alpha"}' \
    '{"text":"gamma"}' \
    '{"text":"delta"}' \
    '{"text":"alpha"}' | "$NDC" -w 2 -a size,match
