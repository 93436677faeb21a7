# SIGTERM while ndcluster waits for more input: it writes out what it
# has, saves --state, and exits 143 (128 + 15) by itself, without waiting
# for the input to end.  The state it saved loads: a second run with the
# same options goes on with the record numbers.  Waits poll for up to
# 5 seconds.
. tests/cli/lib/wait.sh
cd "$CASE_TMP" || exit 99
env --default-signal=TERM true 2>/dev/null || exit 77
signal_waiting TERM -w 100
printf '%s\n' '{"text":"alpha beta"}' | "$NDC" -w 100 -a match,size --state s
echo "the state loads: exit $?"
"$NDC" -w 100 --state s </dev/null
echo "and again on /dev/null: exit $?"
