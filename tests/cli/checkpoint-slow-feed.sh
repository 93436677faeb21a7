# --checkpoint DUR on a slow feed saves at the first line read once DUR
# has passed, not only every so many lines: six records half a second
# apart with --checkpoint 1s leave a state file before the input ends.
cd "$CASE_TMP" || exit 99
(for i in 1 2 3 4 5 6; do echo "{\"text\":\"r$i\"}"; sleep 0.5; done) |
    "$NDC" -w 100 --state s --checkpoint 1s >/dev/null &
i=0
until [ -f s ] || [ "$i" -ge 28 ]; do sleep 0.1; i=$((i + 1)); done
[ -f s ] && echo "state saved while the input was open" ||
    echo "no state before the input ended"
wait
