/*
 * cluster.c - the context: options, the window of records, and the mode
 * that finds similar records.  Each text is compared with the window,
 * joins the cluster of the most similar record at or above the
 * threshold, or founds a cluster numbered after itself.
 */
#include <stdlib.h>

#include "internal.h"

struct ndc_ctx {
    ndc_opts opts;
    const ndci_mode_ops *ops;
    void *mode;
    ndci_window win;
    uint64_t records;       /* assign calls so far */
    uint64_t no_text;
    uint64_t clusters;
    uint64_t peak;
    double clock;           /* newest time seen, or NDC_NO_TIME */
};

void
ndc_opts_init(ndc_opts *o)
{
    o->mode = NDC_MODE_NEAR;
    o->window = NDC_DEFAULT_WINDOW;
    o->perm = NDC_DEFAULT_PERM;
    o->bands = NDC_DEFAULT_BANDS;
    o->shingle = NDC_DEFAULT_SHINGLE;
    o->threshold = -1.0;
    o->seed = NDC_DEFAULT_SEED;
    o->stopwords = NULL;
    o->stopwords_len = 0;
    o->decay = 0.0;
    o->window_time = 0.0;
}

static ndc_status
check_opts(const ndc_opts *o)
{
    if (o->mode != NDC_MODE_NEAR && o->mode != NDC_MODE_STORY)
        return NDC_ERR_UNSUPPORTED;
    if (o->window < 1 || o->window > NDC_MAX_WINDOW ||
        o->perm < 1 || o->perm > NDC_MAX_PERM ||
        o->bands < 1 || o->bands > o->perm ||
        o->shingle > NDC_MAX_SHINGLE ||
        !(o->threshold <= 1.0) ||
        !(o->decay >= 0.0 && o->decay <= 1e15) ||
        !(o->window_time >= 0.0 && o->window_time <= 1e15) ||
        (o->stopwords == NULL && o->stopwords_len != 0))
        return NDC_ERR_INVALID;
    return NDC_OK;
}

ndc_status
ndc_ctx_create(ndc_ctx **out, const ndc_opts *o)
{
    ndc_ctx *c;
    ndc_status st;

    if (out == NULL)
        return NDC_ERR_INVALID;
    *out = NULL;
    if (o == NULL)
        return NDC_ERR_INVALID;
    st = check_opts(o);
    if (st != NDC_OK)
        return st;
    c = calloc(1, sizeof(*c));
    if (c == NULL)
        return NDC_ERR_NOMEM;
    c->opts = *o;
    c->opts.stopwords = NULL;   /* borrowed: the mode keeps a copy */
    c->opts.stopwords_len = 0;
    if (c->opts.threshold < 0)
        c->opts.threshold = o->mode == NDC_MODE_STORY ?
            NDC_DEFAULT_STORY_THRESHOLD : NDC_DEFAULT_THRESHOLD;
    c->ops = o->mode == NDC_MODE_STORY ? &ndci_story_ops : &ndci_near_ops;
    c->clock = NDC_NO_TIME;
    st = c->ops->create(&c->mode, o);
    if (st == NDC_OK && !ndci_window_init(&c->win, o->window))
        st = NDC_ERR_NOMEM;
    if (st != NDC_OK) {
        ndc_ctx_free(c);
        return st;
    }
    *out = c;
    return NDC_OK;
}

void
ndc_ctx_free(ndc_ctx *c)
{
    if (c == NULL)
        return;
    if (c->ops != NULL)
        c->ops->destroy(c->mode);
    ndci_window_free(&c->win);
    free(c);
}

/* Evicts the oldest records while their time is before cutoff. */
static void
expire(ndc_ctx *c, double cutoff)
{
    while (ndci_window_len(&c->win) > 0 &&
        ndci_window_at(&c->win, c->win.lo)->time < cutoff) {
        c->ops->evict(c->mode, c->win.lo);
        ndci_window_pop(&c->win);
    }
}

ndc_status
ndc_ctx_assign(ndc_ctx *c, const char *txt, size_t len, ndc_result *res)
{
    ndc_field f = {txt, len, 1.0};

    if (txt == NULL && len != 0)
        return NDC_ERR_INVALID;
    return ndc_ctx_assign_fields(c, &f, txt == NULL ? 0 : 1, NDC_NO_TIME,
        res);
}

ndc_status
ndc_ctx_assign_fields(ndc_ctx *c, const ndc_field *f, size_t n, double time,
    ndc_result *res)
{
    uint64_t seq, best;
    double score;
    int words;
    ndci_clu *clu;
    size_t i;

    if (c == NULL || res == NULL || (f == NULL && n != 0))
        return NDC_ERR_INVALID;
    for (i = 0; i < n; i++)
        if ((f[i].text == NULL && f[i].len != 0) ||
            !(f[i].weight >= 1e-6 && f[i].weight <= 1e6))
            return NDC_ERR_INVALID;
    words = n == 0 ? 0 : c->ops->prepare(c->mode, f, n, time);
    if (words < 0)
        return NDC_ERR_NOMEM;
    res->record = ++c->records;
    res->cluster = res->match = res->size = 0;
    res->score = 0;
    res->is_new = false;
    if (words == 0) {
        c->no_text++;
        return NDC_OK;
    }
    if (c->opts.window_time > 0) {
        if (time != NDC_NO_TIME && time > c->clock)
            c->clock = time;
        if (c->clock != NDC_NO_TIME)
            expire(c, c->clock - c->opts.window_time);
    }
    c->ops->best(c->mode, c->win.lo, c->win.hi, &best, &score);
    if (best != 0 && score >= (c->ops->threshold == NULL ?
        c->opts.threshold : c->ops->threshold(c->mode, c->opts.threshold))) {
        ndci_slot *s = ndci_window_at(&c->win, best);

        res->cluster = s->cluster;
        res->match = s->record;
    } else {
        res->cluster = res->record;
        res->is_new = true;
        c->clusters++;
    }
    res->score = score;
    if (ndci_window_len(&c->win) == c->win.cap)
        c->ops->evict(c->mode, c->win.lo);
    seq = ndci_window_push(&c->win, res->record, res->cluster,
        time != NDC_NO_TIME ? time : c->clock);
    c->ops->insert(c->mode, seq, res->cluster);
    clu = ndci_window_cluster(&c->win, res->cluster);
    res->size = clu->size;
    if (ndci_window_len(&c->win) > c->peak)
        c->peak = ndci_window_len(&c->win);
    return NDC_OK;
}

void
ndc_ctx_stats(const ndc_ctx *c, ndc_stats *st)
{
    st->records = c->records;
    st->no_text = c->no_text;
    st->clusters = c->clusters;
    st->window_len = ndci_window_len(&c->win);
    st->window_peak = c->peak;
    st->mem_bytes = sizeof(*c) + ndci_window_bytes(&c->win) +
        c->ops->bytes(c->mode);
}
