# --state: a run killed with SIGKILL leaves its lock file FILE.lock, with
# its pid, but no lock: the lock goes with the process.  The next run
# takes the lock file, loads the state of the last save (here the
# --checkpoint after record 1) and goes on, and removes the lock file at
# its end.  Waits poll for up to 5 seconds.
. tests/cli/lib/wait.sh
cd "$CASE_TMP" || exit 99
mkfifo in
# The shell's report of the kill ("Killed") is left out.
(
    sh -c 'echo $$ >pid; exec "$@"' sh "$NDC" -w 100 --state s \
        --checkpoint 1 <in >out 2>/dev/null
    echo $? >rc
) &
exec 3>in
printf '%s\n' '{"text":"alpha beta"}' >&3
await lines out 1 || echo "no output after 5 s"
await test -s s || echo "no state after 5 s"
kill -KILL "$(cat pid)"
await test -s rc || echo "still running 5 s after SIGKILL"
exec 3>&-
wait
echo "killed: exit $(cat rc)"
[ "$(cat s.lock)" = "$(cat pid)" ] &&
    echo "s.lock is left behind, with the pid of the killed run"
printf '%s\n' '{"text":"alpha beta"}' '{"text":"gamma"}' |
    "$NDC" -w 100 --state s
echo "the next run: exit $?"
[ -e s.lock ] && echo "s.lock is still there" || echo "s.lock is removed"
