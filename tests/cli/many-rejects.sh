# After 100 messages about refused lines, a count only; the total at the
# end; the records after them are still processed.
awk 'BEGIN { for (i = 1; i <= 150; i++) print "bad " i; print "{}" }' |
    "$NDC"
