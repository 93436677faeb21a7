# One bit flipped in the middle of a state file: the checksum tells.

printf '%s\n' '{"text":"alpha beta"}' '{"text":"gamma delta"}' |
    "$NDC" -w 100 --state "$CASE_TMP/good" >/dev/null || echo "cannot make"
size=$(wc -c <"$CASE_TMP/good")
cp "$CASE_TMP/good" "$CASE_TMP/s"
at=$((size / 2))
b=$(od -An -tu1 -j "$at" -N 1 "$CASE_TMP/good" | tr -d ' ')
printf "$(printf '\\%03o' $((b ^ 4)))" |
    dd of="$CASE_TMP/s" bs=1 seek="$at" conv=notrunc 2>/dev/null
printf '%s\n' '{"text":"alpha beta"}' |
    "$NDC" -w 100 --state "$CASE_TMP/s" 2>"$CASE_TMP/err"
rc=$?
# sizes as SIZE and HALF, so that a change of format does not change
# this case
sed -e "s|$CASE_TMP/||" -e "s/ ${half:-x} of ${size:-x} / HALF of SIZE /" \
    "$CASE_TMP/err" >&2
exit $rc
