# --state: a state file made with other settings is refused with a
# message that names what differs, exit status 1 before any input is
# read, and the file is left byte for byte as it was.  Options that do not
# shape the clustering (-a, -k, -u) may change between runs.
cd "$CASE_TMP" || exit 99
printf '%s\n' '{"id":"a","text":"alpha beta"}' '{"id":"b","text":"gamma"}' >in
printf '%s\n' 'the a of' >sw
try() {
    echo "$*:"
    printf '%s\n' '{"text":"alpha beta"}' | "$NDC" "$@" --state s
    echo "exit $?"
    cmp -s s s.orig && echo "file unchanged" || echo "file changed"
}

"$NDC" -w 100 --state s in >/dev/null
echo "near state made: exit $?"
cp s s.orig
try -w 200
try -w 100 -f title
try -w 100 --id-field id
try -w 100 -t 0.5
try -w 100 --seed 1
try -w 100 --perm 64
try -w 100 --shingle 2
try -w 100 --time-field t --window-time 1h
try -w 100 -R
# The mode: only that the message names it.
echo "-w 100 -m story:"
printf '%s\n' '{"text":"alpha beta"}' | "$NDC" -w 100 -m story --state s \
    2>err
echo "exit $?"
grep -q '^ndcluster: s: refused: made with other settings: mode' err &&
    echo "the message names the mode"
cmp -s s s.orig && echo "file unchanged" || echo "file changed"

echo "-w 100 -a new -k c -u, which may change (record 3 is a copy of 1):"
printf '%s\n' '{"text":"alpha beta"}' '{"text":"delta"}' |
    "$NDC" -w 100 -a new -k c -u --state s
echo "exit $?"

rm -f s
"$NDC" -m story -w 100 --state s in >/dev/null
echo "story state made: exit $?"
cp s s.orig
try -m story -w 100 --stopwords sw
try -m story -w 100 -f text:2
try -m story -w 100 --time-field t --decay 1h
try -m story -w 100 --time-field t --horizon 1d
