# -R refuses a line only when it is longer than --max-bytes, as for JSON
# input: a message naming the line, a copy in --rejects, exit status 1,
# and the lines around it go on (the refused line takes no number).
# --strict stops there, with the lines before it written.  A line of
# exactly --max-bytes passes.
cd "$CASE_TMP" || exit 99
awk 'BEGIN {
    s = "x"
    while (length(s) < 3000)
        s = s s
    print "alpha beta"
    print substr(s, 1, 3000)
    print substr(s, 1, 1024)
    print "alpha beta"
}' >in
"$NDC" -R --max-bytes 1K --rejects rej in >out
echo "exit $?"
sed 's/xxxxxxxx*/x.../' out
awk 'NR == 2' in | cmp -s - rej && echo "rejects: line 2, verbatim"
echo "--strict:"
"$NDC" -R --max-bytes 1K --strict in
echo "exit $?"
