/*
 * cluster.c - the context: options, the window of records, and the mode
 * that finds similar records.  Each text is compared with the window,
 * joins the cluster of the most similar record at or above the
 * threshold, or founds a cluster numbered after itself.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
    uint64_t stop_hash;     /* of the stop word list; 0: built-in */
    char errmsg[160];
};

#define STATE_MAGIC "NDCSTATE"
#define STATE_VERSION 2u
#define STATE_ENDIAN 0x01020304u

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
    c->stop_hash = o->stopwords == NULL ? 0 :
        ndci_hash(o->stopwords, o->stopwords_len) | 1;
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
    if (c->records >= NDC_MAX_RECORDS)
        return NDC_ERR_FULL;
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
    /* A mode answers with a record of the window; a state crafted to
       say otherwise must not make it read outside the ring. */
    if (best < c->win.lo || best > c->win.hi)
        best = 0;
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

/* ---- state ---- */

/* The settings that shape clustering, in the order of the state file. */
typedef struct settings {
    uint64_t mode, window, perm, bands, shingle, seed, stop_hash;
    double threshold, decay, window_time;
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
    s->stop_hash = c->stop_hash;
    s->threshold = c->opts.threshold;
    s->decay = c->opts.decay;
    s->window_time = c->opts.window_time;
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
        "shingle", "seed", "stop words"};
    const uint64_t *fu = &f->mode, *nu = &n->mode;
    size_t i;

    for (i = 0; i < 7; i++)
        if (fu[i] != nu[i]) {
            if (i == 0)
                return refuse(c, "made with other settings: mode %s in "
                    "the file, %s now", fu[0] == NDC_MODE_STORY ? "story" :
                    fu[0] == NDC_MODE_NEAR ? "near" : "unknown",
                    nu[0] == NDC_MODE_STORY ? "story" : "near");
            if (i == 6)
                return refuse(c, "made with other settings: other stop "
                    "words");
            snprintf(c->errmsg, sizeof(c->errmsg), "made with other "
                "settings: %s %llu in the file, %llu now", names[i],
                (unsigned long long)fu[i], (unsigned long long)nu[i]);
            return NDC_ERR_STATE;
        }
    snprintf(c->errmsg, sizeof(c->errmsg), "made with other settings: %s "
        "%g in the file, %g now", f->threshold != n->threshold ? "threshold" :
        f->decay != n->decay ? "decay (seconds)" : "window time (seconds)",
        f->threshold != n->threshold ? f->threshold : f->decay != n->decay ?
        f->decay : f->window_time, f->threshold != n->threshold ?
        n->threshold : f->decay != n->decay ? n->decay : n->window_time);
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
        return refuse(c, "of format version %u; this ndcluster reads "
            "version %u", head[0], STATE_VERSION);
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
        !c->ops->load(c->mode, &r) || r.at != r.len ||
        !c->ops->fits(c->mode, c->win.lo, c->win.hi)) {
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
