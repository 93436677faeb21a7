# The default threshold in story mode is 0.25 (cosine), not near mode's
# 0.40: on the demo file the default gives the output of -t 0.25, and
# -t 0.4 splits some clusters.
"$NDC" -m story -a score tests/data/demo.ndjson >"$CASE_TMP/default" ||
    echo "default: exit $?"
"$NDC" -m story -a score -t 0.25 tests/data/demo.ndjson >"$CASE_TMP/t25" ||
    echo "-t 0.25: exit $?"
"$NDC" -m story -a score -t 0.4 tests/data/demo.ndjson >"$CASE_TMP/t40" ||
    echo "-t 0.4: exit $?"
cmp -s "$CASE_TMP/default" "$CASE_TMP/t25" && echo "default: same as -t 0.25"
cmp -s "$CASE_TMP/default" "$CASE_TMP/t40" || echo "default: not as -t 0.4"
