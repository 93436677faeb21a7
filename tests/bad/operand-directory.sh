# A directory operand: named, skipped, the others read, exit 1.
cd "$CASE_TMP" || exit 99
printf '%s\n' '{"text":"alpha beta"}' >one
mkdir dir
"$NDC" dir one dir
