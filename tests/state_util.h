/*
 * state_util.h - what the tests of ndc_ctx_save() and ndc_ctx_load()
 * share (test_state.c, test_state_damage.c, test_state_compat.c): the
 * frame of a state file, a growable buffer as the writer, contexts and
 * refusals, a deterministic stream of records, and the small state of
 * the damage tests.  The code is in state_util.c.
 *
 * The state format (src/cluster.c): "NDCSTATE", a 32-bit version, a
 * 32-bit byte-order marker, the 64-bit total length, the settings, the
 * caller's bytes, the body, and an XXH3-64 checksum of all before it.
 * Tests that craft a file patch a field and reseal it (new length and
 * checksum), as someone who wanted to get past the checksum would.
 */
#ifndef NDC_STATE_UTIL_H
#define NDC_STATE_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ndcluster.h"

/*
 * The frame of a state file: what any version keeps, so that a file of
 * another version is told for what it is.  The offsets inside the body
 * are not written down here: layout_init() finds them in a saved state,
 * so that a change of layout does not break these tests.
 */
enum {
    OFF_MAGIC = 0,
    OFF_VERSION = 8,
    OFF_ENDIAN = 12,
    OFF_TOTAL = 16,
    OFF_SETTINGS = 24,
    SUM_LEN = 8
};

/* Where the caller's bytes and their length are (after the settings);
   set by layout_init(), which each test's main() calls first. */
extern size_t OFF_USER_LEN, OFF_USER, SETTINGS_LEN;

#define STATE_VERSION 8u
#define STATE_ENDIAN 0x01020304u
#define STATE_ENDIAN_SWAPPED 0x04030201u

/* Records in a generated stream. */
#define N_STREAM 400u

size_t find_u64s(const unsigned char *p, size_t len, size_t from,
    uint64_t a, uint64_t b);
void layout_init(void);

/* ---- a growable buffer as the writer of ndc_ctx_save() ---- */

typedef struct membuf {
    unsigned char *p;
    size_t len;
    size_t cap;
    size_t calls;       /* writer calls so far */
    size_t fail_at;     /* the call that fails; SIZE_MAX: none */
    size_t after_fail;  /* calls after the failed one (must stay 0) */
} membuf;

void membuf_init(membuf *b);
void membuf_free(membuf *b);
bool mem_write(void *arg, const void *data, size_t len);
void save_to(const ndc_ctx *c, const void *user, size_t user_len,
    membuf *b);
unsigned char *dup_bytes(const void *p, size_t n);
void reseal(unsigned char *p, size_t len);

/* ---- contexts ---- */

ndc_ctx *make(const ndc_opts *o);
bool is_refused(ndc_ctx *c, const void *p, size_t len, const char *want);
void refused(ndc_ctx *c, const void *p, size_t len, const char *want);
void refused_by(const ndc_opts *o, const void *p, size_t len,
    const char *want);

/* ---- a deterministic stream of records ---- */

#define TEXT_MAX 512
#define TITLE_MAX 96

/* One record: up to two fields (a body and a title) and a time. */
typedef struct item {
    char text[TEXT_MAX];
    char title[TITLE_MAX];
    size_t n_fields;    /* 0: no text, 1: body, 2: body and title */
    double time;        /* seconds or NDC_NO_TIME */
} item;

/* How a test feeds records: with fields and times, or plain text. */
typedef struct config {
    const char *name;
    ndc_opts opts;
    bool fields;        /* ndc_ctx_assign_fields() with times */
} config;

uint64_t next_u64(uint64_t *s);
void gen_stream(item *it, size_t n, uint64_t seed);
ndc_result feed(ndc_ctx *c, const config *cf, const item *it);
void configs(config *cf, size_t *n);

/* ---- the fixture of the damage tests ---- */

/* A small near-mode state of a few records with 5 bytes of the
   caller's, and the options it was made with. */
typedef struct small {
    ndc_opts o;
    membuf b;
} small;

int setup_small(void **state);
int teardown_small(void **state);

#endif /* NDC_STATE_UTIL_H */
