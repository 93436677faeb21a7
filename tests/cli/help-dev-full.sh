# -h to a full device: the write error is reported, exit status 1.
"$NDC" -h >/dev/full
