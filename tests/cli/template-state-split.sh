# -m template with --state: tests/data/loghub.log cut in two and run as
# two runs that carry the window over in a state file writes exactly what
# one run writes (ids, scores, templates), with a window that is full
# when the state is saved (-w 8) and one that is not; as JSON records
# and as text (-R).
log=$(pwd)/tests/data/loghub.log
cd "$CASE_TMP" || exit 99
sed 's/.*/{"message":"&"}/' "$log" >json
for input in raw json; do
    if [ "$input" = raw ]; then
        src=$log
        set -- -R
    else
        src=json
        set -- -f message
    fi
    for w in 1000 8; do
        rm -f state
        "$NDC" "$@" -m template -w "$w" -a score,new,size,template "$src" >one
        head -n 17 "$src" | "$NDC" "$@" -m template -w "$w" \
            -a score,new,size,template --state state >two
        echo "$input -w $w: first half: exit $?"
        tail -n +18 "$src" | "$NDC" "$@" -m template -w "$w" \
            -a score,new,size,template --state state >>two
        echo "$input -w $w: second half: exit $?"
        if cmp -s one two; then
            echo "$input -w $w: $(wc -l <two) lines, identical"
        else
            echo "$input -w $w: $(wc -l <two) lines, differ"
        fi
    done
done
echo "in near mode:"
printf '%s\n' 'disk sda1 full' | "$NDC" -R -w 8 --state state
echo "exit $?"
