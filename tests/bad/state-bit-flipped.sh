# One bit flipped in the middle of a state file: the checksum tells.

. tests/bad/lib/state.sh
make_good
cp "$CASE_TMP/good" "$CASE_TMP/s"
at=$((size / 2))
b=$(od -An -tu1 -j "$at" -N 1 "$CASE_TMP/good" | tr -d ' ')
printf "$(printf '\\%03o' $((b ^ 4)))" |
    dd of="$CASE_TMP/s" bs=1 seek="$at" conv=notrunc 2>/dev/null
try_state
