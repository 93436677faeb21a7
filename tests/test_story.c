/*
 * test_story.c - story mode: the vectoriser, the assignment rule, the
 * index and its eviction, time decay, determinism and out-of-memory
 * paths.  Most tests go through the public API; a few drive the mode
 * object (ndci_story_ops) directly to see what prepare and join do.
 * malloc, calloc and realloc are wrapped at link time to fail on demand.
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

/* Scores that should be 1 are cosines of float vectors. */
#define SCORE_EPS 1e-6

#include "alloc_fail.h"

/* ---- helpers ---- */

/* Story-mode options with the given window and threshold. */
static void
story_opts(ndc_opts *o, uint32_t window, double t)
{
    ndc_opts_init(o);
    o->mode = NDC_MODE_STORY;
    o->window = window;
    o->threshold = t;
}

static ndc_ctx *
make_with(const ndc_opts *o)
{
    ndc_ctx *c = NULL;

    assert_int_equal(ndc_ctx_create(&c, o), NDC_OK);
    assert_non_null(c);
    return c;
}

static ndc_ctx *
make(uint32_t window, double t)
{
    ndc_opts o;

    story_opts(&o, window, t);
    return make_with(&o);
}

/* Clusters s at time, as one field of weight 1. */
static ndc_result
put_at(ndc_ctx *c, const char *s, double time)
{
    ndc_field f = {s, strlen(s), 1.0};
    ndc_result r;

    assert_int_equal(ndc_ctx_assign_fields(c, &f, 1, time, &r), NDC_OK);
    return r;
}

static ndc_result
put(ndc_ctx *c, const char *s)
{
    ndc_result r;

    assert_int_equal(ndc_ctx_assign(c, s, strlen(s), &r), NDC_OK);
    return r;
}

/*
 * A story mode object, driven through ndci_story_ops as the context
 * drives it: a window, the mode over it, and one prep.
 */
typedef struct harness {
    ndci_window w;
    void *m;
    void *q;
} harness;

static harness *
mode_new(const ndc_opts *o)
{
    harness *h = calloc(1, sizeof(*h));
    ndc_opts checked = *o;

    assert_non_null(h);
    assert_int_equal(ndci_story_ops.check(&checked), NDC_OK);
    assert_true(ndci_window_init(&h->w, checked.window));
    assert_int_equal(ndci_story_ops.create(&h->m, &checked, &h->w), NDC_OK);
    assert_int_equal(ndci_story_ops.prep_create(&h->q, h->m), NDC_OK);
    return h;
}

static void
mode_free(harness *h)
{
    ndci_story_ops.prep_destroy(h->q);
    ndci_story_ops.destroy(h->m);
    ndci_window_free(&h->w);
    free(h);
}

/* prepare() of s as one field of weight 1, without a time. */
static int
prep(harness *h, const char *s)
{
    ndc_field f = {s, strlen(s), 1.0};

    return ndci_story_ops.prepare(h->m, h->q, &f, 1, NDC_NO_TIME);
}

/* The join of the prepared record, at threshold 0.5. */
static ndci_join
best(harness *h)
{
    ndci_join j;

    ndci_story_ops.join(h->m, h->q, 0.5, &j);
    return j;
}

/* Drops the oldest record of the window, as the context evicts. */
static void
drop(harness *h)
{
    const ndci_clu *c = ndci_window_cluster(&h->w,
        ndci_window_at(&h->w, h->w.lo)->cluster);

    ndci_story_ops.evict(h->m, h->w.lo, c, c->live == 1);
    ndci_window_pop(&h->w);
}

/* Commits the prepared record into cluster id (the window not full). */
static void
add(harness *h, uint64_t id)
{
    uint64_t seq;

    best(h);
    ndci_window_count(&h->w, id);
    seq = ndci_window_place(&h->w, h->w.hi + 1, id, NDC_NO_TIME);
    ndci_story_ops.insert(h->m, h->q, seq, ndci_window_cluster(&h->w, id));
}

static uint64_t
n_clusters(const ndc_ctx *c)
{
    ndc_stats st;

    ndc_ctx_stats(c, &st);
    return st.clusters;
}

/* Fills buf with n distinct lowercase words "waa wab ...". */
static void
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
 * below which story mode lowers the threshold for short texts, and a
 * copy with one word changed.
 */
static const char *long_a = "astronomers using the james webb telescope "
    "detected water vapour carbon dioxide methane clouds above distant "
    "exoplanet orbiting red dwarf star forty light years away suggesting "
    "oceans beneath thick hydrogen atmosphere researchers published "
    "findings journal nature monday calling discovery remarkable step "
    "toward identifying habitable worlds beyond solar system";
static const char *long_a2 = "astronomers using the james webb telescope "
    "detected water vapour carbon dioxide methane clouds above distant "
    "exoplanet orbiting red dwarf star forty light years away suggesting "
    "oceans beneath thick hydrogen atmosphere researchers published "
    "findings journal nature tuesday calling discovery remarkable step "
    "toward identifying habitable worlds beyond solar system";

/* Two reports of one story in different words, and an unrelated one. */
static const char *sony_1 = "Hackers linked to North Korea breached Sony "
    "Pictures computers, leaking unreleased films and executive emails; "
    "the studio cancelled The Interview premiere.";
static const char *sony_2 = "Sony Pictures confirmed the breach by North "
    "Korea hackers exposed employee emails and unreleased films, and the "
    "Interview release was pulled.";
static const char *flood = "Heavy rainfall flooded farmland across "
    "Bangladesh, displacing thousands of villagers as rivers burst their "
    "banks during monsoon season.";

/* ---- 1. the vectoriser ---- */

static void
test_story_vector_stop_words_only(void **state)
{
    ndc_ctx *c = make(16, -1.0);
    ndc_opts o;
    ndc_result r;
    ndc_stats st;
    harness *m;

    (void)state;
    r = put(c, "the of and a to");
    assert_int_equal(r.record, 1);
    assert_int_equal(r.cluster, 0);
    assert_false(r.is_new);
    r = put(c, "The cat");      /* a control: "cat" is a word */
    assert_int_equal(r.record, 2);
    assert_int_equal(r.cluster, 2);
    ndc_ctx_stats(c, &st);
    assert_int_equal(st.records, 2);
    assert_int_equal(st.no_text, 1);
    assert_int_equal(st.clusters, 1);
    assert_int_equal(st.window_len, 1);
    ndc_ctx_free(c);

    story_opts(&o, 16, -1.0);
    m = mode_new(&o);
    assert_int_equal(prep(m, "the of and a to"), 0);
    assert_int_equal(prep(m, "THE, Of; and... A to!"), 0);
    assert_int_equal(prep(m, "said the minister"), 1);
    mode_free(m);
}

static void
test_story_vector_case_and_punctuation(void **state)
{
    ndc_ctx *c = make(16, -1.0);
    ndc_result r;
    char buf[64];
    int i;

    (void)state;
    r = put(c, "Sony Pictures hack");
    assert_int_equal(r.cluster, 1);
    r = put(c, "sony, pictures: HACK!");
    assert_int_equal(r.cluster, 1);
    assert_int_equal(r.match, 1);
    assert_false(r.is_new);
    assert_true(fabs(r.score - 1.0) < SCORE_EPS);
    /* Capitals at every offset of a 16-byte block fold the same. */
    for (i = 0; i <= 16; i++) {
        snprintf(buf, sizeof(buf), "%*s\"SONY\" -- PICTURES (Hack)", i, "");
        r = put(c, buf);
        assert_int_equal(r.cluster, 1);
        assert_true(fabs(r.score - 1.0) < SCORE_EPS);
    }
    ndc_ctx_free(c);
}

static void
test_story_vector_custom_stopwords(void **state)
{
    static const char list[] = "alpha BETA, gamma";
    ndc_opts o;
    ndc_ctx *c;
    ndc_result r;
    char *copy;
    harness *m;

    (void)state;
    /* The list is copied: free it before the context is used.  Only
       its first stopwords_len bytes count ("alpha BETA"). */
    copy = malloc(sizeof(list));
    assert_non_null(copy);
    memcpy(copy, list, sizeof(list));
    story_opts(&o, 16, -1.0);
    o.stopwords = copy;
    o.stopwords_len = strlen("alpha BETA");
    c = make_with(&o);
    m = mode_new(&o);
    free(copy);
    r = put(c, "alpha beta");
    assert_int_equal(r.cluster, 0);
    r = put(c, "Alpha, BETA!");
    assert_int_equal(r.cluster, 0);
    /* The built-in list is replaced, not extended. */
    r = put(c, "the cat");
    assert_int_equal(r.cluster, 3);
    r = put(c, "of and to");
    assert_int_equal(r.cluster, 4);
    /* Past stopwords_len: gamma is a word. */
    r = put(c, "gamma");
    assert_int_equal(r.cluster, 5);
    ndc_ctx_free(c);

    assert_int_equal(prep(m, "alpha beta"), 0);
    assert_int_equal(prep(m, "the cat"), 1);
    assert_int_equal(prep(m, "the of and a to"), 1);
    assert_int_equal(prep(m, "gamma"), 1);
    mode_free(m);

    /* An empty list: no stop words at all. */
    story_opts(&o, 16, -1.0);
    o.stopwords = "";
    o.stopwords_len = 0;
    m = mode_new(&o);
    assert_int_equal(prep(m, "the of and"), 1);
    mode_free(m);
}

static void
test_story_vector_numbers(void **state)
{
    ndc_opts o;
    ndc_ctx *c;
    ndc_result r;
    harness *m;

    (void)state;
    story_opts(&o, 16, -1.0);
    m = mode_new(&o);
    assert_int_equal(prep(m, "123"), 0);
    assert_int_equal(prep(m, "7 12345 999 20140"), 0);
    assert_int_equal(prep(m, "2014"), 1);
    assert_int_equal(prep(m, "g20"), 1);    /* letters and digits stay */
    mode_free(m);

    /* Dropped numbers do not change the vector. */
    c = make(16, -1.0);
    r = put(c, "2014 olympics");
    assert_int_equal(r.cluster, 1);
    r = put(c, "123 olympics 45678 2014 99");
    assert_int_equal(r.cluster, 1);
    assert_true(fabs(r.score - 1.0) < SCORE_EPS);
    ndc_ctx_free(c);
}

static void
test_story_vector_greek_cyrillic_fold(void **state)
{
    ndc_ctx *c = make(16, -1.0);
    ndc_result r;

    (void)state;
    r = put(c, "\xCE\x91\xCE\x98\xCE\x97\xCE\x9D\xCE\x91");  /* ΑΘΗΝΑ */
    assert_int_equal(r.cluster, 1);
    r = put(c, "\xCE\xB1\xCE\xB8\xCE\xB7\xCE\xBD\xCE\xB1");  /* αθηνα */
    assert_int_equal(r.cluster, 1);
    assert_true(fabs(r.score - 1.0) < SCORE_EPS);
    /* МОСКВА founds its own cluster; москва joins it. */
    r = put(c, "\xD0\x9C\xD0\x9E\xD0\xA1\xD0\x9A\xD0\x92\xD0\x90");
    assert_int_equal(r.cluster, 3);
    assert_true(r.is_new);
    r = put(c, "\xD0\xBC\xD0\xBE\xD1\x81\xD0\xBA\xD0\xB2\xD0\xB0");
    assert_int_equal(r.cluster, 3);
    assert_true(fabs(r.score - 1.0) < SCORE_EPS);
    ndc_ctx_free(c);
}

/* ---- 2. the assignment rule ---- */

static void
test_story_assign_same_story_joins(void **state)
{
    ndc_ctx *c = make(100, -1.0);
    ndc_result r;

    (void)state;
    r = put(c, sony_1);
    assert_int_equal(r.cluster, 1);
    assert_true(r.is_new);
    r = put(c, flood);
    assert_int_equal(r.cluster, 2);
    assert_true(r.is_new);
    assert_true(r.score < NDC_DEFAULT_STORY_THRESHOLD);
    r = put(c, sony_2);
    assert_int_equal(r.cluster, 1);
    assert_int_equal(r.match, 1);
    assert_int_equal(r.size, 2);
    assert_false(r.is_new);
    assert_true(r.score >= NDC_DEFAULT_STORY_THRESHOLD && r.score < 1.0);
    assert_int_equal(n_clusters(c), 2);
    ndc_ctx_free(c);
}

/* At -t 1 a text differing by one word stays apart; a copy joins. */
static void
test_story_assign_threshold_one(void **state)
{
    ndc_ctx *c = make(100, 1.0);
    ndc_result r;

    (void)state;
    r = put(c, long_a);
    assert_int_equal(r.cluster, 1);
    r = put(c, long_a);
    assert_int_equal(r.cluster, 1);
    assert_true(r.score == 1.0);
    r = put(c, long_a2);
    assert_int_equal(r.cluster, 3);
    assert_true(r.is_new);
    assert_true(r.score > 0.9 && r.score < 1.0);
    ndc_ctx_free(c);
}

/*
 * The same text twice in a fresh context, for every length from 32
 * terms (below which the threshold is lowered) to the 64 a vector
 * keeps: the second copy must join at -t 1.
 */
static void
test_story_assign_threshold_one_copies(void **state)
{
    char buf[1024];
    unsigned n;

    (void)state;
    for (n = 32; n <= 64; n++) {
        ndc_ctx *c = make(16, 1.0);
        ndc_result r;

        distinct_words(buf, sizeof(buf), n);
        put(c, buf);
        r = put(c, buf);
        ndc_ctx_free(c);        /* before a failed assert jumps out */
        if (r.cluster != 1)
            print_error("%u words: copy scored %.17g\n", n, r.score);
        assert_int_equal(r.cluster, 1);
        assert_true(r.score == 1.0);
    }
}

static const char *volcano_news = "volcano eruption iceland grounds flights "
    "across northern europe airports closed";
static const char *volcano_film = "volcano documentary wins award festival "
    "director praised cinematography";

static void
test_story_assign_threshold_zero(void **state)
{
    ndc_ctx *c = make(100, 0.0);
    ndc_result r;

    (void)state;
    r = put(c, volcano_news);
    assert_int_equal(r.cluster, 1);
    r = put(c, volcano_film);           /* one term in common */
    assert_int_equal(r.cluster, 1);
    assert_int_equal(r.match, 1);
    assert_true(r.score > 0.0 && r.score < 0.1);
    ndc_ctx_free(c);
    /* The same pair at the default threshold stays apart. */
    c = make(100, -1.0);
    put(c, volcano_news);
    r = put(c, volcano_film);
    assert_int_equal(r.cluster, 2);
    assert_true(r.score > 0.0);
    ndc_ctx_free(c);
}

/*
 * Cluster 1 holds three title words, cluster 2 five body words.  A
 * record with the three in its title and the five in its body leans to
 * the body at title weight 1 (cosines 0.61 and 0.79) and to the title at
 * weight 5 (0.90 and 0.44).
 */
static uint64_t
weighted_join(double title_weight)
{
    static const char title[] = "volcano eruption iceland";
    static const char body[] =
        "airline flights cancelled passengers stranded";
    ndc_ctx *c = make(100, 0.3);
    ndc_field f[2] = {
        {title, sizeof(title) - 1, 0},
        {body, sizeof(body) - 1, 1.0},
    };
    ndc_result r;
    uint64_t id;

    f[0].weight = title_weight;
    assert_int_equal(put(c, title).cluster, 1);
    assert_int_equal(put(c, body).cluster, 2);
    assert_int_equal(ndc_ctx_assign_fields(c, f, 2, NDC_NO_TIME, &r),
        NDC_OK);
    assert_false(r.is_new);
    id = r.cluster;
    ndc_ctx_free(c);
    return id;
}

static void
test_story_assign_field_weight(void **state)
{
    (void)state;
    assert_int_equal(weighted_join(1.0), 2);
    assert_int_equal(weighted_join(5.0), 1);
}

static void
test_story_assign_bad_weight(void **state)
{
    const double bad[] = {0.0, -0.0, -1.0, NAN, -INFINITY};
    ndc_ctx *c = make(16, -1.0);
    ndc_field f[2] = {{"storm", 5, 1.0}, {"flood", 5, 1.0}};
    ndc_result r;
    ndc_stats st;
    size_t i;

    (void)state;
    for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        f[1].weight = bad[i];
        assert_int_equal(ndc_ctx_assign_fields(c, f, 2, NDC_NO_TIME, &r),
            NDC_ERR_INVALID);
        f[1].weight = 1.0;
        f[0].weight = bad[i];
        assert_int_equal(ndc_ctx_assign_fields(c, f, 1, NDC_NO_TIME, &r),
            NDC_ERR_INVALID);
        f[0].weight = 1.0;
    }
    assert_int_equal(ndc_ctx_assign_fields(c, NULL, 1, NDC_NO_TIME, &r),
        NDC_ERR_INVALID);
    /* A refused call takes no record number. */
    ndc_ctx_stats(c, &st);
    assert_int_equal(st.records, 0);
    assert_int_equal(ndc_ctx_assign_fields(c, f, 2, NDC_NO_TIME, &r),
        NDC_OK);
    assert_int_equal(r.record, 1);
    assert_int_equal(r.cluster, 1);
    ndc_ctx_free(c);
}

/* ---- 3. the index and eviction ---- */

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
 * is no longer among the recently joined (the mode keeps 8 of those).  S finds cluster 1 through the
 * postings of record 1 until record 1 is evicted; after that they are
 * gone, and cluster 1 is not found although record 2 is live.
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

/* ---- 4. decay ---- */

static ndc_ctx *
make_decay(double decay, double t)
{
    ndc_opts o;

    story_opts(&o, 100, t);
    o.decay = decay;
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

/* ---- 5. determinism ---- */

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

/* ---- 6. out of memory ---- */

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

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_story_vector_stop_words_only),
        cmocka_unit_test(test_story_vector_case_and_punctuation),
        cmocka_unit_test(test_story_vector_custom_stopwords),
        cmocka_unit_test(test_story_vector_numbers),
        cmocka_unit_test(test_story_vector_greek_cyrillic_fold),
        cmocka_unit_test(test_story_assign_same_story_joins),
        cmocka_unit_test(test_story_assign_threshold_one),
        cmocka_unit_test(test_story_assign_threshold_one_copies),
        cmocka_unit_test(test_story_assign_threshold_zero),
        cmocka_unit_test(test_story_assign_field_weight),
        cmocka_unit_test(test_story_assign_bad_weight),
        cmocka_unit_test(test_story_evict_story_forgotten),
        cmocka_unit_test(test_story_evict_window_len_bounded),
        cmocka_unit_test(test_story_evict_removes_postings),
        cmocka_unit_test(test_story_evict_leaves_centroid),
        cmocka_unit_test(test_story_index_long_chain),
        cmocka_unit_test(test_story_memory_flat_vocabulary),
        cmocka_unit_test(test_story_decay_halves),
        cmocka_unit_test(test_story_decay_no_time),
        cmocka_unit_test(test_story_same_seed_same_ids),
        cmocka_unit_test(test_story_out_of_memory),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
