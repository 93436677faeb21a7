#!/bin/sh
# fuzz.sh - seed and run the libFuzzer targets of tests/fuzz/ (make fuzz).
#
# usage: sh scripts/fuzz.sh SECONDS NDCLUSTER FUZZ_BUILD TARGET ...
#
# For each TARGET (cli, state, assign) it first runs the saved
# reproducers in tests/fuzz/regress/TARGET once, then fuzzes
# FUZZ_BUILD/fuzz_TARGET for SECONDS seconds from the corpus kept in
# FUZZ_BUILD/corpus/TARGET plus seeds made afresh from the tests:
#   cli     two option bytes (see tests/fuzz/fuzz_cli.c), then a few
#           lines of the JSON records in tests/data (all but the long
#           articles of demo.ndjson) and in the cases of tests/cli and
#           tests/bad
#   state   state files that NDCLUSTER saves with the six settings of
#           tests/fuzz/fuzz_state.c, both whole (raw) and as bodies
#           (framed)
#   assign  eight option bytes (see tests/fuzz/fuzz_assign.c), then
#           records
# FUZZ_JOBS (default 1) targets run at once.  A finding is saved in
# FUZZ_BUILD/artifacts; the log of each target is FUZZ_BUILD/TARGET.log.
# Prints the executions of each target and in all; exits 1 if any target
# found anything.
set -eu

if [ $# -lt 4 ]; then
    echo "usage: sh scripts/fuzz.sh SECONDS NDCLUSTER FUZZ_BUILD TARGET ..." >&2
    exit 2
fi
secs=$1
ndc=$2
fb=$3
shift 3
jobs=${FUZZ_JOBS:-1}
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

seeds=$fb/seeds
rm -rf "$seeds"
mkdir -p "$seeds/cli" "$seeds/state" "$seeds/assign" "$fb/artifacts"

# ---- seeds ----

# Every JSON record in the test data and cases, one a line.
pool=$seeds/pool
{
    for f in tests/data/*.ndjson; do
        [ "$f" = tests/data/demo.ndjson ] || cat "$f"
    done
    cat tests/cli/*.sh tests/bad/*.sh 2>/dev/null |
        grep -o "'{[^']*}'" | tr -d "'" || true
} >"$pool"

# Writes a seed: the bytes of printf format $2, then lines $3..$4 of
# the pool, to file $1.
seed() {
    { printf "$2"; sed -n "$3,$4p" "$pool"; } >"$1"
}

n=$(wc -l <"$pool")
i=1
k=0
while [ "$i" -le "$n" ]; do
    j=$((i + 7))
    # options: near; story with -a; -u and --id-field; the lot
    seed "$seeds/cli/s$k-a" '\000\003' "$i" "$j"
    seed "$seeds/cli/s$k-b" '\003\002' "$i" "$j"
    seed "$seeds/cli/s$k-c" '\014\001' "$i" "$j"
    seed "$seeds/cli/s$k-d" '\377\377' "$i" "$j"
    seed "$seeds/cli/s$k-e" '\130\003' "$i" "$j"
    seed "$seeds/assign/s$k-a" '\000\007\077\017\140\001\000\001' "$i" "$j"
    seed "$seeds/assign/s$k-b" '\001\007\017\017\100\002\007\201' "$i" "$j"
    seed "$seeds/assign/s$k-c" '\004\003\177\007\377\003\062\103' "$i" "$j"
    i=$((j + 1))
    k=$((k + 1))
done

# State files of the six settings of fuzz_state.c, which must match
# set_args there.
state_args() {
    case $1 in
    0) echo "-w4 --perm=16 --bands=4 --id-field=id" ;;
    1) echo "-w50 --perm=8 --bands=8 --shingle=2" ;;
    2) echo "-mstory -w4 --id-field=id" ;;
    3) echo "-mstory -w50 --time-field=t --window-time=1h --decay=1h" \
        "-ftitle:2 -ftext" ;;
    4) echo "-mtemplate -w4 --id-field=id" ;;
    5) echo "-mtemplate -w50 --time-field=t --window-time=1h" ;;
    esac
}
# The first byte of a seed: set 0-3 as itself, 4 and 5 as 8 and 9 (bit
# 3 chooses the template settings); raw adds 4.
set_byte() {
    if [ "$1" -ge 4 ]; then echo $((8 + $1 - 4)); else echo "$1"; fi
}
for set in 0 1 2 3 4 5; do
    for len in 0 3 20; do
        s=$seeds/state/tmp
        rm -f "$s"
        if [ "$len" -gt 0 ]; then
            head -n "$len" "$pool" | sed 's/}$/,"t":1714557600}/'
        fi >"$seeds/state/in"
        # word splitting of the arguments is intended
        # shellcheck disable=SC2046
        "$ndc" $(state_args "$set") --state "$s" "$seeds/state/in" \
            >/dev/null 2>&1 || true
        [ -s "$s" ] || { echo "fuzz.sh: no state saved for set $set" >&2
            exit 1; }
        size=$(wc -c <"$s")
        # raw: the set's byte + 4, then the file; framed: the set's byte,
        # then the bytes between the 24-byte header and the 8-byte
        # checksum.
        b=$(set_byte "$set")
        { printf "\\$(printf %03o $((b + 4)))"; cat "$s"; } \
            >"$seeds/state/raw$set-$len"
        { printf "\\$(printf %03o "$b")"
          dd if="$s" bs=1 skip=24 count=$((size - 32)) 2>/dev/null; } \
            >"$seeds/state/framed$set-$len"
    done
done
rm -f "$seeds/state/tmp" "$seeds/state/in" "$pool"

# ---- runs ----

# Fuzzes one target; writes its executions to $fb/$1.runs.
run_target() {
    t=$1
    bin=$fb/fuzz_$t
    log=$fb/$t.log
    corpus=$fb/corpus/$t
    mkdir -p "$corpus"
    : >"$fb/$t.runs"
    if [ -d "tests/fuzz/regress/$t" ] &&
        [ -n "$(ls "tests/fuzz/regress/$t" 2>/dev/null)" ]; then
        if ! "$bin" -runs=0 -close_fd_mask=3 "tests/fuzz/regress/$t" \
            >"$log" 2>&1; then
            echo "fuzz_$t: a reproducer in tests/fuzz/regress/$t fails" \
                "again; see $log"
            return 1
        fi
    fi
    # Short inputs run faster and reach as far in these two; the state
    # seeds of story mode are 1 MB.
    case $t in
    cli | assign) maxlen=-max_len=2048 ;;
    *) maxlen=-max_len=2000000 ;;
    esac
    if "$bin" -max_total_time="$secs" -timeout=20 -rss_limit_mb=4096 "$maxlen" \
        -close_fd_mask=3 -print_final_stats=1 \
        -artifact_prefix="$fb/artifacts/$t-" "$corpus" "$seeds/$t" \
        >"$log" 2>&1; then
        status=ok
    else
        status=FAILED
    fi
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" |
        tail -n 1)
    echo "${runs:-0}" >"$fb/$t.runs"
    echo "fuzz_$t: ${runs:-0} executions in $secs s: $status"
    if [ "$status" != ok ]; then
        grep -E 'ERROR|fuzz check failed|SUMMARY|Test unit written' \
            "$log" | head -n 8 | sed 's/^/    /'
        return 1
    fi
}

failed=0
pids=
running=0
for t in "$@"; do
    if [ "$jobs" -le 1 ]; then
        run_target "$t" || failed=1
        continue
    fi
    (run_target "$t") &
    pids="$pids $!"
    running=$((running + 1))
    if [ "$running" -ge "$jobs" ]; then
        for p in $pids; do
            wait "$p" || failed=1
        done
        pids=
        running=0
    fi
done
for p in $pids; do
    wait "$p" || failed=1
done

total=0
for t in "$@"; do
    r=$(cat "$fb/$t.runs" 2>/dev/null || echo 0)
    total=$((total + ${r:-0}))
done
echo "fuzz: $total executions in all"
if [ "$failed" -ne 0 ]; then
    echo "fuzz: FAILED; inputs saved in $fb/artifacts" >&2
    exit 1
fi
