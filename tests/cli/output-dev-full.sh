# A write error on stdout (> /dev/full) gives a message and exit status 1.
"$NDC" tests/data/basic.ndjson >/dev/full
