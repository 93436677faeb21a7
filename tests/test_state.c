/*
 * test_state.c - ndc_ctx_save() and ndc_ctx_load() through the public
 * API: a saved and loaded context goes on exactly as the original, in
 * both modes, whether the run is cut once or again and again; the record
 * count stops at its limit across a load; the caller's bytes come back.
 * Damaged states are in test_state_damage.c; another version, other
 * settings, misuse and a failing writer in test_state_compat.c; what
 * they share in state_util.c.
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

/* ---- comparing runs ---- */

static void
same_result(const ndc_result *a, const ndc_result *b, const char *what)
{
    if (a->record != b->record || a->cluster != b->cluster ||
        a->match != b->match || a->size != b->size ||
        a->is_new != b->is_new || !(a->score == b->score)) {
        print_error("%s: record %llu/%llu cluster %llu/%llu match "
            "%llu/%llu size %llu/%llu new %d/%d score %.17g/%.17g\n", what,
            (unsigned long long)a->record, (unsigned long long)b->record,
            (unsigned long long)a->cluster, (unsigned long long)b->cluster,
            (unsigned long long)a->match, (unsigned long long)b->match,
            (unsigned long long)a->size, (unsigned long long)b->size,
            a->is_new, b->is_new, a->score, b->score);
        fail();
    }
}

/*
 * Asserts that a and b count the same.  Their memory is the same too,
 * except that a context just loaded has not yet grown the scratch that
 * the longest texts so far grew in the one saved (story mode): with
 * mem_exact false, b may have less.
 */
static void
same_stats(const ndc_ctx *a, const ndc_ctx *b, bool mem_exact,
    const char *what)
{
    ndc_stats x, y;

    ndc_ctx_stats(a, &x);
    ndc_ctx_stats(b, &y);
    if (x.records != y.records || x.no_text != y.no_text ||
        x.clusters != y.clusters || x.window_len != y.window_len ||
        x.window_peak != y.window_peak || x.mem_bytes < y.mem_bytes ||
        (mem_exact && x.mem_bytes != y.mem_bytes)) {
        print_error("%s: stats records %llu/%llu no_text %llu/%llu "
            "clusters %llu/%llu window_len %llu/%llu peak %llu/%llu "
            "mem %llu/%llu\n", what,
            (unsigned long long)x.records, (unsigned long long)y.records,
            (unsigned long long)x.no_text, (unsigned long long)y.no_text,
            (unsigned long long)x.clusters, (unsigned long long)y.clusters,
            (unsigned long long)x.window_len,
            (unsigned long long)y.window_len,
            (unsigned long long)x.window_peak,
            (unsigned long long)y.window_peak,
            (unsigned long long)x.mem_bytes, (unsigned long long)y.mem_bytes);
        fail();
    }
}

/* Asserts that a and b save to the same bytes. */
static void
same_state(const ndc_ctx *a, const ndc_ctx *b, const char *what)
{
    membuf x, y;

    save_to(a, NULL, 0, &x);
    save_to(b, NULL, 0, &y);
    if (x.len != y.len || memcmp(x.p, y.p, x.len) != 0) {
        size_t i = 0;

        while (i < x.len && i < y.len && x.p[i] == y.p[i])
            i++;
        print_error("%s: states of %zu and %zu bytes differ at byte %zu\n",
            what, x.len, y.len, i);
        fail();
    }
    membuf_free(&x);
    membuf_free(&y);
}

/* The results of one uninterrupted run of the whole stream. */
static ndc_result *
whole_run(const config *cf, const item *it, ndc_ctx **out)
{
    ndc_result *res = calloc(N_STREAM, sizeof(*res));
    ndc_ctx *c = make(&cf->opts);
    size_t i;

    assert_non_null(res);
    for (i = 0; i < N_STREAM; i++)
        res[i] = feed(c, cf, &it[i]);
    *out = c;
    return res;
}

/* ---- 1. round trips ---- */

/*
 * The generated streams are worth testing with: clusters form (records
 * join), records leave the window, and in the time-windowed configs the
 * window is shorter than its count allows.
 */
static void
test_state_stream_forms_clusters(void **state)
{
    item *it = malloc(N_STREAM * sizeof(*it));
    config cf[4];
    size_t n_cf, k, i;

    (void)state;
    assert_non_null(it);
    gen_stream(it, N_STREAM, 1);
    configs(cf, &n_cf);
    for (k = 0; k < n_cf; k++) {
        ndc_ctx *c;
        ndc_result *res = whole_run(&cf[k], it, &c);
        size_t joined = 0, founded = 0;
        ndc_stats st;

        for (i = 0; i < N_STREAM; i++) {
            joined += res[i].cluster != 0 && !res[i].is_new;
            founded += res[i].is_new;
        }
        ndc_ctx_stats(c, &st);
        print_message("%s: %zu joined, %zu founded, window %llu, "
            "peak %llu\n", cf[k].name, joined, founded,
            (unsigned long long)st.window_len,
            (unsigned long long)st.window_peak);
        assert_true(joined >= 40);
        assert_true(founded >= 20);
        assert_int_equal(st.records, N_STREAM);
        assert_true(st.no_text > 0);
        /* records leave by count, and in the first config by time
           before the count is reached */
        if (k == 0)
            assert_true(st.window_peak < cf[k].opts.window);
        else if (cf[k].opts.window < N_STREAM)
            assert_int_equal(st.window_peak, cf[k].opts.window);
        free(res);
        ndc_ctx_free(c);
    }
    free(it);
}

/*
 * For each config and cut point: feed the first cut records, save, load
 * into a fresh context with the same options, then feed the rest to the
 * original and the loaded one.  Every result, the stats and the state
 * bytes are the same in both, and the same as in a run that never saved.
 */
static void
test_state_roundtrip_same_results(void **state)
{
    static const size_t cuts[] = {0, 1, 3, 137, N_STREAM / 2, N_STREAM - 1,
        N_STREAM};
    item *it = malloc(N_STREAM * sizeof(*it));
    config cf[4];
    size_t n_cf, k, j, i;

    (void)state;
    assert_non_null(it);
    gen_stream(it, N_STREAM, 2);
    configs(cf, &n_cf);
    for (k = 0; k < n_cf; k++) {
        ndc_ctx *w;
        ndc_result *whole = whole_run(&cf[k], it, &w);

        for (j = 0; j < sizeof(cuts) / sizeof(cuts[0]); j++) {
            ndc_ctx *a = make(&cf[k].opts), *b = make(&cf[k].opts);
            const void *user = NULL;
            size_t user_len = 99;
            char what[160];
            membuf buf, again;

            snprintf(what, sizeof(what), "%s, cut at %zu", cf[k].name,
                cuts[j]);
            for (i = 0; i < cuts[j]; i++) {
                ndc_result r = feed(a, &cf[k], &it[i]);

                same_result(&whole[i], &r, what);
            }
            save_to(a, NULL, 0, &buf);
            /* saving is deterministic and leaves a as it was */
            save_to(a, NULL, 0, &again);
            assert_int_equal(buf.len, again.len);
            assert_memory_equal(buf.p, again.p, buf.len);
            membuf_free(&again);
            assert_int_equal(ndc_ctx_load(b, buf.p, buf.len, &user,
                &user_len), NDC_OK);
            assert_string_equal(ndc_ctx_errmsg(b), "");
            assert_non_null(user);
            assert_int_equal(user_len, 0);
            same_stats(a, b, false, what);
            same_state(a, b, what);
            for (i = cuts[j]; i < N_STREAM; i++) {
                ndc_result ra = feed(a, &cf[k], &it[i]);
                ndc_result rb = feed(b, &cf[k], &it[i]);

                same_result(&ra, &rb, what);
                same_result(&whole[i], &rb, what);
            }
            /* the scratch is grown again by the first record */
            same_stats(a, b, cuts[j] < N_STREAM, what);
            same_stats(w, b, cuts[j] < N_STREAM, what);
            same_state(w, b, what);
            membuf_free(&buf);
            ndc_ctx_free(a);
            ndc_ctx_free(b);
        }
        free(whole);
        ndc_ctx_free(w);
    }
    free(it);
}

/*
 * A split run (first half, save, free, load in a new context, second
 * half) equals one run of the whole; so does a run saved, freed and
 * loaded again every 25 records.
 */
static void
test_state_split_run_equals_whole(void **state)
{
    static const size_t every[] = {N_STREAM / 2, 25, 7};
    item *it = malloc(N_STREAM * sizeof(*it));
    config cf[4];
    size_t n_cf, k, j, i;

    (void)state;
    assert_non_null(it);
    gen_stream(it, N_STREAM, 3);
    configs(cf, &n_cf);
    for (k = 0; k < n_cf; k++) {
        ndc_ctx *w;
        ndc_result *whole = whole_run(&cf[k], it, &w);

        for (j = 0; j < sizeof(every) / sizeof(every[0]); j++) {
            ndc_ctx *c = make(&cf[k].opts);
            char what[160];

            snprintf(what, sizeof(what), "%s, saved every %zu", cf[k].name,
                every[j]);
            for (i = 0; i < N_STREAM; i++) {
                ndc_result r;

                if (i > 0 && i % every[j] == 0) {
                    membuf buf;

                    save_to(c, "cli", 3, &buf);
                    ndc_ctx_free(c);
                    c = make(&cf[k].opts);
                    assert_int_equal(ndc_ctx_load(c, buf.p, buf.len, NULL,
                        NULL), NDC_OK);
                    membuf_free(&buf);
                }
                r = feed(c, &cf[k], &it[i]);
                same_result(&whole[i], &r, what);
            }
            same_stats(w, c, true, what);
            same_state(w, c, what);
            ndc_ctx_free(c);
        }
        free(whole);
        ndc_ctx_free(w);
    }
    free(it);
}

/* A state of a context that saw nothing loads, and leaves it fresh. */
static void
test_state_roundtrip_empty_context(void **state)
{
    config cf[4];
    size_t n_cf, k;

    (void)state;
    configs(cf, &n_cf);
    for (k = 0; k < n_cf; k++) {
        ndc_ctx *a = make(&cf[k].opts), *b = make(&cf[k].opts);
        item it[3];
        membuf buf;
        size_t i;

        gen_stream(it, 3, 4);
        save_to(a, NULL, 0, &buf);
        assert_int_equal(ndc_ctx_load(b, buf.p, buf.len, NULL, NULL),
            NDC_OK);
        same_state(a, b, cf[k].name);
        /* nothing was assigned, so it may load again */
        assert_int_equal(ndc_ctx_load(b, buf.p, buf.len, NULL, NULL),
            NDC_OK);
        for (i = 0; i < 3; i++) {
            ndc_result ra = feed(a, &cf[k], &it[i]);
            ndc_result rb = feed(b, &cf[k], &it[i]);

            same_result(&ra, &rb, cf[k].name);
        }
        assert_int_equal(feed(b, &cf[k], &it[0]).record, 4);
        membuf_free(&buf);
        ndc_ctx_free(a);
        ndc_ctx_free(b);
    }
}

/*
 * Record numbers stop at NDC_MAX_RECORDS: a state whose count is just
 * below loads, numbers its last record, then refuses more with
 * NDC_ERR_FULL, and what it saves then still loads.  A count past the
 * limit, or below a record the window holds, is refused: a count that
 * wrapped would number a record 0, whose cluster 0 tables take for empty.
 */
static void
test_state_record_limit(void **state)
{
    ndc_opts o;
    ndc_ctx *a, *b;
    ndc_result r;
    membuf buf, again;
    unsigned char *p;
    uint64_t v;
    size_t at;

    (void)state;
    ndc_opts_init(&o);
    o.window = 8;
    a = make(&o);
    assert_int_equal(ndc_ctx_assign(a, "storm hits the coast", 20, &r),
        NDC_OK);
    assert_int_equal(ndc_ctx_assign(a, "markets fell sharply", 20, &r),
        NDC_OK);
    save_to(a, NULL, 0, &buf);
    at = find_u64s(buf.p, buf.len, OFF_USER, 2, 0);    /* the count */
    p = dup_bytes(buf.p, buf.len);
    v = NDC_MAX_RECORDS - 1;
    memcpy(p + at, &v, 8);
    reseal(p, buf.len);
    b = make(&o);
    assert_int_equal(ndc_ctx_load(b, p, buf.len, NULL, NULL), NDC_OK);
    assert_int_equal(ndc_ctx_assign(b, "storm hits the coast", 20, &r),
        NDC_OK);
    assert_true(r.record == NDC_MAX_RECORDS);
    assert_int_equal(r.cluster, 1);
    assert_int_equal(ndc_ctx_assign(b, "storm hits the coast", 20, &r),
        NDC_ERR_FULL);
    save_to(b, NULL, 0, &again);
    ndc_ctx_free(b);
    b = make(&o);
    assert_int_equal(ndc_ctx_load(b, again.p, again.len, NULL, NULL),
        NDC_OK);
    ndc_ctx_free(b);
    v = NDC_MAX_RECORDS + 1;
    memcpy(p + at, &v, 8);
    reseal(p, buf.len);
    refused_by(&o, p, buf.len, "do not fit together");
    v = 1;          /* the window holds record 2 */
    memcpy(p + at, &v, 8);
    reseal(p, buf.len);
    refused_by(&o, p, buf.len, "do not fit together");
    free(p);
    membuf_free(&buf);
    membuf_free(&again);
    ndc_ctx_free(a);
}

/* ---- 2. the caller's bytes ---- */

static void
test_state_user_bytes(void **state)
{
    static const size_t lens[] = {0, 1, 7, 8, 255, 4096, 100001};
    unsigned char *u = malloc(100001);
    ndc_opts o;
    size_t i, j;

    (void)state;
    assert_non_null(u);
    for (i = 0; i < 100001; i++)
        u[i] = (unsigned char)(i * 131 + (i >> 8));    /* NULs too */
    ndc_opts_init(&o);
    o.window = 16;
    for (j = 0; j < sizeof(lens) / sizeof(lens[0]); j++) {
        ndc_ctx *a = make(&o), *b = make(&o);
        const void *got = NULL;
        size_t got_len = 12345;
        ndc_result r;
        membuf buf;

        assert_int_equal(ndc_ctx_assign(a, "some words here", 15, &r),
            NDC_OK);
        save_to(a, lens[j] > 0 ? u : NULL, lens[j], &buf);
        assert_int_equal(ndc_ctx_load(b, buf.p, buf.len, &got, &got_len),
            NDC_OK);
        assert_int_equal(got_len, lens[j]);
        assert_non_null(got);
        /* it points into the data given to load */
        assert_true((const unsigned char *)got >= buf.p &&
            (const unsigned char *)got + got_len <= buf.p + buf.len);
        if (lens[j] > 0)
            assert_memory_equal(got, u, lens[j]);
        membuf_free(&buf);
        ndc_ctx_free(a);
        ndc_ctx_free(b);
    }
    /* user_len 0 with a non-NULL pointer saves nothing of it */
    {
        ndc_ctx *a = make(&o), *b = make(&o);
        const void *got = NULL;
        size_t got_len = 1;
        membuf x, y;

        save_to(a, u, 0, &x);
        save_to(a, NULL, 0, &y);
        assert_int_equal(x.len, y.len);
        assert_memory_equal(x.p, y.p, x.len);
        assert_int_equal(ndc_ctx_load(b, x.p, x.len, &got, &got_len),
            NDC_OK);
        assert_int_equal(got_len, 0);
        membuf_free(&x);
        membuf_free(&y);
        ndc_ctx_free(a);
        ndc_ctx_free(b);
    }
    free(u);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_state_stream_forms_clusters),
        cmocka_unit_test(test_state_roundtrip_same_results),
        cmocka_unit_test(test_state_split_run_equals_whole),
        cmocka_unit_test(test_state_roundtrip_empty_context),
        cmocka_unit_test(test_state_record_limit),
        cmocka_unit_test(test_state_user_bytes),
    };

    layout_init();
    return cmocka_run_group_tests(tests, NULL, NULL);
}
