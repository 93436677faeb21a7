/*
 * test_state.c - ndc_ctx_save() and ndc_ctx_load() through the public
 * API: a saved and loaded context goes on exactly as the original, in
 * both modes; the caller's bytes come back; every kind of damage, another
 * format version and other settings are refused with NDC_ERR_STATE and a
 * message that names them; misuse gives NDC_ERR_INVALID and a failing
 * writer NDC_ERR_WRITE.
 *
 * The state format (src/cluster.c): "NDCSTATE", a 32-bit version, a
 * 32-bit byte-order marker, the 64-bit total length, the settings, the
 * caller's bytes, the body, and an XXH3-64 checksum of all before it.
 * Tests that craft a file patch a field and reseal it (new length and
 * checksum), as someone who wanted to get past the checksum would.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <xxhash.h>

#include "ndcluster.h"

/*
 * The frame of a state file: what any version keeps, so that a file of
 * another version is told for what it is.  The offsets inside the body
 * are not written down here: layout_init() finds them in a saved state,
 * so that a change of layout does not break these tests.
 */
enum {
    OFF_MAGIC = 0,
    OFF_VERSION = 8,
    OFF_ENDIAN = 12,
    OFF_TOTAL = 16,
    OFF_SETTINGS = 24,
    SUM_LEN = 8
};

/* Where the caller's bytes and their length are (after the settings). */
static size_t OFF_USER_LEN, OFF_USER, SETTINGS_LEN;

#define STATE_VERSION 3u
#define STATE_ENDIAN 0x01020304u
#define STATE_ENDIAN_SWAPPED 0x04030201u

/* Records in a generated stream. */
#define N_STREAM 400u

/*
 * The first offset from on at which the 8-byte values a and then b (if
 * b is not 0) are found; fails the test if there is none.
 */
static size_t
find_u64s(const unsigned char *p, size_t len, size_t from, uint64_t a,
    uint64_t b)
{
    size_t at;

    for (at = from; at + 16 <= len; at++) {
        uint64_t x, y;

        memcpy(&x, p + at, 8);
        memcpy(&y, p + at + 8, 8);
        if (x == a && (b == 0 || y == b))
            return at;
    }
    fail_msg("no %llu, %llu in the state", (unsigned long long)a,
        (unsigned long long)b);
    return 0;
}

/* ---- a growable buffer as the writer of ndc_ctx_save() ---- */

typedef struct membuf {
    unsigned char *p;
    size_t len;
    size_t cap;
    size_t calls;       /* writer calls so far */
    size_t fail_at;     /* the call that fails; SIZE_MAX: none */
    size_t after_fail;  /* calls after the failed one (must stay 0) */
} membuf;

static void
membuf_init(membuf *b)
{
    memset(b, 0, sizeof(*b));
    b->fail_at = SIZE_MAX;
}

static void
membuf_free(membuf *b)
{
    free(b->p);
    membuf_init(b);
}

/* Appends data to the buffer, or fails on call number fail_at. */
static bool
mem_write(void *arg, const void *data, size_t len)
{
    membuf *b = arg;
    size_t call = b->calls++;

    if (b->fail_at != SIZE_MAX && call > b->fail_at)
        b->after_fail++;
    if (call == b->fail_at)
        return false;
    if (len > b->cap - b->len) {
        size_t cap = b->cap == 0 ? 4096 : b->cap;
        unsigned char *p;

        while (cap - b->len < len)
            cap *= 2;
        p = realloc(b->p, cap);
        if (p == NULL)
            return false;
        b->p = p;
        b->cap = cap;
    }
    memcpy(b->p + b->len, data, len);
    b->len += len;
    return true;
}

/* Saves c with the given user bytes into a fresh buffer. */
static void
save_to(const ndc_ctx *c, const void *user, size_t user_len, membuf *b)
{
    membuf_init(b);
    assert_int_equal(ndc_ctx_save(c, user, user_len, mem_write, b), NDC_OK);
    assert_true(b->len > OFF_USER + SUM_LEN);
}

/* A copy of n bytes at p, owned by the caller. */
static unsigned char *
dup_bytes(const void *p, size_t n)
{
    unsigned char *q = malloc(n > 0 ? n : 1);

    assert_non_null(q);
    if (n > 0)
        memcpy(q, p, n);
    return q;
}

/* Sets the length field of a crafted state to len and its checksum. */
static void
reseal(unsigned char *p, size_t len)
{
    uint64_t total = len, sum;

    assert_true(len >= OFF_SETTINGS + SUM_LEN);
    memcpy(p + OFF_TOTAL, &total, 8);
    sum = XXH3_64bits(p, len - SUM_LEN);
    memcpy(p + len - SUM_LEN, &sum, 8);
}

/* ---- contexts ---- */

static ndc_ctx *
make(const ndc_opts *o)
{
    ndc_ctx *c = NULL;

    assert_int_equal(ndc_ctx_create(&c, o), NDC_OK);
    assert_non_null(c);
    return c;
}

/* Whether a load of p[0..len) into c is refused with NDC_ERR_STATE and
   a message containing want; says what it got if not. */
static bool
is_refused(ndc_ctx *c, const void *p, size_t len, const char *want)
{
    ndc_status st = ndc_ctx_load(c, p, len, NULL, NULL);
    const char *msg = ndc_ctx_errmsg(c);

    if (st != NDC_ERR_STATE || strstr(msg, want) == NULL) {
        print_error("load of %zu bytes: status %d, message \"%s\"; "
            "wanted NDC_ERR_STATE and \"%s\"\n", len, (int)st, msg, want);
        return false;
    }
    return true;
}

static void
refused(ndc_ctx *c, const void *p, size_t len, const char *want)
{
    assert_true(is_refused(c, p, len, want));
}

/* As refused(), with a fresh context made from o. */
static void
refused_by(const ndc_opts *o, const void *p, size_t len, const char *want)
{
    ndc_ctx *c = make(o);
    bool ok = is_refused(c, p, len, want);

    ndc_ctx_free(c);
    assert_true(ok);
}

/* ---- a deterministic stream of records ---- */

static uint64_t
next_u64(uint64_t *s)
{
    uint64_t z = (*s += 0x9E3779B97F4A7C15ULL);

    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

#define N_TOPICS 6
#define TOPIC_WORDS 8

static const char *const topics[N_TOPICS][TOPIC_WORDS] = {
    {"earthquake", "tsunami", "magnitude", "coast", "rescue",
        "aftershock", "epicentre", "seismic"},
    {"merger", "shares", "investors", "billion", "acquisition", "profit",
        "dividend", "quarter"},
    {"vaccine", "trial", "patients", "dose", "virus", "hospital",
        "clinical", "immune"},
    {"striker", "league", "goal", "coach", "stadium", "transfer",
        "penalty", "midfield"},
    {"election", "ballot", "senate", "candidate", "campaign", "voters",
        "poll", "coalition"},
    {"rocket", "orbit", "launch", "satellite", "astronaut", "lunar",
        "payload", "capsule"},
};

#define TEXT_MAX 512
#define TITLE_MAX 96
#define N_BASES 24

/* One record: up to two fields (a body and a title) and a time. */
typedef struct item {
    char text[TEXT_MAX];
    char title[TITLE_MAX];
    size_t n_fields;    /* 0: no text, 1: body, 2: body and title */
    double time;        /* seconds or NDC_NO_TIME */
} item;

/* Appends one word (a topic word, or one of a long tail) to buf. */
static void
add_word(char *buf, size_t size, size_t *len, uint64_t *rng, int topic)
{
    uint64_t x = next_u64(rng);
    int n;

    if (x % 10 < 6)
        n = snprintf(buf + *len, size - *len, "%s%s", *len ? " " : "",
            topics[topic][(x >> 8) % TOPIC_WORDS]);
    else
        n = snprintf(buf + *len, size - *len, "%sw%llx", *len ? " " : "",
            (unsigned long long)((x >> 8) % 3000));
    assert_true(n > 0 && (size_t)n < size - *len);
    *len += (size_t)n;
}

/*
 * Fills it[0..n) from seed: new texts of 20 words on one of six topics,
 * exact repeats and near repeats (two words replaced) of recent ones,
 * titles of weight 2, records without text or without words, and times
 * that mostly rise by 30 to 90 s, now and then missing or out of order.
 */
static void
gen_stream(item *it, size_t n, uint64_t seed)
{
    char bases[N_BASES][TEXT_MAX];
    int base_topic[N_BASES];
    size_t n_bases = 0, i;
    uint64_t rng = seed;
    double clock = 1.7e9;

    memset(it, 0, n * sizeof(*it));
    for (i = 0; i < n; i++) {
        uint64_t r = next_u64(&rng) % 100;
        size_t len = 0, b = n_bases > 0 ?
            (size_t)(next_u64(&rng) % (n_bases < N_BASES ? n_bases :
            N_BASES)) : 0;
        int topic = (int)(next_u64(&rng) % N_TOPICS), k;

        clock += 30 + (double)(next_u64(&rng) % 61);
        r = n_bases == 0 && r >= 8 ? 99 : r;
        it[i].n_fields = 1;
        if (r < 4) {
            it[i].n_fields = 0;
        } else if (r < 8) {
            snprintf(it[i].text, TEXT_MAX, "... -- !! %s", "\xE2\x80\x94");
        } else if (r < 25) {
            memcpy(it[i].text, bases[b], TEXT_MAX);
            topic = base_topic[b];
        } else if (r < 55) {
            /* the same words but two, which become other words */
            const char *w = bases[b];
            size_t at = 0, drop1 = (size_t)(next_u64(&rng) % 20),
                drop2 = (size_t)(next_u64(&rng) % 20);

            topic = base_topic[b];
            while (*w != '\0') {
                size_t wl = strcspn(w, " ");
                int m;

                if (at == drop1 || at == drop2) {
                    add_word(it[i].text, TEXT_MAX, &len, &rng, topic);
                } else {
                    m = snprintf(it[i].text + len, TEXT_MAX - len, "%s%.*s",
                        len ? " " : "", (int)wl, w);
                    assert_true(m > 0 && (size_t)m < TEXT_MAX - len);
                    len += (size_t)m;
                }
                w += wl + (w[wl] == ' ');
                at++;
            }
        } else {
            for (k = 0; k < 20; k++)
                add_word(it[i].text, TEXT_MAX, &len, &rng, topic);
            memcpy(bases[n_bases % N_BASES], it[i].text, TEXT_MAX);
            base_topic[n_bases % N_BASES] = topic;
            n_bases++;
        }
        if (it[i].n_fields == 1 && next_u64(&rng) % 2 == 0) {
            snprintf(it[i].title, TITLE_MAX, "%s %s",
                topics[topic][next_u64(&rng) % TOPIC_WORDS],
                topics[topic][next_u64(&rng) % TOPIC_WORDS]);
            it[i].n_fields = 2;
        }
        r = next_u64(&rng) % 100;
        it[i].time = r < 10 ? NDC_NO_TIME : r < 15 ? clock - 3000 : clock;
    }
}

/* How a test feeds records: with fields and times, or plain text. */
typedef struct config {
    const char *name;
    ndc_opts opts;
    bool fields;        /* ndc_ctx_assign_fields() with times */
} config;

static ndc_result
feed(ndc_ctx *c, const config *cf, const item *it)
{
    ndc_field f[2];
    ndc_result r;
    ndc_status st;

    f[0].text = it->text;
    f[0].len = strlen(it->text);
    f[0].weight = 1.0;
    f[1].text = it->title;
    f[1].len = strlen(it->title);
    f[1].weight = 2.0;
    if (cf->fields)
        st = ndc_ctx_assign_fields(c, f, it->n_fields, it->time, &r);
    else
        st = ndc_ctx_assign(c, it->n_fields ? it->text : NULL,
            it->n_fields ? f[0].len : 0, &r);
    assert_int_equal(st, NDC_OK);
    return r;
}

static const char story_stop[] = "the of and w1 w2 w3\nearthquake";

/* The configurations of the round-trip tests. */
static void
configs(config *cf, size_t *n)
{
    size_t i;

    for (i = 0; i < 4; i++) {
        memset(&cf[i], 0, sizeof(cf[i]));
        ndc_opts_init(&cf[i].opts);
        cf[i].opts.seed = 7;
    }
    /* near, evicting by count and by time */
    cf[0].name = "near, window 48, window_time 1800";
    cf[0].opts.window = 48;
    cf[0].opts.window_time = 1800;
    cf[0].fields = true;
    /* near, no eviction, other shape */
    cf[1].name = "near, window 1000, shingle 3, perm 64, bands 16";
    cf[1].opts.window = 1000;
    cf[1].opts.shingle = 3;
    cf[1].opts.perm = 64;
    cf[1].opts.bands = 16;
    /* story, evicting by count and by time, with decay */
    cf[2].name = "story, window 24, decay 900, window_time 3600";
    cf[2].opts.mode = NDC_MODE_STORY;
    cf[2].opts.window = 24;
    cf[2].opts.decay = 900;
    cf[2].opts.window_time = 3600;
    cf[2].opts.stopwords = story_stop;
    cf[2].opts.stopwords_len = sizeof(story_stop) - 1;
    cf[2].fields = true;
    /* story, plain texts, a tiny window */
    cf[3].name = "story, window 8";
    cf[3].opts.mode = NDC_MODE_STORY;
    cf[3].opts.window = 8;
    *n = 4;
}

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

/* ---- 3. damage ---- */

/* The fixture of the damage tests: a small near-mode state of a few
   records with 5 bytes of the caller's, and the options it was made with. */
typedef struct small {
    ndc_opts o;
    membuf b;
} small;

static int
setup_small(void **state)
{
    static const char *const texts[] = {
        "the quick brown fox jumps over the lazy dog by the river",
        "the quick brown fox jumps over the lazy dog by the river bank",
        "stock markets fell sharply on monday as investors worried",
        "", "the quick brown fox jumps over the lazy dog by the river",
    };
    small *sm = calloc(1, sizeof(*sm));
    ndc_ctx *c = NULL;
    size_t i;

    if (sm == NULL)
        return -1;
    ndc_opts_init(&sm->o);
    sm->o.window = 16;
    sm->o.window_time = 100;
    membuf_init(&sm->b);
    *state = sm;
    if (ndc_ctx_create(&c, &sm->o) != NDC_OK)
        return -1;
    for (i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
        ndc_result r;

        if (ndc_ctx_assign(c, texts[i], strlen(texts[i]), &r) != NDC_OK) {
            ndc_ctx_free(c);
            return -1;
        }
    }
    if (ndc_ctx_save(c, "hello", 5, mem_write, &sm->b) != NDC_OK) {
        ndc_ctx_free(c);
        return -1;
    }
    ndc_ctx_free(c);
    return 0;
}

static int
teardown_small(void **state)
{
    small *sm = *state;

    if (sm != NULL)
        membuf_free(&sm->b);
    free(sm);
    return 0;
}

static void
test_state_damage_empty(void **state)
{
    const small *sm = *state;
    const ndc_opts *o = &sm->o;
    const membuf *b = &sm->b;
    ndc_ctx *c;

    c = make(o);
    assert_string_equal(ndc_ctx_errmsg(c), "");
    refused(c, NULL, 0, "empty");
    refused(c, b->p, 0, "empty");
    /* a refusal leaves the context fresh: the good state still loads,
       and success clears the message */
    assert_int_equal(ndc_ctx_load(c, b->p, b->len, NULL, NULL), NDC_OK);
    assert_string_equal(ndc_ctx_errmsg(c), "");
    ndc_ctx_free(c);
}

static void
test_state_damage_not_a_state(void **state)
{
    const small *sm = *state;
    const ndc_opts *o = &sm->o;
    const membuf *b = &sm->b;
    unsigned char *p, junk[4096];
    uint64_t rng = 99;
    size_t i;

    p = dup_bytes(b->p, b->len);
    p[0] = 'n';
    refused_by(o, p, b->len, "not an ndcluster state file");
    memcpy(p, "NDCSTATf", 8);
    refused_by(o, p, b->len, "not an ndcluster state file");
    for (i = 0; i < sizeof(junk); i++)
        junk[i] = (unsigned char)next_u64(&rng);
    refused_by(o, junk, sizeof(junk), "not an ndcluster state file");
    refused_by(o, "{\"id\":1,\"text\":\"not a state\"}\n", 31,
        "not an ndcluster state file");
    refused_by(o, "NDCSTAT", 7, "not an ndcluster state file");
    free(p);
}

/*
 * A state cut anywhere past its magic number is refused as truncated:
 * within the body, within the checksum, one byte short.
 */
static void
test_state_damage_truncated(void **state)
{
    const small *sm = *state;
    const ndc_opts *o = &sm->o;
    const membuf *b = &sm->b;
    size_t cuts[8], i;

    cuts[0] = OFF_SETTINGS;
    cuts[1] = OFF_USER + 3;
    cuts[2] = 1000;
    cuts[3] = b->len / 2;
    cuts[4] = b->len - SUM_LEN - 1;
    cuts[5] = b->len - SUM_LEN;
    cuts[6] = b->len - 4;
    cuts[7] = b->len - 1;
    for (i = 0; i < 8; i++) {
        char want[64];

        snprintf(want, sizeof(want), "truncated: %zu of %zu bytes", cuts[i],
            b->len);
        refused_by(o, b->p, cuts[i], want);
    }
}

/*
 * A state cut within its header, after the magic number: before the
 * version, within the version or the byte-order marker, or within the
 * length field.  All of these are truncations too.
 */
static void
test_state_damage_truncated_header(void **state)
{
    const small *sm = *state;
    const ndc_opts *o = &sm->o;
    const membuf *b = &sm->b;
    size_t cut;

    for (cut = OFF_VERSION; cut < OFF_SETTINGS; cut++)
        refused_by(o, b->p, cut, "truncated");
}

static void
test_state_damage_extra_bytes(void **state)
{
    static const size_t extra[] = {1, 8, 1000};
    const small *sm = *state;
    const ndc_opts *o = &sm->o;
    const membuf *b = &sm->b;
    size_t i;

    for (i = 0; i < sizeof(extra) / sizeof(extra[0]); i++) {
        unsigned char *p = calloc(b->len + extra[i], 1);
        char want[80];

        assert_non_null(p);
        memcpy(p, b->p, b->len);
        snprintf(want, sizeof(want), "damaged: %zu bytes, more than the %zu",
            b->len + extra[i], b->len);
        refused_by(o, p, b->len + extra[i], want);
        free(p);
    }
    /* the same state twice over is no state either */
    {
        unsigned char *p = malloc(2 * b->len);

        assert_non_null(p);
        memcpy(p, b->p, b->len);
        memcpy(p + b->len, b->p, b->len);
        refused_by(o, p, 2 * b->len, "damaged");
        free(p);
    }
}

/* The message a state with a bit of byte at flipped is refused with;
   NULL for the length field, which gives truncated or damaged. */
static const char *
flip_reason(size_t at)
{
    if (at < OFF_VERSION)
        return "not an ndcluster state file";
    if (at < OFF_ENDIAN)
        return "version";
    if (at < OFF_TOTAL)
        return "byte order";
    if (at < OFF_SETTINGS)
        return NULL;    /* the length: truncated or damaged */
    return "damaged: checksum mismatch";
}

/*
 * One bit flipped anywhere is refused: in the header for what that field
 * is, in the length field as truncated or damaged, anywhere after it
 * (settings, the caller's bytes, the body, the checksum itself) as a
 * checksum mismatch.  Every byte of the small state is tried, all eight
 * bits of the header's and the checksum's bytes.  A refusal leaves the
 * context fresh, so one context serves for all.
 */
static void
test_state_damage_bit_flips(void **state)
{
    const small *sm = *state;
    const ndc_opts *o = &sm->o;
    const membuf *b = &sm->b;
    ndc_ctx *c;
    unsigned char *p;
    size_t at, n = 0;

    c = make(o);
    p = dup_bytes(b->p, b->len);
    for (at = 0; at < b->len; at++) {
        bool all = at < OFF_SETTINGS || at >= b->len - SUM_LEN;
        unsigned bit;

        for (bit = 0; bit < 8; bit++) {
            const char *want = flip_reason(at);

            if (!all && bit != at % 8)
                continue;
            p[at] ^= (unsigned char)(1u << bit);
            if (want != NULL) {
                refused(c, p, b->len, want);
            } else {
                const char *msg;

                assert_int_equal(ndc_ctx_load(c, p, b->len, NULL, NULL),
                    NDC_ERR_STATE);
                msg = ndc_ctx_errmsg(c);
                if (strstr(msg, "truncated") == NULL &&
                    strstr(msg, "damaged") == NULL) {
                    print_error("length bit %zu: \"%s\"\n",
                        (at - OFF_TOTAL) * 8 + bit, msg);
                    fail();
                }
            }
            p[at] ^= (unsigned char)(1u << bit);
            n++;
        }
    }
    assert_true(n > b->len);
    assert_int_equal(ndc_ctx_load(c, p, b->len, NULL, NULL), NDC_OK);
    free(p);
    ndc_ctx_free(c);
}

/* Bit flips spread over a story-mode state of some size. */
static void
test_state_damage_bit_flips_story(void **state)
{
    item *it = malloc(64 * sizeof(*it));
    config cf[4];
    size_t n_cf, i, at;
    ndc_ctx *c;
    unsigned char *p;
    membuf b;

    (void)state;
    assert_non_null(it);
    configs(cf, &n_cf);
    gen_stream(it, 64, 5);
    c = make(&cf[2].opts);
    for (i = 0; i < 64; i++)
        feed(c, &cf[2], &it[i]);
    save_to(c, "user", 4, &b);
    ndc_ctx_free(c);
    c = make(&cf[2].opts);
    p = dup_bytes(b.p, b.len);
    for (at = OFF_SETTINGS; at < b.len; at += 1 + at / 7) {
        p[at] ^= (unsigned char)(0x80u >> (at % 8));
        refused(c, p, b.len, "damaged: checksum mismatch");
        p[at] ^= (unsigned char)(0x80u >> (at % 8));
    }
    for (at = b.len - SUM_LEN; at < b.len; at++) {
        p[at] ^= 1;
        refused(c, p, b.len, "damaged: checksum mismatch");
        p[at] ^= 1;
    }
    assert_int_equal(ndc_ctx_load(c, p, b.len, NULL, NULL), NDC_OK);
    free(p);
    ndc_ctx_free(c);
    free(it);
    membuf_free(&b);
}

/*
 * Another format version is refused as such, whether or not the
 * checksum was made to fit; so is the other byte order.
 */
static void
test_state_damage_other_version(void **state)
{
    static const uint32_t versions[] = {0, 1, 2, 4, 1000, UINT32_MAX};
    const small *sm = *state;
    const ndc_opts *o = &sm->o;
    const membuf *b = &sm->b;
    unsigned char *p;
    size_t i;

    p = dup_bytes(b->p, b->len);
    for (i = 0; i < sizeof(versions) / sizeof(versions[0]); i++) {
        char want[64];

        memcpy(p + OFF_VERSION, &versions[i], 4);
        snprintf(want, sizeof(want), "%s version of ndcluster (state format "
            "%u;", versions[i] < 3 ? "an older" : "a newer", versions[i]);
        refused_by(o, p, b->len, want);
        reseal(p, b->len);
        refused_by(o, p, b->len, want);
        refused_by(o, p, b->len, "this one reads format 3");
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
    };
    static const other story_cases[] = {
        {chg_window, "window 100 in the file, 200 now"},
        {chg_seed, "seed 7 in the file, 8 now"},
        {chg_threshold, "threshold 0.25 in the file, 0.5 now"},
        {chg_decay, "decay (seconds) 0 in the file, 60 now"},
        {chg_stopwords, "other stop words"},
        {chg_stopwords_empty, "other stop words"},
    };
    ndc_opts o, n;
    ndc_ctx *c;
    membuf b;
    size_t i;

    (void)state;
    ndc_opts_init(&o);
    o.window = 100;
    o.seed = 7;
    o.window_time = 3600;
    c = make(&o);
    save_to(c, NULL, 0, &b);
    ndc_ctx_free(c);
    for (i = 0; i < sizeof(near_cases) / sizeof(near_cases[0]); i++) {
        n = o;
        near_cases[i].change(&n);
        refused_by(&n, b.p, b.len, "made with other settings");
        refused_by(&n, b.p, b.len, near_cases[i].want);
    }
    /* the default threshold is the mode's, however it was asked for */
    n = o;
    n.threshold = NDC_DEFAULT_THRESHOLD;
    c = make(&n);
    assert_int_equal(ndc_ctx_load(c, b.p, b.len, NULL, NULL), NDC_OK);
    ndc_ctx_free(c);
    membuf_free(&b);

    o.mode = NDC_MODE_STORY;
    o.window_time = 0;
    c = make(&o);
    save_to(c, NULL, 0, &b);
    ndc_ctx_free(c);
    for (i = 0; i < sizeof(story_cases) / sizeof(story_cases[0]); i++) {
        n = o;
        story_cases[i].change(&n);
        refused_by(&n, b.p, b.len, "made with other settings");
        refused_by(&n, b.p, b.len, story_cases[i].want);
    }
    /* a story state is not a near one */
    n = o;
    n.mode = NDC_MODE_NEAR;
    refused_by(&n, b.p, b.len, "mode story in the file, near now");
    membuf_free(&b);

    /* a list of stop words is compared by content, not by address */
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

/*
 * A file made to pass the checksum whose contents do not fit is still
 * refused: settings cut short, a bad length of the caller's bytes, a
 * window position out of range, the body cut or with bytes to spare.
 */
static void
test_state_damage_crafted(void **state)
{
    const small *sm = *state;
    const ndc_opts *o = &sm->o;
    const membuf *b = &sm->b;
    ndc_ctx *c;
    unsigned char *p;
    uint64_t v;
    size_t at_window;

    p = malloc(b->len + 64);
    assert_non_null(p);
    memcpy(p, b->p, b->len);
    /* settings cut short */
    reseal(p, OFF_SETTINGS + SETTINGS_LEN / 2 + SUM_LEN);
    refused_by(o, p, OFF_SETTINGS + SETTINGS_LEN / 2 + SUM_LEN,
        "damaged: too short for its settings");
    /* the caller's bytes longer than the file */
    memcpy(p, b->p, b->len);
    v = b->len;
    memcpy(p + OFF_USER_LEN, &v, 8);
    reseal(p, b->len);
    refused_by(o, p, b->len, "damaged: bad length of the caller's data");
    v = UINT64_MAX;
    memcpy(p + OFF_USER_LEN, &v, 8);
    reseal(p, b->len);
    refused_by(o, p, b->len, "damaged: bad length of the caller's data");
    /* the window's newest slot out of range (lo 1, hi 4 and hi_slot
       follow each other, after the caller's 5 bytes) */
    at_window = find_u64s(b->p, b->len, OFF_USER + 5, 1, 4);
    memcpy(p, b->p, b->len);
    v = o->window;
    memcpy(p + at_window + 16, &v, 8);
    reseal(p, b->len);
    c = make(o);
    refused(c, p, b->len, "damaged: its contents do not fit together");
    ndc_ctx_free(c);    /* the only thing it is good for now */
    /* more live records than the window holds */
    memcpy(p, b->p, b->len);
    v = 1;
    memcpy(p + at_window, &v, 8);
    v = 100;
    memcpy(p + at_window + 8, &v, 8);
    reseal(p, b->len);
    c = make(o);
    refused(c, p, b->len, "damaged: its contents do not fit together");
    ndc_ctx_free(c);
    /* the body cut short, the length and checksum made to fit */
    memcpy(p, b->p, b->len);
    reseal(p, b->len - 100);
    c = make(o);
    refused(c, p, b->len - 100, "damaged: its contents do not fit together");
    ndc_ctx_free(c);
    /* bytes to spare before the checksum */
    memcpy(p, b->p, b->len);
    memset(p + b->len - SUM_LEN, 0, 64);
    reseal(p, b->len + 56);
    c = make(o);
    refused(c, p, b->len + 56, "damaged: its contents do not fit together");
    ndc_ctx_free(c);
    free(p);
}

/* ---- 4. misuse and a failing writer ---- */

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

/* Finds OFF_USER and the rest in a state saved with "hello" as the
   caller's bytes: they come right after their length. */
static void
layout_init(void)
{
    ndc_opts o;
    ndc_ctx *c;
    membuf b;
    size_t at;

    ndc_opts_init(&o);
    o.window = 4;
    assert_int_equal(ndc_ctx_create(&c, &o), NDC_OK);
    membuf_init(&b);
    assert_int_equal(ndc_ctx_save(c, "hello", 5, mem_write, &b), NDC_OK);
    for (at = OFF_SETTINGS + 8; at + 5 <= b.len; at++)
        if (memcmp(b.p + at, "hello", 5) == 0)
            break;
    assert_true(at + 5 <= b.len);
    OFF_USER = at;
    OFF_USER_LEN = at - 8;
    SETTINGS_LEN = OFF_USER_LEN - OFF_SETTINGS;
    membuf_free(&b);
    ndc_ctx_free(c);
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
        cmocka_unit_test_setup_teardown(test_state_damage_empty,
            setup_small, teardown_small),
        cmocka_unit_test_setup_teardown(test_state_damage_not_a_state,
            setup_small, teardown_small),
        cmocka_unit_test_setup_teardown(test_state_damage_truncated,
            setup_small, teardown_small),
        cmocka_unit_test_setup_teardown(test_state_damage_truncated_header,
            setup_small, teardown_small),
        cmocka_unit_test_setup_teardown(test_state_damage_extra_bytes,
            setup_small, teardown_small),
        cmocka_unit_test_setup_teardown(test_state_damage_bit_flips,
            setup_small, teardown_small),
        cmocka_unit_test(test_state_damage_bit_flips_story),
        cmocka_unit_test_setup_teardown(test_state_damage_other_version,
            setup_small, teardown_small),
        cmocka_unit_test(test_state_damage_other_settings),
        cmocka_unit_test_setup_teardown(test_state_damage_crafted,
            setup_small, teardown_small),
        cmocka_unit_test_setup_teardown(test_state_load_used_context,
            setup_small, teardown_small),
        cmocka_unit_test_setup_teardown(test_state_null_arguments,
            setup_small, teardown_small),
        cmocka_unit_test(test_state_writer_fails),
    };

    layout_init();
    return cmocka_run_group_tests(tests, NULL, NULL);
}
