/*
 * story_centroid.c - clusters in story mode: each is the running sum of
 * its members' unit vectors (its centroid), cut to its CEN_TERMS
 * strongest terms, kept by the cluster's slot in the window.  A record
 * is scored against the centroids of its candidates' clusters by cosine,
 * decayed by the time gap when asked, and not at all past the horizon.
 */
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "story.h"

/*
 * The record's vector as a small hash map from term id to weight, built
 * once per query, so that a dot product with a centroid is one probe per
 * centroid term instead of a merge with a branch that cannot be guessed.
 */
/* The record's vector by term id, for qdot (tid 0 is stored as 1, 0
   marking an empty slot). */
static inline uint32_t
qmap_home(uint32_t t)
{
    return (t * 0x9E3779B1u) >> (32 - QMAP_BITS);
}

static void
qmap_build(story *m, const story_prep *q)
{
    uint32_t i;

    memset(m->qmap, 0, sizeof(m->qmap));
    m->qmap_far = false;
    for (i = 0; i < q->n_vec; i++) {
        uint32_t t = q->vec[i].tid != 0 ? q->vec[i].tid : 1;
        uint32_t h = qmap_home(t), d = 0;

        while (m->qmap[h].tid != 0) {
            h = (h + 1) & (QMAP_SIZE - 1);
            d++;
        }
        m->qmap[h].tid = t;
        m->qmap[h].w = q->vec[i].w;
        m->qmap_far |= d > 2;
    }
    m->qmap_made = true;
}

/*
 * The dot product of the record's vector with b.  When every term of the
 * record lies in its home slot of the map or one of the next two (most
 * often: the map is eight times larger than a vector), a term of b is looked
 * up without a branch, which no predictor could guess: b shares only
 * some of its terms with the record.  A short record's map is nearly
 * empty, though, so that a probe almost always ends at once, as the
 * predictor guesses: it probes.  The products add up in b's order
 * either way.
 */
static double
qdot(const story *m, uint32_t n_vec, const tw *b, uint32_t nb)
{
    uint32_t i;
    double s = 0;

    if (!m->qmap_far && n_vec > QMAP_SPARSE) {
        for (i = 0; i < nb; i++) {
            uint32_t t = b[i].tid != 0 ? b[i].tid : 1, h = qmap_home(t);
            const tw *e0 = &m->qmap[h];
            const tw *e1 = &m->qmap[(h + 1) & (QMAP_SIZE - 1)];
            const tw *e2 = &m->qmap[(h + 2) & (QMAP_SIZE - 1)];
            float w = e2->tid == t ? e2->w : 0.0f;

            w = e1->tid == t ? e1->w : w;
            w = e0->tid == t ? e0->w : w;
            s += (double)w * b[i].w;
        }
        return s;
    }
    for (i = 0; i < nb; i++) {
        uint32_t t = b[i].tid != 0 ? b[i].tid : 1, h = qmap_home(t);

        while (m->qmap[h].tid != 0) {
            if (m->qmap[h].tid == t) {
                s += (double)m->qmap[h].w * b[i].w;
                break;
            }
            h = (h + 1) & (QMAP_SIZE - 1);
        }
    }
    return s;
}

/*
 * A centroid's signature (see story_cen): its terms' buckets, which a
 * short record's dot product intersects with its own, a word at a time,
 * reading of the centroid only the terms of buckets both fill.
 */
static inline uint32_t
sig_bucket(uint32_t tid)
{
    return (uint32_t)(((uint64_t)(tid & TID_MASK) * SIG_BUCKETS) >>
        TID_BITS);
}

/* The bits set in x. */
static inline uint32_t
pop64(uint64_t x)
{
#ifdef __POPCNT__
    return (uint32_t)__builtin_popcountll(x);
#else
    x -= x >> 1 & 0x5555555555555555ULL;
    x = (x & 0x3333333333333333ULL) + (x >> 2 & 0x3333333333333333ULL);
    x = (x + (x >> 4)) & 0x0F0F0F0F0F0F0F0FULL;
    return (uint32_t)((x * 0x0101010101010101ULL) >> 56);
#endif
}

/* Notes in g whether centroid cen of n terms, in tid order, has a term
   of id 0, and makes its signature; returns the sum of its squared
   weights, in the same pass. */
static double
sig_make(story_cen *g, const tw *cen, uint32_t n)
{
    uint32_t i, w = 0;
    double norm = 0;

    memset(g->bits, 0, sizeof(g->bits));
    g->flags = (uint8_t)((g->flags & ~CEN_TID0) |
        (n > 0 && cen[0].tid == 0 ? CEN_TID0 : 0));
    for (i = 0; i < n; i++) {
        uint32_t b = sig_bucket(cen[i].tid);

        norm += (double)cen[i].w * cen[i].w;
        for (; w <= b / 64; w++)
            g->before[w] = (uint8_t)i;
        g->bits[b / 64] |= (uint64_t)1 << (b % 64);
    }
    for (; w < SIG_WORDS; w++)
        g->before[w] = (uint8_t)n;
    return norm;
}

/* The signature of the centroid in cluster slot cs, from its terms. */
void
ndci_story_sig_build(story *m, uint32_t cs)
{
    (void)sig_make(&m->cens[cs], ndci_story_cen_terms(m, cs),
        m->cens[cs].n);
}

/* The query's distinct terms (the first of two with one id, as in its
   map), its signature and the words of it that have a bit, for
   cen_hits and hit_dot. */
static void
qsig_build(story *m, const story_prep *q)
{
    uint32_t i, n = 0;

    memset(m->qbits, 0, sizeof(m->qbits));
    for (i = 0; i < q->n_vec; i++) {
        uint32_t t = q->vec[i].tid, b = sig_bucket(t);
        uint64_t bit = (uint64_t)1 << (b % 64);

        if (n > 0 && m->qterms[n - 1].tid == t)
            continue;
        if ((m->qbits[b / 64] & bit) == 0) {
            m->qbits[b / 64] |= bit;
            m->qfirst[b] = (uint8_t)n;
        } else {
            m->qterms[n - 1].more = 1;
        }
        m->qterms[n].tid = t;
        m->qterms[n].more = 0;
        m->qterms[n++].w = q->vec[i].w;
    }
    m->n_qterms = n;
    for (i = 0, m->n_qwords = 0; i < SIG_WORDS; i++)
        if (m->qbits[i] != 0)
            m->qwords[m->n_qwords++] = (uint8_t)i;
    m->qsig_made = true;
}

/*
 * Notes in m->hits, from n on, where the query meets the centroid b of
 * signature g, and asks for those lines of b; returns the new count.
 * A hit is a bucket that both fill: the centroid's first term there is
 * found from its terms in the words before and its bits below (two
 * terms in one bucket put it a little further on, where hit_dot
 * looks), with the query's first term there.
 */
static uint32_t
cen_hits(story *m, const tw *b, const story_cen *g, uint32_t n)
{
    uint32_t i;

    for (i = 0; i < m->n_qwords; i++) {
        uint32_t w = m->qwords[i];
        uint64_t gb = g->bits[w], x = m->qbits[w] & gb;

        while (x != 0) {
            uint32_t bit = (uint32_t)__builtin_ctzll(x);
            uint32_t p = g->before[w] +
                pop64(gb & (((uint64_t)1 << bit) - 1));

            x &= x - 1;
            if (p >= g->n)  /* only in a state made up */
                continue;
            __builtin_prefetch(b + p);
            m->hits[n].at = (uint8_t)p;
            m->hits[n++].q = m->qfirst[w * 64 + bit];
        }
    }
    return n;
}

/*
 * The dot product of the query with the centroid b of nb terms, from
 * the n hits h of cen_hits: the centroid's terms of each bucket, from
 * the hit's place, merged with the query's terms of that bucket.  The
 * buckets are in the order of ids, as the terms of b are, so that the
 * products add up in b's order, as qdot adds them, and the sum is the
 * same to the last bit.  No id may be 0 (qdot reads 0 as 1); places are
 * checked against nb, as a state may hold anything.
 */
static double
hit_dot(const story *m, const tw *b, uint32_t nb, const sig_hit *h,
    uint32_t n)
{
    const qterm *qt = m->qterms;
    uint32_t i;
    double s = 0;

    for (i = 0; i < n; i++) {
        uint32_t p = h[i].at, k = h[i].q - 1u;

        do {
            uint32_t t = qt[++k].tid;

            while (p < nb && b[p].tid < t)
                p++;
            for (; p < nb && b[p].tid == t; p++)
                s += (double)qt[k].w * b[p].w;
        } while (qt[k].more);
    }
    return s;
}

/* Whether the query scores the centroid in cluster slot cs by their
   signatures: a short query (a long one fills too many buckets), and
   no id 0 on either side. */
static inline bool
by_sig(const story *m, const story_prep *q, uint32_t cs)
{
    return q->n_vec <= SIG_QUERY && q->vec[0].tid != 0 &&
        (m->cens[cs].flags & CEN_TID0) == 0;
}

/* Whether the newest record of the cluster in slot a is newer than that
   of the one in slot b. */
static inline bool
newer(const story *m, uint32_t a, uint32_t b)
{
    return m->span[a].newest > m->span[b].newest;
}

/* Takes score s of the cluster in slot cs into the best two, by slot:
   the seqs of their newest records, which break ties, are read only for
   a tie, and after the scoring. */
static void
take(story *m, double s, uint32_t cs)
{
    double time;

    /* Vectors are unit length in floats: the same text scores 1 only to
       about 1e-7, and -t 1 must still join copies. */
    if (s > 1.0 - 1e-6)
        s = 1.0;
    if (s <= 0)     /* nothing in common: never a match, even at -t 0 */
        return;
    if (m->query->time != NDC_NO_TIME &&
        (time = m->span[cs].time) != NDC_NO_TIME) {
        double gap = m->query->time - time;

        if (m->horizon > 0 && gap > m->horizon)
            return;     /* the story went quiet that long: it is over */
        if (m->decay > 0)
            s *= exp2(-fabs(gap) / m->decay);
    }
    /* the best two, in the order of score then newest record, which
       does not depend on the order clusters are scored in */
    if (s > m->best_score ||
        (s == m->best_score && newer(m, cs, m->best_cs))) {
        m->second_score = m->best_score;
        m->second_cs = m->best_cs;
        m->best_score = s;
        m->best_cs = cs;
    } else if (s > m->second_score ||
        (s == m->second_score && newer(m, cs, m->second_cs))) {
        m->second_score = s;
        m->second_cs = cs;
    }
}

/*
 * Scores the clusters in m->pend: in a large window each cluster's
 * entry and each centroid is a cache miss, so the entries are asked for
 * as the clusters are queued, then the terms that the dot products will
 * read, and only then are they taken.  The best cluster does not depend
 * on the order (see take).
 */
void
ndci_story_flush(story *m, const story_prep *q)
{
    uint32_t i, n_hits = 0;

    /* the terms of the buckets that a centroid shares with the query,
       by its signature, or all of it */
    for (i = 0; i < m->n_pend; i++) {
        uint32_t cs = m->pend[i], at = n_hits;
        const tw *b = ndci_story_cen_terms(m, cs);
        size_t k;

        if (by_sig(m, q, cs)) {
            if (!m->qsig_made)
                qsig_build(m, q);
            n_hits = cen_hits(m, b, &m->cens[cs], n_hits);
            if (n_hits > at && q->time != NDC_NO_TIME)
                __builtin_prefetch(&m->span[cs]);
        } else {
            at |= PEND_MAP;
            for (k = 0; k < m->cens[cs].n; k += 64 / sizeof(tw))
                __builtin_prefetch(b + k);
        }
        m->pend_at[i] = at;
    }
    m->pend_at[m->n_pend] = n_hits;
    /* A centroid that meets the query in no bucket scores 0, which
       take() would pass over. */
    for (i = 0; i < m->n_pend; i++) {
        uint32_t cs = m->pend[i], at = m->pend_at[i];
        uint32_t to = m->pend_at[i + 1] & ~PEND_MAP;
        const story_cen *c = &m->cens[cs];
        const tw *b = ndci_story_cen_terms(m, cs);
        double s;

        if (at == to)
            continue;
        if (c->norm <= 0)
            s = 0;
        else if (at & PEND_MAP) {
            if (!m->qmap_made)
                qmap_build(m, q);
            s = qdot(m, q->n_vec, b, c->n) / c->norm;
        } else
            s = hit_dot(m, b, c->n, m->hits + at, to - at) / c->norm;
        take(m, s, cs);
    }
    m->n_pend = 0;
}

/* The home of cluster slot cs in the set of the query's candidates. */
static inline uint32_t
seen_home(uint32_t cs)
{
    return (cs * 0x9E3779B1u) >> (32 - SEEN_BITS);
}

/*
 * Queues the cluster in slot cs, that of a candidate, to be scored at
 * the next flush (which comes when the queue is full), unless the query
 * has queued it before: the set of its candidates is kept apart from
 * the clusters, so that one which shares no term with it is never
 * written to, and its entry never read.  A query's stamp marks its
 * entries of the set.
 */
void
ndci_story_pend(story *m, uint32_t cs)
{
    uint32_t h = seen_home(cs);

    while (m->seen[h].stamp == m->stamp) {
        if (m->seen[h].cs == cs)
            return;
        h = (h + 1) & (SEEN_SIZE - 1);
    }
    m->seen[h].stamp = m->stamp;
    m->seen[h].cs = cs;
    __builtin_prefetch(&m->cens[cs]);
    m->pend[m->n_pend++] = cs;
    if (m->n_pend == PEND_MAX)
        ndci_story_flush(m, m->query);
}

/* Forgets the centroid in cluster slot cs, and what it folded into:
   its cluster has no member left that was indexed before the record
   being committed. */
void
ndci_story_cen_clear(story *m, uint32_t cs)
{
    if (m->cens[cs].flags & CEN_ROW)
        m->row_free[m->n_row_free++] = m->cens[cs].at;
    memset(&m->cens[cs], 0, sizeof(story_cen));
    memset(&m->span[cs], 0, sizeof(story_span));
    m->fold[cs] = 0;
}

/* The selection key of the k-th term, of weight w, of a centroid. */
static inline uint64_t
cen_key(float w, uint32_t k)
{
    union { float f; uint32_t u; } b = {w > 0 ? w : 0};

    return (uint64_t)b.u << 32 | (uint32_t)~k;
}

/*
 * The largest of the k smallest of the n keys (0 < k < n, all
 * different): the last that a cut to the n - k largest drops.  A few
 * (most often) through a short sorted list, in one pass that mostly only
 * compares; more by selection over a copy in tmp.
 */
#define CUT_FEW 16u
static uint64_t
weakest(const uint64_t *key, uint32_t n, uint32_t k, uint64_t *tmp)
{
    uint64_t low[CUT_FEW], x, top;
    uint32_t i, j;

    if (k > CUT_FEW) {
        memcpy(tmp, key, n * sizeof(*key));
        ndci_story_select_top(tmp, n, n - k);
        for (top = tmp[n - k], i = n - k + 1; i < n; i++)
            top = tmp[i] > top ? tmp[i] : top;
        return top;
    }
    for (i = 0; i < n; i++) {
        x = key[i];
        if (i >= k && x > low[k - 1])
            continue;
        for (j = i < k ? i : k - 1; j > 0 && low[j - 1] > x; j--)
            low[j] = low[j - 1];
        low[j] = x;
    }
    return low[k - 1];
}

/* Brings the entry of the centroid of n terms in cluster slot cs up to
   its terms: its norm and signature, in one pass. */
static void
cen_finish(story *m, uint32_t cs, uint32_t n)
{
    story_cen *g = &m->cens[cs];
    double norm = sig_make(g, ndci_story_cen_terms(m, cs), n);

    g->n = (uint8_t)n;
    g->norm = (float)sqrt(norm);
}

/*
 * The row of the centroid in cluster slot cs, given one if it has none:
 * a cluster of one member has its vector as centroid (its first member
 * never needs a copy, and most clusters keep to one), and takes a row
 * when a second joins.  Rows are taken back newest first, so that those
 * in use stay the same few (the rest of the block is never touched).
 */
tw *
ndci_story_cen_row(story *m, uint32_t cs)
{
    story_cen *g = &m->cens[cs];

    if ((g->flags & CEN_ROW) == 0) {
        g->at = m->n_row_free > 0 ? m->row_free[--m->n_row_free] :
            m->rows_taken++;
        g->flags = (uint8_t)((g->flags & ~CEN_ALONE) | CEN_ROW);
    }
    return m->cen + (size_t)g->at * CEN_TERMS;
}

/* Adds the record's vector, at place at of vecs, to the centroid of c:
   a running sum of unit vectors, cut back to its CEN_TERMS strongest
   terms; for the first member of a cluster, that vector itself. */
void
ndci_story_cen_add(story *m, const story_prep *q, const ndci_clu *c,
    uint32_t at)
{
    story_cen *g = &m->cens[c->slot];
    const tw *v = q->vec, *old = ndci_story_cen_terms(m, c->slot);
    tw *cen, *t = m->tmp;
    uint32_t i = 0, j = 0, n = 0, nc = g->n, nv = q->n_vec;

    if (nc == 0 && c->live == 1 && (g->flags & CEN_ROW) == 0) {
        g->flags |= CEN_ALONE;
        g->at = at;
        cen_finish(m, c->slot, nv);
        return;
    }
    while (i < nc && j < nv) {
        if (old[i].tid < v[j].tid)
            t[n++] = old[i++];
        else if (v[j].tid < old[i].tid)
            t[n++] = v[j++];
        else {
            t[n].tid = old[i].tid;
            t[n++].w = old[i++].w + v[j++].w;
        }
    }
    for (; i < nc; i++)
        t[n++] = old[i];
    for (; j < nv; j++)
        t[n++] = v[j];
    cen = ndci_story_cen_row(m, c->slot);
    if (n > CEN_TERMS) {
        /* Keep the strongest CEN_TERMS, by keys of weight bits and then
           place (the earlier wins a tie), in tid order. */
        uint64_t *key = m->keys, cut;
        uint32_t k, kept = 0;

        for (k = 0; k < n; k++)
            key[k] = cen_key(t[k].w, k);
        cut = weakest(key, n, n - CEN_TERMS, key + n);
        for (k = 0; k < n; k++)
            if (key[k] > cut)
                cen[kept++] = t[k];
        n = kept;
    } else {
        memcpy(cen, t, n * sizeof(tw));
    }
    cen_finish(m, c->slot, n);
}

/*
 * Takes an evicted member's vector v back out of the centroid of c, so
 * that a cluster is about the records it still has: terms that fall to
 * zero (or below, as the centroid was cut) leave it.
 */
void
ndci_story_cen_sub(story *m, const ndci_clu *c, const tw *v, uint32_t nv)
{
    const tw *alone = ndci_story_cen_terms(m, c->slot);
    uint32_t i = 0, j = 0, n = 0, nc = m->cens[c->slot].n;
    tw *cen = ndci_story_cen_row(m, c->slot);

    /* (a cluster of one leaves with its member: never here) */
    if (cen != alone)
        memmove(cen, alone, nc * sizeof(tw));
    for (; i < nc; i++) {
        tw x = cen[i];

        while (j < nv && v[j].tid < x.tid)
            j++;
        if (j < nv && v[j].tid == x.tid)
            x.w -= v[j].w;
        if (x.w > 1e-6f)
            cen[n++] = x;
    }
    cen_finish(m, c->slot, n);
}

