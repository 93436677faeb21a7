# -h prints the help on stdout and exits 0; --help is the same.
"$NDC" -h >"$CASE_TMP/short"
rc=$?
"$NDC" --help >"$CASE_TMP/long" || echo "--help: exit $?"
cmp -s "$CASE_TMP/short" "$CASE_TMP/long" || echo "--help differs from -h"
cat "$CASE_TMP/short"
exit $rc
