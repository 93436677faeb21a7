# Text is case-folded (Unicode too) and punctuation, ASCII or Unicode,
# separates words: each group below is one cluster.
printf '%s\n' \
    '{"text":"Hello, World!"}' \
    '{"text":"hello world"}' \
    '{"text":"HELLO—WORLD…"}' \
    '{"text":"«hello» „world“"}' \
    '{"text":"Émile Zola"}' \
    '{"text":"ÉMILE ZOLA"}' \
    '{"text":"émile zola"}' \
    '{"text":"ΣΊΣΥΦΟΣ"}' \
    '{"text":"σίσυφος"}' | "$NDC"
