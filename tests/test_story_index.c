/*
 * test_story_index.c - story mode: the index and its eviction, time
 * decay, memory, determinism and out-of-memory paths.  Most tests go
 * through the public API; one drives the mode object (ndci_story_ops)
 * directly to see what join and evict do.  malloc, calloc and realloc
 * are wrapped at link time to fail on demand (alloc_fail.h; the helpers
 * of story_util.c are linked in too, and never fail unless asked).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "story.h"
#include "story_util.h"

#include "alloc_fail.h"

/* ---- 1. the index and eviction ---- */

static const char *story_text[] = {
    "volcano eruption iceland grounds flights",
    "iceland volcano eruption spreads ash cloud flights",
    "ash cloud iceland volcano eruption airports closed",
};
static const char *other_text[] = {
    "football club signs striker record transfer fee",
    "central bank raises interest rates inflation",
    "election results parliament coalition talks",
    "drought ruins wheat harvest farmers protest",
    "smartphone maker unveils folding screen device",
    "marathon runner breaks world record berlin",
    "museum returns looted bronzes nigeria",
};

/*
 * Window 3: a story keeps its cluster while one of its records is in
 * the window, and founds a new one once all of them have been pushed
 * out.  The window never holds more than 3 records.
 */
static void
test_story_evict_story_forgotten(void **state)
{
    ndc_ctx *c = make(3, -1.0);
    ndc_result r;
    ndc_stats st;
    size_t i, o = 0;

    (void)state;
    r = put(c, story_text[0]);                  /* 1 */
    assert_int_equal(r.cluster, 1);
    assert_true(put(c, other_text[o++]).is_new);  /* 2 */
    assert_true(put(c, other_text[o++]).is_new);  /* 3 */
    r = put(c, story_text[1]);                  /* 4: 1 is live */
    assert_int_equal(r.cluster, 1);
    assert_int_equal(r.match, 1);
    assert_true(put(c, other_text[o++]).is_new);  /* 5 */
    assert_true(put(c, other_text[o++]).is_new);  /* 6: evicts 2..3 */
    r = put(c, story_text[2]);                  /* 7: only 4 is live */
    assert_int_equal(r.cluster, 1);
    assert_int_equal(r.match, 4);
    assert_int_equal(r.size, 3);
    for (i = 0; i < 3; i++)                     /* 8..10 */
        assert_true(put(c, other_text[o++]).is_new);
    ndc_ctx_stats(c, &st);
    assert_int_equal(st.window_len, 3);
    r = put(c, story_text[0]);                  /* 11: all evicted */
    assert_int_equal(r.cluster, 11);
    assert_true(r.is_new);
    assert_int_equal(r.size, 1);
    assert_true(r.score < NDC_DEFAULT_STORY_THRESHOLD);
    ndc_ctx_free(c);
}

static void
test_story_evict_window_len_bounded(void **state)
{
    ndc_ctx *c = make(3, -1.0);
    ndc_stats st;
    size_t i, n = sizeof(other_text) / sizeof(other_text[0]);

    (void)state;
    for (i = 0; i < 3 * n; i++) {
        put(c, i % 2 ? other_text[i % n] : story_text[i % 3]);
        ndc_ctx_stats(c, &st);
        assert_true(st.window_len <= 3);
        assert_int_equal(st.window_len, i + 1 < 3 ? i + 1 : 3);
    }
    assert_int_equal(st.window_peak, 3);
    assert_int_equal(st.records, 3 * n);
    ndc_ctx_free(c);
}

/*
 * Through the mode: record 1 (story S, cluster 1) and record 2 (other
 * words, also cluster 1), then FILLERS other clusters so that cluster 1
 * is no longer among the recently joined (the mode keeps 8 of those).
 * S finds cluster 1 through the postings of record 1 until record 1 is
 * evicted; after that they are gone, and cluster 1 is not found although
 * record 2 is live.
 */
static void
test_story_evict_removes_postings(void **state)
{
    enum { FILLERS = 40 };
    const uint64_t hi = 2 + FILLERS;
    ndc_opts o;
    harness *m;
    uint64_t s;
    ndci_join j;
    char buf[64];

    (void)state;
    story_opts(&o, 64, -1.0);
    m = mode_new(&o);
    assert_int_equal(prep(m, story_text[0]), 1);
    add(m, 1);
    assert_int_equal(prep(m, "quiet village fete raffle"), 1);
    add(m, 1);
    for (s = 3; s <= hi; s++) {
        snprintf(buf, sizeof(buf), "fa%03u fb%03u fc%03u", (unsigned)s,
            (unsigned)s, (unsigned)s);
        assert_int_equal(prep(m, buf), 1);
        add(m, s);
    }
    assert_int_equal(prep(m, story_text[0]), 1);
    assert_int_equal(m->w.hi, hi);
    j = best(m);
    assert_int_equal(j.seq, 2);         /* cluster 1's newest record */
    assert_true(j.score > 0.5);
    assert_true(j.joins);
    drop(m);
    assert_int_equal(prep(m, story_text[0]), 1);
    j = best(m);
    assert_int_not_equal(j.seq, 2);
    assert_true(j.score == 0.0);
    assert_false(j.joins);
    mode_free(m);
}

/*
 * 200 records share one term; each has three words of its own and
 * founds its own cluster.  The shared term's postings are read only so
 * far, but a record still finds the oldest and the newest of them
 * through its own words.
 */
static void
test_story_index_long_chain(void **state)
{
    ndc_ctx *c = make(1000, 0.9);
    ndc_result r;
    ndc_stats st;
    char buf[128];
    unsigned i;

    (void)state;
    for (i = 0; i < 200; i++) {
        snprintf(buf, sizeof(buf), "zeppelin wa%03u wb%03u wc%03u", i, i, i);
        r = put(c, buf);
        assert_true(r.is_new);
        assert_int_equal(r.cluster, i + 1);
    }
    r = put(c, "zeppelin wa000 wb000 wc000");
    assert_int_equal(r.cluster, 1);
    assert_int_equal(r.match, 1);
    r = put(c, "zeppelin wa199 wb199 wc199");
    assert_int_equal(r.cluster, 200);
    assert_int_equal(r.match, 200);
    r = put(c, "wa100 wb100 zeppelin");
    assert_int_equal(r.cluster, 101);
    ndc_ctx_stats(c, &st);
    assert_int_equal(st.clusters, 200);
    assert_int_equal(st.window_len, 203);
    ndc_ctx_free(c);
}

/*
 * Document frequencies live in a sketch of fixed size: a stream whose
 * every record brings new words (ids, names, typos) does not grow the
 * context.  Memory after 30 windows of new vocabulary is what it was
 * after the first window.
 */
static void
test_story_memory_flat_vocabulary(void **state)
{
    ndc_ctx *c = make(100, -1.0);
    ndc_stats st;
    uint64_t first = 0;
    char buf[256];
    unsigned i;

    (void)state;
    for (i = 0; i < 3000; i++) {
        snprintf(buf, sizeof(buf), "harbour v%ua v%ub v%uc v%ud v%ue v%uf "
            "v%ug v%uh v%ui v%uj", i, i, i, i, i, i, i, i, i, i);
        put(c, buf);
        if (i == 99) {
            ndc_ctx_stats(c, &st);
            first = st.mem_bytes;
        }
    }
    ndc_ctx_stats(c, &st);
    assert_true(first > 0);
    assert_int_equal(st.mem_bytes, first);
    ndc_ctx_free(c);
}

/* ---- 2. decay ---- */

static ndc_ctx *
make_decay(double decay, double t)
{
    ndc_opts o;

    story_opts(&o, 100, t);
    o.decay = decay;
    o.horizon = 0;      /* the decay alone */
    return make_with(&o);
}

static void
test_story_decay_halves(void **state)
{
    ndc_ctx *c = make_decay(3600, 0.5);
    ndc_result r;

    (void)state;
    put_at(c, long_a, 0);
    r = put_at(c, long_a, 10 * 3600.0);     /* 1 * 2^-10 < 0.5 */
    assert_int_equal(r.cluster, 2);
    assert_true(r.is_new);
    assert_true(fabs(r.score - ldexp(1.0, -10)) < 1e-6);
    /* Half an hour after cluster 2's newest record, 10.5 h after 1's. */
    r = put_at(c, long_a, 10.5 * 3600);
    assert_int_equal(r.cluster, 2);
    assert_true(fabs(r.score - sqrt(0.5)) < 1e-6);
    ndc_ctx_free(c);

    c = make_decay(3600, 0.5);
    put_at(c, long_a, 0);
    r = put_at(c, long_a, 1800);            /* 2^-0.5 = 0.71 */
    assert_int_equal(r.cluster, 1);
    assert_true(fabs(r.score - sqrt(0.5)) < 1e-6);
    ndc_ctx_free(c);

    /* Without decay the time gap does not matter. */
    c = make_decay(0, 0.5);
    put_at(c, long_a, 0);
    r = put_at(c, long_a, 1e9);
    assert_int_equal(r.cluster, 1);
    assert_true(fabs(r.score - 1.0) < SCORE_EPS);
    ndc_ctx_free(c);
}

static void
test_story_decay_no_time(void **state)
{
    ndc_ctx *c = make_decay(3600, 0.5);
    ndc_result r;

    (void)state;
    put_at(c, long_a, NDC_NO_TIME);
    r = put_at(c, long_a, 1e9);
    assert_int_equal(r.cluster, 1);
    assert_true(fabs(r.score - 1.0) < SCORE_EPS);
    r = put_at(c, long_a, NDC_NO_TIME);
    assert_int_equal(r.cluster, 1);
    assert_true(fabs(r.score - 1.0) < SCORE_EPS);
    ndc_ctx_free(c);
}

/*
 * The default horizon (7 days): no record joins a cluster whose latest
 * time is more than that before its own.  A late record, of an earlier
 * time, may join, and leaves the cluster's latest time as it was.
 * Horizon 0 is none.
 */
static void
test_story_horizon(void **state)
{
    const double day = 86400;
    ndc_opts o;
    ndc_ctx *c;
    ndc_result r;

    (void)state;
    story_opts(&o, 100, 0.5);
    assert_true(o.horizon < 0);     /* the mode's default */
    c = make_with(&o);
    put_at(c, long_a, 0);
    r = put_at(c, long_a, 8 * day);
    assert_int_equal(r.cluster, 2);
    assert_true(r.is_new);
    r = put_at(c, long_a, 14 * day);
    assert_int_equal(r.cluster, 2);
    r = put_at(c, long_a, 1 * day);         /* late: joins, ages nothing */
    assert_int_equal(r.cluster, 2);
    r = put_at(c, long_a, 20 * day);
    assert_int_equal(r.cluster, 2);
    assert_true(fabs(r.score - 1.0) < SCORE_EPS);
    ndc_ctx_free(c);

    o.horizon = 0;
    c = make_with(&o);
    put_at(c, long_a, 0);
    r = put_at(c, long_a, 1e9);
    assert_int_equal(r.cluster, 1);
    ndc_ctx_free(c);
}

/* ---- 3. determinism ---- */

static const char *vocab[] = {
    "election", "senate", "ballot", "governor", "campaign", "voters",
    "earthquake", "tsunami", "magnitude", "coast", "rescue", "aftershock",
    "merger", "shares", "investors", "billion", "acquisition", "profit",
    "vaccine", "trial", "patients", "dose", "virus", "hospital",
    "striker", "league", "goal", "coach", "stadium", "transfer",
};

static void
story_stream(char *buf, size_t size, uint64_t *rng)
{
    uint64_t topic = ndci_splitmix64(rng) % 5;
    size_t len = 0, k;

    buf[0] = '\0';
    for (k = 0; k < 8; k++) {
        uint64_t x = ndci_splitmix64(rng);
        /* mostly words of the topic, now and then one of another */
        size_t w = (size_t)(x % 4 == 0 ? (x >> 8) % 30 :
            topic * 6 + (x >> 8) % 6);
        int n = snprintf(buf + len, size - len, "%s ", vocab[w]);

        assert_true(n > 0 && (size_t)n < size - len);
        len += (size_t)n;
    }
}

static void
test_story_same_seed_same_ids(void **state)
{
    ndc_opts o;
    ndc_ctx *c1, *c2;
    uint64_t rng = 42;
    char buf[256];
    int i;

    (void)state;
    story_opts(&o, 4, -1.0);
    o.seed = 7;
    c1 = make_with(&o);
    c2 = make_with(&o);
    for (i = 0; i < 500; i++) {
        ndc_result r1, r2;

        story_stream(buf, sizeof(buf), &rng);
        r1 = put_at(c1, buf, i * 60.0);
        r2 = put_at(c2, buf, i * 60.0);
        assert_int_equal(r1.cluster, r2.cluster);
        assert_int_equal(r1.match, r2.match);
        assert_int_equal(r1.size, r2.size);
        assert_true(r1.score == r2.score);
    }
    /* The stream is neither one cluster nor all singletons. */
    assert_true(n_clusters(c1) >= 3 && n_clusters(c1) <= 250);
    assert_int_equal(n_clusters(c1), n_clusters(c2));
    ndc_ctx_free(c1);
    ndc_ctx_free(c2);
}

/* ---- 4. out of memory ---- */

/*
 * Every allocation of create, and of a first assign big enough to grow
 * the per-record scratch and the term table, may fail.  A failed create
 * gives NDC_ERR_NOMEM and no context; a failed assign takes no record
 * number and leaves a context that works (ASan checks for leaks).
 */
static void
test_story_out_of_memory(void **state)
{
    enum { N_WORDS = 2500 };
    char *big = malloc(N_WORDS * 6 + 1);
    ndc_opts o;
    long n;
    int ok = 0, create_failed = 0, assign_failed = 0;

    (void)state;
    assert_non_null(big);
    distinct_words(big, N_WORDS * 6 + 1, N_WORDS);
    story_opts(&o, 16, -1.0);
    o.stopwords = "alpha beta";
    o.stopwords_len = 10;
    for (n = 0; n < 80; n++) {
        ndc_ctx *c = (ndc_ctx *)&o;
        ndc_result r;
        ndc_status st;

        fail_in = n;
        st = ndc_ctx_create(&c, &o);
        if (st != NDC_OK) {
            fail_in = -1;
            assert_int_equal(st, NDC_ERR_NOMEM);
            assert_null(c);
            create_failed++;
            continue;
        }
        st = ndc_ctx_assign(c, big, strlen(big), &r);
        fail_in = -1;
        if (st == NDC_OK) {
            assert_int_equal(r.record, 1);
            ok++;
        } else {
            assert_int_equal(st, NDC_ERR_NOMEM);
            assign_failed++;
        }
        r = put(c, "the record after");
        assert_int_equal(r.record, st == NDC_OK ? 2 : 1);
        assert_true(r.cluster != 0);
        ndc_ctx_free(c);
    }
    assert_true(create_failed > 0);
    assert_true(assign_failed > 0);
    assert_true(ok > 0);
    free(big);
}

/*
 * A centroid is about the records still in the window: an evicted
 * member's terms leave it, so a cluster cannot collect every topic that
 * ever passed through it.
 */
/*
 * Records' vectors share pages: through a stream of texts of 1 to 70
 * words in a window of 16, each live record's vector stays as it was
 * inserted, and no more pages are ever taken than the bound allows.
 */
#define PAGES_WIN 16u
static void
test_story_vec_pages_reused(void **state)
{
    ndc_opts o;
    harness *h;
    story *m;
    tw kept[PAGES_WIN][REC_TERMS];
    uint32_t n_kept[PAGES_WIN];
    char buf[1024];
    uint64_t i, seq;

    (void)state;
    story_opts(&o, PAGES_WIN, -1.0);
    h = mode_new(&o);
    m = h->m;
    for (i = 0; i < 2000; i++) {
        const story_prep *q = h->q;

        distinct_words(buf, sizeof(buf), (unsigned)(1 + i * 7 % 70));
        assert_int_equal(prep(h, buf), 1);
        if (ndci_window_len(&h->w) == PAGES_WIN)
            drop(h);
        add(h, i + 1);
        memcpy(kept[i % PAGES_WIN], q->vec, q->n_vec * sizeof(tw));
        n_kept[i % PAGES_WIN] = q->n_vec;
        assert_true(m->pages_taken <= ndci_story_pages(PAGES_WIN));
        for (seq = h->w.lo; seq <= h->w.hi; seq++) {
            size_t sl = ndci_window_slot(&h->w, seq);

            assert_int_equal(m->rec[sl].n, n_kept[(seq - 1) % PAGES_WIN]);
            assert_memory_equal(ndci_story_vec(m, sl),
                kept[(seq - 1) % PAGES_WIN], m->rec[sl].n * sizeof(tw));
        }
    }
    mode_free(h);
}

static void
test_story_evict_leaves_centroid(void **state)
{
    ndc_ctx *c = make(2, -1);
    ndc_result r;

    (void)state;
    assert_int_equal(put(c, "striker league transfer").cluster, 1);
    assert_int_equal(put(c, "striker league hospital").cluster, 1);
    assert_int_equal(put(c, "striker league coach").cluster, 1);
    assert_int_equal(put(c, "striker league goal").cluster, 1);
    /* "hospital" left with record 2: nothing in the window shares it */
    r = put(c, "hospital vaccine patients");
    assert_int_equal(r.cluster, 5);
    assert_true(r.is_new);
    /* and a record of no shared word never joins, even at -t 0 */
    ndc_ctx_free(c);
    c = make(10, 0);
    assert_int_equal(put(c, "volcano eruption iceland").cluster, 1);
    assert_int_equal(put(c, "football cup final").cluster, 2);
    assert_int_equal(put(c, "bank rates inflation").cluster, 3);
    assert_int_equal(put(c, "volcano ash flights").cluster, 1);
    ndc_ctx_free(c);
}

/*
 * The postings of a record that shares no bucket among them are walked
 * by comparing ids only; those of one that does, from its first posting
 * in the bucket, which is marked.  Through 200 records of 12 words of their own
 * in a window of 8 (256 buckets), both kinds occur, each record's flag
 * says which it is, and a copy of each, with the recently joined
 * clusters forgotten, finds its record's cluster through the postings
 * (its score is not quite 1: its words' counts in the sketch differ).
 */
static void
test_story_post_shared_buckets(void **state)
{
    ndc_opts o;
    harness *h;
    story *m;
    char buf[256];
    unsigned i, k, a, b, n_lone = 0, n_shared = 0;

    (void)state;
    story_opts(&o, 8, -1.0);
    h = mode_new(&o);
    m = h->m;
    for (i = 0; i < 200; i++) {
        const story_posting *e;
        uint32_t n_post;
        ndci_join j;
        bool lone = true, marked = false;
        size_t at = 0, sl;

        for (k = 0; k < 12; k++) {
            unsigned x = i * 12 + k;

            at += (size_t)snprintf(buf + at, sizeof(buf) - at, "zq%c%c%c ",
                'a' + x / 676 % 26, 'a' + x / 26 % 26, 'a' + x % 26);
        }
        assert_int_equal(prep(h, buf), 1);
        if (ndci_window_len(&h->w) == 8)
            drop(h);
        add(h, i + 1);
        sl = ndci_window_slot(&h->w, h->w.hi);
        e = &m->posts[sl * INDEX_TERMS];
        n_post = m->rec[sl].n_post;
        for (a = 0; a < n_post; a++) {
            marked = marked || (e[a].tid & POST_SHARED) != 0;
            for (b = a + 1; b < n_post; b++)
                lone = lone && ndci_story_home(e[a].tid & TID_MASK,
                    m->heads_mask) != ndci_story_home(e[b].tid & TID_MASK,
                    m->heads_mask);
        }
        assert_int_equal(!marked, lone);
        n_lone += lone;
        n_shared += !lone;
        memset(m->recent, 0, sizeof(m->recent));
        assert_int_equal(prep(h, buf), 1);
        j = best(h);
        assert_int_equal(j.seq, h->w.hi);
        assert_true(j.score > 0.9);
    }
    assert_true(n_lone > 0);
    assert_true(n_shared > 0);
    mode_free(h);
}


int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_story_evict_story_forgotten),
        cmocka_unit_test(test_story_evict_window_len_bounded),
        cmocka_unit_test(test_story_evict_removes_postings),
        cmocka_unit_test(test_story_evict_leaves_centroid),
        cmocka_unit_test(test_story_index_long_chain),
        cmocka_unit_test(test_story_memory_flat_vocabulary),
        cmocka_unit_test(test_story_decay_halves),
        cmocka_unit_test(test_story_decay_no_time),
        cmocka_unit_test(test_story_horizon),
        cmocka_unit_test(test_story_same_seed_same_ids),
        cmocka_unit_test(test_story_out_of_memory),
        cmocka_unit_test(test_story_vec_pages_reused),
        cmocka_unit_test(test_story_post_shared_buckets),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
