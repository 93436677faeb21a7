/*
 * minhash.c - MinHash signatures (Broder 1997) of K values, each kept
 * as 8 bits (b-bit MinHash, Li and Koenig 2010).  Two texts agree at
 * position k with probability J + (1 - J) / 2^8, where J is the Jaccard
 * similarity of their shingle sets; the estimate corrects for the chance
 * agreement.
 */
#include <stdlib.h>
#include <string.h>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "internal.h"

/*
 * The stored value of bin i whose smallest hash is v: the top eight bits
 * of v times the bin's own odd multiplier.  Short texts fill few bins,
 * and empty bins borrow their values, the same bins in every text: were
 * the eight bits v's own, one chance agreement of two filled bins would
 * repeat in every bin that borrows from both, and unrelated short texts
 * would look alike.  With a multiplier per bin, chance agreements of
 * different bins are apart.
 */
static ndci_sigval
minhash_value(const ndci_minhash *m, uint32_t v, uint32_t i)
{
    return (ndci_sigval)(((uint64_t)v * (m->a[i] | 1)) >> 56);
}

/* The t-th bin in the sequence that empty bin i borrows from. */
static uint32_t
probe_bin(const ndci_minhash *m, uint32_t i, uint32_t t)
{
    return (uint32_t)(((ndci_mix64(m->a[i] + t) >> 32) * m->k) >> 32);
}

/* The bin that empty bin i borrows from: the first filled one in its
   sequence, whose first steps are computed once, at init (short texts
   leave most bins empty, and each would hash several times). */
static uint32_t
borrow(const ndci_minhash *m, const uint32_t *mins, uint32_t i)
{
    uint32_t src = i, t = 0;

    while (mins[src] == UINT32_MAX) {
        src = t < NDCI_PROBES ? m->probe[i * NDCI_PROBES + t] :
            probe_bin(m, i, t);
        t++;
    }
    return src;
}

#ifdef __SSE2__
/*
 * The key of bin j at place p of a sequence: the place (capped at the
 * largest that fits) above the bin's bits, so that the smallest key of
 * some bins is that of the earliest one, bin included; top bit flipped,
 * so that SSE2's signed 16-bit minimum orders keys as unsigned.  Places
 * in one sequence differ, so only a capped place can tie, and a signing
 * whose smallest key is capped walks the sequence instead.
 */
#define POS_FLIP 0x8000u

static uint32_t
pos_bits(uint32_t k)
{
    uint32_t b = 0;

    while ((1u << b) < k)
        b++;
    return b;
}

/*
 * Fills m->pos: for each empty bin i, the key of each bin j by its first
 * place in i's sequence.  A text with few filled bins then finds, for
 * eight empty bins at a time, the filled bin of the earliest place as
 * the smallest of the filled bins' keys, without walking the sequences
 * (about k / filled steps per empty bin, each a branch no predictor can
 * guess).
 */
static bool
pos_init(ndci_minhash *m)
{
    uint32_t k = m->k, jb = pos_bits(k), cap = (1u << (16 - jb)) - 1;
    uint32_t i, j;

    m->pos = ndci_calloc((size_t)k * k, sizeof(uint16_t));
    if (m->pos == NULL)
        return false;
    for (j = 0; j < k; j++)
        for (i = 0; i < k; i++)
            m->pos[(size_t)j * k + i] = (uint16_t)((cap << jb | j) ^ POS_FLIP);
    for (i = 0; i < k; i++) {
        uint32_t t, seen = 0;

        for (t = 0; t < cap && seen < k; t++) {
            uint32_t b = probe_bin(m, i, t);
            uint16_t *at = &m->pos[(size_t)b * k + i];

            if (*at == (uint16_t)((cap << jb | b) ^ POS_FLIP)) {
                *at = (uint16_t)((t << jb | b) ^ POS_FLIP);
                seen++;
            }
        }
    }
    return true;
}

/* Bins whose smallest keys borrow_all() keeps in registers at once:
   eight of SSE2's sixteen, so that each filled bin's row is read once
   per 64 bins, not once per eight. */
#define POS_GROUPS 8u

/* The bins i to i + 8 * POS_GROUPS - 1, for borrow_all(): in best[g],
   the smallest key of bins i + 8 g to i + 8 g + 7 over the n filled
   bins.  The minimums are locals, so that they stay in registers. */
static void
pos_min64(const ndci_minhash *m, const ndci_mh_scratch *sc, uint32_t n,
    uint32_t i, __m128i *best)
{
    const uint16_t *pos = m->pos + i;
    const uint32_t *filled = sc->filled;
    size_t k = m->k;
    __m128i b0, b1, b2, b3, b4, b5, b6, b7;
    uint32_t f;

    b0 = b1 = b2 = b3 = b4 = b5 = b6 = b7 = _mm_set1_epi16(0x7FFF);
    for (f = 0; f < n; f++) {
        const __m128i *row = (const __m128i *)(const void *)
            (pos + filled[f] * k);

        b0 = _mm_min_epi16(b0, _mm_loadu_si128(row + 0));
        b1 = _mm_min_epi16(b1, _mm_loadu_si128(row + 1));
        b2 = _mm_min_epi16(b2, _mm_loadu_si128(row + 2));
        b3 = _mm_min_epi16(b3, _mm_loadu_si128(row + 3));
        b4 = _mm_min_epi16(b4, _mm_loadu_si128(row + 4));
        b5 = _mm_min_epi16(b5, _mm_loadu_si128(row + 5));
        b6 = _mm_min_epi16(b6, _mm_loadu_si128(row + 6));
        b7 = _mm_min_epi16(b7, _mm_loadu_si128(row + 7));
    }
    best[0] = b0;
    best[1] = b1;
    best[2] = b2;
    best[3] = b3;
    best[4] = b4;
    best[5] = b5;
    best[6] = b6;
    best[7] = b7;
}

/* The smallest key of bins i to i + 7 over the n filled bins. */
static __m128i
pos_min8(const ndci_minhash *m, const ndci_mh_scratch *sc, uint32_t n,
    uint32_t i)
{
    __m128i best = _mm_set1_epi16(0x7FFF);
    uint32_t f;

    for (f = 0; f < n; f++)
        best = _mm_min_epi16(best, _mm_loadu_si128((const __m128i *)
            (const void *)(m->pos + (size_t)sc->filled[f] * m->k + i)));
    return best;
}

/*
 * Stores the sources of bins i to i + 7 from their smallest keys, best:
 * a key's low jb bits (pos_bits()) are its bin (the flipped top bit is
 * above them).
 * A capped key is no place in the sequence: those bins walk it.
 */
static void
pos_store(const ndci_minhash *m, ndci_mh_scratch *sc, uint32_t jb,
    uint32_t i, __m128i best)
{
    uint32_t cap = (1u << (16 - jb)) - 1, lane;
    /* key >> jb >= cap, as flipped keys compare signed */
    __m128i over = _mm_cmpgt_epi16(best,
        _mm_set1_epi16((short)(((cap << jb) ^ POS_FLIP) - 1)));
    int capped = _mm_movemask_epi8(over);

    _mm_storeu_si128((__m128i *)(void *)(sc->src + i),
        _mm_and_si128(best, _mm_set1_epi16((short)((1u << jb) - 1))));
    for (lane = 0; capped != 0 && lane < 8; lane++)
        if (capped & (1 << (2 * lane)))
            sc->src[i + lane] = (uint16_t)borrow(m, sc->mins, i + lane);
}

/*
 * Sets sc->src[i], for every bin i, to the one of the n filled bins that
 * comes first in i's sequence, and to i for a filled bin i: 64 bins at a
 * time while they last, then eight.
 */
static void
borrow_all(const ndci_minhash *m, ndci_mh_scratch *sc, uint32_t n)
{
    uint32_t k = m->k, jb = pos_bits(k), i = 0, g, f;

    for (; k - i >= 8 * POS_GROUPS; i += 8 * POS_GROUPS) {
        __m128i best[POS_GROUPS];

        pos_min64(m, sc, n, i, best);
        for (g = 0; g < POS_GROUPS; g++)
            pos_store(m, sc, jb, i + 8 * g, best[g]);
    }
    for (; i < k; i += 8)
        pos_store(m, sc, jb, i, pos_min8(m, sc, n, i));
    for (f = 0; f < n; f++)
        sc->src[sc->filled[f]] = (uint16_t)sc->filled[f];
}
#endif

bool
ndci_minhash_init(ndci_minhash *m, uint32_t k, uint64_t seed)
{
    uint64_t state = seed ^ 0x6E64636C75737472ULL;     /* "ndclustr" */
    uint32_t i;

    m->k = k;
    m->pos = NULL;
    m->a = ndci_calloc(k, sizeof(uint64_t));
    m->probe = ndci_calloc(k, NDCI_PROBES * sizeof(uint16_t));
    if (m->a == NULL || m->probe == NULL) {
        ndci_minhash_free(m);
        return false;
    }
    m->salt = ndci_splitmix64(&state);
    for (i = 0; i < k; i++) {
        uint32_t t;

        m->a[i] = ndci_splitmix64(&state);
        for (t = 0; t < NDCI_PROBES; t++)
            m->probe[i * NDCI_PROBES + t] = (uint16_t)probe_bin(m, i, t);
    }
#ifdef __SSE2__
    if (k % 8 == 0 && k <= NDCI_POS_MAX_K && !pos_init(m)) {
        ndci_minhash_free(m);
        return false;
    }
#endif
    return true;
}

void
ndci_minhash_free(ndci_minhash *m)
{
    free(m->a);
    free(m->probe);
    free(m->pos);
    m->a = NULL;
    m->probe = NULL;
    m->pos = NULL;
}

size_t
ndci_minhash_bytes(const ndci_minhash *m)
{
    return m->k * (sizeof(uint64_t) + NDCI_PROBES * sizeof(uint16_t)) +
        (m->pos != NULL ? (size_t)m->k * m->k * sizeof(uint16_t) : 0);
}

bool
ndci_mh_scratch_init(ndci_mh_scratch *sc, uint32_t k)
{
    sc->mins = ndci_calloc(k, 2 * sizeof(uint32_t));
    sc->filled = ndci_calloc(k, sizeof(uint32_t));
    sc->src = ndci_calloc(k, sizeof(uint16_t));
    if (sc->mins == NULL || sc->filled == NULL || sc->src == NULL) {
        ndci_mh_scratch_free(sc);
        return false;
    }
    return true;
}

void
ndci_mh_scratch_free(ndci_mh_scratch *sc)
{
    free(sc->mins);
    free(sc->filled);
    free(sc->src);
    sc->mins = NULL;
    sc->filled = NULL;
    sc->src = NULL;
}

/*
 * Merges the second copy of the bins into the first, and lists the
 * filled bins, in order, in sc->filled; returns how many there are.
 * SSE2 has no unsigned 32-bit minimum: values compare signed with their
 * top bits flipped.
 */
static uint32_t
merge_bins(const ndci_minhash *m, ndci_mh_scratch *sc)
{
    uint32_t *mins = sc->mins, k = m->k, i = 0, n = 0;

#ifdef __SSE2__
    const __m128i flip = _mm_set1_epi32((int)0x80000000u);
    const __m128i none = _mm_set1_epi32(-1);

    for (; k - i >= 4; i += 4) {
        __m128i a = _mm_loadu_si128((const __m128i *)(const void *)(mins + i));
        __m128i b = _mm_loadu_si128((const __m128i *)
            (const void *)(mins + i + k));
        __m128i b_less = _mm_cmpgt_epi32(_mm_xor_si128(a, flip),
            _mm_xor_si128(b, flip));
        __m128i v = _mm_or_si128(_mm_andnot_si128(b_less, a),
            _mm_and_si128(b_less, b));
        unsigned full = ~(unsigned)_mm_movemask_ps(_mm_castsi128_ps(
            _mm_cmpeq_epi32(v, none))) & 0xFu;

        _mm_storeu_si128((__m128i *)(void *)(mins + i), v);
        for (; full != 0; full &= full - 1)
            sc->filled[n++] = i + (uint32_t)__builtin_ctz(full);
    }
#endif
    for (; i < k; i++) {
        mins[i] = mins[i + k] < mins[i] ? mins[i + k] : mins[i];
        sc->filled[n] = i;
        n += mins[i] != UINT32_MAX;
    }
    return n;
}

/* Up to this many filled bins, borrow_all is the cheaper. */
#define POS_FILLED_MAX 64u

/*
 * One permutation hashing with optimal densification (Li, Owen, Zhang
 * 2012; Shrivastava 2017): one hash per shingle picks a bin and a value,
 * each bin keeps its smallest value, and an empty bin borrows the value
 * of a bin chosen by a hash sequence of its own index, the same for
 * every text.  Two texts then agree in a bin with probability J, as with
 * K independent permutations, at the cost of one hash per shingle
 * instead of K.
 */
void
ndci_minhash_sign(const ndci_minhash *m, ndci_mh_scratch *sc,
    const uint64_t *x, size_t n, ndci_sigval *sig)
{
    uint32_t *mins = sc->mins, k = m->k, i, n_filled = 0;
    size_t j;

    /* An empty bin holds UINT32_MAX; a bin whose smallest value really
       is UINT32_MAX is densified as if empty, the same in every text.
       Even and odd shingles go to two copies of the bins, merged after,
       so that neighbours hitting one bin do not wait on each other. */
    for (i = 0; i < 2 * k; i++)
        mins[i] = UINT32_MAX;
    for (j = 0; j + 1 < n; j += 2) {
        uint64_t h0 = x[j] ^ m->salt, h1 = x[j + 1] ^ m->salt;
        uint32_t b0 = (uint32_t)(((h0 >> 32) * k) >> 32);
        uint32_t b1 = (uint32_t)(((h1 >> 32) * k) >> 32) + k;
        uint32_t v0 = (uint32_t)h0, v1 = (uint32_t)h1;

        mins[b0] = v0 < mins[b0] ? v0 : mins[b0];
        mins[b1] = v1 < mins[b1] ? v1 : mins[b1];
    }
    if (j < n) {
        uint64_t h = x[j] ^ m->salt;
        uint32_t bin = (uint32_t)(((h >> 32) * k) >> 32);
        uint32_t v = (uint32_t)h;

        mins[bin] = v < mins[bin] ? v : mins[bin];
    }
    n_filled = merge_bins(m, sc);
    if (n_filled == 0) {    /* no text (or, once in 2^32 per value, a
                               text of values that all read as empty) */
        memset(sig, 0, k * sizeof(*sig));
        return;
    }
#ifdef __SSE2__
    if (m->pos != NULL && n_filled <= POS_FILLED_MAX) {
        const uint16_t *src = sc->src;
        const uint64_t *a = m->a;

        borrow_all(m, sc, n_filled);
        /* minhash_value(), with m's fields in locals: sig, as bytes,
           could alias them, and each store would read them again */
        for (i = 0; i < k; i++)
            sig[i] = (ndci_sigval)(((uint64_t)mins[src[i]] * (a[i] | 1)) >>
                56);
        return;
    }
#endif
    for (i = 0; i < k; i++) {
        uint32_t src = mins[i] != UINT32_MAX ? i : borrow(m, mins, i);

        sig[i] = minhash_value(m, mins[src], i);
    }
}

double
ndci_minhash_estimate(uint32_t same, uint32_t k)
{
    const double chance = 1.0 / 256.0;
    double p = ((double)same / k - chance) / (1.0 - chance);

    return p < 0 ? 0 : p;
}

uint32_t
ndci_minhash_same(const ndci_sigval *a, const ndci_sigval *b, size_t n)
{
    size_t i = 0;
    uint32_t same = 0;

#ifdef __SSE2__
    /* Sixteen values at a time: each equal pair is 0xFF in its lane,
       and the lanes are summed as bytes (each a multiple of 255). */
    __m128i acc = _mm_setzero_si128();
    uint64_t lane[2];

    for (; n - i >= 16; i += 16)
        acc = _mm_add_epi64(acc, _mm_sad_epu8(_mm_cmpeq_epi8(
            _mm_loadu_si128((const __m128i *)(const void *)(a + i)),
            _mm_loadu_si128((const __m128i *)(const void *)(b + i))),
            _mm_setzero_si128()));
    memcpy(lane, &acc, sizeof(lane));
    same = (uint32_t)((lane[0] + lane[1]) / 255);
#endif
    for (; i < n; i++)
        same += a[i] == b[i];
    return same;
}

double
ndci_minhash_similarity(const ndci_sigval *a, const ndci_sigval *b,
    uint32_t k)
{
    return ndci_minhash_estimate(ndci_minhash_same(a, b, k), k);
}
