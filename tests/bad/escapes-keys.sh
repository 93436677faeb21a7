# Keys written with escapes: "\u0074ext" is text for -f, and an escaped
# "cl\u0075ster" is the cluster key, so it is replaced, not repeated.
printf '%s\n' '{"\u0074\u0065\u0078\u0074":"alpha beta"}' \
    '{"t\u0065xt":"alpha beta","cl\u0075ster":"old"}' \
    '{"a":{"\u0062":"gamma delta"}}' | "$NDC"
printf '%s\n' '{"a":{"\u0062":"gamma delta"}}' '{"a":{"b":"gamma delta"}}' |
    "$NDC" -f a.b
