# Raw NUL bytes inside a string, before and after the object: refused
# with the byte; the lines around go through.
printf '{"text":"a\000b"}\n\000{"text":"a"}\n' >"$CASE_TMP/in"
printf '{"text":"a"}\000\n{"text":"ok"}\n' >>"$CASE_TMP/in"
"$NDC" <"$CASE_TMP/in"
