/*
 * story.c - same-story mode: its operations.  See story.h for the idea;
 * the work is in story_terms.c, story_post.c, story_centroid.c,
 * story_fold.c and story_names.c.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "story.h"

/* The built-in stop words: English function words and news boilerplate
   verbs that carry no story ("said", "says"). */
static const char builtin_stopwords[] =
    "a about above after again against all also am an and any are as at "
    "be because been before being below between both but by can could "
    "did do does doing down during each few for from further had has "
    "have having he her here hers herself him himself his how i if in "
    "into is it its itself just me more most my myself no nor not now of "
    "off on once only or other our ours ourselves out over own same she "
    "should so some such than that the their theirs them themselves then "
    "there these they this those through to too under until up very was "
    "we were what when where which while who whom why will with would "
    "you your yours yourself yourselves said says say told according "
    "would could may might must shall one two new also per via "
    "mr mrs ms s t d ll m re ve";

/* Lines of the document-frequency sketch for a window of cap records:
   8 (120 counters) per record, from 2^6 up to 2^17 (8 MB, from a window
   of 16384 up): room for the distinct words of two windows of news text
   with few shared counters. */
static size_t
df_lines(uint32_t cap)
{
    uint64_t n = ndci_pow2_ceil((uint64_t)cap * 8);

    return (size_t)(n < (1u << 6) ? (1u << 6) : n > (1u << 17) ?
        (1u << 17) : n);
}

static int
cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

    return x < y ? -1 : x > y;
}

/* The stop words of the len bytes at sw, each once, into m->stop. */
static bool
stop_init(story *m, const char *sw, size_t len)
{
    ndci_buf text = {0};
    ndci_u64s words = {0};
    size_t i;
    bool ok = ndci_text_hashes(sw, len, m->seed, NDCI_TEXT_PAIRS, &text,
        &words);

    m->stop = ok ? ndci_calloc(words.len + 1, sizeof(uint64_t)) : NULL;
    if (m->stop != NULL) {
        for (i = 0; i < words.len; i++)
            m->stop[i] = ndci_story_term(words.v[i]);
        qsort(m->stop, words.len, sizeof(uint64_t), cmp_u64);
        for (i = 0, m->n_stop = 0; i < words.len; i++)
            if (m->n_stop == 0 || m->stop[m->n_stop - 1] != m->stop[i])
                m->stop[m->n_stop++] = m->stop[i];
    }
    ndci_buf_free(&text);
    ndci_u64s_free(&words);
    return m->stop != NULL;
}

static ndc_status
story_check(ndc_opts *o)
{
    /* Time as a horizon, not only as a decay: it was measured to be the
       better default (see ndcluster(1), story mode). */
    if (o->horizon < 0)
        o->horizon = NDC_DEFAULT_STORY_HORIZON;
    return (o->decay >= 0.0 && o->decay <= 1e15) &&
        (o->stopwords != NULL || o->stopwords_len == 0) ?
        NDC_OK : NDC_ERR_INVALID;
}

/* A digest of the stop words, for the settings of a state: 0 for the
   built-in list. */
static uint64_t
story_digest(const ndc_opts *o)
{
    return o->stopwords == NULL ? 0 :
        ndci_hash(o->stopwords, o->stopwords_len) | 1;
}

static void
story_destroy(void *p)
{
    story *m = p;
    size_t cap, nc;

    if (m == NULL)
        return;
    cap = m->cap;
    nc = cap + 1;
    free(m->stop);
    ndci_big_free(m->df, (size_t)m->df_mask + 1, sizeof(df_line));
    ndci_big_free(m->heads, (size_t)m->heads_mask + 1, sizeof(uint32_t));
    ndci_big_free(m->vecs, (size_t)m->n_pages * VEC_PAGE, sizeof(tw));
    free(m->page_live);
    free(m->page_free);
    ndci_big_free(m->rec, cap, sizeof(story_rec));
    ndci_big_free(m->posts, (size_t)cap * INDEX_TERMS, sizeof(story_posting));
    ndci_big_free(m->cen, nc * CEN_TERMS, sizeof(tw));
    free(m->row_free);
    ndci_big_free(m->cens_mem, nc + 1, sizeof(story_cen));
    ndci_big_free(m->span, nc, sizeof(story_span));
    ndci_big_free(m->fold, nc, sizeof(uint64_t));
    free(m->tmp);
    free(m->keys);
    free(m);
}

/* Allocates the tables of a window of m->cap records; false if one
   could not be. */
static bool
story_alloc(story *m)
{
    size_t cap = m->cap, nc = cap + 1, n_df = df_lines(m->cap);

    m->df_mask = n_df - 1;
    m->df = ndci_big_alloc(n_df, sizeof(df_line));
    /* two buckets or more per posting the window can hold */
    m->heads_mask = ndci_pow2_ceil((uint64_t)cap * INDEX_TERMS * 2) - 1;
    m->heads = ndci_big_alloc((size_t)m->heads_mask + 1, sizeof(uint32_t));
    m->head_bits = 64u - (uint32_t)__builtin_clzll((uint64_t)cap *
        INDEX_TERMS);
    m->head_mask = (uint32_t)(((uint64_t)1 << m->head_bits) - 1);
    m->n_pages = ndci_story_pages(m->cap);
    m->vecs = ndci_big_alloc((size_t)m->n_pages * VEC_PAGE, sizeof(tw));
    m->page_live = ndci_calloc(m->n_pages, sizeof(uint32_t));
    m->page_free = ndci_calloc(m->n_pages, sizeof(uint32_t));
    m->rec = ndci_big_alloc(cap, sizeof(story_rec));
    m->posts = ndci_big_alloc(cap * INDEX_TERMS, sizeof(story_posting));
    m->cen = ndci_big_alloc(nc * CEN_TERMS, sizeof(tw));
    m->row_free = ndci_calloc(nc, sizeof(uint32_t));
    /* one more, to start them on a cache line */
    m->cens_mem = ndci_big_alloc(nc + 1, sizeof(story_cen));
    m->cens = m->cens_mem == NULL ? NULL : (story_cen *)(void *)
        ((char *)m->cens_mem + (-(uintptr_t)m->cens_mem & 63));
    m->span = ndci_big_alloc(nc, sizeof(story_span));
    m->fold = ndci_big_alloc(nc, sizeof(uint64_t));
    m->tmp = ndci_calloc(CEN_TERMS + REC_TERMS, sizeof(tw));
    m->keys = ndci_calloc(2 * (CEN_TERMS + REC_TERMS), sizeof(uint64_t));
    if (m->page_live != NULL)
        ndci_story_vec_reset(m);
    return m->df != NULL && m->heads != NULL && m->vecs != NULL &&
        m->page_live != NULL && m->page_free != NULL &&
        m->rec != NULL && m->posts != NULL && m->cen != NULL &&
        m->row_free != NULL &&
        m->cens != NULL && m->span != NULL && m->fold != NULL &&
        m->tmp != NULL && m->keys != NULL;
}

static ndc_status
story_create(void **out, const ndc_opts *o, const ndci_window *w)
{
    story *m = calloc(1, sizeof(*m));

    *out = NULL;
    if (m == NULL)
        return NDC_ERR_NOMEM;
    m->cap = o->window;
    m->seed = o->seed;
    m->decay = o->decay;
    m->horizon = o->horizon;
    m->text = o->keep_markup ? NDCI_TEXT_KEEP_MARKUP : 0;
    m->win = w;
    if (!stop_init(m, o->stopwords != NULL ? o->stopwords :
        builtin_stopwords, o->stopwords != NULL ? o->stopwords_len :
        sizeof(builtin_stopwords) - 1) || !story_alloc(m)) {
        story_destroy(m);
        return NDC_ERR_NOMEM;
    }
    *out = m;
    return NDC_OK;
}

static size_t
story_bytes(const void *p)
{
    const story *m = p;
    size_t cap = m->cap;

    return sizeof(*m) + m->n_stop * sizeof(uint64_t) +
        ((size_t)m->df_mask + 1) * sizeof(df_line) +
        ((size_t)m->heads_mask + 1) * sizeof(uint32_t) +
        (size_t)m->n_pages * (VEC_PAGE * sizeof(tw) + 2 * sizeof(uint32_t)) +
        cap * (sizeof(story_rec) + INDEX_TERMS * sizeof(story_posting)) +
        (cap + 2) * sizeof(story_cen) +
        (cap + 1) * (CEN_TERMS * sizeof(tw) + sizeof(story_span) +
        sizeof(uint64_t) + sizeof(uint32_t)) +
        (CEN_TERMS + REC_TERMS) * (sizeof(tw) + 2 * sizeof(uint64_t));
}

static void
story_prep_destroy(void *p)
{
    if (p == NULL)
        return;
    ndci_story_prep_free(p);
    free(p);
}

static ndc_status
story_prep_create(void **out, const void *m, bool scratch)
{
    story_prep *q = ndci_calloc_lines(1, sizeof(*q));

    *out = NULL;
    if (q == NULL)
        return NDC_ERR_NOMEM;
    if (scratch && !ndci_story_prep_init(m, q)) {
        story_prep_destroy(q);
        return NDC_ERR_NOMEM;
    }
    *out = q;
    return NDC_OK;
}

static size_t
story_prep_bytes(const void *p)
{
    const story_prep *q = p;

    return sizeof(*q) + q->acc_cap * (sizeof(acc_ent) +
        sizeof(uint64_t) / 2 + sizeof(uint32_t)) + q->text.cap +
        (q->words.cap + q->names.cap) * sizeof(uint64_t);
}

static int
story_prepare(const void *m, void *q, const ndc_field *f, size_t n,
    double time)
{
    return ndci_story_prepare(m, q, f, n, time);
}

static bool
story_prep_move(const void *m, void *dst, const void *src)
{
    (void)m;
    return ndci_story_prep_move(dst, src);
}

/*
 * A short text shares fewer terms with its story's centroid than a long
 * one does, so its cosine runs lower: the threshold is scaled down by
 * (terms / SHORT_TERMS)^SHORT_POW below SHORT_TERMS terms.
 */
static double
threshold_for(uint32_t n_vec, double t)
{
    if (n_vec >= SHORT_TERMS || t >= 1)
        return t;
    return t * pow((double)n_vec / SHORT_TERMS, SHORT_POW);
}

/*
 * Weighs the prepared record's terms, then scores the clusters of the
 * records that posted its terms and the clusters lately joined (newest
 * first: a short text takes fewer), and names the newest record of the
 * best, or of the cluster that the best folded into (story_fold.c).
 */
static void
story_join(void *p, void *prep, double t, ndci_join *out)
{
    story *m = p;
    story_prep *q = prep;
    uint32_t i, n_recent;
    double thr;

    ndci_story_weigh(m, q);
    thr = threshold_for(q->n_vec, t);
    m->query = q;
    m->best_seq = 0;
    m->best_score = m->second_score = 0;
    m->n_pend = 0;
    if (++m->stamp == 0) {
        /* the set of candidates must not take an old stamp for this */
        memset(m->seen, 0, sizeof(m->seen));
        m->stamp = 1;
    }
    if (m->win->hi >= m->win->lo) {
        m->qmap_made = false;
        m->qsig_made = false;
        ndci_story_candidates(m, q);
        n_recent = q->n_vec < SHORT_TERMS ? RECENT_SHORT : RECENT;
        for (i = 1; i <= n_recent; i++) {
            uint64_t id = m->recent[(m->recent_at + RECENT - i) % RECENT];
            const ndci_clu *c = id == 0 ? NULL :
                ndci_window_cluster(m->win, id);

            if (c != NULL)
                ndci_story_pend(m, c->slot);
        }
        ndci_story_flush(m, q);
        if (m->best_score > 0)
            m->best_seq = m->span[m->best_cs].newest;
        ndci_story_fold(m, t, thr);
    }
    out->seq = m->best_seq;
    out->score = m->best_score > 1.0 ? 1.0 : m->best_score;
    out->joins = out->seq != 0 && out->score >= thr;
}

static void
story_insert(void *p, const void *prep, uint64_t seq, const ndci_clu *c)
{
    story *m = p;
    const story_prep *q = prep;
    size_t slot = ndci_window_slot(m->win, seq);
    story_span *sp = &m->span[c->slot];

    ndci_story_vec_put(m, slot, q->vec, q->n_vec);
    ndci_story_post(m, q->post, q->n_post, slot, seq, c->slot);
    ndci_story_cen_add(m, q, c, m->rec[slot].at);
    /* The latest time of its members: a late record of an old time, or
       one without a time, must not make a live story look quiet. */
    if (sp->newest == 0 || q->time > sp->time)
        sp->time = q->time;
    sp->newest = seq;
    if (m->recent[(m->recent_at + RECENT - 1) % RECENT] != c->id) {
        m->recent[m->recent_at] = c->id;
        m->recent_at = (m->recent_at + 1) % RECENT;
    }
}

static void
story_evict(void *p, uint64_t seq, const ndci_clu *c, bool last)
{
    story *m = p;
    size_t slot = ndci_window_slot(m->win, seq);

    /* Its postings stay: a walk takes a posting whose record has left
       for none, and the next record in its slot writes over them. */
    if (last)
        ndci_story_cen_clear(m, c->slot);
    else
        ndci_story_cen_sub(m, c, ndci_story_vec(m, slot), m->rec[slot].n);
    ndci_story_vec_drop(m, slot);
}

/*
 * The state of story mode holds only what is live or learned, so that
 * it grows with the records in the window, not with its capacity: the
 * shape it was built with (its sizes are compiled in), the lines of the
 * frequency sketch that have counts, each live record's vector and
 * posted terms (oldest first), each live cluster's fold and centroid (by
 * id), and the counters.  The postings are not saved: story_load() posts
 * the records again, which chains them as they were (a chain ended at a
 * record that has left; it now ends at none).
 */
/* Whether a line of the sketch counts anything: a line of zeros reads
   as zeros whatever its epoch. */
static bool
df_used(const df_line *l)
{
    unsigned i;

    for (i = 0; i < DF_SLOTS; i++)
        if (l->c[i] != 0.0f)
            return true;
    return false;
}

static bool
save_df(const story *m, ndci_writer *w)
{
    uint64_t i, n = 0;

    for (i = 0; i <= m->df_mask; i++)
        n += df_used(&m->df[i]);
    if (!ndci_put_u64(w, m->df_mask) || !ndci_put_u64(w, n))
        return false;
    for (i = 0; i <= m->df_mask; i++)
        if (df_used(&m->df[i]) && (!ndci_put_u64(w, i) ||
            !ndci_put(w, &m->df[i], sizeof(df_line))))
            return false;
    return ndci_put_u64(w, m->n_docs_seen) &&
        ndci_put(w, &m->n_docs, sizeof(m->n_docs)) &&
        ndci_put_u64(w, m->n_docs_epoch);
}

static bool
save_records(const story *m, ndci_writer *w)
{
    uint64_t seq, lo = m->win->lo, hi = m->win->hi;

    for (seq = lo; seq <= hi && hi >= lo; seq++) {
        size_t sl = ndci_window_slot(m->win, seq);
        const story_rec *r = &m->rec[sl];
        const story_posting *e = &m->posts[sl * INDEX_TERMS];
        uint32_t post[INDEX_TERMS], i;

        for (i = 0; i < r->n_post; i++)
            post[i] = e[i].tid & TID_MASK;
        if (!ndci_put(w, &r->n, 1) ||
            !ndci_put(w, m->vecs + r->at, r->n * sizeof(tw)) ||
            !ndci_put(w, &r->n_post, 1) ||
            !ndci_put(w, post, r->n_post * sizeof(uint32_t)))
            return false;
    }
    return true;
}

static bool
save_clusters(const story *m, ndci_writer *w)
{
    const ndci_window *win = m->win;
    size_t i;

    /* where a cluster's last query was once saved: the set of a query's
       candidates now lies apart (story_centroid.c), and this is 0 */
    static const uint32_t stamp = 0;

    for (i = 0; i <= win->clu_mask; i++) {
        uint32_t cs = win->clus[i].slot;
        const story_cen *c = &m->cens[cs];
        uint32_t n = c->n;

        if (win->clus[i].id != 0 && (!ndci_put_u64(w, win->clus[i].id) ||
            !ndci_put_u64(w, m->fold[cs]) ||
            !ndci_put(w, &n, sizeof(uint32_t)) ||
            !ndci_put(w, &c->norm, sizeof(float)) ||
            !ndci_put(w, &m->span[cs].time, sizeof(double)) ||
            !ndci_put(w, &stamp, sizeof(uint32_t)) ||
            !ndci_put(w, ndci_story_cen_terms(m, cs), n * sizeof(tw))))
            return false;
    }
    return true;
}

static bool
story_save(const void *p, ndci_writer *w)
{
    const story *m = p;

    return ndci_put_u64(w, REC_TERMS) && ndci_put_u64(w, INDEX_TERMS) &&
        ndci_put_u64(w, CEN_TERMS) && ndci_put_u64(w, RECENT) &&
        save_df(m, w) && save_records(m, w) && save_clusters(m, w) &&
        ndci_put(w, m->recent, sizeof(m->recent)) &&
        ndci_put_u64(w, m->recent_at) && ndci_put_u64(w, m->stamp);
}

/* Empties what the records and clusters fill, before a load. */
static void
story_clear(story *m)
{
    size_t cap = m->cap, nc = cap + 1;

    memset(m->df, 0, ((size_t)m->df_mask + 1) * sizeof(df_line));
    memset(m->heads, 0, ((size_t)m->heads_mask + 1) * sizeof(uint32_t));
    memset(m->rec, 0, cap * sizeof(story_rec));
    ndci_story_vec_reset(m);
    memset(m->cens, 0, nc * sizeof(story_cen));
    memset(m->span, 0, nc * sizeof(story_span));
    m->n_row_free = m->rows_taken = 0;
    memset(m->fold, 0, nc * sizeof(uint64_t));
}

static bool
load_df(story *m, ndci_reader *r)
{
    uint64_t n, i, prev = 0;

    if (ndci_get_u64(r) != m->df_mask)
        return false;
    n = ndci_get_u64(r);
    if (!r->ok || n > m->df_mask + 1)
        return false;
    for (i = 0; i < n; i++) {
        uint64_t at = ndci_get_u64(r);

        /* lines in order, each once, within the sketch */
        if (!r->ok || at > m->df_mask || (i > 0 && at <= prev) ||
            !ndci_get(r, &m->df[at], sizeof(df_line)))
            return false;
        prev = at;
    }
    m->n_docs_seen = ndci_get_u64(r);
    ndci_get(r, &m->n_docs, sizeof(m->n_docs));
    m->n_docs_epoch = (uint32_t)ndci_get_u64(r);
    return r->ok;
}

/* Reads each live record's vector and terms, and posts them again. */
static bool
load_records(story *m, ndci_reader *r)
{
    uint64_t seq, lo = m->win->lo, hi = m->win->hi;

    for (seq = lo; seq <= hi && hi >= lo; seq++) {
        size_t sl = ndci_window_slot(m->win, seq);
        uint32_t post[INDEX_TERMS];
        tw vec[REC_TERMS];
        uint8_t n_vec, n_post;
        const ndci_clu *c;

        /* a record always has a term (an empty text is not kept) */
        if (!ndci_get(r, &n_vec, 1) || n_vec == 0 || n_vec > REC_TERMS ||
            !ndci_get(r, vec, n_vec * sizeof(tw)) ||
            !ndci_get(r, &n_post, 1) || n_post > INDEX_TERMS ||
            !ndci_get(r, post, n_post * sizeof(uint32_t)))
            return false;
        c = ndci_window_cluster(m->win, m->win->slots[sl].cluster);
        if (c == NULL)
            return false;
        ndci_story_vec_put(m, sl, vec, n_vec);
        ndci_story_post(m, post, n_post, sl, seq, c->slot);
    }
    return true;
}

/* Reads a centroid and a fold for each of the window's live clusters,
   by id. */
static bool
load_clusters(story *m, ndci_reader *r)
{
    const ndci_window *win = m->win;
    size_t i, n = 0;

    for (i = 0; i <= win->clu_mask; i++)
        n += win->clus[i].id != 0;
    for (i = 0; i < n; i++) {
        const ndci_clu *c = ndci_window_cluster(win, ndci_get_u64(r));
        uint32_t cs, stamp, nt;

        if (!r->ok || c == NULL)
            return false;
        cs = c->slot;
        m->fold[cs] = ndci_get_u64(r);
        if (m->fold[cs] != 0)
            m->cens[cs].flags |= CEN_FOLDED;
        if (!ndci_get(r, &nt, sizeof(uint32_t)) || nt > CEN_TERMS ||
            !ndci_get(r, &m->cens[cs].norm, sizeof(float)) ||
            !ndci_get(r, &m->span[cs].time, sizeof(double)) ||
            !ndci_get(r, &stamp, sizeof(uint32_t)) ||
            !ndci_get(r, ndci_story_cen_row(m, cs), nt * sizeof(tw)))
            return false;
        m->cens[cs].n = (uint8_t)nt;
        m->span[cs].newest = c->newest;
        ndci_story_sig_build(m, cs);
    }
    return ndci_story_fold_check(m);
}

static bool
story_load(void *p, ndci_reader *r)
{
    story *m = p;

    if (ndci_get_u64(r) != REC_TERMS || ndci_get_u64(r) != INDEX_TERMS ||
        ndci_get_u64(r) != CEN_TERMS || ndci_get_u64(r) != RECENT)
        return false;
    story_clear(m);
    if (!load_df(m, r) || !load_records(m, r) || !load_clusters(m, r) ||
        !ndci_get(r, m->recent, sizeof(m->recent)))
        return false;
    m->recent_at = (uint32_t)ndci_get_u64(r);
    m->stamp = (uint32_t)ndci_get_u64(r);
    return r->ok && m->recent_at < RECENT;
}

const ndci_mode_ops ndci_story_ops = {
    .name = "story",
    .summary = "articles on the same story",
    .default_threshold = NDC_DEFAULT_STORY_THRESHOLD,
    .opts = NDC_OPT_WINDOW | NDC_OPT_THRESHOLD | NDC_OPT_SEED |
        NDC_OPT_STOPWORDS | NDC_OPT_DECAY | NDC_OPT_WINDOW_TIME |
        NDC_OPT_KEEP_MARKUP | NDC_OPT_HORIZON,
    .digest_of = "stop words",
    .check = story_check,
    .digest = story_digest,
    .create = story_create,
    .destroy = story_destroy,
    .bytes = story_bytes,
    .prep_create = story_prep_create,
    .prep_destroy = story_prep_destroy,
    .prep_bytes = story_prep_bytes,
    .prepare = story_prepare,
    .prep_move = story_prep_move,
    .prep_prefetch = ndci_story_prep_prefetch,
    .join = story_join,
    .insert = story_insert,
    .evict = story_evict,
    .save = story_save,
    .load = story_load,
};
