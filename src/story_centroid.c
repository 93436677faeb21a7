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
 * A centroid's table of its terms: open addressing over CTAB_SIZE slots
 * (four times the terms a centroid keeps, so that a probe for a term it
 * lacks, the most common, mostly ends at once), by the same hash as the
 * record's map.  An entry holds the term's place in the centroid and
 * the low bits of its id, so that a miss is told apart without reading
 * the centroid.
 */
static inline uint32_t
ctab_home(uint32_t t)
{
    return (t * 0x9E3779B1u) >> (32 - CTAB_BITS);
}

static inline uint32_t
ctab_tag(uint32_t t)
{
    return t & ((1u << CTAB_TAG) - 1);
}

/* Notes whether the centroid in cluster slot cs has a term of id 0, and
   builds its table from its terms if it has over CTAB_MIN. */
void
ndci_story_ctab_build(story *m, uint32_t cs)
{
    const tw *cen = m->cen + (size_t)cs * CEN_TERMS;
    uint16_t *tab = m->ctab + (size_t)cs * CTAB_SIZE;
    uint32_t i, n = m->cens[cs].n;

    m->cens[cs].tid0 = n > 0 && cen[0].tid == 0;
    if (n <= CTAB_MIN)
        return;
    memset(tab, 0, CTAB_SIZE * sizeof(uint16_t));
    for (i = 0; i < n; i++) {
        uint32_t h = ctab_home(cen[i].tid);

        while (tab[h] != 0)
            h = (h + 1) & (CTAB_SIZE - 1);
        tab[h] = (uint16_t)(ctab_tag(cen[i].tid) << 7 | (i + 1));
    }
}

/*
 * The dot product of the record's vector with the centroid b in cluster
 * slot cs, term by term of the record through the centroid's table:
 * for a short record, a few probes instead of one per term of b.  The
 * products are added up in b's order, as qdot adds them, so that the
 * sum is the same to the last bit: each match is noted by its place in
 * b, and the few matches sorted.  The record's first of two terms with
 * one id is the one matched, as in its map.  No id may be 0 (qdot
 * reads 0 as 1).
 */
static double
tab_dot(story *m, const story_prep *q, const tw *b, uint32_t cs)
{
    const uint16_t *tab = m->ctab + (size_t)cs * CTAB_SIZE;
    const qterm *v = m->qterms;
    uint32_t i, j, n = 0, prev = 0, at[CEN_TERMS];
    float w[CEN_TERMS];
    double s = 0;

    if (!m->qterms_made) {
        for (i = 0, m->n_qterms = 0; i < q->n_vec; i++) {
            uint32_t t = q->vec[i].tid;
            qterm *x = &m->qterms[m->n_qterms];

            if (t == prev)
                continue;
            prev = t;
            x->tid = t;
            x->home = (uint16_t)ctab_home(t);
            x->tag = (uint16_t)ctab_tag(t);
            x->w = q->vec[i].w;
            m->n_qterms++;
        }
        m->qterms_made = true;
    }
    for (i = 0; i < m->n_qterms; i++) {
        uint32_t h = v[i].home, e;

        while ((e = tab[h]) != 0) {
            if (e >> 7 == v[i].tag && b[(e & 127) - 1].tid == v[i].tid) {
                at[n] = (e & 127) - 1;
                w[n++] = v[i].w;
            }
            h = (h + 1) & (CTAB_SIZE - 1);
        }
    }
    for (i = 1; i < n; i++) {
        uint32_t a = at[i];
        float x = w[i];

        for (j = i; j > 0 && at[j - 1] > a; j--) {
            at[j] = at[j - 1];
            w[j] = w[j - 1];
        }
        at[j] = a;
        w[j] = x;
    }
    for (i = 0; i < n; i++)
        s += (double)w[i] * b[at[i]].w;
    return s;
}

/* The record's dot product with the centroid in cluster slot cs: by
   the centroid's table when it has one and more terms than the record
   (and no id is 0), by the record's map otherwise. */
static double
cen_dot(story *m, const story_prep *q, uint32_t cs)
{
    const tw *b = m->cen + (size_t)cs * CEN_TERMS;
    uint32_t nb = m->cens[cs].n;

    if (nb > CTAB_MIN && q->n_vec < nb && q->vec[0].tid != 0 &&
        m->cens[cs].tid0 == 0)
        return tab_dot(m, q, b, cs);
    if (!m->qmap_made)
        qmap_build(m, q);
    return qdot(m, q->n_vec, b, nb);
}

static void
take(story *m, double s, double time, uint64_t seq)
{
    /* Vectors are unit length in floats: the same text scores 1 only to
       about 1e-7, and -t 1 must still join copies. */
    if (s > 1.0 - 1e-6)
        s = 1.0;
    if (s <= 0)     /* nothing in common: never a match, even at -t 0 */
        return;
    if (m->query->time != NDC_NO_TIME && time != NDC_NO_TIME) {
        double gap = m->query->time - time;

        if (m->horizon > 0 && gap > m->horizon)
            return;     /* the story went quiet that long: it is over */
        if (m->decay > 0)
            s *= exp2(-fabs(gap) / m->decay);
    }
    /* the best two, in the order of score then newest record, which
       does not depend on the order clusters are scored in */
    if (s > m->best_score || (s == m->best_score && seq > m->best_seq)) {
        m->second_score = m->best_score;
        m->second_seq = m->best_seq;
        m->best_score = s;
        m->best_seq = seq;
    } else if (s > m->second_score ||
        (s == m->second_score && seq > m->second_seq)) {
        m->second_score = s;
        m->second_seq = seq;
    }
}

/*
 * Scores the clusters in m->pend: in a large window each cluster's
 * entry and each centroid is a cache miss, so the entries are asked for
 * as the clusters are queued, then all centroids of clusters not yet
 * scored, and only then are the dot products taken.  The best cluster
 * does not depend on the order (see take).
 */
void
ndci_story_flush(story *m, const story_prep *q)
{
    uint32_t i, n_clu = 0;

    for (i = 0; i < m->n_pend; i++) {
        uint32_t cs = m->pend[i];
        story_cen *c = &m->cens[cs];
        const char *cen;
        size_t at, len;

        if (c->stamp == m->stamp)
            continue;
        c->stamp = m->stamp;
        /* what cen_dot will read: the table, or all of the centroid */
        cen = (const char *)(m->cen + (size_t)cs * CEN_TERMS);
        len = c->n * sizeof(tw);
        if (c->n > CTAB_MIN && q->n_vec < c->n) {
            cen = (const char *)(m->ctab + (size_t)cs * CTAB_SIZE);
            len = CTAB_SIZE * sizeof(uint16_t);
        }
        for (at = 0; at < len; at += 64)
            __builtin_prefetch(cen + at);
        m->pend[n_clu++] = cs;
    }
    for (i = 0; i < n_clu; i++) {
        const story_cen *c = &m->cens[m->pend[i]];

        take(m, c->norm > 0 ? cen_dot(m, q, m->pend[i]) / c->norm : 0,
            c->time, c->newest);
    }
    m->n_pend = 0;
}

/* Queues the cluster in slot cs, that of a candidate, to be scored at
   the next flush, which comes when the queue is full. */
void
ndci_story_pend(story *m, uint32_t cs)
{
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
    memset(&m->cens[cs], 0, sizeof(story_cen));
    m->fold[cs] = 0;
}

/* The selection key of the k-th term, of weight w, of a centroid. */
static inline uint64_t
cen_key(float w, uint32_t k)
{
    union { float f; uint32_t u; } b = {w > 0 ? w : 0};

    return (uint64_t)b.u << 32 | (uint32_t)~k;
}

/* Adds the record's vector to the centroid of c: a running sum of unit
   vectors, cut back to its CEN_TERMS strongest terms. */
void
ndci_story_cen_add(story *m, const story_prep *q, const ndci_clu *c)
{
    tw *cen = m->cen + (size_t)c->slot * CEN_TERMS, *t = m->tmp;
    uint32_t i = 0, j = 0, n = 0, ct = CEN_TERMS, nc = m->cens[c->slot].n;
    double norm = 0;

    while (i < nc || j < q->n_vec) {
        if (j == q->n_vec || (i < nc && cen[i].tid < q->vec[j].tid))
            t[n++] = cen[i++];
        else if (i == nc || q->vec[j].tid < cen[i].tid)
            t[n++] = q->vec[j++];
        else {
            t[n].tid = cen[i].tid;
            t[n++].w = cen[i++].w + q->vec[j++].w;
        }
    }
    if (n > ct) {
        /* Keep the strongest ct, by selection over keys of weight bits
           and then position (the earlier wins a tie), taken back in tid
           order. */
        uint64_t *key = m->keys, cut;
        uint32_t k, kept = 0;

        for (k = 0; k < n; k++)
            key[k] = cen_key(t[k].w, k);
        ndci_story_select_top(key, n, ct);
        cut = key[0];
        for (k = 1; k < ct; k++)
            cut = key[k] < cut ? key[k] : cut;
        for (k = 0; k < n && kept < ct; k++)
            if (cen_key(t[k].w, k) >= cut)
                t[kept++] = t[k];
        n = kept;
    }
    memcpy(cen, t, n * sizeof(tw));
    m->cens[c->slot].n = n;
    for (i = 0; i < n; i++)
        norm += (double)cen[i].w * cen[i].w;
    m->cens[c->slot].norm = (float)sqrt(norm);
    ndci_story_ctab_build(m, c->slot);
}

/*
 * Takes an evicted member's vector v back out of the centroid of c, so
 * that a cluster is about the records it still has: terms that fall to
 * zero (or below, as the centroid was cut) leave it.
 */
void
ndci_story_cen_sub(story *m, const ndci_clu *c, const tw *v, uint32_t nv)
{
    tw *cen = m->cen + (size_t)c->slot * CEN_TERMS;
    uint32_t i = 0, j = 0, n = 0, nc = m->cens[c->slot].n;
    double norm = 0;

    for (; i < nc; i++) {
        tw x = cen[i];

        while (j < nv && v[j].tid < x.tid)
            j++;
        if (j < nv && v[j].tid == x.tid)
            x.w -= v[j].w;
        if (x.w > 1e-6f) {
            cen[n++] = x;
            norm += (double)x.w * x.w;
        }
    }
    m->cens[c->slot].n = n;
    m->cens[c->slot].norm = (float)sqrt(norm);
    ndci_story_ctab_build(m, c->slot);
}

