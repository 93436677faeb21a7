# --checkpoint: the state is saved while the input is still open, not only
# at the end.  With --checkpoint 1 the first record is in the state file
# as soon as it is written out: a second ndcluster that loads a copy of it
# (taken while the first still waits for input) knows that record.  With
# --checkpoint 1s, a state is saved once a second has passed and more
# records came, again before the input ends.  Each wait polls for up to
# 5 seconds.
. tests/cli/lib/wait.sh
cd "$CASE_TMP" || exit 99
mkfifo in1 in2

"$NDC" -w 100 --state s1 --checkpoint 1 <in1 >out1 &
pid=$!
exec 3>in1
printf '%s\n' '{"text":"alpha beta"}' >&3
await test -e s1 && echo "--checkpoint 1: state saved while the input is open" ||
    echo "--checkpoint 1: no state after 5 s"
cp s1 copy
printf '%s\n' '{"text":"alpha beta"}' '{"text":"gamma"}' >&3
exec 3>&-
wait "$pid"
echo "--checkpoint 1: exit $?"
cat out1
echo "the copy taken after record 1 loads, knows it and goes on from 2:"
printf '%s\n' '{"text":"alpha beta"}' '{"text":"delta"}' |
    "$NDC" -w 100 --state copy
echo "exit $?"

"$NDC" -w 100 --state s2 --checkpoint 1s <in2 >out2 &
pid=$!
exec 3>in2
awk 'BEGIN { for (i = 1; i <= 300; i++) printf "{\"text\":\"w%d\"}\n", i }' >&3
sleep 1.5
awk 'BEGIN { for (i = 1; i <= 300; i++) printf "{\"text\":\"v%d\"}\n", i }' >&3
await test -e s2 && echo "--checkpoint 1s: state saved while the input is open" ||
    echo "--checkpoint 1s: no state after 5 s"
exec 3>&-
wait "$pid"
echo "--checkpoint 1s: exit $?, $(wc -l <out2) records"
