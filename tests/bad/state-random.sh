# 4 KiB of random bytes as a state file: not a state file.

. tests/bad/lib/state.sh
make_good
. tests/bad/lib/gen.sh
bytes 4096 5 >"$CASE_TMP/s"
try_state
