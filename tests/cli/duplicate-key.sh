# A duplicate key takes the last value, as in jq.
printf '%s\n' \
    '{"text":"alpha beta","text":null}' \
    '{"text":null,"text":"alpha beta"}' \
    '{"text":"gamma delta","text":"alpha beta"}' | "$NDC"
