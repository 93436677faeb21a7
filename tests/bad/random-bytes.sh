# 64 KiB of random bytes: every line that is not blank is refused with
# its line number, the first 100 told, and copied verbatim to --rejects;
# nothing is written to stdout.
. tests/bad/lib/gen.sh
cd "$CASE_TMP" || exit 99
bytes 65536 7 >in
echo "input: $(cksum <in)"
"$NDC" --rejects rej in >out
rc=$?
echo "stdout: $(wc -l <out) lines"
echo "rejects: $(wc -l <rej) lines"
echo "input: $(wc -l <in) newlines"
exit $rc
