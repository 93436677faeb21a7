#!/bin/sh
# gen-ndjson.sh - writes deterministic news-like NDJSON to stdout.
#
#   sh scripts/gen-ndjson.sh MBYTES RECORD_BYTES COPY_PERCENT
#
# Records are {"id":N,"text":"..."} with about RECORD_BYTES bytes of text
# drawn from a fixed Zipf-like vocabulary; COPY_PERCENT of them are
# near-copies of a recent record with one word in ten replaced.  The
# same arguments always give the same bytes (awk's srand with a fixed
# seed), so benchmark runs compare like with like.
set -eu
mbytes=${1:-60}
rec=${2:-3000}
copies=${3:-30}
exec awk -v total="$((mbytes * 1000000))" -v rec="$rec" -v cp="$copies" '
function word(   r) {
    r = rand()
    # A few very common words, then a long tail, as in real text.
    if (r < 0.3)
        return common[int(rand() * ncommon)]
    return sprintf("w%x", int(2000 / (rand() + 0.0004)) + int(rand() * 50))
}
BEGIN {
    srand(20141219)
    ncommon = split("the of and to in a is that for on with as was by " \
        "said it from at his an be has are have but were its not this " \
        "who they their had after been one will would new more also", common)
    size = 0; n = 0; nrecent = 0
    while (size < total) {
        n++
        if (nrecent > 0 && rand() * 100 < cp) {
            m = split(recent[int(rand() * nrecent)], w, " ")
            for (i = 1; i <= m; i += 10)
                w[i + int(rand() * 10)] = word()
            t = w[1]
            for (i = 2; i <= m; i++)
                t = t " " w[i]
        } else {
            t = word()
            while (length(t) < rec)
                t = t " " word()
            recent[nrecent < 1000 ? nrecent++ : int(rand() * 1000)] = t
        }
        line = "{\"id\":" n ",\"text\":\"" t "\"}"
        print line
        size += length(line) + 1
    }
}'
