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
