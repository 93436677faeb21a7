# -f a.b.c where a, or a.b, is a number, a string, an array, null, true
# or an object without the key: no text (cluster null), never an error.
printf '%s\n' '{"a":5}' '{"a":"a.b.c"}' '{"a":[{"b":{"c":"x"}}]}' \
    '{"a":null}' '{"a":true}' '{"a":{"c":"x"}}' '{"a":{"b":[1]}}' \
    '{"a":{"b":"x"}}' '{"a":{"b":{"c":5}}}' '{"a":{"b":{"c":"alpha"}}}' \
    '{"a":{"b":{"c":"alpha"}}}' | "$NDC" -f a.b.c
