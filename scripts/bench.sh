#!/bin/sh
# bench.sh - ndcluster's speed next to cat and jq on the same input.
#
#   sh scripts/bench.sh [BINARY]
#
# Generates a 60 MB file of 3 KB news-like records with 30 percent
# near-copies (scripts/gen-ndjson.sh, deterministic), then times each
# command five times and keeps the fastest run: on a shared machine one
# run can be 10 to 30 percent slower than the next.  Every figure is
# reported next to the others from the same run: MB/s, and ndcluster's
# speed as a multiple of jq's.  Needs jq (Debian package jq).
set -eu
bin=${1:-./ndcluster}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT INT TERM
in=$dir/news.ndjson
sh "$(dirname "$0")/gen-ndjson.sh" 60 3000 30 > "$in"
bytes=$(wc -c < "$in")
records=$(wc -l < "$in")

# Fastest of five runs of "$@" < input, in seconds.
best() {
    b=
    for _ in 1 2 3 4 5; do
        t0=$(date +%s%N)
        "$@" < "$in" > /dev/null
        t1=$(date +%s%N)
        t=$((t1 - t0))
        if [ -z "$b" ] || [ "$t" -lt "$b" ]; then b=$t; fi
    done
    echo "$b"
}

t_cat=$(best cat)
t_jq=$(best jq -c .)
t_near=$(best "$bin")
t_near_small=$(best "$bin" -w 1000)

row() {
    awk -v name="$1" -v ns="$2" -v bytes="$bytes" -v recs="$records" \
        -v jq="$t_jq" 'BEGIN {
        s = ns / 1e9
        printf "%-28s %8.3f s %9.1f MB/s %10.0f rec/s %7.2f x jq\n",
            name, s, bytes / 1e6 / s, recs / s, jq / ns
    }'
}
echo "input: $records records, $bytes bytes (3 KB records, 30% near-copies)"
row "cat" "$t_cat"
row "jq -c ." "$t_jq"
row "ndcluster (near, -w 100000)" "$t_near"
row "ndcluster (near, -w 1000)" "$t_near_small"
