# 4 KiB of random bytes as a state file: not a state file.

printf '%s\n' '{"text":"alpha beta"}' '{"text":"gamma delta"}' |
    "$NDC" -w 100 --state "$CASE_TMP/good" >/dev/null || echo "cannot make"
. tests/bad/lib/gen.sh
bytes 4096 5 >"$CASE_TMP/s"
printf '%s\n' '{"text":"alpha beta"}' |
    "$NDC" -w 100 --state "$CASE_TMP/s" 2>"$CASE_TMP/err"
rc=$?
# sizes as SIZE and HALF, so that a change of format does not change
# this case
sed -e "s|$CASE_TMP/||" -e "s/ ${half:-x} of ${size:-x} / HALF of SIZE /" \
    "$CASE_TMP/err" >&2
exit $rc
