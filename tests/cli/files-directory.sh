# A directory operand: a message naming it, the other files are still
# read, exit status 1.
cd "$CASE_TMP" || exit 99
printf '%s\n' '{"text":"alpha beta"}' >one
printf '%s\n' '{"text":"alpha beta"}' >two
mkdir dir
"$NDC" one dir two
