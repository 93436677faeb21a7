# Nothing lost: a mixed file of good records (some without the text
# field, some with CRLF ends, {} among them), invalid JSON, non-objects,
# invalid UTF-8, truncated lines and blank lines.  Every input line must
# be in exactly one place: written (in order, byte for byte but for the
# added member), copied to --rejects (in order, verbatim), or skipped as
# blank; each refused line is told with its own line number; and the
# --stats counts agree with all of that.
cd "$CASE_TMP" || exit 99
LC_ALL=C awk 'BEGIN {
    x = 12345
    for (i = 1; i <= 1000; i++) {
        x = (x * 48271) % 2147483647
        k = x % 20
        if (k < 11) {           # good, with text
            line = sprintf("{\"n\":%d,\"text\":\"w%d v%d u%d\"}", i, x % 50,
                x % 7, x % 3)
            if (k == 10)
                line = line "\r"
            print line >"good"; print "good" >"kind"
        } else if (k < 13) {    # good, no text field, or {}
            line = (k == 11) ? sprintf("{\"n\":%d,\"title\":\"t\"}", i) : "{}"
            print line >"good"; print "good" >"kind"
        } else if (k < 17 && x % 7 < 3) {    # refused (under 100)
            if (k == 13) line = sprintf("{\"n\":%d,\"text\":}", i)
            if (k == 14) line = sprintf("[%d]", i)
            if (k == 15) line = sprintf("{\"n\":%d,\"text\":\"caf\351\"}", i)
            if (k == 16) line = sprintf("{\"n\":%d,\"text\":\"cut", i)
            print line >"bad"; print "bad" >"kind"
        } else if (k < 17) {
            line = sprintf("{\"n\":%d,\"text\":\"x%d\"}", i, x % 9)
            print line >"good"; print "good" >"kind"
        } else {                # blank
            line = (k == 17) ? "" : (k == 18) ? "  \t" : "\r"
            print line >"blank"; print "blank" >"kind"
        }
        print line
    }
}' >in
"$NDC" --rejects rej --stats in >out 2>err
rc=$?
echo "exit $rc"
total=$(wc -l <in)
ngood=$(wc -l <good)
nbad=$(wc -l <bad)
nblank=$(wc -l <blank)
echo "input: $total lines: $ngood good, $nbad bad, $nblank blank"
[ $((ngood + nbad + nblank)) -eq "$total" ] || echo "the generator is wrong"
# Written: the good lines in order, each with only the member added.
sed -e 's/,"cluster":[0-9a-z]*}$/}/' -e 's/^{"cluster":null}$/{}/' out \
    >out.stripped
tr -d '\r' <good >good.nocr
cmp -s out.stripped good.nocr &&
    echo "stdout: the $ngood good lines, in order"
# Refused: verbatim, in order.
cmp -s rej bad && echo "rejects: the $nbad bad lines, verbatim, in order"
# Told: the line numbers in the messages are those of the bad lines.
awk '{ n++ } $0 == "bad" { print n }' kind >bad.lines
sed -n 's/^ndcluster: in:\([0-9]*\): .*/\1/p' err >told.lines
cmp -s bad.lines told.lines &&
    echo "stderr: one message per bad line, at its number"
# The counts of --stats.
tail -n 1 err | sed -e 's/"seconds":[0-9.]*,//' \
    -e 's/"records_per_s":[0-9]*,//' -e 's/,"peak_window".*//'
nnotext=$(grep -c -v '"text"' good)
echo "want: records $ngood, rejected $nbad, blank $nblank," \
    "written $ngood, no_text $nnotext"
