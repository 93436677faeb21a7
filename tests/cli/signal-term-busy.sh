# SIGTERM in the middle of a fast stream: ndcluster finishes the record
# at hand, writes out every record it has clustered, saves --state and
# exits 143.  The output then ends in a whole line, and the state holds
# exactly the records written: a run that loads it numbers its first
# record one past the last record written.  Waits poll for up to 5 s.
. tests/cli/lib/wait.sh
cd "$CASE_TMP" || exit 99
# An endless stream, each record a new cluster.
(
    awk 'BEGIN {
        for (i = 1; ; i++)
            printf "{\"text\":\"w%d x%d y%d\"}\n", i, i, i
    }' 2>/dev/null |
        sh -c 'echo $$ >pid; exec "$@"' sh "$NDC" -w 100 --state s >out
    echo $? >rc
) &
await lines out 1000 || echo "under 1000 records after 5 s"
await test -s pid || echo "no pid after 5 s"
kill -TERM "$(cat pid)"
await test -s rc || echo "still running 5 s after SIGTERM"
wait
echo "exit status $(cat rc)"
n=$(wc -l <out)
[ "$(tail -c 1 out | od -An -c | tr -d ' ')" = '\n' ] &&
    echo "the output ends in a whole line"
tail -n 1 out | grep -q "\"cluster\":$n}\$" &&
    echo "the last line written is record number N, N the number of lines"
printf '%s\n' '{"text":"fresh words"}' | "$NDC" -w 100 --state s >next
echo "the state loads: exit $?"
grep -q "\"cluster\":$((n + 1))}\$" next &&
    echo "the next run goes on from record N + 1" ||
    echo "the next run does not go on from N + 1 = $((n + 1)): $(cat next)"
