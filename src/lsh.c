/*
 * lsh.c - locality-sensitive hashing over MinHash signatures (Indyk and
 * Motwani 1998; Leskovec, Rajaraman, Ullman, "Mining of Massive Data
 * Sets", ch. 3).  A signature of k values is cut into bands of rows
 * values; two records are candidates when any band agrees whole.  With
 * Jaccard s, that happens with probability 1 - (1 - s^rows)^bands.
 *
 * Each record keeps its signature in its window slot, the k values in
 * order (band b is values b rows to b rows + rows - 1), and apart from
 * it a link (4 bytes) for each band's chain.  A step of a chain walk
 * reads a link and a band; a candidate's signature is then two cache
 * lines at the default 128 values, where a block of links and values
 * together was five, and its comparison needs no mask over the links
 * (a log line's query verifies 32 candidates: 15 percent fewer
 * instructions a line, 7 percent a short record).  Both arrays follow
 * the ring, so an insert writes in order.
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

#include "lsh_impl.h"

bool
ndci_lsh_init(ndci_lsh *l, const ndci_window *w, uint32_t k,
    uint32_t bands, uint64_t seed)
{
    uint32_t cap = w->cap;
    uint64_t sweep, age_max;
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
    l->sig_len = ((size_t)k + 15) & ~(size_t)15;
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
    if (!ndci_mul_size(cap, l->sig_len, &n_sig) ||
        !ndci_mul_size(cap, bands, &n_link) ||
        !ndci_mul_size(l->n_heads, bands, &n_head))
        return false;
    if (n_sig > SIZE_MAX - NDCI_LSH_SLACK)
        return false;
    l->sigs = ndci_big_alloc(n_sig + NDCI_LSH_SLACK, 1);
    l->links = ndci_big_alloc(n_link, sizeof(uint32_t));
    l->heads = ndci_big_alloc(n_head, sizeof(uint32_t));
    l->done = ndci_calloc((size_t)bands + NDCI_QUERY_CAP, sizeof(uint64_t));
    /* at most half full */
    while ((1u << l->done_bits) < 2 * (bands + NDCI_QUERY_CAP))
        l->done_bits++;
    l->done_set = ndci_calloc((size_t)1 << l->done_bits, sizeof(uint64_t));
    l->sweep_mask = sweep - 1;
    if (l->sigs == NULL || l->links == NULL || l->heads == NULL ||
        l->done == NULL || l->done_set == NULL ||
        !ndci_lsh_walk_init(&l->walk, bands) ||
        !ndci_lsh_key_init(l, &l->own)) {
        ndci_lsh_free(l);
        return false;
    }
    return true;
}

void
ndci_lsh_free(ndci_lsh *l)
{
    if (l->sigs != NULL)
        ndci_big_free(l->sigs, (size_t)l->cap * l->sig_len + NDCI_LSH_SLACK,
            1);
    ndci_big_free(l->links, (size_t)l->cap * l->bands, sizeof(uint32_t));
    ndci_big_free(l->heads, (size_t)l->n_heads * l->bands, sizeof(uint32_t));
    free(l->done);
    free(l->done_set);
    ndci_lsh_walk_free(&l->walk);
    ndci_lsh_key_free(&l->own);
    memset(l, 0, sizeof(*l));
}

size_t
ndci_lsh_bytes(const ndci_lsh *l)
{
    return (size_t)l->cap * (l->sig_len + l->bands * sizeof(uint32_t)) +
        (size_t)l->n_heads * l->bands * sizeof(uint32_t);
}

/* The index in heads of band b of signature sig, and in *bit the band's
   filter bit (in place in a word): a band of up to eight bytes, the
   default's three, is mixed whole (read as eight, of which the bytes
   past it are masked off), a longer one hashed.  The index comes of the
   hash's high half, the bit of its low half.  sig has eight bytes of
   room past its end. */
static size_t
head_at(const ndci_lsh *l, const unsigned char *sig, uint32_t b,
    uint32_t *bit)
{
    const unsigned char *band = sig + (size_t)b * l->rows;
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

bool
ndci_lsh_key_init(const ndci_lsh *l, ndci_lsh_key *key)
{
    key->sig = ndci_calloc_lines(l->sig_len + NDCI_LSH_SLACK, 1);
    key->at = ndci_calloc_lines(l->bands, sizeof(size_t));
    key->bit = ndci_calloc_lines(l->bands, sizeof(uint32_t));
    if (key->sig == NULL || key->at == NULL || key->bit == NULL) {
        ndci_lsh_key_free(key);
        return false;
    }
    return true;
}

void
ndci_lsh_key_free(ndci_lsh_key *key)
{
    free(key->sig);
    free(key->at);
    free(key->bit);
    key->sig = NULL;
    key->at = NULL;
    key->bit = NULL;
}

void
ndci_lsh_key_prefetch(const ndci_lsh *l, const ndci_lsh_key *key)
{
    ndci_prefetch_bytes(key->sig, l->sig_len);
    ndci_prefetch_bytes(key->at, l->bands * sizeof(size_t));
    ndci_prefetch_bytes(key->bit, l->bands * sizeof(uint32_t));
}

void
ndci_lsh_key_copy(const ndci_lsh *l, ndci_lsh_key *dst,
    const ndci_lsh_key *src)
{
    memcpy(dst->sig, src->sig, l->sig_len + NDCI_LSH_SLACK);
    memcpy(dst->at, src->at, l->bands * sizeof(size_t));
    memcpy(dst->bit, src->bit, l->bands * sizeof(uint32_t));
}

/*
 * head_at() of every band of the default's short bands (rows < 8), with
 * the settings in locals: each store to key's arrays could otherwise
 * be taken to change them, and be followed by reading them again.
 */
static void
short_heads(const ndci_lsh *l, ndci_lsh_key *key)
{
    const unsigned char *band = key->sig;
    uint64_t keep = (1ULL << (8 * l->rows)) - 1, seed = l->seed;
    uint64_t n_heads = l->n_heads, tag_bits = l->tag_bits;
    uint32_t b, bands = l->bands, rows = l->rows, seq_bits = l->seq_bits;
    size_t *at = key->at;
    uint32_t *bit = key->bit;

    for (b = 0; b < bands; b++, band += rows) {
        uint64_t h;

        memcpy(&h, band, sizeof(h));
        h = ndci_mix64((h & keep) ^
            (seed + ((uint64_t)b + 1) * 0x9E3779B97F4A7C15ULL));
        bit[b] = 1u << (seq_bits + (uint32_t)(((h & 0xFFFFFFFFu) *
            tag_bits) >> 32));
        at[b] = (size_t)b * n_heads + (size_t)(((h >> 32) * n_heads) >> 32);
    }
}

void
ndci_lsh_prepare(const ndci_lsh *l, const ndci_sigval *sig,
    ndci_lsh_key *key)
{
    uint32_t b;

    memcpy(key->sig, sig, l->k);
    if (l->rows < sizeof(uint64_t)) {
        short_heads(l, key);
        return;
    }
    for (b = 0; b < l->bands; b++)
        key->at[b] = head_at(l, key->sig, b, &key->bit[b]);
}

void
ndci_lsh_sig(const ndci_lsh *l, uint64_t seq, ndci_sigval *out)
{
    memcpy(out, sig_at(l, ndci_window_slot(l->win, seq)), l->k);
}

/*
 * Makes record seq the newest of every band's chain.  Its link is the
 * head it replaces when that record is live (1 to seq - lo behind seq),
 * else 0 (the chain ends); its head has its own bit and the filter of
 * that link.
 */
void
ndci_lsh_insert_key(ndci_lsh *l, uint64_t seq, const ndci_lsh_key *key)
{
    size_t slot = ndci_window_slot(l->win, seq);
    uint32_t *link = links_at(l, slot);
    uint32_t b, mask = l->seq_mask, v = (uint32_t)seq & mask;
    uint32_t span = (uint32_t)(seq - l->win->lo);
    uint32_t bands = l->bands;
    uint32_t *heads = l->heads;
    const uint32_t *band_bit = key->bit;
    const size_t *band_head = key->at;

    memcpy(sig_at(l, slot), key->sig, l->sig_len);
    for (b = 0; b < bands; b++) {
        uint32_t *h = &heads[band_head[b]];

        link[b] = ((v - 1 - *h) & mask) < span ? *h : 0;
        *h = v | band_bit[b] | (link[b] & ~mask);
    }
    l->sig_of = NULL;
}

/* ndci_lsh_insert_key() of sig's key, made again unless the last query
   was of sig. */
void
ndci_lsh_insert(ndci_lsh *l, uint64_t seq, const ndci_sigval *sig)
{
    if (l->sig_of != sig)
        ndci_lsh_prepare(l, sig, &l->own);
    ndci_lsh_insert_key(l, seq, &l->own);
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
