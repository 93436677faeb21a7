# --id-field through a non-object: the match is reported as null.
printf '%s\n' '{"id":{"x":"k1"},"text":"alpha beta"}' \
    '{"id":"flat","text":"alpha beta"}' '{"id":[1],"text":"alpha beta"}' |
    "$NDC" --id-field id.x -a match
