# --unbuffered to a full disk: the first record's write fails at once.
[ -w /dev/full ] || exit 77
printf '%s\n' '{"text":"alpha"}' '{"text":"beta"}' |
    "$NDC" --unbuffered >/dev/full
