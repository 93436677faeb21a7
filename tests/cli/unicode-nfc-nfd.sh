# Text is put in NFKC with full case folding before it is cut into words:
# the same sentence in NFC (é as one code point) and in NFD (e and a
# combining acute) is one text, as is one in capitals.
printf '{"n":"nfc","text":"Caf\303\251 d\303\251j\303\240 vu \303\240 Z\303\274rich"}\n{"n":"nfd","text":"Cafe\314\201 de\314\201ja\314\200 vu a\314\200 Zu\314\210rich"}\n{"n":"caps","text":"CAF\303\211 D\303\211J\303\200 VU \303\200 Z\303\234RICH"}\n' |
    "$NDC" -a score | sed 's/"text":"[^"]*",//'
