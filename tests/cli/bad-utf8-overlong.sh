# Overlong UTF-8 forms are refused: C0 AF and E0 80 AF both spell "/".
printf '{"text":"\300\257"}\n{"text":"\340\200\257"}\n{"text":"\301\277"}\n{"text":"ok"}\n' |
    "$NDC"
