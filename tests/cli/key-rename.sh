# -k NAME renames the member added (and the -a members).  An existing
# member of that name is replaced; a "cluster" member is then just data.
printf '%s\n' \
    '{"group":"old","cluster":"keep me","text":"alpha beta gamma"}' \
    '{"text":"alpha beta gamma","group":7}' |
    "$NDC" --key group -a size
