/*
 * shingle.c - word shingles: the XXH3 hash of every run of n
 * consecutive word fingerprints (see ndci_word_hashes()), so that no
 * text is hashed twice.
 */
#define XXH_INLINE_ALL
#include <xxhash.h>

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

bool
ndci_shingles(const uint64_t *words, size_t n_words, uint32_t size,
    uint64_t seed, ndci_u64s *shingles)
{
    size_t n, i, span;

    shingles->len = 0;
    if (n_words == 0)
        return true;
    if (size == 0)
        size = 1;
    span = n_words < size ? n_words : size;
    n = n_words - span + 1;
    if (!ndci_u64s_reserve(shingles, n))
        return false;
    for (i = 0; i < n; i++)
        shingles->v[i] = XXH3_64bits_withSeed(words + i,
            span * sizeof(uint64_t), seed);
    shingles->len = n;
    return true;
}
