# An operand that cannot be read: named, skipped, the others read,
# exit 1.
cd "$CASE_TMP" || exit 99
printf '%s\n' '{"text":"alpha beta"}' >one
cp one locked
chmod 000 locked
[ -r locked ] && exit 77
"$NDC" one locked one
