# --state: a save that fails (here the file size limit of ulimit -f, 512
# bytes, less than a state of two records, with
# SIGXFSZ ignored so that write(2) fails with EFBIG) is reported with the
# file's name, the run goes on and writes every record, the exit status
# is 1, the state file keeps what it had, byte for byte, and the
# temporary file of the failed save is removed.
cd "$CASE_TMP" || exit 99
(ulimit -f 1) 2>/dev/null || exit 77
mkdir d
printf '%s\n' '{"text":"alpha beta"}' | "$NDC" -w 100 --state d/s >/dev/null
echo "made: exit $?"
cp d/s s.orig
(
    trap '' XFSZ
    ulimit -f 1
    printf '%s\n' '{"text":"alpha beta"}' '{"text":"gamma"}' |
        "$NDC" -w 100 --state d/s --checkpoint 2 >out
    echo "with a file size limit: exit $?"
)
cat out
cmp -s d/s s.orig && echo "the state file is unchanged"
echo "in the folder: $(ls -a d | tr '\n' ' ')"
