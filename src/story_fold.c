/*
 * story_fold.c - clusters that a later record shows to be one story.
 *
 * A story's first records often do not look alike enough to join each
 * other, above all short ones, so that they found two or three clusters a
 * few records apart, and each then grows on its own (on the labelled
 * headlines, most of the recall lost is such fragments of the largest
 * stories).  A later record that is like both, at FOLD_SCORE or more (or
 * -t, if higher), shows them to be one story: the cluster with fewer
 * records so far (the younger on a tie) folds into the other.  Ids
 * already written stay as they were written; from then on a record that
 * is most like the folded cluster joins the one it folded into (which
 * then takes its vector), so that the folded cluster's centroid still
 * finds records of its story but gets no more of them, and its members
 * leave the window as before.  Folding into the larger keeps the most
 * records under one id: folding the younger into the older instead cut a
 * story's id in two whenever the younger was the larger, and lost as much
 * as it gained.
 *
 * Folds chain (a cluster folds into one that later folds into a third); a
 * chain is followed to its live end, the root, and shortened to point at
 * it.  A cluster that leaves the window ends the chains through it, as
 * its id is never given again.
 */
#include "story.h"

/* The cluster of the live record seq. */
static uint64_t
cluster_of(const story *m, uint64_t seq)
{
    return ndci_window_at(m->win, seq)->cluster;
}

/* The next cluster after live cluster c in its chain, or NULL. */
static const ndci_clu *
fold_next(const story *m, const ndci_clu *c)
{
    uint64_t to = m->fold[c->slot];

    return to == 0 ? NULL : ndci_window_cluster(m->win, to);
}

/*
 * The root of live cluster c's chain; each cluster on the way is made to
 * point at it.  Each step of the first walk is one fold, and no cluster
 * folds into one whose chain leads back to it, so the walk ends.
 */
static const ndci_clu *
fold_root(story *m, const ndci_clu *c)
{
    const ndci_clu *r = c, *n;

    while ((n = fold_next(m, r)) != NULL)
        r = n;
    while (c != r) {
        n = fold_next(m, c);
        m->fold[c->slot] = r->id;
        c = n;
    }
    return r;
}

/*
 * After the candidates of a record are scored (best and second in m):
 * folds the second's cluster and the best's, if the record joins at thr
 * and is like both at FOLD_SCORE or t, the higher; then names in
 * m->best_seq the newest record of the cluster that the best's folded
 * into, if it did.
 */
void
ndci_story_fold(story *m, double t, double thr)
{
    const ndci_clu *a, *b, *x;
    bool two = m->second_score > 0 && m->best_score >= thr &&
        m->second_score >= (t > FOLD_SCORE ? t : FOLD_SCORE);

    /* Most often the best has folded into none, and no two fold: it is
       its own root, and m->best_seq its newest record (no need to look
       it up in the window). */
    if (m->best_seq == 0 ||
        (!two && (m->cens[m->best_cs].flags & CEN_FOLDED) == 0))
        return;
    a = fold_root(m, ndci_window_cluster(m->win, cluster_of(m,
        m->best_seq)));
    if (two) {
        b = fold_root(m, ndci_window_cluster(m->win, cluster_of(m,
            m->span[m->second_cs].newest)));
        if (b != a) {
            /* a keeps its id: the larger, or the older of two alike */
            if (b->size > a->size || (b->size == a->size && b->id < a->id)) {
                x = a;
                a = b;
                b = x;
            }
            m->fold[b->slot] = a->id;
            m->cens[b->slot].flags |= CEN_FOLDED;
        }
    }
    m->best_seq = a->newest;
}

/*
 * Checks the folds of a loaded state and shortens each chain to one step:
 * false if a chain runs in a circle, which no stream makes.
 */
bool
ndci_story_fold_check(story *m)
{
    const ndci_window *w = m->win;
    uint64_t i, n = 0;

    for (i = 0; i <= w->clu_mask; i++)
        n += w->clus[i].id != 0;
    for (i = 0; i <= w->clu_mask; i++) {
        const ndci_clu *c = &w->clus[i], *r = c;
        uint64_t steps = 0;

        if (c->id == 0)
            continue;
        while ((r = fold_next(m, r)) != NULL)
            if (++steps > n)
                return false;
        fold_root(m, c);
    }
    return true;
}
