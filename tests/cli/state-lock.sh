# --state: while one ndcluster uses a state file, a second one with the
# same --state is refused at start, before it reads any input: exit
# status 1 and a message that names the file and the pid of the process
# that holds it (shown here as PID, checked against the first one's).
# The file is left as the first run has it.  The lock is FILE.lock,
# removed when the first run ends; a run after it goes on from the
# first one's records.  Waits poll for up to 5 seconds.
. tests/cli/lib/wait.sh
cd "$CASE_TMP" || exit 99
printf '%s\n' '{"text":"alpha beta"}' | "$NDC" -w 100 --state s >/dev/null
echo "made: exit $?"
mkfifo in
(
    sh -c 'echo $$ >pid; exec "$@"' sh "$NDC" -w 100 --state s <in >out
    echo $? >rc
) &
exec 3>in
printf '%s\n' '{"text":"alpha beta"}' >&3
await lines out 1 || echo "no output after 5 s"
await test -s pid || echo "no pid after 5 s"
cp s s.orig
echo "a second run on the same --state:"
printf '%s\n' '{"text":"gamma delta"}' | "$NDC" -w 100 --state s 2>err
echo "exit $?"
sed "s/ $(cat pid),/ PID,/" err >&2
cmp -s s s.orig && echo "file unchanged" || echo "file changed"
exec 3>&-
await test -s rc || echo "the first run still runs 5 s after its input ended"
wait
echo "the first run: exit $(cat rc)"
cat out
echo "in the folder: $(ls | grep '^s' | tr '\n' ' ')"
printf '%s\n' '{"text":"epsilon"}' | "$NDC" -w 100 --state s
echo "the run after it: exit $?"
