/*
 * story_post.c - what story mode keeps of each record: its vector, in
 * pages shared with the records next to it, and its postings: each
 * record posts its strongest terms in buckets of heads, and the records
 * of a bucket are chained newest first through their window slots.
 * Eviction is first in, first out, so a chain ends at its first record
 * that has left the window, and nothing is unlinked.
 */
#include <stdint.h>
#include <string.h>

#include "story.h"

/*
 * Pages of vectors for a window of cap records.  A record's vector (at
 * most REC_TERMS terms) goes in the page being filled, or if it does not
 * fit there, in a fresh one; so every page but the last holds more than
 * VEC_PAGE - REC_TERMS terms, 8 records or more.  Records leave oldest
 * first: the pages in use are the oldest record's, the full ones after
 * it (cap / 8 at most), and the one being filled.  Pages are taken back
 * newest first, so that those a window of short records uses stay the
 * same few (the rest of the block is never touched, and costs no
 * memory).
 */
uint32_t
ndci_story_pages(uint32_t cap)
{
    return cap / (VEC_PAGE / REC_TERMS) + 3;
}

/* Empties the pages: no record has a vector. */
void
ndci_story_vec_reset(story *m)
{
    memset(m->page_live, 0, m->n_pages * sizeof(uint32_t));
    m->n_page_free = 0;
    m->pages_taken = 0;
    m->vec_page = UINT32_MAX;
    m->vec_at = VEC_PAGE;
}

/* Keeps the n terms v (at most REC_TERMS) as the vector of the record
   in window slot. */
void
ndci_story_vec_put(story *m, size_t slot, const tw *v, uint32_t n)
{
    if (m->vec_at + n > VEC_PAGE) {
        uint32_t p = m->vec_page;

        if (p != UINT32_MAX && m->page_live[p] == 0)
            m->page_free[m->n_page_free++] = p;
        /* never past the last page: see ndci_story_pages() */
        m->vec_page = m->n_page_free > 0 ?
            m->page_free[--m->n_page_free] : m->pages_taken++;
        m->vec_at = 0;
    }
    m->rec[slot].at = m->vec_page * VEC_PAGE + m->vec_at;
    memcpy(m->vecs + m->rec[slot].at, v, n * sizeof(tw));
    m->rec[slot].n = (uint8_t)n;
    m->vec_at += n;
    m->page_live[m->vec_page]++;
}

/* Lets go of the vector of the record in window slot: its page is given
   back with its last record, unless it is the page being filled. */
void
ndci_story_vec_drop(story *m, size_t slot)
{
    uint32_t p = m->rec[slot].at / VEC_PAGE;

    if (--m->page_live[p] == 0 && p != m->vec_page)
        m->page_free[m->n_page_free++] = p;
    m->rec[slot].n = 0;
}

/* The bucket of heads for a posted term, by its id. */
static inline uint64_t
bucket_of(const story *m, uint32_t tid)
{
    return ndci_story_home(tid, m->heads_mask);
}

/* The seq of the record posted at (seq mod 2^32) v, given hi. */
static uint64_t
seq_of(uint32_t v, uint64_t hi)
{
    return hi - (uint32_t)((uint32_t)hi - v);
}

/* Posts the n terms post (at most INDEX_TERMS) as record seq, in window
   slot, and notes whether each has a bucket of its own. */
void
ndci_story_post(story *m, const uint32_t *post, uint32_t n, size_t slot,
    uint64_t seq)
{
    story_rec *r = &m->rec[slot];
    uint32_t i, v = (uint32_t)seq != 0 ? (uint32_t)seq : 1;

    r->n_post = (uint8_t)n;
    r->lone = 1;
    for (i = 0; i < n; i++) {
        uint32_t *h = &m->heads[bucket_of(m, post[i])];

        r->post[i] = post[i];
        m->rec_link[slot * INDEX_TERMS + i] = *h;
        /* Two terms of one record in one bucket: the first posting
           holds the link, the second must not link to itself. */
        if (*h != v)
            *h = v;
        else
            r->lone = 0;
    }
}
/* Takes the postings of record seq, in window slot, out of the index.
   The heads are left (see ndci_heads_sweep): clearing them would cost a
   cache miss each. */
void
ndci_story_unpost(story *m, size_t slot, uint64_t seq)
{
    if ((seq & (NDCI_SWEEP_EVERY - 1)) == 0)
        ndci_heads_sweep(m->heads, (size_t)m->heads_mask + 1, seq, m->cap);
    m->rec[slot].n_post = 0;
}

/* Follows the link of the record in slot from bucket b, that of term
   t: the link of its first posting there; *same tells whether it posted
   t itself.  When each of its postings has a bucket of its own, the one
   of t is that first posting, and ids are only compared. */
static uint32_t
next_in_bucket(const story *m, size_t sl, uint64_t b, uint32_t t,
    bool *same)
{
    const story_rec *r = &m->rec[sl];
    const uint32_t *link = &m->rec_link[sl * INDEX_TERMS];
    uint32_t j, n = r->n_post, v = 0;

    if (r->lone) {
        for (j = 0; j < n; j++)
            if (r->post[j] == t) {
                *same = true;
                return link[j];
            }
    }
    *same = false;
    for (j = 0; j < n; j++)
        if (bucket_of(m, r->post[j]) == b) {
            v = link[j];
            break;
        }
    for (; j < n && !*same; j++)
        *same = r->post[j] == t;
    return v;
}

/*
 * Queues as candidates the live records that posted a term the prepared
 * record posts.  The chains of its terms are walked a step at a time in
 * turn, so that each step's records can be asked for together; each
 * chain reads at most POST_CAP records, or POST_CAP_SHORT for a short
 * text, whose terms are nearly all posted: each record of their chains
 * mostly brings one more cluster to score, at a cache miss or more (on the
 * labelled headlines, pairwise F1 0.815 with 8, 0.816 with 4; on short
 * records 1.5 times as fast).  A bucket may chain records of
 * other terms too: they count against the cap, so that a query's cost
 * stays bounded, but are not candidates.
 */
void
ndci_story_candidates(story *m, const story_prep *q)
{
    uint64_t lo = m->win->lo, hi = m->win->hi;
    uint32_t i, live, step, v[INDEX_TERMS];
    uint32_t steps = q->n_vec < SHORT_TERMS ? POST_CAP_SHORT : POST_CAP;
    size_t slot[INDEX_TERMS];

    for (i = 0; i < q->n_post; i++)
        __builtin_prefetch(&m->heads[bucket_of(m, q->post[i])]);
    for (i = 0; i < q->n_post; i++)
        v[i] = m->heads[bucket_of(m, q->post[i])];
    for (step = 0, live = 1; step < steps && live > 0; step++) {
        live = 0;
        for (i = 0; i < q->n_post; i++) {
            uint64_t s = seq_of(v[i], hi);

            slot[i] = SIZE_MAX;
            if (v[i] == 0 || s < lo || s > hi)
                continue;
            live++;
            slot[i] = ndci_window_slot(m->win, s);
            __builtin_prefetch(&m->rec[slot[i]]);
            __builtin_prefetch(&m->rec_link[slot[i] * INDEX_TERMS]);
            __builtin_prefetch(&m->rec_link[slot[i] * INDEX_TERMS +
                INDEX_TERMS - 1]);
        }
        for (i = 0; i < q->n_post; i++) {
            bool same;

            if (slot[i] == SIZE_MAX)
                continue;
            v[i] = next_in_bucket(m, slot[i], bucket_of(m, q->post[i]),
                q->post[i], &same);
            if (same)
                ndci_story_pend(m, m->rec[slot[i]].cs);
        }
    }
}
