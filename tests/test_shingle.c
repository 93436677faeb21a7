/* test_shingle.c - word shingles and the adaptive size. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <string.h>

#include "internal.h"

static void
test_shingle_counts(void **state)
{
    uint64_t w[6] = {11, 22, 33, 44, 55, 66};
    ndci_u64s s = {0};

    (void)state;
    assert_true(ndci_shingles(w, 6, 3, 0, &s));
    assert_int_equal(s.len, 4);
    assert_true(ndci_shingles(w, 6, 1, 0, &s));
    assert_int_equal(s.len, 6);
    /* Shorter than the size: one shingle of all the words. */
    assert_true(ndci_shingles(w, 2, 5, 0, &s));
    assert_int_equal(s.len, 1);
    assert_true(ndci_shingles(w, 0, 3, 0, &s));
    assert_int_equal(s.len, 0);
    ndci_u64s_free(&s);
}

static void
test_shingle_order_matters(void **state)
{
    uint64_t a[3] = {1, 2, 3}, b[3] = {2, 1, 3}, c[5] = {9, 1, 2, 3, 9};
    ndci_u64s sa = {0}, sb = {0}, sc = {0};

    (void)state;
    assert_true(ndci_shingles(a, 3, 3, 0, &sa));
    assert_true(ndci_shingles(b, 3, 3, 0, &sb));
    assert_true(ndci_shingles(c, 5, 3, 0, &sc));
    assert_true(sa.v[0] != sb.v[0]);
    /* The same words give the same shingle wherever they stand. */
    assert_true(sa.v[0] == sc.v[1]);
    assert_true(sc.v[0] != sc.v[1] && sc.v[1] != sc.v[2]);
    /* Another seed, other shingle hashes. */
    assert_true(ndci_shingles(a, 3, 3, 1, &sb));
    assert_true(sa.v[0] != sb.v[0]);
    ndci_u64s_free(&sa);
    ndci_u64s_free(&sb);
    ndci_u64s_free(&sc);
}

static void
test_shingle_mixed(void **state)
{
    uint64_t w[4] = {5, 6, 7, 8};
    ndci_u64s s = {0}, one = {0}, two = {0};

    (void)state;
    /* Size 0: the words, then the pairs, as sizes 1 and 2 give them. */
    assert_true(ndci_shingles(w, 4, 0, 9, &s));
    assert_int_equal(s.len, 7);
    assert_true(ndci_shingles(w, 4, 1, 9, &one));
    assert_true(ndci_shingles(w, 4, 2, 9, &two));
    assert_memory_equal(s.v, one.v, 4 * sizeof(uint64_t));
    assert_memory_equal(s.v + 4, two.v, 3 * sizeof(uint64_t));
    assert_true(ndci_shingles(w, 1, 0, 9, &s));
    assert_int_equal(s.len, 1);
    assert_true(ndci_shingles(w, 0, 0, 9, &s));
    assert_int_equal(s.len, 0);
    ndci_u64s_free(&s);
    ndci_u64s_free(&one);
    ndci_u64s_free(&two);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_shingle_counts),
        cmocka_unit_test(test_shingle_order_matters),
        cmocka_unit_test(test_shingle_mixed),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
