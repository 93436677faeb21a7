/*
 * shingle.c - word shingles: the hashes of every run of n consecutive
 * words, built from the words' own hashes so that no text is hashed
 * twice.
 */
#include "internal.h"

/*
 * Adaptive size: short texts (headlines, titles, citations, log lines)
 * share few shingles once an edit touches them, so they use single
 * words; longer texts use pairs, then triples, where single words would
 * make unrelated texts look alike.  The cut points come from
 * scripts/measure-near (see ndcluster(1), DEFAULTS).
 */
#define SHORT_TEXT_WORDS 16
#define MEDIUM_TEXT_WORDS 64

uint32_t
ndci_shingle_size(uint32_t opt, size_t n_words)
{
    if (opt != 0)
        return opt;
    if (n_words < SHORT_TEXT_WORDS)
        return 1;
    if (n_words < MEDIUM_TEXT_WORDS)
        return 2;
    return 3;
}

static uint64_t
rotl64(uint64_t x, unsigned r)
{
    return (x << r) | (x >> (64 - r));
}

bool
ndci_shingles(const uint64_t *words, size_t n_words, uint32_t size,
    ndci_u64s *shingles)
{
    size_t n, i, j, span;

    shingles->len = 0;
    if (n_words == 0)
        return true;
    if (size == 0)
        size = 1;
    span = n_words < size ? n_words : size;
    n = n_words - span + 1;
    if (!ndci_u64s_reserve(shingles, n))
        return false;
    for (i = 0; i < n; i++) {
        uint64_t h = span;

        for (j = 0; j < span; j++)
            h = rotl64(h ^ words[i + j], 27) * 0x9E3779B97F4A7C15ULL;
        shingles->v[i] = ndci_mix64(h);
    }
    shingles->len = n;
    return true;
}
