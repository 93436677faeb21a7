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
