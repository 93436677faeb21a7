# A state file cut in half: refused as truncated, with both sizes.

. tests/bad/lib/state.sh
make_good
head -c $((size / 2)) "$CASE_TMP/good" >"$CASE_TMP/s"
half=$((size / 2))
try_state
