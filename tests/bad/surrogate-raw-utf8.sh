# A surrogate written as raw UTF-8 bytes (ED A0 80) is not UTF-8:
# refused with the byte.
printf '{"text":"a \355\240\200 b"}\n{"text":"a \355\277\277"}\n' | "$NDC"
