#!/bin/sh
# gen-short.sh - writes N deterministic short records to stdout.
#
#   sh scripts/gen-short.sh N
#
# Records are {"id":I,"text":"..."} of 5 to 30 words: a third common
# English words, the rest drawn from a long Zipf-like tail (w1f4, ...),
# as short posts and headlines are.  The same N always gives the same
# bytes, and the first M records of any N > M are those of M, so that
# bench.sh and compare-output.sh run on the same records.
set -eu
exec awk -v n="${1:-1000000}" 'BEGIN {
    srand(7)
    split("the of and to in a is that for on with as was by said it " \
        "from at his an be has are have but were its not this who they", c)
    for (i = 1; i <= n; i++) {
        k = 5 + int(rand() * 26); t = ""
        for (j = 0; j < k; j++) {
            r = rand()
            w = r < 0.35 ? c[1 + int(rand() * 32)] : \
                sprintf("w%x", int(500 / (rand() + 0.0002)))
            t = t (j ? " " : "") w
        }
        printf "{\"id\":%d,\"text\":\"%s\"}\n", i, t
    }
}'
