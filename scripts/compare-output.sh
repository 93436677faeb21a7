#!/bin/sh
# compare-output.sh - runs the ndcluster of an older commit and the current
# one over the same inputs and compares what they write, byte for byte: a
# restructuring or a speed-up must not move a single cluster id.
#
# usage: sh scripts/compare-output.sh [-hk] COMMIT [NEWBIN]
#
#   -h      print this text and exit
#   -k      keep the scratch folder and print its path
#
# COMMIT (a hash, a tag, HEAD~3: anything git rev-parse takes) is exported
# with git archive into a scratch folder under ${TMPDIR:-/tmp} and built
# there with make -j2; the repository itself is not touched.  The new side
# is NEWBIN when given, otherwise ./ndcluster after make -j2 in this tree.
# Both binaries are copied first, so that a rebuild during the run cannot
# mix two builds.  Each case runs both with the same arguments, the input
# on stdin, and compares their stdout and exit status with cmp (stderr is
# kept, not compared).  One line a case, "same  CASE" or "DIFF  CASE", then
# the count.
#
# Cases.  DATA is $NDC_DATA, by default ../shared/data from the repository
# root; a file's text field F is text when its first record has one, else
# title or message (headlines, logs).  For every DATA/*.ndjson and
# DATA/logs/*.ndjson:
#   -m near and -m story, at the defaults (field text);
#   -m near -f F and -m story -f F, when F is not text;
#   -a score,match,new,size --id-field id [-f F], both modes, when the
#     records have an id;
#   -m story [-f F] --time-field time, and --window-time 72h --time-field
#     time [-f F] in both modes, when the records have a time.
# Generated as scripts/bench.sh does, so they need no DATA: 12 MB of bench
# news (scripts/gen-ndjson.sh 12 3000 30) and 200000 bench short records,
# both modes.
# Resumption, the new binary against itself: the first half of a file with
# --state S, then the second half with the same S; the two outputs end to
# end must equal one run over the whole file.  On the articles (with -a and
# --id-field id), the headlines (-f title --time-field time --window-time
# 72h -a new) and the short records, both modes.
# Cases whose data is missing are skipped, and the run says so.
#
# With -k the scratch folder keeps both builds, the inputs, and for case N
# cases/N.case (its name) and cases/N.{old,new}.{out,err,rc}.
# Exit status: 0 if every case is the same, 1 if one differs or a build
# fails, 2 on a usage error.
set -eu

usage() {
    echo "usage: sh scripts/compare-output.sh [-hk] COMMIT [NEWBIN]"
}

keep=0
while getopts hk opt; do
    case $opt in
    h)
        usage
        exit 0
        ;;
    k) keep=1 ;;
    *)
        usage >&2
        exit 2
        ;;
    esac
done
shift $((OPTIND - 1))
if [ $# -lt 1 ] || [ $# -gt 2 ]; then
    usage >&2
    exit 2
fi
commit=$1
newbin=${2:-}
case $newbin in
'' | /*) ;;
*) newbin=$(pwd)/$newbin ;;
esac
if [ -n "$newbin" ] && { [ ! -f "$newbin" ] || [ ! -x "$newbin" ]; }; then
    echo "compare-output.sh: $newbin: not an executable file" >&2
    exit 2
fi

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
data=${NDC_DATA:-../shared/data}
if ! rev=$(git rev-parse --verify --quiet "$commit^{commit}"); then
    echo "compare-output.sh: $commit: not a commit of $root" >&2
    exit 2
fi
started=$(date +%s)

dir=$(mktemp -d "${TMPDIR:-/tmp}/ndc-compare.XXXXXX")
cleanup() {
    if [ "$keep" = 1 ]; then
        echo "kept $dir"
    else
        rm -rf "$dir"
    fi
}
trap cleanup EXIT
trap 'exit 1' INT TERM
mkdir "$dir/src" "$dir/cases"

# make -j2 in $1, its output in $2; on failure show the end of it and
# stop.  $3 names what is built.
build() {
    if ! make -C "$1" -j2 > "$2" 2>&1; then
        tail -n 20 "$2" >&2
        echo "compare-output.sh: $3 does not build (its log: $2," \
            "kept with -k)" >&2
        exit 1
    fi
}

echo "old: $commit ($(git rev-parse --short "$rev")), built in $dir/src"
git archive --format=tar "$rev" | tar -xf - -C "$dir/src"
build "$dir/src" "$dir/old-build.log" "commit $commit"
cp "$dir/src/ndcluster" "$dir/old"
if [ -z "$newbin" ]; then
    echo "new: ./ndcluster, make -j2 in $root"
    build "$root" "$dir/new-build.log" "the current tree"
    newbin=$root/ndcluster
else
    echo "new: $newbin"
fi
cp "$newbin" "$dir/new"

n=0
n_same=0
n_diff=0
n_skip=0

# Case files: cases/N.{old,new}.{out,err,rc}, the case's name in N.case.
next_case() {
    n=$((n + 1))
    out=$dir/cases/$n
    printf '%s\n' "$1" > "$out.case"
}

# run TAG BIN INPUT ARGS...: BIN ARGS < INPUT into $out.TAG.{out,err,rc}.
run() {
    r_tag=$1
    r_bin=$2
    r_in=$3
    shift 3
    r_rc=0
    "$r_bin" "$@" < "$r_in" > "$out.$r_tag.out" 2> "$out.$r_tag.err" ||
        r_rc=$?
    echo "$r_rc" > "$out.$r_tag.rc"
}

# Compares $out.old.* with $out.new.* and prints the verdict on case $1.
verdict() {
    if cmp -s "$out.old.out" "$out.new.out" &&
        cmp -s "$out.old.rc" "$out.new.rc"; then
        printf 'same  %s\n' "$1"
        n_same=$((n_same + 1))
    else
        printf 'DIFF  %s\n' "$1"
        v_out=same
        if ! cmp -s "$out.old.out" "$out.new.out"; then
            v_out=$(cmp "$out.old.out" "$out.new.out" 2>&1 | head -n 1 |
                sed "s|$dir/cases/||g")
        fi
        printf '      exit %s, then %s; stdout: %s\n' \
            "$(cat "$out.old.rc")" "$(cat "$out.new.rc")" "$v_out"
        n_diff=$((n_diff + 1))
    fi
}

# compare INPUT NAME ARGS...: the old and the new binary, ARGS < INPUT.
compare() {
    c_in=$1
    c_name=$2
    shift 2
    next_case "$c_name $*"
    run old "$dir/old" "$c_in" "$@"
    run new "$dir/new" "$c_in" "$@"
    verdict "$c_name $*"
}

# resume INPUT NAME ARGS...: the new binary over the first half of INPUT
# with --state, then the second half with the same state (together the
# "old" side, its exit status the larger of the two), against one run over
# all of INPUT.
resume() {
    s_in=$1
    s_name=$2
    shift 2
    next_case "resume --state: $s_name $*"
    s_half=$(($(wc -l < "$s_in") / 2))
    head -n "$s_half" "$s_in" > "$dir/first"
    tail -n +$((s_half + 1)) "$s_in" > "$dir/second"
    rm -f "$dir/state"
    run first "$dir/new" "$dir/first" --state "$dir/state" "$@"
    run second "$dir/new" "$dir/second" --state "$dir/state" "$@"
    for s_ext in out err; do
        cat "$out.first.$s_ext" "$out.second.$s_ext" > "$out.old.$s_ext"
        rm -f "$out.first.$s_ext" "$out.second.$s_ext"
    done
    sort -n "$out.first.rc" "$out.second.rc" | tail -n 1 > "$out.old.rc"
    rm -f "$out.first.rc" "$out.second.rc"
    run new "$dir/new" "$s_in" "$@"
    verdict "resume --state: $s_name $*"
}

# The text field of the file $1 (text, title or message) from its first
# record, or nothing when it has none of them.
text_field() {
    for k in text title message; do
        if head -n 1 "$1" | grep -q "\"$k\"[[:space:]]*:"; then
            echo "$k"
            return
        fi
    done
}

# Whether the first record of the file $1 has the member $2.
has() {
    head -n 1 "$1" | grep -q "\"$2\"[[:space:]]*:"
}

# The data cases of the file $1, named $2 in the report.
data_cases() {
    f=$(text_field "$1")
    fopt=
    [ -n "$f" ] && [ "$f" != text ] && fopt="-f $f"
    for m in near story; do
        compare "$1" "$2" -m "$m"
    done
    if [ -n "$fopt" ]; then
        for m in near story; do
            # shellcheck disable=SC2086
            compare "$1" "$2" -m "$m" $fopt
        done
    fi
    if has "$1" id; then
        for m in near story; do
            # shellcheck disable=SC2086
            compare "$1" "$2" -m "$m" $fopt -a score,match,new,size \
                --id-field id
        done
    fi
    if has "$1" time; then
        # shellcheck disable=SC2086
        compare "$1" "$2" -m story $fopt --time-field time
        for m in near story; do
            # shellcheck disable=SC2086
            compare "$1" "$2" -m "$m" $fopt --window-time 72h \
                --time-field time
        done
    fi
}

skip() {
    printf 'skip  %s\n' "$1"
    n_skip=$((n_skip + 1))
}

if [ -d "$data" ]; then
    found=0
    for file in "$data"/*.ndjson "$data"/logs/*.ndjson; do
        [ -f "$file" ] || continue
        found=1
        data_cases "$file" "${file#"$data"/}"
    done
    [ "$found" = 1 ] || skip "$data: no *.ndjson files in it or in logs/"
    [ -d "$data/logs" ] || skip "$data/logs: no such folder, no log cases"
else
    skip "$data: no such folder (set NDC_DATA): no data cases"
fi

# The bench inputs, as scripts/bench.sh makes them but smaller: its news
# generator, and the first 200000 of its short records.
sh "$root/scripts/gen-ndjson.sh" 12 3000 30 > "$dir/news"
sh "$root/scripts/gen-short.sh" 200000 > "$dir/short"
for m in near story; do
    compare "$dir/news" "bench news 12 MB" -m "$m"
done
for m in near story; do
    compare "$dir/short" "bench short 200000" -m "$m"
done

articles=$data/news-articles-dev.ndjson
headlines=$data/news-headlines-dev.ndjson
if [ -f "$articles" ]; then
    for m in near story; do
        resume "$articles" news-articles-dev.ndjson -m "$m" \
            -a score,match,new,size --id-field id
    done
else
    skip "resume --state on $articles: no such file"
fi
if [ -f "$headlines" ]; then
    for m in near story; do
        resume "$headlines" news-headlines-dev.ndjson -m "$m" -f title \
            --time-field time --window-time 72h -a new
    done
else
    skip "resume --state on $headlines: no such file"
fi
for m in near story; do
    resume "$dir/short" "bench short 200000" -m "$m"
done

echo "$n cases: $n_same same, $n_diff differ; $n_skip skipped;" \
    "$(($(date +%s) - started)) s"
[ "$n_diff" -eq 0 ]
