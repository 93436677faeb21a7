/*
 * lsh.c - locality-sensitive hashing over MinHash signatures (Indyk and
 * Motwani 1998; Leskovec, Rajaraman, Ullman, "Mining of Massive Data
 * Sets", ch. 3).  A signature of k values is cut into bands of rows
 * values; two records are candidates when any band agrees whole.  With
 * Jaccard s, that happens with probability 1 - (1 - s^rows)^bands.
 *
 * Eviction is first in, first out, so chains need no unlinking: a chain
 * runs newest to oldest and the walk stops at the first record that has
 * left the window.  Nor are heads cleared as their record leaves (in a
 * large window each is a cache miss, a band's worth per record): see
 * ndci_heads_sweep().
 */
#include <stdlib.h>
#include <string.h>

#define XXH_INLINE_ALL
#include <xxhash.h>

#include "internal.h"

bool
ndci_lsh_init(ndci_lsh *l, const ndci_window *w, uint32_t k,
    uint32_t bands, uint64_t seed)
{
    uint32_t cap = w->cap;
    uint64_t n_heads = ndci_pow2_ceil(cap);
    size_t n_sig, n_link, n_head;

    memset(l, 0, sizeof(*l));
    if (cap == 0 || k == 0 || bands == 0 || bands > k)
        return false;
    l->win = w;
    l->cap = cap;
    l->k = k;
    l->bands = bands;
    l->rows = k / bands;
    l->seed = seed;
    l->head_mask = n_heads - 1;
    if (!ndci_mul_size(cap, k, &n_sig) ||
        !ndci_mul_size(cap, bands, &n_link) ||
        !ndci_mul_size((size_t)n_heads, bands, &n_head))
        return false;
    l->sigs = ndci_big_alloc(n_sig, sizeof(ndci_sigval));
    l->links = ndci_big_alloc(n_link, sizeof(uint32_t));
    l->heads = ndci_big_alloc(n_head, sizeof(uint32_t));
    l->seen = ndci_big_alloc(cap, sizeof(uint32_t));
    l->band_at = ndci_calloc(bands, sizeof(size_t));
    l->band_v = ndci_calloc(bands, sizeof(uint32_t));
    l->band_prev = ndci_calloc(bands, sizeof(uint64_t));
    l->cand = ndci_calloc(bands, sizeof(uint32_t));
    l->band_head = ndci_calloc(bands, sizeof(size_t));
    l->sweep_mask = NDCI_SWEEP_EVERY - 1;
    if (l->sigs == NULL || l->links == NULL || l->heads == NULL ||
        l->seen == NULL || l->band_at == NULL || l->band_v == NULL ||
        l->band_prev == NULL || l->cand == NULL || l->band_head == NULL) {
        ndci_lsh_free(l);
        return false;
    }
    return true;
}

void
ndci_lsh_free(ndci_lsh *l)
{
    size_t cap = l->cap, n_heads = (size_t)(l->head_mask + 1);

    ndci_big_free(l->sigs, cap * l->k, sizeof(ndci_sigval));
    ndci_big_free(l->links, cap * l->bands, sizeof(uint32_t));
    ndci_big_free(l->heads, n_heads * l->bands, sizeof(uint32_t));
    ndci_big_free(l->seen, cap, sizeof(uint32_t));
    free(l->band_at);
    free(l->band_v);
    free(l->band_prev);
    free(l->cand);
    free(l->band_head);
    l->cand = NULL;
    l->band_head = NULL;
    l->sig_of = NULL;
    l->band_at = NULL;
    l->band_v = NULL;
    l->band_prev = NULL;
    l->sigs = NULL;
    l->links = l->heads = l->seen = NULL;
}

size_t
ndci_lsh_bytes(const ndci_lsh *l)
{
    return (size_t)l->cap * (l->k * sizeof(ndci_sigval) +
        l->bands * sizeof(uint32_t) + sizeof(uint32_t)) +
        (size_t)(l->head_mask + 1) * l->bands * sizeof(uint32_t);
}

/* The index in heads of band b of signature sig. */
static size_t
head_at(const ndci_lsh *l, const ndci_sigval *sig, uint32_t b)
{
    uint64_t key = XXH3_64bits_withSeed(sig + (size_t)b * l->rows,
        l->rows * sizeof(ndci_sigval), l->seed + b);

    return (size_t)b * (l->head_mask + 1) + (size_t)(key & l->head_mask);
}

const ndci_sigval *
ndci_lsh_sig(const ndci_lsh *l, uint64_t seq)
{
    return l->sigs + ndci_window_slot(l->win, seq) * l->k;
}

/* Whether n values at a and b are equal; inline, as rows are few. */
static bool
same_rows(const ndci_sigval *a, const ndci_sigval *b, uint32_t n)
{
    uint32_t i;

    for (i = 0; i < n; i++)
        if (a[i] != b[i])
            return false;
    return true;
}

/* The full sequence number whose low 32 bits are v, at most hi. */
static uint64_t
widen(uint32_t v, uint64_t hi)
{
    uint32_t d = (uint32_t)hi - v;

    return d > hi ? 0 : hi - d;
}

void
ndci_lsh_query(ndci_lsh *l, const ndci_sigval *sig, ndci_lsh_fn fn,
    void *arg)
{
    uint32_t b, c, n_cand, steps, live = 1, verified = 0;
    uint64_t lo = l->win->lo, hi = l->win->hi;

    l->sig_of = NULL;
    if (hi < lo)
        return;
    if (++l->stamp == 0) {
        memset(l->seen, 0, l->cap * sizeof(uint32_t));
        l->stamp = 1;
    }
    /* Every band's head is a cache miss: start them all at once.  The
       insert of the same signature that usually follows reuses them. */
    for (b = 0; b < l->bands; b++) {
        l->band_head[b] = head_at(l, sig, b);
        __builtin_prefetch(&l->heads[l->band_head[b]]);
    }
    l->sig_of = sig;
    for (b = 0; b < l->bands; b++) {
        l->band_v[b] = l->heads[l->band_head[b]];
        l->band_prev[b] = hi + 1;
    }
    /* The chains are read a step at a time in turn, newest records
       first, so that the bound on candidates keeps the newest of every
       band rather than all of the first bands. */
    for (steps = 0; steps < NDCI_CHAIN_CAP && live > 0; steps++) {
        /* Each step reads three lines of a random slot per band, each
           a cache miss in a large window: ask for all of them first,
           so that the misses overlap instead of following each other. */
        live = 0;
        for (b = 0; b < l->bands; b++) {
            uint64_t seq = widen(l->band_v[b], hi);
            size_t slot;

            if (seq < lo || seq >= l->band_prev[b]) {
                l->band_prev[b] = 0;    /* this chain is done */
                l->band_at[b] = SIZE_MAX;
                continue;
            }
            live++;
            slot = ndci_window_slot(l->win, seq);
            l->band_at[b] = slot;
            l->band_prev[b] = seq;
            __builtin_prefetch(&l->seen[slot]);
            __builtin_prefetch(l->sigs + slot * l->k + (size_t)b * l->rows);
            __builtin_prefetch(&l->links[slot * l->bands + b]);
        }
        /* Then the band checks; a record that passes is verified
           after the step, its whole signature asked for meanwhile. */
        n_cand = 0;
        for (b = 0; b < l->bands && live > 0; b++) {
            const ndci_sigval *band = sig + (size_t)b * l->rows;
            size_t slot = l->band_at[b];

            if (slot == SIZE_MAX)
                continue;
            if (l->seen[slot] != l->stamp &&
                same_rows(l->sigs + slot * l->k + (size_t)b * l->rows, band,
                l->rows)) {
                const char *p = (const char *)(l->sigs + slot * l->k);
                size_t at;

                l->seen[slot] = l->stamp;
                for (at = 0; at < l->k * sizeof(ndci_sigval); at += 64)
                    __builtin_prefetch(p + at);
                l->cand[n_cand++] = (uint32_t)b;
            }
            l->band_v[b] = l->links[slot * l->bands + b];
        }
        for (c = 0; c < n_cand; c++)
            if (!fn(arg, l->band_prev[l->cand[c]]) ||
                ++verified == NDCI_QUERY_CAP)
                return;
    }
}

void
ndci_lsh_insert(ndci_lsh *l, uint64_t seq, const ndci_sigval *sig)
{
    size_t slot = ndci_window_slot(l->win, seq);
    uint32_t b;

    memcpy(l->sigs + slot * l->k, sig, l->k * sizeof(ndci_sigval));
    l->seen[slot] = 0;
    for (b = 0; b < l->bands; b++) {
        uint32_t *h = &l->heads[l->sig_of == sig ? l->band_head[b] :
            head_at(l, sig, b)];

        l->links[slot * l->bands + b] = *h;
        *h = (uint32_t)seq;
    }
    l->sig_of = NULL;
}

void
ndci_lsh_evict(ndci_lsh *l, uint64_t seq)
{
    if ((seq & l->sweep_mask) == 0)
        ndci_heads_sweep(l->heads, (size_t)(l->head_mask + 1) * l->bands,
            seq, l->cap);
}

size_t
ndci_lsh_count(const ndci_lsh *l)
{
    uint64_t lo = l->win->lo, hi = l->win->hi;
    size_t n = 0, i;
    size_t n_heads = (size_t)(l->head_mask + 1) * l->bands;

    for (i = 0; i < n_heads; i++) {
        uint64_t seq = widen(l->heads[i], hi);

        if (l->heads[i] != 0 && seq >= lo && seq <= hi)
            n++;
    }
    return n;
}

/*
 * The index as a state: the query stamp and the signatures of the live
 * records, oldest first.  The bands are not saved: ndci_lsh_load()
 * inserts the signatures again, which links each chain through the same
 * live records in the same order (a chain ended at a record that has
 * left; it now ends at none), so that queries answer as before.
 */
bool
ndci_lsh_save(const ndci_lsh *l, ndci_writer *out)
{
    uint64_t seq, lo = l->win->lo, hi = l->win->hi;

    if (!ndci_put_u64(out, l->stamp))
        return false;
    for (seq = lo; seq <= hi && hi >= lo; seq++)
        if (!ndci_put(out, ndci_lsh_sig(l, seq),
            l->k * sizeof(ndci_sigval)))
            return false;
    return true;
}

/* Loads the index of the window's live records (loaded before it). */
bool
ndci_lsh_load(ndci_lsh *l, ndci_reader *in)
{
    uint64_t stamp = ndci_get_u64(in), seq, lo = l->win->lo, hi = l->win->hi;

    if (!in->ok || stamp > UINT32_MAX)
        return false;
    memset(l->heads, 0, (size_t)(l->head_mask + 1) * l->bands *
        sizeof(uint32_t));
    memset(l->seen, 0, (size_t)l->cap * sizeof(uint32_t));
    l->stamp = (uint32_t)stamp;
    l->sig_of = NULL;
    for (seq = lo; seq <= hi && hi >= lo; seq++) {
        ndci_sigval sig[NDC_MAX_PERM];

        if (!ndci_get(in, sig, l->k * sizeof(ndci_sigval)))
            return false;
        ndci_lsh_insert(l, seq, sig);
    }
    return true;
}
