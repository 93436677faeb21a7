# --window-time: a record older than the newest time seen minus DUR leaves
# the window.  The same text at 00:00, 00:30 and 03:00 with a window of an
# hour: the third finds the first two gone and founds cluster 3, in both
# modes.  A record out of order (01:00 after 03:00) does not turn the clock
# back: it is compared with what the window holds then.
cd "$CASE_TMP" || exit 99
printf '%s\n' \
    '{"t":"2026-01-01T00:00:00Z","text":"same words here"}' \
    '{"t":"2026-01-01T00:30:00Z","text":"same words here"}' \
    '{"t":"2026-01-01T03:00:00Z","text":"same words here"}' \
    '{"t":"2026-01-01T01:00:00Z","text":"same words here"}' \
    '{"t":1767233000,"text":"same words here"}' >in
for m in near story; do
    echo "-m $m:"
    "$NDC" -m "$m" --time-field t --window-time 1h in
done
echo "--window-time 1000d:"
"$NDC" --time-field t --window-time 1000d in
