# --time-field values that are not times: a warning naming the line and
# the value, and the record is kept in arrival order.
printf '%s\n' '{"t":{"a":1},"text":"alpha"}' '{"t":[1],"text":"alpha"}' \
    '{"t":"","text":"alpha"}' '{"t":"2024-13-45T99:00:00Z","text":"alpha"}' \
    '{"t":1e400,"text":"alpha"}' '{"t":-1e20,"text":"alpha"}' \
    '{"t":"NaN","text":"alpha"}' '{"t":true,"text":"alpha"}' |
    "$NDC" --time-field t --window-time 1h
