# --state: tests/data/demo.ndjson cut in two and run as two runs that carry
# the window over in a state file writes exactly what one run writes:
# record numbers, cluster ids, -a score,match,new,size and the ids of
# --id-field all continue, in both modes.  With -w 8 the window is full
# when the state is saved, so the second run also evicts what the first
# one left (and -w 8 and -w 1000 give different output).
demo=$(pwd)/tests/data/demo.ndjson
cd "$CASE_TMP" || exit 99
for m in near story; do
    for w in 1000 8; do
        set -- -m "$m" -w "$w" -a score,match,new,size --id-field id
        rm -f state
        "$NDC" "$@" "$demo" >one
        head -n 17 "$demo" | "$NDC" "$@" --state state >two
        echo "-m $m -w $w: first half: exit $?"
        tail -n +18 "$demo" | "$NDC" "$@" --state state >>two
        echo "-m $m -w $w: second half: exit $?"
        n=$(wc -l <two)
        if cmp -s one two; then
            echo "-m $m -w $w: $((n)) records, identical"
        else
            echo "-m $m -w $w: $((n)) records, differ"
        fi
    done
done
