/*
 * test_story_fold.c - story mode's folds (src/story_fold.c): a record
 * like two clusters at FOLD_SCORE or more folds the smaller into the
 * larger, and later records like either take the larger's id.
 *
 * The texts are runs of distinct made-up words, each weighed alike when
 * it is read (each word of a record is as frequent as the others then),
 * so that cosines are shares of words: a record of 60 words of which 30
 * are those of a 40-word record scores 30 / sqrt(60 * 40) = 0.61 with it.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "story.h"
#include "story_util.h"

/* The words of index [a, b) and then [c, d), as distinct_words() makes
   them, into buf. */
static const char *
runs(char *buf, size_t size, unsigned a, unsigned b, unsigned c, unsigned d)
{
    size_t len = 0;
    unsigned i;

    buf[0] = '\0';
    for (i = 0; i < b || i < d; i++) {
        int k;

        if (i < a || (i >= b && i < c))
            continue;
        k = snprintf(buf + len, size - len, "w%c%c%c ",
            'a' + (int)(i / 676), 'a' + (int)(i / 26 % 26),
            'a' + (int)(i % 26));
        assert_true(k > 0 && (size_t)k < size - len);
        len += (size_t)k;
    }
    return buf;
}

/* Two stories' first reports, A (words 0-39) and B (40-79), which
   share no word. */
static char text_a[400], text_b[400];

static int
setup_texts(void **state)
{
    (void)state;
    runs(text_a, sizeof(text_a), 0, 40, 40, 40);
    runs(text_b, sizeof(text_b), 40, 80, 80, 80);
    return 0;
}

/* A, B, then a record of a words of A, b of B and n new ones, in a
   context at -t t; returns the cluster that a copy of B then joins. */
static uint64_t
b_after_bridge(double t, unsigned a, unsigned b, unsigned n)
{
    ndc_ctx *c = make(100, t);
    char buf[800], more[400];
    ndc_result r;

    assert_int_equal(put(c, text_a).cluster, 1);
    assert_int_equal(put(c, text_b).cluster, 2);
    runs(buf, sizeof(buf), 0, a, 40, 40 + b);
    strcat(buf, runs(more, sizeof(more), 200, 200 + n, 0, 0));
    r = put(c, buf);
    assert_false(r.is_new);
    assert_int_equal(r.cluster, 1);
    r = put(c, text_b);
    assert_true(r.score > 0.99);
    ndc_ctx_free(c);
    return r.cluster;
}

/* A record like both at 0.61 folds them: B's story now takes A's id,
   the older's, as both have one record. */
static void
test_story_fold_older_on_tie(void **state)
{
    (void)state;
    assert_int_equal(b_after_bridge(-1.0, 30, 30, 0), 1);
}

/* 30 words of A, 10 of B and 20 new: like B at under 0.2, below
   FOLD_SCORE, no fold, though the record joins A and is like B over
   the threshold; with 30 of B instead of the new ones it folds. */
static void
test_story_fold_needs_fold_score(void **state)
{
    (void)state;
    assert_int_equal(b_after_bridge(0.15, 30, 10, 20), 2);
    assert_int_equal(b_after_bridge(0.15, 30, 30, 0), 1);
}

/* Above FOLD_SCORE the second must reach -t too: 34 of A's words and 28
   of B's score 0.68 and 0.56, so that at -t 0.65 the record joins A but
   folds nothing; at the default threshold it folds. */
static void
test_story_fold_needs_threshold(void **state)
{
    (void)state;
    assert_int_equal(b_after_bridge(0.65, 34, 28, 0), 2);
    assert_int_equal(b_after_bridge(-1.0, 34, 28, 0), 1);
}

/* B has two records, A one: A folds into B, so that the bridge and
   then a copy of A take B's id, and ids written before stay. */
static void
test_story_fold_into_larger(void **state)
{
    ndc_ctx *c = make(100, -1.0);
    char buf[800];
    ndc_result r;

    (void)state;
    assert_int_equal(put(c, text_a).cluster, 1);
    assert_int_equal(put(c, text_b).cluster, 2);
    assert_int_equal(put(c, text_b).cluster, 2);
    r = put(c, runs(buf, sizeof(buf), 0, 30, 40, 70));
    assert_int_equal(r.cluster, 2);
    assert_int_equal(r.size, 3);
    r = put(c, text_a);
    assert_int_equal(r.cluster, 2);
    assert_int_equal(r.match, 4);       /* B's newest record: the bridge */
    assert_int_equal(r.size, 4);
    ndc_ctx_free(c);
}

static bool
grow(void *arg, const void *data, size_t len)
{
    ndci_buf *b = arg;

    return ndci_buf_append(b, data, len);
}

/* A fold is part of the state: after a load, B's story takes A's id. */
static void
test_story_fold_saved(void **state)
{
    ndc_ctx *c = make(100, -1.0), *d = make(100, -1.0);
    ndci_buf b = {0};
    char buf[800];

    (void)state;
    put(c, text_a);
    put(c, text_b);
    assert_int_equal(put(c, runs(buf, sizeof(buf), 0, 30, 40, 70)).cluster,
        1);
    assert_int_equal(ndc_ctx_save(c, NULL, 0, grow, &b), NDC_OK);
    assert_int_equal(ndc_ctx_load(d, b.data, b.len, NULL, NULL), NDC_OK);
    assert_int_equal(put(d, text_b).cluster, 1);
    assert_int_equal(put(c, text_b).cluster, 1);
    ndci_buf_free(&b);
    ndc_ctx_free(c);
    ndc_ctx_free(d);
}

/*
 * The check of a loaded state's folds: a chain is shortened to point at
 * its root, a fold into a cluster no longer live counts as none, and a
 * circle, which no stream makes, is refused.
 */
static void
test_story_fold_check(void **state)
{
    ndc_opts o;
    harness *h;
    story *m;
    uint32_t s1, s2, s3;
    unsigned i;

    (void)state;
    story_opts(&o, 16, 0.25);
    h = mode_new(&o);
    m = h->m;
    for (i = 1; i <= 3; i++) {
        char buf[400];

        assert_int_equal(prep(h, runs(buf, sizeof(buf), 40 * i, 40 * i + 40,
            0, 0)), 1);
        add(h, i);
    }
    s1 = ndci_window_cluster(&h->w, 1)->slot;
    s2 = ndci_window_cluster(&h->w, 2)->slot;
    s3 = ndci_window_cluster(&h->w, 3)->slot;
    m->fold[s1] = 2;
    m->fold[s2] = 3;
    m->fold[s3] = 99;           /* no such cluster */
    assert_true(ndci_story_fold_check(m));
    assert_int_equal(m->fold[s1], 3);
    assert_int_equal(m->fold[s2], 3);
    m->fold[s3] = 1;
    assert_false(ndci_story_fold_check(m));
    m->fold[s3] = 3;
    assert_false(ndci_story_fold_check(m));
    mode_free(h);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_story_fold_older_on_tie),
        cmocka_unit_test(test_story_fold_needs_fold_score),
        cmocka_unit_test(test_story_fold_needs_threshold),
        cmocka_unit_test(test_story_fold_into_larger),
        cmocka_unit_test(test_story_fold_saved),
        cmocka_unit_test(test_story_fold_check),
    };

    return cmocka_run_group_tests(tests, setup_texts, NULL);
}
