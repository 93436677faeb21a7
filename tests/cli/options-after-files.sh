# Options may follow file operands, as in GNU tools (even with
# POSIXLY_CORRECT set: options-posixly-correct); "--" ends the options,
# so a file named "-u" can be read.
cd "$CASE_TMP" || exit 99
printf '%s\n' '{"text":"alpha"}' '{"text":"alpha"}' '{"text":"beta"}' >a
cp a ./-u
echo "a -u:"
"$NDC" a -u
echo "-- -u:"
"$NDC" -- -u
