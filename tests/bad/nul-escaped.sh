# \u0000 in a value and in a key is valid JSON: kept byte for byte; the
# key "te\u0000xt" is not "text".
printf '%s\n' '{"text":"a\u0000b c"}' '{"te\u0000xt":"a b c"}' \
    '{"text":"a\u0000b c"}' | "$NDC"
