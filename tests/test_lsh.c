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

/* Signs with a scratch of its own, as each prep of a context does. */
static void
sign(const ndci_minhash *m, const uint64_t *x, size_t n, ndci_sigval *sig)
{
    ndci_mh_scratch sc;

    assert_true(ndci_mh_scratch_init(&sc, m->k));
    ndci_minhash_sign(m, &sc, x, n, sig);
    ndci_mh_scratch_free(&sc);
}

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
    sign(m, a, c + o, sa);
    sign(m, b, c + o, sb);
}

/*
 * The index follows a window's slots: these keep a window of records,
 * each its own cluster, in step with it.  add() makes room first, as
 * the context does, then places the record and indexes sig as it.
 */
static void
drop(ndci_window *w, ndci_lsh *l)
{
    ndci_lsh_evict(l, w->lo);
    ndci_window_pop(w);
}

static uint64_t
add(ndci_window *w, ndci_lsh *l, const ndci_sigval *sig)
{
    uint64_t r = w->hi + 1;

    if (ndci_window_len(w) == w->cap)
        drop(w, l);
    ndci_window_count(w, r);
    ndci_window_place(w, r, r, NDC_NO_TIME);
    ndci_lsh_insert(l, r, sig);
    return r;
}

/* Heads that are set at all, live or not. */
static size_t
heads_set(const ndci_lsh *l)
{
    size_t i, n = 0;

    for (i = 0; i < (size_t)l->n_heads * l->bands; i++)
        n += l->heads[i] != 0;
    return n;
}

/*
 * Recall at Jaccard s for bands of rows: the pair is found in at least
 * the fraction 1 - (1 - s^rows)^bands, less a sampling margin.  A window
 * of one holds just the pair's first record.
 */
static void
check_recall(uint32_t bands, size_t c, size_t o)
{
    ndci_minhash m;
    ndci_window w;
    ndci_lsh l;
    ndci_sigval sa[K], sb[K];
    uint64_t st = 99;
    uint32_t rows = K / bands;
    double s = (double)c / (double)(c + 2 * o);
    double want = 1 - pow(1 - pow(s, rows), bands);
    int trials = 300, found = 0, t;

    assert_true(ndci_minhash_init(&m, K, 5));
    assert_true(ndci_window_init(&w, 1));
    assert_true(ndci_lsh_init(&l, &w, K, bands, 5));
    for (t = 0; t < trials; t++) {
        struct hits h = {0, 0, 0};

        sign_pair(&m, &st, c, o, sa, sb);
        h.want = add(&w, &l, sa);
        ndci_lsh_query(&l, sb, on_hit, &h);
        found += h.found;
        assert_true(h.calls <= 1);
    }
    assert_true((double)found / trials >= want - 0.08);
    ndci_lsh_free(&l);
    ndci_window_free(&w);
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
    ndci_window w;
    ndci_lsh l;
    ndci_sigval sa[K], sb[K], got[K];
    uint64_t st = 1;
    struct hits h = {1, 0, 0};

    (void)state;
    assert_true(ndci_minhash_init(&m, K, 0));
    assert_true(ndci_window_init(&w, 4));
    assert_true(ndci_lsh_init(&l, &w, K, 8, 0));
    sign_pair(&m, &st, 50, 0, sa, sb);
    add(&w, &l, sa);
    ndci_lsh_query(&l, sb, on_hit, &h);
    assert_int_equal(h.found, 1);
    assert_int_equal(h.calls, 1);       /* once, not once per band */
    ndci_lsh_sig(&l, 1, got);
    assert_memory_equal(got, sa, sizeof(sa));
    ndci_lsh_free(&l);
    ndci_window_free(&w);
    ndci_minhash_free(&m);
}

static void
test_lsh_evicted_not_found(void **state)
{
    ndci_minhash m;
    ndci_window w;
    ndci_lsh l;
    ndci_sigval sa[K], sb[K];
    uint64_t st = 3, seq, cap = 10;

    (void)state;
    assert_true(ndci_minhash_init(&m, K, 0));
    assert_true(ndci_window_init(&w, (uint32_t)cap));
    assert_true(ndci_lsh_init(&l, &w, K, 16, 0));
    /* 100 identical records through a ring of 10. */
    sign_pair(&m, &st, 40, 0, sa, sb);
    for (seq = 1; seq <= 100; seq++) {
        struct hits h = {0, 0, 0};

        if (ndci_window_len(&w) == cap) {
            h.want = w.lo;
            drop(&w, &l);
        }
        ndci_lsh_query(&l, sb, on_hit, &h);
        assert_int_equal(h.found, 0);   /* the evicted one never shows */
        assert_int_equal(h.calls, (int)ndci_window_len(&w));
        add(&w, &l, sa);
    }
    ndci_lsh_free(&l);
    ndci_window_free(&w);
    ndci_minhash_free(&m);
}

/*
 * Heads and links keep record numbers mod 2^seq_bits, a few bits for a
 * small window: across many wraps, a query finds each live record of
 * its band once and no other, while records of another band value share
 * its chains, and the heads of a record long gone (record 2, the only
 * one of its signature) never pass for live ones: the sweep clears them.
 */
static int
wrap_sig(uint64_t seq)
{
    return seq == 2 ? 2 : seq % 3 != 0 ? 0 : 1;
}

static void
test_lsh_numbers_wrap(void **state)
{
    ndci_minhash m;
    ndci_window w;
    ndci_lsh l;
    ndci_sigval sig[3][K];
    uint64_t st = 5, seq, cap = 10, n;

    (void)state;
    assert_true(ndci_minhash_init(&m, K, 0));
    assert_true(ndci_window_init(&w, (uint32_t)cap));
    assert_true(ndci_lsh_init(&l, &w, K, 16, 0));
    assert_true(l.seq_bits < 10 && l.tag_bits > 0);
    n = 20ULL << l.seq_bits;
    sign_pair(&m, &st, 0, 40, sig[0], sig[1]);
    sign_pair(&m, &st, 0, 40, sig[2], sig[1]);
    for (seq = 1; seq <= n; seq++) {
        size_t sigs = 0;
        int q;

        for (q = 0; q < 3; q++) {
            struct hits h = {0, 0, 0};
            uint64_t s;
            int want = 0;

            for (s = w.lo; s <= w.hi && ndci_window_len(&w) > 0; s++)
                want += wrap_sig(s) == q;
            h.want = seq > 1 && wrap_sig(seq - 1) == q ? seq - 1 : 0;
            ndci_lsh_query(&l, sig[q], on_hit, &h);
            assert_int_equal(h.calls, want);
            assert_int_equal(h.found, h.want != 0);
            sigs += want > 0;
        }
        /* one head a band for each signature in the window, at most */
        assert_true(ndci_lsh_count(&l) <= sigs * 16);
        add(&w, &l, sig[wrap_sig(seq)]);
    }
    ndci_lsh_free(&l);
    ndci_window_free(&w);
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
    ndci_window w;
    ndci_lsh l;
    ndci_sigval sa[K], sb[K];
    uint64_t st = 8, seq, cap = 50, n = 1024;
    size_t stale = 0;

    (void)state;
    assert_true(ndci_minhash_init(&m, K, 0));
    assert_true(ndci_window_init(&w, (uint32_t)cap));
    assert_true(ndci_lsh_init(&l, &w, K, 16, 0));
    l.sweep_mask = 63;
    for (seq = 1; seq <= n; seq++) {
        sign_pair(&m, &st, seq % 3 ? 30 : 0, 20, sa, sb);
        add(&w, &l, sa);
        assert_true(ndci_lsh_count(&l) <= cap * 16);
    }
    while (ndci_window_len(&w) > 0) {
        drop(&w, &l);
        assert_true(ndci_lsh_count(&l) <= ndci_window_len(&w) * 16);
        if (w.lo == n - 10)     /* between sweeps: stale heads are left */
            stale = heads_set(&l) - ndci_lsh_count(&l);
    }
    assert_true(stale > 0);
    /* the eviction of n, a multiple of 64, swept every head */
    assert_int_equal(heads_set(&l), 0);
    ndci_lsh_free(&l);
    ndci_window_free(&w);
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
        cmocka_unit_test(test_lsh_numbers_wrap),
        cmocka_unit_test(test_lsh_eviction_leaves_nothing),
        cmocka_unit_test(test_heads_sweep),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
