/*
 * test_mode.c - the contract every registered mode keeps.  Each test
 * runs once for each mode of the registry (ndc_mode_name() up to the
 * first NULL), so a new mode is held to it by being registered:
 *
 *  - preparing has no side effects: records prepared and never
 *    committed change neither the ids nor the saved state, and records
 *    prepared on another thread while one commits give the same ids;
 *  - the same input gives the same ids, in contexts made apart;
 *  - eviction leaves nothing behind: once every record has left the
 *    window, no text finds a match and no cluster is left;
 *  - save then load continues exactly as the run that was not stopped;
 *  - memory does not grow with the stream.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

#define WINDOW 64u
#define N_TOPICS 24u

/* ---- a deterministic stream of texts ---- */

/* v in letters at buf (digits would be values in template mode). */
static size_t
letters(uint64_t v, char *buf)
{
    size_t n = 0;

    do {
        buf[n++] = (char)('a' + v % 26);
        v /= 26;
    } while (v > 0);
    return n;
}

/*
 * Text i of a stream: the words of one of N_TOPICS topics (so that
 * clusters form), one in ten dropped, one in ten a word of its own, in
 * 16 to 24 words, and after one word in ten a number.  The same i gives
 * the same text.
 */
static void
text_of(uint64_t i, char *buf, size_t size)
{
    uint64_t st = i * 0x9E3779B97F4A7C15ULL + 7, topic;
    size_t len = 0, w, n;

    topic = ndci_splitmix64(&st) % N_TOPICS;
    n = 16 + ndci_splitmix64(&st) % 9;
    buf[0] = '\0';
    for (w = 0; w < n && len + 32 < size; w++) {
        uint64_t r = ndci_splitmix64(&st);

        if (r % 10 == 1)    /* a dropped topic word */
            continue;
        if (len > 0)
            buf[len++] = ' ';
        if (r % 10 == 0) {  /* a word of its own */
            buf[len++] = 'w';
            len += letters(r % 100000, buf + len);
        } else {
            buf[len++] = 't';
            len += letters(topic, buf + len);
            buf[len++] = 'x';
            len += letters(w, buf + len);
        }
        if (r / 10 % 10 == 0)   /* a value */
            len += (size_t)snprintf(buf + len, size - len, " %llu",
                (unsigned long long)(r / 100 % 1000));
        buf[len] = '\0';
    }
}

/* The options of mode m for these tests. */
static void
opts_of(ndc_mode m, ndc_opts *o)
{
    ndc_opts_init(o);
    o->mode = m;
    o->window = WINDOW;
    /* These texts are not log lines: one word in five differs, so that
       template mode joins them only at a lower threshold. */
    if (m == NDC_MODE_TEMPLATE)
        o->threshold = 0.6;
}

static ndc_ctx *
make(ndc_mode m)
{
    ndc_opts o;
    ndc_ctx *c;

    opts_of(m, &o);
    assert_int_equal(ndc_ctx_create(&c, &o), NDC_OK);
    return c;
}

/* Commits text i through prep p of c. */
static ndc_result
commit(ndc_ctx *c, ndc_prep *p, uint64_t i)
{
    char buf[512];
    ndc_field f;
    ndc_result r;

    text_of(i, buf, sizeof(buf));
    f.text = buf;
    f.len = strlen(buf);
    f.weight = 1;
    assert_int_equal(ndc_prep_fields(p, &f, 1, NDC_NO_TIME), NDC_OK);
    assert_int_equal(ndc_ctx_commit(c, p, &r), NDC_OK);
    return r;
}

static void
assert_same_result(const ndc_result *a, const ndc_result *b)
{
    assert_int_equal(a->record, b->record);
    assert_int_equal(a->cluster, b->cluster);
    assert_int_equal(a->match, b->match);
    assert_true(a->score == b->score);
    assert_int_equal(a->size, b->size);
    assert_int_equal(a->is_new, b->is_new);
}

/* ---- the state as bytes ---- */

typedef struct membuf {
    unsigned char *p;
    size_t len, cap;
} membuf;

static bool
mem_write(void *arg, const void *data, size_t len)
{
    membuf *b = arg;

    if (b->len + len > b->cap) {
        size_t cap = (b->len + len) * 2;
        unsigned char *q = realloc(b->p, cap);

        if (q == NULL)
            return false;
        b->p = q;
        b->cap = cap;
    }
    memcpy(b->p + b->len, data, len);
    b->len += len;
    return true;
}

static membuf
saved(const ndc_ctx *c)
{
    membuf b = {NULL, 0, 0};

    assert_int_equal(ndc_ctx_save(c, NULL, 0, mem_write, &b), NDC_OK);
    return b;
}

static void
assert_same_state(const ndc_ctx *a, const ndc_ctx *b)
{
    membuf x = saved(a), y = saved(b);

    assert_int_equal(x.len, y.len);
    assert_memory_equal(x.p, y.p, x.len);
    free(x.p);
    free(y.p);
}

/* ---- the contract ---- */

/* Records prepared in a second prep and never committed, and a third
   prep made and freed, change nothing. */
static void
check_prepare_no_side_effects(ndc_mode m)
{
    ndc_ctx *a = make(m), *b = make(m);
    ndc_prep *pa, *pb, *decoy, *spare;
    uint64_t i;

    assert_int_equal(ndc_prep_create(&pa, a), NDC_OK);
    assert_int_equal(ndc_prep_create(&pb, b), NDC_OK);
    assert_int_equal(ndc_prep_create(&decoy, b), NDC_OK);
    for (i = 1; i <= 4 * WINDOW; i++) {
        ndc_result ra = commit(a, pa, i), rb;
        char buf[512];
        ndc_field f = {buf, 0, 1.0};

        text_of(i + 100000, buf, sizeof(buf));
        f.len = strlen(buf);
        assert_int_equal(ndc_prep_fields(decoy, &f, 1, NDC_NO_TIME), NDC_OK);
        if (i % 50 == 0) {
            assert_int_equal(ndc_prep_create(&spare, b), NDC_OK);
            ndc_prep_free(spare);
        }
        rb = commit(b, pb, i);
        assert_same_result(&ra, &rb);
    }
    assert_same_state(a, b);
    /* A prep commits once per preparing, and only to its own context. */
    {
        ndc_result r;

        assert_int_equal(ndc_ctx_commit(b, pb, &r), NDC_ERR_INVALID);
        assert_int_equal(ndc_ctx_commit(a, decoy, &r), NDC_ERR_INVALID);
    }
    ndc_prep_free(decoy);
    ndc_prep_free(pa);
    ndc_prep_free(pb);
    ndc_ctx_free(a);
    ndc_ctx_free(b);
}

/* Two contexts made apart give the same ids, and records join. */
static void
check_same_input_same_ids(ndc_mode m)
{
    ndc_ctx *a = make(m), *b = make(m);
    uint64_t i, joined = 0;

    for (i = 1; i <= 4 * WINDOW; i++) {
        char buf[512];
        ndc_result ra, rb;

        text_of(i, buf, sizeof(buf));
        assert_int_equal(ndc_ctx_assign(a, buf, strlen(buf), &ra), NDC_OK);
        assert_int_equal(ndc_ctx_assign(b, buf, strlen(buf), &rb), NDC_OK);
        assert_same_result(&ra, &rb);
        assert_int_equal(ra.record, i);
        assert_true(ra.cluster >= 1 && ra.cluster <= i);
        joined += !ra.is_new;
    }
    /* the topics make clusters: many records join one */
    assert_true(joined > WINDOW);
    ndc_ctx_free(a);
    ndc_ctx_free(b);
}

/*
 * A window, the mode over it and one prep, driven through the mode's
 * operations as the context drives them.
 */
typedef struct harness {
    const ndci_mode_ops *ops;
    ndci_window w;
    void *m;
    void *q;
} harness;

static void
harness_init(harness *h, ndc_mode mode)
{
    ndc_opts o;

    opts_of(mode, &o);
    h->ops = ndci_mode_ops_of(mode);
    assert_non_null(h->ops);
    if (o.threshold < 0)
        o.threshold = h->ops->default_threshold;
    assert_int_equal(h->ops->check(&o), NDC_OK);
    assert_true(ndci_window_init(&h->w, o.window));
    assert_int_equal(h->ops->create(&h->m, &o, &h->w), NDC_OK);
    assert_int_equal(h->ops->prep_create(&h->q, h->m, true), NDC_OK);
}

static void
harness_free(harness *h)
{
    h->ops->prep_destroy(h->q);
    h->ops->destroy(h->m);
    ndci_window_free(&h->w);
}

static ndci_join
harness_join(harness *h, uint64_t i)
{
    char buf[512];
    ndc_field f = {buf, 0, 1.0};
    ndci_join j;

    text_of(i, buf, sizeof(buf));
    f.len = strlen(buf);
    assert_int_equal(h->ops->prepare(h->m, h->q, &f, 1, NDC_NO_TIME), 1);
    h->ops->join(h->m, h->q, 0.3, &j);
    return j;
}

static void
harness_drop(harness *h)
{
    const ndci_clu *c = ndci_window_cluster(&h->w,
        ndci_window_at(&h->w, h->w.lo)->cluster);

    assert_non_null(c);
    h->ops->evict(h->m, h->w.lo, c, c->live == 1);
    ndci_window_pop(&h->w);
}

/* Fills the window, then empties it: no text is found any more, and no
   cluster or cluster slot is left. */
static void
check_eviction_leaves_nothing(ndc_mode m)
{
    harness h;
    uint64_t i, found = 0;

    harness_init(&h, m);
    for (i = 1; i <= 3 * WINDOW; i++) {
        ndci_join j = harness_join(&h, i);
        uint64_t id = j.joins ?
            ndci_window_at(&h.w, j.seq)->cluster : i, seq;

        found += j.seq != 0;
        ndci_window_count(&h.w, id);
        if (ndci_window_len(&h.w) == h.w.cap) {
            const ndci_clu *c = ndci_window_cluster(&h.w,
                ndci_window_at(&h.w, h.w.lo)->cluster);

            h.ops->evict(h.m, h.w.lo, c, c->live - (c->id == id) == 1);
            ndci_window_pop(&h.w);
        }
        ndci_window_place(&h.w, i, id, NDC_NO_TIME);
        seq = h.w.hi;
        h.ops->insert(h.m, h.q, seq, ndci_window_cluster(&h.w, id));
    }
    assert_true(found > WINDOW);
    while (ndci_window_len(&h.w) > 0)
        harness_drop(&h);
    assert_int_equal(h.w.n_free, h.w.cap + 1);
    /* what the mode saves now loads: a mode checks on load that it
       keeps no data of clusters the window does not hold */
    {
        membuf b = {NULL, 0, 0};
        ndci_writer wr;
        ndci_reader rd;

        assert_true(ndci_writer_init(&wr, mem_write, &b));
        assert_true(h.ops->save(h.m, &wr));
        ndci_writer_free(&wr);
        rd.p = b.p;
        rd.len = b.len;
        rd.at = 0;
        rd.ok = true;
        assert_true(h.ops->load(h.m, &rd));
        assert_int_equal(rd.at, b.len);
        free(b.p);
    }
    for (i = 1; i <= 3 * WINDOW; i++) {
        ndci_join j = harness_join(&h, i);

        assert_int_equal(j.seq, 0);
        assert_false(j.joins);
    }
    harness_free(&h);
}

/* A run stopped and loaded from its state, at several points, goes on
   as the one that was not stopped, and saves the same state. */
static void
check_save_load_continues(ndc_mode m)
{
    static const uint64_t stops[] = {0, 1, WINDOW / 2, WINDOW, 3 * WINDOW};
    size_t s;

    for (s = 0; s < sizeof(stops) / sizeof(stops[0]); s++) {
        ndc_ctx *a = make(m), *b = make(m);
        ndc_prep *pa, *pb;
        membuf st;
        uint64_t i;

        assert_int_equal(ndc_prep_create(&pa, a), NDC_OK);
        for (i = 1; i <= stops[s]; i++)
            commit(a, pa, i);
        st = saved(a);
        assert_int_equal(ndc_ctx_load(b, st.p, st.len, NULL, NULL), NDC_OK);
        free(st.p);
        assert_int_equal(ndc_prep_create(&pb, b), NDC_OK);
        for (; i <= stops[s] + 2 * WINDOW; i++) {
            ndc_result ra = commit(a, pa, i), rb = commit(b, pb, i);

            assert_same_result(&ra, &rb);
        }
        assert_same_state(a, b);
        ndc_prep_free(pa);
        ndc_prep_free(pb);
        ndc_ctx_free(a);
        ndc_ctx_free(b);
    }
}

/* Once the window is full, the memory a context holds stays the same
   however long the stream (in template mode, within a bound). */
static void
check_memory_flat(ndc_mode m)
{
    ndc_ctx *c = make(m);
    ndc_stats st;
    uint64_t i, at_full;

    for (i = 1; i <= 2 * WINDOW; i++) {
        char buf[512];
        ndc_result r;

        text_of(i, buf, sizeof(buf));
        assert_int_equal(ndc_ctx_assign(c, buf, strlen(buf), &r), NDC_OK);
    }
    ndc_ctx_stats(c, &st);
    at_full = st.mem_bytes;
    assert_int_equal(st.window_len, WINDOW);
    for (; i <= 40 * WINDOW; i++) {
        char buf[512];
        ndc_result r;

        text_of(i, buf, sizeof(buf));
        assert_int_equal(ndc_ctx_assign(c, buf, strlen(buf), &r), NDC_OK);
    }
    ndc_ctx_stats(c, &st);
    /* Template mode allocates each template's tokens as it comes and
       frees them as it leaves: bounded by the window, not constant. */
    if (ndc_mode_labels(m))
        assert_true(st.mem_bytes < at_full + at_full / 4);
    else
        assert_int_equal(st.mem_bytes, at_full);
    assert_int_equal(st.window_len, WINDOW);
    ndc_ctx_free(c);
}

/*
 * Preparing on another thread: a worker prepares record i + 1 while this
 * thread commits record i, two preps taking turns, as -j will.  The ids
 * are those of one thread doing both.
 */
typedef struct worker {
    ndc_prep *p;
    uint64_t i;
} worker;

static void *
prepare_on_thread(void *arg)
{
    worker *w = arg;
    char buf[512];
    ndc_field f = {buf, 0, 1.0};

    text_of(w->i, buf, sizeof(buf));
    f.len = strlen(buf);
    return ndc_prep_fields(w->p, &f, 1, NDC_NO_TIME) == NDC_OK ? w : NULL;
}

static void
check_prepare_on_thread(ndc_mode m)
{
    ndc_ctx *a = make(m), *b = make(m);
    ndc_prep *pa, *pb[2];
    worker w[2];
    pthread_t t;
    uint64_t i, n = 4 * WINDOW;
    void *ret;

    assert_int_equal(ndc_prep_create(&pa, a), NDC_OK);
    assert_int_equal(ndc_prep_create(&pb[0], b), NDC_OK);
    assert_int_equal(ndc_prep_create(&pb[1], b), NDC_OK);
    w[1].p = pb[1];
    w[1].i = 1;
    assert_non_null(prepare_on_thread(&w[1]));
    for (i = 1; i <= n; i++) {
        worker *next = &w[(i + 1) % 2], *now = &w[i % 2];
        ndc_result ra = commit(a, pa, i), rb;

        next->p = pb[(i + 1) % 2];
        next->i = i + 1;
        assert_int_equal(pthread_create(&t, NULL, prepare_on_thread, next),
            0);
        assert_int_equal(ndc_ctx_commit(b, now->p, &rb), NDC_OK);
        assert_int_equal(pthread_join(t, &ret), 0);
        assert_non_null(ret);
        assert_same_result(&ra, &rb);
    }
    assert_same_state(a, b);
    ndc_prep_free(pa);
    ndc_prep_free(pb[0]);
    ndc_prep_free(pb[1]);
    ndc_ctx_free(a);
    ndc_ctx_free(b);
}

/* ---- every registered mode ---- */

static void
for_each_mode(void (*check)(ndc_mode))
{
    ndc_mode m;

    for (m = 0; ndc_mode_name(m) != NULL; m++) {
        ndc_mode back;

        assert_int_equal(ndc_mode_from_name(ndc_mode_name(m), &back),
            NDC_OK);
        assert_int_equal(back, m);
        check(m);
    }
    assert_true(m >= 2);
}

static void
test_mode_prepare_has_no_side_effects(void **state)
{
    (void)state;
    for_each_mode(check_prepare_no_side_effects);
}

static void
test_mode_prepare_on_another_thread(void **state)
{
    (void)state;
    for_each_mode(check_prepare_on_thread);
}

static void
test_mode_same_input_same_ids(void **state)
{
    (void)state;
    for_each_mode(check_same_input_same_ids);
}

static void
test_mode_eviction_leaves_nothing(void **state)
{
    (void)state;
    for_each_mode(check_eviction_leaves_nothing);
}

static void
test_mode_save_load_continues(void **state)
{
    (void)state;
    for_each_mode(check_save_load_continues);
}

static void
test_mode_memory_flat(void **state)
{
    (void)state;
    for_each_mode(check_memory_flat);
}

/* The registry's lookups: names, unknown names, options and defaults. */
static void
test_mode_registry_lookups(void **state)
{
    ndc_mode m;

    (void)state;
    assert_string_equal(ndc_mode_name(NDC_MODE_NEAR), "near");
    assert_string_equal(ndc_mode_name(NDC_MODE_STORY), "story");
    assert_null(ndc_mode_name((ndc_mode)1000));
    assert_null(ndc_mode_summary((ndc_mode)1000));
    assert_int_equal(ndc_mode_from_name("nosuch", &m), NDC_ERR_UNSUPPORTED);
    assert_int_equal(ndc_mode_from_name(NULL, &m), NDC_ERR_INVALID);
    assert_true(ndc_mode_uses(NDC_MODE_NEAR, NDC_OPT_PERM));
    assert_false(ndc_mode_uses(NDC_MODE_STORY, NDC_OPT_PERM));
    assert_true(ndc_mode_uses(NDC_MODE_STORY, NDC_OPT_DECAY));
    assert_false(ndc_mode_uses(NDC_MODE_NEAR, NDC_OPT_STOPWORDS));
    assert_false(ndc_mode_uses((ndc_mode)1000, NDC_OPT_WINDOW));
    assert_true(ndc_mode_threshold(NDC_MODE_NEAR) == NDC_DEFAULT_THRESHOLD);
    assert_true(ndc_mode_threshold(NDC_MODE_STORY) ==
        NDC_DEFAULT_STORY_THRESHOLD);
    assert_true(ndc_mode_threshold((ndc_mode)1000) < 0);
    for (m = 0; ndc_mode_name(m) != NULL; m++) {
        assert_non_null(ndc_mode_summary(m));
        assert_true(ndc_mode_uses(m, NDC_OPT_WINDOW));
    }
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_mode_prepare_has_no_side_effects),
        cmocka_unit_test(test_mode_prepare_on_another_thread),
        cmocka_unit_test(test_mode_same_input_same_ids),
        cmocka_unit_test(test_mode_eviction_leaves_nothing),
        cmocka_unit_test(test_mode_save_load_continues),
        cmocka_unit_test(test_mode_memory_flat),
        cmocka_unit_test(test_mode_registry_lookups),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
