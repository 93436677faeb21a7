/*
 * template.c - log template mode: one cluster per log statement.
 *
 * A cluster is a template: the masked tokens of its first line, with
 * <*> wherever a later line that joined it differed.  Its id is that of
 * any cluster (the number of its first line) and never changes; its
 * text changes only by more wildcards.  A template lives while one of
 * its lines is in the window, so memory is bounded by -w whatever the
 * stream.
 *
 * A line finds its template in two steps.  The masked form of every
 * live line is in a map (form -> template), so a line of a form seen
 * before costs one lookup: most lines of a log.  Another line is
 * aligned (template_align.c) with at most TPL_CANDS templates in each of
 * two lists, the templates whose first line began, and those whose
 * first line ended, with the same constant token as this line: two keys
 * so that a statement whose first words vary (a user name) is still
 * found by its last, and the cost of a line does not grow with the
 * number of templates.  It joins the most similar at the threshold.
 */
#include <stdlib.h>
#include <string.h>

#include "template.h"

static ndc_status
template_check(ndc_opts *o)
{
    (void)o;
    return NDC_OK;
}

static void
template_destroy(void *p)
{
    tpl_mode *m = p;
    size_t i;

    if (m == NULL)
        return;
    if (m->tpl != NULL)
        for (i = 0; i <= m->cap; i++)
            free(m->tpl[i].h);
    ndci_big_free(m->tpl, (size_t)m->cap + 1, sizeof(tpl));
    ndci_big_free(m->rec_form, m->cap, sizeof(uint64_t));
    ndci_tpl_map_free(&m->forms);
    ndci_tpl_map_free(&m->keys);
    ndci_tpl_aligner_free(&m->al);
    free(m);
}

static ndc_status
template_create(void **out, const ndc_opts *o, const ndci_window *w)
{
    tpl_mode *m = calloc(1, sizeof(*m));

    *out = NULL;
    if (m == NULL)
        return NDC_ERR_NOMEM;
    m->seed = o->seed;
    m->win = w;
    m->cap = w->cap;
    m->rec_form = ndci_big_alloc(m->cap, sizeof(uint64_t));
    m->tpl = ndci_big_alloc((size_t)m->cap + 1, sizeof(tpl));
    if (m->rec_form == NULL || m->tpl == NULL ||
        !ndci_tpl_map_init(&m->forms, m->cap) ||
        !ndci_tpl_map_init(&m->keys, 2 * (uint64_t)m->cap + 2) ||
        !ndci_tpl_aligner_init(&m->al)) {
        template_destroy(m);
        return NDC_ERR_NOMEM;
    }
    *out = m;
    return NDC_OK;
}

static size_t
template_bytes(const void *p)
{
    const tpl_mode *m = p;

    return sizeof(*m) + m->cap * sizeof(uint64_t) +
        ((size_t)m->cap + 1) * sizeof(tpl) +
        ((size_t)m->forms.mask + 1 + (size_t)m->keys.mask + 1) *
        sizeof(tpl_ment) + m->tpl_bytes +
        (size_t)(TPL_MAX + 1) * (TPL_LINE + 1) * 2 * sizeof(int16_t);
}

static void
template_prep_destroy(void *p)
{
    tpl_line *q = p;

    if (q == NULL)
        return;
    ndci_buf_free(&q->text);
    free(q);
}

/* A line is all features: its text is the template a cluster takes,
   so even a prep that only receives lines has room for one. */
static ndc_status
template_prep_create(void **out, const void *p, bool scratch)
{
    tpl_line *q = ndci_calloc_lines(1, sizeof(*q));

    (void)p;
    (void)scratch;
    *out = NULL;
    if (q == NULL)
        return NDC_ERR_NOMEM;
    if (!ndci_buf_reserve(&q->text, 1024)) {
        template_prep_destroy(q);
        return NDC_ERR_NOMEM;
    }
    *out = q;
    return NDC_OK;
}

static size_t
template_prep_bytes(const void *p)
{
    const tpl_line *q = p;

    return sizeof(*q) + q->text.cap;
}

static int
template_prepare(const void *p, void *prep, const ndc_field *f, size_t n,
    double time)
{
    const tpl_mode *m = p;
    tpl_line *q = prep;

    (void)time;
    if (!ndci_tpl_mask(f, n, m->seed, q))
        return -1;
    return q->n > 0;
}

/* The line's tokens, their offsets and its text. */
static void
template_prep_prefetch(const void *p, const void *prep)
{
    const tpl_line *q = prep;

    (void)p;
    ndci_prefetch_bytes(q, sizeof(*q));
    ndci_prefetch_bytes(q->text.data, q->text.len);
}

static bool
template_prep_move(const void *p, void *dst, const void *src)
{
    tpl_line *d = dst;
    const tpl_line *q = src;

    (void)p;
    d->text.len = 0;
    if (!ndci_buf_append(&d->text, q->text.data, q->text.len))
        return false;
    memcpy(d->h, q->h, q->n * sizeof(q->h[0]));
    memcpy(d->off, q->off, (q->n + 1) * sizeof(q->off[0]));
    d->n = q->n;
    d->n_const = q->n_const;
    d->form = q->form;
    return true;
}

/* The newest live line of template slot s's cluster. */
static uint64_t
newest_of(const tpl_mode *m, uint32_t s)
{
    const ndci_clu *c = ndci_window_cluster(m->win, m->tpl[s].id);

    return c != NULL ? c->newest : 0;
}

/* Aligns q with the templates of its key w, newest first, keeping the
   best in *best (slot) and m->fit. */
typedef struct seen {
    uint32_t n;
    uint32_t s[2 * TPL_CANDS];
} seen;

static void
scan_key(tpl_mode *m, const tpl_line *q, int w, seen *done, uint32_t *best,
    double *score)
{
    const tpl_ment *e = ndci_tpl_map_find(&m->keys,
        ndci_tpl_key(m, q->h, q->n, w));
    uint32_t s, k, i;

    for (s = e != NULL ? e->val : TPL_NONE, k = 0;
        s != TPL_NONE && k < TPL_CANDS; s = m->tpl[s].next[w], k++) {
        const tpl *t = &m->tpl[s];
        tpl_toks tt = {t->n, t->n_const, t->h};
        tpl_fit fit;

        for (i = 0; i < done->n && done->s[i] != s; i++)
            ;
        if (i < done->n)
            continue;   /* aligned already, from the other key */
        done->s[done->n++] = s;
        if (ndci_tpl_align(&m->al, tt, q, &fit) && fit.score > *score) {
            *score = fit.score;
            *best = s;
            m->fit = fit;
        }
    }
}

/* The one place where template t and line q differ, both words there,
   or -1: same length, every other token the same. */
static int
one_word_apart(const tpl *t, const tpl_line *q)
{
    uint32_t k;
    int at = -1;

    if (t->n != q->n)
        return -1;
    for (k = 0; k < q->n; k++)
        if (t->h[k] != q->h[k]) {
            if (at >= 0 || t->h[k] == TPL_ANY || q->h[k] == TPL_ANY)
                return -1;
            at = (int)k;
        }
    return at;
}

/*
 * A place found to vary: when TPL_VARY_SEEN templates among the
 * candidates differ from line q in one word, at the same place, and in
 * nothing else, the line brings a further word there (a user name: "for
 * alice", "for bob", "for carol").  The oldest of them takes <*> at the
 * place and q joins it; returns its slot, or TPL_NONE.  Only lines of
 * TPL_VARY_WORDS words or more: in shorter ones the word is most often
 * the statement ("boot (command 12)", "halt (command 13)").
 */
static uint32_t
varying_place(tpl_mode *m, const tpl_line *q, const seen *done)
{
    uint32_t i, j, best = TPL_NONE, k;
    int best_at = -1;

    if (q->n_const < TPL_VARY_WORDS)
        return TPL_NONE;
    for (i = 0; i < done->n; i++) {
        const tpl *t = &m->tpl[done->s[i]];
        int at = one_word_apart(t, q);
        uint32_t same = 0;

        if (at < 0 || (best_at >= 0 && at > best_at))
            continue;
        for (j = 0; j < done->n; j++)
            same += one_word_apart(&m->tpl[done->s[j]], q) == at;
        if (same >= TPL_VARY_SEEN && (at < best_at || best_at < 0 ||
            t->id < m->tpl[best].id)) {
            best = done->s[i];
            best_at = at;
        }
    }
    if (best == TPL_NONE)
        return TPL_NONE;
    m->fit.n = 0;
    for (k = 0; k < q->n; k++) {
        bool any = (int)k == best_at || m->tpl[best].h[k] == TPL_ANY;

        if (!any || m->fit.n == 0 || m->fit.from[m->fit.n - 1] >= 0)
            m->fit.from[m->fit.n++] = any ? -1 : (int16_t)k;
    }
    m->fit.score = (double)(q->n_const - 1) / q->n_const;
    return best;
}

static void
template_join(void *p, void *prep, double th, ndci_join *out)
{
    tpl_mode *m = p;
    const tpl_line *q = prep;
    const tpl_ment *e = ndci_tpl_map_find(&m->forms, q->form);
    uint32_t best = TPL_NONE;
    double score = -1.0;
    uint32_t vary;
    seen done;

    m->pin = 0;
    m->merged = m->vary = false;
    if (e != NULL) {
        out->seq = newest_of(m, e->val);
        out->score = 1.0;
        out->joins = out->seq != 0;
        m->pin = m->tpl[e->val].id;
        return;
    }
    done.n = 0;
    scan_key(m, q, 0, &done, &best, &score);
    scan_key(m, q, 1, &done, &best, &score);
    if (score < th && (vary = varying_place(m, q, &done)) != TPL_NONE) {
        best = vary;
        score = m->fit.score;
        m->vary = true;
    }
    out->seq = best != TPL_NONE ? newest_of(m, best) : 0;
    out->score = best != TPL_NONE ? score : 0.0;
    out->joins = out->seq != 0 && (score >= th || m->vary);
    if (out->joins) {
        m->pin = m->tpl[best].id;
        m->merged = true;
    }
}

static void
template_insert(void *p, const void *prep, uint64_t seq, const ndci_clu *c)
{
    tpl_mode *m = p;
    const tpl_line *q = prep;
    tpl_ment *e = ndci_tpl_map_add(&m->forms, q->form);
    tpl *t = &m->tpl[c->slot];

    m->rec_form[ndci_window_slot(m->win, seq)] = q->form;
    if (e->n++ == 0)
        e->val = c->slot;
    if (t->id != c->id) {
        /* A new template.  Should memory for it fail, the cluster has
           none, and its later lines found clusters of their own. */
        if (t->h != NULL)
            ndci_tpl_forget(m, c->slot);
        if (ndci_tpl_set(m, t, q->n, NULL, q->h, q->off, q->text.data)) {
            t->id = c->id;
            t->n_const = q->n_const;
            t->key[0] = ndci_tpl_key(m, q->h, q->n, 0);
            t->key[1] = ndci_tpl_key(m, q->h, q->n, 1);
            ndci_tpl_link(m, c->slot, 0);
            ndci_tpl_link(m, c->slot, 1);
        }
    } else if (m->merged && ndci_tpl_set(m, t, m->fit.n, m->fit.from, t->h,
        t->off, t->text) && m->vary && t->n_const > 0) {
        t->n_const--;   /* the place is known to vary: not a merge's */
    }
    m->pin = 0;
    m->merged = m->vary = false;
}

static void
template_evict(void *p, uint64_t seq, const ndci_clu *c, bool last)
{
    tpl_mode *m = p;
    tpl_ment *e = ndci_tpl_map_find(&m->forms,
        m->rec_form[ndci_window_slot(m->win, seq)]);

    if (e != NULL && --e->n == 0)
        ndci_tpl_map_del(&m->forms, e);
    /* The template of a cluster that the line being committed joins
       lives on: insert() reads it. */
    if (last && c->id != m->pin && m->tpl[c->slot].id == c->id)
        ndci_tpl_forget(m, c->slot);
}

/* The text of cluster c's template. */
static bool
template_label(const void *p, const ndci_clu *c, const char **s, size_t *len)
{
    const tpl_mode *m = p;
    const tpl *t = &m->tpl[c->slot];

    if (t->id != c->id)
        return false;
    *s = t->text;
    *len = t->len;
    return true;
}

const ndci_mode_ops ndci_template_ops = {
    .name = "template",
    .summary = "log lines of the same statement",
    .default_threshold = NDC_DEFAULT_TEMPLATE_THRESHOLD,
    .opts = NDC_OPT_WINDOW | NDC_OPT_THRESHOLD | NDC_OPT_SEED |
        NDC_OPT_WINDOW_TIME,
    .digest_of = NULL,
    .check = template_check,
    .digest = NULL,
    .create = template_create,
    .destroy = template_destroy,
    .bytes = template_bytes,
    .prep_create = template_prep_create,
    .prep_destroy = template_prep_destroy,
    .prep_bytes = template_prep_bytes,
    .prepare = template_prepare,
    .prep_move = template_prep_move,
    .prep_prefetch = template_prep_prefetch,
    .join = template_join,
    .insert = template_insert,
    .evict = template_evict,
    .save = ndci_tpl_save,
    .load = ndci_tpl_load,
    .label = template_label,
};

