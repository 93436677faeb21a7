/*
 * test_minhash.c - MinHash estimates stay within the expected error of
 * the exact Jaccard similarity on random sets.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <math.h>
#include <stdlib.h>

#include "internal.h"

#define K 256

/*
 * Two sets with n_common shared and n_only elements in each alone, so
 * J = c / (c + 2 o).  The estimate from K values has standard deviation
 * sqrt(J (1 - J) / K); five of those bound it.
 */
static void
check_estimate(uint64_t seed, size_t c, size_t o)
{
    ndci_minhash m;
    uint64_t st = seed, *a, *b;
    ndci_sigval sa[K], sb[K];
    size_t i;
    double j = (double)c / (double)(c + 2 * o), est, sd;

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
    ndci_minhash_sign(&m, a, c + o, sa);
    ndci_minhash_sign(&m, b, c + o, sb);
    est = ndci_minhash_similarity(sa, sb, K);
    sd = sqrt(j * (1 - j) / K);
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
        ndci_minhash_sign(&m, a, 400, sa);
        ndci_minhash_sign(&m, b, 400, sb);
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
    ndci_minhash_sign(&m, x, 3, s1);
    ndci_minhash_sign(&m, x, 3, s2);
    assert_memory_equal(s1, s2, sizeof(s1));
    assert_true(ndci_minhash_similarity(s1, s2, 8) == 1.0);
    ndci_minhash_free(&m);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_minhash_estimate_within_error),
        cmocka_unit_test(test_minhash_mean_error_small),
        cmocka_unit_test(test_minhash_pinned),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
