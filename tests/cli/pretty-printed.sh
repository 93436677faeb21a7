# Pretty-printed JSON (jq . without -c) is refused line by line, as ever,
# and the first line that starts an object or array across lines ('{' or
# '[' alone, or a short line that starts with one and ends in '{', '[',
# ',' or ':') gets one hint that the input must be one object per line.
# A line torn at a random byte, or a compact record after garbage, gets
# none.
printf '%s\n' '{' '  "text": "a b"' '}' '{' '  "text": "c d"' '}' | "$NDC"
echo "exit $?"
printf '%s\n' '[' '  {' '    "text": "a b"' '  }' ']' | "$NDC" --strict
echo "exit $?"
printf '%s\n' '{"text": "a b",' '  "id": 1}' | "$NDC"
echo "exit $?"
printf '%s\n' '{"text":"a b"' '{"text":"a b"},' '{"text":"a b"}' | "$NDC"
echo "exit $?"
