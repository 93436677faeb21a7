# A state file of another format version: refused, naming both.

. tests/bad/lib/state.sh
make_good
cp "$CASE_TMP/good" "$CASE_TMP/s"
printf '\010' | dd of="$CASE_TMP/s" bs=1 seek=8 conv=notrunc 2>/dev/null
try_state
