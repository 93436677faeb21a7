# A state file from a machine of the other byte order: refused.

. tests/bad/lib/state.sh
make_good
cp "$CASE_TMP/good" "$CASE_TMP/s"
printf '\004\003\002\001' |
    dd of="$CASE_TMP/s" bs=1 seek=12 conv=notrunc 2>/dev/null
try_state
