# state.sh - the damaged --state cases (sourced): a good state to damage,
# and the run that must refuse the damaged copy.

# make_good: writes the state of two records to $CASE_TMP/good and sets
# size to its length in bytes.
make_good() {
    printf '%s\n' '{"text":"alpha beta"}' '{"text":"gamma delta"}' |
        "$NDC" -w 100 --state "$CASE_TMP/good" >/dev/null ||
        echo "cannot make"
    size=$(wc -c <"$CASE_TMP/good")
}

# try_state: runs one record with --state $CASE_TMP/s and exits with its
# status.  Its stderr has the scratch folder taken out, and the sizes
# $half and $size (when set) written as HALF and SIZE, so that a change of
# format does not change the expected output.
try_state() {
    printf '%s\n' '{"text":"alpha beta"}' |
        "$NDC" -w 100 --state "$CASE_TMP/s" 2>"$CASE_TMP/err"
    rc=$?
    sed -e "s|$CASE_TMP/||" \
        -e "s/ ${half:-x} of ${size:-x} / HALF of SIZE /" "$CASE_TMP/err" >&2
    exit $rc
}
