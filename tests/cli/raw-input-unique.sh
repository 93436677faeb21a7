# -R -u writes only the first line of each cluster, as objects, and the
# lines without text; the others still take their numbers, so the
# cluster ids are the line numbers of the first lines.
printf '%s\n' \
    'disk sda full on host a1' \
    'disk sdb full on host a1' \
    'user bob logged in' \
    '' \
    'disk sda full on host a1' \
    'user alice logged in' \
    'kernel panic' |
    "$NDC" -R -u -t 0.3
