/*
 * window.c - the bounded ring of indexed records, and the counts of the
 * clusters that still have a record in it.
 *
 * The cluster table is open-addressed with linear probing and deletion
 * by backward shift (Knuth 6.4, Algorithm R), so it never fills with
 * tombstones.  It holds one entry per cluster with a live record: at most
 * cap + 1, since a push counts the new record before the oldest leaves.
 * Its size is a power of two above 2 * (cap + 1), so a probe always
 * meets an empty entry and the load stays at or under one half.
 */
#include <stdlib.h>
#include <string.h>

#include "internal.h"

bool
ndci_window_init(ndci_window *w, uint32_t cap)
{
    uint64_t n = ndci_pow2_ceil(((uint64_t)cap + 1) * 2);
    uint32_t i;

    memset(w, 0, sizeof(*w));
    if (cap == 0)
        return false;
    w->cap = cap;
    w->lo = 1;
    w->hi = 0;
    w->hi_slot = cap - 1;
    w->clu_mask = n - 1;
    w->slots = ndci_big_alloc(cap, sizeof(ndci_slot));
    w->clus = ndci_big_alloc((size_t)n, sizeof(ndci_clu));
    w->free = ndci_calloc((size_t)cap + 1, sizeof(uint32_t));
    if (w->slots == NULL || w->clus == NULL || w->free == NULL) {
        ndci_window_free(w);
        return false;
    }
    for (i = 0; i <= cap; i++)
        w->free[i] = cap - i;
    w->n_free = cap + 1;
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
    return (size_t)(ndci_mix64(id) & w->clu_mask);
}

/* The entry of id, made empty-counted if it is not there yet. */
static ndci_clu *
clu_get(ndci_window *w, uint64_t id)
{
    size_t i = clu_home(w, id);

    while (w->clus[i].id != 0) {
        if (w->clus[i].id == id)
            return &w->clus[i];
        i = (i + 1) & w->clu_mask;
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

        j = (j + 1) & w->clu_mask;
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

bool
ndci_window_save(const ndci_window *w, ndci_writer *out)
{
    return ndci_put_u64(out, w->lo) && ndci_put_u64(out, w->hi) &&
        ndci_put_u64(out, w->hi_slot) &&
        ndci_put(out, w->slots, (size_t)w->cap * sizeof(ndci_slot)) &&
        ndci_put(out, w->clus, (size_t)(w->clu_mask + 1) * sizeof(ndci_clu))
        && ndci_put_u64(out, w->n_free) &&
        ndci_put(out, w->free, (size_t)w->n_free * sizeof(uint32_t));
}

/*
 * Whether the cluster table is exactly that of the records in the window:
 * every record's cluster has an entry, and every entry counts as live the
 * number of records of its cluster there, at least one, and names the
 * newest of them.  A table with other entries would keep them for good
 * and, with the clusters to come, overfill itself.
 */
static bool
live_counts_fit(ndci_window *w)
{
    size_t i, n = (size_t)w->clu_mask + 1;
    uint32_t *seen = ndci_calloc(n, sizeof(uint32_t));
    uint64_t seq;
    bool ok = true;

    if (seen == NULL)
        return false;
    for (seq = w->lo; ok && seq <= w->hi && w->hi >= w->lo; seq++) {
        uint64_t id = ndci_window_at(w, seq)->cluster;
        ndci_clu *e = ndci_window_cluster(w, id);

        ok = id != 0 && e != NULL;
        if (ok)
            seen[e - w->clus]++;
        ok = ok && (e->live > seen[e - w->clus] || e->newest == seq);
    }
    for (i = 0; ok && i < n; i++)
        ok = w->clus[i].id == 0 ? seen[i] == 0 :
            seen[i] > 0 && seen[i] == w->clus[i].live;
    free(seen);
    return ok;
}

/* Whether the clusters' slots and the free ones are 0..cap, each once. */
static bool
slots_fit(const ndci_window *w)
{
    size_t i, n = (size_t)w->cap + 1;
    uint8_t *used = ndci_calloc(n, 1);
    bool ok = used != NULL;

    for (i = 0; ok && i <= w->clu_mask; i++)
        if (w->clus[i].id != 0) {
            ok = w->clus[i].slot < n && !used[w->clus[i].slot];
            if (ok)
                used[w->clus[i].slot] = 1;
        }
    for (i = 0; ok && i < w->n_free; i++) {
        ok = w->free[i] < n && !used[w->free[i]];
        if (ok)
            used[w->free[i]] = 1;
    }
    for (i = 0; ok && i < n; i++)
        ok = used[i] != 0;
    free(used);
    return ok;
}

bool
ndci_window_load(ndci_window *w, ndci_reader *in)
{
    uint64_t lo = ndci_get_u64(in), hi = ndci_get_u64(in);
    uint64_t hi_slot = ndci_get_u64(in), n_free;

    if (!in->ok || hi_slot >= w->cap || lo == 0 || hi + 1 < lo ||
        hi + 1 - lo > w->cap)
        return false;
    w->lo = lo;
    w->hi = hi;
    w->hi_slot = (size_t)hi_slot;
    if (!ndci_get(in, w->slots, (size_t)w->cap * sizeof(ndci_slot)) ||
        !ndci_get(in, w->clus, (size_t)(w->clu_mask + 1) * sizeof(ndci_clu)))
        return false;
    n_free = ndci_get_u64(in);
    if (!in->ok || n_free > (uint64_t)w->cap + 1 ||
        !ndci_get(in, w->free, (size_t)n_free * sizeof(uint32_t)))
        return false;
    w->n_free = (uint32_t)n_free;
    /* The slots check also bounds the clusters: at most cap + 1, so a
       probe always meets an empty entry. */
    return slots_fit(w) && live_counts_fit(w);
}
