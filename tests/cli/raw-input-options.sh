# -R with --stats (an empty line counts as no_text, not blank),
# --unbuffered (each record can be read back while ndcluster waits for
# more input, over FIFOs; a hang means a record was held back) and
# --checkpoint (a state saved while the input is still open, which a
# second run loads).  Each wait polls for up to 5 seconds.
. tests/cli/lib/wait.sh
cd "$CASE_TMP" || exit 99
printf '%s\n' 'alpha beta gamma' '' 'alpha beta gamma' 'delta' |
    "$NDC" -R --stats 2>err
echo "--stats: exit $?"
sed -e 's/"seconds":[0-9]*\.[0-9][0-9]*,/"seconds":S,/' \
    -e 's/"records_per_s":[0-9][0-9]*,/"records_per_s":R,/' \
    -e 's/"bytes_per_window_record":[0-9][0-9]*}$/"bytes_per_window_record":B}/' \
    err

mkfifo in out
"$NDC" -R --unbuffered <in >out &
pid=$!
exec 3>in 4<out
printf '%s\n' 'alpha beta' >&3
IFS= read -r line <&4
echo "--unbuffered: read: $line"
printf '%s\n' 'alpha beta' >&3
IFS= read -r line <&4
echo "--unbuffered: read: $line"
exec 3>&- 4<&-
wait "$pid"
echo "--unbuffered: exit $?"

mkfifo in2
"$NDC" -R -w 100 --state s --checkpoint 1 <in2 >out2 &
pid=$!
exec 3>in2
printf '%s\n' 'alpha beta' >&3
await test -e s && echo "--checkpoint 1: state saved while the input is open" ||
    echo "--checkpoint 1: no state after 5 s"
cp s copy
exec 3>&-
wait "$pid"
echo "--checkpoint 1: exit $?"
printf '%s\n' 'alpha beta' 'gamma' | "$NDC" -R -w 100 --state copy
echo "the copy loads: exit $?"
