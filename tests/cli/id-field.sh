# --id-field PATH with -a match: KEY_match is the matched record's own id
# (string or number, as JSON), or null when that record has none.
printf '%s\n' \
    '{"id":"a1","text":"alpha beta gamma delta"}' \
    '{"id":"a2","text":"alpha beta gamma delta"}' \
    '{"id":17,"text":"epsilon zeta eta theta"}' \
    '{"id":18,"text":"epsilon zeta eta theta"}' \
    '{"text":"iota kappa lambda mu"}' \
    '{"id":"c2","text":"iota kappa lambda mu"}' \
    '{"id":"n1"}' |
    "$NDC" --id-field id -a match,new
