# --stats: one JSON line on stderr at the end with the documented keys.
# The timing values vary and are masked; so is the memory per record,
# which depends on the build.
printf '%s\n' \
    '{"text":"alpha beta gamma"}' \
    '' \
    '{"text":"alpha beta gamma"}' \
    '{"text":null}' \
    'bad' \
    '{"text":"delta epsilon"}' | "$NDC" --stats 2>"$CASE_TMP/err"
rc=$?
sed -e 's/"seconds":[0-9]*\.[0-9][0-9]*,/"seconds":S,/' \
    -e 's/"records_per_s":[0-9][0-9]*,/"records_per_s":R,/' \
    -e 's/"bytes_per_window_record":[0-9][0-9]*}$/"bytes_per_window_record":B}/' \
    "$CASE_TMP/err" >&2
exit $rc
