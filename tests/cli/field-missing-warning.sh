# When no record has text in the -f fields, most likely a misspelt name,
# one warning names them: at the end of a short input, or after the first
# 1000 records of a long one (the records still come out, with a null
# cluster, and the exit status is 0).  No warning when some record had
# text, or when there is no record at all.
cd "$CASE_TMP" || exit 99
printf '%s\n' '{"title":"a b c"}' '{"title":"a b c"}' >short
"$NDC" -f nosuch short
"$NDC" -f nosuch -f titel:2 -m story short
echo "some text: no warning"
printf '%s\n' '{"text":"a b c"}' | cat short - | "$NDC" -f title -f text
echo "no record: no warning"
printf '\n' | "$NDC" -f nosuch
awk 'BEGIN { for (i = 1; i <= 1500; i++) print "{\"title\":\"a b\"}" }' \
    >long
echo "1500 records: $("$NDC" -f nosuch long | grep -c '"cluster":null')"
echo "text only in record 1001 (still a warning at 1000):"
awk 'NR == 1001 { print "{\"nosuch\":\"x y\"}"; next } { print }' long |
    "$NDC" -f nosuch | grep -v '"cluster":null'
echo "text only in record 1000 (no warning):"
awk 'NR == 1000 { print "{\"nosuch\":\"x y\"}"; next } { print }' long |
    "$NDC" -f nosuch | grep -v '"cluster":null'
