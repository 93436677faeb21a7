#!/bin/sh
# man-examples.sh - run the examples of man/ndcluster.1 against a binary.
#
# usage: sh scripts/man-examples.sh BINARY
#
# Every .Dl line under EXAMPLES in man/ndcluster.1 that starts with
# "$ ndcluster" or is a pipeline "$ ... | ndcluster ..." is an example.
# The roff escapes in it are undone (\(dq, \e, \-, \&), "$ " is dropped,
# and the word ndcluster where it runs as a command (at the start, or
# after "| ") is replaced by BINARY.  Each example then runs with sh -c
# from the repository root, stdin from /dev/null.  It passes when it
# exits 0 and prints nothing on stderr; its stdout is not checked.
# The exit status of a pipeline is that of its last command; where sh
# has "set -o pipefail" (POSIX.1-2024; bash, busybox, not dash 0.5.12)
# it is used, so that an ndcluster before a pipe that fails counts too.
# Elsewhere such a failure shows through the message ndcluster prints.
#
# Skipped, with a "skip" line: examples that follow a file with tail -F
# (or -f, or --follow, among its other options, as in tail -n 0 -F),
# which never end.
#
# The last line printed is "N passed, M failed"; the exit status is 1 if
# any example failed or none was found, 2 on a usage error.
set -eu

if [ $# -ne 1 ]; then
    echo "usage: sh scripts/man-examples.sh BINARY" >&2
    exit 2
fi
bin=$1
case $bin in
/*) ;;
*) bin=$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin") ;;
esac
if [ ! -f "$bin" ] || [ ! -x "$bin" ]; then
    echo "man-examples.sh: $bin: not an executable file" >&2
    exit 2
fi

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
page=man/ndcluster.1

work=$(mktemp -d "${TMPDIR:-/tmp}/ndc-man.XXXXXX")
trap 'rm -rf "$work"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

runner=
if command -v timeout >/dev/null 2>&1; then
    runner="timeout -k 5 ${NDC_TEST_TIMEOUT:-10}"
fi

# One example a line, as a shell command with BINARY in place.
NDC_BIN=$bin awk '
    /^\.Sh / { in_ex = ($0 == ".Sh EXAMPLES"); next }
    !in_ex || !/^\.Dl / { next }
    {
        s = substr($0, 5)
        # A fully quoted argument, as in cut.1: drop the quotes and
        # turn "" into ".
        if (s ~ /^".*"$/) {
            s = substr(s, 2, length(s) - 2)
            gsub(/""/, "\"", s)
        }
        gsub(/\\\(dq/, "\"", s)
        gsub(/\\-/, "-", s)
        gsub(/\\&/, "", s)
        gsub(/\\e/, "\\", s)
        if (s !~ /^\$ ndcluster( |$)/ && s !~ /^\$ .*\| ndcluster( |$)/)
            next
        s = substr(s, 3)
        print replace(s, ENVIRON["NDC_BIN"])
    }
    # Replaces ndcluster where it is a command: at the start of s, or
    # right after "| ".  Other occurrences (a file name) are kept.
    function replace(s, b,    out, i, w) {
        w = "ndcluster"
        out = ""
        if (substr(s, 1, length(w)) == w &&
            substr(s, length(w) + 1, 1) ~ /^( |)$/) {
            out = b
            s = substr(s, length(w) + 1)
        }
        while ((i = index(s, "| " w)) > 0) {
            out = out substr(s, 1, i + 1)
            s = substr(s, i + 2)
            if (substr(s, length(w) + 1, 1) ~ /^( |)$/) {
                out = out b
                s = substr(s, length(w) + 1)
            } else {
                out = out substr(s, 1, 1)
                s = substr(s, 2)
            }
        }
        return out s
    }
' "$page" >"$work/examples"

pipefail=
if sh -c 'set -o pipefail' 2>/dev/null; then
    pipefail='set -o pipefail; '
fi

# A tail command, then options and their numbers, then one that follows
# the file: -f, -F (alone or among other letters) or --follow.
follow_re='(^|[|;&(] *)tail( +-[^ ]*| +[+-]?[0-9]+)*'
follow_re=$follow_re' +(-[A-Za-z0-9]*[fF][A-Za-z0-9]*|--follow[^ ]*)( |$)'

passed=0
failed=0
while IFS= read -r cmd; do
    if printf '%s\n' "$cmd" | grep -Eq "$follow_re"; then
        # Follows a file forever: skipped.
        printf 'skip %s\n' "$cmd"
        continue
    fi
    rc=0
    $runner sh -c "$pipefail$cmd" >"$work/out" 2>"$work/err" </dev/null || rc=$?
    if [ "$rc" -eq 0 ] && [ ! -s "$work/err" ]; then
        printf 'ok   %s\n' "$cmd"
        passed=$((passed + 1))
        continue
    fi
    printf 'FAIL %s\n' "$cmd"
    echo "--- exit status $rc"
    if [ -s "$work/err" ]; then
        echo "--- stderr"
        sed -n '1,20p' "$work/err"
    fi
    failed=$((failed + 1))
done <"$work/examples"

if [ $((passed + failed)) -eq 0 ]; then
    echo "man-examples.sh: no examples found in $page" >&2
    failed=1
fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
