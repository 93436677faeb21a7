#!/bin/sh
# bench.sh - ndcluster's speed and memory next to cat, a yajl parse-only
# reader and jq, on generated inputs; every figure is a ratio taken in
# the same run, so that machines and days compare.
#
#   sh scripts/bench.sh [BINARY]        (make bench)
#   BENCH_OLD=OLDBINARY sh scripts/bench.sh [BINARY]
#
# Inputs, generated deterministically (scripts/gen-ndjson.sh, awk):
#   news   60 MB of 3 KB news-like records, 30 percent near-copies
#   short  1M records of 5 to 30 words
#   logs   2M log-like lines from 40 templates with variable fields
# For each input and command: seconds (fastest of RUNS, default 3: on a
# shared machine one run can be 10 to 30 percent slower than the next;
# the runs go round the commands, so that drift skews no ratio),
# MB/s, records/s, and speed as a multiple of yajl parse-only and of jq.
# Then, on the short records: resident memory per window record (peak
# RSS at -w 150000 minus peak RSS at -w 1000, over the 149000 records
# between), and time at -w 150000 over time at -w 1000, per mode.
#
# BENCH_OLD names an older ndcluster (make bench BENCH_OLD=...) to time
# beside BINARY: every round runs each mode of the old one right after the
# same mode of the new one, the table gains its rows and the new/old time
# ratio per mode (below 1: the new one is faster), and the window figures
# gain its line and the new/old ratios.  Build it with the same CC and
# CFLAGS.  Unset or empty: BINARY alone, as before.
#
# Needs cc, pkg-config and libyajl-dev (to build the parse-only reader
# from scripts/yajl-parse.c), jq, and GNU time (/usr/bin/time) for the
# memory figures; all are Debian packages.  BENCH_QUICK=1 uses a tenth
# of each input.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
bin=${1:-./ndcluster}
case $bin in /*) ;; *) bin=$(pwd)/$bin ;; esac
old=${BENCH_OLD:-}
if [ -n "$old" ]; then
    case $old in /*) ;; *) old=$(pwd)/$old ;; esac
    if [ ! -f "$old" ] || [ ! -x "$old" ]; then
        echo "bench.sh: BENCH_OLD: $old: not an executable file" >&2
        exit 2
    fi
fi
runs=${RUNS:-3}
scale=1
[ "${BENCH_QUICK:-0}" = 1 ] && scale=10
dir=$(mktemp -d "${TMPDIR:-/tmp}/ndc-bench.XXXXXX")
trap 'rm -rf "$dir"' EXIT INT TERM

# shellcheck disable=SC2046
cc -O2 -o "$dir/yajl-parse" "$here/yajl-parse.c" \
    $(pkg-config --cflags --libs yajl 2>/dev/null || echo -lyajl)

sh "$here/gen-ndjson.sh" $((60 / scale)) 3000 30 > "$dir/news"
sh "$here/gen-short.sh" $((1000000 / scale)) > "$dir/short"
awk -v n=$((2000000 / scale)) 'BEGIN {
    srand(11)
    for (i = 0; i < 40; i++)
        tpl[i] = sprintf("component%d: %s %s", i % 7, \
            (i % 3 ? "request from" : "block"), \
            (i % 2 ? "finished in" : "stored at"))
    for (i = 1; i <= n; i++) {
        t = int(rand() * rand() * 40)
        printf "{\"line\":%d,\"level\":\"INFO\",\"message\":\"%s " \
            "10.%d.%d.%d %dms id=%x\"}\n", i, tpl[t], int(rand() * 255), \
            int(rand() * 255), int(rand() * 255), int(rand() * 900), \
            int(rand() * 4294967295)
    }
}' > "$dir/logs"

# One run of "$@" < $in, in nanoseconds.
once() {
    t0=$(date +%s%N)
    "$@" < "$in" > /dev/null
    t1=$(date +%s%N)
    echo $((t1 - t0))
}

# The smaller of $1 (empty: none yet) and $2.
least() {
    if [ -z "$1" ] || [ "$2" -lt "$1" ]; then echo "$2"; else echo "$1"; fi
}

row() {
    awk -v name="$1" -v ns="$2" -v bytes="$bytes" -v recs="$records" \
        -v jq="$t_jq" -v yajl="$t_yajl" 'BEGIN {
        s = ns / 1e9
        printf "  %-22s %8.3f s %8.1f MB/s %10.0f rec/s %6.2f x yajl " \
            "%6.2f x jq\n", name, s, bytes / 1e6 / s, recs / s, yajl / ns,
            jq / ns
    }'
}

for set in news short logs; do
    in=$dir/$set
    bytes=$(wc -c < "$in")
    records=$(wc -l < "$in")
    field=text
    [ "$set" = logs ] && field=message
    echo "$set: $records records, $bytes bytes"
    # Round by round, each command once a round: a machine that speeds
    # up or slows down over the minutes then skews no ratio.
    t_cat= t_yajl= t_jq= t_near= t_story= o_near= o_story=
    for _ in $(seq "$runs"); do
        t_cat=$(least "$t_cat" "$(once cat)")
        t_yajl=$(least "$t_yajl" "$(once "$dir/yajl-parse")")
        t_jq=$(least "$t_jq" "$(once jq -c .)")
        t_near=$(least "$t_near" "$(once "$bin" -m near -f "$field")")
        if [ -n "$old" ]; then
            o_near=$(least "$o_near" "$(once "$old" -m near -f "$field")")
        fi
        t_story=$(least "$t_story" "$(once "$bin" -m story -f "$field")")
        if [ -n "$old" ]; then
            o_story=$(least "$o_story" \
                "$(once "$old" -m story -f "$field")")
        fi
    done
    row "cat" "$t_cat"
    row "yajl parse-only" "$t_yajl"
    row "jq -c ." "$t_jq"
    row "ndcluster -m near" "$t_near"
    row "ndcluster -m story" "$t_story"
    if [ -n "$old" ]; then
        row "old ndcluster -m near" "$o_near"
        row "old ndcluster -m story" "$o_story"
        awk -v tn="$t_near" -v on="$o_near" -v ts="$t_story" \
            -v os="$o_story" 'BEGIN {
            printf "  new/old time: -m near %.3f, -m story %.3f\n",
                tn / on, ts / os
        }'
    fi
done

if [ -x /usr/bin/time ]; then
    in=$dir/short
    records=$(wc -l < "$in")
    if [ "$records" -ge 150000 ]; then
        echo "short, window size: -w 150000 against -w 1000"
        # Peak resident KB of $1 at -w $2.
        rss() {
            /usr/bin/time -f %M "$1" -m "$m" -w "$2" < "$in" \
                2>&1 >/dev/null | tail -1
        }
        # One line of figures: label, RSS and time at -w 150000 and 1000.
        window_row() {
            awk -v m="$1" -v w="$width" -v rb="$2" -v rs="$3" -v tb="$4" \
                -v ts="$5" 'BEGIN {
                printf "  %-" w "s %6.0f bytes of RSS per window record, " \
                    "time ratio %.3f (%.3f s / %.3f s)\n", m,
                    (rb - rs) * 1024 / 149000, tb / ts, tb / 1e9, ts / 1e9
            }'
        }
        width=6
        [ -n "$old" ] && width=10
        for m in near story; do
            r_big=$(rss "$bin" 150000)
            r_small=$(rss "$bin" 1000)
            t_big= t_small=
            if [ -n "$old" ]; then
                o_r_big=$(rss "$old" 150000)
                o_r_small=$(rss "$old" 1000)
                o_big= o_small=
            fi
            for _ in $(seq "$runs"); do
                t_big=$(least "$t_big" "$(once "$bin" -m "$m" -w 150000)")
                if [ -n "$old" ]; then
                    o_big=$(least "$o_big" \
                        "$(once "$old" -m "$m" -w 150000)")
                fi
                t_small=$(least "$t_small" "$(once "$bin" -m "$m" -w 1000)")
                if [ -n "$old" ]; then
                    o_small=$(least "$o_small" \
                        "$(once "$old" -m "$m" -w 1000)")
                fi
            done
            window_row "$m" "$r_big" "$r_small" "$t_big" "$t_small"
            if [ -n "$old" ]; then
                window_row "old $m" "$o_r_big" "$o_r_small" "$o_big" \
                    "$o_small"
                awk -v nb="$r_big" -v ns="$r_small" -v ob="$o_r_big" \
                    -v os="$o_r_small" -v nt="$t_big" -v ot="$o_big" \
                    -v w="$width" 'BEGIN {
                    printf "  %-" w "s RSS per window record %.3f, " \
                        "time at -w 150000 %.3f\n", "new/old",
                        (ob - os) ? (nb - ns) / (ob - os) : 0, nt / ot
                }'
            fi
        done
    else
        echo "short: fewer than 150000 records (BENCH_QUICK); no memory figures"
    fi
else
    echo "no /usr/bin/time (Debian package time): no memory figures"
fi
