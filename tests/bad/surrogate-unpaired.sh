# A high surrogate followed by a non-surrogate escape, a reversed pair,
# and a high surrogate at the end of the string: all kept unchanged.
printf '%s\n' '{"text":"\ud800\u0041 gamma"}' '{"text":"\udc00\ud800"}' \
    '{"text":"delta \ud83d"}' '{"text":"delta"}' | "$NDC"
