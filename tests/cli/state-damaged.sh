# --state: a file that is not a whole state of this version is refused
# with a message saying why, exit status 1 before any input is read, and
# is left byte for byte as it was: an empty file, a text file, a file cut
# short (in its contents, in its header), one byte changed (the checksum),
# one byte appended, another format version, the other byte order.  A
# folder is not a state file.
cd "$CASE_TMP" || exit 99
printf '%s\n' '{"text":"alpha beta"}' '{"text":"gamma"}' |
    "$NDC" -w 100 --state good >/dev/null
echo "made: exit $?"
size=$(wc -c <good)
half=$((size / 2))
# Writes the bytes $3 (in printf form) over file $1 at offset $2.
poke() {
    printf "$3" | dd of="$1" bs=1 seek="$2" conv=notrunc 2>/dev/null
}
try() {
    cp "$1" "$1.orig"
    echo "$1:"
    printf '%s\n' '{"text":"alpha beta"}' | "$NDC" -w 100 --state "$1" \
        2>err
    echo "exit $?"
    # The size of the good file as SIZE (and half of it as HALF), so
    # that a change of format does not change this case.
    sed -e "s/ $((size + 1)) / SIZE+1 /" -e "s/ $size / SIZE /" \
        -e "s/ $half of / HALF of /" err >&2
    cmp -s "$1" "$1.orig" && echo "file unchanged" || echo "file changed"
}
: >empty
try empty
printf '%s\n' 'not a state' >text
try text
head -c "$half" good >cut
try cut
head -c 20 good >header
try header
cp good changed
poke changed "$half" 'X'
try changed
cp good last
poke last $((size - 1)) '\377'
try last
cp good appended
printf '\n' >>appended
try appended
cp good version
poke version 8 '\011'
try version
cp good order
poke order 12 '\001\002\003\004'
try order
echo "good:"
printf '%s\n' '{"text":"alpha beta"}' | "$NDC" -w 100 --state good
echo "exit $?"
mkdir folder
echo "folder:"
"$NDC" -w 100 --state folder </dev/null
echo "exit $?"
