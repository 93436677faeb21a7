# Keys and values are compared unescaped: "te\u0078t" is the field text,
# and -f café finds "caf\u00e9" as well as "café".
printf '%s\n' \
    '{"te\u0078t":"alpha beta gamma"}' \
    '{"text":"\u0061lpha beta gamma"}' \
    '{"caf\u00e9":"delta epsilon zeta"}' >"$CASE_TMP/in"
printf '{"caf\303\251":"delta epsilon zeta"}\n' >>"$CASE_TMP/in"
echo "-f text"
"$NDC" "$CASE_TMP/in" || echo "exit $?"
echo "-f café"
"$NDC" -f "$(printf 'caf\303\251')" "$CASE_TMP/in"
