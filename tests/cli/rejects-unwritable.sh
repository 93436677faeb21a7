# A --rejects file that cannot be created: a message naming it, exit
# status 1, nothing written.
cd "$CASE_TMP" || exit 99
printf '%s\n' '{"text":"alpha"}' | "$NDC" --rejects no-dir/rejects
