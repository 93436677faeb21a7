# Invalid JSON: refused with a message naming the line, not written; the
# other lines are processed; exit status 1.
printf '%s\n' \
    '{"text":"alpha"}' \
    '{"a":1,}' \
    '{a:1}' \
    "{'a':1}" \
    '{"a":tru}' \
    '{"text":"beta"}' | "$NDC"
