/*
 * template.h - the parts of template mode, shared by its files and
 * private to them: template_mask.c (a log line's tokens, with what is
 * variable on its own masked as <*>), template_align.c (a line against
 * a template: similarity and the merged template), template_store.c
 * (templates, the maps of forms and index keys, the state) and
 * template.c (the mode's operations).
 *
 * A log line is cut at white space into tokens; a token that carries a
 * value (a digit, a path, an e-mail address, a long hex id, the value
 * of key=value) becomes the wildcard <*>, keeping its key, and runs of
 * wildcards (with the units after numbers) fold into one.  A line whose
 * masked tokens were seen before joins the same template at once; any
 * other line is aligned with the templates found in an index keyed by
 * its first and last constant tokens, and joins the most similar one at
 * the threshold; the template then takes <*> where the two differ.
 */
#ifndef NDC_TEMPLATE_H
#define NDC_TEMPLATE_H

#include "internal.h"

/* Sizes, measured on the labelled logs (see ndcluster(1)). */
#define TPL_LINE 64u        /* tokens of a line compared; the rest of a
                               longer line folds into a final <*> */
#define TPL_MAX 128u        /* tokens of a template (a merge may add
                               wildcards between a line's tokens) */
#define TPL_CANDS 8u        /* templates read per index key, newest first */
#define TPL_ANY 0u          /* the hash of <*> */
#define TPL_VARY_SEEN 2u    /* templates one word apart at one place ... */
#define TPL_VARY_WORDS 4u   /* ... in a line of this many words or more:
                               the place varies (template.c) */

/* A line, masked: its tokens' hashes and texts. */
typedef struct tpl_line {
    uint32_t n;                 /* tokens */
    uint32_t n_const;           /* of them not <*> */
    uint64_t h[TPL_LINE];       /* hash of each token; TPL_ANY for <*> */
    /* Token i is text[off[i] .. off[i + 1] - 1): the masked tokens
       joined by one space, so that the text is the line's template. */
    uint32_t off[TPL_LINE + 1];
    ndci_buf text;
    uint64_t form;              /* hash of h[0 .. n), never 0 */
} tpl_line;

/*
 * Masks the fields, read as one line, into *out.  Returns false if
 * memory ran out; a line of white space only has n == 0.
 */
bool ndci_tpl_mask(const ndc_field *f, size_t n, uint64_t seed,
    tpl_line *out);

/* A template's tokens as the aligner reads and writes them. */
typedef struct tpl_toks {
    uint32_t n;
    uint32_t n_const;   /* constants of its first line: merges can take
                           at most 1 - threshold of them in all */
    const uint64_t *h;
} tpl_toks;

/* The result of aligning a line with a template. */
typedef struct tpl_fit {
    double score;       /* min(eq / tpl_toks.n_const, (eq + absorbed) /
                           constants of the line); 1 - a part with no
                           constants */
    uint32_t n;         /* tokens of the merged template */
    /* Merged template: for each token, the template's token it keeps
       (0 .. template n - 1), or -1 for <*>. */
    int16_t from[TPL_MAX];
} tpl_fit;

/* Scratch of the aligner: one table, reused. */
typedef struct tpl_aligner {
    int16_t *d;         /* (TPL_MAX + 1) * (TPL_LINE + 1) * 2 */
} tpl_aligner;

bool ndci_tpl_aligner_init(tpl_aligner *a);
void ndci_tpl_aligner_free(tpl_aligner *a);
/*
 * Aligns line l with template t: equal constant tokens match, a <*> of
 * the template takes any run of the line's tokens (the first constant
 * it takes counts as matched: the template knows the place varies), and
 * the rest is dropped.  Fills *fit; false when the merged template would
 * be longer than TPL_MAX (the line then does not fit).
 */
bool ndci_tpl_align(tpl_aligner *a, tpl_toks t, const tpl_line *l,
    tpl_fit *fit);

/* ---- the mode's store (template_store.c) ---- */

#define TPL_NONE UINT32_MAX

/* A template: the data of one cluster, at its cluster slot. */
typedef struct tpl {
    uint64_t id;            /* its cluster; 0: no template here */
    uint64_t key[2];        /* index keys: first and last constant */
    uint32_t prev[2], next[2];  /* its place in each key's list */
    uint32_t n;             /* tokens */
    uint32_t n_const;       /* constant tokens of its first line */
    uint32_t len;           /* bytes of text */
    uint64_t *h;            /* n hashes, TPL_ANY for <*> */
    uint32_t *off;          /* n + 1, as tpl_line.off */
    char *text;             /* the tokens joined by spaces */
} tpl;

/* An open-addressed map of 64-bit keys (0: empty) to a slot and a
   count, for forms and for index keys. */
typedef struct tpl_ment {
    uint64_t key;
    uint32_t val;
    uint32_t n;
} tpl_ment;

typedef struct tpl_map {
    tpl_ment *e;
    uint64_t mask;
} tpl_map;

typedef struct tpl_mode {
    uint64_t seed;
    const ndci_window *win;
    uint32_t cap;
    uint64_t *rec_form;     /* cap: the form of each live line */
    tpl *tpl;               /* cap + 1, by cluster slot */
    tpl_map forms;          /* form -> template, live lines of it */
    tpl_map keys;           /* index key -> newest template of it */
    size_t tpl_bytes;       /* bytes the templates' tokens hold */
    tpl_aligner al;
    /* the join being committed */
    uint64_t pin;           /* the cluster joined, or 0 */
    bool merged;            /* fit holds its merged template */
    bool vary;              /* ... found by a place that varies */
    tpl_fit fit;
} tpl_mode;

bool ndci_tpl_map_init(tpl_map *m, uint64_t n);
void ndci_tpl_map_free(tpl_map *m);
tpl_ment *ndci_tpl_map_find(const tpl_map *m, uint64_t key);
/* The entry of key, made (with n = 0) if there was none. */
tpl_ment *ndci_tpl_map_add(tpl_map *m, uint64_t key);
/* Removes an entry, moving back the ones its probe run skipped. */
void ndci_tpl_map_del(tpl_map *m, tpl_ment *e);
/* The index key w (0: first, 1: last constant token) of tokens h[0..n). */
uint64_t ndci_tpl_key(const tpl_mode *m, const uint64_t *h, uint32_t n,
    int w);
/*
 * Sets t's tokens to n tokens, token k being token from[k] of (h, off,
 * text) or <*> for -1 (from NULL: token k).  Returns false if memory ran
 * out, leaving t as it was.
 */
bool ndci_tpl_set(tpl_mode *m, tpl *t, uint32_t n, const int16_t *from,
    const uint64_t *h, const uint32_t *off, const char *text);
/* Puts template slot s first in the list of its key w. */
void ndci_tpl_link(tpl_mode *m, uint32_t s, int w);
/* Unlinks and frees the template at slot s. */
void ndci_tpl_forget(tpl_mode *m, uint32_t s);
/* The mode's state: ndci_mode_ops.save and .load. */
bool ndci_tpl_save(const void *p, ndci_writer *w);
bool ndci_tpl_load(void *p, ndci_reader *r);

#endif /* NDC_TEMPLATE_H */
