/*
 * fuzz_assign.c - libFuzzer target over the library's clustering call,
 * ndc_ctx_assign_fields(), with options drawn from the input.
 *
 * The first 8 bytes choose the options (mode: story if b[0] is odd,
 * else template if b[2] has its top bit, else near; a small window, perm,
 * bands, shingle, threshold, seed, decay, window time, stop words); some
 * choices are out of range on purpose, and ndc_ctx_create() must then
 * refuse them with NDC_ERR_INVALID.  The rest is records, one a line,
 * each split into fields at byte 0x1F; the bytes are not checked for
 * UTF-8 (the library reads invalid bytes as separators).  Each result
 * is checked for what must hold (and has a label in template mode), the
 * counters at the end, and the context must save and load again into a
 * fresh one with the same bytes.
 */
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ndcluster.h"
#include "fuzz_common.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define N_OPT_BYTES 8
#define MAX_FIELDS 8
#define FIELD_SEP 0x1F

/* Options from the first bytes; true if they are all in range. */
static bool
opts_of(const uint8_t *b, ndc_opts *o, const uint8_t **stop, size_t *stop_len,
    const uint8_t *rest, size_t rest_len)
{
    bool valid = true, near;

    ndc_opts_init(o);
    o->mode = (b[0] & 1) ? NDC_MODE_STORY :
        (b[2] & 0x80) ? NDC_MODE_TEMPLATE : NDC_MODE_NEAR;
    /* perm, bands and shingle are near mode's: story mode ignores them. */
    near = o->mode == NDC_MODE_NEAR;
    o->shingle = (uint32_t)(b[0] >> 1) % 18;        /* 17 is too many */
    valid = valid && (!near || o->shingle <= NDC_MAX_SHINGLE);
    o->window = 1 + b[1] % 16u;
    o->perm = 1 + b[2] % 64u;
    if (b[3] & 0x80) {
        o->bands = (uint32_t)(b[3] & 0x7F);     /* 0: the default */
        valid = valid && (!near || o->bands <= o->perm);
    } else {
        o->bands = 1 + b[3] % o->perm;
    }
    o->threshold = b[4] == 255 ? -1.0 : b[4] / 254.0;
    o->seed = b[5];
    if (b[6] & 1)
        o->decay = 60.0 * (1 + (b[6] >> 4));
    if (b[6] & 2)
        o->window_time = 60.0 * (1 + (b[6] >> 4));
    if ((b[6] & 4) && o->mode == NDC_MODE_STORY) {
        /* The first line is the stop-word list. */
        const uint8_t *nl = memchr(rest, '\n', rest_len);

        *stop = rest;
        *stop_len = nl != NULL ? (size_t)(nl - rest) : rest_len;
        o->stopwords = (const char *)rest;
        o->stopwords_len = *stop_len;
    }
    return valid;
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    fuzz_keep_stderr();
    return 0;
}

/* Cuts the record at *p (up to a newline or end) into fields at
   FIELD_SEP, into f; moves *p past it and returns the fields. */
static size_t
next_record(const uint8_t **p, const uint8_t *end, ndc_field *f)
{
    const uint8_t *q = *p, *nl = memchr(q, '\n', (size_t)(end - q));
    const uint8_t *rec_end = nl != NULL ? nl : end;
    size_t nf = 0;

    while (nf < MAX_FIELDS) {
        const uint8_t *sep = memchr(q, FIELD_SEP, (size_t)(rec_end - q));
        const uint8_t *fe = sep != NULL ? sep : rec_end;

        f[nf].text = (const char *)q;
        f[nf].len = (size_t)(fe - q);
        f[nf].weight = 1.0 + (double)nf * 0.5;
        nf++;
        q = fe;
        if (sep == NULL)
            break;
        q++;
    }
    *p = nl != NULL ? nl + 1 : end;
    return nf;
}

/* What must hold of the result of record n; counts it. */
static void
check_result(uint64_t n, const ndc_result *res, uint64_t *founded,
    uint64_t *no_text)
{
    if (res->record != n)
        fuzz_fail("record %llu numbered %llu", (unsigned long long)n,
            (unsigned long long)res->record);
    if (res->cluster == 0) {
        (*no_text)++;
        return;
    }
    if (!(res->score >= 0.0 && res->score <= 1.0 + 1e-9))
        fuzz_fail("record %llu: score %g", (unsigned long long)n,
            res->score);
    if (res->size < 1 || res->size > n || res->match >= n)
        fuzz_fail("record %llu: size %llu, match %llu",
            (unsigned long long)n, (unsigned long long)res->size,
            (unsigned long long)res->match);
    if (res->is_new) {
        (*founded)++;
        if (res->size != 1 || res->match != 0)
            fuzz_fail("record %llu founds a cluster of size %llu with "
                "match %llu", (unsigned long long)n,
                (unsigned long long)res->size,
                (unsigned long long)res->match);
    } else if (res->match == 0) {
        fuzz_fail("record %llu joins a cluster without a match",
            (unsigned long long)n);
    }
}

/* A record's cluster has a label in a mode with labels, and none
   else. */
static void
check_label(const ndc_ctx *c, const ndc_opts *o, const ndc_result *res)
{
    const char *s;
    size_t len;
    ndc_status st = ndc_ctx_label(c, res->cluster, &s, &len);

    if (!ndc_mode_labels(o->mode) ? st != NDC_ERR_UNSUPPORTED :
        res->cluster != 0 ? st != NDC_OK || (len > 0 && s == NULL) :
        st != NDC_ERR_INVALID)
        fuzz_fail("record %llu: label of cluster %llu: %s",
            (unsigned long long)res->record,
            (unsigned long long)res->cluster, ndc_strerror(st));
}

/* The counters of c against those of the run. */
static void
check_stats(const ndc_ctx *c, const ndc_opts *o, uint64_t n,
    uint64_t no_text, uint64_t founded)
{
    ndc_stats st;

    ndc_ctx_stats(c, &st);
    if (st.records != n || st.no_text != no_text || st.clusters != founded ||
        st.window_len > o->window || st.window_peak > o->window)
        fuzz_fail("stats: %llu records, %llu without text, %llu clusters, "
            "window %llu (peak %llu); counted %llu, %llu, %llu",
            (unsigned long long)st.records, (unsigned long long)st.no_text,
            (unsigned long long)st.clusters,
            (unsigned long long)st.window_len,
            (unsigned long long)st.window_peak, (unsigned long long)n,
            (unsigned long long)no_text, (unsigned long long)founded);
}

/* A save of c loads into a fresh context, which saves the same again. */
static void
check_round_trip(const ndc_ctx *c, const ndc_opts *o, const uint8_t *data)
{
    membuf m1 = {NULL, 0, 0}, m2 = {NULL, 0, 0};
    ndc_ctx *d;

    if (ndc_ctx_save(c, data, N_OPT_BYTES, mem_write, &m1) != NDC_OK)
        fuzz_fail("save failed");
    if (ndc_ctx_create(&d, o) != NDC_OK)
        fuzz_fail("second create failed");
    if (ndc_ctx_load(d, m1.data, m1.len, NULL, NULL) != NDC_OK)
        fuzz_fail("a save does not load: %s", ndc_ctx_errmsg(d));
    if (ndc_ctx_save(d, data, N_OPT_BYTES, mem_write, &m2) != NDC_OK)
        fuzz_fail("save after load failed");
    if (m1.len != m2.len || memcmp(m1.data, m2.data, m1.len) != 0)
        fuzz_fail("a loaded state saves differently (%zu, %zu bytes)",
            m1.len, m2.len);
    ndc_ctx_free(d);
    free(m1.data);
    free(m2.data);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    ndc_opts o;
    ndc_ctx *c;
    ndc_field f[MAX_FIELDS];
    ndc_result res;
    const uint8_t *stop = NULL, *p, *end;
    size_t stop_len = 0, nf;
    uint64_t n = 0, founded = 0, no_text = 0;
    double time, step;
    ndc_status s;
    bool valid;

    if (size < N_OPT_BYTES)
        return 0;
    p = data + N_OPT_BYTES;
    end = data + size;
    valid = opts_of(data, &o, &stop, &stop_len, p, (size_t)(end - p));
    step = 30.0 * (data[7] & 0x3F);
    s = ndc_ctx_create(&c, &o);
    if (!valid) {
        if (s == NDC_OK)
            fuzz_fail("options out of range were taken");
        return 0;
    }
    if (s != NDC_OK)
        fuzz_fail("valid options refused: %s", ndc_strerror(s));
    if (stop != NULL)
        p += stop_len + (p + stop_len < end);
    time = 1714557600.0;
    while (p < end) {
        nf = next_record(&p, end, f);
        /* Time goes forward, with a step back now and then, and some
           records have none. */
        time += (data[7] & 0x40) && n % 4 == 3 ? -2 * step : step;
        s = ndc_ctx_assign_fields(c, f, nf,
            (data[7] & 0x80) && n % 3 == 0 ? NDC_NO_TIME : time, &res);
        if (s != NDC_OK)
            fuzz_fail("assign: %s", ndc_strerror(s));
        check_result(++n, &res, &founded, &no_text);
        check_label(c, &o, &res);
    }
    check_stats(c, &o, n, no_text, founded);
    /* For one input in two: a story save is slow here. */
    if (data[6] & 8)
        check_round_trip(c, &o, data);
    ndc_ctx_free(c);
    return 0;
}
