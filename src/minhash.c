/*
 * minhash.c - MinHash signatures (Broder 1997) of K values, each kept
 * as 16 bits.  Two texts agree at position k with probability
 * J + (1 - J) / 2^16, where J is the Jaccard similarity of their
 * shingle sets; the estimate corrects for the chance agreement.
 */
#include <stdlib.h>
#include <string.h>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "internal.h"

bool
ndci_minhash_init(ndci_minhash *m, uint32_t k, uint64_t seed)
{
    uint64_t state = seed ^ 0x6E64636C75737472ULL;     /* "ndclustr" */
    uint32_t i;

    m->k = k;
    m->a = ndci_calloc(k, sizeof(uint64_t));
    m->mins = ndci_calloc(k, 2 * sizeof(uint32_t));
    m->probe = ndci_calloc(k, NDCI_PROBES * sizeof(uint16_t));
    if (m->a == NULL || m->mins == NULL || m->probe == NULL) {
        ndci_minhash_free(m);
        return false;
    }
    m->salt = ndci_splitmix64(&state);
    for (i = 0; i < k; i++) {
        uint32_t t;

        m->a[i] = ndci_splitmix64(&state);
        for (t = 0; t < NDCI_PROBES; t++)
            m->probe[i * NDCI_PROBES + t] = (uint16_t)(((ndci_mix64(m->a[i] +
                t) >> 32) * k) >> 32);
    }
    return true;
}

void
ndci_minhash_free(ndci_minhash *m)
{
    free(m->a);
    free(m->mins);
    free(m->probe);
    m->a = NULL;
    m->mins = NULL;
    m->probe = NULL;
}

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
ndci_minhash_sign(ndci_minhash *m, const uint64_t *x, size_t n,
    ndci_sigval *sig)
{
    uint32_t *mins = m->mins, k = m->k, i;
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
    for (i = 0; i < k; i++)
        mins[i] = mins[i + k] < mins[i] ? mins[i + k] : mins[i];
    for (i = 0; i < k; i++) {
        uint32_t src = i, attempt = 0;

        if (n == 0) {
            sig[i] = 0;
            continue;
        }
        /* The first probes are computed once, at init: short texts
           leave most bins empty, and each would hash several times. */
        while (mins[src] == UINT32_MAX) {
            if (attempt < NDCI_PROBES) {
                src = m->probe[i * NDCI_PROBES + attempt++];
            } else {
                uint64_t h = ndci_mix64(m->a[i] + attempt++);

                src = (uint32_t)(((h >> 32) * k) >> 32);
            }
        }
        sig[i] = (ndci_sigval)(mins[src] ^ (mins[src] >> 16));
    }
}

double
ndci_minhash_similarity(const ndci_sigval *a, const ndci_sigval *b,
    uint32_t k)
{
    const double chance = 1.0 / 65536.0;
    uint32_t i = 0, same = 0;
    double p;

#ifdef __SSE2__
    /* Eight values at a time (the hot loop of a query on repetitive
       input such as logs, where many candidates share a band): each
       equal pair is -1 in its lane; lanes count down from 0 and are
       summed every 32767 blocks at most, before they could wrap. */
    while (k - i >= 8) {
        __m128i acc = _mm_setzero_si128();
        uint32_t blocks = 0;
        uint16_t lane[8];
        unsigned t;

        for (; k - i >= 8 && blocks < 32767; i += 8, blocks++) {
            __m128i x = _mm_loadu_si128((const __m128i *)(const void *)
                (a + i));
            __m128i y = _mm_loadu_si128((const __m128i *)(const void *)
                (b + i));

            acc = _mm_add_epi16(acc, _mm_cmpeq_epi16(x, y));
        }
        memcpy(lane, &acc, sizeof(lane));
        for (t = 0; t < 8; t++)
            same += (uint16_t)-lane[t];
    }
#endif
    for (; i < k; i++)
        same += a[i] == b[i];
    p = ((double)same / k - chance) / (1.0 - chance);
    return p < 0 ? 0 : p;
}
