# SIGTERM in the middle of a fast stream: ndcluster finishes the record
# at hand, writes out every record it has clustered, saves --state and
# exits 143.  The output then ends in a whole line, and the state holds
# exactly the records written: a run that loads it numbers its first
# record one past the last record written.  Waits poll for up to 5 s.
. tests/cli/lib/wait.sh
cd "$CASE_TMP" || exit 99
# An endless stream, each record a new cluster.
term_stream 'BEGIN {
    for (i = 1; ; i++)
        printf "{\"text\":\"w%d x%d y%d\"}\n", i, i, i
}' -w 100 --state s
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
