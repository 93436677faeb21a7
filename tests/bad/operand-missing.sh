# Missing operands, before and after a good one: each named, exit 1.
cd "$CASE_TMP" || exit 99
printf '%s\n' '{"text":"alpha beta"}' >one
"$NDC" nothing one "no such"
