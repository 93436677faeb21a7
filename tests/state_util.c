/*
 * state_util.c - the helpers of the state tests (see state_util.h),
 * linked into test_state, test_state_damage and test_state_compat.
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
#include "state_util.h"

size_t OFF_USER_LEN, OFF_USER, SETTINGS_LEN;

/*
 * The first offset from on at which the 8-byte values a and then b (if
 * b is not 0) are found; fails the test if there is none.
 */
size_t
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

void
membuf_init(membuf *b)
{
    memset(b, 0, sizeof(*b));
    b->fail_at = SIZE_MAX;
}

void
membuf_free(membuf *b)
{
    free(b->p);
    membuf_init(b);
}

/* Appends data to the buffer, or fails on call number fail_at. */
bool
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
void
save_to(const ndc_ctx *c, const void *user, size_t user_len, membuf *b)
{
    membuf_init(b);
    assert_int_equal(ndc_ctx_save(c, user, user_len, mem_write, b), NDC_OK);
    assert_true(b->len > OFF_USER + SUM_LEN);
}

/* A copy of n bytes at p, owned by the caller. */
unsigned char *
dup_bytes(const void *p, size_t n)
{
    unsigned char *q = malloc(n > 0 ? n : 1);

    assert_non_null(q);
    if (n > 0)
        memcpy(q, p, n);
    return q;
}

/* Sets the length field of a crafted state to len and its checksum. */
void
reseal(unsigned char *p, size_t len)
{
    uint64_t total = len, sum;

    assert_true(len >= OFF_SETTINGS + SUM_LEN);
    memcpy(p + OFF_TOTAL, &total, 8);
    sum = XXH3_64bits(p, len - SUM_LEN);
    memcpy(p + len - SUM_LEN, &sum, 8);
}

/* ---- contexts ---- */

ndc_ctx *
make(const ndc_opts *o)
{
    ndc_ctx *c = NULL;

    assert_int_equal(ndc_ctx_create(&c, o), NDC_OK);
    assert_non_null(c);
    return c;
}

/* Whether a load of p[0..len) into c is refused with NDC_ERR_STATE and
   a message containing want; says what it got if not. */
bool
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

void
refused(ndc_ctx *c, const void *p, size_t len, const char *want)
{
    assert_true(is_refused(c, p, len, want));
}

/* As refused(), with a fresh context made from o. */
void
refused_by(const ndc_opts *o, const void *p, size_t len, const char *want)
{
    ndc_ctx *c = make(o);
    bool ok = is_refused(c, p, len, want);

    ndc_ctx_free(c);
    assert_true(ok);
}

/* ---- a deterministic stream of records ---- */

uint64_t
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

/* Texts a near repeat may be made from. */
#define N_BASES 24

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
void
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


ndc_result
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
void
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

/* ---- the fixture of the damage tests ---- */

int
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

int
teardown_small(void **state)
{
    small *sm = *state;

    if (sm != NULL)
        membuf_free(&sm->b);
    free(sm);
    return 0;
}

/* ---- the layout ---- */

/* Finds OFF_USER and the rest in a state saved with "hello" as the
   caller's bytes: they come right after their length. */
void
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

