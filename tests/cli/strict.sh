# --strict stops at the first refused line: what came before is written,
# nothing after it is read (not even the next file), exit status 1.
cd "$CASE_TMP" || exit 99
printf '%s\n' '{"text":"alpha"}' '[1]' '{"text":"beta"}' >one
printf '%s\n' '{"text":"gamma"}' >two
"$NDC" --strict --rejects rej one two
rc=$?
echo "rejects:"
cat rej
exit $rc
