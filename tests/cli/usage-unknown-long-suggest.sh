# An unknown long option within two edits of an option's name (a letter
# left out, added, changed, or two swapped) is a usage error (exit 2)
# that suggests that option, with the usage line.  The message names the
# option without its "=value".  A name far from every option gets no
# suggestion (usage-unknown-long-option).
"$NDC" --treshold=0.5 tests/data/basic.ndjson
echo "--treshold=0.5: exit $?"
for a in --widnow --perms --sed --stopwrods --unbufferd --xyz; do
    "$NDC" "$a" 1 tests/data/basic.ndjson 2>&1 >/dev/null | head -1
done
