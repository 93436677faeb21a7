# The same 2 MB word in story mode, among other words.
. tests/bad/lib/gen.sh
cd "$CASE_TMP" || exit 99
w=$(repeat 262144 abcdefgh)
printf '{"text":"storm %s coast"}\n{"text":"storm %s coast"}\n' "$w" "$w" \
    >in
"$NDC" -m story -a match in | sed 's/.*",//'
