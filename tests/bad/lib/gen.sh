# gen.sh - input generators for the bad-input catalog (sourced by cases).
# They give the same bytes on every machine: no awk rand(), whose
# sequence differs between awks, and LC_ALL=C so that %c is one byte.

# bytes N SEED: N pseudo-random bytes (MINSTD, seed 1..2147483646).
bytes() {
    LC_ALL=C awk -v n="$1" -v x="$2" 'BEGIN {
        for (i = 0; i < n; i++) {
            x = (x * 48271) % 2147483647
            printf "%c", x % 256
        }
    }'
}

# junk LINES SEED: lines of up to 60 characters drawn from the bytes of
# JSON ({}[]":,\ digits, letters, blanks), so that most look like JSON.
junk() {
    LC_ALL=C awk -v n="$1" -v x="$2" 'BEGIN {
        a = "{}[]\":,\\-+.0123456789eEtrufalsn \t{\"text\":\"ab\"}"
        for (i = 0; i < n; i++) {
            x = (x * 48271) % 2147483647
            len = x % 61
            s = ""
            for (j = 0; j < len; j++) {
                x = (x * 48271) % 2147483647
                s = s substr(a, x % length(a) + 1, 1)
            }
            print s
        }
    }'
}

# repeat N STRING: STRING N times, no newline.
repeat() {
    awk -v n="$1" -v s="$2" 'BEGIN {
        out = s
        k = 1
        while (2 * k <= n) { out = out out; k *= 2 }
        rest = n - k
        printf "%s", out
        for (; rest > 0; rest--) printf "%s", s
    }'
}

# words N: N words "w0 w1 ...", no newline.
words() {
    awk -v n="$1" 'BEGIN {
        for (i = 0; i < n; i++) printf "%s%s", (i ? " " : ""), "w" i % 5000
    }'
}
