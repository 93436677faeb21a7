# Different short words never share a term id: "canada" and "senate" (or
# "hotel" and "voter") are packed bytes whose halves once collided.
printf '%s\n' '{"text":"Canada hotel prices"}' '{"text":"Senate voter rules"}' \
    '{"text":"canada"}' '{"text":"senate"}' | "$NDC" -m story -t 0.01
