# Values nested 10000 deep: an object holding them is clustered and kept
# byte for byte; an array nested as deep is refused as not an object.
cd "$CASE_TMP" || exit 99
awk 'BEGIN {
    n = 10000
    for (i = 0; i < n; i++) { o = o "["; c = c "]" }
    for (i = 0; i < n; i++) { oo = oo "{\"a\":"; cc = cc "}" }
    print "{\"a\":" o c ",\"text\":\"deep nest\"}"
    print oo "1" cc
    print o c
    print "{\"text\":\"deep nest\"}"
}' >in
"$NDC" in >out
rc=$?
awk 'NR == 1 { sub(/}$/, ",\"cluster\":1}"); print }
     NR == 2 { sub(/}$/, ",\"cluster\":null}"); print }
     NR == 4 { sub(/}$/, ",\"cluster\":1}"); print }' in \
    >want
if cmp -s want out; then
    echo "deep records kept byte for byte"
else
    echo "output differs:"
    cut -c 1-80 out
fi
exit $rc
