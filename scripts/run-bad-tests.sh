#!/bin/sh
# run-bad-tests.sh - run the bad-input catalog in tests/bad against a
# binary.
#
# usage: sh scripts/run-bad-tests.sh BINARY [NAME ...]
#
# The catalog holds what a filter at the end of a live feed meets: junk
# bytes, broken JSON, deep nesting, huge records, damaged state files,
# missing folders, bad operands and bad option values.  Each case
# tests/bad/NAME.sh is a small sh script that makes its input (large or
# binary inputs are generated, so that the repository stays small) and
# runs "$NDC" on it.  It runs from the repository root with stdin from
# /dev/null and these variables set:
#   NDC       the absolute path of BINARY (or of a valgrind wrapper)
#   CASE_TMP  an empty scratch directory, removed afterwards
# Its stdout, stderr and exit status are compared with NAME.out, NAME.err
# and NAME.exit.  A missing .out or .err means that stream must be
# empty; a missing .exit means status 0.  A case that cannot run here
# (for example one that needs a non-root user) exits 77 and is counted
# as skipped.  With NAME arguments only those cases run.
#
# VALGRIND=1 runs ndcluster under valgrind (memcheck: no errors, no
# definite leaks) in every case without a line "# large" (those take
# minutes under valgrind); a valgrind finding changes the exit status to
# 99 and adds its report to stderr, so the case fails.
#
# UPDATE=1 writes the expected files from the actual results, as in
# scripts/run-cli-tests.sh; read every file it writes before keeping it.
#
# NDC_TEST_TIMEOUT (seconds, default 60 here) bounds each case when
# timeout(1) is available.
#
# The last line printed is "N passed, M failed"; the exit status is 1 if
# any case failed, 2 on a usage error.  The cases run through
# scripts/run-cli-tests.sh -d tests/bad, which does the work for both.
set -eu
NDC_TEST_TIMEOUT=${NDC_TEST_TIMEOUT:-60}
export NDC_TEST_TIMEOUT
exec sh "$(dirname "$0")/run-cli-tests.sh" -d tests/bad "$@"
