# An abbreviation that fits more than one long option is a usage error
# (exit 2) that says it is ambiguous and lists the options it fits, with
# the usage line.  One that fits one option only is that option, and a
# whole name is itself even when it begins another (--window and
# --window-time).
"$NDC" --st tests/data/basic.ndjson
echo "--st: exit $?"
"$NDC" --stat=1 tests/data/basic.ndjson 2>&1 >/dev/null | head -1
printf '%s\n' '{"text":"alpha"}' '{"text":"alpha"}' | "$NDC" --uniq --thr 0.9
echo "--uniq --thr 0.9: exit $?"
printf '%s\n' '{"text":"alpha"}' '{"text":"beta"}' | "$NDC" --window 1
echo "--window 1: exit $?"
