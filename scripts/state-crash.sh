#!/bin/sh
# state-crash.sh - kills ndcluster with SIGKILL at random moments while it
# checkpoints its --state file, and checks that the file it leaves, if
# any, always loads: a save is a temporary file beside the state, fsync
# and rename, so a crash leaves the old state or the new one, never a
# torn one.
#
#   sh scripts/state-crash.sh [BINARY]          (default ./ndcluster)
#
# Input: 60 MB of 3 KB news-like records (scripts/gen-ndjson.sh 60 3000
# 30).  Then 20 rounds; each starts
#   BINARY -m MODE --state S --checkpoint 2000 -w 20000 INPUT > /dev/null
# in the background, sleeps 0.05 to 0.45 s (near) or 3 s (story), kills
# it with SIGKILL and waits.
# Odd rounds start without a state, even rounds keep the one before; the
# mode is near for rounds 1-2, story for 3-4, and so on, so that a kept
# state is always of the same mode.  After the kill:
#   - temporary files S.XXXXXX of the killed run are reported, and must
#     not be taken for the state;
#   - if S exists, BINARY -m MODE --checkpoint 2000 -w 20000 --state S
#     < /dev/null must exit 0 (it loads S and saves it again), and leave
#     no temporary file of its own behind;
# then the crash's temporary files are deleted.  A run that ends before
# its kill must have exited 0.  The sleeps come from awk's srand seeded
# with the round, so every run of the script kills at the same moments
# (what ndcluster has done by then still depends on the machine).
# Scratch goes in a folder under ${TMPDIR:-/tmp}, removed at the end.
# Exit status: 0 if every round passed, 1 otherwise.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
bin=${1:-./ndcluster}
case $bin in /*) ;; *) bin=$(pwd)/$bin ;; esac
rounds=20
if [ ! -x "$bin" ]; then
    echo "state-crash.sh: $bin: no such program (run make first)" >&2
    exit 1
fi
dir=$(mktemp -d "${TMPDIR:-/tmp}/stc-crash.XXXXXX")
pid=
cleanup() {
    if [ -n "$pid" ]; then
        kill -9 "$pid" 2>/dev/null || true
    fi
    rm -rf "$dir"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

sh "$here/gen-ndjson.sh" 60 3000 30 > "$dir/input"
state=$dir/S

# The temporary files beside the state, one a line, sorted.
temps() {
    for f in "$state".??????; do
        [ -e "$f" ] && echo "$f"
    done | sort
}

loaded=0
nostate=0
failed=0
killed=0
i=1
while [ "$i" -le "$rounds" ]; do
    if [ $(((i - 1) / 2 % 2)) -eq 0 ]; then mode=near; else mode=story; fi
    if [ $((i % 2)) -eq 1 ]; then
        rm -f "$state"
        start=fresh
    else
        start=kept
    fi
    # near mode reads the input in about half a second, story mode in a
    # few: sleep within each one's run, so that the kill lands mid-run
    span=2.95
    [ "$mode" = near ] && span=0.4
    pause=$(awk -v r="$i" -v s="$span" 'BEGIN {
        srand(r); printf "%.2f", 0.05 + rand() * s }')
    "$bin" -m "$mode" --state "$state" --checkpoint 2000 -w 20000 \
        "$dir/input" > /dev/null 2> "$dir/run.err" &
    pid=$!
    sleep "$pause"      # fractional seconds: coreutils and busybox sleep
    how=killed
    kill -9 "$pid" 2>/dev/null || how=finished
    status=0
    { wait "$pid" || status=$?; } 2>/dev/null     # no "Killed" from sh
    pid=
    problem=
    if [ "$status" -eq 0 ]; then
        how=finished    # done before the kill, or a zombie by then
    elif [ "$how" = killed ] && [ "$status" -eq 137 ]; then
        killed=$((killed + 1))
    else
        # it ended by itself, or before the kill landed, and failed
        how="exit $status"
        problem="the run failed: $(head -c 300 "$dir/run.err" | tr '\n' ' ')"
    fi
    temps > "$dir/crash.tmp"
    n_tmp=$(wc -l < "$dir/crash.tmp" | tr -d ' ')
    have=no
    if [ -e "$state" ]; then
        have=yes
        size=$(wc -c < "$state" | tr -d ' ')
        if "$bin" -m "$mode" --checkpoint 2000 -w 20000 --state "$state" \
            < /dev/null > /dev/null 2> "$dir/load.err"; then
            result="loaded ok"
        else
            result="LOAD FAILED: $(head -c 300 "$dir/load.err" | tr '\n' ' ')"
            problem=${problem:-x}
        fi
        temps > "$dir/after.tmp"
        extra=$(comm -13 "$dir/crash.tmp" "$dir/after.tmp" | wc -l |
            tr -d ' ')
        if [ "$extra" -ne 0 ]; then
            result="$result, $extra temporary file(s) left by the load"
            problem=${problem:-x}
        fi
    else
        size=0
        result="no state yet"
    fi
    if [ "$n_tmp" -gt 0 ]; then
        result="$result; $n_tmp temporary file(s) of the crash, deleted"
        xargs rm -f < "$dir/crash.tmp"
    fi
    printf 'round %2d  %-5s  %-5s  sleep %4ss  %-8s  state %9s bytes  %s\n' \
        "$i" "$mode" "$start" "$pause" "$how" "$size" "$result"
    if [ -n "$problem" ]; then
        if [ "$problem" != x ]; then
            echo "    $problem"
        fi
        failed=$((failed + 1))
    elif [ "$have" = no ]; then
        nostate=$((nostate + 1))
    else
        loaded=$((loaded + 1))
    fi
    i=$((i + 1))
done
echo "$killed of $rounds runs killed mid-run, the others had finished"
echo "$rounds rounds, $loaded loaded, $nostate had no state yet," \
    "$failed failed"
[ "$failed" -eq 0 ]
