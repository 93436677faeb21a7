# A JSON value that is not an object (array, number, string, null,
# boolean) is refused, naming what was found.
printf '%s\n' \
    '[1,2]' \
    '42' \
    '-1.5e3' \
    '"a string"' \
    'null' \
    'true' \
    ' [{"text":"alpha"}]' \
    '{"text":"alpha"}' | "$NDC"
