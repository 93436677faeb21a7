/*
 * ndcluster.h - the public API of libndcluster.
 *
 * libndcluster assigns cluster ids to a stream of texts.  Each text is
 * compared with the texts kept in a bounded window of recent records; a
 * text that is similar enough to one of them joins that record's cluster,
 * any other text founds a cluster of its own.  The library knows nothing
 * of JSON, files or terminals: it takes bytes and returns numbers.
 *
 * Thread safety: a context is not thread-safe; distinct contexts may be
 * used from distinct threads at once.  The library keeps no global state.
 */
#ifndef NDCLUSTER_H
#define NDCLUSTER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define NDC_VERSION_MAJOR 0
#define NDC_VERSION_MINOR 2
#define NDC_VERSION_PATCH 0
#define NDC_VERSION_STRING "0.2.0"

/* Defaults of ndc_opts, chosen by measurement (see ndcluster(1)). */
#define NDC_DEFAULT_WINDOW 100000u
#define NDC_DEFAULT_PERM 128u
#define NDC_DEFAULT_BANDS 42u
#define NDC_DEFAULT_SHINGLE 0u      /* 0: words and pairs of words */
#define NDC_DEFAULT_THRESHOLD 0.38        /* near mode */
#define NDC_DEFAULT_STORY_THRESHOLD 0.25  /* story mode */
#define NDC_DEFAULT_TEMPLATE_THRESHOLD 0.9  /* template mode */
#define NDC_DEFAULT_STORY_HORIZON 604800.0  /* story mode: 7 days, in s */
#define NDC_DEFAULT_SEED 0u

/* Limits that ndc_ctx_create() enforces. */
#define NDC_MAX_WINDOW (1u << 28)
#define NDC_MAX_PERM 1024u
#define NDC_MAX_SHINGLE 16u

/*
 * Status codes.  NDC_OK is 0; new codes are added at the end and no code
 * is ever removed or renumbered.
 */
typedef enum ndc_status {
    NDC_OK = 0,         /* success */
    NDC_ERR_NOMEM,      /* allocation failed, e.g. -w too large for RAM */
    NDC_ERR_INVALID,    /* bad argument, e.g. threshold 1.5 or bands 0 */
    NDC_ERR_UNSUPPORTED, /* a mode this build lacks, e.g. mode 7 */
    NDC_ERR_WRITE,      /* the writer of ndc_ctx_save() failed */
    NDC_ERR_STATE,      /* a state that ndc_ctx_load() refuses: not a
                           state, damaged, truncated, another version or
                           other settings; ndc_ctx_errmsg() says which */
    NDC_ERR_FULL        /* record numbers are used up: NDC_MAX_RECORDS
                           records since the context (or its state) began */
} ndc_status;

/* Records a context numbers at most (2^62): far more than any stream
   brings, and far from the wrap of the 64-bit counter. */
#define NDC_MAX_RECORDS ((uint64_t)1 << 62)

/*
 * Clustering modes.  The library keeps one registry of them, indexed by
 * this enum: ndc_mode_name() and ndc_mode_from_name() map names, and
 * ndc_mode_uses() says which options of ndc_opts a mode reads, so that a
 * client need not repeat those rules.  New modes are added at the end.
 */
typedef enum ndc_mode {
    NDC_MODE_NEAR = 0,  /* near duplicates: MinHash over word shingles */
    NDC_MODE_STORY = 1, /* same story: TF-IDF terms, cosine to clusters */
    NDC_MODE_TEMPLATE = 2 /* log statements: masked tokens, templates */
} ndc_mode;

/* The options of ndc_opts that a mode may read, one bit each. */
typedef enum ndc_opt {
    NDC_OPT_WINDOW = 1 << 0,
    NDC_OPT_THRESHOLD = 1 << 1,
    NDC_OPT_SEED = 1 << 2,
    NDC_OPT_PERM = 1 << 3,
    NDC_OPT_BANDS = 1 << 4,
    NDC_OPT_SHINGLE = 1 << 5,
    NDC_OPT_STOPWORDS = 1 << 6,
    NDC_OPT_DECAY = 1 << 7,
    NDC_OPT_WINDOW_TIME = 1 << 8,
    NDC_OPT_KEEP_MARKUP = 1 << 9,
    NDC_OPT_HORIZON = 1 << 10
} ndc_opt;

/*
 * Options of a context.  Initialise with ndc_opts_init() and override
 * fields; a context copies what it needs, so the struct may be freed.
 *
 * The struct grows at its end as the library gains options.  Its first
 * member, size, is the sizeof(ndc_opts) the caller was compiled with
 * (ndc_opts_init() is inline for that reason): a newer library reads only
 * that many bytes of the caller's struct and takes its own defaults for
 * the rest, so a program built against an older header keeps working,
 * unrebuilt, with a newer library.  A size field, rather than a setter
 * call per option, keeps the plain struct that callers already use.
 */
typedef struct ndc_opts {
    size_t size;        /* bytes of this struct; set by ndc_opts_init() */
    ndc_mode mode;
    uint32_t window;    /* records indexed at most, 1..NDC_MAX_WINDOW */
    uint32_t perm;      /* near: MinHash values per record, 1..NDC_MAX_PERM */
    uint32_t bands;     /* near: LSH bands, 1..perm, perm/bands rows each;
                           0: the mode's default, 3 rows a band */
    uint32_t shingle;   /* near: words per shingle 1..16, or 0 for words
                           and pairs of words together */
    double threshold;   /* join a cluster at similarity >= this, 0..1;
                           negative: the mode's default */
    uint64_t seed;      /* hashing seed: same seed, same ids */
    const char *stopwords;  /* story: words to ignore, separated by white
                               space (copied); NULL: the built-in list */
    size_t stopwords_len;
    double decay;       /* story: seconds for similarity to halve with the
                           time gap to a cluster; 0: no decay */
    double window_time; /* seconds: records older than the newest time
                           seen minus this leave the window; 0: none */
    bool keep_markup;   /* read markup as text: "<b>" is the word b and
                           "&amp;" the word amp; false (the default):
                           tags and comments separate words and
                           character references are decoded */
    double horizon;     /* story: seconds; a record does not join a
                           cluster whose newest member is older than
                           the record by more than this (a story that
                           went quiet that long is over); 0: none;
                           negative: the mode's default (story:
                           NDC_DEFAULT_STORY_HORIZON) */
} ndc_opts;

/*
 * One text field of a record.  weight scales the field's terms in story
 * mode (e.g. 2 for a title); near mode reads the fields as one text, in
 * order, and ignores weights.
 */
typedef struct ndc_field {
    const char *text;   /* UTF-8, len bytes, no NUL needed; borrowed */
    size_t len;
    double weight;      /* 1e-6 .. 1e6 */
} ndc_field;

/* The time argument of ndc_ctx_assign_fields() for a record without one. */
#define NDC_NO_TIME (-1e300)

/*
 * The result of one ndc_ctx_assign() call.  Record numbers count every
 * call (with or without text) from 1; a cluster id is the record number
 * of the record that founded it.
 */
typedef struct ndc_result {
    uint64_t record;    /* this record's number */
    uint64_t cluster;   /* cluster id, or 0 if the text had no words */
    uint64_t match;     /* number of the record matched, 0 if none */
    double score;       /* similarity to match; for a founder, the best
                           similarity seen below the threshold, or 0 */
    uint64_t size;      /* records in the cluster so far, this included */
    bool is_new;        /* true if this record founded the cluster */
} ndc_result;

/* Counters of a context, for --stats. */
typedef struct ndc_stats {
    uint64_t records;   /* ndc_ctx_assign() calls */
    uint64_t no_text;   /* calls whose text had no words */
    uint64_t clusters;  /* clusters founded */
    uint64_t window_len;  /* records in the window now */
    uint64_t window_peak; /* most records in the window at once */
    uint64_t mem_bytes;   /* bytes the context allocated */
} ndc_stats;

typedef struct ndc_ctx ndc_ctx;

/* Returns NDC_VERSION_STRING; the string is static. */
const char *ndc_version(void);

/*
 * Fills the first size bytes of *o with the defaults above; size is the
 * caller's sizeof(ndc_opts).  Use ndc_opts_init(), which passes it.
 */
void ndc_opts_init_sized(ndc_opts *o, size_t size);

/* Fills *o with the defaults above.  o must not be NULL. */
static inline void
ndc_opts_init(ndc_opts *o)
{
    ndc_opts_init_sized(o, sizeof(*o));
}

/* The name of mode m ("near", "story"), static; NULL for no such mode.
   The modes are 0, 1, ... up to the first m that gives NULL. */
const char *ndc_mode_name(ndc_mode m);

/* A one-line description of mode m, static; NULL for no such mode. */
const char *ndc_mode_summary(ndc_mode m);

/*
 * The mode called name (as ndc_mode_name() gives it) into *out.
 * @return NDC_OK, NDC_ERR_INVALID if an argument is NULL, or
 *         NDC_ERR_UNSUPPORTED if no mode has that name.
 */
ndc_status ndc_mode_from_name(const char *name, ndc_mode *out);

/* Whether mode m reads option opt of ndc_opts; false for no such mode. */
bool ndc_mode_uses(ndc_mode m, ndc_opt opt);

/* The threshold mode m takes for a negative opts.threshold; -1 for no
   such mode. */
double ndc_mode_threshold(ndc_mode m);

/* Whether mode m gives its clusters a label (ndc_ctx_label()): template
   mode does, its template. */
bool ndc_mode_labels(ndc_mode m);

/*
 * Creates a context from *o.  All memory the window needs is allocated
 * here, so ndc_ctx_assign() does not allocate in the steady state.  The
 * mode checks and defaults the options it reads (ndc_mode_uses()); the
 * others are not looked at.
 * @param out receives the context, or NULL on failure.
 * @return NDC_OK, NDC_ERR_INVALID for an option out of range,
 *         NDC_ERR_UNSUPPORTED for an unknown mode, or NDC_ERR_NOMEM
 *         (also when the window's size does not fit in memory).
 */
ndc_status ndc_ctx_create(ndc_ctx **out, const ndc_opts *o);

/* Frees a context and everything it owns.  NULL is a no-op. */
void ndc_ctx_free(ndc_ctx *c);

/*
 * Clusters one text (UTF-8, len bytes, no NUL needed; NULL with len 0 is
 * a record without text).  The text is borrowed for the call only.  A
 * text with no words gets cluster 0 and is not indexed, but still takes
 * a record number.  Invalid UTF-8 is read as separators, not an error.
 * @return NDC_OK, NDC_ERR_INVALID if c or res is NULL,
 *         NDC_ERR_NOMEM if scratch for a longer text than any before
 *         could not be allocated (the record then takes no number), or
 *         NDC_ERR_FULL if NDC_MAX_RECORDS records have been numbered.
 */
ndc_status ndc_ctx_assign(ndc_ctx *c, const char *txt, size_t len,
    ndc_result *res);

/*
 * Clusters one record made of n fields (n may be 0: a record without
 * text), at time (seconds since the epoch, or NDC_NO_TIME).  Time
 * matters with opts.decay, opts.horizon and opts.window_time; records
 * are still taken in call order.  With window_time, the clock is the
 * newest time seen (a record out of order does not turn it back), and
 * before each record the oldest records leave the window while their
 * time is older than the clock minus window_time.  A record without a
 * time takes the clock as its time (or, before any time was seen,
 * counts as older than all).
 * Eviction is first in, first out: a late record of an old time leaves
 * when it is the oldest in the window.
 * ndc_ctx_assign(c, t, len, r) is this call with one field of weight 1.
 * @return as ndc_ctx_assign(), and NDC_ERR_INVALID if f is NULL with
 *         n > 0, or a weight is outside 1e-6 .. 1e6.
 */
ndc_status ndc_ctx_assign_fields(ndc_ctx *c, const ndc_field *f, size_t n,
    double time, ndc_result *res);

/*
 * A prepared record: a record's features (its words, shingles and
 * signature, or its terms), computed apart from the context's window.
 * Preparing reads only the context's settings and fixed tables, never
 * what commits change, so records may be prepared on several threads at
 * once, each with its own ndc_prep, while one thread commits them in
 * input order.  ndc_ctx_assign_fields() is ndc_prep_fields() and then
 * ndc_ctx_commit() with a prep the context keeps.
 */
typedef struct ndc_prep ndc_prep;

/*
 * Creates a prep for c.  c must outlive it.  Its scratch (tens of
 * kilobytes) is made when it first prepares, so that a prep that only
 * receives records from ndc_prep_move() stays small.
 * @return NDC_OK, NDC_ERR_INVALID for a NULL argument, NDC_ERR_NOMEM.
 */
ndc_status ndc_prep_create(ndc_prep **out, const ndc_ctx *c);

/* Frees a prep.  NULL is a no-op. */
void ndc_prep_free(ndc_prep *p);

/*
 * Prepares one record of n fields at time (as ndc_ctx_assign_fields()
 * takes them).  The fields are borrowed for the call only.  Thread
 * safety: distinct preps of one context may prepare at once, and while
 * the context commits.
 * @return NDC_OK, NDC_ERR_INVALID for bad arguments (as
 *         ndc_ctx_assign_fields()), NDC_ERR_NOMEM.
 */
ndc_status ndc_prep_fields(ndc_prep *p, const ndc_field *f, size_t n,
    double time);

/*
 * Moves the record prepared in src to dst, two preps of one context:
 * dst may then commit it, and src prepare the next record.  Only the
 * features are copied (a few hundred bytes to a few kilobytes), not the
 * scratch, so that each thread can prepare in one prep whose scratch
 * stays in its core's cache, and hand each record to a prep that waits
 * for its commit.  Thread safety: as ndc_prep_fields(), with dst and
 * src both owned by the calling thread.
 * @return NDC_OK (also for dst == src), NDC_ERR_INVALID for NULL
 *         arguments, preps of two contexts or a src with no record
 *         prepared, NDC_ERR_NOMEM (dst then has none prepared, and src
 *         keeps its record).
 */
ndc_status ndc_prep_move(ndc_prep *dst, ndc_prep *src);

/*
 * A hint, changing nothing: starts fetching the features of the record
 * prepared in p into the calling thread's cache.  A thread that commits
 * records prepared on other threads calls it for the next record while
 * it commits the one before, so that its commit does not wait for the
 * other core's cache line by line.  p may be NULL, or hold no record.
 * Thread safety: as reading p.
 */
void ndc_prep_prefetch(const ndc_prep *p);

/*
 * Commits the record last prepared in p to c: numbers it, clusters it
 * against the window, and indexes it.  Records are numbered in the
 * order they are committed.  p must have been made for c; it may then
 * prepare the next record.
 * @return NDC_OK, NDC_ERR_INVALID for NULL arguments, a p of another
 *         context or one with no record prepared since its last commit,
 *         NDC_ERR_FULL as ndc_ctx_assign().
 */
ndc_status ndc_ctx_commit(ndc_ctx *c, ndc_prep *p, ndc_result *res);

/*
 * Writes len bytes at data somewhere; returns false on failure.  The
 * writer of ndc_ctx_save().
 */
typedef bool (*ndc_write_fn)(void *arg, const void *data, size_t len);

/*
 * Saves everything the context has learned (window, index, cluster ids
 * and sizes, record numbers, story mode's term counts, the clock) as a
 * byte stream passed to fn: a magic number, a format version, the
 * settings that shape clustering, the caller's own bytes user[0..
 * user_len), the state, and an XXH3 checksum of all of it.  The stream
 * is native-endian and its size is about that of the window's memory.
 * @return NDC_OK, NDC_ERR_INVALID for a NULL c or fn, NDC_ERR_WRITE if
 *         fn returned false, NDC_ERR_NOMEM.
 */
ndc_status ndc_ctx_save(const ndc_ctx *c, const void *user, size_t user_len,
    ndc_write_fn fn, void *arg);

/*
 * Loads a state saved by ndc_ctx_save() into c, which must be fresh (no
 * record assigned yet) and made with the same settings.  The header,
 * length, checksum and settings are checked before anything is read into
 * c; if the contents then do not fit together (possible only for a file
 * made to pass the checksum), NDC_ERR_STATE is returned and c must be
 * freed unused.  *user and *user_len (if not NULL) receive the caller's
 * bytes, pointing into data.
 * @return NDC_OK, NDC_ERR_INVALID for NULL arguments or a used c,
 *         NDC_ERR_NOMEM, or NDC_ERR_STATE with the reason in
 *         ndc_ctx_errmsg(c).
 */
ndc_status ndc_ctx_load(ndc_ctx *c, const void *data, size_t len,
    const void **user, size_t *user_len);

/*
 * Details of the last failure of ndc_ctx_load() on c, such as
 * "truncated: 120 of 4096 bytes"; "" if none.  Owned by c.
 */
const char *ndc_ctx_errmsg(const ndc_ctx *c);

/*
 * The offset of the first byte of s that is not valid UTF-8 (RFC 3629:
 * overlong forms, surrogates and code points past U+10FFFF are invalid),
 * or len if all len bytes are.  The library reads invalid bytes as
 * separators; a client that refuses such input can say where it is.
 * s may be NULL with len 0.  Thread-safe.
 */
size_t ndc_utf8_check(const char *s, size_t len);

/*
 * The label of cluster id, one of the clusters with a record in the
 * window: in template mode the template's text, its masked tokens
 * joined by spaces ("Receiving block <*> src: <*>").  *text (not
 * NUL-terminated) is owned by c and valid until its next commit.
 * @return NDC_OK, NDC_ERR_INVALID for NULL arguments or a cluster with
 *         no record in the window, NDC_ERR_UNSUPPORTED for a mode
 *         without labels (ndc_mode_labels()).
 */
ndc_status ndc_ctx_label(const ndc_ctx *c, uint64_t cluster,
    const char **text, size_t *len);

/* Fills *st with the context's counters. */
void ndc_ctx_stats(const ndc_ctx *c, ndc_stats *st);

/* Returns a static one-line description of s; never NULL. */
const char *ndc_strerror(ndc_status s);

#ifdef __cplusplus
}
#endif
#endif /* NDCLUSTER_H */
