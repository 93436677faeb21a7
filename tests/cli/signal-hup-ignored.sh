# A SIGHUP ignored when ndcluster starts, as under nohup(1), stays
# ignored: ndcluster goes on reading after one, and ends when its input
# does, with exit status 0 and the state saved.  Waits poll for up to
# 5 seconds.
. tests/cli/lib/wait.sh
cd "$CASE_TMP" || exit 99
mkfifo in
(
    sh -c 'echo $$ >pid; trap "" HUP; exec "$@"' sh \
        "$NDC" -w 100 --state s <in >out
    echo $? >rc
) &
exec 3>in
printf '%s\n' '{"text":"alpha beta"}' >&3
await lines out 1 || echo "no output after 5 s"
await test -s pid || echo "no pid after 5 s"
kill -HUP "$(cat pid)"
printf '%s\n' '{"text":"alpha beta"}' >&3
await lines out 2 && echo "a record after SIGHUP is read" ||
    echo "no record read after SIGHUP"
exec 3>&-
await test -s rc || echo "still running 5 s after the input ended"
wait
echo "exit status $(cat rc)"
cat out
[ -f s ] && echo "state saved" || echo "no state"
