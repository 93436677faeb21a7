# 200,000 open objects, then 200,000 open arrays, never closed: each
# refused as truncated, then a good line still goes through.
. tests/bad/lib/gen.sh
cd "$CASE_TMP" || exit 99
{
    printf '{"text":"x","a":'
    repeat 200000 '{"a":'
    printf '\n{"text":"x","b":'
    repeat 200000 '['
    printf '\n{"text":"after"}\n'
} >in
"$NDC" in
