# --unbuffered: the output is the same, and each record can be read back
# while ndcluster still waits for more input (a two-way conversation over
# FIFOs; a hang here means a record was held back).
"$NDC" tests/data/basic.ndjson >"$CASE_TMP/ref"
"$NDC" --unbuffered tests/data/basic.ndjson >"$CASE_TMP/unbuf"
cmp -s "$CASE_TMP/ref" "$CASE_TMP/unbuf" && echo "same output as without"
cd "$CASE_TMP" || exit 99
mkfifo in out
"$NDC" --unbuffered <in >out &
pid=$!
exec 3>in 4<out
printf '%s\n' '{"text":"alpha beta"}' >&3
IFS= read -r line <&4
echo "read: $line"
printf '%s\n' '{"text":"gamma delta"}' >&3
IFS= read -r line <&4
echo "read: $line"
exec 3>&-
IFS= read -r line <&4 || echo "end of output"
exec 4<&-
wait "$pid"
