# wait.sh - polling helpers for the CLI cases that wait on a background
# ndcluster; sourced (". tests/cli/lib/wait.sh") from the repository root
# before a case changes folder.  Not a case itself: the runner takes only
# tests/cli/*.sh.

# Waits up to 5 s for command "$@" to succeed; true if it does.
await() {
    i=0
    until "$@"; do
        [ "$i" -lt 50 ] || return 1
        sleep 0.1
        i=$((i + 1))
    done
}

# True if file $1 exists and has at least $2 lines.
lines() {
    [ -f "$1" ] && [ "$(wc -l <"$1")" -ge "$2" ]
}

# Runs $NDC with arguments "$@" on the endless stream of records that
# the awk program $1 prints, into out, its exit status into rc; once
# 1000 lines are out, sends it SIGTERM and waits for it to end.
term_stream() {
    prog=$1
    shift
    (
        awk "$prog" 2>/dev/null |
            sh -c 'echo $$ >pid; exec "$@"' sh "$NDC" "$@" >out
        echo $? >rc
    ) &
    await lines out 1000 || echo "under 1000 records after 5 s"
    await test -s pid || echo "no pid after 5 s"
    kill -TERM "$(cat pid)"
    await test -s rc || echo "still running 5 s after SIGTERM"
    wait
    echo "exit status $(cat rc)"
}

# Runs $NDC with arguments "$@" on a fifo that stays open, with --state
# s and SIGNAL at its default (as in a terminal: env --default-signal);
# once two records are out, sends it SIGNAL and reports its exit status
# (still waiting for input), its output and whether the state was saved.
signal_waiting() {
    sig=$1
    shift
    mkfifo in
    # The subshell records ndcluster's pid and, once it ends, its status.
    # (A status of 128 + signal alone would not tell a caught signal from
    # a kill; the state file, saved only at exit here, does.)
    (
        sh -c 'echo $$ >pid; exec env --default-signal="$0" "$@"' "$sig" \
            "$NDC" "$@" --state s <in >out
        echo $? >rc
    ) &
    exec 3>in
    printf '%s\n' '{"text":"alpha beta"}' '{"text":"alpha beta"}' >&3
    await lines out 2 || echo "no output after 5 s"
    await test -s pid || echo "no pid after 5 s"
    kill -"$sig" "$(cat pid)"
    if await test -s rc; then
        echo "exit status $(cat rc), with the input still open"
    else
        echo "still running 5 s after SIG$sig"
    fi
    exec 3>&-
    wait
    cat out
    [ -f s ] && echo "state saved" || echo "no state"
}
