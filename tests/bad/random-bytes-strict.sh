# --strict stops at the first refused line of random bytes.
. tests/bad/lib/gen.sh
cd "$CASE_TMP" || exit 99
bytes 65536 7 >in
"$NDC" --strict in
