/*
 * near.c - near-duplicate mode: normalised words, word shingles, a
 * MinHash signature, LSH bands for candidates, and the estimated
 * Jaccard similarity to verify them.  In scripts written without spaces
 * the words are overlapping pairs of letters: single letters as words
 * made unrelated Thai texts look alike (scripts/measure-solo.txt).  A
 * record without words but with other text (emoji, punctuation) is one
 * word: its whole content.
 */
#include <stdlib.h>

#include "internal.h"

/* Rows a band has when opts.bands is 0 (the default 128 / 42). */
#define DEFAULT_ROWS 3u

/* The mode: fixed once made but for the index. */
typedef struct near {
    uint32_t shingle;
    uint64_t seed;
    unsigned text;      /* NDCI_TEXT_* flags of the normaliser: pairs,
                           and markup kept or not */
    const ndci_window *win;
    ndci_minhash mh;
    ndci_lsh lsh;
    /* best candidate of the current query: its values agreeing, 0 for
       as few as chance (ndci_minhash_estimate() makes them 0) */
    uint64_t best_seq;
    uint32_t best_same;
} near;

/* A record being prepared: its scratch (made by near_scratch()), and
   its features: the signature's key in the index. */
typedef struct near_prep {
    ndci_mh_scratch sc;
    ndci_buf text;
    ndci_u64s words;
    ndci_u64s shingles;
    ndci_sigval *sig;       /* NULL: no scratch yet */
    ndci_lsh_key key;
} near_prep;

static ndc_status
near_check(ndc_opts *o)
{
    if (o->perm < 1 || o->perm > NDC_MAX_PERM ||
        o->shingle > NDC_MAX_SHINGLE)
        return NDC_ERR_INVALID;
    if (o->bands == 0)
        o->bands = o->perm >= DEFAULT_ROWS ? o->perm / DEFAULT_ROWS : 1;
    return o->bands <= o->perm ? NDC_OK : NDC_ERR_INVALID;
}

static void
near_destroy(void *p)
{
    near *m = p;

    if (m == NULL)
        return;
    ndci_minhash_free(&m->mh);
    ndci_lsh_free(&m->lsh);
    free(m);
}

static ndc_status
near_create(void **out, const ndc_opts *o, const ndci_window *w)
{
    near *m = calloc(1, sizeof(*m));

    *out = NULL;
    if (m == NULL)
        return NDC_ERR_NOMEM;
    m->shingle = o->shingle;
    m->seed = o->seed;
    m->text = (o->keep_markup ? NDCI_TEXT_KEEP_MARKUP : 0) | NDCI_TEXT_PAIRS;
    m->win = w;
    if (!ndci_minhash_init(&m->mh, o->perm, o->seed) ||
        !ndci_lsh_init(&m->lsh, w, o->perm, o->bands, o->seed)) {
        near_destroy(m);
        return NDC_ERR_NOMEM;
    }
    *out = m;
    return NDC_OK;
}

static size_t
near_bytes(const void *p)
{
    const near *m = p;

    return sizeof(*m) + ndci_lsh_bytes(&m->lsh) +
        ndci_minhash_bytes(&m->mh);
}

static void
near_prep_destroy(void *p)
{
    near_prep *q = p;

    if (q == NULL)
        return;
    ndci_mh_scratch_free(&q->sc);
    ndci_buf_free(&q->text);
    ndci_u64s_free(&q->words);
    ndci_u64s_free(&q->shingles);
    free(q->sig);
    ndci_lsh_key_free(&q->key);
    free(q);
}

/* Makes the scratch of q; false if memory ran out, with none made. */
static bool
near_scratch(const near *m, near_prep *q)
{
    if (!ndci_mh_scratch_init(&q->sc, m->mh.k))
        return false;
    q->sig = ndci_calloc(m->mh.k, sizeof(ndci_sigval));
    if (q->sig == NULL || !ndci_u64s_reserve(&q->words, 1024) ||
        !ndci_u64s_reserve(&q->shingles, 1024) ||
        !ndci_buf_reserve(&q->text, 4096)) {
        ndci_mh_scratch_free(&q->sc);
        free(q->sig);
        q->sig = NULL;
        return false;
    }
    return true;
}

static ndc_status
near_prep_create(void **out, const void *p, bool scratch)
{
    const near *m = p;
    near_prep *q = ndci_calloc_lines(1, sizeof(*q));

    *out = NULL;
    if (q == NULL)
        return NDC_ERR_NOMEM;
    if (!ndci_lsh_key_init(&m->lsh, &q->key) ||
        (scratch && !near_scratch(m, q))) {
        near_prep_destroy(q);
        return NDC_ERR_NOMEM;
    }
    *out = q;
    return NDC_OK;
}

static size_t
near_prep_bytes(const void *p)
{
    const near_prep *q = p;

    return sizeof(*q) + q->text.cap +
        (q->words.cap + q->shingles.cap) * sizeof(uint64_t);
}

/*
 * The fields' words, read as one text, signed: 1, or 0 if the record has
 * no text but white space and markup, -1 if memory ran out.
 */
static int
near_prepare(const void *p, void *prep, const ndc_field *f, size_t n,
    double time)
{
    const near *m = p;
    near_prep *q = prep;
    uint64_t whole;
    size_t i;

    (void)time;
    if (q->sig == NULL && !near_scratch(m, q))
        return -1;
    q->words.len = 0;
    for (i = 0; i < n; i++)
        if (!ndci_text_hashes(f[i].text, f[i].len, m->seed, m->text,
            &q->text, &q->words))
            return -1;
    if (q->words.len == 0) {
        if (!ndci_text_whole(f, n, m->seed, m->text, &q->text, &q->words,
            &whole))
            return -1;
        if (whole == 0)
            return 0;
        if (!ndci_u64s_reserve(&q->words, 1))
            return -1;
        q->words.v[q->words.len++] = whole;
    }
    if (!ndci_shingles(q->words.v, q->words.len, m->shingle, m->seed,
        &q->shingles))
        return -1;
    ndci_minhash_sign(&m->mh, &q->sc, q->shingles.v, q->shingles.len,
        q->sig);
    ndci_lsh_prepare(&m->lsh, q->sig, &q->key);
    return 1;
}

/* The features are the key alone: the signature made it. */
static bool
near_prep_move(const void *p, void *dst, const void *src)
{
    const near *m = p;
    near_prep *d = dst;
    const near_prep *q = src;

    ndci_lsh_key_copy(&m->lsh, &d->key, &q->key);
    return true;
}

static void
near_prep_prefetch(const void *p, const void *prep)
{
    const near *m = p;
    const near_prep *q = prep;

    ndci_lsh_key_prefetch(&m->lsh, &q->key);
}

/*
 * Keeps the most similar candidate; ties go to the newest record.  An
 * exact match ends the search: nothing can beat it, and a stream with
 * many copies would otherwise verify every copy in every band.  The
 * count of values agreeing orders candidates as their estimates do,
 * once the counts no more than chance are taken as 0: each candidate
 * costs no division.
 */
static bool
near_consider(void *arg, uint64_t seq)
{
    near *m = arg;
    uint32_t same = ndci_lsh_same(&m->lsh, seq), k = m->lsh.k;

    if ((uint64_t)same * 256 <= k)
        same = 0;
    if (same > m->best_same || (same == m->best_same && seq > m->best_seq)) {
        m->best_same = same;
        m->best_seq = seq;
    }
    return same < k;
}

static void
near_join(void *p, void *prep, double t, ndci_join *out)
{
    near *m = p;
    const near_prep *q = prep;

    m->best_seq = 0;
    m->best_same = 0;
    ndci_lsh_query_key(&m->lsh, &q->key, near_consider, m);
    out->seq = m->best_seq;
    out->score = ndci_minhash_estimate(m->best_same, m->lsh.k);
    out->joins = out->seq != 0 && out->score >= t;
}

static void
near_insert(void *p, const void *prep, uint64_t seq, const ndci_clu *c)
{
    near *m = p;
    const near_prep *q = prep;

    (void)c;
    ndci_lsh_insert_key(&m->lsh, seq, &q->key);
}

static void
near_evict(void *p, uint64_t seq, const ndci_clu *c, bool last)
{
    near *m = p;

    (void)c;
    (void)last;
    ndci_lsh_evict(&m->lsh, seq);
}

static bool
near_save(const void *p, ndci_writer *w)
{
    const near *m = p;

    return ndci_lsh_save(&m->lsh, w);
}

static bool
near_load(void *p, ndci_reader *r)
{
    near *m = p;

    return ndci_lsh_load(&m->lsh, r);
}

const ndci_mode_ops ndci_near_ops = {
    .name = "near",
    .summary = "near-duplicates",
    .default_threshold = NDC_DEFAULT_THRESHOLD,
    .opts = NDC_OPT_WINDOW | NDC_OPT_THRESHOLD | NDC_OPT_SEED |
        NDC_OPT_PERM | NDC_OPT_BANDS | NDC_OPT_SHINGLE | NDC_OPT_WINDOW_TIME |
        NDC_OPT_KEEP_MARKUP,
    .digest_of = NULL,
    .check = near_check,
    .digest = NULL,
    .create = near_create,
    .destroy = near_destroy,
    .bytes = near_bytes,
    .prep_create = near_prep_create,
    .prep_destroy = near_prep_destroy,
    .prep_bytes = near_prep_bytes,
    .prepare = near_prepare,
    .prep_move = near_prep_move,
    .prep_prefetch = near_prep_prefetch,
    .join = near_join,
    .insert = near_insert,
    .evict = near_evict,
    .save = near_save,
    .load = near_load,
};
