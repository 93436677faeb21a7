# Without --unbuffered, the output is flushed whenever ndcluster is about
# to wait for input, so each record of a live feed shows at once (as in
# tail -F feed | ndcluster).  A hang here means a record was held back.
cd "$CASE_TMP" || exit 99
mkfifo in out
"$NDC" <in >out &
pid=$!
exec 3>in 4<out
printf '%s\n' '{"text":"alpha beta"}' >&3
IFS= read -r line <&4
echo "read: $line"
printf '%s\n' '{"text":"gamma delta"}' '{"text":"alpha beta"}' >&3
IFS= read -r line <&4
echo "read: $line"
IFS= read -r line <&4
echo "read: $line"
exec 3>&-
IFS= read -r line <&4 || echo "end of output"
exec 4<&-
wait "$pid"
