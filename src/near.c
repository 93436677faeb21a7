/*
 * near.c - near-duplicate mode: normalised words, word shingles, a
 * MinHash signature, LSH bands for candidates, and the estimated
 * Jaccard similarity to verify them.
 */
#include <stdlib.h>

#include "internal.h"

typedef struct near {
    uint32_t shingle_opt;
    uint64_t seed;
    ndci_minhash mh;
    ndci_lsh lsh;
    /* scratch of the record being clustered */
    ndci_buf text;
    ndci_u64s words;
    ndci_u64s shingles;
    ndci_sigval *sig;
    /* best candidate of the current query */
    uint64_t best_seq;
    double best_score;
} near;

static void
near_destroy(void *p)
{
    near *m = p;

    if (m == NULL)
        return;
    ndci_minhash_free(&m->mh);
    ndci_lsh_free(&m->lsh);
    ndci_buf_free(&m->text);
    ndci_u64s_free(&m->words);
    ndci_u64s_free(&m->shingles);
    free(m->sig);
    free(m);
}

static ndc_status
near_create(void **out, const ndc_opts *o)
{
    near *m = calloc(1, sizeof(*m));

    *out = NULL;
    if (m == NULL)
        return NDC_ERR_NOMEM;
    m->shingle_opt = o->shingle;
    m->seed = o->seed;
    m->sig = ndci_calloc(o->perm, sizeof(ndci_sigval));
    if (m->sig == NULL || !ndci_minhash_init(&m->mh, o->perm, o->seed) ||
        !ndci_lsh_init(&m->lsh, o->window, o->perm, o->bands, o->seed) ||
        !ndci_u64s_reserve(&m->words, 1024) ||
        !ndci_u64s_reserve(&m->shingles, 1024) ||
        !ndci_buf_reserve(&m->text, 4096)) {
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
        m->mh.k * (sizeof(uint64_t) + 2 * sizeof(uint32_t) +
        sizeof(ndci_sigval)) +
        m->text.cap + (m->words.cap + m->shingles.cap) * sizeof(uint64_t);
}

static int
near_prepare(void *p, const ndc_field *f, size_t n, double time)
{
    near *m = p;
    size_t i;

    (void)time;
    m->words.len = 0;
    for (i = 0; i < n; i++)
        if (!ndci_word_hashes(f[i].text, f[i].len, m->seed, &m->text,
            &m->words))
            return -1;
    if (m->words.len == 0)
        return 0;
    if (!ndci_shingles(m->words.v, m->words.len, m->shingle_opt, m->seed,
        &m->shingles))
        return -1;
    ndci_minhash_sign(&m->mh, m->shingles.v, m->shingles.len, m->sig);
    return 1;
}

/*
 * Keeps the most similar candidate; ties go to the newest record.  An
 * exact match ends the search: nothing can beat it, and a stream with
 * many copies would otherwise verify every copy in every band.
 */
static bool
near_consider(void *arg, uint64_t seq)
{
    near *m = arg;
    const ndci_sigval *other = m->lsh.sigs +
        ndci_lsh_slot(&m->lsh, seq) * m->mh.k;
    double s = ndci_minhash_similarity(m->sig, other, m->mh.k);

    if (s > m->best_score || (s == m->best_score && seq > m->best_seq)) {
        m->best_score = s;
        m->best_seq = seq;
    }
    return s < 1.0;
}

static void
near_best(void *p, uint64_t lo, uint64_t hi, uint64_t *seq, double *score)
{
    near *m = p;

    m->best_seq = 0;
    m->best_score = 0;
    ndci_lsh_query(&m->lsh, m->sig, lo, hi, near_consider, m);
    *seq = m->best_seq;
    *score = m->best_score;
}

static void
near_insert(void *p, uint64_t seq, uint64_t cluster)
{
    near *m = p;

    (void)cluster;
    ndci_lsh_insert(&m->lsh, seq, m->sig);
}

static void
near_evict(void *p, uint64_t seq)
{
    near *m = p;

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

static bool
near_fits(const void *p, uint64_t lo, uint64_t hi)
{
    const near *m = p;

    (void)lo;
    /* the index's newest record is the window's */
    return hi == 0 ? m->lsh.last_seq == 0 &&
        m->lsh.last_slot == (size_t)m->lsh.cap - 1 :
        m->lsh.last_seq == hi &&
        m->lsh.last_slot == (size_t)((hi - 1) % m->lsh.cap);
}

const ndci_mode_ops ndci_near_ops = {
    "near", near_create, near_destroy, near_bytes, near_prepare,
    near_best, near_insert, near_evict, NULL, near_save, near_load,
    near_fits,
};
