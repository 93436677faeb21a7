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
 * record needs to remember its whole term list to be unlearned.  They
 * are counted in a fixed-size count-min sketch, not a table of terms:
 * memory stays flat whatever the vocabulary, and each lookup stays in
 * one cache line of a table small enough for the CPU's last cache.
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
#define QMAP_BITS 9         /* the query's map: 8 * REC_TERMS_MAX slots */
#define QMAP_SIZE (1u << QMAP_BITS)
#define QMAP_SPARSE 24u     /* up to this many terms, qdot probes */
#define REC_TERMS 64u       /* terms kept in a record's vector */
#define INDEX_TERMS 12u     /* strongest terms posted in the index */
#define POST_CAP 8u         /* postings read per term, newest first */
#define CEN_TERMS 64u       /* terms kept in a cluster's centroid */
#define RECENT 8u           /* recently joined clusters always compared */
#define PREFETCH_AHEAD 8u
#define PEND_MAX 128u       /* candidates scored in one batch */
#define LINK_CENTROID 0     /* compare with each cluster's centroid */
#define LINK_BEST 1         /* compare with the cluster's members */
#define NUM_YEARS 1         /* bare numbers: keep 4-digit ones only */
#define NAME_BOOST 2.5f     /* capitalised words count this many times */
#define SHORT_TERMS 32u     /* texts with fewer terms get a lower -t */
#define SHORT_POW 0.5
#define TEXT_CAP 0u         /* bytes of a field read; 0: all */

typedef struct tuning {
    uint32_t rec_terms, index_terms, post_cap, cen_terms, recent;
    int link, numbers;
    float name_boost;   /* weight of a capitalised word inside a sentence */
    float idf_pow;
    size_t text_cap;    /* bytes of each field read, 0: all */
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

/*
 * A line of the document-frequency sketch: 15 counters and the epoch
 * they were last brought up to, in one 64-byte cache line.  A term has
 * two counters in one line; its count is the smaller (count-min), and
 * counting it raises only the counters below the new count (conservative
 * update), so a rare term that shares a counter with a common one still
 * reads as rare through its other counter.
 */
#define DF_SLOTS 15u
typedef struct df_line {
    float c[DF_SLOTS];
    uint32_t epoch;
} df_line;
/* 8 lines (120 counters) per window record, from 4 KB up to 8 MB (from
   a window of 16384 up): room for the distinct words of two windows of
   news text with few shared counters. */
#define DF_LINES_PER_RECORD 8u
#define DF_LINES_MIN (1u << 6)
#define DF_LINES_MAX (1u << 17)

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

/*
 * A word in the map of the record being prepared.  Stop words stay in
 * the map for good, with mixed 0, so that one probe both finds a word's
 * count and tells that it is not counted; so do the numbers a record
 * drops, until the record is done.
 */
typedef struct acc_ent {
    uint64_t term;          /* 0: empty */
    uint64_t mixed;         /* ndci_mix64(term), never 0; 0: not counted */
    float count;            /* sum over fields of weight * TF, then the
                               term's TF-IDF weight */
    float fcount;           /* occurrences in the field being read */
} acc_ent;

typedef struct story {
    tuning tu;
    uint32_t cap;
    uint64_t seed;
    double decay;
    /* stop words, each once: they live in the map acc */
    uint64_t *stop;
    size_t n_stop;
    /* document frequencies */
    df_line *df;
    uint64_t df_mask;       /* lines - 1 */
    uint64_t n_docs_seen;   /* records counted, for the epoch */
    float n_docs;           /* decayed */
    uint32_t n_docs_epoch;
    /* per window slot */
    tw *rec_vec;            /* cap * REC_TERMS, sorted by tid */
    uint8_t *rec_n;         /* terms in each vector */
    uint32_t *rec_post;     /* cap * INDEX_TERMS ids of terms posted */
    uint32_t *rec_link;     /* cap * INDEX_TERMS previous posting in the
                               same bucket of heads */
    /* the index: bucket of a posted term -> newest record posting in it
       (seq mod 2^32, 0: none); the records of a bucket are chained
       through rec_link, newest first */
    uint32_t *heads;
    uint64_t heads_mask;
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
    uint64_t *sel;          /* selection keys of the terms (sel_key) */
    size_t n_acc, acc_cap;
    size_t n_counted;       /* entries of acc_used that are counted */
    ndci_buf text;          /* scratch of ndci_word_hashes */
    ndci_u64s words;        /* fingerprints of a field's words */
    ndci_u64s names;        /* of its capitalised words inside sentences */
    tw *vec;                /* REC_TERMS, sorted by tid */
    uint32_t n_vec;
    uint32_t post[INDEX_TERMS_MAX];     /* ids of the terms to post */
    uint32_t n_post;
    tw *tmp;                /* scratch for centroid merges */
    double time;
    tw qmap[QMAP_SIZE];     /* the record's vector by term id */
    bool qmap_far;          /* a term lies over two slots past its home */
    /* candidates of the current query, scored in batches */
    uint32_t pend[PEND_MAX];        /* window slots */
    clu_ent *pend_clu[PEND_MAX];
    uint32_t n_pend;
    /* best cluster of the current query */
    uint64_t best_seq;
    double best_score;
} story;

/* ---- helpers ---- */

/* ln x for x >= 1, to about 1e-4: IDF and TF need no more. */
static float
fast_log(float x)
{
    union { float f; uint32_t i; } v = {x};
    float e = (float)((int)(v.i >> 23) - 127), mant, p;

    v.i = (v.i & 0x7FFFFF) | 0x3F800000;
    mant = v.f;
    p = -1.7417939f + (2.8212026f + (-1.4699568f + (0.44717955f -
        0.056570851f * mant) * mant) * mant) * mant;
    return (e + p) * 0.69314718f;
}

/* The id of a term in vectors and postings is the top TID_BITS of its
   mixed hash (see sel_key): a short word's term is its bytes, whose
   halves alone collide (canada, senate).  Two terms of one record share
   an id about once in 2^28 / 64^2 records; a false match between records
   costs less. */
#define TID_BITS 28
#define TID_MASK ((1u << TID_BITS) - 1)

/* The home slot of term h in a table of mask + 1 entries: Fibonacci
   hashing, one multiply, as terms are hashes or packed bytes already. */
static inline uint64_t
home_of(uint64_t h, uint64_t mask)
{
    return (h * 0x9E3779B97F4A7C15ULL) >> 32 & mask;
}

/* The length of txt cut to at most cap bytes, at a space if there is
   one near the end, so that no word is cut in two; cap 0: no cut. */
static size_t
text_cut(const char *txt, size_t len, size_t cap)
{
    size_t i;

    if (cap == 0 || len <= cap)
        return len;
    for (i = cap; i > cap - cap / 8; i--)
        if (txt[i] == ' ' || txt[i] == '\n')
            return i;
    while (cap > 0 && ((unsigned char)txt[cap] & 0xC0) == 0x80)
        cap--;  /* not inside a UTF-8 sequence */
    return cap;
}

/* The term id of a word's fingerprint (see ndci_word_hashes): never 0. */
static inline uint64_t
term_of(uint64_t fp)
{
    return fp != 0 ? fp : 1;
}

/*
 * The number of digits if fp is the fingerprint of a word of 1 to 8 ASCII
 * digits (its bytes, packed), else 0.  A longer number is hashed and
 * counts as a word.
 */
static inline unsigned
fp_digits(uint64_t fp)
{
    unsigned n = 0;

    if ((fp & 0xFF) < '0' || (fp & 0xFF) > '9')
        return 0;
    for (; fp != 0; fp >>= 8, n++)
        if ((fp & 0xFF) < '0' || (fp & 0xFF) > '9')
            return 0;
    return n;
}

static inline bool
word_byte(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
        (c >= 'A' && c <= 'Z') || c >= 0x80;
}

/* Whether the code point that ends just before s[i] is part of a word. */
static bool
word_before(const char *s, size_t i)
{
    size_t j = i;

    if (i == 0)
        return false;
    if ((unsigned char)s[i - 1] < 0x80)
        return word_byte((unsigned char)s[i - 1]);
    while (j > 0 && i - j < 4 && ((unsigned char)s[j - 1] & 0xC0) == 0x80)
        j--;
    if (j == 0)
        return false;
    j--;
    return ndci_cp_class(ndci_utf8_next(s, i, &j)) != NDCI_SEP;
}

/*
 * Whether the word at s[i] starts a sentence: only separators, and at
 * least one of . ! ? : | or a line end, or nothing, come before it.
 */
static bool
starts_sentence(const char *s, size_t i)
{
    while (i > 0) {
        unsigned char c = (unsigned char)s[--i];

        if (c == '.' || c == '!' || c == '?' || c == ':' || c == '|' ||
            c == '\n')
            return true;
        if (word_byte(c) && (c < 0x80 || word_before(s, i + 1)))
            return false;
    }
    return true;
}

/* SWAR: a byte of x is an ASCII capital letter or has its top bit set. */
static inline bool
maybe_capital(uint64_t x)
{
    const uint64_t ones = 0x0101010101010101ULL, high = ones * 0x80;
    uint64_t low7 = x & ~high;
    /* bytes >= 'A' (0x41) and bytes > 'Z' (0x5A), among 7-bit values */
    uint64_t ge_a = (low7 + ones * (0x80 - 0x41)) & high;
    uint64_t gt_z = (low7 + ones * (0x80 - 0x5B)) & high;

    return ((ge_a & ~gt_z) | (x & high)) != 0;
}

/*
 * Finds the capitalised words of txt that do not start a sentence (names,
 * most likely) and appends their fingerprints to m->names; counts every
 * capitalised word in *n_caps.  Eight bytes at a time where none can be a
 * capital.
 */
static bool
find_names(story *m, const char *txt, size_t len, size_t *n_caps)
{
    size_t i = 0;

    while (i < len) {
        unsigned char c;
        bool cap = false;
        size_t end;

        if (i + 8 <= len) {
            uint64_t x;

            memcpy(&x, txt + i, 8);
            if (!maybe_capital(x)) {
                i += 8;
                continue;
            }
        }
        c = (unsigned char)txt[i];
        if (c >= 'A' && c <= 'Z') {
            cap = !word_before(txt, i);
        } else if (c >= 0xC0 && !word_before(txt, i)) {
            size_t j = i;
            uint32_t cp = ndci_utf8_next(txt, len, &j);

            cap = ndci_cp_class(cp) == NDCI_WORD && ndci_cp_fold(cp) != cp;
        }
        if (!cap) {
            i++;
            continue;
        }
        (*n_caps)++;
        for (end = i + 1; end < len && word_byte((unsigned char)txt[end]);
            end++)
            ;
        if (!starts_sentence(txt, i)) {
            size_t at = m->names.len;

            if (!ndci_word_hashes(txt + i, end - i, m->seed, &m->text,
                &m->names))
                return false;
            m->names.len = m->names.len > at ? at + 1 : at;
        }
        i = end;
    }
    return true;
}

/* ---- document frequencies ---- */

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

static inline df_line *
df_line_of(const story *m, uint64_t h)
{
    return &m->df[h & m->df_mask];
}

/* The two counters of a term whose mixed hash is h, in its line: two
   different ones, from bits the line's index does not use, by multiply
   and shift rather than division. */
static inline void
df_slots(uint64_t h, unsigned *a, unsigned *b)
{
    *a = (unsigned)(((h >> 32 & 0xFFFF) * DF_SLOTS) >> 16);
    *b = (unsigned)(((h >> 48) * (DF_SLOTS - 1)) >> 16);
    *b += *b >= *a;
}

/* Counts one more record holding the term with mixed hash h, in epoch
   now; returns its decayed count of records. */
static float
df_count(story *m, uint64_t h, uint32_t now)
{
    df_line *l = df_line_of(m, h);
    unsigned a, b, i;
    float v;

    if (l->epoch != now) {
        for (i = 0; i < DF_SLOTS; i++)
            l->c[i] = decayed(l->c[i], l->epoch, now);
        l->epoch = now;
    }
    df_slots(h, &a, &b);
    v = (l->c[a] < l->c[b] ? l->c[a] : l->c[b]) + 1.0f;
    if (l->c[a] < v)
        l->c[a] = v;
    if (l->c[b] < v)
        l->c[b] = v;
    return v;
}

/* The bucket of heads for a posted term, by its id. */
static inline uint64_t
bucket_of(const story *m, uint32_t tid)
{
    return home_of(tid, m->heads_mask);
}

/* ---- the record being prepared ---- */

/* The slot of term h in the map: its own, or the empty one it would take. */
static inline uint64_t
acc_slot(const acc_ent *a, uint64_t mask, uint64_t h)
{
    uint64_t i = home_of(h, mask);

    while (a[i].term != 0 && a[i].term != h)
        i = (i + 1) & mask;
    return i;
}

/*
 * Builds the map of cap slots: the stop words first, so that no probe
 * for one ever crosses a slot that a record's word held and gave back,
 * then the words of the record so far.
 */
static __attribute__((noinline)) bool
acc_rehash(story *m, size_t cap)
{
    acc_ent *a = ndci_calloc(cap, sizeof(*a));
    uint32_t *u = ndci_calloc(cap, sizeof(*u));
    uint64_t *sel = ndci_calloc(cap / 2, sizeof(*sel));
    size_t j;

    if (a == NULL || u == NULL || sel == NULL) {
        free(a);
        free(u);
        free(sel);
        return false;
    }
    for (j = 0; j < m->n_stop; j++)
        a[acc_slot(a, cap - 1, m->stop[j])].term = m->stop[j];
    for (j = 0; j < m->n_acc; j++) {
        const acc_ent *e = &m->acc[m->acc_used[j]];
        uint64_t k = acc_slot(a, cap - 1, e->term);

        a[k] = *e;
        u[j] = (uint32_t)k;
    }
    free(m->sel);
    free(m->acc);
    free(m->acc_used);
    m->sel = sel;
    m->acc = a;
    m->acc_used = u;
    m->acc_cap = cap;
    m->acc_mask = cap - 1;
    return true;
}

/*
 * Counts the n words with fingerprints v, but stop words, one-letter
 * ASCII words and numbers (other than years, by default).  A new word's
 * line of the frequency sketch is fetched at once: it is read once all
 * fields are counted.  Words go in chunks, with room made first for all
 * of a chunk to be new, so that the loop keeps the map in registers
 * (stores to the map could otherwise alias the counts in m).
 */
#define ACC_CHUNK 64u
static bool
acc_words(story *m, const uint64_t *v, size_t n)
{
    const df_line *df = m->df;
    uint64_t df_mask = m->df_mask;
    int numbers = m->tu.numbers;
    size_t at = 0;

    while (at < n) {
        size_t end = n - at > ACC_CHUNK ? at + ACC_CHUNK : n;
        size_t n_acc, n_counted;
        uint64_t mask;
        acc_ent *acc;
        uint32_t *used;

        while ((m->n_stop + m->n_acc + (end - at)) * 2 > m->acc_cap)
            if (!acc_rehash(m, m->acc_cap * 2))
                return false;
        acc = m->acc;
        mask = m->acc_mask;
        used = m->acc_used;
        n_acc = m->n_acc;
        n_counted = m->n_counted;
        for (; at < end; at++) {
            uint64_t fp = v[at], h = term_of(fp), i;
            acc_ent *a;

            if (fp < 0x80)
                continue;
            i = acc_slot(acc, mask, h);
            a = &acc[i];
            if (a->term == 0) {
                unsigned digits = fp_digits(fp);

                a->term = h;
                a->count = 0;
                a->fcount = 0;
                a->mixed = ndci_mix64(h);
                if (digits > 0 && (numbers == 0 ||
                    (numbers == NUM_YEARS && digits != 4)))
                    a->mixed = 0;
                else {
                    __builtin_prefetch(&df[a->mixed & df_mask]);
                    n_counted++;
                }
                used[n_acc++] = (uint32_t)i;
            }
            a->fcount += a->mixed != 0;
        }
        m->n_acc = n_acc;
        m->n_counted = n_counted;
    }
    return true;
}

/* The entry of term h in the record's map, or NULL if it is not counted. */
static acc_ent *
acc_find(story *m, uint64_t h)
{
    acc_ent *a = &m->acc[acc_slot(m->acc, m->acc_mask, h)];

    return a->term != 0 && a->mixed != 0 ? a : NULL;
}

/*
 * Sorts v by term id.  Ids are uniform hashes: a counting sort by their
 * top 7 bits into tmp leaves each element near its place, and insertion
 * sort finishes with few moves (a plain insertion sort of 64 random
 * terms makes about a thousand).
 */
static void
sort_by_tid(tw *v, uint32_t n, tw *tmp)
{
    uint32_t count[129], i, j;

    if (n > 16) {
        memset(count, 0, sizeof(count));
        for (i = 0; i < n; i++)
            count[(v[i].tid >> (TID_BITS - 7)) + 1]++;
        for (i = 1; i < 129; i++)
            count[i] += count[i - 1];
        for (i = 0; i < n; i++)
            tmp[count[v[i].tid >> (TID_BITS - 7)]++] = v[i];
        memcpy(v, tmp, n * sizeof(*v));
    }
    for (i = 1; i < n; i++) {
        tw x = v[i];

        for (j = i; j > 0 && v[j - 1].tid > x.tid; j--)
            v[j] = v[j - 1];
        v[j] = x;
    }
}

/*
 * The selection key of a term of weight w: the weight's bits (a positive
 * float orders as its bits do), then, among equal weights (rare words
 * tie often), the longer word, then its id: never the order terms came
 * in.  Preferring longer words among ties is worth 0.017 F1 on the
 * labelled articles.  A key holds all a vector needs of the term.
 */
static inline uint64_t
sel_key(float w, uint64_t term, uint64_t mixed)
{
    union { float f; uint32_t u; } b = {w > 0 ? w : 0};
    /* bytes of a short word's packed term; 8 for a hashed long word */
    uint32_t len = (uint32_t)(64 - __builtin_clzll(term) + 7) / 8;

    return (uint64_t)b.u << 32 | len << TID_BITS |
        (uint32_t)(mixed >> (64 - TID_BITS));
}

static inline float
sel_weight(uint64_t x)
{
    union { uint32_t u; float f; } b = {(uint32_t)(x >> 32)};

    return b.f;
}

/*
 * Moves the k largest of the n keys of v into v[0..k), in any order:
 * quickselect (Lomuto) over 8-byte keys, linear on average.
 */
static void
select_top(uint64_t *v, size_t n, size_t k)
{
    size_t lo = 0, hi = n;

    while (hi - lo > 1 && k > lo && k < hi) {
        size_t mid = lo + (hi - lo) / 2, store = lo, i;
        uint64_t t = v[mid], pv;

        v[mid] = v[hi - 1];
        v[hi - 1] = t;
        pv = t;
        /* Without a branch on the comparison, which no predictor can
           guess: v[i] goes to v[store] either way, and store moves on
           only if it was larger ([store, i) hold smaller ones). */
        for (i = lo; i < hi - 1; i++) {
            size_t c = v[i] > pv;

            t = v[i];
            v[i] = v[store];
            v[store] = t;
            store += c;
        }
        v[hi - 1] = v[store];
        v[store] = pv;
        /* [lo, store) larger than the pivot at store, the rest smaller */
        if (k <= store)
            hi = store;
        else
            lo = store + 1;
    }
}

static int
story_prepare(void *p, const ndc_field *f, size_t n, double time)
{
    story *m = p;
    uint32_t rt = m->tu.rec_terms, it = m->tu.index_terms;
    uint32_t now, nh, i;
    size_t k, n_terms = 0;
    double norm = 0;

    for (k = 0; k < m->n_acc; k++)
        m->acc[m->acc_used[k]].term = 0;
    m->n_acc = m->n_counted = 0;
    for (k = 0; k < n; k++) {
        size_t q, n_caps = 0, n_words;
        /* The words of a field past text_cap bytes are not read: a story
           is told at the start, and cost stays flat on long records. */
        size_t len = text_cut(f[k].text, f[k].len, m->tu.text_cap);
        float extra = m->tu.name_boost - 1, w = (float)f[k].weight;

        m->words.len = m->names.len = 0;
        if (!ndci_word_hashes(f[k].text, len, m->seed, &m->text,
            &m->words))
            return -1;
        if (!acc_words(m, m->words.v, m->words.len))
            return -1;
        n_words = m->words.len;
        if (extra != 0 && !find_names(m, f[k].text, len, &n_caps))
            return -1;
        /* In a field Written Like This, capitals tell nothing. */
        for (q = 0; extra != 0 && n_caps * 2 < n_words &&
            q < m->names.len; q++) {
            acc_ent *a = acc_find(m, term_of(m->names.v[q]));

            if (a != NULL)
                a->fcount += extra;
        }
        /* Sublinear TF within the field, then the field's weight. */
        for (q = 0; q < m->n_acc; q++) {
            acc_ent *a = &m->acc[m->acc_used[q]];

            if (a->fcount > 0) {
                a->count += w * (a->fcount > 1.0f ?
                    1.0f + fast_log(a->fcount) : a->fcount);
                a->fcount = 0;
            }
        }
    }
    m->n_vec = m->n_post = 0;
    m->time = time;
    if (m->n_counted == 0)
        return 0;
    /* Count the record, then weigh its terms by the IDF it sees. */
    now = epoch_now(m);
    m->n_docs = decayed(m->n_docs, m->n_docs_epoch, now) + 1.0f;
    m->n_docs_epoch = now;
    m->n_docs_seen++;
    {
        /* in locals: the sketch's float stores could alias m's */
        const acc_ent *acc = m->acc;
        const uint32_t *used = m->acc_used;
        uint64_t *sel = m->sel;
        float n_docs = m->n_docs, idf_pow = m->tu.idf_pow;

        for (k = 0; k < m->n_acc; k++) {
            const acc_ent *a = &acc[used[k]];
            float idf, df;

            if (a->mixed == 0)
                continue;
            df = df_count(m, a->mixed, now);
            if (df > n_docs)        /* a sketch can overcount */
                df = n_docs;
            idf = fast_log((n_docs + 1.0f) / (df + 1.0f)) + 1.0f;
            if (idf_pow != 1.0f)
                idf = powf(idf, idf_pow);
            sel[n_terms++] = sel_key(a->count * idf, a->term, a->mixed);
        }
    }
    /* The strongest rec_terms form the vector, and the strongest
       index_terms of those go to the index: two selections in place. */
    nh = (uint32_t)(n_terms < rt ? n_terms : rt);
    select_top(m->sel, n_terms, nh);
    select_top(m->sel, nh, nh < it ? nh : it);
    for (i = 0; i < nh; i++) {
        uint64_t x = m->sel[i];

        if (i < it)
            m->post[i] = (uint32_t)x & TID_MASK;
        m->vec[i].tid = (uint32_t)x & TID_MASK;
        m->vec[i].w = sel_weight(x);
    }

    m->n_post = nh < it ? nh : it;
    for (i = 0; i < nh; i++)
        norm += (double)m->vec[i].w * m->vec[i].w;
    norm = sqrt(norm);
    for (i = 0; i < nh; i++)
        m->vec[i].w = (float)(m->vec[i].w / norm);
    sort_by_tid(m->vec, nh, m->tmp);
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

/*
 * The record's vector as a small hash map from term id to weight, built
 * once per query, so that a dot product with a centroid is one probe per
 * centroid term instead of a merge with a branch that cannot be guessed.
 */
/* The record's vector by term id, for qdot (tid 0 is stored as 1, 0
   marking an empty slot). */
static inline uint32_t
qmap_home(uint32_t t)
{
    return (t * 0x9E3779B1u) >> (32 - QMAP_BITS);
}

static void
qmap_build(story *m)
{
    uint32_t i;

    memset(m->qmap, 0, sizeof(m->qmap));
    m->qmap_far = false;
    for (i = 0; i < m->n_vec; i++) {
        uint32_t t = m->vec[i].tid != 0 ? m->vec[i].tid : 1;
        uint32_t h = qmap_home(t), d = 0;

        while (m->qmap[h].tid != 0) {
            h = (h + 1) & (QMAP_SIZE - 1);
            d++;
        }
        m->qmap[h].tid = t;
        m->qmap[h].w = m->vec[i].w;
        m->qmap_far |= d > 2;
    }
}

/*
 * The dot product of the record's vector with b.  When every term of the
 * record lies in its home slot of the map or one of the next two (most
 * often: the map is eight times larger than a vector), a term of b is looked
 * up without a branch, which no predictor could guess: b shares only
 * some of its terms with the record.  A short record's map is nearly
 * empty, though, so that a probe almost always ends at once, as the
 * predictor guesses: it probes.  The products add up in b's order
 * either way.
 */
static double
qdot(const story *m, const tw *b, uint32_t nb)
{
    uint32_t i;
    double s = 0;

    if (!m->qmap_far && m->n_vec > QMAP_SPARSE) {
        for (i = 0; i < nb; i++) {
            uint32_t t = b[i].tid != 0 ? b[i].tid : 1, h = qmap_home(t);
            const tw *e0 = &m->qmap[h];
            const tw *e1 = &m->qmap[(h + 1) & (QMAP_SIZE - 1)];
            const tw *e2 = &m->qmap[(h + 2) & (QMAP_SIZE - 1)];
            float w = e2->tid == t ? e2->w : 0.0f;

            w = e1->tid == t ? e1->w : w;
            w = e0->tid == t ? e0->w : w;
            s += (double)w * b[i].w;
        }
        return s;
    }
    for (i = 0; i < nb; i++) {
        uint32_t t = b[i].tid != 0 ? b[i].tid : 1, h = qmap_home(t);

        while (m->qmap[h].tid != 0) {
            if (m->qmap[h].tid == t) {
                s += (double)m->qmap[h].w * b[i].w;
                break;
            }
            h = (h + 1) & (QMAP_SIZE - 1);
        }
    }
    return s;
}

static void
take(story *m, double s, double time, uint64_t seq)
{
    /* Vectors are unit length in floats: the same text scores 1 only to
       about 1e-7, and -t 1 must still join copies. */
    if (s > 1.0 - 1e-6)
        s = 1.0;
    if (s <= 0)     /* nothing in common: never a match, even at -t 0 */
        return;
    if (m->decay > 0 && m->time != NDC_NO_TIME && time != NDC_NO_TIME)
        s *= exp2(-fabs(m->time - time) / m->decay);
    if (s > m->best_score || (s == m->best_score && seq > m->best_seq)) {
        m->best_score = s;
        m->best_seq = seq;
    }
}

/* Scores the record in slot (best-link). */
static void
consider_rec(story *m, size_t slot, uint64_t seq)
{
    take(m, qdot(m, m->rec_vec + slot * m->tu.rec_terms,
        m->rec_n[slot]), m->rec_time[slot], seq);
}

/* The seq of the record posted at (seq mod 2^32) v, given hi. */
static uint64_t
seq_of(uint32_t v, uint64_t hi)
{
    return hi - (uint32_t)((uint32_t)hi - v);
}

/*
 * Scores the clusters of the records in m->pend: in a large window each
 * cluster entry and each centroid is a cache miss, so all entries are
 * asked for first, then all centroids of clusters not yet scored, and
 * only then are the dot products taken.  The best cluster does not
 * depend on the order (see take).
 */
static void
flush_pending(story *m)
{
    uint32_t i, n_clu = 0;

    for (i = 0; i < m->n_pend; i++)
        __builtin_prefetch(&m->clus[ndci_mix64(m->rec_cluster[m->pend[i]]) &
            m->clu_mask]);
    for (i = 0; i < m->n_pend; i++) {
        clu_ent *c = clu_find(m, m->rec_cluster[m->pend[i]]);
        const char *cen;
        size_t at;

        if (c->id == 0 || c->live == 0 || c->stamp == m->stamp)
            continue;
        c->stamp = m->stamp;
        cen = (const char *)(m->cen + (size_t)c->cen * m->tu.cen_terms);
        for (at = 0; at < c->n_terms * sizeof(tw); at += 64)
            __builtin_prefetch(cen + at);
        m->pend_clu[n_clu++] = c;
    }
    for (i = 0; i < n_clu; i++) {
        clu_ent *c = m->pend_clu[i];

        take(m, c->norm > 0 ? qdot(m, m->cen + (size_t)c->cen *
            m->tu.cen_terms, c->n_terms) / c->norm : 0, c->last_time,
            c->newest);
    }
    m->n_pend = 0;
}

/* Queues the record in slot as a candidate (its cluster, or itself with
   best-link). */
static void
pend_rec(story *m, size_t slot, uint64_t seq)
{
    if (m->tu.link == LINK_BEST) {
        consider_rec(m, slot, seq);
        return;
    }
    m->pend[m->n_pend++] = (uint32_t)slot;
    if (m->n_pend == PEND_MAX)
        flush_pending(m);
}

static void
story_best(void *p, uint64_t lo, uint64_t hi, uint64_t *seq, double *score)
{
    story *m = p;
    uint32_t i, j, it = m->tu.index_terms, live, step;
    uint32_t v[INDEX_TERMS_MAX];
    size_t slot[INDEX_TERMS_MAX];

    m->best_seq = 0;
    m->best_score = 0;
    m->n_pend = 0;
    if (++m->stamp == 0)
        m->stamp = 1;
    if (hi < lo) {
        *seq = 0;
        *score = 0;
        return;
    }
    qmap_build(m);
    for (i = 0; i < m->n_post; i++)
        __builtin_prefetch(&m->heads[bucket_of(m, m->post[i])]);
    for (i = 0; i < m->n_post; i++)
        v[i] = m->heads[bucket_of(m, m->post[i])];
    /*
     * The chains of the posted terms are walked a step at a time in turn,
     * so that each step's records can be asked for together; each chain
     * reads at most post_cap records.  A bucket may chain records of other
     * terms too: they count against the cap, so that a query's cost stays
     * bounded, but are not candidates.
     */
    for (step = 0, live = 1; step < m->tu.post_cap && live > 0; step++) {
        live = 0;
        for (i = 0; i < m->n_post; i++) {
            uint64_t s = seq_of(v[i], hi);

            slot[i] = SIZE_MAX;
            if (v[i] == 0 || s < lo || s > hi)
                continue;
            live++;
            slot[i] = (size_t)(s % m->cap);
            __builtin_prefetch(&m->rec_post[slot[i] * it]);
            __builtin_prefetch(&m->rec_link[slot[i] * it]);
            __builtin_prefetch(&m->rec_n_post[slot[i]]);
            __builtin_prefetch(&m->rec_cluster[slot[i]]);
        }
        for (i = 0; i < m->n_post; i++) {
            uint64_t b = bucket_of(m, m->post[i]), s = seq_of(v[i], hi);
            size_t sl = slot[i];
            bool same = false;

            if (sl == SIZE_MAX)
                continue;
            /* follow the link of that record's first posting in this
               bucket */
            v[i] = 0;
            for (j = 0; j < m->rec_n_post[sl]; j++)
                if (bucket_of(m, m->rec_post[sl * it + j]) == b) {
                    v[i] = m->rec_link[sl * it + j];
                    break;
                }
            for (; j < m->rec_n_post[sl] && !same; j++)
                same = m->rec_post[sl * it + j] == m->post[i];
            if (same)
                pend_rec(m, sl, s);
        }
    }
    for (i = 0; i < m->tu.recent; i++) {
        clu_ent *c = m->recent[i] == 0 ? NULL : clu_find(m, m->recent[i]);

        if (c == NULL || c->id == 0)
            continue;
        pend_rec(m, (size_t)(c->newest % m->cap), c->newest);
    }
    flush_pending(m);
    *seq = m->best_seq;
    *score = m->best_score > 1.0 ? 1.0 : m->best_score;
}

/* The selection key of the k-th term, of weight w, of a centroid. */
static inline uint64_t
cen_key(float w, uint32_t k)
{
    union { float f; uint32_t u; } b = {w > 0 ? w : 0};

    return (uint64_t)b.u << 32 | (uint32_t)~k;
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
        /* Keep the strongest ct, by selection over keys of weight bits
           and then position (the earlier wins a tie), taken back in tid
           order.  The scratch of prepare has room (n <= 2 * 256). */
        uint64_t *key = m->sel, cut;
        uint32_t k, kept = 0;

        for (k = 0; k < n; k++)
            key[k] = cen_key(t[k].w, k);
        select_top(key, n, ct);
        cut = key[0];
        for (k = 1; k < ct; k++)
            cut = key[k] < cut ? key[k] : cut;
        for (k = 0; k < n && kept < ct; k++)
            if (cen_key(t[k].w, k) >= cut)
                t[kept++] = t[k];
        n = kept;
    }
    memcpy(cen, t, n * sizeof(tw));
    c->n_terms = n;
    for (i = 0; i < n; i++)
        norm += (double)cen[i].w * cen[i].w;
    c->norm = (float)sqrt(norm);
}

/*
 * Takes an evicted member's vector v back out of the centroid of c, so
 * that a cluster is about the records it still has: terms that fall to
 * zero (or below, as the centroid was cut) leave it.
 */
static void
centroid_sub(story *m, clu_ent *c, const tw *v, uint32_t nv)
{
    tw *cen = m->cen + (size_t)c->cen * m->tu.cen_terms;
    uint32_t i = 0, j = 0, n = 0;
    double norm = 0;

    for (; i < c->n_terms; i++) {
        tw x = cen[i];

        while (j < nv && v[j].tid < x.tid)
            j++;
        if (j < nv && v[j].tid == x.tid)
            x.w -= v[j].w;
        if (x.w > 1e-6f) {
            cen[n++] = x;
            norm += (double)x.w * x.w;
        }
    }
    c->n_terms = n;
    c->norm = (float)sqrt(norm);
}

static void
story_insert(void *p, uint64_t seq, uint64_t cluster)
{
    story *m = p;
    size_t slot = (size_t)(seq % m->cap);
    clu_ent *c = clu_find(m, cluster);
    uint32_t i, it = m->tu.index_terms;
    uint32_t v = (uint32_t)seq != 0 ? (uint32_t)seq : 1;

    memcpy(m->rec_vec + slot * m->tu.rec_terms, m->vec,
        m->n_vec * sizeof(tw));
    m->rec_n[slot] = (uint8_t)m->n_vec;
    m->rec_cluster[slot] = cluster;
    m->rec_time[slot] = m->time;
    m->rec_n_post[slot] = (uint8_t)m->n_post;
    for (i = 0; i < m->n_post; i++) {
        uint32_t *h = &m->heads[bucket_of(m, m->post[i])];

        m->rec_post[slot * it + i] = m->post[i];
        m->rec_link[slot * it + i] = *h;
        /* Two terms of one record in one bucket: the first posting
           holds the link, the second must not link to itself. */
        if (*h != v)
            *h = v;
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

    /* Heads of its postings are left (see ndci_heads_sweep): clearing
       them would cost a cache miss each. */
    if ((seq & (NDCI_SWEEP_EVERY - 1)) == 0)
        ndci_heads_sweep(m->heads, (size_t)m->heads_mask + 1, seq, m->cap);
    m->rec_n_post[slot] = 0;
    if (c->id == 0)
        return;
    if (--c->live == 0) {
        m->cen_free[m->n_cen_free++] = c->cen;
        clu_del(m, c);
    } else {
        centroid_sub(m, c, m->rec_vec + slot * m->tu.rec_terms,
            m->rec_n[slot]);
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

    if (m->n_vec >= m->tu.short_terms || m->tu.short_terms == 0 || t >= 1)
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
    ndci_big_free(m->df, (size_t)m->df_mask + 1, sizeof(df_line));
    ndci_big_free(m->heads, (size_t)m->heads_mask + 1, sizeof(uint32_t));
    ndci_big_free(m->rec_vec, cap * m->tu.rec_terms, sizeof(tw));
    ndci_big_free(m->rec_post, cap * m->tu.index_terms, sizeof(uint32_t));
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
    free(m->sel);
    free(m->vec);
    free(m->tmp);
    ndci_buf_free(&m->text);
    ndci_u64s_free(&m->words);
    ndci_u64s_free(&m->names);
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
    t->text_cap = TEXT_CAP;
    t->short_terms = SHORT_TERMS;
    t->short_pow = SHORT_POW;
#ifdef NDC_TUNING
    {
        uint32_t sp = (uint32_t)(t->short_pow * 10);

        uint32_t tc = (uint32_t)t->text_cap;

        tune(&tc, "NDC_TUNE_TEXT_CAP", 1u << 30);
        t->text_cap = tc;
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
    uint64_t n_clu = ndci_pow2_ceil(((uint64_t)o->window + 1) * 2), n_df;

    *out = NULL;
    if (m == NULL)
        return NDC_ERR_NOMEM;
    tuning_init(&m->tu);
    m->cap = o->window;
    cap = m->cap;
    m->seed = o->seed;
    m->decay = o->decay;
    if (!ndci_word_hashes(sw, sw_len, m->seed, &m->text, &m->words)) {
        story_destroy(m);
        return NDC_ERR_NOMEM;
    }
    m->stop = ndci_calloc(m->words.len + 1, sizeof(uint64_t));
    n_df = ndci_pow2_ceil((uint64_t)cap * DF_LINES_PER_RECORD);
    n_df = n_df < DF_LINES_MIN ? DF_LINES_MIN : n_df > DF_LINES_MAX ?
        DF_LINES_MAX : n_df;
    m->df_mask = n_df - 1;
    m->df = ndci_big_alloc((size_t)n_df, sizeof(df_line));
    /* two buckets or more per posting the window can hold */
    m->heads_mask = ndci_pow2_ceil((uint64_t)cap * m->tu.index_terms * 2) - 1;
    m->heads = ndci_big_alloc((size_t)m->heads_mask + 1, sizeof(uint32_t));
    m->rec_vec = ndci_big_alloc(cap * m->tu.rec_terms, sizeof(tw));
    m->rec_post = ndci_big_alloc(cap * m->tu.index_terms, sizeof(uint32_t));
    m->rec_link = ndci_big_alloc(cap * m->tu.index_terms, sizeof(uint32_t));
    m->rec_n = ndci_calloc(cap, 1);
    m->rec_n_post = ndci_calloc(cap, 1);
    m->rec_cluster = ndci_calloc(cap, sizeof(uint64_t));
    m->rec_time = ndci_calloc(cap, sizeof(double));
    m->clu_mask = n_clu - 1;
    m->clus = ndci_big_alloc((size_t)n_clu, sizeof(clu_ent));
    m->cen = ndci_big_alloc((cap + 1) * m->tu.cen_terms, sizeof(tw));
    m->cen_free = ndci_calloc(cap + 1, sizeof(uint32_t));
    m->vec = ndci_calloc(REC_TERMS_MAX, sizeof(tw));
    m->tmp = ndci_calloc(2 * (CEN_TERMS_MAX + REC_TERMS_MAX), sizeof(tw));
    if (m->stop == NULL || m->df == NULL || m->heads == NULL || m->rec_vec == NULL ||
        m->rec_post == NULL || m->rec_link == NULL || m->rec_n == NULL ||
        m->rec_n_post == NULL || m->rec_cluster == NULL ||
        m->rec_time == NULL || m->clus == NULL || m->cen == NULL ||
        m->cen_free == NULL ||
        m->vec == NULL || m->tmp == NULL) {
        story_destroy(m);
        return NDC_ERR_NOMEM;
    }
    /* A map with room for the stop words and a long record's words,
       and the stop words in it, each once. */
    if (!acc_rehash(m, ndci_pow2_ceil(((uint64_t)m->words.len + 512) * 2))) {
        story_destroy(m);
        return NDC_ERR_NOMEM;
    }
    for (i = 0; i < m->words.len; i++) {
        uint64_t h = term_of(m->words.v[i]);
        acc_ent *a = &m->acc[acc_slot(m->acc, m->acc_mask, h)];

        if (a->term == 0) {
            a->term = h;
            m->stop[m->n_stop++] = h;
        }
    }
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

    return sizeof(*m) + m->n_stop * sizeof(uint64_t) +
        ((size_t)m->df_mask + 1) * sizeof(df_line) +
        ((size_t)m->heads_mask + 1) * sizeof(uint32_t) +
        cap * (m->tu.rec_terms * sizeof(tw) + m->tu.index_terms *
        2 * sizeof(uint32_t) + 2 + sizeof(uint64_t) +
        sizeof(double)) +
        ((size_t)m->clu_mask + 1) * sizeof(clu_ent) +
        (cap + 1) * (m->tu.cen_terms * sizeof(tw) + sizeof(uint32_t)) +
        m->acc_cap * (sizeof(acc_ent) + sizeof(uint64_t) / 2 + sizeof(uint32_t)) +
        m->text.cap +
        (m->words.cap + m->names.cap) * sizeof(uint64_t) +
        (REC_TERMS_MAX + 2 * (CEN_TERMS_MAX + REC_TERMS_MAX)) * sizeof(tw);
}

/*
 * The state of story mode: the shape it was built with (its sizes are
 * compiled in), the term table, the per-slot arrays, the clusters and
 * their centroids.
 */
static bool
story_save(const void *p, ndci_writer *w)
{
    const story *m = p;
    size_t cap = m->cap;

    return ndci_put_u64(w, m->tu.rec_terms) &&
        ndci_put_u64(w, m->tu.index_terms) &&
        ndci_put_u64(w, m->tu.cen_terms) && ndci_put_u64(w, m->tu.recent) &&
        ndci_put_u64(w, m->df_mask) &&
        ndci_put(w, m->df, ((size_t)m->df_mask + 1) * sizeof(df_line)) &&
        ndci_put_u64(w, m->heads_mask) &&
        ndci_put(w, m->heads, ((size_t)m->heads_mask + 1) *
        sizeof(uint32_t)) &&
        ndci_put_u64(w, m->n_docs_seen) &&
        ndci_put(w, &m->n_docs, sizeof(m->n_docs)) &&
        ndci_put_u64(w, m->n_docs_epoch) &&
        ndci_put(w, m->rec_vec, cap * m->tu.rec_terms * sizeof(tw)) &&
        ndci_put(w, m->rec_n, cap) &&
        ndci_put(w, m->rec_post, cap * m->tu.index_terms *
        sizeof(uint32_t)) &&
        ndci_put(w, m->rec_link, cap * m->tu.index_terms *
        sizeof(uint32_t)) &&
        ndci_put(w, m->rec_n_post, cap) &&
        ndci_put(w, m->rec_cluster, cap * sizeof(uint64_t)) &&
        ndci_put(w, m->rec_time, cap * sizeof(double)) &&
        ndci_put(w, m->clus, ((size_t)m->clu_mask + 1) * sizeof(clu_ent)) &&
        ndci_put(w, m->cen, (cap + 1) * m->tu.cen_terms * sizeof(tw)) &&
        ndci_put(w, m->cen_free, (cap + 1) * sizeof(uint32_t)) &&
        ndci_put_u64(w, m->n_cen_free) &&
        ndci_put(w, m->recent, sizeof(m->recent)) &&
        ndci_put_u64(w, m->recent_at) && ndci_put_u64(w, m->stamp);
}

static bool
story_load(void *p, ndci_reader *r)
{
    story *m = p;
    size_t cap = m->cap, i;
    uint64_t v;

    if (ndci_get_u64(r) != m->tu.rec_terms ||
        ndci_get_u64(r) != m->tu.index_terms ||
        ndci_get_u64(r) != m->tu.cen_terms ||
        ndci_get_u64(r) != m->tu.recent)
        return false;
    /* both sizes follow from the window, which the settings checked */
    if (ndci_get_u64(r) != m->df_mask ||
        !ndci_get(r, m->df, ((size_t)m->df_mask + 1) * sizeof(df_line)) ||
        ndci_get_u64(r) != m->heads_mask ||
        !ndci_get(r, m->heads, ((size_t)m->heads_mask + 1) *
        sizeof(uint32_t)))
        return false;
    m->n_docs_seen = ndci_get_u64(r);
    ndci_get(r, &m->n_docs, sizeof(m->n_docs));
    m->n_docs_epoch = (uint32_t)ndci_get_u64(r);
    if (!ndci_get(r, m->rec_vec, cap * m->tu.rec_terms * sizeof(tw)) ||
        !ndci_get(r, m->rec_n, cap) ||
        !ndci_get(r, m->rec_post, cap * m->tu.index_terms *
        sizeof(uint32_t)) ||
        !ndci_get(r, m->rec_link, cap * m->tu.index_terms *
        sizeof(uint32_t)) ||
        !ndci_get(r, m->rec_n_post, cap) ||
        !ndci_get(r, m->rec_cluster, cap * sizeof(uint64_t)) ||
        !ndci_get(r, m->rec_time, cap * sizeof(double)) ||
        !ndci_get(r, m->clus, ((size_t)m->clu_mask + 1) * sizeof(clu_ent)) ||
        !ndci_get(r, m->cen, (cap + 1) * m->tu.cen_terms * sizeof(tw)) ||
        !ndci_get(r, m->cen_free, (cap + 1) * sizeof(uint32_t)))
        return false;
    v = ndci_get_u64(r);
    if (v > cap + 1)
        return false;
    m->n_cen_free = (uint32_t)v;
    ndci_get(r, m->recent, sizeof(m->recent));
    v = ndci_get_u64(r);
    m->recent_at = (uint32_t)(m->tu.recent > 0 ? v % m->tu.recent : 0);
    m->stamp = (uint32_t)ndci_get_u64(r);
    /* what indexes memory must be in range */
    for (i = 0; i < cap; i++)
        if (m->rec_n[i] > m->tu.rec_terms ||
            m->rec_n_post[i] > m->tu.index_terms)
            return false;
    for (i = 0; i < m->n_cen_free; i++)
        if (m->cen_free[i] > cap)
            return false;
    for (i = 0; i <= m->clu_mask; i++)
        if (m->clus[i].id != 0 && (m->clus[i].cen > cap ||
            m->clus[i].n_terms > m->tu.cen_terms))
            return false;
    return r->ok;
}

/* The tables must have room left for a probe to end. */
static bool
story_fits(const void *p, uint64_t lo, uint64_t hi)
{
    story *m = (story *)p;
    size_t i, used = 0, n = (size_t)m->clu_mask + 1;
    uint32_t *seen;
    uint64_t seq, *newest;
    bool ok = true;

    for (i = 0; i < n; i++)
        used += m->clus[i].id != 0;
    if (used > (size_t)m->cap + 1 || used + m->n_cen_free != m->cap + 1)
        return false;
    /* Every record's cluster has an entry that counts it, and no entry
       counts records the window does not hold: stale entries would
       never leave, and fill the table.  And each cluster's newest is
       its newest record in the window, the one a match may name. */
    seen = ndci_calloc(n, sizeof(uint32_t));
    newest = ndci_calloc(n, sizeof(uint64_t));
    if (seen == NULL || newest == NULL) {
        free(seen);
        free(newest);
        return false;
    }
    for (seq = lo; ok && seq <= hi && hi >= lo; seq++) {
        clu_ent *c = clu_find(m, m->rec_cluster[seq % m->cap]);

        ok = c->id != 0;
        if (ok) {
            seen[c - m->clus]++;
            newest[c - m->clus] = seq;
        }
    }
    for (i = 0; ok && i < n; i++)
        ok = m->clus[i].id == 0 ? seen[i] == 0 :
            seen[i] == m->clus[i].live && newest[i] == m->clus[i].newest;
    free(newest);
    free(seen);
    return ok;
}

const ndci_mode_ops ndci_story_ops = {
    "story", story_create, story_destroy, story_bytes, story_prepare,
    story_best, story_insert, story_evict, story_threshold, story_save,
    story_load, story_fits,
};
