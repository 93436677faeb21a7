/*
 * test_lsh.c - the band index: candidates are found at the rate the
 * S-curve promises, and eviction leaves nothing behind.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

#define K 64

struct hits {
    uint64_t want;
    int found;
    int calls;
};

static bool
on_hit(void *arg, uint64_t seq)
{
    struct hits *h = arg;

    h->calls++;
    if (seq == h->want)
        h->found++;
    return true;
}

/* Signs a random set of n elements, c of them from the shared pool. */
static void
sign_pair(ndci_minhash *m, uint64_t *st, size_t c, size_t o,
    ndci_sigval *sa, ndci_sigval *sb)
{
    uint64_t a[400], b[400];
    size_t i;

    for (i = 0; i < c + o; i++) {
        a[i] = ndci_splitmix64(st);
        b[i] = i < c ? a[i] : ndci_splitmix64(st);
    }
    ndci_minhash_sign(m, a, c + o, sa);
    ndci_minhash_sign(m, b, c + o, sb);
}

/*
 * Recall at Jaccard s for bands of rows: the pair is found in at least
 * the fraction 1 - (1 - s^rows)^bands, less a sampling margin.
 */
static void
check_recall(uint32_t bands, size_t c, size_t o)
{
    ndci_minhash m;
    ndci_lsh l;
    ndci_sigval sa[K], sb[K];
    uint64_t st = 99, seq;
    uint32_t rows = K / bands;
    double s = (double)c / (double)(c + 2 * o);
    double want = 1 - pow(1 - pow(s, rows), bands);
    int trials = 300, found = 0, t;

    assert_true(ndci_minhash_init(&m, K, 5));
    assert_true(ndci_lsh_init(&l, (uint32_t)trials, K, bands, 5));
    for (t = 0, seq = 1; t < trials; t++, seq++) {
        struct hits h = {seq, 0, 0};

        sign_pair(&m, &st, c, o, sa, sb);
        ndci_lsh_insert(&l, seq, sa);
        ndci_lsh_query(&l, sb, seq, seq, on_hit, &h);
        found += h.found;
        assert_true(h.calls <= 1);
    }
    assert_true((double)found / trials >= want - 0.08);
    ndci_lsh_free(&l);
    ndci_minhash_free(&m);
}

static void
test_lsh_recall_at_threshold(void **state)
{
    (void)state;
    check_recall(NDC_DEFAULT_BANDS, 200, 50);   /* s = 0.67 */
    check_recall(NDC_DEFAULT_BANDS, 100, 50);   /* s = 0.5 */
    check_recall(32, 60, 70);                   /* s = 0.3, rows 2 */
    check_recall(16, 150, 25);                  /* s = 0.75, rows 4 */
}

static void
test_lsh_identical_always_found(void **state)
{
    ndci_minhash m;
    ndci_lsh l;
    ndci_sigval sa[K], sb[K];
    uint64_t st = 1;
    struct hits h = {1, 0, 0};

    (void)state;
    assert_true(ndci_minhash_init(&m, K, 0));
    assert_true(ndci_lsh_init(&l, 4, K, 8, 0));
    sign_pair(&m, &st, 50, 0, sa, sb);
    ndci_lsh_insert(&l, 1, sa);
    ndci_lsh_query(&l, sb, 1, 1, on_hit, &h);
    assert_int_equal(h.found, 1);
    assert_int_equal(h.calls, 1);       /* once, not once per band */
    ndci_lsh_free(&l);
    ndci_minhash_free(&m);
}

static void
test_lsh_evicted_not_found(void **state)
{
    ndci_minhash m;
    ndci_lsh l;
    ndci_sigval sa[K], sb[K];
    uint64_t st = 3, seq, lo = 1, cap = 10;

    (void)state;
    assert_true(ndci_minhash_init(&m, K, 0));
    assert_true(ndci_lsh_init(&l, (uint32_t)cap, K, 16, 0));
    /* 100 identical records through a ring of 10. */
    sign_pair(&m, &st, 40, 0, sa, sb);
    for (seq = 1; seq <= 100; seq++) {
        struct hits h = {0, 0, 0};

        if (seq - lo == cap) {
            ndci_lsh_evict(&l, lo);
            lo++;
            h.want = lo - 1;
        }
        ndci_lsh_query(&l, sb, lo, seq - 1, on_hit, &h);
        assert_int_equal(h.found, 0);   /* the evicted one never shows */
        assert_int_equal(h.calls, (int)(seq - lo));
        ndci_lsh_insert(&l, seq, sa);
    }
    ndci_lsh_free(&l);
    ndci_minhash_free(&m);
}

/*
 * Heads of evicted records are left until a sweep (every sweep_mask + 1
 * evictions, here 64): they never count as live, and once the last
 * record has left and a sweep has run, no head is left at all.
 */
static void
test_lsh_eviction_leaves_nothing(void **state)
{
    ndci_minhash m;
    ndci_lsh l;
    ndci_sigval sa[K], sb[K];
    uint64_t st = 8, seq, lo = 1, cap = 50, n = 1024;
    size_t i, stale = 0;

    (void)state;
    assert_true(ndci_minhash_init(&m, K, 0));
    assert_true(ndci_lsh_init(&l, (uint32_t)cap, K, 16, 0));
    l.sweep_mask = 63;
    for (seq = 1; seq <= n; seq++) {
        sign_pair(&m, &st, seq % 3 ? 30 : 0, 20, sa, sb);
        if (seq - lo == cap) {
            ndci_lsh_evict(&l, lo);
            lo++;
        }
        ndci_lsh_insert(&l, seq, sa);
        assert_true(ndci_lsh_count(&l, lo, seq) <= cap * 16);
    }
    while (lo <= n) {
        ndci_lsh_evict(&l, lo);
        lo++;
        assert_true(ndci_lsh_count(&l, lo, n) <= (n - lo + 1) * 16);
        if (lo == n - 10)   /* between sweeps: stale heads are left */
            stale = ndci_lsh_count(&l, 1, lo - 1);
    }
    assert_true(stale > 0);
    /* the eviction of n, a multiple of 64, swept every head */
    for (i = 0; i < (size_t)(l.head_mask + 1) * l.bands; i++)
        assert_int_equal(l.heads[i], 0);
    ndci_lsh_free(&l);
    ndci_minhash_free(&m);
}

/* A sweep as record seq leaves clears the heads of records up to seq
   and keeps those of the cap records after it, across the wrap of
   32-bit record numbers. */
static void
test_heads_sweep(void **state)
{
    static const uint64_t seqs[] = {50, (3ULL << 32) + 50,
        (1ULL << 32) - 10, (5ULL << 32) - 1};
    const uint32_t cap = 100;
    size_t t;

    (void)state;
    for (t = 0; t < sizeof(seqs) / sizeof(seqs[0]); t++) {
        uint64_t seq = seqs[t];
        uint32_t h[8];

        h[0] = (uint32_t)seq;                   /* leaving now */
        h[1] = (uint32_t)(seq - 1);             /* left before */
        h[2] = (uint32_t)(seq - (1u << 31));    /* long gone */
        h[3] = (uint32_t)(seq + 1);             /* oldest live */
        h[4] = (uint32_t)(seq + cap);           /* newest live */
        h[5] = (uint32_t)(seq + cap / 2);
        h[6] = (uint32_t)(seq - cap);
        h[7] = (uint32_t)(seq + cap + 1);       /* cannot be live */
        ndci_heads_sweep(h, 8, seq, cap);
        assert_int_equal(h[0], 0);
        assert_int_equal(h[1], 0);
        assert_int_equal(h[2], 0);
        assert_int_equal(h[3], (uint32_t)(seq + 1));
        assert_int_equal(h[4], (uint32_t)(seq + cap));
        assert_int_equal(h[5], (uint32_t)(seq + cap / 2));
        assert_int_equal(h[6], 0);
        assert_int_equal(h[7], 0);
    }
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_lsh_recall_at_threshold),
        cmocka_unit_test(test_lsh_identical_always_found),
        cmocka_unit_test(test_lsh_evicted_not_found),
        cmocka_unit_test(test_lsh_eviction_leaves_nothing),
        cmocka_unit_test(test_heads_sweep),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
