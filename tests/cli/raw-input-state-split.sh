# -R with --state: the lines of tests/data/demo.ndjson, read as text (an
# empty line and one with invalid UTF-8 among them), cut in two and run
# as two runs that carry the window over in a state file, write exactly
# what one run writes: record numbers, cluster ids and -a
# score,match,new,size continue, in both modes, with a window that is
# full when the state is saved (-w 8) and one that is not.  A state made
# with -R is then refused without it.
demo=$(pwd)/tests/data/demo.ndjson
cd "$CASE_TMP" || exit 99
{
    head -n 10 "$demo"
    printf '\n'
    printf 'caf\351 \377 latin-1\n'
    tail -n +11 "$demo"
} >in
for m in near story; do
    for w in 1000 8; do
        set -- -R -m "$m" -w "$w" -a score,match,new,size
        rm -f state
        "$NDC" "$@" in >one
        head -n 17 in | "$NDC" "$@" --state state >two
        echo "-m $m -w $w: first half: exit $?"
        tail -n +18 in | "$NDC" "$@" --state state >>two
        echo "-m $m -w $w: second half: exit $?"
        n=$(wc -l <two)
        if cmp -s one two; then
            echo "-m $m -w $w: $((n)) lines, identical"
        else
            echo "-m $m -w $w: $((n)) lines, differ"
        fi
    done
done
echo "without -R:"
printf '%s\n' '{"text":"alpha beta"}' | "$NDC" -m story -w 8 --state state
echo "exit $?"
