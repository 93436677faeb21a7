/*
 * story.c - same-story mode.  A record becomes a sparse TF-IDF vector of
 * its strongest terms (stop words dropped, IDF learned from the stream);
 * its strongest few terms are posted in an inverted index bounded by the
 * window.  Candidate clusters come from those postings and from the
 * clusters most recently joined; the record joins the cluster whose
 * centroid (a bounded sum of its members' vectors) is nearest by cosine,
 * optionally decayed by the time gap.
 *
 * Document frequencies forget at the pace of the window: every window
 * length of records (an epoch) halves all counts, lazily, so that no
 * record needs to remember its whole term list to be unlearned.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define XXH_INLINE_ALL
#include <xxhash.h>

#include "internal.h"

/*
 * Sizes, measured on the labelled sets (see ndcluster(1) and
 * scripts/eval.py).  A build with -DNDC_TUNING reads overrides from the
 * environment (NDC_TUNE_*), for measuring only: the library proper never
 * reads the environment.
 */
#define REC_TERMS_MAX 64u
#define INDEX_TERMS_MAX 16u
#define CEN_TERMS_MAX 256u
#define REC_TERMS 64u       /* terms kept in a record's vector */
#define INDEX_TERMS 12u     /* strongest terms posted in the index */
#define POST_CAP 24u        /* postings read per term, newest first */
#define CEN_TERMS 128u      /* terms kept in a cluster's centroid */
#define RECENT 8u           /* recently joined clusters always compared */
#define WORD_MAX 64u        /* bytes of a word that are hashed */
#define PREFETCH_AHEAD 8u
#define LINK_CENTROID 0     /* compare with each cluster's centroid */
#define LINK_BEST 1         /* compare with the cluster's members */
#define NUM_YEARS 1         /* bare numbers: keep 4-digit ones only */
#define NAME_BOOST 3.5f     /* capitalised words count this many times */
#define SHORT_TERMS 32u     /* texts with fewer terms get a lower -t */
#define SHORT_POW 0.5

typedef struct tuning {
    uint32_t rec_terms, index_terms, post_cap, cen_terms, recent;
    int link, numbers;
    float name_boost;   /* weight of a capitalised word inside a sentence */
    float idf_pow;
    uint32_t short_terms;   /* below this many terms, a lower threshold */
    double short_pow;
} tuning;

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

typedef struct term_ent {
    uint64_t term;          /* 0: empty */
    float df;               /* records holding the term, decayed */
    uint32_t epoch;         /* epoch df was last brought up to */
    uint32_t head;          /* newest record posting it (seq mod 2^32) */
} term_ent;

typedef struct clu_ent {
    uint64_t id;            /* 0: empty */
    uint64_t newest;        /* seq of the newest member */
    double last_time;       /* newest member's time, or NDC_NO_TIME */
    float norm;             /* of the centroid */
    uint32_t live;          /* members in the window */
    uint32_t n_members;     /* members ever, for the running mean */
    uint32_t cen;           /* centroid slot */
    uint32_t n_terms;
    uint32_t stamp;         /* last query that scored it */
} clu_ent;

typedef struct tw {         /* one weighted term */
    uint32_t tid;
    float w;
} tw;

typedef struct acc_ent {    /* a term of the record being prepared */
    uint64_t term;
    float count;            /* occurrences times field weight */
    float named;            /* of those, capitalised in this field */
} acc_ent;

typedef struct story {
    tuning tu;
    size_t n_stop;
    uint32_t cap;
    uint64_t seed;
    double decay;
    /* stop words: open addressing over term hashes */
    uint64_t *stop;
    uint64_t stop_mask;
    /* term table */
    term_ent *terms;
    uint64_t term_mask;
    size_t n_terms;
    uint64_t n_docs_seen;   /* records counted, for the epoch */
    float n_docs;           /* decayed */
    uint32_t n_docs_epoch;
    /* per window slot */
    tw *rec_vec;            /* cap * REC_TERMS, sorted by tid */
    uint8_t *rec_n;         /* terms in each vector */
    uint64_t *rec_post;     /* cap * INDEX_TERMS terms posted */
    uint32_t *rec_link;     /* cap * INDEX_TERMS previous posting */
    uint8_t *rec_n_post;
    uint64_t *rec_cluster;
    double *rec_time;
    /* clusters */
    clu_ent *clus;
    uint64_t clu_mask;
    tw *cen;                /* (cap + 1) * CEN_TERMS */
    uint32_t *cen_free;     /* stack of free centroid slots */
    uint32_t n_cen_free;
    uint64_t recent[RECENT * 4];
    uint32_t recent_at;
    uint32_t stamp;
    /* the record being clustered */
    acc_ent *acc;
    uint64_t acc_mask;
    uint32_t *acc_used;
    size_t n_acc, acc_cap;
    size_t f_words, f_upper;    /* words of 4+ bytes in the field, and
                                   those capitalised */
    tw *vec;                /* REC_TERMS, sorted by tid */
    uint32_t n_vec;
    uint64_t post[INDEX_TERMS_MAX];
    uint32_t n_post;
    tw *tmp;                /* scratch for centroid merges */
    double time;
    /* best cluster of the current query */
    uint64_t best_seq;
    double best_score;
} story;

/* ---- helpers ---- */

static uint64_t
term_hash(const char *w, size_t n, uint64_t seed)
{
    uint64_t h = XXH3_64bits_withSeed(w, n, seed);

    return h != 0 ? h : 1;
}

static uint32_t
tid_of(uint64_t term)
{
    return (uint32_t)(term >> 32) ^ (uint32_t)term;
}

/*
 * Calls fn for each word of txt, case-folded, with flags: WORD_DIGITS if
 * it is all digits, WORD_NAME if it starts with a capital letter but
 * does not start a sentence (a name, most likely).  Words longer than
 * WORD_MAX bytes are cut there.
 */
enum { WORD_DIGITS = 1, WORD_NAME = 2, WORD_UPPER = 4 };

typedef bool (*word_fn)(story *m, const char *w, size_t n, int flags,
    float weight);

static bool
each_word(story *m, const char *txt, size_t len, float weight, word_fn fn)
{
    char w[WORD_MAX + 4];
    size_t i = 0, n = 0;
    bool digits = true, upper = false, sentence = true;

    while (i < len) {
        unsigned char c = (unsigned char)txt[i];
        uint32_t cp;
        ndci_cpclass k;

        if (c < 0x80) {
            i++;
            if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                (c >= 'A' && c <= 'Z')) {
                if (n == 0)
                    upper = c >= 'A' && c <= 'Z';
                if (n < WORD_MAX)
                    w[n++] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
                digits = digits && c >= '0' && c <= '9';
                continue;
            }
            k = NDCI_SEP;
            cp = c;
        } else {
            cp = ndci_utf8_next(txt, len, &i);
            k = ndci_cp_class(cp);
            if (k == NDCI_WORD) {
                uint32_t f = ndci_cp_fold(cp);

                if (n == 0)
                    upper = f != cp;
                if (n < WORD_MAX)
                    n += ndci_utf8_put(f, w + n);
                digits = false;
                continue;
            }
        }
        if (n > 0) {
            if (!fn(m, w, n, (digits ? WORD_DIGITS : 0) |
                (upper ? WORD_UPPER : 0) |
                (upper && !sentence ? WORD_NAME : 0), weight))
                return false;
            sentence = false;
        }
        if (cp == '.' || cp == '!' || cp == '?' || cp == '\n' ||
            cp == ':' || cp == '|')
            sentence = true;
        n = 0;
        digits = true;
        if (k == NDCI_SOLO) {
            n = ndci_utf8_put(cp, w);
            if (!fn(m, w, n, 0, weight))
                return false;
            n = 0;
        }
    }
    return n == 0 || fn(m, w, n, (digits ? WORD_DIGITS : 0) |
        (upper ? WORD_UPPER : 0) | (upper && !sentence ? WORD_NAME : 0),
        weight);
}

static bool
stop_has(const story *m, uint64_t h)
{
    uint64_t i = ndci_mix64(h) & m->stop_mask;

    while (m->stop[i] != 0) {
        if (m->stop[i] == h)
            return true;
        i = (i + 1) & m->stop_mask;
    }
    return false;
}

static bool
count_word(story *m, const char *w, size_t n, int flags, float weight)
{
    (void)w, (void)n, (void)flags, (void)weight;
    m->n_stop++;
    return true;
}

static bool
add_stop(story *m, const char *w, size_t n, int flags, float weight)
{
    uint64_t h = term_hash(w, n, m->seed), i;

    (void)flags, (void)weight;
    i = ndci_mix64(h) & m->stop_mask;
    while (m->stop[i] != 0 && m->stop[i] != h)
        i = (i + 1) & m->stop_mask;
    m->stop[i] = h;
    return true;
}

/* ---- the term table ---- */

static uint32_t
epoch_now(const story *m)
{
    return (uint32_t)(m->n_docs_seen / m->cap);
}

static float
decayed(float v, uint32_t from, uint32_t to)
{
    uint32_t d = to - from;

    return d == 0 ? v : d >= 64 ? 0.0f : ldexpf(v, -(int)d);
}

static term_ent *
term_find(story *m, uint64_t term)
{
    uint64_t i = ndci_mix64(term) & m->term_mask;

    for (;;) {
        term_ent *e = &m->terms[i];

        if (e->term == term || e->term == 0)
            return e;
        i = (i + 1) & m->term_mask;
    }
}

/*
 * Rebuilds the term table, dropping terms that are posted by no live
 * record and were last seen more than two epochs ago, into a table at
 * least four times the size of what is left.
 */
static bool
term_rebuild(story *m)
{
    uint32_t now = epoch_now(m);
    size_t keep = 0, i, old_n = (size_t)m->term_mask + 1;
    uint64_t n;
    term_ent *old = m->terms, *t;

    for (i = 0; i < old_n; i++)
        if (old[i].term != 0 &&
            (old[i].head != 0 || decayed(old[i].df, old[i].epoch, now) >=
            0.25f))
            keep++;
    n = ndci_pow2_ceil((uint64_t)keep * 4 + 64);
    t = ndci_calloc((size_t)n, sizeof(*t));
    if (t == NULL)
        return false;
    m->terms = t;
    m->term_mask = n - 1;
    m->n_terms = 0;
    for (i = 0; i < old_n; i++)
        if (old[i].term != 0 &&
            (old[i].head != 0 || decayed(old[i].df, old[i].epoch, now) >=
            0.25f)) {
            *term_find(m, old[i].term) = old[i];
            m->n_terms++;
        }
    free(old);
    return true;
}

/* The entry of term, added if new; NULL if memory ran out. */
static term_ent *
term_get(story *m, uint64_t term)
{
    term_ent *e = term_find(m, term);

    if (e->term == 0) {
        if ((m->n_terms + 1) * 2 > (size_t)m->term_mask + 1) {
            if (!term_rebuild(m))
                return NULL;
            e = term_find(m, term);
        }
        e->term = term;
        e->df = 0;
        e->epoch = epoch_now(m);
        e->head = 0;
        m->n_terms++;
    }
    return e;
}

/* ---- the record being prepared ---- */

static bool
acc_word(story *m, const char *w, size_t n, int flags, float weight)
{
    uint64_t h, i;

    if (n == 1 && (unsigned char)w[0] < 0x80)
        return true;
    if ((flags & WORD_DIGITS) && (m->tu.numbers == 0 ||
        (m->tu.numbers == NUM_YEARS && n != 4)))
        return true;
    h = term_hash(w, n, m->seed);
    if (stop_has(m, h))
        return true;
    if ((m->n_acc + 1) * 2 > m->acc_cap) {
        /* grow the scratch map: rehash what it holds */
        size_t cap = m->acc_cap * 2, j;
        acc_ent *a = ndci_calloc(cap, sizeof(*a));
        uint32_t *u = ndci_calloc(cap, sizeof(*u));

        if (a == NULL || u == NULL) {
            free(a);
            free(u);
            return false;
        }
        for (j = 0; j < m->n_acc; j++) {
            acc_ent *e = &m->acc[m->acc_used[j]];
            uint64_t k = ndci_mix64(e->term) & (cap - 1);

            while (a[k].term != 0)
                k = (k + 1) & (cap - 1);
            a[k] = *e;
            u[j] = (uint32_t)k;
        }
        free(m->acc);
        free(m->acc_used);
        m->acc = a;
        m->acc_used = u;
        m->acc_cap = cap;
        m->acc_mask = cap - 1;
    }
    i = ndci_mix64(h) & m->acc_mask;
    while (m->acc[i].term != 0 && m->acc[i].term != h)
        i = (i + 1) & m->acc_mask;
    if (m->acc[i].term == 0) {
        m->acc[i].term = h;
        m->acc[i].count = 0;
        m->acc[i].named = 0;
        m->acc_used[m->n_acc++] = (uint32_t)i;
    }
    m->acc[i].count += weight;
    if (flags & WORD_NAME)
        m->acc[i].named += weight;
    if (n > 3) {
        m->f_words++;
        m->f_upper += (flags & WORD_UPPER) != 0;
    }
    return true;
}

static int
cmp_tid(const void *a, const void *b)
{
    uint32_t x = ((const tw *)a)->tid, y = ((const tw *)b)->tid;

    return (x > y) - (x < y);
}

/* Sift-down for the min-heap of the strongest terms (by weight). */
static void
heap_down(tw *h, uint64_t *ht, uint32_t n, uint32_t i)
{
    for (;;) {
        uint32_t l = 2 * i + 1, r = l + 1, s = i;

        if (l < n && h[l].w < h[s].w)
            s = l;
        if (r < n && h[r].w < h[s].w)
            s = r;
        if (s == i)
            return;
        tw t = h[i];
        uint64_t u = ht[i];

        h[i] = h[s];
        ht[i] = ht[s];
        h[s] = t;
        ht[s] = u;
        i = s;
    }
}

static int
story_prepare(void *p, const ndc_field *f, size_t n, double time)
{
    story *m = p;
    uint64_t heap_term[REC_TERMS_MAX];
    uint32_t rt = m->tu.rec_terms, it = m->tu.index_terms;
    uint32_t now, nh = 0, i, j;
    size_t k;
    double norm = 0;

    for (k = 0; k < m->n_acc; k++)
        m->acc[m->acc_used[k]].term = 0;
    m->n_acc = 0;
    for (k = 0; k < n; k++) {
        size_t q;
        /* In a field Written Like This, capitals tell nothing. */
        bool names;

        m->f_words = m->f_upper = 0;
        if (!each_word(m, f[k].text, f[k].len, (float)f[k].weight,
            acc_word))
            return -1;
        names = m->f_upper * 2 < m->f_words;
        for (q = 0; q < m->n_acc; q++) {
            acc_ent *a = &m->acc[m->acc_used[q]];

            if (names)
                a->count += a->named * (m->tu.name_boost - 1);
            a->named = 0;
        }
    }
    m->n_vec = m->n_post = 0;
    m->time = time;
    if (m->n_acc == 0)
        return 0;
    /* Count the record, then weigh its terms by the IDF it sees. */
    now = epoch_now(m);
    m->n_docs = decayed(m->n_docs, m->n_docs_epoch, now) + 1.0f;
    m->n_docs_epoch = now;
    m->n_docs_seen++;
    for (k = 0; k < m->n_acc; k++) {
        acc_ent *a = &m->acc[m->acc_used[k]];
        term_ent *e;
        float idf, w;

        /* The table is large and each lookup a likely cache miss: ask
           for the entry a few terms ahead. */
        if (k + PREFETCH_AHEAD < m->n_acc)
            __builtin_prefetch(&m->terms[ndci_mix64(
                m->acc[m->acc_used[k + PREFETCH_AHEAD]].term) &
                m->term_mask]);
        e = term_get(m, a->term);

        if (e == NULL)
            return -1;
        e->df = decayed(e->df, e->epoch, now) + 1.0f;
        e->epoch = now;
        idf = logf((m->n_docs + 1.0f) / (e->df + 1.0f)) + 1.0f;
        if (m->tu.idf_pow != 1.0f)
            idf = powf(idf, m->tu.idf_pow);
        w = (a->count >= 1.0f ? 1.0f + logf(a->count) : a->count) * idf;
        if (nh < rt) {
            m->vec[nh].tid = tid_of(a->term);
            m->vec[nh].w = w;
            heap_term[nh++] = a->term;
            if (nh == rt)
                for (i = rt / 2; i-- > 0;)
                    heap_down(m->vec, heap_term, nh, i);
        } else if (w > m->vec[0].w) {
            m->vec[0].tid = tid_of(a->term);
            m->vec[0].w = w;
            heap_term[0] = a->term;
            heap_down(m->vec, heap_term, nh, 0);
        }
    }
    if (nh < rt)
        for (i = nh / 2; i-- > 0;)
            heap_down(m->vec, heap_term, nh, i);
    /* The strongest index_terms go to the index: pop the heap's weakest
       until that many are left. */
    {
        tw h[REC_TERMS_MAX];
        uint64_t ht[REC_TERMS_MAX];
        uint32_t hn = nh;

        memcpy(h, m->vec, nh * sizeof(tw));
        memcpy(ht, heap_term, nh * sizeof(uint64_t));
        while (hn > it) {
            h[0] = h[hn - 1];
            ht[0] = ht[hn - 1];
            hn--;
            heap_down(h, ht, hn, 0);
        }
        for (j = 0; j < hn; j++)
            m->post[j] = ht[j];
        m->n_post = hn;
    }
    for (i = 0; i < nh; i++)
        norm += (double)m->vec[i].w * m->vec[i].w;
    norm = sqrt(norm);
    for (i = 0; i < nh; i++)
        m->vec[i].w = (float)(m->vec[i].w / norm);
    qsort(m->vec, nh, sizeof(tw), cmp_tid);
    m->n_vec = nh;
    return 1;
}

/* ---- clusters ---- */

static clu_ent *
clu_find(story *m, uint64_t id)
{
    uint64_t i = ndci_mix64(id) & m->clu_mask;

    for (;;) {
        clu_ent *e = &m->clus[i];

        if (e->id == id || e->id == 0)
            return e;
        i = (i + 1) & m->clu_mask;
    }
}

/* Deletes e by backward shift, as window.c does. */
static void
clu_del(story *m, clu_ent *e)
{
    uint64_t i = (uint64_t)(e - m->clus), j = i;

    for (;;) {
        uint64_t home;

        j = (j + 1) & m->clu_mask;
        if (m->clus[j].id == 0)
            break;
        home = ndci_mix64(m->clus[j].id) & m->clu_mask;
        if (((j - home) & m->clu_mask) >= ((j - i) & m->clu_mask)) {
            m->clus[i] = m->clus[j];
            i = j;
        }
    }
    m->clus[i].id = 0;
}

static double
dot(const tw *a, uint32_t na, const tw *b, uint32_t nb)
{
    uint32_t i = 0, j = 0;
    double s = 0;

    while (i < na && j < nb) {
        if (a[i].tid == b[j].tid)
            s += (double)a[i++].w * b[j++].w;
        else if (a[i].tid < b[j].tid)
            i++;
        else
            j++;
    }
    return s;
}

static void
take(story *m, double s, double time, uint64_t seq)
{
    if (m->decay > 0 && m->time != NDC_NO_TIME && time != NDC_NO_TIME)
        s *= exp2(-fabs(m->time - time) / m->decay);
    if (s > m->best_score || (s == m->best_score && seq > m->best_seq)) {
        m->best_score = s;
        m->best_seq = seq;
    }
}

/* Scores cluster c, once per query. */
static void
consider(story *m, clu_ent *c)
{
    if (c->id == 0 || c->live == 0 || c->stamp == m->stamp)
        return;
    c->stamp = m->stamp;
    take(m, c->norm > 0 ? dot(m->vec, m->n_vec, m->cen + (size_t)c->cen *
        m->tu.cen_terms, c->n_terms) / c->norm : 0, c->last_time,
        c->newest);
}

/* Scores the record in slot (best-link). */
static void
consider_rec(story *m, size_t slot, uint64_t seq)
{
    take(m, dot(m->vec, m->n_vec, m->rec_vec + slot * m->tu.rec_terms,
        m->rec_n[slot]), m->rec_time[slot], seq);
}

/* The seq of the record posted at (seq mod 2^32) v, given hi. */
static uint64_t
seq_of(uint32_t v, uint64_t hi)
{
    return hi - (uint32_t)((uint32_t)hi - v);
}

static void
story_best(void *p, uint64_t lo, uint64_t hi, uint64_t *seq, double *score)
{
    story *m = p;
    uint32_t i, j, it = m->tu.index_terms;

    m->best_seq = 0;
    m->best_score = 0;
    if (++m->stamp == 0)
        m->stamp = 1;
    if (hi >= lo) {
        for (i = 0; i < m->n_post; i++) {
            term_ent *e = term_find(m, m->post[i]);
            uint32_t v = e->term == 0 ? 0 : e->head, n_read = 0;

            while (v != 0 && n_read < m->tu.post_cap) {
                uint64_t s = seq_of(v, hi);
                size_t slot;

                if (s < lo || s > hi)
                    break;
                slot = (size_t)(s % m->cap);
                n_read++;
                if (m->tu.link == LINK_BEST)
                    consider_rec(m, slot, s);
                else
                    consider(m, clu_find(m, m->rec_cluster[slot]));
                /* follow this term's link in that record */
                v = 0;
                for (j = 0; j < m->rec_n_post[slot]; j++)
                    if (m->rec_post[slot * it + j] == m->post[i]) {
                        v = m->rec_link[slot * it + j];
                        break;
                    }
            }
        }
        for (i = 0; i < m->tu.recent; i++) {
            clu_ent *c = m->recent[i] == 0 ? NULL :
                clu_find(m, m->recent[i]);

            if (c == NULL || c->id == 0)
                continue;
            if (m->tu.link == LINK_BEST)
                consider_rec(m, (size_t)(c->newest % m->cap), c->newest);
            else
                consider(m, c);
        }
    }
    *seq = m->best_seq;
    *score = m->best_score > 1.0 ? 1.0 : m->best_score;
}

/* Adds the record's vector to the centroid of c: a running sum of unit
   vectors, cut back to its CEN_TERMS strongest terms. */
static void
centroid_add(story *m, clu_ent *c)
{
    tw *cen = m->cen + (size_t)c->cen * m->tu.cen_terms, *t = m->tmp;
    uint32_t i = 0, j = 0, n = 0, ct = m->tu.cen_terms;
    double norm = 0;

    while (i < c->n_terms || j < m->n_vec) {
        if (j == m->n_vec || (i < c->n_terms && cen[i].tid < m->vec[j].tid))
            t[n++] = cen[i++];
        else if (i == c->n_terms || m->vec[j].tid < cen[i].tid)
            t[n++] = m->vec[j++];
        else {
            t[n].tid = cen[i].tid;
            t[n++].w = cen[i++].w + m->vec[j++].w;
        }
    }
    if (n > ct) {
        /* keep the strongest: find the cut weight by selection */
        float lo_w;
        uint32_t k, kept = 0, ties;
        tw *s = t + n;  /* tmp has room for 2 * (cen + rec terms) */

        memcpy(s, t, n * sizeof(tw));
        /* partial selection sort is cheap at these sizes */
        for (k = 0; k < ct; k++) {
            uint32_t best = k, q;

            for (q = k + 1; q < n; q++)
                if (s[q].w > s[best].w)
                    best = q;
            tw x = s[k];

            s[k] = s[best];
            s[best] = x;
        }
        lo_w = s[ct - 1].w;
        ties = 0;
        for (k = 0; k < ct; k++)
            if (s[k].w == lo_w)
                ties++;
        for (k = 0; k < n && kept < ct; k++)
            if (t[k].w > lo_w || (t[k].w == lo_w && ties-- > 0))
                t[kept++] = t[k];
        n = kept;
    }
    memcpy(cen, t, n * sizeof(tw));
    c->n_terms = n;
    for (i = 0; i < n; i++)
        norm += (double)cen[i].w * cen[i].w;
    c->norm = (float)sqrt(norm);
}

static void
story_insert(void *p, uint64_t seq, uint64_t cluster)
{
    story *m = p;
    size_t slot = (size_t)(seq % m->cap);
    clu_ent *c = clu_find(m, cluster);
    uint32_t i, it = m->tu.index_terms;

    memcpy(m->rec_vec + slot * m->tu.rec_terms, m->vec,
        m->n_vec * sizeof(tw));
    m->rec_n[slot] = (uint8_t)m->n_vec;
    m->rec_cluster[slot] = cluster;
    m->rec_time[slot] = m->time;
    m->rec_n_post[slot] = (uint8_t)m->n_post;
    for (i = 0; i < m->n_post; i++) {
        term_ent *e = term_find(m, m->post[i]);

        /* Every posted term was counted in prepare, so it is there. */
        m->rec_post[slot * it + i] = m->post[i];
        m->rec_link[slot * it + i] = e->head;
        e->head = (uint32_t)seq != 0 ? (uint32_t)seq : 1;
    }
    if (c->id == 0) {
        c->id = cluster;
        c->cen = m->cen_free[--m->n_cen_free];
        c->n_terms = 0;
        c->live = 0;
        c->n_members = 0;
        c->stamp = 0;
    }
    centroid_add(m, c);
    c->live++;
    c->n_members++;
    c->newest = seq;
    c->last_time = m->time;
    if (m->tu.recent > 0 &&
        m->recent[(m->recent_at + m->tu.recent - 1) % m->tu.recent] !=
        cluster) {
        m->recent[m->recent_at] = cluster;
        m->recent_at = (m->recent_at + 1) % m->tu.recent;
    }
}

static void
story_evict(void *p, uint64_t seq)
{
    story *m = p;
    size_t slot = (size_t)(seq % m->cap);
    clu_ent *c = clu_find(m, m->rec_cluster[slot]);
    uint32_t i, v = (uint32_t)seq != 0 ? (uint32_t)seq : 1;

    for (i = 0; i < m->rec_n_post[slot]; i++) {
        term_ent *e = term_find(m, m->rec_post[slot * m->tu.index_terms +
            i]);

        /* Older postings of the term are gone already: first in, first
           out.  So if this record is the newest, the list is empty. */
        if (e->term != 0 && e->head == v)
            e->head = 0;
    }
    m->rec_n_post[slot] = 0;
    if (c->id != 0 && --c->live == 0) {
        m->cen_free[m->n_cen_free++] = c->cen;
        clu_del(m, c);
    }
}

/*
 * A short text shares fewer terms with its story's centroid than a long
 * one does, so its cosine runs lower: the threshold is scaled down by
 * (terms / short_terms)^short_pow below short_terms terms.
 */
static double
story_threshold(void *p, double t)
{
    story *m = p;

    if (m->n_vec >= m->tu.short_terms || m->tu.short_terms == 0)
        return t;
    return t * pow((double)m->n_vec / m->tu.short_terms, m->tu.short_pow);
}

/* ---- create, destroy ---- */

static void
story_destroy(void *p)
{
    story *m = p;
    size_t cap;

    if (m == NULL)
        return;
    cap = m->cap;
    free(m->stop);
    free(m->terms);
    ndci_big_free(m->rec_vec, cap * m->tu.rec_terms, sizeof(tw));
    ndci_big_free(m->rec_post, cap * m->tu.index_terms, sizeof(uint64_t));
    ndci_big_free(m->rec_link, cap * m->tu.index_terms, sizeof(uint32_t));
    free(m->rec_n);
    free(m->rec_n_post);
    free(m->rec_cluster);
    free(m->rec_time);
    ndci_big_free(m->clus, (size_t)(m->clu_mask + 1), sizeof(clu_ent));
    ndci_big_free(m->cen, (cap + 1) * m->tu.cen_terms, sizeof(tw));
    free(m->cen_free);
    free(m->acc);
    free(m->acc_used);
    free(m->vec);
    free(m->tmp);
    free(m);
}

#ifdef NDC_TUNING
#include <stdio.h>

static void
tune(uint32_t *v, const char *name, uint32_t max)
{
    const char *e = getenv(name);

    if (e != NULL && atoi(e) >= 0 && (uint32_t)atoi(e) <= max)
        *v = (uint32_t)atoi(e);
}
#endif

static void
tuning_init(tuning *t)
{
    t->rec_terms = REC_TERMS;
    t->index_terms = INDEX_TERMS;
    t->post_cap = POST_CAP;
    t->cen_terms = CEN_TERMS;
    t->recent = RECENT;
    t->link = LINK_CENTROID;
    t->numbers = NUM_YEARS;
    t->name_boost = NAME_BOOST;
    t->idf_pow = 1.0f;
    t->short_terms = SHORT_TERMS;
    t->short_pow = SHORT_POW;
#ifdef NDC_TUNING
    {
        uint32_t sp = (uint32_t)(t->short_pow * 10);

        tune(&t->short_terms, "NDC_TUNE_SHORT_TERMS", 1000);
        tune(&sp, "NDC_TUNE_SHORT_POW10", 40);
        t->short_pow = sp / 10.0;
    }
    {
        uint32_t ip = 10;

        tune(&ip, "NDC_TUNE_IDF_POW10", 40);
        t->idf_pow = (float)ip / 10;
    }
    {
        uint32_t link = (uint32_t)t->link, num = (uint32_t)t->numbers;
        uint32_t boost = (uint32_t)(t->name_boost * 10);

        tune(&boost, "NDC_TUNE_NAME_BOOST10", 100);
        t->name_boost = (float)boost / 10;
        tune(&t->rec_terms, "NDC_TUNE_REC_TERMS", REC_TERMS_MAX);
        tune(&t->index_terms, "NDC_TUNE_INDEX_TERMS", INDEX_TERMS_MAX);
        tune(&t->post_cap, "NDC_TUNE_POST_CAP", 100000);
        tune(&t->cen_terms, "NDC_TUNE_CEN_TERMS", CEN_TERMS_MAX);
        tune(&t->recent, "NDC_TUNE_RECENT", RECENT * 4);
        tune(&link, "NDC_TUNE_LINK", 1);
        tune(&num, "NDC_TUNE_NUMBERS", 2);
        t->link = (int)link;
        t->numbers = (int)num;
        if (t->index_terms > t->rec_terms)
            t->index_terms = t->rec_terms;
    }
#endif
}

static ndc_status
story_create(void **out, const ndc_opts *o)
{
    story *m = calloc(1, sizeof(*m));
    const char *sw = o->stopwords != NULL ? o->stopwords : builtin_stopwords;
    size_t sw_len = o->stopwords != NULL ? o->stopwords_len :
        sizeof(builtin_stopwords) - 1, i, cap;
    uint64_t n_clu = ndci_pow2_ceil(((uint64_t)o->window + 1) * 2);

    *out = NULL;
    if (m == NULL)
        return NDC_ERR_NOMEM;
    tuning_init(&m->tu);
    m->cap = o->window;
    cap = m->cap;
    m->seed = o->seed;
    m->decay = o->decay;
    each_word(m, sw, sw_len, 1, count_word);
    m->stop_mask = ndci_pow2_ceil((uint64_t)m->n_stop * 2 + 2) - 1;
    m->stop = ndci_calloc((size_t)m->stop_mask + 1, sizeof(uint64_t));
    m->term_mask = 4095;
    m->terms = ndci_calloc(4096, sizeof(term_ent));
    m->rec_vec = ndci_big_alloc(cap * m->tu.rec_terms, sizeof(tw));
    m->rec_post = ndci_big_alloc(cap * m->tu.index_terms, sizeof(uint64_t));
    m->rec_link = ndci_big_alloc(cap * m->tu.index_terms, sizeof(uint32_t));
    m->rec_n = ndci_calloc(cap, 1);
    m->rec_n_post = ndci_calloc(cap, 1);
    m->rec_cluster = ndci_calloc(cap, sizeof(uint64_t));
    m->rec_time = ndci_calloc(cap, sizeof(double));
    m->clu_mask = n_clu - 1;
    m->clus = ndci_big_alloc((size_t)n_clu, sizeof(clu_ent));
    m->cen = ndci_big_alloc((cap + 1) * m->tu.cen_terms, sizeof(tw));
    m->cen_free = ndci_calloc(cap + 1, sizeof(uint32_t));
    m->acc_cap = 1024;
    m->acc_mask = m->acc_cap - 1;
    m->acc = ndci_calloc(m->acc_cap, sizeof(acc_ent));
    m->acc_used = ndci_calloc(m->acc_cap, sizeof(uint32_t));
    m->vec = ndci_calloc(REC_TERMS_MAX, sizeof(tw));
    m->tmp = ndci_calloc(2 * (CEN_TERMS_MAX + REC_TERMS_MAX), sizeof(tw));
    if (m->stop == NULL || m->terms == NULL || m->rec_vec == NULL ||
        m->rec_post == NULL || m->rec_link == NULL || m->rec_n == NULL ||
        m->rec_n_post == NULL || m->rec_cluster == NULL ||
        m->rec_time == NULL || m->clus == NULL || m->cen == NULL ||
        m->cen_free == NULL || m->acc == NULL || m->acc_used == NULL ||
        m->vec == NULL || m->tmp == NULL) {
        story_destroy(m);
        return NDC_ERR_NOMEM;
    }
    each_word(m, sw, sw_len, 1, add_stop);
    for (i = 0; i <= cap; i++)
        m->cen_free[i] = (uint32_t)(cap - i);
    m->n_cen_free = m->cap + 1;
    *out = m;
    return NDC_OK;
}

static size_t
story_bytes(const void *p)
{
    const story *m = p;
    size_t cap = m->cap;

    return sizeof(*m) + ((size_t)m->stop_mask + 1) * sizeof(uint64_t) +
        ((size_t)m->term_mask + 1) * sizeof(term_ent) +
        cap * (m->tu.rec_terms * sizeof(tw) + m->tu.index_terms *
        (sizeof(uint64_t) + sizeof(uint32_t)) + 2 + sizeof(uint64_t) +
        sizeof(double)) +
        ((size_t)m->clu_mask + 1) * sizeof(clu_ent) +
        (cap + 1) * (m->tu.cen_terms * sizeof(tw) + sizeof(uint32_t)) +
        m->acc_cap * (sizeof(acc_ent) + sizeof(uint32_t)) +
        (REC_TERMS_MAX + 2 * (CEN_TERMS_MAX + REC_TERMS_MAX)) * sizeof(tw);
}

const ndci_mode_ops ndci_story_ops = {
    "story", story_create, story_destroy, story_bytes, story_prepare,
    story_best, story_insert, story_evict, story_threshold,
};
