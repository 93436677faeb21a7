# -f paths 100 levels deep, one of them beside 200,000 levels of arrays:
# both found, and the two records cluster.
. tests/bad/lib/gen.sh
cd "$CASE_TMP" || exit 99
path=a$(repeat 99 .a)
{
    repeat 100 '{"a":'
    printf '"deep text here"'
    repeat 100 '}'
    printf '\n'
    repeat 100 '{"a":'
    printf '{"x":'
    repeat 200000 '['
    repeat 200000 ']'
    printf ',"y":"deep text here"}'
    repeat 100 '}'
    printf '\n'
} >in
"$NDC" -f "$path" -f "$path.y" in | sed 's/.*}}*,//'
