# large
# A 20 MB record over --max-bytes 1M is refused without being held
# whole, copied verbatim to --rejects; the next line goes through.
. tests/bad/lib/gen.sh
cd "$CASE_TMP" || exit 99
{ printf '{"text":"'; words 3500000; printf '"}\n{"text":"after"}\n'; } \
    >in
"$NDC" --max-bytes 1M --rejects rej in
rc=$?
head -n 1 in | cmp -s - rej &&
    echo "rejects: the 20 MB line, verbatim"
exit $rc
