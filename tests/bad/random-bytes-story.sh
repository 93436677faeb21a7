# Random bytes in story mode, with --stats: the counts add up.
. tests/bad/lib/gen.sh
cd "$CASE_TMP" || exit 99
bytes 16384 11 >in
echo "input: $(cksum <in)"
"$NDC" -m story --stats in 2>err
rc=$?
sed -e 's/"seconds":[0-9.]*,/"seconds":S,/' \
    -e 's/"records_per_s":[0-9]*,/"records_per_s":R,/' \
    -e 's/"bytes_per_window_record":[0-9]*}/"bytes_per_window_record":B}/' \
    err >&2
exit $rc
