# A field whose value is an array is read as the strings in it, joined
# with a line end; numbers, null, objects and nested arrays in it are
# skipped, and an array without a string is no text.  The same with a
# dotted path, and as one of several -f fields.
printf '%s\n' \
    '{"tags":["sony","hack","north korea"]}' \
    '{"tags":["sony",1,null,{"x":"y"},["z"],"hack","north korea"]}' \
    '{"tags":"sony hack north korea"}' \
    '{"tags":[]}' \
    '{"tags":[1,2]}' \
    '{"doc":{"tags":["sony","hack","north korea"]}}' |
    "$NDC" -f tags -f doc.tags -a score
