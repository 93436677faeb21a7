# A vertical tab or a form feed between tokens: yajl takes them for white
# space, JSON does not (only space, tab, CR and LF), and the member
# scanner that replaces an existing "cluster" member did not either, so
# such a line once came out as broken JSON (fuzz_cli).  Refused, with the
# byte; raw in a string too.  The lines around go through.
printf '{"text":"a","cluster":\013\013[1,{"}":"\\"}"}],"n":1}\n' \
    >"$CASE_TMP/in"
printf '{"text":"ok"}\n{"text":\014"b"}\n{"text":"c\014d"}\n' \
    >>"$CASE_TMP/in"
printf '{"text":"a"}\013\n{"text":"a","cluster":[1]}\n' >>"$CASE_TMP/in"
"$NDC" <"$CASE_TMP/in"
