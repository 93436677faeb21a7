# --help and the man page agree: the exit statuses that --help lists are
# the man page's EXIT STATUS; each long option of --help has an entry in
# the man page and each entry an option; the signals on which --state is
# saved are those of the man page's ASYNCHRONOUS EVENTS that save it;
# --checkpoint N counts lines read in both.
man=man/ndcluster.1
help=$CASE_TMP/help
"$NDC" --help >"$help" || echo "--help: exit $?"

echo "exit statuses:"
sed -n '/^Exit status:/,/^See /{/^See /!p;}' "$help" | grep -o '[0-9][0-9]*' |
    sort -n | tr '\n' ' ' >"$CASE_TMP/h"
sed -n '/^\.Sh EXIT STATUS/,/^\.Sh EXAMPLES/s/^\.It \([0-9][0-9]*\)$/\1/p' \
    "$man" | sort -n | tr '\n' ' ' >"$CASE_TMP/m"
echo "  --help: $(cat "$CASE_TMP/h")"
cmp -s "$CASE_TMP/h" "$CASE_TMP/m" && echo "  the man page: the same" ||
    echo "  the man page: $(cat "$CASE_TMP/m")"

echo "long options in one and not the other:"
grep '^  *-' "$help" | grep -o -- '--[a-z][a-z-]*' | sort -u >"$CASE_TMP/h"
sed -n 's/^\.It .*Fl -\([a-z][a-z-]*\).*/--\1/p' "$man" |
    sort -u >"$CASE_TMP/m"
comm -3 "$CASE_TMP/h" "$CASE_TMP/m" | sed 's/^/  /'
echo "  (end)"

echo "signals that save --state:"
sed -n '/^      --state/,/^      --stats/p' "$help" | grep -o 'SIG[A-Z]*' |
    tr '\n' ' ' >"$CASE_TMP/h"
sed -n '/^\.Sh ASYNCHRONOUS EVENTS/,/^\.Sh /p' "$man" |
    sed -n '/^\.It Dv SIG.*SIGTERM/s/^\.It Dv //p' | tr -d ',' |
    tr -s ' ' '\n' | grep . | tr '\n' ' ' >"$CASE_TMP/m"
echo "  --help: $(cat "$CASE_TMP/h")"
cmp -s "$CASE_TMP/h" "$CASE_TMP/m" && echo "  the man page: the same" ||
    echo "  the man page: $(cat "$CASE_TMP/m")"

echo "--checkpoint N:"
grep -A1 -- '--checkpoint N' "$help" | grep -q 'every N lines read' &&
    echo "  --help: every N lines read"
sed -n '/^\.It Fl -checkpoint/,/^\.It/p' "$man" | grep -q '^lines read' &&
    echo "  the man page: after every n lines read"
