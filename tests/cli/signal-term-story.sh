# SIGTERM mid-run in story mode with --state: the record at hand is
# finished, the output ends in a whole line, the state is saved and
# the next run goes on from it.
. tests/cli/lib/wait.sh
cd "$CASE_TMP" || exit 99
term_stream 'BEGIN {
    for (i = 1; ; i++)
        printf "{\"text\":\"storm w%d coast x%d\"}\n", i, i % 97
}' -m story -w 100 --state s
[ "$(tail -c 1 out | od -An -c | tr -d ' ')" = '\n' ] &&
    echo "the output ends in a whole line"
n=$(wc -l <out)
printf '%s\n' '{"text":"fresh words"}' | "$NDC" -m story -w 100 --state s \
    -a new >next
echo "the state loads: exit $?"
grep -q "\"cluster\":$((n + 1)),\"cluster_new\":true}\$" next &&
    echo "the next run goes on from record N + 1" ||
    echo "the next run does not go on from N + 1 = $((n + 1)): $(cat next)"
