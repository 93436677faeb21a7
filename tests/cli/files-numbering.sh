# Several files are one stream: record numbers (and so cluster ids) run on
# across files, refused and blank lines take none, and each message names
# the file and its own line number.
cd "$CASE_TMP" || exit 99
printf '%s\n' '{"text":"alpha"}' '[1]' '{"text":"beta"}' >a
printf '%s\n' 'x' '{"text":"gamma"}' '{"text":"alpha"}' >b
printf '%s\n' '' '{"text":"beta"}' 'null' '{"text":"delta"}' >c
"$NDC" a b c
