/*
 * test_state_damage.c - every kind of damage to a state is refused by
 * ndc_ctx_load() with NDC_ERR_STATE and a message that names it: no
 * state at all, cut short anywhere, bytes to spare, any one bit flipped,
 * and files crafted to pass the checksum whose contents do not fit.
 * The helpers and the small state of the fixture are in state_util.c.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ndcluster.h"
#include "state_util.h"

/* ---- damage (the fixture: setup_small() in state_util.c) ---- */

static void
test_state_damage_empty(void **state)
{
    const small *sm = *state;
    const ndc_opts *o = &sm->o;
    const membuf *b = &sm->b;
    ndc_ctx *c;

    c = make(o);
    assert_string_equal(ndc_ctx_errmsg(c), "");
    refused(c, NULL, 0, "empty");
    refused(c, b->p, 0, "empty");
    /* a refusal leaves the context fresh: the good state still loads,
       and success clears the message */
    assert_int_equal(ndc_ctx_load(c, b->p, b->len, NULL, NULL), NDC_OK);
    assert_string_equal(ndc_ctx_errmsg(c), "");
    ndc_ctx_free(c);
}

static void
test_state_damage_not_a_state(void **state)
{
    const small *sm = *state;
    const ndc_opts *o = &sm->o;
    const membuf *b = &sm->b;
    unsigned char *p, junk[4096];
    uint64_t rng = 99;
    size_t i;

    p = dup_bytes(b->p, b->len);
    p[0] = 'n';
    refused_by(o, p, b->len, "not an ndcluster state file");
    memcpy(p, "NDCSTATf", 8);
    refused_by(o, p, b->len, "not an ndcluster state file");
    for (i = 0; i < sizeof(junk); i++)
        junk[i] = (unsigned char)next_u64(&rng);
    refused_by(o, junk, sizeof(junk), "not an ndcluster state file");
    refused_by(o, "{\"id\":1,\"text\":\"not a state\"}\n", 31,
        "not an ndcluster state file");
    refused_by(o, "NDCSTAT", 7, "not an ndcluster state file");
    free(p);
}

/*
 * A state cut anywhere past its magic number is refused as truncated:
 * within the body, within the checksum, one byte short.
 */
static void
test_state_damage_truncated(void **state)
{
    const small *sm = *state;
    const ndc_opts *o = &sm->o;
    const membuf *b = &sm->b;
    size_t cuts[8], i;

    cuts[0] = OFF_SETTINGS;
    cuts[1] = OFF_USER + 3;
    cuts[2] = b->len / 4;
    cuts[3] = b->len / 2;
    cuts[4] = b->len - SUM_LEN - 1;
    cuts[5] = b->len - SUM_LEN;
    cuts[6] = b->len - 4;
    cuts[7] = b->len - 1;
    for (i = 0; i < 8; i++) {
        char want[64];

        snprintf(want, sizeof(want), "truncated: %zu of %zu bytes", cuts[i],
            b->len);
        refused_by(o, b->p, cuts[i], want);
    }
}

/*
 * A state cut within its header, after the magic number: before the
 * version, within the version or the byte-order marker, or within the
 * length field.  All of these are truncations too.
 */
static void
test_state_damage_truncated_header(void **state)
{
    const small *sm = *state;
    const ndc_opts *o = &sm->o;
    const membuf *b = &sm->b;
    size_t cut;

    for (cut = OFF_VERSION; cut < OFF_SETTINGS; cut++)
        refused_by(o, b->p, cut, "truncated");
}

static void
test_state_damage_extra_bytes(void **state)
{
    static const size_t extra[] = {1, 8, 1000};
    const small *sm = *state;
    const ndc_opts *o = &sm->o;
    const membuf *b = &sm->b;
    size_t i;

    for (i = 0; i < sizeof(extra) / sizeof(extra[0]); i++) {
        unsigned char *p = calloc(b->len + extra[i], 1);
        char want[80];

        assert_non_null(p);
        memcpy(p, b->p, b->len);
        snprintf(want, sizeof(want), "damaged: %zu bytes, more than the %zu",
            b->len + extra[i], b->len);
        refused_by(o, p, b->len + extra[i], want);
        free(p);
    }
    /* the same state twice over is no state either */
    {
        unsigned char *p = malloc(2 * b->len);

        assert_non_null(p);
        memcpy(p, b->p, b->len);
        memcpy(p + b->len, b->p, b->len);
        refused_by(o, p, 2 * b->len, "damaged");
        free(p);
    }
}

/* The message a state with a bit of byte at flipped is refused with;
   NULL for the length field, which gives truncated or damaged. */
static const char *
flip_reason(size_t at)
{
    if (at < OFF_VERSION)
        return "not an ndcluster state file";
    if (at < OFF_ENDIAN)
        return "version";
    if (at < OFF_TOTAL)
        return "byte order";
    if (at < OFF_SETTINGS)
        return NULL;    /* the length: truncated or damaged */
    return "damaged: checksum mismatch";
}

/*
 * One bit flipped anywhere is refused: in the header for what that field
 * is, in the length field as truncated or damaged, anywhere after it
 * (settings, the caller's bytes, the body, the checksum itself) as a
 * checksum mismatch.  Every byte of the small state is tried, all eight
 * bits of the header's and the checksum's bytes.  A refusal leaves the
 * context fresh, so one context serves for all.
 */
static void
test_state_damage_bit_flips(void **state)
{
    const small *sm = *state;
    const ndc_opts *o = &sm->o;
    const membuf *b = &sm->b;
    ndc_ctx *c;
    unsigned char *p;
    size_t at, n = 0;

    c = make(o);
    p = dup_bytes(b->p, b->len);
    for (at = 0; at < b->len; at++) {
        bool all = at < OFF_SETTINGS || at >= b->len - SUM_LEN;
        unsigned bit;

        for (bit = 0; bit < 8; bit++) {
            const char *want = flip_reason(at);

            if (!all && bit != at % 8)
                continue;
            p[at] ^= (unsigned char)(1u << bit);
            if (want != NULL) {
                refused(c, p, b->len, want);
            } else {
                const char *msg;

                assert_int_equal(ndc_ctx_load(c, p, b->len, NULL, NULL),
                    NDC_ERR_STATE);
                msg = ndc_ctx_errmsg(c);
                if (strstr(msg, "truncated") == NULL &&
                    strstr(msg, "damaged") == NULL) {
                    print_error("length bit %zu: \"%s\"\n",
                        (at - OFF_TOTAL) * 8 + bit, msg);
                    fail();
                }
            }
            p[at] ^= (unsigned char)(1u << bit);
            n++;
        }
    }
    assert_true(n > b->len);
    assert_int_equal(ndc_ctx_load(c, p, b->len, NULL, NULL), NDC_OK);
    free(p);
    ndc_ctx_free(c);
}

/* Bit flips spread over a story-mode state of some size. */
static void
test_state_damage_bit_flips_story(void **state)
{
    item *it = malloc(64 * sizeof(*it));
    config cf[4];
    size_t n_cf, i, at;
    ndc_ctx *c;
    unsigned char *p;
    membuf b;

    (void)state;
    assert_non_null(it);
    configs(cf, &n_cf);
    gen_stream(it, 64, 5);
    c = make(&cf[2].opts);
    for (i = 0; i < 64; i++)
        feed(c, &cf[2], &it[i]);
    save_to(c, "user", 4, &b);
    ndc_ctx_free(c);
    c = make(&cf[2].opts);
    p = dup_bytes(b.p, b.len);
    for (at = OFF_SETTINGS; at < b.len; at += 1 + at / 7) {
        p[at] ^= (unsigned char)(0x80u >> (at % 8));
        refused(c, p, b.len, "damaged: checksum mismatch");
        p[at] ^= (unsigned char)(0x80u >> (at % 8));
    }
    for (at = b.len - SUM_LEN; at < b.len; at++) {
        p[at] ^= 1;
        refused(c, p, b.len, "damaged: checksum mismatch");
        p[at] ^= 1;
    }
    assert_int_equal(ndc_ctx_load(c, p, b.len, NULL, NULL), NDC_OK);
    free(p);
    ndc_ctx_free(c);
    free(it);
    membuf_free(&b);
}

/*
 * A file made to pass the checksum whose contents do not fit is still
 * refused: settings cut short, a bad length of the caller's bytes, a
 * window position out of range, the body cut or with bytes to spare.
 */
static void
test_state_damage_crafted(void **state)
{
    const small *sm = *state;
    const ndc_opts *o = &sm->o;
    const membuf *b = &sm->b;
    ndc_ctx *c;
    unsigned char *p;
    uint64_t v;
    size_t at_window;

    p = malloc(b->len + 64);
    assert_non_null(p);
    memcpy(p, b->p, b->len);
    /* settings cut short */
    reseal(p, OFF_SETTINGS + SETTINGS_LEN / 2 + SUM_LEN);
    refused_by(o, p, OFF_SETTINGS + SETTINGS_LEN / 2 + SUM_LEN,
        "damaged: too short for its settings");
    /* the caller's bytes longer than the file */
    memcpy(p, b->p, b->len);
    v = b->len;
    memcpy(p + OFF_USER_LEN, &v, 8);
    reseal(p, b->len);
    refused_by(o, p, b->len, "damaged: bad length of the caller's data");
    v = UINT64_MAX;
    memcpy(p + OFF_USER_LEN, &v, 8);
    reseal(p, b->len);
    refused_by(o, p, b->len, "damaged: bad length of the caller's data");
    /* the window's newest slot out of range (lo 1, hi 4 and hi_slot
       follow each other, after the caller's 5 bytes) */
    at_window = find_u64s(b->p, b->len, OFF_USER + 5, 1, 4);
    memcpy(p, b->p, b->len);
    v = o->window;
    memcpy(p + at_window + 16, &v, 8);
    reseal(p, b->len);
    c = make(o);
    refused(c, p, b->len, "damaged: its contents do not fit together");
    ndc_ctx_free(c);    /* the only thing it is good for now */
    /* more live records than the window holds */
    memcpy(p, b->p, b->len);
    v = 1;
    memcpy(p + at_window, &v, 8);
    v = 100;
    memcpy(p + at_window + 8, &v, 8);
    reseal(p, b->len);
    c = make(o);
    refused(c, p, b->len, "damaged: its contents do not fit together");
    ndc_ctx_free(c);
    /* the body cut short, the length and checksum made to fit */
    memcpy(p, b->p, b->len);
    reseal(p, b->len - 100);
    c = make(o);
    refused(c, p, b->len - 100, "damaged: its contents do not fit together");
    ndc_ctx_free(c);
    /* bytes to spare before the checksum */
    memcpy(p, b->p, b->len);
    memset(p + b->len - SUM_LEN, 0, 64);
    reseal(p, b->len + 56);
    c = make(o);
    refused(c, p, b->len + 56, "damaged: its contents do not fit together");
    ndc_ctx_free(c);
    free(p);
}


int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_state_damage_empty,
            setup_small, teardown_small),
        cmocka_unit_test_setup_teardown(test_state_damage_not_a_state,
            setup_small, teardown_small),
        cmocka_unit_test_setup_teardown(test_state_damage_truncated,
            setup_small, teardown_small),
        cmocka_unit_test_setup_teardown(test_state_damage_truncated_header,
            setup_small, teardown_small),
        cmocka_unit_test_setup_teardown(test_state_damage_extra_bytes,
            setup_small, teardown_small),
        cmocka_unit_test_setup_teardown(test_state_damage_bit_flips,
            setup_small, teardown_small),
        cmocka_unit_test(test_state_damage_bit_flips_story),
        cmocka_unit_test_setup_teardown(test_state_damage_crafted,
            setup_small, teardown_small),
    };

    layout_init();
    return cmocka_run_group_tests(tests, NULL, NULL);
}
