# large
# The same over --max-bytes, as the last line without a newline.
. tests/bad/lib/gen.sh
cd "$CASE_TMP" || exit 99
{ printf '{"text":"after"}\n{"text":"'; words 3500000; printf '"}'; } \
    >in
"$NDC" --max-bytes 1M --rejects rej in
rc=$?
echo "rejects: $(wc -c <rej) bytes"
exit $rc
