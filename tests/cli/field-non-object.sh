# A -f path through something that is not an object (a string, number,
# null, array) finds no text; no error.
printf '%s\n' \
    '{"a":"alpha beta"}' \
    '{"a":5}' \
    '{"a":null}' \
    '{"a":[{"b":"alpha beta"}]}' \
    '{"a":{"b":{"c":"alpha beta"}}}' \
    '{"a":{"b":"alpha beta"}}' | "$NDC" -f a.b
