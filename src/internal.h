/*
 * internal.h - declarations shared by the library's modules.  Nothing
 * here is part of the public API; cross-file symbols carry ndci_.
 */
#ifndef NDC_INTERNAL_H
#define NDC_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ndcluster.h"

/* ---- growable buffers (util.c) ---- */

/* A byte buffer that only grows; len <= cap, data owned by the struct. */
typedef struct ndci_buf {
    char *data;
    size_t len;
    size_t cap;
} ndci_buf;

/* An array of 64-bit values that only grows. */
typedef struct ndci_u64s {
    uint64_t *v;
    size_t len;
    size_t cap;
} ndci_u64s;

bool ndci_buf_reserve(ndci_buf *b, size_t extra);
bool ndci_buf_append(ndci_buf *b, const void *p, size_t n);
void ndci_buf_free(ndci_buf *b);
bool ndci_u64s_reserve(ndci_u64s *a, size_t n);
void ndci_u64s_free(ndci_u64s *a);

/* Multiplies a by b into *out; false if the product overflows. */
bool ndci_mul_size(size_t a, size_t b, size_t *out);
/* Allocates n elements of size sz, zeroed; NULL on overflow or failure. */
void *ndci_calloc(size_t n, size_t sz);
/* A cache line's bytes, and ndci_calloc() on whole cache lines of its
   own (freed by free()): for what one thread writes and another reads,
   as a prep's features with -j, so that no neighbour shares a line. */
#define NDCI_LINE 64u
void *ndci_calloc_lines(size_t n, size_t sz);
/* Asks for the n bytes at p, a cache line at a time (a hint only). */
static inline void
ndci_prefetch_bytes(const void *p, size_t n)
{
    const char *c = p;
    size_t at;

    for (at = 0; at < n; at += NDCI_LINE)
        __builtin_prefetch(c + at);
    if (n > 0)
        __builtin_prefetch(c + n - 1);
}
/* Zeroed n * sz bytes for big tables, freed by ndci_big_free() with
   the same n and sz; NULL on overflow or failure. */
void *ndci_big_alloc(size_t n, size_t sz);
void ndci_big_free(void *p, size_t n, size_t sz);
/* Smallest power of two >= n (n <= 2^62). */
uint64_t ndci_pow2_ceil(uint64_t n);
/*
 * Index heads hold record numbers mod 2^32 and are not cleared as their
 * record leaves the window (a walk takes a head older than the window
 * for an empty one).  Every NDCI_SWEEP_EVERY evictions, as record seq
 * leaves, this clears the n heads of records up to seq: those 0 to
 * 2^32 - 1 - cap behind it, as a live one is 1 to cap ahead.  With
 * windows of at most NDC_MAX_WINDOW, no head is 2^32 old by then, which
 * it would take to pass for a live one.
 */
#define NDCI_SWEEP_EVERY (1u << 28)
void ndci_heads_sweep(uint32_t *heads, size_t n, uint64_t seq,
    uint32_t cap);
/* splitmix64: a seeded stream of well-mixed 64-bit values. */
uint64_t ndci_splitmix64(uint64_t *state);
/* Finaliser of MurmurHash3: a bijective 64-bit mix.  Inline: it runs
   once per word and per shingle. */
static inline uint64_t
ndci_mix64(uint64_t x)
{
    x ^= x >> 33;
    x *= 0xFF51AFD7ED558CCDULL;
    x ^= x >> 33;
    x *= 0xC4CEB9FE1A85EC53ULL;
    x ^= x >> 33;
    return x;
}

/* ---- UTF-8 (utf8.c) ---- */

/*
 * Returns the offset of the first byte that is not valid UTF-8 (overlong
 * forms, surrogates and code points past U+10FFFF are invalid), or len
 * if all of s is valid.
 */
size_t ndci_utf8_check(const char *s, size_t len);
/*
 * Decodes one code point at s[*i] and advances *i.  An invalid byte
 * decodes as U+FFFD and advances by one.
 */
uint32_t ndci_utf8_next(const char *s, size_t len, size_t *i);
/* Encodes cp into out (4 bytes room); returns the bytes written. */
size_t ndci_utf8_put(uint32_t cp, char *out);

/* ---- text to words (unicode.c, markup.c, normalize.c, text.c) ---- */

/* How the normaliser sees one code point (of NFKC_Casefold text). */
typedef enum ndci_cpclass {
    NDCI_SEP = 0,   /* separator: space, punctuation, symbol, control */
    NDCI_WORD,      /* part of a word: letter, digit */
    NDCI_SOLO,      /* a unit by itself: a letter or digit of a script
                       written without spaces (Han, kana, Thai, Lao,
                       Khmer, Myanmar) */
    NDCI_MARK,      /* a combining mark: part of the word or unit before
                       it (or, after a separator, the start of a word) */
    NDCI_JOINER     /* a mark after which the next solo letter joins the
                       same unit (Khmer coeng, Myanmar and Lao virama) */
} ndci_cpclass;

/* The class of cp, by its general category and its script. */
ndci_cpclass ndci_cp_class(uint32_t cp);
/* Whether cp is an uppercase or titlecase letter. */
bool ndci_cp_upper(uint32_t cp);
/*
 * Writes the NFKC_Casefold form of the n bytes of valid UTF-8 at s to
 * cps, which has room for cap code points.  Returns how many code points
 * that form has: more than cap if they did not fit (cps then holds
 * nothing useful), or negative on an error of libutf8proc.
 */
ptrdiff_t ndci_nfkc(const char *s, size_t n, int32_t *cps, size_t cap);
/*
 * The bytes of the n bytes of valid UTF-8 at s to normalise first, by
 * themselves: all n up to a few hundred, else a prefix that ends before
 * a code point that normalisation cannot join to what precedes it, so
 * that normalising the parts one by one gives the form of the whole
 * (but for a few hundred marks in a row, which are cut anyway: that
 * bounds the cost of reordering them).
 */
size_t ndci_nfkc_piece(const char *s, size_t n);

/* What ndci_markup_tag() remembers between calls over one text: no
   comment end starts in [lo, hi), and one starts at hi if hit. */
typedef struct ndci_markup {
    size_t lo, hi;
    bool hit;
} ndci_markup;

/*
 * The length of the tag, comment, or other markup that starts at s[i], a
 * '<', or 0 if s[i] is a plain '<'.  memo starts zeroed for each text,
 * whose calls must go from left to right.
 */
size_t ndci_markup_tag(const char *s, size_t len, size_t i,
    ndci_markup *memo);
/*
 * The length of the character reference that starts at s[i], a '&', and
 * the code point it stands for in *cp; or 0 if s[i] is a plain '&'.
 */
size_t ndci_markup_ref(const char *s, size_t len, size_t i, uint32_t *cp);

/* Options of the normaliser (flags). */
#define NDCI_TEXT_KEEP_MARKUP 1u    /* tags and references are text */
#define NDCI_TEXT_PAIRS 2u          /* each run of solo units gives its
                                       overlapping pairs (one unit
                                       alone: itself) instead of units:
                                       the words of both modes */

/*
 * Normalises txt into out: words and units joined by single spaces.
 * Markup (unless NDCI_TEXT_KEEP_MARKUP) is skipped or decoded, each
 * stretch between two markup items is put in NFKC_Casefold form, and cut
 * into words: runs of letters, digits and marks, each solo letter (with
 * its marks) a unit of its own.  A character reference is normalised by
 * itself, and invalid UTF-8 separates words.  The reference that
 * ndci_text_hashes() is tested against; false on allocation failure.
 */
bool ndci_normalize(const char *txt, size_t len, unsigned flags,
    ndci_buf *out);
/*
 * Appends a 64-bit fingerprint of every normalised word of txt (as
 * ndci_normalize() cuts them with flags) to words: the word itself when
 * it fits in 8 bytes, else its XXH3 hash with seed.  Returns false on
 * allocation failure.
 */
bool ndci_text_hashes(const char *txt, size_t len, uint64_t seed,
    unsigned flags, ndci_buf *scratch, ndci_u64s *words);
/* ndci_text_hashes() with flags 0: markup skipped, solo units. */
bool ndci_word_hashes(const char *txt, size_t len, uint64_t seed,
    ndci_buf *scratch, ndci_u64s *words);
/*
 * The fingerprint of a record's whole text, for one that has no word to
 * count: a hash of its words in order (as ndci_text_hashes() with flags
 * gives them, into words) if it has any, else of the NFKC_Casefold form
 * of its text, markup, white space and U+FFFD left out, so that copies
 * of a text of emoji or punctuation cluster together.  *fp is 0 if there
 * is nothing (no text, or only white space and markup), else has its top
 * bit set: never 0, a short ASCII word or a number.  False on
 * allocation failure.
 */
bool ndci_text_whole(const ndc_field *f, size_t n, uint64_t seed,
    unsigned flags, ndci_buf *scratch, ndci_u64s *words, uint64_t *fp);

/* ---- shingles (shingle.c) ---- */

/*
 * Replaces shingles with the hashes of the size-word shingles over
 * words; a text shorter than size words gives one shingle of all of
 * them, no words give none.  Size 0 gives every word and every pair of
 * neighbouring words.  Returns false on allocation failure.
 */
bool ndci_shingles(const uint64_t *words, size_t n_words, uint32_t size,
    uint64_t seed, ndci_u64s *shingles);

/* ---- MinHash (minhash.c) ---- */

/*
 * A one-permutation MinHash of k bins: a shingle hash x, salted, picks
 * bin (x >> 32) * k >> 32 and value x mod 2^32.  a[i] seeds the hash
 * sequence that densification follows from empty bin i.  Fixed once
 * made: signings of several threads share it, each with its scratch.
 */
typedef struct ndci_minhash {
    uint32_t k;
    uint64_t salt;
    uint64_t *a;        /* k seeds */
    uint16_t *probe;    /* k * NDCI_PROBES: the first bins an empty bin
                           borrows from, in order (densification) */
    uint16_t *pos;      /* k * k, where there is SSE2 and k is a
                           multiple of 8 up to NDCI_POS_MAX_K, else NULL:
                           at j * k + i, bin j keyed by its first place
                           in the sequence of empty bin i (minhash.c) */
} ndci_minhash;

/* The scratch of one signing at a time. */
typedef struct ndci_mh_scratch {
    uint32_t *mins;     /* 2k: smallest values, UINT32_MAX if none */
    uint32_t *filled;   /* k: the filled bins of a signing */
    uint16_t *src;      /* k: the bin each bin borrows from */
} ndci_mh_scratch;

#define NDCI_POS_MAX_K 256u

#define NDCI_PROBES 8u

/* One stored MinHash value: eight bits of the bin's smallest hash
   (b-bit MinHash, Li and Koenig 2010), which halve a record's
   signature; two values then agree by chance one time in 256, which the
   estimate takes out. */
typedef uint8_t ndci_sigval;

bool ndci_minhash_init(ndci_minhash *m, uint32_t k, uint64_t seed);
void ndci_minhash_free(ndci_minhash *m);
size_t ndci_minhash_bytes(const ndci_minhash *m);
bool ndci_mh_scratch_init(ndci_mh_scratch *sc, uint32_t k);
void ndci_mh_scratch_free(ndci_mh_scratch *sc);
/* Writes the k-value signature of the n hashes in x to sig. */
void ndci_minhash_sign(const ndci_minhash *m, ndci_mh_scratch *sc,
    const uint64_t *x, size_t n, ndci_sigval *sig);
/* How many of the n values of signatures a and b agree. */
uint32_t ndci_minhash_same(const ndci_sigval *a, const ndci_sigval *b,
    size_t n);
/* Estimated Jaccard similarity of two k-value signatures, 0..1. */
double ndci_minhash_similarity(const ndci_sigval *a, const ndci_sigval *b,
    uint32_t k);
/* The estimate for same of k values agreeing, 0..1. */
double ndci_minhash_estimate(uint32_t same, uint32_t k);

/* ---- LSH band index (lsh.c) ---- */

/*
 * Band buckets over the records of a window.  Each band has a
 * direct-mapped head table of n_heads entries holding the newest seq
 * whose band hashed there, and each record (in its window slot) links to
 * the previous seq in the same head, so a chain runs newest to oldest and
 * ends at the first seq that has left the window.  Different band values
 * that share a head merely share a chain: the walk compares band values,
 * and skips what is left of a chain when the filter bits kept with each
 * head and link show no record of the query's band value in it.  A
 * record's signature and its links are kept apart, each array following
 * the window's slots (lsh.c).
 */
struct ndci_window;

/*
 * A signature as the index reads it, made when its record is prepared
 * (on any thread: ndci_lsh_prepare() reads only the index's settings):
 * its values, padded, and each band's head and filter bit.  The commit
 * then starts with the places of the band heads known.
 */
/* Bytes past a signature's k values that may be read (head_at(),
   sig_same()); they are 0. */
#define NDCI_LSH_SLACK 16u
typedef struct ndci_lsh_key {
    unsigned char *sig;     /* sig_len and NDCI_LSH_SLACK bytes */
    size_t *at;             /* bands: the index in heads of each band */
    uint32_t *bit;          /* bands: each band's filter bit */
} ndci_lsh_key;

/* A walk of a signature's chains, a step at a time (lsh_query.c). */
typedef struct ndci_lsh_walk {
    uint32_t *live;         /* bands: the chains not ended */
    uint32_t n_live;
    size_t *at;             /* bands: the slot each chain is at */
    uint32_t *v;            /* bands: the word each chain goes to next */
    uint64_t *prev;         /* bands: the seq each chain read last */
} ndci_lsh_walk;

typedef struct ndci_lsh {
    uint32_t bands, rows, k, cap;
    uint32_t n_heads;       /* heads per band: cap / NDCI_HEAD_LOAD */
    size_t sig_len;         /* bytes of a signature in sigs: k rounded
                               up to 16, the rest 0 */
    uint64_t seed;
    const struct ndci_window *win;  /* whose slots the arrays follow */
    uint32_t seq_bits;      /* low bits of a head or link: seq mod 2^it */
    uint32_t seq_mask;      /* 2^seq_bits - 1 */
    uint32_t tag_bits;      /* high bits, at least 1: the filter */
    uint32_t *heads;        /* bands * n_heads words, 0 = none */
    unsigned char *sigs;    /* cap signatures, one per slot */
    uint32_t *links;        /* cap * bands: each slot's links */
    const unsigned char *query; /* the signature of the query under way */
    uint64_t *done;         /* bands + NDCI_QUERY_CAP: the candidates of
                               the current query */
    uint32_t n_done;
    uint32_t done_bits;     /* done_set has 2^done_bits places */
    uint64_t *done_set;     /* done as a hash set, 0 for a free place */
    ndci_lsh_walk walk;     /* the query's */
    ndci_lsh_key own;       /* of ndci_lsh_query() and _insert() */
    const ndci_sigval *sig_of;  /* the last query's, NULL after insert */
    uint64_t sweep_mask;    /* evicting seq with no bits of it sweeps */
} ndci_lsh;

/* Live records per head of a band, at most: a smaller table would make
   longer chains of other bands' records, a larger one more memory (four
   bytes a band per record at a load of one). */
#define NDCI_HEAD_LOAD 2u
/* Most chain entries one band walk looks at. */
#define NDCI_CHAIN_CAP 16u
/* Candidates verified per query at most: in a stream of near-copies
   (log lines of one template) every band holds other records, and
   without a bound each record would be compared with bands x chain. */
#define NDCI_QUERY_CAP 32u

/* Makes the index of the records of window w (which outlives it). */
bool ndci_lsh_init(ndci_lsh *l, const struct ndci_window *w, uint32_t k,
    uint32_t bands, uint64_t seed);
void ndci_lsh_free(ndci_lsh *l);
size_t ndci_lsh_bytes(const ndci_lsh *l);
/* Copies the signature of live record seq to out (k values). */
void ndci_lsh_sig(const ndci_lsh *l, uint64_t seq, ndci_sigval *out);
/* How many values of live record seq agree with the signature of the
   query under way (for its callback): ndci_minhash_estimate() of it is
   their similarity. */
uint32_t ndci_lsh_same(const ndci_lsh *l, uint64_t seq);
/*
 * Calls fn for each distinct live seq of the window sharing at least one
 * band with sig, newest first in each band, until fn returns false.
 */
typedef bool (*ndci_lsh_fn)(void *arg, uint64_t seq);
void ndci_lsh_query(ndci_lsh *l, const ndci_sigval *sig, ndci_lsh_fn fn,
    void *arg);
/* Stores sig as record seq, the window's newest, and links it into
   every band.  If the last call was a query of the same sig (pointer
   and contents), its band heads are reused. */
void ndci_lsh_insert(ndci_lsh *l, uint64_t seq, const ndci_sigval *sig);
/* The key of a signature (ndci_lsh_key_init() makes its arrays). */
bool ndci_lsh_key_init(const ndci_lsh *l, ndci_lsh_key *key);
void ndci_lsh_key_free(ndci_lsh_key *key);
/* Prefetches the key, made for l, into this core's cache. */
void ndci_lsh_key_prefetch(const ndci_lsh *l, const ndci_lsh_key *key);
/* Copies the key src into dst, both made for l. */
void ndci_lsh_key_copy(const ndci_lsh *l, ndci_lsh_key *dst,
    const ndci_lsh_key *src);
void ndci_lsh_prepare(const ndci_lsh *l, const ndci_sigval *sig,
    ndci_lsh_key *key);
/* ndci_lsh_query() and _insert() of a prepared key. */
void ndci_lsh_query_key(ndci_lsh *l, const ndci_lsh_key *key,
    ndci_lsh_fn fn, void *arg);
void ndci_lsh_insert_key(ndci_lsh *l, uint64_t seq, const ndci_lsh_key *key);
/* Takes record seq (the window's oldest) out of the index. */
void ndci_lsh_evict(ndci_lsh *l, uint64_t seq);
/* Band heads that point at a live record, over all bands (for tests). */
size_t ndci_lsh_count(const ndci_lsh *l);

/* ---- window and clusters (window.c) ---- */

/* One record of the window. */
typedef struct ndci_slot {
    uint64_t record;    /* record number */
    uint64_t cluster;   /* cluster id */
    double time;        /* for the time window; NDC_NO_TIME if none */
} ndci_slot;

/*
 * A cluster that has a record in the window.  slot is the cluster's own
 * place, 0..cap, for as long as it lives: a mode keeps its data of the
 * cluster (story mode's centroid) in arrays of cap + 1 indexed by it.
 */
typedef struct ndci_clu {
    uint64_t id;        /* 0 = empty entry */
    uint64_t size;      /* records ever assigned */
    uint64_t newest;    /* seq of its newest record */
    uint32_t live;      /* records in the window */
    uint32_t slot;      /* its place for per-cluster data, 0..cap */
} ndci_clu;

/*
 * The bounded ring of indexed records and the one table of their
 * clusters.  Records are numbered by insertion sequence: live records
 * are seq lo..hi (hi - lo + 1 <= cap), and record seq lives in slot
 * (seq - 1) mod cap, the one rule every mode indexes its per-record
 * data by (ndci_window_slot).  The cluster table maps the id of each
 * cluster with a live record to its counts; it is open-addressed with at
 * most cap + 1 of 2 * (cap + 1) or more entries used.
 */
typedef struct ndci_window {
    uint32_t cap;
    uint64_t lo, hi;        /* live seqs; empty when hi < lo */
    size_t hi_slot;         /* slot of hi, so no divide finds a slot */
    ndci_slot *slots;
    ndci_clu *clus;
    uint64_t clu_mask;      /* entries - 1, the last index (the entries
                               are 2 * (cap + 1), no power of two) */
    uint32_t *free;         /* cap + 1: the cluster slots not in use */
    uint32_t n_free;
} ndci_window;

/* The slot of live record seq (hi - cap < seq <= hi), or of seq hi + 1
   once ndci_window_place() has made room for it: (seq - 1) mod cap. */
static inline size_t
ndci_window_slot(const ndci_window *w, uint64_t seq)
{
    size_t d = (size_t)(w->hi - seq);

    return w->hi_slot >= d ? w->hi_slot - d : w->hi_slot + w->cap - d;
}

bool ndci_window_init(ndci_window *w, uint32_t cap);
void ndci_window_free(ndci_window *w);
size_t ndci_window_bytes(const ndci_window *w);
uint64_t ndci_window_len(const ndci_window *w);
ndci_slot *ndci_window_at(const ndci_window *w, uint64_t seq);
/* The home entry of id, where its probe starts (linear probing); to
   prefetch before ndci_window_cluster(). */
static inline const ndci_clu *
ndci_window_home(const ndci_window *w, uint64_t id)
{
    return &w->clus[((ndci_mix64(id) >> 32) * (w->clu_mask + 1)) >> 32];
}

/* The entry after i, round the table (linear probing). */
static inline size_t
ndci_clu_next(const ndci_window *w, size_t i)
{
    return i == w->clu_mask ? 0 : i + 1;
}

/* The counts of cluster id, or NULL if none of its records is live.
   Inline: story mode asks it for every candidate. */
static inline ndci_clu *
ndci_window_cluster(const ndci_window *w, uint64_t id)
{
    size_t i = (size_t)(ndci_window_home(w, id) - w->clus);

    while (w->clus[i].id != 0) {
        if (w->clus[i].id == id)
            return &w->clus[i];
        i = ndci_clu_next(w, i);
    }
    return NULL;
}
/*
 * Counts a record joining cluster id (a new cluster takes a free slot),
 * before the oldest record leaves a full ring: so a cluster whose last
 * record leaves just as another joins it lives on.  The record takes
 * its place with ndci_window_place().
 */
void ndci_window_count(ndci_window *w, uint64_t id);
/* Places the counted record as seq hi + 1 (the ring is not full) and
   makes it its cluster's newest; returns that cluster. */
ndci_clu *ndci_window_place(ndci_window *w, uint64_t record,
    uint64_t cluster, double time);
/* Drops the oldest record (seq lo), of cluster c.  The cluster leaves,
   and gives back its slot, when this was its last live record: the one
   place where a cluster ends. */
void ndci_window_drop(ndci_window *w, ndci_clu *c);
/* ndci_window_drop() of the oldest record's cluster. */
void ndci_window_pop(ndci_window *w);

/* ---- state streams (state.c) ---- */

typedef struct ndci_writer {
    ndc_write_fn fn;
    void *arg;
    void *hash;             /* XXH3 state over every byte put */
    uint64_t len;
    bool ok;
} ndci_writer;

typedef struct ndci_reader {
    const unsigned char *p;
    size_t len, at;
    bool ok;                /* false once a read went past the end */
} ndci_reader;

bool ndci_writer_init(ndci_writer *w, ndc_write_fn fn, void *arg);
void ndci_writer_free(ndci_writer *w);
uint64_t ndci_writer_digest(const ndci_writer *w);
bool ndci_put(ndci_writer *w, const void *p, size_t n);
bool ndci_put_u64(ndci_writer *w, uint64_t v);
bool ndci_put_f64(ndci_writer *w, double v);
bool ndci_get(ndci_reader *r, void *p, size_t n);
uint64_t ndci_get_u64(ndci_reader *r);
double ndci_get_f64(ndci_reader *r);
uint64_t ndci_hash(const void *p, size_t n);

bool ndci_window_save(const ndci_window *w, ndci_writer *out);
bool ndci_window_load(ndci_window *w, ndci_reader *in);
bool ndci_lsh_save(const ndci_lsh *l, ndci_writer *out);
bool ndci_lsh_load(ndci_lsh *l, ndci_reader *in);

/* ---- modes (mode.c, near.c, story*.c) ---- */

/* A mode's answer for a prepared record: the live record it matched
   best and whether the record joins that record's cluster. */
typedef struct ndci_join {
    uint64_t seq;       /* the live record matched, 0 if none */
    double score;       /* similarity to it, 0..1 (0 if none) */
    bool joins;         /* score reaches the threshold: join its cluster */
} ndci_join;

/*
 * A clustering mode: a feature index behind one table of operations.
 * The context owns the window, its records and clusters, and their ids;
 * a mode sees records as insertion sequence numbers, keeps its data of
 * each in arrays indexed by ndci_window_slot(), and its data of each
 * cluster in arrays indexed by the cluster's slot (ndci_clu.slot).
 * Preparing is apart from the rest: prepare reads the mode only where
 * nothing but create and load write, so that preps may run on other
 * threads; the calls after it (join, insert, evict) are the commit.
 */
typedef struct ndci_mode_ops {
    const char *name;
    const char *summary;        /* one line, for help */
    double default_threshold;   /* -t when none is given */
    unsigned opts;              /* the ndc_opt bits it reads */
    /* What ndci_mode_ops.digest covers, for a refusal ("stop words"),
       or NULL if it has nothing beyond ndc_opts' numbers. */
    const char *digest_of;
    /* Checks the options it reads in *o and fills in their defaults. */
    ndc_status (*check)(ndc_opts *o);
    /* A digest of settings that ndc_opts' numbers do not show (story
       mode's stop words), for the state's settings; 0 if none. */
    uint64_t (*digest)(const ndc_opts *o);
    /* Makes the mode for the window w, which outlives it. */
    ndc_status (*create)(void **out, const ndc_opts *o,
        const ndci_window *w);
    void (*destroy)(void *m);
    size_t (*bytes)(const void *m);
    /* The features of one record being prepared, and the scratch that
       computes them: made now if scratch, else by the first prepare, so
       that a prep that only receives records (prep_move) has none. */
    ndc_status (*prep_create)(void **out, const void *m, bool scratch);
    void (*prep_destroy)(void *p);
    size_t (*prep_bytes)(const void *p);
    /* Computes the features of a record's fields into p: 1 if it has
       words, 0 if none, -1 if memory ran out.  time is NDC_NO_TIME or
       seconds. */
    int (*prepare)(const void *m, void *p, const ndc_field *f, size_t n,
        double time);
    /* Copies the features src prepared into dst, whose scratch (if any)
       it leaves; false if memory ran out.  Reads m as prepare does. */
    bool (*prep_move)(const void *m, void *dst, const void *src);
    /* Prefetches the features of p that its commit reads; NULL if it
       has nothing worth it. */
    void (*prep_prefetch)(const void *m, const void *p);
    /* The live record the prepared one is most like, and whether it
       joins its cluster at threshold t (-t).  A mode that compares with
       clusters names a live record of the best cluster. */
    void (*join)(void *m, void *p, double t, ndci_join *out);
    /* Indexes the prepared record as record seq (now the window's
       newest), a member of cluster c. */
    void (*insert)(void *m, const void *p, uint64_t seq, const ndci_clu *c);
    /* Unindexes record seq, the oldest live one, of cluster c; last is
       true when no other record of c was indexed before the one being
       committed (the mode then forgets its data of c). */
    void (*evict)(void *m, uint64_t seq, const ndci_clu *c, bool last);
    /* Writes or reads what the mode learned; load runs after the
       window's and returns false on a state that does not fit it (the
       mode is then unusable). */
    bool (*save)(const void *m, ndci_writer *w);
    bool (*load)(void *m, ndci_reader *r);
    /* The label of live cluster c into *s (owned by the mode, valid
       until the next commit) and *len; false if it has none.  NULL for
       a mode without labels. */
    bool (*label)(const void *m, const ndci_clu *c, const char **s,
        size_t *len);
} ndci_mode_ops;

extern const ndci_mode_ops ndci_near_ops;
extern const ndci_mode_ops ndci_story_ops;
extern const ndci_mode_ops ndci_template_ops;
/* The registry's entry of m, or NULL (mode.c). */
const ndci_mode_ops *ndci_mode_ops_of(ndc_mode m);

#endif /* NDC_INTERNAL_H */
