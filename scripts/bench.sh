#!/bin/sh
# bench.sh - ndcluster's speed and memory next to cat, a yajl parse-only
# reader and jq, on generated inputs; every figure is a ratio taken in
# the same run, so that machines and days compare.
#
#   sh scripts/bench.sh [BINARY]        (make bench)
#   BENCH_OLD=OLDBINARY sh scripts/bench.sh [BINARY]
#
# Inputs, generated deterministically (scripts/gen-ndjson.sh, awk):
#   news        60 MB of 3 KB news-like records, 30 percent near-copies
#   short       1M records of 5 to 30 words
#   logs        2M log-like lines from 40 templates with variable fields
#   logs-mixed  304000 real log lines: the 16000 lines of the eight systems
#               of ../shared/data/logs (BENCH_DATA=DIR for another data
#               directory), interleaved in blocks of 100 lines as make
#               eval's logs-mixed set, 19 times over; the first copy as
#               it is, the later ones with every run of digits in the
#               message rewritten (same number of digits, a value from
#               the copy and the line), so that no copy repeats another
#               byte for byte; "line" numbers the whole feed.  Without
#               the data directory this input is skipped, and said so.
# Commands: cat, yajl parse-only, jq -c ., then ndcluster -m near and
# -m story -f text on news and short, each also with -j 2 (two threads
# preparing lines); -m near, story and template
# -f message on logs; -m near and template -f message on logs-mixed.
# For each input and command: seconds (fastest of RUNS, default 3: on a
# shared machine one run can be 10 to 30 percent slower than the next;
# the runs go round the commands, so that drift skews no ratio),
# MB/s, records/s, and speed as a multiple of yajl parse-only and of jq.
# After logs-mixed, the target of template mode: at least 3 x jq -c . on
# a mixed log feed of at least 300000 lines, met or not.
# Then, on the short records: resident memory per window record (peak
# RSS at -w 150000 minus peak RSS at -w 1000, over the 149000 records
# between), and time at -w 150000 over time at -w 1000, for -m near and
# -m story.  A command that exits other than 0 ends the bench.
# Last, the targets of issue 16 from those figures, met or not: -j 2
# over -j 1 (news 1.7, short 1.5), near mode 2 x jq -c . and story mode
# 1 x on every input, near mode 0.5 x yajl on the news, bytes per window
# record (near 500, story 800) and the time ratio of the window sizes
# (1.15).
#
# BENCH_OLD names an older ndcluster (make bench BENCH_OLD=...) to time
# beside BINARY: every round runs each mode of the old one right after the
# same mode of the new one, the table gains its rows and the new/old time
# ratio per mode (below 1: the new one is faster), and the window figures
# gain its line and the new/old ratios.  A mode that the old one lacks
# (an ndcluster before -m template) is timed for the new one alone.
# Build it with the same CC and CFLAGS.  Unset or empty: BINARY alone.
#
# Needs cc, pkg-config and libyajl-dev (to build the parse-only reader
# from scripts/yajl-parse.c), jq, and GNU time (/usr/bin/time) for the
# memory figures; all are Debian packages.  BENCH_QUICK=1 uses a tenth
# of each input (logs-mixed then falls short of the target's 300000
# lines, and says so).
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

# logs-mixed: see above.  The message of each line is cut once into the
# text between its runs of digits (escapes, \uXXXX among them, kept
# whole); each copy joins the pieces again with its own digits.
data=${BENCH_DATA:-$here/../../shared/data}
mixed_target=300000
sets="news short logs"
# The systems in byte order of their names (BGL HDFS HPC Hadoop ...), as
# eval.py sorts them; the names hold no blanks.
logfiles=
if [ -d "$data/logs" ]; then
    logfiles=$(cd "$data/logs" && for f in *.ndjson; do
        [ -f "$f" ] && echo "$f"; done | LC_ALL=C sort)
fi
if [ -n "$logfiles" ]; then
    # shellcheck disable=SC2086
    (cd "$data/logs" && awk -v n=$((mixed_target / scale)) '
    FNR == 1 { nf++; first[nf] = nt + 1 }
    { text[++nt] = $0; cnt[nf] = FNR; if (FNR > longest) longest = FNR }
    # Cut line l into line m: head[m] (the line up to the message but
    # for {"line": N, which numbered[m] says it begins with), then
    # piece[at[m] + 0 .. runs[m]] with the runs of digits between them,
    # width and orig[at[m] + k] the kth run.  Flat arrays, and no sub(),
    # which mawk 1.3.4 runs some thousand times slower than match().
    function cut(l,    c, k, i, d, cur, len) {
        m++
        at[m] = np + 0
        numbered[m] = match(l, /^[{]"line": *[0-9]+/)
        if (numbered[m])
            l = substr(l, RLENGTH + 1)
        if (!match(l, /"message": *"/)) {
            head[m] = l; piece[np++] = ""; runs[m] = 0
            return
        }
        head[m] = substr(l, 1, RSTART + RLENGTH - 1)
        l = substr(l, RSTART + RLENGTH)
        len = length(l); k = 0; cur = ""; i = 1
        while (i <= len) {
            c = substr(l, i, 1)
            if (c == "\\") {
                d = (substr(l, i + 1, 1) == "u") ? 6 : 2
                cur = cur substr(l, i, d); i += d
            } else if (c == "\"") {
                break
            } else if (c ~ /[0-9]/) {
                piece[np + k] = cur; cur = ""; k++
                d = i
                while (substr(l, i, 1) ~ /[0-9]/) i++
                width[np + k] = i - d; orig[np + k] = substr(l, d, i - d)
            } else {
                cur = cur c; i++
            }
        }
        piece[np + k] = cur substr(l, i); runs[m] = k; np += k + 1
    }
    # w digits for run k of line i in copy r, the first not 0 when the
    # original is not: a few steps of an LCG from r, i and k.
    function digits(r, i, k, w, lead,    v, s) {
        v = ((r * 7919 + i) * 104729 + k * 15485863) % 2147483647
        v = (v * 48271) % 2147483647
        v = (v * 48271) % 2147483647
        s = sprintf("%09d", v % 1000000000)
        while (length(s) < w) {
            v = (v * 48271) % 2147483647
            s = s sprintf("%09d", v % 1000000000)
        }
        s = substr(s, 1, w)
        if (w > 1 && lead != "0" && substr(s, 1, 1) == "0")
            s = "1" substr(s, 2)
        return s
    }
    END {
        for (b = 0; b < longest; b += 100)
            for (f = 1; f <= nf; f++)
                for (j = b + 1; j <= b + 100 && j <= cnt[f]; j++)
                    cut(text[first[f] + j - 1])
        out = 0
        for (r = 0; out < n; r++)
            for (i = 1; i <= m; i++) {
                out++
                p = at[i]
                l = (numbered[i] ? "{\"line\": " out : "") head[i] piece[p]
                for (k = 1; k <= runs[i]; k++)
                    l = l (r ? digits(r, i, k, width[p + k], \
                        substr(orig[p + k], 1, 1)) : orig[p + k]) piece[p + k]
                print l
            }
    }' $logfiles) > "$dir/logs-mixed"
    if [ "$("$dir/yajl-parse" < "$dir/logs-mixed")" != \
        "$(wc -l < "$dir/logs-mixed" | tr -d ' ')" ]; then
        echo "bench.sh: logs-mixed: not every line is JSON" >&2
        exit 1
    fi
    sets="$sets logs-mixed"
else
    echo "bench.sh: no $data/logs (the labelled data is not part of the" \
        "repository): no logs-mixed input; the synthetic logs stay"
fi

# One run of "$@" < $in, in nanoseconds; "failed" when it exits other
# than 0 (for ndcluster, 1 is refused lines), so that no failed run is
# timed as a fast one.
once() {
    t0=$(date +%s%N)
    if "$@" < "$in" > /dev/null; then
        t1=$(date +%s%N)
        echo $((t1 - t0))
    else
        echo "bench.sh: $* < $(basename "$in"): exit $?" >&2
        echo failed
    fi
}

# The smaller of $1 (empty: none yet) and $2; a failed run ends the
# bench (through set -e: least runs in the substitution of an assignment).
least() {
    case $2 in ''|*[!0-9]*) exit 1 ;; esac
    if [ -z "$1" ] || [ "$2" -lt "$1" ]; then echo "$2"; else echo "$1"; fi
}

row() {
    awk -v name="$1" -v ns="$2" -v bytes="$bytes" -v recs="$records" \
        -v jq="$t_jq" -v yajl="$t_yajl" 'BEGIN {
        s = ns / 1e9
        printf "  %-26s %8.3f s %8.1f MB/s %10.0f rec/s %6.2f x yajl " \
            "%6.2f x jq\n", name, s, bytes / 1e6 / s, recs / s, yajl / ns,
            jq / ns
    }'
}

# $1 / $2, three decimals.
ratio() {
    awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", b ? a / b : 0 }'
}

# Notes a target of issue 16 for the summary at the end: what, the
# figure, the bound, and "max" if the figure must stay at or below it.
target() {
    awk -v w="$1" -v v="$2" -v b="$3" -v max="${4:-}" 'BEGIN {
        ok = max == "max" ? v + 0 <= b + 0 : v + 0 >= b + 0
        printf "  %-44s %9.3f  %s %-6s %s\n", w, v, max == "max" ? "<=" : \
            ">=", b, ok ? "met" : "NOT MET"
    }' >> "$dir/targets"
}

# Whether $1 has mode $2 (an older binary may lack template).
has_mode() {
    "$1" -m "$2" </dev/null >/dev/null 2>&1
}
if [ -n "$old" ]; then
    old_modes=
    for m in near story template; do
        if has_mode "$old" "$m"; then
            old_modes="$old_modes $m"
        else
            echo "old ndcluster has no -m $m: timed for the new one alone"
        fi
    done
fi

# field, t and t_MODE are set and read through eval.
# shellcheck disable=SC2034,SC2154
for set in $sets; do
    in=$dir/$set
    bytes=$(wc -c < "$in")
    records=$(wc -l < "$in")
    case $set in
    logs) field=message modes="near story template" jmodes= ;;
    logs-mixed) field=message modes="near template" jmodes= ;;
    *) field=text modes="near story" jmodes="near story" ;;
    esac
    echo "$set: $records records, $bytes bytes"
    # Round by round, each command once a round: a machine that speeds
    # up or slows down over the minutes then skews no ratio.  t_MODE and
    # o_MODE hold the fastest run of the new and the old binary.
    t_cat= t_yajl= t_jq=
    for m in $modes; do
        eval "t_$m= o_$m= j_$m="
    done
    for _ in $(seq "$runs"); do
        t_cat=$(least "$t_cat" "$(once cat)")
        t_yajl=$(least "$t_yajl" "$(once "$dir/yajl-parse")")
        t_jq=$(least "$t_jq" "$(once jq -c .)")
        for m in $modes; do
            eval "t_$m=\$(least \"\$t_$m\" \
                \"\$(once \"\$bin\" -m $m -f \"\$field\")\")"
            case " ${old_modes:-} " in *" $m "*)
                eval "o_$m=\$(least \"\$o_$m\" \
                    \"\$(once \"\$old\" -m $m -f \"\$field\")\")" ;;
            esac
        done
        for m in $jmodes; do
            eval "j_$m=\$(least \"\$j_$m\" \
                \"\$(once \"\$bin\" -j 2 -m $m -f \"\$field\")\")"
        done
    done
    row "cat" "$t_cat"
    row "yajl parse-only" "$t_yajl"
    row "jq -c ." "$t_jq"
    for m in $modes; do
        eval "row \"ndcluster -m $m\" \"\$t_$m\""
        eval "t=\$t_$m"
        [ "$m" = template ] ||
            target "$set: -m $m over jq -c ." "$(ratio "$t_jq" "$t")" \
                "$([ "$m" = story ] && echo 1 || echo 2)"
        if [ "$set" = news ] && [ "$m" = near ]; then
            target "news: -m near over yajl parse-only" \
                "$(ratio "$t_yajl" "$t")" 0.5
        fi
    done
    for m in $jmodes; do
        eval "j=\$j_$m t=\$t_$m"
        row "ndcluster -j 2 -m $m" "$j"
        target "$set: -m $m -j 2 over -j 1" "$(ratio "$t" "$j")" \
            "$([ "$set" = news ] && echo 1.7 || echo 1.5)"
    done
    if [ -n "$old" ]; then
        ratios=
        for m in $modes; do
            eval "o=\$o_$m t=\$t_$m"
            [ -n "$o" ] || continue
            row "old ndcluster -m $m" "$o"
            ratios="$ratios${ratios:+, }$(awk -v m="$m" -v t="$t" -v o="$o" \
                'BEGIN { printf "-m %s %.3f", m, t / o }')"
        done
        [ -z "$ratios" ] || echo "  new/old time: $ratios"
    fi
    if [ "$set" = logs-mixed ]; then
        awk -v jq="$t_jq" -v ns="$t_template" -v recs="$records" \
            -v want="$mixed_target" 'BEGIN {
            x = jq / ns
            if (recs + 0 < want + 0)
                verdict = "not measured (too few lines)"
            else
                verdict = x >= 3 ? "met" : "NOT MET"
            printf "  target: -m template >= 3 x jq -c . on a mixed log " \
                "feed of >= %d lines: %.2f x jq on %d lines: %s\n", want,
                x, recs, verdict
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
            target "short: -m $m bytes per window record" \
                "$(awk -v b="$r_big" -v s="$r_small" \
                'BEGIN { printf "%.1f", (b - s) * 1024 / 149000 }')" \
                "$([ "$m" = near ] && echo 500 || echo 800)" max
            target "short: -m $m time -w 150000 over -w 1000" \
                "$(ratio "$t_big" "$t_small")" 1.15 max
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

if [ -s "$dir/targets" ]; then
    echo "targets (issue 16), from the figures above:"
    cat "$dir/targets"
fi
