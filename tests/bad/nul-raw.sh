# Raw NUL bytes inside a string, before and after the object: refused
# with the byte; the lines around go through.
printf '{"text":"a\000b"}\n\000{"text":"a"}\n{"text":"a"}\000\n{"text":"ok"}\n' |
    "$NDC"
