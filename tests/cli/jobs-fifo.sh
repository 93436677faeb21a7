# -j 2 on a live feed: each record comes out before the writer sends the
# next one, without --unbuffered (the output is flushed before a read
# would block, and a round of lines ends before each read), in both
# modes; a hang here means a record was held back.
cd "$CASE_TMP" || exit 99
for m in near template; do
    rm -f in out
    mkfifo in out
    "$NDC" -j 2 -m "$m" <in >out &
    pid=$!
    exec 3>in 4<out
    for t in 'alpha beta gamma' 'alpha beta gamma' 'disk sda1 full'; do
        printf '{"text":"%s"}\n' "$t" >&3
        IFS= read -r line <&4
        echo "$m: $line"
    done
    exec 3>&-
    IFS= read -r line <&4 || echo "$m: end of output"
    exec 4<&-
    wait "$pid"
    echo "$m: exit $?"
done
