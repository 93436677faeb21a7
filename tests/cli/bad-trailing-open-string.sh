# Garbage after the object that yajl takes for the start of a string,
# word or number still to come: refused, never written out (found by
# tests/fuzz/fuzz_cli.c: it used to be written with the key spliced in).
printf '%s\n' '{"text":42}":42}' '{"a":1}"' '{"a":1}"x}' '{"a":1}t' \
    '{"a":1}-' '{"a":1} 12' '{"text":"kept"}  ' | "$NDC"
