# An unreadable file: a message naming it, the other files are still
# read, exit status 1.  Skipped when running as root (it stays readable).
cd "$CASE_TMP" || exit 99
printf '%s\n' '{"text":"alpha beta"}' >one
printf '%s\n' '{"text":"alpha beta"}' >two
printf '%s\n' '{"text":"gamma"}' >locked
chmod 000 locked
if [ -r locked ]; then
    exit 77
fi
"$NDC" one locked two
