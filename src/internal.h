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

/* ---- normaliser (normalize.c) ---- */

/* How the normaliser sees one code point. */
typedef enum ndci_cpclass {
    NDCI_SEP = 0,   /* separator: space, punctuation, symbol, control */
    NDCI_WORD,      /* part of a word: letter, digit, mark */
    NDCI_SOLO       /* a word by itself: a CJK ideograph or kana */
} ndci_cpclass;

ndci_cpclass ndci_cp_class(uint32_t cp);
/* Simple case folding for Latin, Greek, Cyrillic, Armenian. */
uint32_t ndci_cp_fold(uint32_t cp);
/*
 * Normalises txt into out: words case-folded and joined by single
 * spaces, separators dropped.  Returns false on allocation failure.
 */
bool ndci_normalize(const char *txt, size_t len, ndci_buf *out);
/*
 * Appends a 64-bit fingerprint of every normalised word of txt to
 * words: the word itself when it fits in 8 bytes, else its XXH3 hash
 * with seed.  Returns false on allocation failure.
 */
bool ndci_word_hashes(const char *txt, size_t len, uint64_t seed,
    ndci_buf *scratch, ndci_u64s *words);

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
 * sequence that densification follows from empty bin i.  mins is
 * scratch of the signing call.
 */
typedef struct ndci_minhash {
    uint32_t k;
    uint64_t salt;
    uint64_t *a;        /* k seeds */
    uint32_t *mins;     /* 2k: smallest values, UINT32_MAX if none */
    uint16_t *probe;    /* k * NDCI_PROBES: the first bins an empty bin
                           borrows from, in order (densification) */
    uint16_t *pos;      /* k * k, where there is SSE2 and k is a
                           multiple of 8 up to NDCI_POS_MAX_K, else NULL:
                           at j * k + i, bin j keyed by its first place
                           in the sequence of empty bin i (minhash.c) */
    uint32_t *filled;   /* k: scratch, the filled bins of a signing */
    uint16_t *src;      /* k: scratch, the bin each bin borrows from */
} ndci_minhash;

#define NDCI_POS_MAX_K 256u

#define NDCI_PROBES 8u

typedef uint16_t ndci_sigval;   /* one stored MinHash value */

bool ndci_minhash_init(ndci_minhash *m, uint32_t k, uint64_t seed);
void ndci_minhash_free(ndci_minhash *m);
/* Writes the k-value signature of the n hashes in x to sig. */
void ndci_minhash_sign(ndci_minhash *m, const uint64_t *x, size_t n,
    ndci_sigval *sig);
/* Estimated Jaccard similarity of two k-value signatures, 0..1. */
double ndci_minhash_similarity(const ndci_sigval *a, const ndci_sigval *b,
    uint32_t k);

/* ---- LSH band index (lsh.c) ---- */

/*
 * Band buckets over a ring of cap slots.  Records are numbered by their
 * insertion sequence (seq, from 1); slot = seq % cap.  Each band has a
 * direct-mapped head table of n_heads entries holding the newest seq
 * whose band hashed there, and each slot links to the previous seq in
 * the same head, so a chain runs newest to oldest and ends at the first
 * seq that has left the window.  Different band values that share a head
 * merely share a chain: the walk compares band values.
 */
typedef struct ndci_lsh {
    uint32_t bands, rows, k, cap;
    uint64_t head_mask;     /* n_heads - 1 */
    uint64_t seed;
    uint32_t *heads;        /* bands * n_heads, seq mod 2^32, 0 = none */
    uint32_t *links;        /* cap * bands, previous seq in chain */
    ndci_sigval *sigs;      /* cap * k, the signature of each slot */
    uint32_t *seen;         /* cap, stamp of the last query that saw it */
    uint32_t stamp;
    uint64_t last_seq;      /* newest seq inserted, 0 if none */
    size_t last_slot;       /* its slot: slots go round without a divide */
    size_t *band_at;        /* bands, head index of each band of a query */
    uint32_t *band_v;       /* bands, where each chain of a query is */
    uint64_t *band_prev;    /* bands, the seq read last on each chain */
    uint32_t *cand;         /* bands, those whose record is verified next */
    size_t *band_head;      /* bands, head index of each band of sig_of */
    const ndci_sigval *sig_of;  /* the last query's, NULL after insert */
    uint64_t sweep_mask;    /* evicting seq with no bits of it sweeps */
} ndci_lsh;

/* Most chain entries one band walk looks at. */
#define NDCI_CHAIN_CAP 16u
/* Candidates verified per query at most: in a stream of near-copies
   (log lines of one template) every band holds other records, and
   without a bound each record would be compared with bands x chain. */
#define NDCI_QUERY_CAP 32u

bool ndci_lsh_init(ndci_lsh *l, uint32_t cap, uint32_t k, uint32_t bands,
    uint64_t seed);
/* The slot of live seq s (at most cap - 1 older than the newest). */
size_t ndci_lsh_slot(const ndci_lsh *l, uint64_t s);
void ndci_lsh_free(ndci_lsh *l);
size_t ndci_lsh_bytes(const ndci_lsh *l);
/*
 * Calls fn for each distinct live seq (oldest live is lo, newest hi)
 * sharing at least one band with sig, newest first in each band, until
 * fn returns false.
 */
typedef bool (*ndci_lsh_fn)(void *arg, uint64_t seq);
void ndci_lsh_query(ndci_lsh *l, const ndci_sigval *sig, uint64_t lo,
    uint64_t hi, ndci_lsh_fn fn, void *arg);
/* Stores sig as record seq and links it into every band; seq is one
   more than the last seq inserted.  If the last call was a query of
   the same sig (pointer and contents), its band heads are reused. */
void ndci_lsh_insert(ndci_lsh *l, uint64_t seq, const ndci_sigval *sig);
/* Takes record seq (the oldest live one) out of the index. */
void ndci_lsh_evict(ndci_lsh *l, uint64_t seq);
/* Band heads that point at a live record, over all bands (for tests). */
size_t ndci_lsh_count(ndci_lsh *l, uint64_t lo, uint64_t hi);

/* ---- window and clusters (window.c) ---- */

/* One record of the window. */
typedef struct ndci_slot {
    uint64_t record;    /* record number */
    uint64_t cluster;   /* cluster id */
    double time;        /* for the time window; NDC_NO_TIME if none */
} ndci_slot;

/* The live state of a cluster that still has records in the window. */
typedef struct ndci_clu {
    uint64_t id;        /* 0 = empty entry */
    uint64_t size;      /* records ever assigned */
    uint32_t live;      /* records in the window */
} ndci_clu;

/*
 * The bounded ring of indexed records, numbered by insertion sequence:
 * live records are seq lo..hi (hi - lo + 1 <= cap), slot seq % cap.  The
 * cluster table maps the id of each cluster with a live record to its
 * counts; it is open-addressed with at most cap of 2*cap entries used.
 */
typedef struct ndci_window {
    uint32_t cap;
    uint64_t lo, hi;        /* live seqs; empty when hi < lo */
    size_t hi_slot;         /* slot of hi, so no divide finds a slot */
    ndci_slot *slots;
    ndci_clu *clus;
    uint64_t clu_mask;
} ndci_window;

bool ndci_window_init(ndci_window *w, uint32_t cap);
void ndci_window_free(ndci_window *w);
size_t ndci_window_bytes(const ndci_window *w);
uint64_t ndci_window_len(const ndci_window *w);
ndci_slot *ndci_window_at(ndci_window *w, uint64_t seq);
/* Adds a record as seq hi+1 and counts it in its cluster; evicts the
   oldest record first when the ring is full. */
uint64_t ndci_window_push(ndci_window *w, uint64_t record,
    uint64_t cluster, double time);
/* Drops the oldest record (seq lo); forgets its cluster if it was the
   cluster's last live record. */
void ndci_window_pop(ndci_window *w);
/* The counts of cluster id, or NULL if none of its records is live. */
ndci_clu *ndci_window_cluster(ndci_window *w, uint64_t id);

/* ---- modes (near.c; later story.c) ---- */

/*
 * A clustering mode: how a text becomes features and how records are
 * found that resemble it.  The context owns the window and the cluster
 * ids; a mode sees records only as insertion sequence numbers.
 */
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

typedef struct ndci_mode_ops {
    const char *name;
    ndc_status (*create)(void **out, const ndc_opts *o);
    void (*destroy)(void *m);
    size_t (*bytes)(const void *m);
    /* Computes the features of a record's fields: 1 if it has words, 0
       if none, -1 if memory ran out.  time is NDC_NO_TIME or seconds. */
    int (*prepare)(void *m, const ndc_field *f, size_t n, double time);
    /* The most similar live record in lo..hi to the prepared text:
       *seq 0 if none, *score its similarity 0..1.  A mode that compares
       with clusters gives a live record of the best cluster. */
    void (*best)(void *m, uint64_t lo, uint64_t hi, uint64_t *seq,
        double *score);
    /* Indexes the prepared text as record seq, a member of cluster. */
    void (*insert)(void *m, uint64_t seq, uint64_t cluster);
    /* Unindexes record seq, the oldest live one. */
    void (*evict)(void *m, uint64_t seq);
    /* The threshold for the prepared text, given -t; NULL: -t itself. */
    double (*threshold)(void *m, double t);
    /* Writes or reads what the mode learned; load returns false on a
       state that does not fit (the mode is then unusable). */
    bool (*save)(const void *m, ndci_writer *w);
    bool (*load)(void *m, ndci_reader *r);
    /* After a load: whether the mode's state agrees with a window of the
       live records lo..hi. */
    bool (*fits)(const void *m, uint64_t lo, uint64_t hi);
} ndci_mode_ops;

extern const ndci_mode_ops ndci_near_ops;
extern const ndci_mode_ops ndci_story_ops;

#endif /* NDC_INTERNAL_H */
