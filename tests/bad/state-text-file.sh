# A text file as --state: not an ndcluster state file.

. tests/bad/lib/state.sh
make_good
printf '%s\n' '{"text":"alpha beta"}' >"$CASE_TMP/s"
try_state
