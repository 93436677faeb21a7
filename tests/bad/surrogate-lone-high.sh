# A lone high surrogate escape is JSON by the grammar (RFC 8259 8.2
# leaves its meaning to the reader): kept, unchanged, read as a
# non-word; the words around it still count.
printf '%s\n' '{"text":"\ud800"}' '{"text":"alpha \ud800 beta"}' \
    '{"text":"alpha beta"}' | "$NDC"
