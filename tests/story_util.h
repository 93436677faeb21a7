/*
 * story_util.h - what the story-mode tests (test_story.c and
 * test_story_index.c) share: contexts and records through the public
 * API, a harness that drives the mode object (ndci_story_ops) as the
 * context drives it, and a long text.  The code is in story_util.c.
 */
#ifndef NDC_STORY_UTIL_H
#define NDC_STORY_UTIL_H

#include <stddef.h>
#include <stdint.h>

#include "internal.h"

/* Scores that should be 1 are cosines of float vectors. */
#define SCORE_EPS 1e-6

void story_opts(ndc_opts *o, uint32_t window, double t);
ndc_ctx *make_with(const ndc_opts *o);
ndc_ctx *make(uint32_t window, double t);
ndc_result put_at(ndc_ctx *c, const char *s, double time);
ndc_result put(ndc_ctx *c, const char *s);
uint64_t n_clusters(const ndc_ctx *c);
void distinct_words(char *buf, size_t size, unsigned n);

/*
 * A story mode object, driven through ndci_story_ops as the context
 * drives it: a window, the mode over it, and one prep.
 */
typedef struct harness {
    ndci_window w;
    void *m;
    void *q;
} harness;

harness *mode_new(const ndc_opts *o);
void mode_free(harness *h);
int prep(harness *h, const char *s);
ndci_join best(harness *h);
void drop(harness *h);
void add(harness *h, uint64_t id);

/* 40-odd distinct content words, past the 32 terms below which story
   mode lowers the threshold for short texts. */
extern const char *const long_a;

#endif /* NDC_STORY_UTIL_H */
