# 200,000 levels of objects and of arrays, closed: kept byte for byte.
. tests/bad/lib/gen.sh
cd "$CASE_TMP" || exit 99
{
    printf '{"text":"deep one","a":'
    repeat 200000 '{"a":'
    printf 1
    repeat 200000 '}'
    printf '}\n{"text":"deep one","b":'
    repeat 200000 '['
    repeat 200000 ']'
    printf '}\n'
} >in
"$NDC" in >out
rc=$?
sed -e '1s/}$/,"cluster":1}/' -e '2s/}$/,"cluster":1}/' in \
    >want
cmp -s want out && echo "both kept byte for byte"
exit $rc
