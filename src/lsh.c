/*
 * lsh.c - locality-sensitive hashing over MinHash signatures (Indyk and
 * Motwani 1998; Leskovec, Rajaraman, Ullman, "Mining of Massive Data
 * Sets", ch. 3).  A signature of k values is cut into bands of rows
 * values; two records are candidates when any band agrees whole.  With
 * Jaccard s, that happens with probability 1 - (1 - s^rows)^bands.
 *
 * Each record keeps one block in its window slot: for each band, the
 * link of its chain (4 bytes) followed by the band's values, then the
 * values no band holds.  A step of a chain walk, which reads a link and
 * compares a band, so touches one place of one record: in a large
 * window, one cache miss instead of one for the link and one for the
 * band.  The blocks follow the ring, so an insert writes in order.
 *
 * Eviction is first in, first out, so chains need no unlinking: a chain
 * runs newest to oldest and the walk stops at the first record that has
 * left the window.  Nor are heads cleared as their record leaves (in a
 * large window each is a cache miss, a band's worth per record): see
 * ndci_heads_sweep().
 */
#include <stdlib.h>
#include <string.h>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

#define XXH_INLINE_ALL
#include <xxhash.h>

#include "internal.h"

/* Bytes of a chain link in a record's block. */
#define LINK_LEN 4u

/* Makes the byte mask of a block (0xFF over values, 0 over links) and
   the place of each value in it. */
static void
layout_init(ndci_lsh *l)
{
    uint32_t b, i;

    memset(l->mask, 0xFF, l->rec_len);
    for (b = 0; b < l->bands; b++)
        memset(l->mask + (size_t)b * l->group, 0, LINK_LEN);
    for (i = 0; i < l->k; i++) {
        b = i / l->rows;
        l->pos[i] = b < l->bands ? b * l->group + LINK_LEN + i % l->rows :
            l->bands * l->group + (i - l->bands * l->rows);
    }
}

bool
ndci_lsh_init(ndci_lsh *l, const ndci_window *w, uint32_t k,
    uint32_t bands, uint64_t seed)
{
    uint32_t cap = w->cap;
    size_t n_rec, n_head;

    memset(l, 0, sizeof(*l));
    if (cap == 0 || k == 0 || bands == 0 || bands > k)
        return false;
    l->win = w;
    l->cap = cap;
    l->k = k;
    l->bands = bands;
    l->rows = k / bands;
    l->seed = seed;
    l->group = LINK_LEN + l->rows;
    l->rec_len = (size_t)bands * l->group + (k - bands * l->rows);
    l->n_heads = (cap + NDCI_HEAD_LOAD - 1) / NDCI_HEAD_LOAD;
    if (!ndci_mul_size(cap, l->rec_len, &n_rec) ||
        !ndci_mul_size(l->n_heads, bands, &n_head))
        return false;
    l->recs = ndci_big_alloc(n_rec, 1);
    l->heads = ndci_big_alloc(n_head, sizeof(uint32_t));
    /* the mask, then the query's block and eight bytes for head_at() */
    l->mask = ndci_calloc(2 * l->rec_len + sizeof(uint64_t), 1);
    l->pos = ndci_calloc(k, sizeof(uint32_t));
    l->done = ndci_calloc((size_t)bands + NDCI_QUERY_CAP, sizeof(uint64_t));
    l->live = ndci_calloc(bands, sizeof(uint32_t));
    l->band_at = ndci_calloc(bands, sizeof(size_t));
    l->band_v = ndci_calloc(bands, sizeof(uint32_t));
    l->band_prev = ndci_calloc(bands, sizeof(uint64_t));
    l->cand = ndci_calloc(bands, sizeof(uint32_t));
    l->band_head = ndci_calloc(bands, sizeof(size_t));
    l->sweep_mask = NDCI_SWEEP_EVERY - 1;
    if (l->recs == NULL || l->heads == NULL || l->mask == NULL ||
        l->pos == NULL ||
        l->done == NULL || l->live == NULL || l->band_at == NULL ||
        l->band_v == NULL || l->band_prev == NULL || l->cand == NULL ||
        l->band_head == NULL) {
        ndci_lsh_free(l);
        return false;
    }
    l->query = l->mask + l->rec_len;
    layout_init(l);
    return true;
}

void
ndci_lsh_free(ndci_lsh *l)
{
    ndci_big_free(l->recs, (size_t)l->cap * l->rec_len, 1);
    ndci_big_free(l->heads, (size_t)l->n_heads * l->bands, sizeof(uint32_t));
    free(l->mask);
    free(l->pos);
    free(l->done);
    free(l->live);
    free(l->band_at);
    free(l->band_v);
    free(l->band_prev);
    free(l->cand);
    free(l->band_head);
    memset(l, 0, sizeof(*l));
}

size_t
ndci_lsh_bytes(const ndci_lsh *l)
{
    return (size_t)l->cap * l->rec_len +
        (size_t)l->n_heads * l->bands * sizeof(uint32_t);
}

/* The index in heads of band b of a signature laid out in block r: a
   band of up to eight bytes, the default's three, is mixed whole (read
   as eight, of which the bytes past it are masked off), a longer one
   hashed.  r has eight bytes of room past its end. */
static size_t
head_at(const ndci_lsh *l, const unsigned char *r, uint32_t b)
{
    const unsigned char *band = r + (size_t)b * l->group + LINK_LEN;
    uint64_t key;

    if (l->rows < sizeof(key)) {
        memcpy(&key, band, sizeof(key));
        key = ndci_mix64((key & ((1ULL << (8 * l->rows)) - 1)) ^
            (l->seed + ((uint64_t)b + 1) * 0x9E3779B97F4A7C15ULL));
    } else {
        key = XXH3_64bits_withSeed(band, l->rows, l->seed + b);
    }
    return (size_t)b * l->n_heads +
        (size_t)(((key >> 32) * l->n_heads) >> 32);
}

/* The block of the record in slot. */
static unsigned char *
rec_at(const ndci_lsh *l, size_t slot)
{
    return l->recs + slot * l->rec_len;
}

/* Lays out the values of sig in block r (links left as they are). */
static void
rec_fill(const ndci_lsh *l, const ndci_sigval *sig, unsigned char *r)
{
    uint32_t i;

    for (i = 0; i < l->k; i++)
        r[l->pos[i]] = sig[i];
}

void
ndci_lsh_sig(const ndci_lsh *l, uint64_t seq, ndci_sigval *out)
{
    const unsigned char *r = rec_at(l, ndci_window_slot(l->win, seq));
    uint32_t i;

    for (i = 0; i < l->k; i++)
        out[i] = r[l->pos[i]];
}

/* How many values of blocks a and b agree (links masked out). */
static uint32_t
rec_same(const ndci_lsh *l, const unsigned char *a, const unsigned char *b)
{
    size_t i = 0, n = l->rec_len;
    uint32_t same = 0;

#ifdef __SSE2__
    __m128i acc = _mm_setzero_si128();
    uint64_t lane[2];

    for (; n - i >= 16; i += 16) {
        __m128i eq = _mm_cmpeq_epi8(
            _mm_loadu_si128((const __m128i *)(const void *)(a + i)),
            _mm_loadu_si128((const __m128i *)(const void *)(b + i)));

        eq = _mm_and_si128(eq, _mm_loadu_si128((const __m128i *)
            (const void *)(l->mask + i)));
        /* 0xFF per agreeing value: summed as bytes, over 255 each */
        acc = _mm_add_epi64(acc, _mm_sad_epu8(eq, _mm_setzero_si128()));
    }
    memcpy(lane, &acc, sizeof(lane));
    same = (uint32_t)((lane[0] + lane[1]) / 255);
#endif
    for (; i < n; i++)
        same += a[i] == b[i] && l->mask[i] != 0;
    return same;
}

double
ndci_lsh_similarity(const ndci_lsh *l, uint64_t seq)
{
    return ndci_minhash_estimate(rec_same(l, l->query,
        rec_at(l, ndci_window_slot(l->win, seq))), l->k);
}

/* Whether n values at a and b are equal; inline, as rows are few. */
static bool
same_rows(const unsigned char *a, const unsigned char *b, uint32_t n)
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

/* Whether seq was a candidate of this query already. */
static bool
done_before(const ndci_lsh *l, uint64_t seq)
{
    uint32_t i;

    for (i = 0; i < l->n_done; i++)
        if (l->done[i] == seq)
            return true;
    return false;
}

/*
 * One step of every live chain: takes each to its next record, drops
 * those that ended (their record left the window, or the head or link
 * is older than the window), and asks for the records' places.
 */
static void
step_chains(ndci_lsh *l, uint64_t lo, uint64_t hi)
{
    uint32_t i, kept = 0;

    for (i = 0; i < l->n_live; i++) {
        uint32_t b = l->live[i];
        uint64_t seq = widen(l->band_v[b], hi);
        size_t slot;

        if (seq < lo || seq >= l->band_prev[b])
            continue;           /* this chain is done */
        slot = ndci_window_slot(l->win, seq);
        l->band_at[b] = slot;
        l->band_prev[b] = seq;
        __builtin_prefetch(rec_at(l, slot) + (size_t)b * l->group);
        l->live[kept++] = b;
    }
    l->n_live = kept;
}

/*
 * The band checks of a step: a record whose band agrees, and that no
 * other band has found, is a candidate (its whole block asked for
 * meanwhile); every chain reads its next link.  Returns the candidates.
 */
static uint32_t
check_bands(ndci_lsh *l)
{
    uint32_t i, n_cand = 0;

    for (i = 0; i < l->n_live; i++) {
        uint32_t b = l->live[i];
        const unsigned char *r = rec_at(l, l->band_at[b]);
        const unsigned char *g = r + (size_t)b * l->group;

        if (same_rows(g + LINK_LEN, l->query + (size_t)b * l->group +
            LINK_LEN, l->rows) && !done_before(l, l->band_prev[b])) {
            size_t at;

            for (at = 0; at < l->rec_len; at += 64)
                __builtin_prefetch(r + at);
            l->done[l->n_done++] = l->band_prev[b];
            l->cand[n_cand++] = b;
        }
        memcpy(&l->band_v[b], g, LINK_LEN);
    }
    return n_cand;
}

void
ndci_lsh_query(ndci_lsh *l, const ndci_sigval *sig, ndci_lsh_fn fn,
    void *arg)
{
    uint32_t b, c, n_cand, steps, verified = 0;
    uint64_t lo = l->win->lo, hi = l->win->hi;

    /* Every band's head is a cache miss: start them all at once.  The
       insert of the same signature that usually follows reuses them. */
    rec_fill(l, sig, l->query);
    for (b = 0; b < l->bands; b++) {
        l->band_head[b] = head_at(l, l->query, b);
        __builtin_prefetch(&l->heads[l->band_head[b]]);
    }
    l->sig_of = sig;
    l->n_done = 0;
    l->n_live = 0;
    if (hi < lo)
        return;
    for (b = 0; b < l->bands; b++) {
        l->band_v[b] = l->heads[l->band_head[b]];
        l->band_prev[b] = hi + 1;
        l->live[l->n_live++] = b;
    }
    /* The chains are read a step at a time in turn, newest records
       first, so that the bound on candidates keeps the newest of every
       band rather than all of the first bands.  The places of a step
       are asked for all at once, so that their misses overlap. */
    for (steps = 0; steps < NDCI_CHAIN_CAP && l->n_live > 0; steps++) {
        step_chains(l, lo, hi);
        n_cand = check_bands(l);
        for (c = 0; c < n_cand; c++)
            if (!fn(arg, l->band_prev[l->cand[c]]) ||
                ++verified == NDCI_QUERY_CAP)
                return;
    }
}

void
ndci_lsh_insert(ndci_lsh *l, uint64_t seq, const ndci_sigval *sig)
{
    unsigned char *r = rec_at(l, ndci_window_slot(l->win, seq));
    uint32_t b, v = (uint32_t)seq;
    bool queried = l->sig_of == sig;

    if (queried) {
        memcpy(r, l->query, l->rec_len);
    } else {
        rec_fill(l, sig, l->query);
        memcpy(r, l->query, l->rec_len);
    }
    for (b = 0; b < l->bands; b++) {
        uint32_t *h = &l->heads[queried ? l->band_head[b] :
            head_at(l, l->query, b)];

        memcpy(r + (size_t)b * l->group, h, LINK_LEN);
        *h = v;
    }
    l->sig_of = NULL;
}

void
ndci_lsh_evict(ndci_lsh *l, uint64_t seq)
{
    if ((seq & l->sweep_mask) == 0)
        ndci_heads_sweep(l->heads, (size_t)l->n_heads * l->bands, seq,
            l->cap);
}

size_t
ndci_lsh_count(const ndci_lsh *l)
{
    uint64_t lo = l->win->lo, hi = l->win->hi;
    size_t n = 0, i, n_heads = (size_t)l->n_heads * l->bands;

    for (i = 0; i < n_heads; i++) {
        uint64_t seq = widen(l->heads[i], hi);

        if (l->heads[i] != 0 && seq >= lo && seq <= hi)
            n++;
    }
    return n;
}

/*
 * The index as a state: the signatures of the live records, oldest
 * first.  The bands are not saved: ndci_lsh_load() inserts the
 * signatures again, which links each chain through the same live
 * records in the same order (a chain ended at a record that has left;
 * it now ends at none), so that queries answer as before.
 */
bool
ndci_lsh_save(const ndci_lsh *l, ndci_writer *out)
{
    uint64_t seq, lo = l->win->lo, hi = l->win->hi;
    ndci_sigval sig[NDC_MAX_PERM];

    for (seq = lo; seq <= hi && hi >= lo; seq++) {
        ndci_lsh_sig(l, seq, sig);
        if (!ndci_put(out, sig, l->k * sizeof(ndci_sigval)))
            return false;
    }
    return true;
}

/* Loads the index of the window's live records (loaded before it). */
bool
ndci_lsh_load(ndci_lsh *l, ndci_reader *in)
{
    uint64_t seq, lo = l->win->lo, hi = l->win->hi;

    memset(l->heads, 0, (size_t)l->n_heads * l->bands * sizeof(uint32_t));
    l->sig_of = NULL;
    for (seq = lo; seq <= hi && hi >= lo; seq++) {
        ndci_sigval sig[NDC_MAX_PERM];

        if (!ndci_get(in, sig, l->k * sizeof(ndci_sigval)))
            return false;
        ndci_lsh_insert(l, seq, sig);
    }
    return true;
}
