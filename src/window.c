/*
 * window.c - the bounded ring of indexed records, and the counts of the
 * clusters that still have a record in it.
 *
 * The cluster table is open-addressed with linear probing and deletion
 * by backward shift (Knuth 6.4, Algorithm R), so it never fills with
 * tombstones.  It holds one entry per cluster with a live record: at most
 * cap + 1, since a push counts the new record before the oldest leaves.
 * It has 2 * (cap + 1) entries (not rounded up to a power of two: that
 * cost up to 64 bytes per window record), so a probe always meets an
 * empty entry and the load stays at or under one half.
 */
#include <stdlib.h>
#include <string.h>

#include "internal.h"

/* Empties the ring and gives back every cluster slot, with lo and hi
   as given and the slot of hi where the one rule puts it.  The table
   must be empty already. */
static void
window_reset(ndci_window *w, uint64_t lo, uint64_t hi)
{
    uint32_t i;

    for (i = 0; i <= w->cap; i++)
        w->free[i] = w->cap - i;
    w->n_free = w->cap + 1;
    w->lo = lo;
    w->hi = hi;
    w->hi_slot = hi == 0 ? w->cap - 1 : (size_t)((hi - 1) % w->cap);
}

bool
ndci_window_init(ndci_window *w, uint32_t cap)
{
    uint64_t n = ((uint64_t)cap + 1) * 2;

    memset(w, 0, sizeof(*w));
    if (cap == 0)
        return false;
    w->cap = cap;
    w->clu_mask = n - 1;
    w->slots = ndci_big_alloc(cap, sizeof(ndci_slot));
    w->clus = ndci_big_alloc((size_t)n, sizeof(ndci_clu));
    w->free = ndci_calloc((size_t)cap + 1, sizeof(uint32_t));
    if (w->slots == NULL || w->clus == NULL || w->free == NULL) {
        ndci_window_free(w);
        return false;
    }
    window_reset(w, 1, 0);      /* the table is zeroed by its allocation */
    return true;
}

void
ndci_window_free(ndci_window *w)
{
    ndci_big_free(w->slots, w->cap, sizeof(ndci_slot));
    ndci_big_free(w->clus, (size_t)(w->clu_mask + 1), sizeof(ndci_clu));
    free(w->free);
    w->slots = NULL;
    w->clus = NULL;
    w->free = NULL;
}

size_t
ndci_window_bytes(const ndci_window *w)
{
    return (size_t)w->cap * sizeof(ndci_slot) +
        (size_t)(w->clu_mask + 1) * sizeof(ndci_clu) +
        ((size_t)w->cap + 1) * sizeof(uint32_t);
}

uint64_t
ndci_window_len(const ndci_window *w)
{
    return w->hi + 1 - w->lo;
}

ndci_slot *
ndci_window_at(const ndci_window *w, uint64_t seq)
{
    return &w->slots[ndci_window_slot(w, seq)];
}

static size_t
clu_home(const ndci_window *w, uint64_t id)
{
    return (size_t)(ndci_window_home(w, id) - w->clus);
}

/* The entry of id, made empty-counted if it is not there yet. */
static ndci_clu *
clu_get(ndci_window *w, uint64_t id)
{
    size_t i = clu_home(w, id);

    while (w->clus[i].id != 0) {
        if (w->clus[i].id == id)
            return &w->clus[i];
        i = ndci_clu_next(w, i);
    }
    w->clus[i].id = id;
    w->clus[i].size = 0;
    w->clus[i].newest = 0;
    w->clus[i].live = 0;
    w->clus[i].slot = w->free[--w->n_free];
    return &w->clus[i];
}

/* Deletes entry e and shifts back the entries of its probe run. */
static void
clu_del(ndci_window *w, ndci_clu *e)
{
    size_t i = (size_t)(e - w->clus), j = i;

    w->free[w->n_free++] = e->slot;
    for (;;) {
        size_t home;

        j = ndci_clu_next(w, j);
        if (w->clus[j].id == 0)
            break;
        home = clu_home(w, w->clus[j].id);
        /* Move j back to i unless its home lies cyclically in (i, j]. */
        if (i <= j ? (home <= i || home > j) : (home <= i && home > j)) {
            w->clus[i] = w->clus[j];
            i = j;
        }
    }
    w->clus[i].id = 0;
}

void
ndci_window_count(ndci_window *w, uint64_t id)
{
    ndci_clu *c = clu_get(w, id);

    c->size++;
    c->live++;
}

ndci_clu *
ndci_window_place(ndci_window *w, uint64_t record, uint64_t cluster,
    double time)
{
    ndci_slot *s;
    ndci_clu *c = ndci_window_cluster(w, cluster);

    w->hi++;
    w->hi_slot = w->hi_slot + 1 == w->cap ? 0 : w->hi_slot + 1;
    s = &w->slots[w->hi_slot];
    s->record = record;
    s->cluster = cluster;
    s->time = time;
    c->newest = w->hi;
    return c;
}

void
ndci_window_drop(ndci_window *w, ndci_clu *c)
{
    if (c != NULL && --c->live == 0)
        clu_del(w, c);
    w->lo++;
}

void
ndci_window_pop(ndci_window *w)
{
    ndci_window_drop(w, ndci_window_cluster(w,
        ndci_window_at(w, w->lo)->cluster));
}

/*
 * The window as a state holds only what is live, so that its size and
 * the time to write it follow the records in the window, not its
 * capacity: lo and hi, then each live cluster's id and size (in table
 * order), then each live record's number, cluster and time, oldest
 * first.  Slots, the table's layout and the clusters' slots are not
 * saved: ndci_window_load() lays them out anew.
 */
bool
ndci_window_save(const ndci_window *w, ndci_writer *out)
{
    uint64_t seq, n = 0;
    size_t i, start;

    for (i = 0; i <= w->clu_mask; i++)
        n += w->clus[i].id != 0;
    if (!ndci_put_u64(out, w->lo) || !ndci_put_u64(out, w->hi) ||
        !ndci_put_u64(out, n))
        return false;
    /* From an empty entry on, round the table: entered again in this
       order, each probe run takes the places it has now (in the order
       of places, a run that wraps past the end would not), so that a
       loaded state saves the same bytes again. */
    for (start = 0; w->clus[start].id != 0; start++)
        ;
    for (i = 1; i <= w->clu_mask + 1; i++) {
        const ndci_clu *c = &w->clus[(start + i) % (w->clu_mask + 1)];

        if (c->id != 0 && (!ndci_put_u64(out, c->id) ||
            !ndci_put_u64(out, c->size)))
            return false;
    }
    for (seq = w->lo; seq <= w->hi && w->hi >= w->lo; seq++) {
        const ndci_slot *s = ndci_window_at(w, seq);

        if (!ndci_put(out, s, sizeof(*s)))
            return false;
    }
    return true;
}

/*
 * Reads the clusters of a state: n of them, each id new and not 0,
 * entered with its size and no live record yet.
 */
static bool
load_clusters(ndci_window *w, ndci_reader *in, uint64_t n)
{
    uint64_t i;

    for (i = 0; i < n; i++) {
        uint64_t id = ndci_get_u64(in), size = ndci_get_u64(in);

        if (!in->ok || id == 0 || ndci_window_cluster(w, id) != NULL)
            return false;
        clu_get(w, id)->size = size;
    }
    return true;
}

/*
 * Loads a window saved by ndci_window_save() into w, made with the same
 * capacity.  The contents must fit together: at most cap records, each of
 * a cluster listed, every cluster listed with a record and a size no
 * smaller than its live records.
 */
bool
ndci_window_load(ndci_window *w, ndci_reader *in)
{
    uint64_t lo = ndci_get_u64(in), hi = ndci_get_u64(in);
    uint64_t n = ndci_get_u64(in), seq;
    size_t i;

    if (!in->ok || lo == 0 || hi + 1 < lo || hi + 1 - lo > w->cap ||
        n > hi + 1 - lo)
        return false;
    memset(w->clus, 0, (size_t)(w->clu_mask + 1) * sizeof(ndci_clu));
    window_reset(w, lo, hi);
    if (!load_clusters(w, in, n))
        return false;
    for (seq = lo; seq <= hi && hi >= lo; seq++) {
        ndci_slot *s = ndci_window_at(w, seq);
        ndci_clu *c;

        if (!ndci_get(in, s, sizeof(*s)))
            return false;
        c = ndci_window_cluster(w, s->cluster);
        if (s->cluster == 0 || c == NULL)
            return false;
        c->live++;
        c->newest = seq;
    }
    for (i = 0; i <= w->clu_mask; i++)
        if (w->clus[i].id != 0 && (w->clus[i].live == 0 ||
            w->clus[i].size < w->clus[i].live))
            return false;
    return true;
}
