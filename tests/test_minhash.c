/*
 * test_minhash.c - MinHash estimates stay within the expected error of
 * the exact Jaccard similarity on random sets, and the fast paths of
 * signing and comparing give what the plain definitions give.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <math.h>
#include <stdlib.h>

#include "internal.h"

/* Signs with a scratch of its own, as each prep of a context does. */
static void
sign(const ndci_minhash *m, const uint64_t *x, size_t n, ndci_sigval *sig)
{
    ndci_mh_scratch sc;

    assert_true(ndci_mh_scratch_init(&sc, m->k));
    ndci_minhash_sign(m, &sc, x, n, sig);
    ndci_mh_scratch_free(&sc);
}

#define K 256

/*
 * Two sets with n_common shared and n_only elements in each alone, so
 * J = c / (c + 2 o).  A value agrees with probability P = J + (1 - J) /
 * 256 (eight bits agree by chance), so the estimate from K values has
 * standard deviation sqrt(P (1 - P) / K) / (1 - 1 / 256); five of those
 * bound it.
 */
static void
check_estimate(uint64_t seed, size_t c, size_t o)
{
    ndci_minhash m;
    uint64_t st = seed, *a, *b;
    ndci_sigval sa[K], sb[K];
    size_t i;
    double j = (double)c / (double)(c + 2 * o), est, sd;
    double p = j + (1 - j) / 256;

    a = calloc(c + o, sizeof(uint64_t));
    b = calloc(c + o, sizeof(uint64_t));
    assert_non_null(a);
    assert_non_null(b);
    for (i = 0; i < c; i++)
        a[i] = b[i] = ndci_splitmix64(&st);
    for (i = c; i < c + o; i++) {
        a[i] = ndci_splitmix64(&st);
        b[i] = ndci_splitmix64(&st);
    }
    assert_true(ndci_minhash_init(&m, K, seed));
    sign(&m, a, c + o, sa);
    sign(&m, b, c + o, sb);
    est = ndci_minhash_similarity(sa, sb, K);
    sd = sqrt(p * (1 - p) / K) / (1 - 1.0 / 256);
    assert_true(fabs(est - j) <= 5 * sd + 0.01);
    ndci_minhash_free(&m);
    free(a);
    free(b);
}

static void
test_minhash_estimate_within_error(void **state)
{
    uint64_t seed;

    (void)state;
    for (seed = 1; seed <= 20; seed++) {
        check_estimate(seed, 100, 0);       /* J = 1 */
        check_estimate(seed, 300, 50);      /* J = 0.75 */
        check_estimate(seed, 100, 50);      /* J = 0.5 */
        check_estimate(seed, 50, 100);      /* J = 0.2 */
        check_estimate(seed, 0, 200);       /* J = 0 */
    }
}

static void
test_minhash_mean_error_small(void **state)
{
    ndci_minhash m;
    uint64_t st = 42, a[400], b[400];
    ndci_sigval sa[64], sb[64];
    double sum = 0;
    int t;
    size_t i;

    (void)state;
    /* Over many trials the estimate is unbiased: J = 200 / 600. */
    for (t = 0; t < 200; t++) {
        for (i = 0; i < 400; i++) {
            a[i] = ndci_splitmix64(&st);
            b[i] = i < 200 ? a[i] : ndci_splitmix64(&st);
        }
        assert_true(ndci_minhash_init(&m, 64, (uint64_t)t));
        sign(&m, a, 400, sa);
        sign(&m, b, 400, sb);
        sum += ndci_minhash_similarity(sa, sb, 64);
        ndci_minhash_free(&m);
    }
    assert_true(fabs(sum / 200 - 1.0 / 3.0) < 0.02);
}

static void
test_minhash_pinned(void **state)
{
    ndci_minhash m;
    uint64_t x[3] = {1, 2, 3};
    ndci_sigval s1[8], s2[8];

    (void)state;
    assert_true(ndci_minhash_init(&m, 8, 0));
    sign(&m, x, 3, s1);
    sign(&m, x, 3, s2);
    assert_memory_equal(s1, s2, sizeof(s1));
    assert_true(ndci_minhash_similarity(s1, s2, 8) == 1.0);
    ndci_minhash_free(&m);
}

/*
 * The signature by the definition (one permutation hashing; an empty
 * bin walks its own hash sequence to the first filled bin), for k
 * values of the n hashes x.
 */
static void
sign_reference(const ndci_minhash *m, const uint64_t *x, size_t n,
    ndci_sigval *sig)
{
    uint32_t mins[1024], k = m->k, i;
    size_t j;

    for (i = 0; i < k; i++)
        mins[i] = UINT32_MAX;
    for (j = 0; j < n; j++) {
        uint64_t h = x[j] ^ m->salt;
        uint32_t bin = (uint32_t)(((h >> 32) * k) >> 32);

        if ((uint32_t)h < mins[bin])
            mins[bin] = (uint32_t)h;
    }
    for (i = 0; i < k; i++) {
        uint32_t src = i, t = 0;

        if (n == 0) {
            sig[i] = 0;
            continue;
        }
        while (mins[src] == UINT32_MAX)
            src = (uint32_t)(((ndci_mix64(m->a[i] + t++) >> 32) * k) >> 32);
        sig[i] = (ndci_sigval)(((uint64_t)mins[src] * (m->a[i] | 1)) >> 56);
    }
}

/* Texts from one hash to many times k, so that every share of filled
   bins (and both ways of densifying) is met, for k with and without a
   multiple of eight and past the table's limit. */
static void
test_minhash_sign_reference(void **state)
{
    static const uint32_t ks[] = {1, 7, 8, 64, 100, 128, 256, 264, 512};
    static const size_t ns[] = {0, 1, 2, 3, 5, 9, 17, 31, 32, 33, 40, 64,
        100, 200, 1000};
    uint64_t st = 7, x[1000];
    ndci_sigval got[1024], want[1024];
    size_t a, b, i;

    (void)state;
    for (i = 0; i < 1000; i++)
        x[i] = ndci_splitmix64(&st);
    for (a = 0; a < sizeof(ks) / sizeof(ks[0]); a++) {
        ndci_minhash m;

        assert_true(ndci_minhash_init(&m, ks[a], ks[a] * 31));
        for (b = 0; b < sizeof(ns) / sizeof(ns[0]); b++) {
            sign(&m, x, ns[b], got);
            sign_reference(&m, x, ns[b], want);
            assert_memory_equal(got, want, ks[a] * sizeof(ndci_sigval));
        }
        ndci_minhash_free(&m);
    }
}

/* The similarity counts equal values exactly, over lengths with and
   without a multiple of sixteen, against the plain count. */
static void
test_minhash_similarity_count(void **state)
{
    static const uint32_t ks[] = {1, 7, 8, 9, 64, 100, 128, 1024};
    uint64_t st = 3;
    ndci_sigval a[1024], b[1024];
    size_t i, t;

    (void)state;
    for (t = 0; t < sizeof(ks) / sizeof(ks[0]); t++) {
        uint32_t k = ks[t], same = 0;
        double want;

        for (i = 0; i < k; i++) {
            a[i] = (ndci_sigval)ndci_splitmix64(&st);
            b[i] = ndci_splitmix64(&st) % 3 == 0 ? a[i] :
                (ndci_sigval)(a[i] + 1);
            same += a[i] == b[i];
        }
        want = ((double)same / k - 1.0 / 256) / (1.0 - 1.0 / 256);
        assert_true(ndci_minhash_similarity(a, b, k) ==
            (want < 0 ? 0 : want));
        assert_true(ndci_minhash_similarity(a, a, k) == 1.0);
    }
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_minhash_estimate_within_error),
        cmocka_unit_test(test_minhash_mean_error_small),
        cmocka_unit_test(test_minhash_pinned),
        cmocka_unit_test(test_minhash_sign_reference),
        cmocka_unit_test(test_minhash_similarity_count),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
