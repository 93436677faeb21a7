# UTF-8 encoded surrogates (ED A0 80 is U+D800, ED BF BF is U+DFFF) are
# refused; ED 9F BF (U+D7FF) is valid.
printf '{"text":"\355\240\200"}\n{"text":"\355\277\277"}\n{"text":"\355\237\277"}\n' |
    "$NDC"
