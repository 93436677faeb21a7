/*
 * test_state_compat.c - a state of another format version or byte
 * order, or made with other settings, is refused with NDC_ERR_STATE and
 * a message that names the difference; misuse gives NDC_ERR_INVALID and
 * a failing writer NDC_ERR_WRITE.  The helpers and the small state of
 * the fixture are in state_util.c.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ndcluster.h"
#include "state_util.h"

/* ---- another version, other settings ---- */

/*
 * Another format version is refused as such, whether or not the
 * checksum was made to fit; so is the other byte order.
 */
static void
test_state_damage_other_version(void **state)
{
    static const uint32_t versions[] = {0, 1, 2, STATE_VERSION - 1,
        STATE_VERSION + 1, 1000, UINT32_MAX};
    const small *sm = *state;
    const ndc_opts *o = &sm->o;
    const membuf *b = &sm->b;
    unsigned char *p;
    size_t i;

    p = dup_bytes(b->p, b->len);
    for (i = 0; i < sizeof(versions) / sizeof(versions[0]); i++) {
        char want[64], reads[32];

        memcpy(p + OFF_VERSION, &versions[i], 4);
        snprintf(want, sizeof(want), "%s version of ndcluster (state format "
            "%u;", versions[i] < STATE_VERSION ? "an older" : "a newer",
            versions[i]);
        snprintf(reads, sizeof(reads), "this one reads format %u",
            STATE_VERSION);
        refused_by(o, p, b->len, want);
        reseal(p, b->len);
        refused_by(o, p, b->len, want);
        refused_by(o, p, b->len, reads);
    }
    memcpy(p, b->p, b->len);
    {
        uint32_t m = STATE_ENDIAN_SWAPPED;

        memcpy(p + OFF_ENDIAN, &m, 4);
        reseal(p, b->len);
        refused_by(o, p, b->len, "other byte order");
    }
    free(p);
}

/* A setting of a test of other settings: how to change it, and what the
   message names. */
typedef struct other {
    void (*change)(ndc_opts *o);
    const char *want;
} other;

static void
chg_window(ndc_opts *o)
{
    o->window = 200;
}

static void
chg_mode(ndc_opts *o)
{
    o->mode = NDC_MODE_STORY;
}

static void
chg_perm(ndc_opts *o)
{
    o->perm = 64;
    o->bands = 16;
}

static void
chg_bands(ndc_opts *o)
{
    o->bands = 32;
}

static void
chg_shingle(ndc_opts *o)
{
    o->shingle = 2;
}

static void
chg_seed(ndc_opts *o)
{
    o->seed = 8;
}

static void
chg_threshold(ndc_opts *o)
{
    o->threshold = 0.5;
}

static void
chg_decay(ndc_opts *o)
{
    o->decay = 60;
}

static void
chg_window_time(ndc_opts *o)
{
    o->window_time = 7200;
}

static void
chg_horizon(ndc_opts *o)
{
    o->horizon = 86400;
}

static void
chg_keep_markup(ndc_opts *o)
{
    o->keep_markup = true;
}

static void
chg_stopwords(ndc_opts *o)
{
    o->stopwords = "a an the";
    o->stopwords_len = 9;
}

static void
chg_stopwords_empty(ndc_opts *o)
{
    o->stopwords = "";
    o->stopwords_len = 0;
}

/*
 * Each of the n cases, made from o by its change, refuses the state in b
 * as made with other settings, with the message of the case.
 */
static void
refused_cases(const ndc_opts *o, const membuf *b, const other *cases,
    size_t n_cases)
{
    size_t i;

    for (i = 0; i < n_cases; i++) {
        ndc_opts n = *o;

        cases[i].change(&n);
        refused_by(&n, b->p, b->len, "made with other settings");
        refused_by(&n, b->p, b->len, cases[i].want);
    }
}

/*
 * A state loads only into a context of the same settings; the message
 * names the first that differs, with both values where it is a number.
 */
static void
test_state_damage_other_settings(void **state)
{
    static const other near_cases[] = {
        {chg_window, "window 100 in the file, 200 now"},
        {chg_mode, "mode near in the file, story now"},
        {chg_perm, "perm 128 in the file, 64 now"},
        {chg_bands, "bands 42 in the file, 32 now"},
        {chg_shingle, "shingle 0 in the file, 2 now"},
        {chg_seed, "seed 7 in the file, 8 now"},
        {chg_threshold, "threshold 0.38 in the file, 0.5 now"},
        {chg_decay, "decay (seconds) 0 in the file, 60 now"},
        {chg_window_time, "window time (seconds) 3600 in the file, 7200"},
        {chg_keep_markup, "keep markup 0 in the file, 1 now"},
    };
    static const other story_cases[] = {
        {chg_window, "window 100 in the file, 200 now"},
        {chg_seed, "seed 7 in the file, 8 now"},
        {chg_threshold, "threshold 0.25 in the file, 0.5 now"},
        {chg_decay, "decay (seconds) 0 in the file, 60 now"},
        {chg_horizon, "horizon (seconds) 604800 in the file, 86400 now"},
        {chg_keep_markup, "keep markup 0 in the file, 1 now"},
        {chg_stopwords, "other stop words"},
        {chg_stopwords_empty, "other stop words"},
    };
    ndc_opts o, n;
    ndc_ctx *c;
    membuf b;

    (void)state;
    ndc_opts_init(&o);
    o.window = 100;
    o.seed = 7;
    o.window_time = 3600;
    c = make(&o);
    save_to(c, NULL, 0, &b);
    ndc_ctx_free(c);
    refused_cases(&o, &b, near_cases,
        sizeof(near_cases) / sizeof(near_cases[0]));
    /* the default threshold is the mode's, however it was asked for */
    n = o;
    n.threshold = NDC_DEFAULT_THRESHOLD;
    c = make(&n);
    assert_int_equal(ndc_ctx_load(c, b.p, b.len, NULL, NULL), NDC_OK);
    ndc_ctx_free(c);
    /* near mode has no horizon: none is kept, whatever was asked */
    n = o;
    n.horizon = 86400;
    c = make(&n);
    assert_int_equal(ndc_ctx_load(c, b.p, b.len, NULL, NULL), NDC_OK);
    ndc_ctx_free(c);
    membuf_free(&b);

    o.mode = NDC_MODE_STORY;
    o.window_time = 0;
    c = make(&o);
    save_to(c, NULL, 0, &b);
    ndc_ctx_free(c);
    refused_cases(&o, &b, story_cases,
        sizeof(story_cases) / sizeof(story_cases[0]));
    /* a story state is not a near one */
    n = o;
    n.mode = NDC_MODE_NEAR;
    refused_by(&n, b.p, b.len, "mode story in the file, near now");
    /* the default horizon is the mode's, however it was asked for */
    n = o;
    n.horizon = NDC_DEFAULT_STORY_HORIZON;
    c = make(&n);
    assert_int_equal(ndc_ctx_load(c, b.p, b.len, NULL, NULL), NDC_OK);
    ndc_ctx_free(c);
    membuf_free(&b);
}

/* A list of stop words is compared by content, not by address. */
static void
test_state_stopwords_by_content(void **state)
{
    ndc_opts o, n;
    ndc_ctx *c;
    membuf b;

    (void)state;
    ndc_opts_init(&o);
    o.mode = NDC_MODE_STORY;
    o.window = 100;
    o.seed = 7;
    o.stopwords = "a an the";
    o.stopwords_len = 9;
    c = make(&o);
    save_to(c, NULL, 0, &b);
    ndc_ctx_free(c);
    {
        char copy[] = "a an the";

        n = o;
        n.stopwords = copy;
        c = make(&n);
        assert_int_equal(ndc_ctx_load(c, b.p, b.len, NULL, NULL), NDC_OK);
        ndc_ctx_free(c);
    }
    n = o;
    n.stopwords = NULL;
    n.stopwords_len = 0;
    refused_by(&n, b.p, b.len, "other stop words");
    membuf_free(&b);
}


/* ---- misuse and a failing writer ---- */

static void
test_state_load_used_context(void **state)
{
    const small *sm = *state;
    const ndc_opts *o = &sm->o;
    const membuf *b = &sm->b;
    ndc_ctx *c;
    ndc_result r;

    /* one record with text */
    c = make(o);
    assert_int_equal(ndc_ctx_assign(c, "a word", 6, &r), NDC_OK);
    assert_int_equal(ndc_ctx_load(c, b->p, b->len, NULL, NULL),
        NDC_ERR_INVALID);
    ndc_ctx_free(c);
    /* one record without text counts too */
    c = make(o);
    assert_int_equal(ndc_ctx_assign(c, NULL, 0, &r), NDC_OK);
    assert_int_equal(ndc_ctx_load(c, b->p, b->len, NULL, NULL),
        NDC_ERR_INVALID);
    ndc_ctx_free(c);
    /* a context that loaded a state with records is used */
    c = make(o);
    assert_int_equal(ndc_ctx_load(c, b->p, b->len, NULL, NULL), NDC_OK);
    assert_int_equal(ndc_ctx_load(c, b->p, b->len, NULL, NULL),
        NDC_ERR_INVALID);
    assert_int_equal(ndc_ctx_assign(c, "a word", 6, &r), NDC_OK);
    assert_int_equal(r.record, 6);
    ndc_ctx_free(c);
}

static void
test_state_null_arguments(void **state)
{
    const small *sm = *state;
    const ndc_opts *o = &sm->o;
    const membuf *b = &sm->b;
    ndc_ctx *c;
    membuf w;

    c = make(o);
    membuf_init(&w);
    assert_int_equal(ndc_ctx_load(NULL, b->p, b->len, NULL, NULL),
        NDC_ERR_INVALID);
    assert_int_equal(ndc_ctx_load(c, NULL, b->len, NULL, NULL),
        NDC_ERR_INVALID);
    assert_int_equal(ndc_ctx_save(NULL, NULL, 0, mem_write, &w),
        NDC_ERR_INVALID);
    assert_int_equal(ndc_ctx_save(c, NULL, 0, NULL, &w), NDC_ERR_INVALID);
    assert_int_equal(ndc_ctx_save(c, NULL, 5, mem_write, &w),
        NDC_ERR_INVALID);
    assert_int_equal(w.calls, 0);
    assert_string_equal(ndc_ctx_errmsg(NULL), "");
    membuf_free(&w);
    ndc_ctx_free(c);
}

/*
 * A writer that fails on any one of its calls, the first, one in the
 * body or the checksum's, makes save return NDC_ERR_WRITE, and is not
 * called again after it failed.
 */
static void
test_state_writer_fails(void **state)
{
    ndc_opts o[2];
    size_t m;

    (void)state;
    ndc_opts_init(&o[0]);
    o[0].window = 16;
    ndc_opts_init(&o[1]);
    o[1].window = 16;
    o[1].mode = NDC_MODE_STORY;
    for (m = 0; m < 2; m++) {
        ndc_ctx *c = make(&o[m]);
        ndc_result r;
        membuf ok;
        size_t k;

        assert_int_equal(ndc_ctx_assign(c, "words to save", 13, &r), NDC_OK);
        save_to(c, "u", 1, &ok);
        assert_true(ok.calls > 5);
        for (k = 0; k < ok.calls; k++) {
            membuf b;

            membuf_init(&b);
            b.fail_at = k;
            assert_int_equal(ndc_ctx_save(c, "u", 1, mem_write, &b),
                NDC_ERR_WRITE);
            assert_int_equal(b.calls, k + 1);
            assert_int_equal(b.after_fail, 0);
            membuf_free(&b);
        }
        membuf_free(&ok);
        ndc_ctx_free(c);
    }
}


int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_state_damage_other_version,
            setup_small, teardown_small),
        cmocka_unit_test(test_state_damage_other_settings),
        cmocka_unit_test(test_state_stopwords_by_content),
        cmocka_unit_test_setup_teardown(test_state_load_used_context,
            setup_small, teardown_small),
        cmocka_unit_test_setup_teardown(test_state_null_arguments,
            setup_small, teardown_small),
        cmocka_unit_test(test_state_writer_fails),
    };

    layout_init();
    return cmocka_run_group_tests(tests, NULL, NULL);
}
