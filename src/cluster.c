/*
 * cluster.c - the context: options, the window of records, and the mode
 * that finds similar records.  Each text is compared with the window,
 * joins the cluster of the most similar record at or above the
 * threshold, or founds a cluster numbered after itself.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

struct ndc_ctx {
    ndc_opts opts;          /* checked, with the mode's defaults */
    const ndci_mode_ops *ops;
    void *mode;
    ndci_window win;
    ndc_prep *prep;         /* that of ndc_ctx_assign_fields() */
    uint64_t records;       /* records numbered so far */
    uint64_t no_text;
    uint64_t clusters;
    uint64_t peak;
    double clock;           /* newest time seen, or NDC_NO_TIME */
    uint64_t digest;        /* of the mode's settings beyond opts */
    char errmsg[160];
};

#define STATE_MAGIC "NDCSTATE"
/* Version 7: story mode saves the cluster each cluster folded into.
   Version 5: texts are normalised to NFKC, markup left out, scripts
   without spaces cut into pairs, so the features of older states are
   not those a run would make now; keep_markup is a setting (4: only what
   is live is saved; 3: the window holds the one cluster table). */
#define STATE_VERSION 8u
#define STATE_ENDIAN 0x01020304u

/* A record prepared for ctx: what the mode made of it, and its time.
   What each record writes is on a cache line apart from ctx and mode,
   so that another thread reads those to prefetch (ndc_prep_prefetch())
   without waiting for the line the preparing thread last wrote. */
struct ndc_prep {
    const ndc_ctx *ctx;
    void *mode;             /* the mode's scratch and features */
    _Alignas(NDCI_LINE) double time;
    int words;              /* 1: has words, 0: none, -1: none prepared */
};

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

/* ---- state ---- */

/* The settings that shape clustering, in the order of the state file. */
typedef struct settings {
    uint64_t mode, window, perm, bands, shingle, seed, digest, keep_markup;
    double threshold, decay, window_time, horizon;
} settings;

static void
settings_of(const ndc_ctx *c, settings *s)
{
    memset(s, 0, sizeof(*s));
    s->mode = (uint64_t)c->opts.mode;
    s->window = c->opts.window;
    s->perm = c->opts.perm;
    s->bands = c->opts.bands;
    s->shingle = c->opts.shingle;
    s->seed = c->opts.seed;
    s->digest = c->digest;
    s->keep_markup = c->opts.keep_markup;
    s->threshold = c->opts.threshold;
    s->decay = c->opts.decay;
    s->window_time = c->opts.window_time;
    s->horizon = c->opts.horizon;
}

/* Counts bytes, to know the total length before writing. */
static bool
count_bytes(void *arg, const void *p, size_t n)
{
    (void)p;
    *(uint64_t *)arg += n;
    return true;
}

/* Everything after the header's length field and before the checksum. */
static bool
save_body(const ndc_ctx *c, const void *user, size_t user_len,
    ndci_writer *w)
{
    settings s;

    settings_of(c, &s);
    return ndci_put(w, &s, sizeof(s)) && ndci_put_u64(w, user_len) &&
        ndci_put(w, user, user_len) && ndci_put_u64(w, c->records) &&
        ndci_put_u64(w, c->no_text) && ndci_put_u64(w, c->clusters) &&
        ndci_put_u64(w, c->peak) && ndci_put_f64(w, c->clock) &&
        ndci_window_save(&c->win, w) && c->ops->save(c->mode, w);
}

ndc_status
ndc_ctx_save(const ndc_ctx *c, const void *user, size_t user_len,
    ndc_write_fn fn, void *arg)
{
    ndci_writer w;
    uint64_t body = 0, total, sum;
    uint32_t head[2] = {STATE_VERSION, STATE_ENDIAN};
    bool ok;

    if (c == NULL || fn == NULL || (user == NULL && user_len != 0))
        return NDC_ERR_INVALID;
    /* A dry run measures the body, so that the header can say how long
       the file is and a cut one is known for what it is. */
    if (!ndci_writer_init(&w, count_bytes, &body)) {
        ndci_writer_free(&w);
        return NDC_ERR_NOMEM;
    }
    save_body(c, user, user_len, &w);
    ndci_writer_free(&w);
    total = 8 + sizeof(head) + 8 + body + 8;
    if (!ndci_writer_init(&w, fn, arg)) {
        ndci_writer_free(&w);
        return NDC_ERR_NOMEM;
    }
    ok = ndci_put(&w, STATE_MAGIC, 8) && ndci_put(&w, head, sizeof(head)) &&
        ndci_put_u64(&w, total) && save_body(c, user, user_len, &w);
    sum = ndci_writer_digest(&w);
    ok = ok && fn(arg, &sum, sizeof(sum));
    ndci_writer_free(&w);
    return ok ? NDC_OK : NDC_ERR_WRITE;
}

static ndc_status refuse(ndc_ctx *c, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/*
 * Whether the loaded record numbers can be: the count is at most
 * NDC_MAX_RECORDS (a count that wrapped would give record number 0, whose
 * cluster 0 the tables take for empty), and the window's records are
 * numbered upward, none past the count, each in a cluster founded by it
 * or before it.
 */
static bool
numbers_fit(ndc_ctx *c)
{
    uint64_t seq, prev = 0;

    if (c->records > NDC_MAX_RECORDS)
        return false;
    for (seq = c->win.lo; seq <= c->win.hi && c->win.hi >= c->win.lo;
        seq++) {
        const ndci_slot *s = ndci_window_at(&c->win, seq);

        if (s->record <= prev || s->record > c->records ||
            s->cluster == 0 || s->cluster > s->record)
            return false;
        prev = s->record;
    }
    return true;
}

static ndc_status
refuse(ndc_ctx *c, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(c->errmsg, sizeof(c->errmsg), fmt, ap);
    va_end(ap);
    return NDC_ERR_STATE;
}

/* Names the first setting that differs between the file (f) and now. */
static ndc_status
refuse_settings(ndc_ctx *c, const settings *f, const settings *n)
{
    static const char *const names[] = {"mode", "window", "perm", "bands",
        "shingle", "seed", "digest", "keep markup"};
    static const char *const real_names[] = {"threshold",
        "decay (seconds)", "window time (seconds)", "horizon (seconds)"};
    const uint64_t *fu = &f->mode, *nu = &n->mode;
    const double *fd = &f->threshold, *nd = &n->threshold;
    size_t i;

    for (i = 0; i < 8; i++)
        if (fu[i] != nu[i]) {
            const char *was = fu[0] <= UINT32_MAX ?
                ndc_mode_name((ndc_mode)fu[0]) : NULL;

            if (i == 0)
                return refuse(c, "made with other settings: mode %s in "
                    "the file, %s now", was != NULL ? was : "unknown",
                    c->ops->name);
            if (i == 6)
                return refuse(c, "made with other settings: other %s",
                    c->ops->digest_of != NULL ? c->ops->digest_of :
                    "settings of the mode");
            snprintf(c->errmsg, sizeof(c->errmsg), "made with other "
                "settings: %s %llu in the file, %llu now", names[i],
                (unsigned long long)fu[i], (unsigned long long)nu[i]);
            return NDC_ERR_STATE;
        }
    for (i = 0; i < 3 && fd[i] == nd[i]; i++)
        ;
    snprintf(c->errmsg, sizeof(c->errmsg), "made with other settings: %s "
        "%g in the file, %g now", real_names[i], fd[i], nd[i]);
    return NDC_ERR_STATE;
}

ndc_status
ndc_ctx_load(ndc_ctx *c, const void *data, size_t len, const void **user,
    size_t *user_len)
{
    ndci_reader r = {data, len, 0, true};
    uint32_t head[2];
    uint64_t total, sum, ulen;
    settings f, now;
    char magic[8];
    size_t at;

    if (c == NULL || (data == NULL && len != 0))
        return NDC_ERR_INVALID;
    c->errmsg[0] = '\0';
    if (c->records != 0)
        return NDC_ERR_INVALID;
    if (len == 0)
        return refuse(c, "the file is empty");
    if (!ndci_get(&r, magic, 8) || memcmp(magic, STATE_MAGIC, 8) != 0)
        return refuse(c, "not an ndcluster state file");
    if (!ndci_get(&r, head, sizeof(head)))
        return refuse(c, "truncated: %zu bytes", len);
    if (head[1] != STATE_ENDIAN)
        return refuse(c, "made on a machine of other byte order");
    if (head[0] != STATE_VERSION)
        return refuse(c, "made by %s version of ndcluster (state format "
            "%u; this one reads format %u)", head[0] < STATE_VERSION ?
            "an older" : "a newer", head[0], STATE_VERSION);
    total = ndci_get_u64(&r);
    if (!r.ok)
        return refuse(c, "truncated: %zu bytes", len);
    if (total < len)
        return refuse(c, "damaged: %zu bytes, more than the %llu its "
            "header gives", len, (unsigned long long)total);
    if (total > len)
        return refuse(c, "truncated: %zu of %llu bytes", len,
            (unsigned long long)total);
    memcpy(&sum, (const char *)data + len - 8, 8);
    if (ndci_hash(data, len - 8) != sum)
        return refuse(c, "damaged: checksum mismatch");
    r.len = len - 8;
    settings_of(c, &now);
    if (!ndci_get(&r, &f, sizeof(f)))
        return refuse(c, "damaged: too short for its settings");
    if (memcmp(&f, &now, sizeof(f)) != 0)
        return refuse_settings(c, &f, &now);
    ulen = ndci_get_u64(&r);
    at = r.at;
    if (!r.ok || ulen > r.len - r.at)
        return refuse(c, "damaged: bad length of the caller's data");
    r.at += (size_t)ulen;
    c->records = ndci_get_u64(&r);
    c->no_text = ndci_get_u64(&r);
    c->clusters = ndci_get_u64(&r);
    c->peak = ndci_get_u64(&r);
    c->clock = ndci_get_f64(&r);
    if (!r.ok || !ndci_window_load(&c->win, &r) || !numbers_fit(c) ||
        !c->ops->load(c->mode, &r) || r.at != r.len) {
        c->records = 0;
        return refuse(c, "damaged: its contents do not fit together");
    }
    if (user != NULL)
        *user = (const char *)data + at;
    if (user_len != NULL)
        *user_len = (size_t)ulen;
    return NDC_OK;
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
