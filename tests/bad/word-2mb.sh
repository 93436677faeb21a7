# A single word of 2 MB, twice, then once with one letter changed:
# the copies cluster in near mode; nothing is cut.
. tests/bad/lib/gen.sh
cd "$CASE_TMP" || exit 99
w=$(repeat 262144 abcdefgh)
printf '{"text":"%s"}\n{"text":"%s"}\n{"text":"%sx"}\n' "$w" "$w" "$w" \
    >in
"$NDC" -a match,size in | sed 's/.*",//'
