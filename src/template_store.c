/*
 * template_store.c - what template mode keeps: a template at each
 * cluster slot (its tokens, its text, its place in two index lists), an
 * open-addressed map of each live line's form to its template, another
 * of index keys to the newest template of each, and the state.
 */
#include <stdlib.h>
#include <string.h>

#include "template.h"

bool
ndci_tpl_map_init(tpl_map *m, uint64_t n)
{
    uint64_t size = ndci_pow2_ceil(2 * n + 2);

    m->e = ndci_big_alloc((size_t)size, sizeof(tpl_ment));
    m->mask = size - 1;
    return m->e != NULL;
}

void
ndci_tpl_map_free(tpl_map *m)
{
    if (m->e != NULL)
        ndci_big_free(m->e, (size_t)m->mask + 1, sizeof(tpl_ment));
    m->e = NULL;
}

tpl_ment *
ndci_tpl_map_find(const tpl_map *m, uint64_t key)
{
    uint64_t i = ndci_mix64(key) & m->mask;

    while (m->e[i].key != 0) {
        if (m->e[i].key == key)
            return &m->e[i];
        i = (i + 1) & m->mask;
    }
    return NULL;
}

/* The entry of key, made (with n = 0) if there was none. */
tpl_ment *
ndci_tpl_map_add(tpl_map *m, uint64_t key)
{
    uint64_t i = ndci_mix64(key) & m->mask;

    while (m->e[i].key != 0 && m->e[i].key != key)
        i = (i + 1) & m->mask;
    if (m->e[i].key == 0) {
        m->e[i].key = key;
        m->e[i].n = 0;
    }
    return &m->e[i];
}

/* Removes an entry, moving back the ones its probe run skipped. */
void
ndci_tpl_map_del(tpl_map *m, tpl_ment *e)
{
    uint64_t i = (uint64_t)(e - m->e), j = i;

    for (;;) {
        uint64_t home;

        m->e[i].key = 0;
        do {
            j = (j + 1) & m->mask;
            if (m->e[j].key == 0)
                return;
            home = ndci_mix64(m->e[j].key) & m->mask;
        } while (i <= j ? (i < home && home <= j) : (i < home || home <= j));
        m->e[i] = m->e[j];
        i = j;
    }
}

/* The index key w (0: first, 1: last constant token) of tokens h[0..n). */
uint64_t
ndci_tpl_key(const tpl_mode *m, const uint64_t *h, uint32_t n, int w)
{
    uint64_t k = TPL_ANY;
    uint32_t i;

    for (i = 0; i < n; i++) {
        uint32_t at = w == 0 ? i : n - 1 - i;

        if (h[at] != TPL_ANY) {
            k = h[at];
            break;
        }
    }
    return ndci_mix64(k ^ m->seed ^ (w == 0 ? 0x7F4A7C15u : 0x9E3779B9u)) |
        1;
}

/* The bytes of one block of n tokens of len bytes of text: hashes,
   offsets, text. */
static size_t
tpl_mem(uint32_t n, size_t len)
{
    return n * (sizeof(uint64_t) + sizeof(uint32_t)) + sizeof(uint32_t) +
        len;
}

/* Frees t's tokens, and takes them from the count; the rest stays. */
static void
tpl_release(tpl_mode *m, tpl *t)
{
    m->tpl_bytes -= t->h != NULL ? tpl_mem(t->n, t->len) : 0;
    free(t->h);
}

static void
tpl_clear(tpl_mode *m, tpl *t)
{
    tpl_release(m, t);
    t->h = NULL;
    t->off = NULL;
    t->text = NULL;
    t->n = t->len = 0;
    t->id = 0;
}

/*
 * Sets t's tokens to n tokens, token k being token from[k] of (h, off,
 * text) or <*> for -1 (from NULL: token k).  Returns false if memory ran
 * out, leaving t as it was.
 */
bool
ndci_tpl_set(tpl_mode *m, tpl *t, uint32_t n, const int16_t *from,
    const uint64_t *h, const uint32_t *off, const char *text)
{
    size_t len = 0, bytes;
    uint32_t k;
    unsigned char *mem;
    uint64_t *nh;
    uint32_t *noff;
    char *nt;

    for (k = 0; k < n; k++) {
        int f = from != NULL ? from[k] : (int)k;

        len += (f < 0 ? 3 : off[f + 1] - 1 - off[f]) + (k > 0);
    }
    bytes = tpl_mem(n, len);
    if ((mem = malloc(bytes + 1)) == NULL)
        return false;
    nh = (uint64_t *)(void *)mem;
    noff = (uint32_t *)(void *)(mem + n * sizeof(uint64_t));
    nt = (char *)(noff + n + 1);
    len = 0;
    for (k = 0; k < n; k++) {
        int f = from != NULL ? from[k] : (int)k;
        size_t tl = f < 0 ? 3 : off[f + 1] - 1 - off[f];

        if (k > 0)
            nt[len++] = ' ';
        noff[k] = (uint32_t)len;
        memcpy(nt + len, f < 0 ? "<*>" : text + off[f], tl);
        len += tl;
        nh[k] = f < 0 ? TPL_ANY : h[f];
    }
    noff[n] = (uint32_t)len + 1;
    tpl_release(m, t);
    m->tpl_bytes += bytes;
    t->h = nh;
    t->off = noff;
    t->text = nt;
    t->n = n;
    t->len = (uint32_t)len;
    return true;
}

/* Puts template slot s first in the list of its key w. */
void
ndci_tpl_link(tpl_mode *m, uint32_t s, int w)
{
    tpl *t = &m->tpl[s];
    tpl_ment *e = ndci_tpl_map_add(&m->keys, t->key[w]);

    t->prev[w] = TPL_NONE;
    t->next[w] = e->n > 0 ? e->val : TPL_NONE;
    if (e->n > 0)
        m->tpl[e->val].prev[w] = s;
    e->val = s;
    e->n = 1;
}

static void
unlink_key(tpl_mode *m, uint32_t s, int w)
{
    tpl *t = &m->tpl[s];

    if (t->prev[w] != TPL_NONE) {
        m->tpl[t->prev[w]].next[w] = t->next[w];
    } else {
        tpl_ment *e = ndci_tpl_map_find(&m->keys, t->key[w]);

        if (e == NULL)
            return;
        if (t->next[w] != TPL_NONE)
            e->val = t->next[w];
        else
            ndci_tpl_map_del(&m->keys, e);
    }
    if (t->next[w] != TPL_NONE)
        m->tpl[t->next[w]].prev[w] = t->prev[w];
}

void
ndci_tpl_forget(tpl_mode *m, uint32_t s)
{
    unlink_key(m, s, 0);
    unlink_key(m, s, 1);
    tpl_clear(m, &m->tpl[s]);
}

/*
 * The state: each live line's form, then each template (its cluster,
 * keys, hashes and text).  The forms map and the key lists are rebuilt
 * on load: a list holds its templates newest first, which is the order
 * of their ids, so linking them in the order of their ids rebuilds it.
 */
bool
ndci_tpl_save(const void *p, ndci_writer *w)
{
    const tpl_mode *m = p;
    const ndci_window *win = m->win;
    uint64_t seq, n = 0;
    size_t i;

    if (!ndci_put_u64(w, TPL_LINE) || !ndci_put_u64(w, TPL_MAX) ||
        !ndci_put_u64(w, TPL_CANDS))
        return false;
    for (seq = win->lo; seq <= win->hi && win->hi >= win->lo; seq++)
        if (!ndci_put_u64(w, m->rec_form[ndci_window_slot(win, seq)]))
            return false;
    for (i = 0; i <= m->cap; i++)
        n += m->tpl[i].id != 0;
    if (!ndci_put_u64(w, n))
        return false;
    /* in the order of the window's clusters, which a load keeps */
    for (i = 0; i <= win->clu_mask; i++) {
        const tpl *t = &m->tpl[win->clus[i].slot];

        if (win->clus[i].id == 0 || t->id != win->clus[i].id)
            continue;
        if (!ndci_put_u64(w, t->id) ||
            !ndci_put(w, t->key, sizeof(t->key)) ||
            !ndci_put_u64(w, t->n) || !ndci_put_u64(w, t->n_const) ||
            !ndci_put_u64(w, t->len) ||
            !ndci_put(w, t->h, t->n * sizeof(uint64_t)) ||
            !ndci_put(w, t->off, (t->n + 1) * sizeof(uint32_t)) ||
            !ndci_put(w, t->text, t->len))
            return false;
    }
    return true;
}

/* Reads one template into its cluster's slot; false if it does not fit. */
static bool
load_tpl(tpl_mode *m, ndci_reader *r)
{
    const ndci_clu *c = ndci_window_cluster(m->win, ndci_get_u64(r));
    uint64_t key[2], n, n_const, len, i;
    uint64_t h[TPL_MAX];
    uint32_t off[TPL_MAX + 1];
    char *text;
    bool ok;

    if (!r->ok || c == NULL || m->tpl[c->slot].id != 0 ||
        !ndci_get(r, key, sizeof(key)))
        return false;
    n = ndci_get_u64(r);
    n_const = ndci_get_u64(r);
    len = ndci_get_u64(r);
    if (!r->ok || n > TPL_MAX || n_const > TPL_LINE ||
        len > r->len - r->at ||
        !ndci_get(r, h, n * sizeof(uint64_t)) ||
        !ndci_get(r, off, (n + 1) * sizeof(uint32_t)) ||
        off[n] != len + 1 || (n > 0 && off[0] != 0))
        return false;
    for (i = 0; i < n; i++)
        if (off[i + 1] <= off[i] || off[i + 1] - 1 > len)
            return false;
    if ((text = malloc(len + 1)) == NULL)
        return false;
    ok = ndci_get(r, text, len) &&
        ndci_tpl_set(m, &m->tpl[c->slot], (uint32_t)n, NULL, h, off, text);
    free(text);
    if (!ok)
        return false;
    m->tpl[c->slot].id = c->id;
    m->tpl[c->slot].n_const = (uint32_t)n_const;
    memcpy(m->tpl[c->slot].key, key, sizeof(key));
    return true;
}

typedef struct id_slot {
    uint64_t id;
    uint32_t slot;
} id_slot;

static int
by_id(const void *a, const void *b)
{
    uint64_t x = ((const id_slot *)a)->id, y = ((const id_slot *)b)->id;

    return (x > y) - (x < y);
}

/* Links the loaded templates into their keys' lists, oldest first. */
static bool
relink(tpl_mode *m, uint64_t n)
{
    id_slot *v = ndci_calloc(n + 1, sizeof(*v));
    uint64_t i, k = 0;

    if (v == NULL)
        return false;
    for (i = 0; i <= m->cap; i++)
        if (m->tpl[i].id != 0) {
            v[k].id = m->tpl[i].id;
            v[k++].slot = (uint32_t)i;
        }
    qsort(v, k, sizeof(*v), by_id);
    for (i = 0; i < k; i++) {
        ndci_tpl_link(m, v[i].slot, 0);
        ndci_tpl_link(m, v[i].slot, 1);
    }
    free(v);
    return true;
}

/* Counts each live line's form for its cluster's template. */
static bool
load_forms(tpl_mode *m)
{
    const ndci_window *win = m->win;
    uint64_t seq;

    for (seq = win->lo; seq <= win->hi && win->hi >= win->lo; seq++) {
        const ndci_clu *c = ndci_window_cluster(win,
            ndci_window_at(win, seq)->cluster);
        tpl_ment *e = ndci_tpl_map_add(&m->forms,
            m->rec_form[ndci_window_slot(win, seq)]);

        if (c == NULL || e->key == 0 || (e->n > 0 && e->val != c->slot))
            return false;
        if (e->n++ == 0)
            e->val = c->slot;
    }
    return true;
}

bool
ndci_tpl_load(void *p, ndci_reader *r)
{
    tpl_mode *m = p;
    const ndci_window *win = m->win;
    uint64_t seq, n, i;

    if (ndci_get_u64(r) != TPL_LINE || ndci_get_u64(r) != TPL_MAX ||
        ndci_get_u64(r) != TPL_CANDS)
        return false;
    for (seq = win->lo; seq <= win->hi && win->hi >= win->lo; seq++)
        m->rec_form[ndci_window_slot(win, seq)] = ndci_get_u64(r) | 1;
    n = ndci_get_u64(r);
    if (!r->ok || n > (uint64_t)m->cap + 1)
        return false;
    for (i = 0; i < n; i++)
        if (!load_tpl(m, r))
            return false;
    return load_forms(m) && relink(m, n);
}
