# -w 1, the smallest window: each record is compared with the one before
# it only.
printf '%s\n' \
    '{"text":"alpha beta gamma"}' \
    '{"text":"delta epsilon zeta"}' \
    '{"text":"alpha beta gamma"}' \
    '{"text":"alpha beta gamma"}' | "$NDC" -w 1
