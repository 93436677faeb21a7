# An empty --state file: refused, naming the file and why; exit 1.

. tests/bad/lib/state.sh
make_good
: >"$CASE_TMP/s"
try_state
