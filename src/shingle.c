/*
 * shingle.c - word shingles: a hash of every run of n consecutive word
 * fingerprints (see ndci_word_hashes()), so that no text is hashed
 * twice.
 */
#include "internal.h"

#define SALT 0x5348494E474C4553ULL     /* "SHINGLES" */

/*
 * A shingle's hash is built with one 64-bit mix per word, not an XXH3
 * call per shingle (the hot path of near mode): a word's hash is a
 * bijection of its salted fingerprint, and each further word is mixed
 * into the hash so far, which is multiplied first so that order counts.
 */
static uint64_t
word_mix(uint64_t fp, uint64_t salt)
{
    return ndci_mix64(fp ^ salt);
}

static uint64_t
pair_mix(uint64_t h, uint64_t next)
{
    return ndci_mix64(h * 0x9E3779B97F4A7C15ULL ^ next);
}

/*
 * Size 0: every word and every pair of neighbouring words.  A text's
 * shingles then carry both its vocabulary and its word order, whatever
 * its length, which serves headlines, citations and articles alike:
 * words alone make unrelated long texts look alike, pairs alone make
 * a short text's copy with one word changed look foreign, and a size
 * chosen by length would make a text and its copy on either side of
 * the cut incomparable.  scripts/measure-near.txt has the numbers.
 */
static bool
mixed(const uint64_t *words, size_t n_words, uint64_t seed,
    ndci_u64s *shingles)
{
    size_t i, n = 2 * n_words - 1;
    uint64_t salt = ndci_mix64(seed ^ SALT);
    uint64_t *v;

    if (!ndci_u64s_reserve(shingles, n))
        return false;
    v = shingles->v;
    for (i = 0; i < n_words; i++)
        v[i] = word_mix(words[i], salt);
    for (i = 0; i + 1 < n_words; i++)
        v[n_words + i] = pair_mix(v[i], v[i + 1]);
    shingles->len = n;
    return true;
}

bool
ndci_shingles(const uint64_t *words, size_t n_words, uint32_t size,
    uint64_t seed, ndci_u64s *shingles)
{
    uint64_t salt = ndci_mix64(seed ^ SALT);
    size_t n, i, j, span;

    shingles->len = 0;
    if (n_words == 0)
        return true;
    if (size == 0)
        return mixed(words, n_words, seed, shingles);
    span = n_words < size ? n_words : size;
    n = n_words - span + 1;
    if (!ndci_u64s_reserve(shingles, n))
        return false;
    for (i = 0; i < n; i++) {
        uint64_t h = word_mix(words[i], salt);

        for (j = 1; j < span; j++)
            h = pair_mix(h, word_mix(words[i + j], salt));
        shingles->v[i] = h;
    }
    shingles->len = n;
    return true;
}
