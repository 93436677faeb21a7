# SIGHUP (the terminal or the session went away) while ndcluster waits
# for more input: as for SIGTERM, it writes out what it has, saves
# --state, and exits 129 (128 + 1) without waiting for the input to end.
# The state it saved loads: a second run with the same options goes on
# with the record numbers.  ndcluster is started with SIGHUP at its
# default, in case the tests run under nohup (env --default-signal, GNU
# coreutils 8.31 and later; skipped without it).  Waits poll for up to
# 5 seconds.
. tests/cli/lib/wait.sh
cd "$CASE_TMP" || exit 99
env --default-signal=HUP true 2>/dev/null || exit 77
mkfifo in
# The subshell records ndcluster's pid and, once it ends, its status.
# (A status of 128 + signal alone would not tell a caught signal from a
# kill; the state file, saved only at exit here, does.)
(
    sh -c 'echo $$ >pid; exec env --default-signal=HUP "$@"' sh \
        "$NDC" -w 100 --state s <in >out
    echo $? >rc
) &
exec 3>in
printf '%s\n' '{"text":"alpha beta"}' '{"text":"alpha beta"}' >&3
await lines out 2 || echo "no output after 5 s"
await test -s pid || echo "no pid after 5 s"
kill -HUP "$(cat pid)"
if await test -s rc; then
    echo "exit status $(cat rc), with the input still open"
else
    echo "still running 5 s after SIGHUP"
fi
exec 3>&-
wait
cat out
[ -f s ] && echo "state saved" || echo "no state"
printf '%s\n' '{"text":"alpha beta"}' | "$NDC" -w 100 -a match,size --state s
echo "the state loads: exit $?"
