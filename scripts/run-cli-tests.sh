#!/bin/sh
# run-cli-tests.sh - run the command-line cases in tests/cli (or another
# folder of cases, such as the bad-input catalog tests/bad) against a binary.
#
# usage: sh scripts/run-cli-tests.sh [-d DIR] BINARY [NAME ...]
#
# Each case DIR/NAME.sh (DIR is tests/cli unless -d says otherwise) is a
# small sh script that runs "$NDC".  It is run from the repository root
# with stdin from /dev/null and these variables set:
#   NDC       the absolute path of BINARY (or of a valgrind wrapper)
#   CASE_TMP  an empty scratch directory, removed afterwards
# Its stdout, stderr and exit status are compared with NAME.out, NAME.err
# and NAME.exit.  A missing .out or .err means that stream must be empty; a
# missing .exit means status 0.  A case that cannot run here (for example
# one that needs a non-root user) exits 77 and is counted as skipped.
# With NAME arguments only those cases run.
#
# UPDATE=1 writes the expected files from the actual results: for the
# cases named on the command line, or, with no NAME, only for cases that
# have no .out yet.  Read every file it writes before keeping it: a golden
# file that captures a bug is worse than none.
#
# NDC_TEST_TIMEOUT (seconds, default 10) bounds each case when timeout(1)
# is available, so that a hang fails one case instead of the run.
#
# VALGRIND=1 runs ndcluster under valgrind (memcheck: no errors, no
# definite leaks) in every case without a line "# large" (those take
# minutes under valgrind); a valgrind finding changes the exit status to
# 99 and adds its report to stderr, so the case fails.
#
# The last line printed is "N passed, M failed"; the exit status is 1 if
# any case failed, 2 on a usage error.
set -eu

dir=tests/cli
if [ "${1:-}" = -d ] && [ $# -ge 2 ]; then
    dir=${2%/}
    shift 2
fi
if [ $# -lt 1 ]; then
    echo "usage: sh scripts/run-cli-tests.sh [-d DIR] BINARY [NAME ...]" >&2
    exit 2
fi

bin=$1
shift
case $bin in
/*) ;;
*) bin=$(pwd)/$bin ;;
esac
if [ ! -f "$bin" ] || [ ! -x "$bin" ]; then
    echo "run-cli-tests.sh: $bin: not an executable file" >&2
    exit 2
fi

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

update=${UPDATE:-0}
limit=${NDC_TEST_TIMEOUT:-10}
runner=
if command -v timeout >/dev/null 2>&1; then
    runner="timeout -k 5 $limit"
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/ndc-cases.XXXXXX")
trap 'rm -rf "$work"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

valgrind=${VALGRIND:-0}
ndc=$bin
if [ "$valgrind" = 1 ]; then
    if ! command -v valgrind >/dev/null 2>&1; then
        echo "run-cli-tests.sh: VALGRIND=1 but no valgrind" >&2
        exit 2
    fi
    ndc=$work/ndcluster-valgrind
    cat >"$ndc" <<END
#!/bin/sh
exec valgrind -q --error-exitcode=99 --leak-check=full \\
    --errors-for-leak-kinds=definite --show-leak-kinds=definite \\
    "$bin" "\$@"
END
    chmod +x "$ndc"
fi

if [ $# -gt 0 ]; then
    names=
    for n in "$@"; do
        n=${n##*/}
        names="$names ${n%.sh}"
    done
    named=1
else
    names=
    for f in "$dir"/*.sh; do
        [ -f "$f" ] || continue
        n=${f#"$dir"/}
        names="$names ${n%.sh}"
    done
    named=0
fi

passed=0
failed=0
skipped=0
failures=

for name in $names; do
    script=$dir/$name.sh
    exp=$dir/$name
    if [ ! -f "$script" ]; then
        echo "FAIL $name: no such case $script"
        failed=$((failed + 1))
        failures="$failures $name"
        continue
    fi
    if [ "$valgrind" = 1 ] && grep -q '^# large' "$script"; then
        echo "SKIP $name (large: not under valgrind)"
        skipped=$((skipped + 1))
        continue
    fi
    out=$work/$name.out
    err=$work/$name.err
    tmp=$work/$name.tmp
    rm -rf "$tmp"
    mkdir "$tmp"
    rc=0
    NDC=$ndc CASE_TMP=$tmp $runner sh "$script" >"$out" 2>"$err" \
        </dev/null || rc=$?
    chmod -R u+rwx "$tmp" 2>/dev/null || true
    rm -rf "$tmp"

    if [ "$rc" -eq 77 ]; then
        echo "SKIP $name"
        skipped=$((skipped + 1))
        continue
    fi

    if [ "$update" = 1 ] && { [ "$named" = 1 ] || [ ! -f "$exp.out" ]; }; then
        cp "$out" "$exp.out"
        if [ -s "$err" ]; then
            cp "$err" "$exp.err"
        else
            rm -f "$exp.err"
        fi
        if [ "$rc" -ne 0 ]; then
            echo "$rc" >"$exp.exit"
        else
            rm -f "$exp.exit"
        fi
        echo "UPDATED $name (check it by eye)"
    fi

    ok=1
    report=
    if [ -f "$exp.out" ]; then
        if ! cmp -s "$exp.out" "$out"; then
            ok=0
            report="$report stdout"
        fi
    elif [ -s "$out" ]; then
        ok=0
        report="$report stdout"
    fi
    if [ -f "$exp.err" ]; then
        if ! cmp -s "$exp.err" "$err"; then
            ok=0
            report="$report stderr"
        fi
    elif [ -s "$err" ]; then
        ok=0
        report="$report stderr"
    fi
    want=0
    if [ -f "$exp.exit" ]; then
        want=$(tr -d ' \t\r\n' <"$exp.exit")
    fi
    if [ "$rc" != "$want" ]; then
        ok=0
        report="$report exit"
    fi

    if [ "$ok" = 1 ]; then
        echo "ok   $name"
        passed=$((passed + 1))
        continue
    fi
    echo "FAIL $name:$report"
    failed=$((failed + 1))
    failures="$failures $name"
    : >"$work/empty"
    for stream in out err; do
        case $report in
        *std$stream*) ;;
        *) continue ;;
        esac
        want_file=$exp.$stream
        [ -f "$want_file" ] || want_file=$work/empty
        echo "--- std$stream: diff expected actual"
        diff -u "$want_file" "$work/$name.$stream" | sed -n '3,80p' || true
    done
    case $report in
    *exit*)
        echo "--- exit status: expected $want, got $rc"
        if [ "$rc" = 124 ] && [ -n "$runner" ]; then
            echo "    (124: stopped after ${limit}s by timeout)"
        fi
        ;;
    esac
done

if [ "$skipped" -gt 0 ]; then
    echo "$skipped skipped"
fi
if [ "$failed" -gt 0 ]; then
    echo "failed:$failures"
fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
