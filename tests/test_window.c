/* test_window.c - the ring and the cluster counts, against a model. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

#define CAP 64
#define N_IDS 200

/* A record joining cluster id, as the context commits one: counted,
   then room made, then placed. */
static uint64_t
push(ndci_window *w, uint64_t record, uint64_t id)
{
    ndci_window_count(w, id);
    if (ndci_window_len(w) == w->cap)
        ndci_window_pop(w);
    ndci_window_place(w, record, id, NDC_NO_TIME);
    return w->hi;
}

static void
test_window_ring(void **state)
{
    ndci_window w;
    uint64_t i;

    (void)state;
    assert_true(ndci_window_init(&w, 3));
    assert_int_equal(ndci_window_len(&w), 0);
    for (i = 1; i <= 10; i++) {
        uint64_t seq = push(&w, i * 10, i);

        assert_int_equal(seq, i);
        assert_int_equal(ndci_window_len(&w), i < 3 ? i : 3);
        assert_int_equal(ndci_window_at(&w, seq)->record, i * 10);
        /* the one slot rule: record seq lives in (seq - 1) mod cap */
        assert_int_equal(ndci_window_slot(&w, seq), (seq - 1) % 3);
        assert_int_equal(ndci_window_slot(&w, w.lo), (w.lo - 1) % 3);
    }
    assert_int_equal(w.lo, 8);
    /* Clusters 1..7 have no live record left. */
    assert_null(ndci_window_cluster(&w, 7));
    assert_non_null(ndci_window_cluster(&w, 8));
    ndci_window_free(&w);
}

/* The live clusters' slots and the free ones are 0..cap, each once. */
static void
check_slots(const ndci_window *w)
{
    uint8_t used[CAP + 1] = {0};
    size_t i, n = 0;

    for (i = 0; i <= w->clu_mask; i++)
        if (w->clus[i].id != 0) {
            assert_true(w->clus[i].slot <= w->cap);
            assert_int_equal(used[w->clus[i].slot]++, 0);
            n++;
        }
    for (i = 0; i < w->n_free; i++)
        assert_int_equal(used[w->free[i]]++, 0);
    assert_int_equal(n + w->n_free, (size_t)w->cap + 1);
}

/*
 * Random pushes over a small set of cluster ids; the table must agree
 * with counts kept by brute force, through many backward shifts.
 */
static void
test_window_cluster_counts(void **state)
{
    ndci_window w;
    uint64_t size[N_IDS + 1] = {0}, newest[N_IDS + 1], ring[CAP], st = 5, i;
    uint32_t live[N_IDS + 1] = {0};
    size_t n = 0, head = 0;

    (void)state;
    assert_true(ndci_window_init(&w, CAP));
    for (i = 0; i < 20000; i++) {
        uint64_t id = ndci_splitmix64(&st) % N_IDS + 1, j;

        /* As the window does: count the new record, then evict. */
        size[id]++;
        live[id]++;
        if (n == CAP) {
            /* A cluster with no live record is forgotten for good; the
               library never reuses its id, the model may. */
            if (--live[ring[head]] == 0)
                size[ring[head]] = 0;
            n--;
        }
        newest[id] = push(&w, i + 1, id);
        ring[head] = id;
        head = (head + 1) % CAP;
        n++;
        if (i % 97 != 0)
            continue;
        for (j = 1; j <= N_IDS; j++) {
            ndci_clu *c = ndci_window_cluster(&w, j);

            if (live[j] == 0) {
                assert_null(c);
            } else {
                assert_non_null(c);
                assert_int_equal(c->live, live[j]);
                assert_int_equal(c->size, size[j]);
                assert_int_equal(c->newest, newest[j]);
            }
        }
        check_slots(&w);
    }
    ndci_window_free(&w);
}

/* A cluster whose last live record leaves as another joins survives. */
static void
test_window_join_as_last_leaves(void **state)
{
    ndci_window w;
    ndci_clu *c;
    uint32_t slot;

    (void)state;
    assert_true(ndci_window_init(&w, 1));
    push(&w, 1, 1);
    c = ndci_window_cluster(&w, 1);
    assert_non_null(c);
    slot = c->slot;
    push(&w, 2, 1);
    c = ndci_window_cluster(&w, 1);
    assert_non_null(c);
    assert_int_equal(c->size, 2);
    assert_int_equal(c->live, 1);
    assert_int_equal(c->newest, 2);
    assert_int_equal(c->slot, slot);    /* its data stays where it was */
    ndci_window_free(&w);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_window_ring),
        cmocka_unit_test(test_window_cluster_counts),
        cmocka_unit_test(test_window_join_as_last_leaves),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
