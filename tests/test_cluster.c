/*
 * test_cluster.c - the public API: options, id assignment, the window,
 * every status code, and out-of-memory paths (malloc, calloc and
 * realloc are wrapped at link time to fail on demand).
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

#include "alloc_fail.h"

static ndc_ctx *
make(uint32_t window, double t)
{
    ndc_opts o;
    ndc_ctx *c = NULL;

    ndc_opts_init(&o);
    o.window = window;
    o.threshold = t;
    assert_int_equal(ndc_ctx_create(&c, &o), NDC_OK);
    return c;
}

static ndc_result
put(ndc_ctx *c, const char *s)
{
    ndc_result r;

    assert_int_equal(ndc_ctx_assign(c, s, s ? strlen(s) : 0, &r), NDC_OK);
    return r;
}

static const char *doc_a = "The quick brown fox jumps over the lazy dog "
    "while the farmer sleeps under the old oak tree near the river bank";
static const char *doc_a2 = "The quick brown fox jumps over the lazy dog "
    "while the farmer sleeps under the old oak tree near the river";
static const char *doc_b = "Stock markets fell sharply on Monday as "
    "investors worried about rising interest rates and slowing growth";

static void
test_ctx_assign_ids(void **state)
{
    ndc_ctx *c = make(100, NDC_DEFAULT_THRESHOLD);
    ndc_result r;

    (void)state;
    r = put(c, doc_a);
    assert_int_equal(r.record, 1);
    assert_int_equal(r.cluster, 1);
    assert_true(r.is_new);
    assert_int_equal(r.size, 1);
    assert_int_equal(r.match, 0);
    r = put(c, doc_b);
    assert_int_equal(r.cluster, 2);
    assert_true(r.is_new);
    r = put(c, doc_a2);
    assert_int_equal(r.record, 3);
    assert_int_equal(r.cluster, 1);
    assert_false(r.is_new);
    assert_int_equal(r.match, 1);
    assert_int_equal(r.size, 2);
    assert_true(r.score >= NDC_DEFAULT_THRESHOLD && r.score <= 1.0);
    /* The same text again matches its newest copy exactly. */
    r = put(c, doc_a2);
    assert_int_equal(r.cluster, 1);
    assert_int_equal(r.match, 3);
    assert_true(r.score == 1.0);
    assert_int_equal(r.size, 3);
    ndc_ctx_free(c);
}

static void
test_ctx_assign_no_text(void **state)
{
    ndc_ctx *c = make(100, NDC_DEFAULT_THRESHOLD);
    ndc_result r;
    ndc_stats st;

    (void)state;
    r = put(c, NULL);
    assert_int_equal(r.record, 1);
    assert_int_equal(r.cluster, 0);
    /* white space, markup and a no-break space: no text (punctuation
       alone is text: test_normalize) */
    r = put(c, " \t<br/>&#160;\xE3\x80\x80 ");
    assert_int_equal(r.record, 2);
    assert_int_equal(r.cluster, 0);
    r = put(c, "word");
    assert_int_equal(r.cluster, 3);
    ndc_ctx_stats(c, &st);
    assert_int_equal(st.records, 3);
    assert_int_equal(st.no_text, 2);
    assert_int_equal(st.clusters, 1);
    assert_int_equal(st.window_len, 1);
    assert_true(st.mem_bytes > 0);
    ndc_ctx_free(c);
}

static void
test_ctx_window_forgets(void **state)
{
    ndc_ctx *c = make(2, NDC_DEFAULT_THRESHOLD);
    ndc_result r;
    ndc_stats st;

    (void)state;
    put(c, doc_a);              /* 1 */
    put(c, doc_b);              /* 2 */
    put(c, "something else entirely different");    /* 3, evicts 1 */
    r = put(c, doc_a);          /* 4: 1 is gone */
    assert_int_equal(r.cluster, 4);
    assert_true(r.is_new);
    r = put(c, doc_a);          /* 5: joins 4 */
    assert_int_equal(r.cluster, 4);
    ndc_ctx_stats(c, &st);
    assert_int_equal(st.window_len, 2);
    assert_int_equal(st.window_peak, 2);
    ndc_ctx_free(c);
}

static void
test_ctx_window_of_one(void **state)
{
    ndc_ctx *c = make(1, NDC_DEFAULT_THRESHOLD);
    ndc_result r;
    int i;

    (void)state;
    for (i = 0; i < 5; i++) {
        r = put(c, doc_a);
        assert_int_equal(r.cluster, 1);
        assert_int_equal(r.size, (uint64_t)i + 1);
    }
    ndc_ctx_free(c);
}

static void
test_ctx_threshold_edges(void **state)
{
    ndc_ctx *c = make(10, 0.0);
    ndc_result r;

    (void)state;
    put(c, doc_a);
    r = put(c, doc_a);
    assert_int_equal(r.cluster, 1);
    ndc_ctx_free(c);
    /* t = 1 still joins exact copies. */
    c = make(10, 1.0);
    put(c, doc_a);
    r = put(c, doc_a2);
    assert_int_equal(r.cluster, 2);
    r = put(c, doc_a);
    assert_int_equal(r.cluster, 1);
    ndc_ctx_free(c);
}

static void
test_ctx_same_seed_same_ids(void **state)
{
    ndc_ctx *c1 = make(50, 0.3), *c2 = make(50, 0.3);
    char buf[64];
    int i;

    (void)state;
    for (i = 0; i < 200; i++) {
        ndc_result r1, r2;

        snprintf(buf, sizeof(buf), "item %d of batch %d and more", i % 37,
            i % 5);
        r1 = put(c1, buf);
        r2 = put(c2, buf);
        assert_int_equal(r1.cluster, r2.cluster);
        assert_int_equal(r1.match, r2.match);
    }
    ndc_ctx_free(c1);
    ndc_ctx_free(c2);
}

static void
test_ctx_status_codes(void **state)
{
    ndc_opts o;
    ndc_ctx *c = (ndc_ctx *)&o;
    ndc_result r;
    int s;

    (void)state;
    ndc_opts_init(&o);
    o.threshold = 1.5;
    assert_int_equal(ndc_ctx_create(&c, &o), NDC_ERR_INVALID);
    assert_null(c);
    ndc_opts_init(&o);
    o.window = 0;
    assert_int_equal(ndc_ctx_create(&c, &o), NDC_ERR_INVALID);
    ndc_opts_init(&o);
    o.bands = o.perm + 1;
    assert_int_equal(ndc_ctx_create(&c, &o), NDC_ERR_INVALID);
    ndc_opts_init(&o);
    o.mode = (ndc_mode)7;
    assert_int_equal(ndc_ctx_create(&c, &o), NDC_ERR_UNSUPPORTED);
    assert_int_equal(ndc_ctx_create(NULL, &o), NDC_ERR_INVALID);
    assert_int_equal(ndc_ctx_assign(NULL, "a", 1, &r), NDC_ERR_INVALID);
    ndc_opts_init(&o);
    assert_int_equal(ndc_ctx_create(&c, &o), NDC_OK);
    assert_int_equal(ndc_ctx_assign(c, "a", 1, NULL), NDC_ERR_INVALID);
    assert_int_equal(ndc_ctx_assign(c, NULL, 3, &r), NDC_ERR_INVALID);
    ndc_ctx_free(c);
    ndc_ctx_free(NULL);
    for (s = NDC_OK; s <= NDC_ERR_FULL; s++) {
        assert_non_null(ndc_strerror((ndc_status)s));
        assert_string_not_equal(ndc_strerror((ndc_status)s),
            "unknown status");
    }
    assert_string_equal(ndc_strerror((ndc_status)99), "unknown status");
    assert_string_equal(ndc_version(), NDC_VERSION_STRING);
}

/* Every allocation in create and in the first assign may fail. */
static void
test_ctx_out_of_memory(void **state)
{
    ndc_opts o;
    long n;
    int ok = 0;
    char big[5000];
    size_t i;

    (void)state;
    memset(big, 'x', sizeof(big));
    for (i = 0; i < sizeof(big) - 1; i += 7)
        big[i] = ' ';
    big[sizeof(big) - 1] = '\0';
    ndc_opts_init(&o);
    o.window = 16;
    for (n = 0; n < 60; n++) {
        ndc_ctx *c = NULL;
        ndc_result r;
        ndc_status st;

        fail_in = n;
        st = ndc_ctx_create(&c, &o);
        if (st == NDC_OK) {
            st = ndc_ctx_assign(c, big, strlen(big), &r);
            assert_true(st == NDC_OK || st == NDC_ERR_NOMEM);
            ok += st == NDC_OK;
        } else {
            assert_int_equal(st, NDC_ERR_NOMEM);
            assert_null(c);
        }
        fail_in = -1;
        ndc_ctx_free(c);
    }
    assert_true(ok > 0);
}

/*
 * A caller built against an older, shorter ndc_opts: the library reads
 * only its size bytes and defaults the rest, so the options it never
 * knew of cannot be garbage.
 */
static void
test_ctx_opts_older_caller(void **state)
{
    unsigned char raw[sizeof(ndc_opts)];
    ndc_opts o, full;
    ndc_ctx *c;
    size_t old_size = offsetof(ndc_opts, stopwords);

    (void)state;
    ndc_opts_init(&full);
    assert_int_equal(full.size, sizeof(ndc_opts));
    memset(raw, 0xAB, sizeof(raw));
    ndc_opts_init_sized((ndc_opts *)(void *)raw, old_size);
    /* bytes past its size are the caller's: left alone */
    assert_int_equal(raw[old_size], 0xAB);
    memcpy(&o, raw, sizeof(o));
    assert_int_equal(o.size, old_size);
    assert_int_equal(ndc_ctx_create(&c, &o), NDC_OK);
    ndc_ctx_free(c);
    o.size = 2;     /* too short to hold even the mode */
    assert_int_equal(ndc_ctx_create(&c, &o), NDC_ERR_INVALID);
    assert_null(c);
}

/* Text i of a stream in which texts recur with changes: clusters
   form in every mode. */
static void
stream_text(uint64_t i, char *buf, size_t size)
{
    static const char *const words[] = {"alpha", "beta", "gamma", "delta",
        "storm", "river", "market", "falls", "rises", "city", "council",
        "votes", "error", "disk", "full", "on", "host", "42", "7", "x"};
    uint64_t topic = i * 7 % 11, st = i * 2654435761u + 1;
    size_t len = 0, w;

    buf[0] = '\0';
    for (w = 0; w < 14 && len + 16 < size; w++) {
        st = st * 6364136223846793005u + 1442695040888963407u;
        len += (size_t)snprintf(buf + len, size - len, "%s%s",
            len > 0 ? " " : "", words[(st >> 60) % 4 == 0 ?
            (st >> 33) % 20 : (topic + w) % 20]);
    }
}

/*
 * Records prepared in one prep and moved to others that commit them
 * later, as -j does (prefetching the next), get the ids of records
 * assigned one at a time, in every mode; and the move's refusals.
 */
static void
test_ctx_prep_move(void **state)
{
    ndc_mode m;

    (void)state;
    for (m = 0; ndc_mode_name(m) != NULL; m++) {
        ndc_opts o;
        ndc_ctx *a, *b;
        ndc_prep *work, *hold[3];
        uint64_t i, joined = 0;
        char buf[256];

        ndc_opts_init(&o);
        o.mode = m;
        o.window = 20;
        if (m == NDC_MODE_TEMPLATE)     /* not log lines: join more */
            o.threshold = 0.5;
        assert_int_equal(ndc_ctx_create(&a, &o), NDC_OK);
        assert_int_equal(ndc_ctx_create(&b, &o), NDC_OK);
        assert_int_equal(ndc_prep_create(&work, b), NDC_OK);
        for (i = 0; i < 3; i++)
            assert_int_equal(ndc_prep_create(&hold[i], b), NDC_OK);
        assert_int_equal(ndc_prep_move(hold[0], work), NDC_ERR_INVALID);
        for (i = 0; i < 200 + 2; i++) {
            ndc_field f = {buf, 0, 1.0};
            ndc_result ra, rb;

            if (i < 200) {
                stream_text(i, buf, sizeof(buf));
                f.len = i % 17 == 3 ? 0 : strlen(buf);    /* no text */
                assert_int_equal(ndc_prep_fields(work, &f, 1, NDC_NO_TIME),
                    NDC_OK);
                assert_int_equal(ndc_prep_move(hold[i % 3], work), NDC_OK);
                assert_int_equal(ndc_prep_move(hold[i % 3], work),
                    NDC_ERR_INVALID);       /* work has none now */
            }
            if (i < 2)
                continue;
            stream_text(i - 2, buf, sizeof(buf));
            f.len = (i - 2) % 17 == 3 ? 0 : strlen(buf);
            assert_int_equal(ndc_ctx_assign_fields(a, &f, 1, NDC_NO_TIME,
                &ra), NDC_OK);
            ndc_prep_prefetch(hold[(i - 1) % 3]);  /* a hint only */
            assert_int_equal(ndc_ctx_commit(b, hold[(i - 2) % 3], &rb),
                NDC_OK);
            assert_true(ra.record == rb.record && ra.cluster == rb.cluster &&
                ra.match == rb.match && ra.size == rb.size &&
                ra.is_new == rb.is_new && ra.score == rb.score);
            joined += ra.cluster != 0 && !ra.is_new;
        }
        assert_true(joined > 20);
        /* out of memory: dst has no record, src keeps it */
        for (i = 0; i < 4; i++) {
            ndc_field f = {buf, 0, 1.0};
            ndc_prep *fresh;
            ndc_result r;
            ndc_status st;

            stream_text(i, buf, sizeof(buf));
            f.len = strlen(buf);
            assert_int_equal(ndc_prep_create(&fresh, b), NDC_OK);
            assert_int_equal(ndc_prep_fields(work, &f, 1, NDC_NO_TIME),
                NDC_OK);
            fail_in = (long)i;
            st = ndc_prep_move(fresh, work);
            fail_in = -1;
            if (st != NDC_OK) {
                assert_int_equal(st, NDC_ERR_NOMEM);
                assert_int_equal(ndc_ctx_commit(b, fresh, &r),
                    NDC_ERR_INVALID);
                assert_int_equal(ndc_prep_move(fresh, work), NDC_OK);
            }
            assert_int_equal(ndc_ctx_commit(b, fresh, &r), NDC_OK);
            ndc_prep_free(fresh);
        }
        ndc_prep_prefetch(NULL);
        ndc_prep_prefetch(work);        /* no record */
        assert_int_equal(ndc_prep_move(NULL, work), NDC_ERR_INVALID);
        assert_int_equal(ndc_prep_move(work, NULL), NDC_ERR_INVALID);
        ndc_prep_free(hold[1]);
        assert_int_equal(ndc_prep_create(&hold[1], a), NDC_OK);
        assert_int_equal(ndc_prep_fields(work, NULL, 0, NDC_NO_TIME),
            NDC_OK);
        assert_int_equal(ndc_prep_move(work, work), NDC_OK);
        assert_int_equal(ndc_prep_move(hold[1], work), NDC_ERR_INVALID);
        for (i = 0; i < 3; i++)
            ndc_prep_free(hold[i]);
        ndc_prep_free(work);
        ndc_ctx_free(a);
        ndc_ctx_free(b);
    }
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ctx_assign_ids),
        cmocka_unit_test(test_ctx_assign_no_text),
        cmocka_unit_test(test_ctx_window_forgets),
        cmocka_unit_test(test_ctx_window_of_one),
        cmocka_unit_test(test_ctx_threshold_edges),
        cmocka_unit_test(test_ctx_same_seed_same_ids),
        cmocka_unit_test(test_ctx_status_codes),
        cmocka_unit_test(test_ctx_out_of_memory),
        cmocka_unit_test(test_ctx_opts_older_caller),
        cmocka_unit_test(test_ctx_prep_move),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
