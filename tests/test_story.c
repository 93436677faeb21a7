/*
 * test_story.c - story mode: the vectoriser and the assignment rule.
 * Most tests go through the public API; a few drive the mode object
 * (ndci_story_ops) directly to see what prepare does.  The index, its
 * eviction, decay, determinism and out-of-memory paths are in
 * test_story_index.c; what they share in story_util.c.
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

/* long_a (story_util.c) with one word changed. */
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

/*
 * Whether s, prepared, has no term of its own: its one term is that of
 * its whole text (ndci_text_whole(): the top bit set), which a record
 * without a word to count has so that its copies cluster.
 */
static bool
whole_only(harness *h, const char *s)
{
    const story_prep *q = h->q;
    size_t k, n = 0;
    bool whole = false;

    if (prep(h, s) != 1)
        return false;
    for (k = 0; k < q->n_acc; k++) {
        const acc_ent *a = &q->acc[q->acc_used[k]];

        if (a->mixed != 0) {
            n++;
            whole = a->term >> 63 != 0;
        }
    }
    return n == 1 && whole;
}

static void
test_story_vector_stop_words_only(void **state)
{
    ndc_ctx *c = make(16, -1.0);
    ndc_opts o;
    ndc_result r;
    ndc_stats st;
    harness *m;

    (void)state;
    /* No word is counted: the words, in order, stand for the text. */
    r = put(c, "the of and a to");
    assert_int_equal(r.record, 1);
    assert_int_equal(r.cluster, 1);
    assert_true(r.is_new);
    r = put(c, "THE, Of; and... A to!");
    assert_int_equal(r.cluster, 1);
    assert_true(fabs(r.score - 1.0) < SCORE_EPS);
    r = put(c, "The cat");      /* a control: "cat" is a word */
    assert_int_equal(r.record, 3);
    assert_int_equal(r.cluster, 3);
    r = put(c, " <p> &nbsp; </p> ");     /* no text at all */
    assert_int_equal(r.cluster, 0);
    ndc_ctx_stats(c, &st);
    assert_int_equal(st.records, 4);
    assert_int_equal(st.no_text, 1);
    assert_int_equal(st.clusters, 2);
    assert_int_equal(st.window_len, 3);
    ndc_ctx_free(c);

    story_opts(&o, 16, -1.0);
    m = mode_new(&o);
    assert_true(whole_only(m, "the of and a to"));
    assert_true(whole_only(m, "THE, Of; and... A to!"));
    assert_false(whole_only(m, "said the minister"));
    assert_int_equal(prep(m, "said the minister"), 1);
    assert_int_equal(prep(m, "\t<br>&#32;\n"), 0);
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
    assert_int_equal(r.cluster, 1);     /* by its words: no term */
    r = put(c, "Alpha, BETA!");
    assert_int_equal(r.cluster, 1);
    /* The built-in list is replaced, not extended. */
    r = put(c, "the cat");
    assert_int_equal(r.cluster, 3);
    r = put(c, "of and to");
    assert_int_equal(r.cluster, 4);
    /* Past stopwords_len: gamma is a word. */
    r = put(c, "gamma");
    assert_int_equal(r.cluster, 5);
    ndc_ctx_free(c);

    assert_true(whole_only(m, "alpha beta"));
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
    assert_true(whole_only(m, "123"));
    assert_true(whole_only(m, "7 12345 999 20140"));
    assert_false(whole_only(m, "2014"));
    assert_int_equal(prep(m, "2014"), 1);
    assert_int_equal(prep(m, "g20"), 1);    /* letters and digits stay */
    assert_false(whole_only(m, "g20"));
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
 * the body at title weight 0.5 (cosines 0.36 and 0.93) and to the title
 * at weight 5 (0.97 and 0.25).  (At weight 1, 0.61 and 0.79, it is like
 * both at over FOLD_SCORE and folds them: see test_story_fold.c.)
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
    assert_int_equal(weighted_join(0.5), 2);
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
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
