# SIGHUP (the terminal or the session went away) while ndcluster waits
# for more input: as for SIGTERM, it writes out what it has, saves
# --state, and exits 129 (128 + 1) without waiting for the input to end.
# The state it saved loads: a second run with the same options goes on
# with the record numbers.  ndcluster is started with SIGHUP at its
# default, in case the tests run under nohup (env --default-signal, GNU
# coreutils 8.31 and later; skipped without it).  Waits poll for up to
# 5 seconds.
. tests/cli/lib/wait.sh
cd "$CASE_TMP" || exit 99
env --default-signal=HUP true 2>/dev/null || exit 77
signal_waiting HUP -w 100
printf '%s\n' '{"text":"alpha beta"}' | "$NDC" -w 100 -a match,size --state s
echo "the state loads: exit $?"
