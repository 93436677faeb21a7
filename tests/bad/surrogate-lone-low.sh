# A lone low surrogate escape: kept, unchanged, read as a non-word.
printf '%s\n' '{"text":"\udc00"}' '{"text":"alpha\udc00 beta"}' \
    '{"text":"alpha beta"}' | "$NDC"
