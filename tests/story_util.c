/*
 * story_util.c - the helpers of the story-mode tests (see story_util.h),
 * linked into test_story and test_story_index.
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
#include "story_util.h"

/* Story-mode options with the given window and threshold. */
void
story_opts(ndc_opts *o, uint32_t window, double t)
{
    ndc_opts_init(o);
    o->mode = NDC_MODE_STORY;
    o->window = window;
    o->threshold = t;
}

ndc_ctx *
make_with(const ndc_opts *o)
{
    ndc_ctx *c = NULL;

    assert_int_equal(ndc_ctx_create(&c, o), NDC_OK);
    assert_non_null(c);
    return c;
}

ndc_ctx *
make(uint32_t window, double t)
{
    ndc_opts o;

    story_opts(&o, window, t);
    return make_with(&o);
}

/* Clusters s at time, as one field of weight 1. */
ndc_result
put_at(ndc_ctx *c, const char *s, double time)
{
    ndc_field f = {s, strlen(s), 1.0};
    ndc_result r;

    assert_int_equal(ndc_ctx_assign_fields(c, &f, 1, time, &r), NDC_OK);
    return r;
}

ndc_result
put(ndc_ctx *c, const char *s)
{
    ndc_result r;

    assert_int_equal(ndc_ctx_assign(c, s, strlen(s), &r), NDC_OK);
    return r;
}

harness *
mode_new(const ndc_opts *o)
{
    harness *h = calloc(1, sizeof(*h));
    ndc_opts checked = *o;

    assert_non_null(h);
    assert_int_equal(ndci_story_ops.check(&checked), NDC_OK);
    assert_true(ndci_window_init(&h->w, checked.window));
    assert_int_equal(ndci_story_ops.create(&h->m, &checked, &h->w), NDC_OK);
    assert_int_equal(ndci_story_ops.prep_create(&h->q, h->m, true), NDC_OK);
    return h;
}

void
mode_free(harness *h)
{
    ndci_story_ops.prep_destroy(h->q);
    ndci_story_ops.destroy(h->m);
    ndci_window_free(&h->w);
    free(h);
}

/* prepare() of s as one field of weight 1, without a time. */
int
prep(harness *h, const char *s)
{
    ndc_field f = {s, strlen(s), 1.0};

    return ndci_story_ops.prepare(h->m, h->q, &f, 1, NDC_NO_TIME);
}

/* The join of the prepared record, at threshold 0.5. */
ndci_join
best(harness *h)
{
    ndci_join j;

    ndci_story_ops.join(h->m, h->q, 0.5, &j);
    return j;
}

/* Drops the oldest record of the window, as the context evicts. */
void
drop(harness *h)
{
    const ndci_clu *c = ndci_window_cluster(&h->w,
        ndci_window_at(&h->w, h->w.lo)->cluster);

    ndci_story_ops.evict(h->m, h->w.lo, c, c->live == 1);
    ndci_window_pop(&h->w);
}

/* Commits the prepared record into cluster id (the window not full). */
void
add(harness *h, uint64_t id)
{
    uint64_t seq;

    best(h);
    ndci_window_count(&h->w, id);
    ndci_window_place(&h->w, h->w.hi + 1, id, NDC_NO_TIME);
    seq = h->w.hi;
    ndci_story_ops.insert(h->m, h->q, seq, ndci_window_cluster(&h->w, id));
}

uint64_t
n_clusters(const ndc_ctx *c)
{
    ndc_stats st;

    ndc_ctx_stats(c, &st);
    return st.clusters;
}

/* Fills buf with n distinct lowercase words "waa wab ...". */
void
distinct_words(char *buf, size_t size, unsigned n)
{
    size_t len = 0;
    unsigned i;

    buf[0] = '\0';
    for (i = 0; i < n; i++) {
        int k = snprintf(buf + len, size - len, "w%c%c%c ",
            'a' + (int)(i / 676), 'a' + (int)(i / 26 % 26),
            'a' + (int)(i % 26));

        assert_true(k > 0 && (size_t)k < size - len);
        len += (size_t)k;
    }
}

/*
 * A text of 40-odd distinct content words, past the point (32 terms)
 * below which story mode lowers the threshold for short texts.  Its
 * copy with one word changed, long_a2, is in test_story.c.
 */
const char *const long_a = "astronomers using the james webb telescope "
    "detected water vapour carbon dioxide methane clouds above distant "
    "exoplanet orbiting red dwarf star forty light years away suggesting "
    "oceans beneath thick hydrogen atmosphere researchers published "
    "findings journal nature monday calling discovery remarkable step "
    "toward identifying habitable worlds beyond solar system";
