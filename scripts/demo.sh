#!/bin/sh
# demo.sh - cluster the bundled example and show the result, one line per
# record, in input order (make demo).
#
# usage: sh scripts/demo.sh
#
# Runs ./ndcluster -a size tests/data/demo.ndjson from the repository root
# and prints, through jq, the line number, cluster id and record id of
# each record with the start of its text; then the clusters that hold
# more than one record, and a count.  tests/data/README says what the
# records are.  Needs jq (Debian package jq; sh scripts/setup demo, which
# make demo runs, installs it).
set -eu

cd "$(dirname "$0")/.."
if [ ! -x ./ndcluster ]; then
    echo "demo.sh: ./ndcluster is not built; run make demo" >&2
    exit 1
fi
if ! command -v jq >/dev/null 2>&1; then
    echo "demo.sh: needs jq (Debian package jq); run sh scripts/setup demo" >&2
    exit 1
fi

out=$(mktemp "${TMPDIR:-/tmp}/ndc-demo.XXXXXX")
trap 'rm -f "$out"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

echo "\$ ./ndcluster -a size tests/data/demo.ndjson"
./ndcluster -a size tests/data/demo.ndjson >"$out"

cat <<'END'

Each record came back with "cluster":ID added.  ID is the line number of
the record that started its cluster.  "+N" marks a record that joined an
earlier cluster as its Nth record (from -a size: "cluster_size":N).

line  cluster  record        start of the text
END
# One line per record, 79 columns at most: 4 + 2 + 4 + 3 + 2 + 12 + 2
# + 50.
jq -r '
    def rpad($n): tostring | . + " " * ($n - length);
    def lpad($n): tostring | " " * ($n - length) + .;
    (input_line_number | lpad(4)) + "  "
    + (.cluster | lpad(4))
    + (if .cluster_size > 1 then " +" + (.cluster_size | rpad(1))
       else "   " end) + "  "
    + (.id | rpad(12)) + "  "
    + (.text | gsub("\\s+"; " ") | .[0:50] | sub(" +$"; ""))
' "$out"

echo
echo "Clusters with more than one record, by the line that started them:"
jq -rs '
    group_by(.cluster)
    | map(select(length > 1))
    | sort_by(.[0].cluster)[]
    | "  " + (.[0].cluster | tostring | " " * (4 - length) + .) + ": "
      + (map(.id) | join(", "))
' "$out"

echo
jq -rs '
    "\(length) records, \(map(.cluster) | unique | length) clusters: "
    + "\(map(select(.cluster_size > 1)) | length) records joined an "
    + "earlier one."
' "$out"
