# 300 lines drawn from the characters of JSON: each refused with a
# reason and a line number, or (rarely) a valid object kept.
. tests/bad/lib/gen.sh
cd "$CASE_TMP" || exit 99
junk 300 3 >in
echo "input: $(cksum <in)"
"$NDC" --rejects rej in
rc=$?
echo "rejects: $(wc -l <rej) lines"
exit $rc
