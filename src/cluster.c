/*
 * cluster.c - the context: options, the window of records, and the mode
 * that finds similar records.  Each text is compared with the window,
 * joins the cluster of the most similar record at or above the
 * threshold, or founds a cluster numbered after itself.
 */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "ctx_impl.h"

void
ndc_opts_init_sized(ndc_opts *o, size_t size)
{
    ndc_opts d;

    d.size = sizeof(d);
    d.mode = NDC_MODE_NEAR;
    d.window = NDC_DEFAULT_WINDOW;
    d.perm = NDC_DEFAULT_PERM;
    d.bands = 0;
    d.shingle = NDC_DEFAULT_SHINGLE;
    d.threshold = -1.0;
    d.seed = NDC_DEFAULT_SEED;
    d.stopwords = NULL;
    d.stopwords_len = 0;
    d.decay = 0.0;
    d.window_time = 0.0;
    d.keep_markup = false;
    d.horizon = -1.0;
    memcpy(o, &d, size < sizeof(d) ? size : sizeof(d));
    if (size >= sizeof(o->size))
        o->size = size;
}

/*
 * Copies the caller's options into *o, then checks those of the context
 * and has the mode check and default its own.  The caller's struct may
 * be of an older, shorter header: the fields it lacks keep defaults.
 */
static ndc_status
take_opts(ndc_opts *o, const ndc_opts *in, const ndci_mode_ops **ops)
{
    size_t n = in->size < sizeof(*o) ? in->size : sizeof(*o);

    ndc_opts_init(o);
    if (in->size < offsetof(ndc_opts, mode) + sizeof(in->mode))
        return NDC_ERR_INVALID;
    memcpy(o, in, n);
    o->size = sizeof(*o);
    *ops = ndci_mode_ops_of(o->mode);
    if (*ops == NULL)
        return NDC_ERR_UNSUPPORTED;
    if (o->window < 1 || o->window > NDC_MAX_WINDOW ||
        !(o->threshold <= 1.0) ||
        !(o->window_time >= 0.0 && o->window_time <= 1e15) ||
        !(o->horizon <= 1e15))
        return NDC_ERR_INVALID;
    /* A mode without a horizon keeps 0, so its state never differs by
       one. */
    if (((*ops)->opts & NDC_OPT_HORIZON) == 0)
        o->horizon = 0.0;
    if (o->threshold < 0)
        o->threshold = (*ops)->default_threshold;
    return (*ops)->check(o);
}

static ndc_status prep_new(ndc_prep **out, const ndc_ctx *c, bool scratch);

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
    c = calloc(1, sizeof(*c));
    if (c == NULL)
        return NDC_ERR_NOMEM;
    st = take_opts(&c->opts, o, &c->ops);
    if (st != NDC_OK) {
        free(c);
        return st;
    }
    c->clock = NDC_NO_TIME;
    c->digest = c->ops->digest == NULL ? 0 : c->ops->digest(&c->opts);
    if (!ndci_window_init(&c->win, c->opts.window))
        st = NDC_ERR_NOMEM;
    if (st == NDC_OK)
        st = c->ops->create(&c->mode, &c->opts, &c->win);
    /* borrowed: the mode keeps a copy */
    c->opts.stopwords = NULL;
    c->opts.stopwords_len = 0;
    if (st == NDC_OK)
        st = prep_new(&c->prep, c, true);
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
    ndc_prep_free(c->prep);
    if (c->mode != NULL)
        c->ops->destroy(c->mode);
    ndci_window_free(&c->win);
    free(c);
}

/* A prep for c; its scratch made now if scratch, else when it first
   prepares. */
static ndc_status
prep_new(ndc_prep **out, const ndc_ctx *c, bool scratch)
{
    ndc_prep *p;
    ndc_status st;

    if (out == NULL)
        return NDC_ERR_INVALID;
    *out = NULL;
    if (c == NULL)
        return NDC_ERR_INVALID;
    p = ndci_calloc_lines(1, sizeof(*p));
    if (p == NULL)
        return NDC_ERR_NOMEM;
    p->ctx = c;
    p->words = -1;
    st = c->ops->prep_create(&p->mode, c->mode, scratch);
    if (st != NDC_OK) {
        free(p);
        return st;
    }
    *out = p;
    return NDC_OK;
}

ndc_status
ndc_prep_create(ndc_prep **out, const ndc_ctx *c)
{
    return prep_new(out, c, false);
}

void
ndc_prep_free(ndc_prep *p)
{
    if (p == NULL)
        return;
    p->ctx->ops->prep_destroy(p->mode);
    free(p);
}

ndc_status
ndc_prep_fields(ndc_prep *p, const ndc_field *f, size_t n, double time)
{
    size_t i;
    int words;

    if (p == NULL || (f == NULL && n != 0))
        return NDC_ERR_INVALID;
    for (i = 0; i < n; i++)
        if ((f[i].text == NULL && f[i].len != 0) ||
            !(f[i].weight >= 1e-6 && f[i].weight <= 1e6))
            return NDC_ERR_INVALID;
    p->words = -1;
    words = n == 0 ? 0 : p->ctx->ops->prepare(p->ctx->mode, p->mode, f, n,
        time);
    if (words < 0)
        return NDC_ERR_NOMEM;
    p->words = words;
    p->time = time;
    return NDC_OK;
}

ndc_status
ndc_prep_move(ndc_prep *dst, ndc_prep *src)
{
    if (dst == NULL || src == NULL || dst->ctx != src->ctx ||
        src->words < 0)
        return NDC_ERR_INVALID;
    if (dst == src)
        return NDC_OK;
    dst->words = -1;
    if (src->words > 0 &&
        !src->ctx->ops->prep_move(src->ctx->mode, dst->mode, src->mode))
        return NDC_ERR_NOMEM;
    dst->words = src->words;
    dst->time = src->time;
    src->words = -1;
    return NDC_OK;
}

/* Reads only what no record changes: p's features may be on their
   way from another core, and are fetched whether p holds one or not. */
void
ndc_prep_prefetch(const ndc_prep *p)
{
    if (p == NULL)
        return;
    __builtin_prefetch(&p->time);
    if (p->ctx->ops->prep_prefetch != NULL)
        p->ctx->ops->prep_prefetch(p->ctx->mode, p->mode);
}

/*
 * Takes the oldest record out of the mode and the window.  pinned is the
 * cluster of a record being committed, already counted in the window:
 * for the mode, the record leaving is its cluster's last when no other
 * record of it was indexed before.
 */
static void
evict_oldest(ndc_ctx *c, uint64_t pinned)
{
    uint64_t seq = c->win.lo;
    ndci_clu *k = ndci_window_cluster(&c->win,
        ndci_window_at(&c->win, seq)->cluster);

    c->ops->evict(c->mode, seq, k, k->live - (k->id == pinned) == 1);
    ndci_window_drop(&c->win, k);
}

/* With a time window: moves the clock to time, if later, and evicts
   the records older than the clock minus the window's span. */
static void
expire(ndc_ctx *c, double time)
{
    double cutoff;

    if (time != NDC_NO_TIME && time > c->clock)
        c->clock = time;
    if (c->clock == NDC_NO_TIME)
        return;
    cutoff = c->clock - c->opts.window_time;
    while (ndci_window_len(&c->win) > 0 &&
        ndci_window_at(&c->win, c->win.lo)->time < cutoff)
        evict_oldest(c, 0);
}

/*
 * Counts the record in its cluster, makes room in a full window, and
 * indexes it as the window's newest record.
 */
static void
index_record(ndc_ctx *c, ndc_prep *p, ndc_result *res)
{
    const ndci_clu *k;

    ndci_window_count(&c->win, res->cluster);
    if (ndci_window_len(&c->win) == c->win.cap)
        evict_oldest(c, res->cluster);
    k = ndci_window_place(&c->win, res->record, res->cluster,
        p->time != NDC_NO_TIME ? p->time : c->clock);
    c->ops->insert(c->mode, p->mode, c->win.hi, k);
    res->size = k->size;
    if (ndci_window_len(&c->win) > c->peak)
        c->peak = ndci_window_len(&c->win);
}

ndc_status
ndc_ctx_commit(ndc_ctx *c, ndc_prep *p, ndc_result *res)
{
    ndci_join j;

    if (c == NULL || p == NULL || res == NULL || p->ctx != c ||
        p->words < 0)
        return NDC_ERR_INVALID;
    if (c->records >= NDC_MAX_RECORDS)
        return NDC_ERR_FULL;
    res->record = ++c->records;
    res->cluster = res->match = res->size = 0;
    res->score = 0;
    res->is_new = false;
    if (p->words == 0) {
        p->words = -1;
        c->no_text++;
        return NDC_OK;
    }
    if (c->opts.window_time > 0)
        expire(c, p->time);
    c->ops->join(c->mode, p->mode, c->opts.threshold, &j);
    /* A mode answers with a record of the window; a state crafted to
       say otherwise must not make it read outside the ring. */
    if (j.seq < c->win.lo || j.seq > c->win.hi)
        j.joins = false;
    if (j.joins) {
        const ndci_slot *s = ndci_window_at(&c->win, j.seq);

        res->cluster = s->cluster;
        res->match = s->record;
    } else {
        res->cluster = res->record;
        res->is_new = true;
        c->clusters++;
    }
    res->score = j.score;
    index_record(c, p, res);
    p->words = -1;
    return NDC_OK;
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
    ndc_status st;

    if (c == NULL || res == NULL)
        return NDC_ERR_INVALID;
    if (c->records >= NDC_MAX_RECORDS)
        return NDC_ERR_FULL;
    st = ndc_prep_fields(c->prep, f, n, time);
    return st != NDC_OK ? st : ndc_ctx_commit(c, c->prep, res);
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
        c->ops->bytes(c->mode) + c->ops->prep_bytes(c->prep->mode);
}

const char *
ndc_ctx_errmsg(const ndc_ctx *c)
{
    return c == NULL ? "" : c->errmsg;
}

ndc_status
ndc_ctx_label(const ndc_ctx *c, uint64_t cluster, const char **text,
    size_t *len)
{
    const ndci_clu *k;

    if (c == NULL || text == NULL || len == NULL)
        return NDC_ERR_INVALID;
    if (c->ops->label == NULL)
        return NDC_ERR_UNSUPPORTED;
    k = cluster != 0 ? ndci_window_cluster(&c->win, cluster) : NULL;
    if (k == NULL || !c->ops->label(c->mode, k, text, len))
        return NDC_ERR_INVALID;
    return NDC_OK;
}
