# - reads stdin in its place among the files; messages call it <stdin>.
cd "$CASE_TMP" || exit 99
printf '%s\n' '{"text":"alpha beta"}' >one
printf '%s\n' '{"text":"gamma delta"}' >two
printf '%s\n' '{"text":"gamma delta"}' 'nope' '{"text":"alpha beta"}' |
    "$NDC" one - two
