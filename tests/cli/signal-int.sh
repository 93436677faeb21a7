# SIGINT (^C) while ndcluster waits for more input: as for SIGTERM, it
# writes out what it has, saves --state, and exits 130 (128 + 2) without
# waiting for the input to end; the state loads.  A background job of sh
# starts with SIGINT ignored, so ndcluster is started with it at its
# default, as in a terminal (env --default-signal, GNU coreutils 8.31 and
# later; skipped without it).  Waits poll for up to 5 seconds.
. tests/cli/lib/wait.sh
cd "$CASE_TMP" || exit 99
env --default-signal=INT true 2>/dev/null || exit 77
signal_waiting INT -m story -w 100
printf '%s\n' '{"text":"alpha beta"}' |
    "$NDC" -m story -w 100 -a match,size --state s
echo "the state loads: exit $?"
