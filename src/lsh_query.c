/*
 * lsh_query.c - the walks of the index's chains (lsh.c has the index).
 *
 * A query walks the chains of its bands a step at a time, all bands in
 * turn, newest records first: each step asks for the records of every
 * live chain at once, so that their cache misses overlap, and then reads
 * their links.  In a large window each step is a miss that nothing else
 * can wait on, and a query of a short record takes eight of them or so
 * (the chains of common band values are long).
 *
 * Tried: walking the chains of the next record (prepared ahead) beside
 * the query's, a step of each in turn, asking for the records it meets,
 * so that its query would find them in the cache.  It cost 1.6k
 * instructions a short record and made the bench's short records 15
 * percent slower at -w 100000 and 25 percent at -w 1000: the steps of
 * that walk waited on misses of their own.  Asking for the next
 * record's band heads alone gained nothing measurable: the heads of a
 * query are asked for at once, and their misses overlap already.
 */
#include <stdlib.h>
#include <string.h>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "lsh_impl.h"

bool
ndci_lsh_walk_init(ndci_lsh_walk *w, uint32_t bands)
{
    w->n_live = 0;
    w->live = ndci_calloc(bands, sizeof(uint32_t));
    w->at = ndci_calloc(bands, sizeof(size_t));
    w->v = ndci_calloc(bands, sizeof(uint32_t));
    w->prev = ndci_calloc(bands, sizeof(uint64_t));
    if (w->live == NULL || w->at == NULL || w->v == NULL || w->prev == NULL) {
        ndci_lsh_walk_free(w);
        return false;
    }
    return true;
}

void
ndci_lsh_walk_free(ndci_lsh_walk *w)
{
    free(w->live);
    free(w->at);
    free(w->v);
    free(w->prev);
    memset(w, 0, sizeof(*w));
}

/* How many of the k values of signatures a and b agree: sig_len is a
   multiple of 16, whole vectors, and the padding, 0 in both, agrees. */
static uint32_t
sig_same(const ndci_lsh *l, const unsigned char *a, const unsigned char *b)
{
    return ndci_minhash_same(a, b, l->sig_len) -
        (uint32_t)(l->sig_len - l->k);
}

uint32_t
ndci_lsh_same(const ndci_lsh *l, uint64_t seq)
{
    return sig_same(l, l->query, sig_at(l, ndci_window_slot(l->win, seq)));
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

/*
 * Adds seq to the candidates of this query unless it is one already;
 * true if it was not.  A hash set beside the list: in a stream of
 * near-copies (log lines) most bands of a query find the same records,
 * and a scan of the list for each made a fifth of the query's work.
 */
static bool
done_add(ndci_lsh *l, uint64_t seq)
{
    uint32_t mask = (1u << l->done_bits) - 1;
    uint32_t at = (uint32_t)((seq * 0x9E3779B97F4A7C15ULL) >>
        (64 - l->done_bits));

    while (l->done_set[at] != 0) {
        if (l->done_set[at] == seq)
            return false;
        at = (at + 1) & mask;
    }
    l->done_set[at] = seq;
    l->done[l->n_done++] = seq;
    return true;
}

/* Empties the candidates of the last query. */
static void
done_clear(ndci_lsh *l)
{
    if (l->n_done > 0)
        memset(l->done_set, 0, ((size_t)1 << l->done_bits) *
            sizeof(*l->done_set));
    l->n_done = 0;
}

/* Starts walk w at the heads of key's bands, read against the window's
   newest record hi. */
static void
walk_start(const ndci_lsh *l, ndci_lsh_walk *w, const ndci_lsh_key *key,
    uint64_t hi)
{
    uint32_t b;

    w->n_live = 0;
    for (b = 0; b < l->bands; b++) {
        w->v[b] = l->heads[key->at[b]];
        w->prev[b] = hi + 1;
        w->live[w->n_live++] = b;
    }
}

/*
 * One step of every live chain of w, a walk of key's bands: takes each
 * to its next record, drops those that ended (their filter lacks key's
 * bit, so no record left on them has its band; or their record left the
 * window, or the head or link is older than the window), and asks for
 * the records' places.  A head is read against the window's newest
 * record, a link against the record holding it.
 */
static void
step_chains(const ndci_lsh *l, ndci_lsh_walk *w, const ndci_lsh_key *key,
    uint64_t lo)
{
    uint32_t i, kept = 0;

    for (i = 0; i < w->n_live; i++) {
        uint32_t b = w->live[i];
        uint64_t seq;
        size_t slot;

        if ((w->v[b] & key->bit[b]) == 0)
            continue;           /* no record of this band value is left */
        seq = widen(l, w->v[b], w->prev[b] - 1);
        if (seq < lo)
            continue;           /* this chain is done */
        slot = ndci_window_slot(l->win, seq);
        w->at[b] = slot;
        w->prev[b] = seq;
        __builtin_prefetch(links_at(l, slot) + b);
        __builtin_prefetch(sig_at(l, slot) + (size_t)b * l->rows);
        w->live[kept++] = b;
    }
    w->n_live = kept;
}

/*
 * The band checks of a step of w, the walk of the bands of signature q:
 * every chain reads its next link, and a record whose band agrees, and
 * that no other band has found, is a candidate, added to l->done (its
 * whole signature asked for meanwhile).
 */
static void
check_bands(ndci_lsh *l, ndci_lsh_walk *w, const unsigned char *q)
{
    uint32_t i, rows = l->rows;

    for (i = 0; i < w->n_live; i++) {
        uint32_t b = w->live[i];
        const unsigned char *r = sig_at(l, w->at[b]);

        if (same_rows(r + (size_t)b * rows, q + (size_t)b * rows, rows) &&
            done_add(l, w->prev[b]))
            ndci_prefetch_bytes(r, l->sig_len);
        w->v[b] = links_at(l, w->at[b])[b];
    }
}

/* Asks for the band heads of key, all at once. */
static void
want_heads(const ndci_lsh *l, const ndci_lsh_key *key)
{
    uint32_t b;

    for (b = 0; b < l->bands; b++)
        __builtin_prefetch(&l->heads[key->at[b]]);
}

void
ndci_lsh_query_key(ndci_lsh *l, const ndci_lsh_key *key, ndci_lsh_fn fn,
    void *arg)
{
    uint32_t c, steps, verified = 0, from = 0;
    uint64_t lo = l->win->lo, hi = l->win->hi;

    /* Every band's head is a cache miss: ask for them all at once.  The
       insert of the same key that usually follows finds them in the
       cache. */
    want_heads(l, key);
    l->query = key->sig;
    done_clear(l);
    l->walk.n_live = 0;
    if (hi < lo)
        return;
    walk_start(l, &l->walk, key, hi);
    /* The chains are read a step at a time in turn, newest records
       first, so that the bound on candidates keeps the newest of every
       band rather than all of the first bands.  The candidates a step
       finds are verified once the next step's places are asked for, so
       that the misses of the signatures verified overlap those too; fn
       sees the same records in the same order. */
    for (steps = 0;; steps++) {
        bool more = steps < NDCI_CHAIN_CAP && l->walk.n_live > 0;

        if (more)
            step_chains(l, &l->walk, key, lo);
        for (c = from; c < l->n_done; c++)
            if (!fn(arg, l->done[c]) || ++verified == NDCI_QUERY_CAP)
                return;
        from = l->n_done;
        if (!more)
            return;
        check_bands(l, &l->walk, key->sig);
    }
}

void
ndci_lsh_query(ndci_lsh *l, const ndci_sigval *sig, ndci_lsh_fn fn,
    void *arg)
{
    ndci_lsh_prepare(l, sig, &l->own);
    ndci_lsh_query_key(l, &l->own, fn, arg);
    l->sig_of = sig;
}
