# -f a.b.c follows nested objects.  A top-level key that merely contains
# dots, or "text" itself, is not that path.
printf '%s\n' \
    '{"doc":{"body":{"text":"alpha beta gamma delta"}}}' \
    '{"text":"epsilon zeta","doc":{"body":{"text":"alpha beta gamma delta"}}}' \
    '{"doc.body.text":"alpha beta gamma delta"}' \
    '{"text":"alpha beta gamma delta"}' \
    '{"doc":{"x":1,"body":{"y":[1,{"text":"no"}],"text":"iota kappa"}}}' |
    "$NDC" --field doc.body.text
