/*
 * cluster_state.c - a context saved to and loaded from a state: its
 * settings, counts, window and mode (reading and writing the file, and
 * its lock, are statefile.c's).
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "ctx_impl.h"

#define STATE_MAGIC "NDCSTATE"
/* Version 7: story mode saves the cluster each cluster folded into.
   Version 5: texts are normalised to NFKC, markup left out, scripts
   without spaces cut into pairs, so the features of older states are
   not those a run would make now; keep_markup is a setting (4: only what
   is live is saved; 3: the window holds the one cluster table). */
#define STATE_VERSION 8u
#define STATE_ENDIAN 0x01020304u

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
