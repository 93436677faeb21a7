# --state: a folder that does not exist, or is a file, is an error at
# start (exit status 1, nothing read or written), not after the whole
# input has been read.  An empty --state, and --checkpoint without
# --state, of 0, or neither a count nor a duration, are usage errors.
cd "$CASE_TMP" || exit 99
printf x >file
for s in /nonexistent/dir/s file/s; do
    printf '%s\n' '{"text":"alpha beta"}' | "$NDC" --state "$s"
    echo "--state $s: exit $?"
done
for a in "--state=" "--checkpoint 5" "--checkpoint 5m" \
    "--state s --checkpoint 0" "--state s --checkpoint 0s" \
    "--state s --checkpoint -1" "--state s --checkpoint junk" \
    "--state s --checkpoint 5q" "--state s --checkpoint 99999999999999999999"
do
    echo '{"text":"a b"}' | "$NDC" $a >/dev/null 2>err
    echo "$a: exit $? $(head -1 err)"
done
[ -e s ] && echo "a state file was written" || echo "no state file"
