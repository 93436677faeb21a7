# Raw control characters inside a string are refused (a tab, 0x01, 0x1F,
# in a value or a key); escaped ones and a raw DEL (0x7F) are valid.
# The byte positions yajl gives for these are approximate (one before the
# character) and are not checked here.
printf '{"text":"a\tb"}\n{"text":"a\001b"}\n{"te\037xt":"a"}\n{"text":"a\\tb\\u0001c\177d"}\n' |
    "$NDC" 2>"$CASE_TMP/err"
rc=$?
sed 's/ (at byte [0-9]*)$//' "$CASE_TMP/err" >&2
exit $rc
