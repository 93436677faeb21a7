# A duplicate key takes its last value (as jq); a duplicate cluster key
# is removed in all its copies and written once.
printf '%s\n' '{"text":"alpha beta","text":"gamma delta"}' \
    '{"text":"gamma delta"}' \
    '{"cluster":1,"text":"x y","cluster":2}' \
    '{"cluster_size":9,"text":"x y","cluster":{"deep":[1]}}' |
    "$NDC" -a size
