/*
 * story.h - the parts of story mode, shared by its files and private to
 * them: story_terms.c (a record's terms, their document frequencies and
 * TF-IDF weights), story_post.c (the postings that find candidates),
 * story_centroid.c (clusters as centroids, and scoring against them),
 * story_fold.c (clusters that a later record shows to be one story),
 * story_names.c (the names a text gives, for its terms) and story.c (the
 * mode's operations).
 *
 * A record becomes a sparse TF-IDF vector of its strongest terms (stop
 * words dropped, IDF learned from the stream); its strongest few terms
 * are posted in an inverted index bounded by the window.  Candidate
 * clusters come from those postings and from the clusters most recently
 * joined; the record joins the cluster whose centroid (a bounded sum of
 * its members' vectors) is nearest by cosine, optionally decayed by the
 * time gap.
 */
#ifndef NDC_STORY_H
#define NDC_STORY_H

#include "internal.h"

/*
 * Sizes, measured on the labelled sets (see ndcluster(1) and
 * scripts/eval.py).
 */
#define REC_TERMS 64u       /* terms kept in a record's vector */
#define INDEX_TERMS 12u     /* strongest terms posted in the index */
#define POST_CAP 8u         /* postings read per term, newest first */
#define POST_CAP_SHORT 1u   /* the same for texts of under SHORT_TERMS */
#define CEN_TERMS 64u       /* terms kept in a cluster's centroid */
#define RECENT 8u           /* recently joined clusters always compared */
#define RECENT_SHORT 2u     /* the newest of them, for texts of under
                               SHORT_TERMS: whose postings find their
                               story's cluster more often than not */
#define NAME_BOOST 2.5f     /* capitalised words count this many times */
#define SHORT_TERMS 32u     /* texts with fewer terms get a lower -t */
#define SHORT_POW 0.5
#define FOLD_SCORE 0.5      /* a record this like two clusters, and
                               -t, folds them (story_fold.c) */
#define PEND_MAX 128u       /* candidates scored in one batch */
#define PEND_MAP (1u << 31) /* a candidate scored by the query's map */
#define SEEN_BITS 8         /* the set of a query's candidates */
#define SEEN_SIZE (1u << SEEN_BITS)
#define QMAP_BITS 9         /* the query's map: 8 * REC_TERMS slots */
#define QMAP_SIZE (1u << QMAP_BITS)
#define QMAP_SPARSE 24u     /* up to this many terms, qdot probes */
#define SIG_WORDS 6u        /* a centroid's signature: 384 buckets */
#define SIG_BUCKETS (SIG_WORDS * 64u)
#define SIG_QUERY 24u       /* queries of up to this many terms score
                               centroids by their signatures */
#define VEC_PAGE 512u       /* terms in a page of records' vectors: 4 KB */

/* The id of a term in vectors and postings is the top TID_BITS of its
   mixed hash (see ndci_story_sel_key): a short word's term is its bytes,
   whose halves alone collide (canada, senate).  Two terms of one record
   share an id about once in 2^28 / 64^2 records; a false match between
   records costs less. */
#define TID_BITS 28
#define TID_MASK ((1u << TID_BITS) - 1)

typedef struct tw {         /* one weighted term */
    uint32_t tid;
    float w;
} tw;

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

/*
 * A word in the map of the record being prepared.  Stop words stay in
 * the map for good, with mixed 0, so that one probe both finds a word's
 * count and tells that it is not counted; so do the numbers a record
 * drops, until the record is done.
 */
typedef struct acc_ent {
    uint64_t term;          /* 0: empty */
    uint64_t mixed;         /* ndci_mix64(term), never 0; 0: not counted */
    float count;            /* sum over fields of weight * TF */
    float fcount;           /* occurrences in the field being read */
} acc_ent;

typedef struct story_prep story_prep;

/* A distinct term of the record being committed (see hit_dot). */
typedef struct qterm {
    uint32_t tid;
    uint32_t more;          /* the next term is in the same bucket */
    float w;
} qterm;

/* Where a centroid meets the query: the place of its first term in a
   bucket of both, and the query's first term there (see cen_hits). */
typedef struct sig_hit {
    uint8_t at, q;
} sig_hit;

/*
 * What scoring reads of a cluster but its terms, by cluster slot (all 0
 * for a slot that no cluster holds), on one cache line.  The centroid's
 * signature: the buckets of term ids that its terms fill (bucket tid *
 * SIG_BUCKETS >> TID_BITS, in the order of ids), and the terms in the
 * buckets of the words before each word, so that a bucket's first term
 * is found in the centroid (in tid order) from the bits below it.  Made
 * again whenever the centroid changes.
 */
typedef struct story_cen {
    uint64_t bits[SIG_WORDS];
    uint8_t before[SIG_WORDS];
    uint8_t n;              /* terms in its centroid */
    uint8_t flags;          /* CEN_ flags */
    float norm;
    uint32_t at;            /* its row of cen, or with CEN_ALONE, where
                               its one member's vector is in vecs */
} story_cen;
_Static_assert(sizeof(story_cen) == 64, "a cluster is one cache line");
#define CEN_TID0 1u         /* its centroid's first term's id is 0 */
#define CEN_FOLDED 2u       /* it has folded into another (story_fold.c) */
#define CEN_ROW 4u          /* its terms are in row at of cen */
#define CEN_ALONE 8u        /* its terms are its one member's vector */

/* What else story mode keeps of a cluster, by cluster slot. */
typedef struct story_span {
    double time;            /* latest time of its members, or NDC_NO_TIME */
    uint64_t newest;        /* seq of its newest member, 0: none yet */
} story_span;

/* What story mode keeps of a record in the window but its postings. */
typedef struct story_rec {
    uint32_t at;            /* where its vector starts in vecs */
    uint8_t n;              /* terms in its vector */
    uint8_t n_post;         /* terms posted */
    uint8_t pad[2];
} story_rec;

/*
 * A posting of a record in the index, on a quarter of a cache line:
 * all that a walk reads of the record when it comes to it.  A record's
 * INDEX_TERMS postings lie side by side from its window slot times
 * INDEX_TERMS, those past the terms it posted marked empty; a posting
 * is named by its place + 1, 0 naming none (see story_post.c).
 */
#define POST_EMPTY (1u << 31)   /* no term is posted here */
#define POST_SHARED (1u << 30)  /* the record's first posting in a bucket
                                   that another of its postings shares */
typedef struct story_posting {
    uint32_t tid;           /* the term's id, and the POST_ flags */
    uint32_t next;          /* the posting before it in its bucket, made
                               when that one's record was live */
    uint32_t cs;            /* its record's cluster slot */
    uint32_t pad;
} story_posting;
_Static_assert(sizeof(story_posting) == 16, "four postings a cache line");

/*
 * The mode.  Document frequencies forget at the pace of the window:
 * every window length of records (an epoch) halves all counts, lazily,
 * so that no record needs to remember its whole term list to be
 * unlearned.  They are counted in a fixed-size count-min sketch, not a
 * table of terms: memory stays flat whatever the vocabulary, and each
 * lookup stays in one cache line of a table small enough for the CPU's
 * last cache.
 */
typedef struct story {
    uint32_t cap;
    uint64_t seed;
    double decay;
    double horizon;         /* seconds, 0: none */
    unsigned text;          /* NDCI_TEXT_* flags of the normaliser, but
                               for NDCI_TEXT_PAIRS, which terms add */
    const ndci_window *win;
    /* stop words, each once; fixed once made */
    uint64_t *stop;
    size_t n_stop;
    /* document frequencies */
    df_line *df;
    uint64_t df_mask;       /* lines - 1 */
    uint64_t n_docs_seen;   /* records counted, for the epoch */
    float n_docs;           /* decayed */
    uint32_t n_docs_epoch;
    /* per record, by window slot */
    story_rec *rec;         /* cap */
    story_posting *posts;   /* cap * INDEX_TERMS */
    /* the records' vectors (each sorted by tid), packed in pages of
       VEC_PAGE terms: a record's lies in one page, and a page is given
       back when its last record leaves, so that a window of short
       records holds only the pages its terms fill (see story_post.c) */
    tw *vecs;               /* n_pages * VEC_PAGE */
    uint32_t *page_live;    /* n_pages: records with a vector in each */
    uint32_t *page_free;    /* n_pages: stack of pages given back */
    uint32_t n_pages, n_page_free;
    uint32_t pages_taken;   /* pages 0..pages_taken - 1 were ever used */
    uint32_t vec_page;      /* the page being filled, or UINT32_MAX */
    uint32_t vec_at;        /* its next free term */
    /* the index: bucket of a posted term -> its newest posting (0:
       none), with low bits of its record's seq above; the postings of a
       bucket are chained through their next, newest first */
    uint32_t *heads;
    uint64_t heads_mask;
    uint32_t head_bits;     /* a head's low bits that name a posting */
    uint32_t head_mask;     /* those bits */
    /* centroids: a pool of rows, taken and given back */
    tw *cen;                /* rows of CEN_TERMS, sorted by tid: the
                               centroids of clusters that had two
                               members (one of one is its vector) */
    uint32_t *row_free;     /* cap + 1: stack of rows given back */
    uint32_t n_row_free;
    uint32_t rows_taken;    /* rows 0..rows_taken - 1 were ever used */
    /* per cluster, by cluster slot (cap + 1); all 0 for a slot that no
       cluster holds */
    story_cen *cens;        /* cap + 1, on cache lines (cens_mem) */
    void *cens_mem;
    story_span *span;       /* cap + 1 */
    uint64_t *fold;         /* cap + 1: the id of the cluster that this
                               one folded into, 0 if none (a cluster no
                               longer live counts as none) */
    uint64_t recent[RECENT];    /* ids of clusters lately joined */
    uint32_t recent_at;
    uint32_t stamp;
    /* scratch of a commit */
    tw *tmp;                /* for centroid merges and sorts */
    uint64_t *keys;         /* for centroid cuts, twice the terms */
    tw qmap[QMAP_SIZE];     /* the record's vector by term id */
    bool qmap_far;          /* a term lies over two slots past its home */
    bool qmap_made;         /* qmap holds the query's vector */
    qterm qterms[REC_TERMS];    /* its distinct terms, for hit_dot */
    uint32_t n_qterms;
    uint64_t qbits[SIG_WORDS];  /* its signature's bits */
    uint8_t qwords[SIG_WORDS];  /* the words of qbits not 0 */
    uint32_t n_qwords;
    uint8_t qfirst[SIG_BUCKETS];    /* by bucket it fills: its first
                                       term there in qterms */
    bool qsig_made;         /* qterms, qbits and qfirst hold the query's */
    uint32_t pend[PEND_MAX];        /* candidates: cluster slots */
    struct {
        uint32_t cs, stamp;
    } seen[SEEN_SIZE];      /* the query's candidates so far: those of
                               its stamp, open-addressed by cluster slot */
    uint32_t pend_at[PEND_MAX + 1]; /* at a flush, where each one's hits
                                       start, or PEND_MAP */
    sig_hit hits[PEND_MAX * SIG_QUERY];
    uint32_t n_pend;
    const story_prep *query;    /* the record being committed */
    uint64_t best_seq;      /* best cluster of the current query */
    double best_score;
    double second_score;
    uint32_t best_cs, second_cs;    /* their cluster slots, while scoring
                                       (the seqs are found after) */
} story;

/* A record being prepared: the map of its words, then its vector. */
struct story_prep {
    acc_ent *acc;
    uint64_t acc_mask;
    uint32_t *acc_used;     /* the map's slots in use, in order */
    uint64_t *sel;          /* selection keys of the terms */
    acc_ent *dense;         /* the counted terms, side by side: what the
                               commit reads, maybe on another thread */
    size_t n_dense;
    size_t dense_cap;       /* of dense and sel: acc_cap / 2 or more */
    bool moved;             /* came by ndci_story_prep_move(): its lines
                               of the sketch were not fetched here */
    size_t n_acc, acc_cap;
    size_t n_counted;       /* entries of acc_used that are counted */
    ndci_buf text;          /* scratch of ndci_word_hashes */
    ndci_u64s words;        /* fingerprints of a field's words */
    ndci_u64s names;        /* of its capitalised words inside sentences */
    double time;
    /* made at commit, once document frequencies are known */
    tw vec[REC_TERMS];      /* sorted by tid */
    uint32_t n_vec;
    uint32_t post[INDEX_TERMS];     /* ids of the terms to post */
    uint32_t n_post;
};

/* ln x for x >= 1, to about 1e-4: IDF and TF need no more. */
static inline float
ndci_story_log(float x)
{
    union { float f; uint32_t i; } v = {x};
    float e = (float)((int)(v.i >> 23) - 127), mant, p;

    v.i = (v.i & 0x7FFFFF) | 0x3F800000;
    mant = v.f;
    p = -1.7417939f + (2.8212026f + (-1.4699568f + (0.44717955f -
        0.056570851f * mant) * mant) * mant) * mant;
    return (e + p) * 0.69314718f;
}

/* The home slot of h in a table of mask + 1 entries: Fibonacci hashing,
   one multiply, as terms are hashes or packed bytes already. */
static inline uint64_t
ndci_story_home(uint64_t h, uint64_t mask)
{
    return (h * 0x9E3779B97F4A7C15ULL) >> 32 & mask;
}

/* The term of a word's fingerprint (see ndci_word_hashes): never 0. */
static inline uint64_t
ndci_story_term(uint64_t fp)
{
    return fp != 0 ? fp : 1;
}

/* story_terms.c */
bool ndci_story_prep_init(const story *m, story_prep *q);
void ndci_story_prep_free(story_prep *q);
bool ndci_story_prep_move(story_prep *dst, const story_prep *src);
/* The mode's prep_prefetch: the counted terms of prep p, a story_prep,
   which the commit weighs first. */
void ndci_story_prep_prefetch(const void *m, const void *p);
int ndci_story_prepare(const story *m, story_prep *q, const ndc_field *f,
    size_t n, double time);
void ndci_story_weigh(story *m, story_prep *q);
void ndci_story_select_top(uint64_t *v, size_t n, size_t k);
/* Appends to q->names the fingerprints of the capitalised words of txt
   that do not start a sentence, and counts every capitalised word in
   *n_caps (story_names.c); false on allocation failure. */
bool ndci_story_find_names(const story *m, story_prep *q, const char *txt,
    size_t len, size_t *n_caps);

/* story_post.c */
/* The vector of the record in window slot. */
static inline const tw *
ndci_story_vec(const story *m, size_t slot)
{
    return m->vecs + m->rec[slot].at;
}
uint32_t ndci_story_pages(uint32_t cap);
void ndci_story_vec_reset(story *m);
void ndci_story_vec_put(story *m, size_t slot, const tw *v, uint32_t n);
void ndci_story_vec_drop(story *m, size_t slot);
void ndci_story_post(story *m, const uint32_t *post, uint32_t n,
    size_t slot, uint64_t seq, uint32_t cs);
void ndci_story_candidates(story *m, const story_prep *q);

/* story_centroid.c */
/* The terms of the centroid in cluster slot cs. */
static inline tw *
ndci_story_cen_terms(const story *m, uint32_t cs)
{
    const story_cen *c = &m->cens[cs];

    return c->flags & CEN_ALONE ? m->vecs + c->at :
        m->cen + (size_t)c->at * CEN_TERMS;
}
tw *ndci_story_cen_row(story *m, uint32_t cs);
void ndci_story_sig_build(story *m, uint32_t cs);
void ndci_story_pend(story *m, uint32_t cs);
void ndci_story_flush(story *m, const story_prep *q);
void ndci_story_cen_add(story *m, const story_prep *q, const ndci_clu *c,
    uint32_t at);
void ndci_story_cen_sub(story *m, const ndci_clu *c, const tw *v,
    uint32_t nv);
void ndci_story_cen_clear(story *m, uint32_t cslot);

/* story_fold.c */
void ndci_story_fold(story *m, double t, double thr);
bool ndci_story_fold_check(story *m);

#endif /* NDC_STORY_H */
