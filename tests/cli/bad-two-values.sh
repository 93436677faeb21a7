# Two JSON values on one line are refused, with or without space.
printf '%s\n' \
    '{"a":1}{"b":2}' \
    '{"a":1} {"b":2}' \
    '{"a":1}	[2]' \
    '{"a":3}' | "$NDC"
