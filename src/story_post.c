/*
 * story_post.c - what story mode keeps of each record: its vector, in
 * pages shared with the records next to it, and its postings: each
 * record posts its strongest terms in buckets of heads, and the
 * postings of a bucket are chained newest first, each naming the one
 * before it.  Eviction is first in, first out, so a chain ends at its
 * first record that has left the window, and nothing is unlinked.
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

/* How far the record in window slot sl lies behind the newest (0). */
static inline uint64_t
behind(const ndci_window *w, size_t sl)
{
    return w->hi_slot >= sl ? w->hi_slot - sl : w->hi_slot + w->cap - sl;
}

/* The head naming posting p (its place + 1) of record seq: p, and
   above it as many low bits of seq as fit (see head_live). */
static inline uint32_t
head_of(const story *m, uint32_t p, uint64_t seq)
{
    return p | (uint32_t)(seq << m->head_bits);
}

/*
 * The posting (its place + 1) that head h of bucket b names, if it is
 * live, else 0; *d: how far its record lies behind the newest.  A head
 * is left as its record leaves (clearing it would cost a cache miss),
 * and the record that takes the slot then may post there another term
 * or none.  The low bits of the seq in the head tell most such heads
 * without reading the posting (a cache miss): the record in the slot
 * now is not the one that set it.  Else its posting must be in b; if it
 * is, that record set the head.
 */
static uint32_t
head_live(const story *m, uint32_t h, uint64_t b, uint64_t *d)
{
    uint32_t p = h & m->head_mask;
    const story_posting *e;

    if (p == 0)
        return 0;
    *d = behind(m->win, (p - 1) / INDEX_TERMS);
    if (*d > m->win->hi - m->win->lo ||
        ((head_of(m, 0, m->win->hi - *d) ^ h) & ~m->head_mask) != 0)
        return 0;
    e = &m->posts[p - 1];
    return (e->tid & POST_EMPTY) == 0 &&
        bucket_of(m, e->tid & TID_MASK) == b ? p : 0;
}

/*
 * Posts the n terms post (at most INDEX_TERMS) as record seq, in window
 * slot, of cluster slot cs.  A posting links to the head of
 * its bucket only if that one is live: a link then names a record older
 * than its own, which keeps its slot for as long as the linking record
 * lives, so that a walk tells a link whose record has left from one
 * whose record is live by how far behind the newest its slot lies.  Two
 * terms of the record in one bucket: the first posting holds the link
 * and is marked, and the second is not linked.
 */
void
ndci_story_post(story *m, const uint32_t *post, uint32_t n, size_t slot,
    uint64_t seq, uint32_t cs)
{
    story_posting *e = &m->posts[slot * INDEX_TERMS];
    uint32_t i, base = (uint32_t)(slot * INDEX_TERMS) + 1;

    for (i = 0; i < INDEX_TERMS; i++) {
        e[i].tid = POST_EMPTY;
        e[i].next = 0;
        e[i].cs = cs;
    }
    m->rec[slot].n_post = (uint8_t)n;
    for (i = 0; i < n; i++) {
        uint64_t b = bucket_of(m, post[i] & TID_MASK), d;
        uint32_t *h = &m->heads[b], p = *h & m->head_mask;

        e[i].tid = post[i] & TID_MASK;
        if (p >= base && p < base + i &&
            bucket_of(m, e[p - base].tid & TID_MASK) == b) {
            e[p - base].tid |= POST_SHARED;
            continue;
        }
        e[i].next = head_live(m, *h, b, &d);
        *h = head_of(m, base + i, seq);
    }
}

/* Whether the record of posting p (its place), reached through its
   bucket, posted term t.  The first posting of the record in the bucket
   is the one reached; any after it may be t if it is marked. */
static inline bool
posted(const story *m, uint32_t p, uint32_t t)
{
    const story_posting *e = &m->posts[p];
    uint32_t j, last;

    if ((e->tid & POST_SHARED) == 0)
        return e->tid == t;
    last = p - p % INDEX_TERMS + INDEX_TERMS;
    for (j = p; j < last && (m->posts[j].tid & POST_EMPTY) == 0; j++)
        if ((m->posts[j].tid & TID_MASK) == t)
            return true;
    return false;
}

/*
 * Queues as candidates the live records that posted a term the prepared
 * record posts.  The chains of its terms are walked a step at a time in
 * turn, so that each step's postings can be asked for together (one
 * cache line each); each chain reads at most POST_CAP records, or
 * POST_CAP_SHORT for a short text, whose terms are nearly all posted:
 * each record of their chains mostly brings one more cluster to score,
 * at a cache miss or more.  For a short text the newest record of each
 * term is enough, and better: its cluster is the live one of that term,
 * and older ones mostly bring clusters unlike it (on the labelled
 * headlines, pairwise F1 as means over 10 orders 0.831 reading 1, 0.827
 * reading 2, 0.815 reading 4; the articles and BASIL the same; 1M short
 * records 1.8 times as fast as with 4).  A bucket may chain records of
 * other terms too: they count against the cap, so that a query's cost
 * stays bounded, but are not candidates.  A chain
 * ends at a posting whose record has left: its slot then lies no further
 * behind the newest than the record before it, or further than the
 * window.
 */
void
ndci_story_candidates(story *m, const story_prep *q)
{
    uint64_t span = m->win->hi - m->win->lo, b[INDEX_TERMS], d[INDEX_TERMS];
    uint32_t i, live, step, p[INDEX_TERMS];
    uint32_t steps = q->n_vec < SHORT_TERMS ? POST_CAP_SHORT : POST_CAP;

    for (i = 0; i < q->n_post; i++) {
        b[i] = bucket_of(m, q->post[i]);
        __builtin_prefetch(&m->heads[b[i]]);
    }
    for (i = 0; i < q->n_post; i++)
        p[i] = head_live(m, m->heads[b[i]], b[i], &d[i]);
    for (step = 0, live = 1; step < steps && live > 0; step++) {
        live = 0;
        for (i = 0; i < q->n_post; i++) {
            const story_posting *e;
            uint32_t nx;
            uint64_t dn;

            if (p[i] == 0)
                continue;
            e = &m->posts[p[i] - 1];
            if (posted(m, p[i] - 1, q->post[i]))
                ndci_story_pend(m, e->cs);
            nx = e->next;
            p[i] = 0;
            if (nx == 0)
                continue;
            dn = behind(m->win, (nx - 1) / INDEX_TERMS);
            if (dn > d[i] && dn <= span) {
                p[i] = nx;
                d[i] = dn;
                __builtin_prefetch(&m->posts[nx - 1]);
                live++;
            }
        }
    }
}
