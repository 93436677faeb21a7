# Repeated -f: the fields are joined in order into one text.  A record
# that has only some of the fields uses those.
printf '%s\n' \
    '{"title":"alpha beta","body":"gamma delta epsilon zeta eta theta iota kappa lambda mu"}' \
    '{"title":"alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu"}' \
    '{"body":"gamma delta epsilon zeta eta theta iota kappa lambda mu"}' \
    '{"title":"alpha beta"}' \
    '{"text":"alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu"}' |
    "$NDC" --shingle 1 -f title -f body
