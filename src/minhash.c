/*
 * minhash.c - MinHash signatures (Broder 1997).  Each of the K hash
 * functions maps a shingle hash x to the top 32 bits of a_k x + b_k
 * (a multiply-shift family over an already well-mixed x); a signature
 * keeps, for each k, the low 16 bits of the smallest value.  Two texts
 * agree at position k with probability J + (1 - J) / 2^16, where J is
 * the Jaccard similarity of their shingle sets.
 */
#include <stdlib.h>

#include "internal.h"

bool
ndci_minhash_init(ndci_minhash *m, uint32_t k, uint64_t seed)
{
    uint64_t state = seed ^ 0x6E64636C75737472ULL;     /* "ndclustr" */
    uint32_t i;

    m->k = k;
    m->a = ndci_calloc(k, sizeof(uint64_t));
    m->b = ndci_calloc(k, sizeof(uint64_t));
    if (m->a == NULL || m->b == NULL) {
        ndci_minhash_free(m);
        return false;
    }
    for (i = 0; i < k; i++) {
        m->a[i] = ndci_splitmix64(&state) | 1;
        m->b[i] = ndci_splitmix64(&state);
    }
    return true;
}

void
ndci_minhash_free(ndci_minhash *m)
{
    free(m->a);
    free(m->b);
    m->a = m->b = NULL;
}

/* Values per block of the min loop: a block's minima stay in registers. */
#define BLOCK 16

void
ndci_minhash_sign(const ndci_minhash *m, const uint64_t *x, size_t n,
    ndci_sigval *sig)
{
    uint32_t k0, j;
    size_t i;

    for (k0 = 0; k0 < m->k; k0 += BLOCK) {
        uint32_t mins[BLOCK];
        uint32_t nk = m->k - k0 < BLOCK ? m->k - k0 : BLOCK;

        for (j = 0; j < BLOCK; j++)
            mins[j] = UINT32_MAX;
        for (i = 0; i < n; i++) {
            uint64_t xi = x[i];

            for (j = 0; j < nk; j++) {
                uint32_t v = (uint32_t)((xi * m->a[k0 + j] +
                    m->b[k0 + j]) >> 32);

                mins[j] = v < mins[j] ? v : mins[j];
            }
        }
        for (j = 0; j < nk; j++)
            sig[k0 + j] = (ndci_sigval)mins[j];
    }
}

double
ndci_minhash_similarity(const ndci_sigval *a, const ndci_sigval *b,
    uint32_t k)
{
    const double chance = 1.0 / 65536.0;
    uint32_t i, same = 0;
    double p;

    for (i = 0; i < k; i++)
        same += a[i] == b[i];
    p = ((double)same / k - chance) / (1.0 - chance);
    return p < 0 ? 0 : p;
}
