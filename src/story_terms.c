/*
 * story_terms.c - the terms of story mode: a record's words counted in a
 * map (stop words, numbers and one-letter words left out, names inside
 * sentences counted up), their document frequencies in a count-min
 * sketch that forgets at the pace of the window, and the TF-IDF weights
 * from which the strongest terms are selected.  In scripts written
 * without spaces the terms are overlapping pairs of letters, as near
 * mode's words are: single Chinese characters as terms made unrelated
 * headlines look alike.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "story.h"

/*
 * The number of digits if fp is the fingerprint of a word of 1 to 8 ASCII
 * digits (its bytes, packed), else 0.  A longer number is hashed and
 * counts as a word.
 */
static inline unsigned
fp_digits(uint64_t fp)
{
    unsigned n = 0;

    if ((fp & 0xFF) < '0' || (fp & 0xFF) > '9')
        return 0;
    for (; fp != 0; fp >>= 8, n++)
        if ((fp & 0xFF) < '0' || (fp & 0xFF) > '9')
            return 0;
    return n;
}

/* ---- document frequencies ---- */

static uint32_t
epoch_now(const story *m)
{
    return (uint32_t)(m->n_docs_seen / m->cap);
}

/* 2^-(to - from), the factor of a count brought up to epoch from, in
   epoch to (0 from 64 epochs on): a product with it rounds as ldexpf()
   does, without its call. */
static float
decay_factor(uint32_t from, uint32_t to)
{
    union { uint32_t u; float f; } b = {(127u - (to - from)) << 23};

    return to - from >= 64 ? 0.0f : b.f;
}

static inline df_line *
df_line_of(const story *m, uint64_t h)
{
    return &m->df[h & m->df_mask];
}

/* The two counters of a term whose mixed hash is h, in its line: two
   different ones, from bits the line's index does not use, by multiply
   and shift rather than division. */
static inline void
df_slots(uint64_t h, unsigned *a, unsigned *b)
{
    *a = (unsigned)(((h >> 32 & 0xFFFF) * DF_SLOTS) >> 16);
    *b = (unsigned)(((h >> 48) * (DF_SLOTS - 1)) >> 16);
    *b += *b >= *a;
}

/* Counts one more record holding the term with mixed hash h, in epoch
   now; returns its decayed count of records. */
static float
df_count(story *m, uint64_t h, uint32_t now)
{
    df_line *l = df_line_of(m, h);
    unsigned a, b, i;
    float v;

    if (l->epoch != now) {
        float f = decay_factor(l->epoch, now);

        for (i = 0; i < DF_SLOTS; i++)
            l->c[i] *= f;
        l->epoch = now;
    }
    df_slots(h, &a, &b);
    v = (l->c[a] < l->c[b] ? l->c[a] : l->c[b]) + 1.0f;
    if (l->c[a] < v)
        l->c[a] = v;
    if (l->c[b] < v)
        l->c[b] = v;
    return v;
}

/* The slot of term h in the map: its own, or the empty one it would take. */
static inline uint64_t
acc_slot(const acc_ent *a, uint64_t mask, uint64_t h)
{
    uint64_t i = ndci_story_home(h, mask);

    while (a[i].term != 0 && a[i].term != h)
        i = (i + 1) & mask;
    return i;
}

/*
 * Builds the map of cap slots: the stop words first, so that no probe
 * for one ever crosses a slot that a record's word held and gave back,
 * then the words of the record so far.
 */
static __attribute__((noinline)) bool
acc_rehash(const story *m, story_prep *q, size_t cap)
{
    acc_ent *a = ndci_calloc(cap, sizeof(*a));
    uint32_t *u = ndci_calloc(cap, sizeof(*u));
    uint64_t *sel = ndci_calloc(cap / 2, sizeof(*sel));
    acc_ent *dense = ndci_calloc(cap / 2, sizeof(*dense));
    size_t j;

    if (a == NULL || u == NULL || sel == NULL || dense == NULL) {
        free(a);
        free(u);
        free(sel);
        free(dense);
        return false;
    }
    for (j = 0; j < m->n_stop; j++)
        a[acc_slot(a, cap - 1, m->stop[j])].term = m->stop[j];
    for (j = 0; j < q->n_acc; j++) {
        const acc_ent *e = &q->acc[q->acc_used[j]];
        uint64_t k = acc_slot(a, cap - 1, e->term);

        a[k] = *e;
        u[j] = (uint32_t)k;
    }
    free(q->sel);
    free(q->dense);
    free(q->acc);
    free(q->acc_used);
    q->sel = sel;
    q->dense = dense;
    q->acc = a;
    q->acc_used = u;
    q->dense_cap = cap / 2;
    q->acc_cap = cap;
    q->acc_mask = cap - 1;
    return true;
}

/*
 * Counts the n words with fingerprints v, but stop words, one-letter
 * ASCII words and numbers other than years.  A new word's
 * line of the frequency sketch is fetched at once: it is read once all
 * fields are counted.  Words go in chunks, with room made first for all
 * of a chunk to be new, so that the loop keeps the map in registers
 * (stores to the map could otherwise alias the counts in m).
 */
#define ACC_CHUNK 64u
static bool
acc_words(const story *m, story_prep *q, const uint64_t *v, size_t n)
{
    const df_line *df = m->df;
    uint64_t df_mask = m->df_mask;
    size_t at = 0;

    while (at < n) {
        size_t end = n - at > ACC_CHUNK ? at + ACC_CHUNK : n;
        size_t n_acc, n_counted;
        uint64_t mask;
        acc_ent *acc;
        uint32_t *used;

        while ((m->n_stop + q->n_acc + (end - at)) * 2 > q->acc_cap)
            if (!acc_rehash(m, q, q->acc_cap * 2))
                return false;
        acc = q->acc;
        mask = q->acc_mask;
        used = q->acc_used;
        n_acc = q->n_acc;
        n_counted = q->n_counted;
        for (; at < end; at++) {
            uint64_t fp = v[at], h = ndci_story_term(fp), i;
            acc_ent *a;

            if (fp < 0x80)
                continue;
            i = acc_slot(acc, mask, h);
            a = &acc[i];
            if (a->term == 0) {
                unsigned digits = fp_digits(fp);

                a->term = h;
                a->count = 0;
                a->fcount = 0;
                a->mixed = ndci_mix64(h);
                if (digits > 0 && digits != 4)
                    a->mixed = 0;
                else {
                    __builtin_prefetch(&df[a->mixed & df_mask]);
                    n_counted++;
                }
                used[n_acc++] = (uint32_t)i;
            }
            a->fcount += a->mixed != 0;
        }
        q->n_acc = n_acc;
        q->n_counted = n_counted;
    }
    return true;
}

/* The entry of term h in the record's map, or NULL if it is not counted. */
static acc_ent *
acc_find(story_prep *q, uint64_t h)
{
    acc_ent *a = &q->acc[acc_slot(q->acc, q->acc_mask, h)];

    return a->term != 0 && a->mixed != 0 ? a : NULL;
}

/*
 * Sorts v by term id, stably.  Ids are uniform hashes: a counting sort by
 * their top bits into tmp (7 of them, or 4 for a short vector, about one
 * term a bucket or two) leaves each element near its place, and
 * insertion sort finishes with few moves (a plain insertion sort of 64
 * random terms makes about a thousand).
 */
static void
sort_by_tid(tw *v, uint32_t n, tw *tmp)
{
    uint32_t count[129], i, j, bits = n > 32 ? 7 : 4;
    uint32_t shift = TID_BITS - bits, nb = 1u << bits;

    if (n > 8) {
        memset(count, 0, (nb + 1) * sizeof(*count));
        for (i = 0; i < n; i++)
            count[(v[i].tid >> shift) + 1]++;     /* tids are masked */
        for (i = 1; i <= nb; i++)
            count[i] += count[i - 1];
        for (i = 0; i < n; i++)
            tmp[count[v[i].tid >> shift]++] = v[i];
        memcpy(v, tmp, n * sizeof(*v));
    }
    for (i = 1; i < n; i++) {
        tw x = v[i];

        for (j = i; j > 0 && v[j - 1].tid > x.tid; j--)
            v[j] = v[j - 1];
        v[j] = x;
    }
}

/*
 * The selection key of a term of weight w: the weight's bits (a positive
 * float orders as its bits do), then, among equal weights (rare words
 * tie often), the longer word, then its id: never the order terms came
 * in.  Preferring longer words among ties is worth 0.017 F1 on the
 * labelled articles.  A key holds all a vector needs of the term.
 */
static inline uint64_t
sel_key(float w, uint64_t term, uint64_t mixed)
{
    union { float f; uint32_t u; } b = {w > 0 ? w : 0};
    /* bytes of a short word's packed term; 8 for a hashed long word */
    uint32_t len = (uint32_t)(64 - __builtin_clzll(term) + 7) / 8;

    return (uint64_t)b.u << 32 | len << TID_BITS |
        (uint32_t)(mixed >> (64 - TID_BITS));
}

static inline float
sel_weight(uint64_t x)
{
    union { uint32_t u; float f; } b = {(uint32_t)(x >> 32)};

    return b.f;
}

/*
 * Moves the k largest of the n keys of v into v[0..k), in any order:
 * quickselect (Lomuto) over 8-byte keys, linear on average.
 */
void
ndci_story_select_top(uint64_t *v, size_t n, size_t k)
{
    size_t lo = 0, hi = n;

    while (hi - lo > 1 && k > lo && k < hi) {
        size_t mid = lo + (hi - lo) / 2, store = lo, i;
        uint64_t t = v[mid], pv;

        v[mid] = v[hi - 1];
        v[hi - 1] = t;
        pv = t;
        /* Without a branch on the comparison, which no predictor can
           guess: v[i] goes to v[store] either way, and store moves on
           only if it was larger ([store, i) hold smaller ones). */
        for (i = lo; i < hi - 1; i++) {
            size_t c = v[i] > pv;

            t = v[i];
            v[i] = v[store];
            v[store] = t;
            store += c;
        }
        v[hi - 1] = v[store];
        v[store] = pv;
        /* [lo, store) larger than the pivot at store, the rest smaller */
        if (k <= store)
            hi = store;
        else
            lo = store + 1;
    }
}


/* Reads one field into the map: its words, its names counted up (but
   in a field Written Like This, where capitals tell nothing), then its
   sublinear TF times the field's weight. */
static bool
read_field(const story *m, story_prep *q, const ndc_field *f)
{
    size_t k, n_caps = 0, n_words;
    float extra = NAME_BOOST - 1, w = (float)f->weight;

    q->words.len = q->names.len = 0;
    if (!ndci_text_hashes(f->text, f->len, m->seed, m->text | NDCI_TEXT_PAIRS,
        &q->text, &q->words))
        return false;
    if (!acc_words(m, q, q->words.v, q->words.len))
        return false;
    n_words = q->words.len;
    if (!ndci_story_find_names(m, q, f->text, f->len, &n_caps))
        return false;
    for (k = 0; n_caps * 2 < n_words && k < q->names.len; k++) {
        acc_ent *a = acc_find(q, ndci_story_term(q->names.v[k]));

        if (a != NULL)
            a->fcount += extra;
    }
    for (k = 0; k < q->n_acc; k++) {
        acc_ent *a = &q->acc[q->acc_used[k]];

        if (a->fcount > 0) {
            a->count += w * (a->fcount > 1.0f ?
                1.0f + ndci_story_log(a->fcount) : a->fcount);
            a->fcount = 0;
        }
    }
    return true;
}

/* A record with no term counted but other text than white space and
   markup has one term, so that its copies cluster: ndci_text_whole(). */
static bool
add_whole(const story *m, story_prep *q, const ndc_field *f, size_t n)
{
    uint64_t fp;
    acc_ent *a;

    if (!ndci_text_whole(f, n, m->seed, m->text | NDCI_TEXT_PAIRS,
        &q->text, &q->words, &fp))
        return false;
    if (fp == 0)
        return true;
    if (!acc_words(m, q, &fp, 1))
        return false;
    a = acc_find(q, ndci_story_term(fp));
    if (a != NULL) {
        a->count = 1;
        a->fcount = 0;
    }
    return true;
}

/*
 * Counts the words of a record's fields: 1 if any is counted (or its
 * whole content is, add_whole()), 0 if the record has no text but white
 * space and markup, -1 if memory ran out.  Reads of m only what is fixed
 * once made (and the address of the sketch's lines, to prefetch them).
 */
int
ndci_story_prepare(const story *m, story_prep *q, const ndc_field *f,
    size_t n, double time)
{
    size_t k;

    if (q->acc == NULL && !ndci_story_prep_init(m, q))
        return -1;
    for (k = 0; k < q->n_acc; k++)
        q->acc[q->acc_used[k]].term = 0;
    q->n_acc = q->n_counted = 0;
    for (k = 0; k < n; k++)
        if (!read_field(m, q, &f[k]))
            return -1;
    if (q->n_counted == 0 && !add_whole(m, q, f, n))
        return -1;
    /* Side by side for the commit (with -j, on another core) */
    q->n_dense = 0;
    for (k = 0; k < q->n_acc; k++) {
        const acc_ent *a = &q->acc[q->acc_used[k]];

        if (a->mixed != 0)
            q->dense[q->n_dense++] = *a;
    }
    q->n_vec = q->n_post = 0;
    q->time = time;
    q->moved = false;
    return q->n_counted > 0;
}

/*
 * Counts the prepared record in the document frequencies and weighs its
 * terms by the IDF it sees; the strongest REC_TERMS form its vector (of
 * unit length, sorted by term id), and the strongest INDEX_TERMS of
 * those are posted: two selections in place.
 */
void
ndci_story_weigh(story *m, story_prep *q)
{
    uint32_t now = epoch_now(m), nh, i;
    size_t k, n_terms = 0;
    double norm = 0;

    m->n_docs = m->n_docs * decay_factor(m->n_docs_epoch, now) + 1.0f;
    m->n_docs_epoch = now;
    m->n_docs_seen++;
    /* Prepared on another thread (-j), whose fetches of the sketch's
       lines went to another core's cache: fetch them all first, so that
       the misses overlap rather than come one by one. */
    if (q->moved)
        for (k = 0; k < q->n_dense; k++)
            __builtin_prefetch(df_line_of(m, q->dense[k].mixed), 1);
    {
        /* in locals: the sketch's float stores could alias m's */
        const acc_ent *dense = q->dense;
        uint64_t *sel = q->sel;
        float n_docs = m->n_docs;

        for (k = 0; k < q->n_dense; k++) {
            const acc_ent *a = &dense[k];
            float idf, df;

            df = df_count(m, a->mixed, now);
            if (df > n_docs)        /* a sketch can overcount */
                df = n_docs;
            idf = ndci_story_log((n_docs + 1.0f) / (df + 1.0f)) + 1.0f;
            sel[n_terms++] = sel_key(a->count * idf, a->term, a->mixed);
        }
    }
    nh = (uint32_t)(n_terms < REC_TERMS ? n_terms : REC_TERMS);
    ndci_story_select_top(q->sel, n_terms, nh);
    ndci_story_select_top(q->sel, nh, nh < INDEX_TERMS ? nh : INDEX_TERMS);
    for (i = 0; i < nh; i++) {
        uint64_t x = q->sel[i];

        if (i < INDEX_TERMS)
            q->post[i] = (uint32_t)x & TID_MASK;
        q->vec[i].tid = (uint32_t)x & TID_MASK;
        q->vec[i].w = sel_weight(x);
    }
    q->n_post = nh < INDEX_TERMS ? nh : INDEX_TERMS;
    for (i = 0; i < nh; i++)
        norm += (double)q->vec[i].w * q->vec[i].w;
    norm = sqrt(norm);
    for (i = 0; i < nh; i++)
        q->vec[i].w = (float)(q->vec[i].w / norm);
    sort_by_tid(q->vec, nh, m->tmp);
    q->n_vec = nh;
}

/* ---- set-up ---- */

/* A prep's map, with room for the stop words and a long record's
   words, and the stop words in it. */
bool
ndci_story_prep_init(const story *m, story_prep *q)
{
    return acc_rehash(m, q, ndci_pow2_ceil(((uint64_t)m->n_stop + 512) * 2));
}

void
ndci_story_prep_prefetch(const void *m, const void *prep)
{
    const story_prep *q = prep;

    (void)m;
    ndci_prefetch_bytes(q->dense, q->n_dense * sizeof(*q->dense));
}

/*
 * Copies the terms src counted, and its time, into dst, with room for
 * the commit to weigh them (sel); dst's map, if it has one, is left as
 * it was.  False if memory ran out.
 */
bool
ndci_story_prep_move(story_prep *dst, const story_prep *src)
{
    if (dst->dense_cap < src->n_dense) {
        size_t cap = ndci_pow2_ceil(src->n_dense);
        acc_ent *dense = ndci_calloc_lines(cap, sizeof(*dense));
        uint64_t *sel = ndci_calloc_lines(cap, sizeof(*sel));

        if (dense == NULL || sel == NULL) {
            free(dense);
            free(sel);
            return false;
        }
        free(dst->dense);
        free(dst->sel);
        dst->dense = dense;
        dst->sel = sel;
        dst->dense_cap = cap;
    }
    memcpy(dst->dense, src->dense, src->n_dense * sizeof(*src->dense));
    dst->n_dense = src->n_dense;
    dst->time = src->time;
    dst->n_vec = dst->n_post = 0;
    dst->moved = true;
    return true;
}

void
ndci_story_prep_free(story_prep *q)
{
    free(q->acc);
    free(q->acc_used);
    free(q->sel);
    free(q->dense);
    ndci_buf_free(&q->text);
    ndci_u64s_free(&q->words);
    ndci_u64s_free(&q->names);
}
