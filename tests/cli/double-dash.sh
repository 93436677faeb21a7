# -- ends the options: a file named like an option is read as a file,
# and - after -- is still stdin.
cd "$CASE_TMP" || exit 99
printf '%s\n' '{"text":"alpha beta"}' '{"text":"alpha beta"}' >-u
printf '%s\n' '{"text":"gamma delta"}' | "$NDC" -- -u -
