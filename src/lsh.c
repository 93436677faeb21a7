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
 * heads_sweep().
 *
 * A head or link is one 32-bit word: the low seq_bits hold a record
 * number mod 2^seq_bits, the high tag_bits a filter of the bands that
 * chain holds from that record on.  Each record sets one filter bit per
 * band, picked by its band's hash; a record's word ORs in the filter of
 * the word it links to when that record is still live.  So a filter
 * holds the bit of every live record of its chain from its record on
 * (and of some that have left), and a walk ends a chain as soon as the
 * query's bit is missing, without reading the records whose band could
 * not be the query's.  Most chains of a head table at load 2 hold only
 * records of other band values: this skips two thirds of the chain
 * reads on short records.  A word of 0 (no filter bit) is no record.
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
/* Bits of a word: record number, then filter. */
#define WORD_BITS 32u

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
    uint64_t sweep, age_max;
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
    /* A head is at most cap + sweep (+ the record being committed)
       behind the newest record, and a link at most cap behind the record
       holding it: record numbers need just enough bits for that, and the
       rest of the word is filter.  Sweeping every 2 pow2_ceil(cap)
       evictions costs at most bands / (2 NDCI_HEAD_LOAD) words a record. */
    sweep = 2 * ndci_pow2_ceil(cap);
    age_max = cap + sweep + 2;
    l->seq_bits = 1;
    while (l->seq_bits < WORD_BITS && (1ULL << l->seq_bits) < age_max)
        l->seq_bits++;
    if (l->seq_bits >= WORD_BITS)
        return false;
    l->seq_mask = (uint32_t)((1ULL << l->seq_bits) - 1);
    l->tag_bits = WORD_BITS - l->seq_bits;
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
    l->band_bit = ndci_calloc(bands, sizeof(uint32_t));
    l->sweep_mask = sweep - 1;
    if (l->recs == NULL || l->heads == NULL || l->mask == NULL ||
        l->pos == NULL ||
        l->done == NULL || l->live == NULL || l->band_at == NULL ||
        l->band_v == NULL || l->band_prev == NULL || l->cand == NULL ||
        l->band_head == NULL || l->band_bit == NULL) {
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
    free(l->band_bit);
    memset(l, 0, sizeof(*l));
}

size_t
ndci_lsh_bytes(const ndci_lsh *l)
{
    return (size_t)l->cap * l->rec_len +
        (size_t)l->n_heads * l->bands * sizeof(uint32_t);
}

/* The index in heads of band b of a signature laid out in block r, and
   in *bit the band's filter bit (in place in a word): a band of up to
   eight bytes, the default's three, is mixed whole (read as eight, of
   which the bytes past it are masked off), a longer one hashed.  The
   index comes of the hash's high half, the bit of its low half.  r has
   eight bytes of room past its end. */
static size_t
head_at(const ndci_lsh *l, const unsigned char *r, uint32_t b,
    uint32_t *bit)
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
    *bit = 1u << (l->seq_bits +
        (uint32_t)(((key & 0xFFFFFFFFu) * l->tag_bits) >> 32));
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

/* The full record number of word v, at most hi (0 if none is). */
static uint64_t
widen(const ndci_lsh *l, uint32_t v, uint64_t hi)
{
    uint32_t d = ((uint32_t)hi - v) & l->seq_mask;

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
 * those that ended (their filter lacks the query's bit, so no record
 * left on them has its band; or their record left the window, or the
 * head or link is older than the window), and asks for the records'
 * places.  A head is read against the window's newest record, a link
 * against the record holding it.
 */
static void
step_chains(ndci_lsh *l, uint64_t lo)
{
    uint32_t i, kept = 0;

    for (i = 0; i < l->n_live; i++) {
        uint32_t b = l->live[i];
        uint64_t seq;
        size_t slot;

        if ((l->band_v[b] & l->band_bit[b]) == 0)
            continue;           /* no record of this band value is left */
        seq = widen(l, l->band_v[b], l->band_prev[b] - 1);
        if (seq < lo)
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
        l->band_head[b] = head_at(l, l->query, b, &l->band_bit[b]);
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
        step_chains(l, lo);
        n_cand = check_bands(l);
        for (c = 0; c < n_cand; c++)
            if (!fn(arg, l->band_prev[l->cand[c]]) ||
                ++verified == NDCI_QUERY_CAP)
                return;
    }
}

/*
 * Makes record seq the newest of every band's chain.  Its link is the
 * head it replaces when that record is live (1 to seq - lo behind seq),
 * else 0 (the chain ends); its head has its own bit and the filter of
 * that link.
 */
void
ndci_lsh_insert(ndci_lsh *l, uint64_t seq, const ndci_sigval *sig)
{
    unsigned char *r = rec_at(l, ndci_window_slot(l->win, seq));
    uint32_t b, mask = l->seq_mask, v = (uint32_t)seq & mask;
    uint32_t span = (uint32_t)(seq - l->win->lo);
    uint32_t bands = l->bands, group = l->group;
    uint32_t *heads = l->heads;
    const uint32_t *band_bit = l->band_bit;
    const size_t *band_head = l->band_head;
    bool queried = l->sig_of == sig;

    if (queried) {
        memcpy(r, l->query, l->rec_len);
    } else {
        rec_fill(l, sig, l->query);
        memcpy(r, l->query, l->rec_len);
    }
    for (b = 0; b < bands; b++) {
        uint32_t bit = band_bit[b], link;
        uint32_t *h = &heads[queried ? band_head[b] :
            head_at(l, l->query, b, &bit)];

        link = ((v - 1 - *h) & mask) < span ? *h : 0;
        memcpy(r + (size_t)b * group, &link, LINK_LEN);
        *h = v | bit | (link & ~mask);
    }
    l->sig_of = NULL;
}

/*
 * Clears the heads of records up to seq, which is leaving: a head is
 * live when it is 0 to hi - seq - 1 behind the newest record hi.  After
 * it, every head is at most cap behind, so sweep_mask + 1 evictions later
 * at most cap + sweep_mask + 2 (ndci_lsh_init() sized seq_bits for that).
 */
static void
heads_sweep(ndci_lsh *l, uint64_t seq)
{
    size_t i, n = (size_t)l->n_heads * l->bands;
    uint64_t hi = l->win->hi;
    uint32_t top = (uint32_t)hi, span = (uint32_t)(hi - seq);

    for (i = 0; i < n; i++)
        if (((top - l->heads[i]) & l->seq_mask) >= span)
            l->heads[i] = 0;
}

void
ndci_lsh_evict(ndci_lsh *l, uint64_t seq)
{
    if ((seq & l->sweep_mask) == 0)
        heads_sweep(l, seq);
}

size_t
ndci_lsh_count(const ndci_lsh *l)
{
    uint64_t lo = l->win->lo, hi = l->win->hi;
    size_t n = 0, i, n_heads = (size_t)l->n_heads * l->bands;

    for (i = 0; i < n_heads; i++) {
        uint64_t seq = widen(l, l->heads[i], hi);

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
