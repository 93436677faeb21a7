# --rejects on a full disk: the write error is told, exit 1.
[ -w /dev/full ] || exit 77
printf '%s\n' '{"text":"alpha"}' 'bad' | "$NDC" --rejects /dev/full
