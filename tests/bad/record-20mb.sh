# large
# A record of 20 MB (2.5 million words) is read, clustered and written
# whole under the default --max-bytes; a copy joins its cluster.
. tests/bad/lib/gen.sh
cd "$CASE_TMP" || exit 99
{ printf '{"text":"'; words 3500000; printf '"}\n'; } >one
cat one one >in
echo "input: $(wc -c <in) bytes"
"$NDC" -a match in >out
rc=$?
echo "output: $(wc -c <out) bytes, $(wc -l <out) lines"
tail -c 40 out
exit $rc
