# 200,000 open arrays closed by braces: refused with the byte where.
. tests/bad/lib/gen.sh
cd "$CASE_TMP" || exit 99
{
    printf '{"a":'
    repeat 200000 '['
    repeat 200000 '}'
    printf '}\n'
} >in
"$NDC" in
