/* test_template.c - template mode: the masker, the aligner, templates. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "state_util.h"
#include "template.h"

/* The masked text of line s: its template if it were alone. */
static const char *
masked(const char *s)
{
    static tpl_line l;
    static char out[4096];
    ndc_field f = {s, strlen(s), 1.0};
    size_t len;

    assert_true(ndci_tpl_mask(&f, 1, 0, &l));
    len = l.off[l.n] - 1;
    assert_true(len < sizeof(out));
    memcpy(out, l.text.data, len);
    out[len] = '\0';
    return out;
}

static void
test_template_mask_values(void **state)
{
    (void)state;
    assert_string_equal(masked("took 123 ms"), "took <*>");
    assert_string_equal(masked("delta -4.5e3 now"), "delta <*> now");
    assert_string_equal(masked("stack @0x7fed806eb5d ok"), "stack <*> ok");
    assert_string_equal(masked("id deadbeefcafe ok"), "id <*> ok");
    assert_string_equal(masked("from 10.251.73.220:50010 to"), "from <*> to");
    assert_string_equal(masked("peer fe80::1ff:fe23:4567:890a up"),
        "peer <*> up");
    assert_string_equal(
        masked("job 123e4567-e89b-12d3-a456-426614174000 done"),
        "job <*> done");
    assert_string_equal(masked("open /var/log/syslog failed"),
        "open <*> failed");
    assert_string_equal(masked("GET https://example.com/a?b=1 HTTP"),
        "GET <*> HTTP");
    assert_string_equal(masked("mail bob.smith@example.com sent"),
        "mail <*> sent");
    /* a date and a time, and a value of several tokens: one <*> */
    assert_string_equal(masked("at 2016-09-28 04:30:30 PDT up"),
        "at <*> up");
    assert_string_equal(masked("blk_-6952295868487656571 terminating"),
        "<*> terminating");
    /* names of months and days, and time zones, around a value */
    assert_string_equal(masked("status=M Thu Aug 04 15:29:45 PDT 2005"),
        "status=<*> <*>");
    assert_string_equal(masked("Dec 10 06:55:46 host sshd[24200]: x"),
        "<*> host <*> x");
}

static void
test_template_mask_keys_units(void **state)
{
    (void)state;
    assert_string_equal(masked("user=root status=ok"),
        "user=<*> status=<*>");
    assert_string_equal(masked("unavailable (HWID=1973)"),
        "unavailable (HWID=<*>");   /* the value takes the bracket */
    assert_string_equal(masked("size:1234 left"), "size:<*> left");
    /* units fold into the number before them */
    assert_string_equal(masked("size 93.0 B, free 317.1 KB)"),
        "size <*> free <*>");
    assert_string_equal(masked("14267 bytes (13.9 KB) sent"),
        "<*> bytes <*> sent");
    assert_string_equal(masked("load 99 % now"), "load <*> now");
}

/* Text that only looks like a value stays as it is. */
static void
test_template_mask_lookalikes(void **state)
{
    (void)state;
    assert_string_equal(masked("Added a deadline for the decade"),
        "Added a deadline for the decade");
    assert_string_equal(masked("facade accede effaced"),
        "facade accede effaced");
    assert_string_equal(masked("user@home says hi"), "user@home says hi");
    assert_string_equal(masked("Mr. Smith re: ratio: high"),
        "Mr. Smith re: ratio: high");
    assert_string_equal(masked("a= =b == x"), "a= =b == x");
    assert_string_equal(masked("the May release, Sun and PDT"),
        "the May release, Sun and PDT");
    /* a unit after a word is a word */
    assert_string_equal(masked("plan B ms h"), "plan B ms h");
    /* a path that begins a key's value is no key */
    assert_string_equal(masked("see http://x.org now"), "see <*> now");
}

static void
test_template_mask_tokens(void **state)
{
    tpl_line l;
    ndc_field f[2] = {{"  a\tb\n", 6, 1.0}, {"c 12", 4, 1.0}};
    char line[1024];
    size_t len = 0;
    int i;

    (void)state;
    memset(&l, 0, sizeof(l));
    assert_true(ndci_tpl_mask(f, 2, 0, &l));
    assert_int_equal(l.n, 4);           /* fields are one line */
    assert_int_equal(l.n_const, 3);
    assert_int_equal(l.h[3], TPL_ANY);
    assert_true(ndci_tpl_mask(f, 0, 0, &l));
    assert_int_equal(l.n, 0);
    /* a long line: its tail folds into one <*> */
    for (i = 0; i < 100; i++)
        len += (size_t)snprintf(line + len, sizeof(line) - len, "w%c ",
            'a' + i % 26);
    f[0].text = line;
    f[0].len = len;
    assert_true(ndci_tpl_mask(f, 1, 0, &l));
    assert_int_equal(l.n, TPL_LINE);
    assert_int_equal(l.h[TPL_LINE - 1], TPL_ANY);
    assert_int_equal(l.n_const, TPL_LINE - 1);
    /* same masked tokens, same form; another, another form */
    {
        tpl_line a, b;
        ndc_field x = {"sent 12 bytes", 13, 1.0};
        ndc_field y = {"sent 99 bytes", 13, 1.0};
        ndc_field z = {"sent 99 files", 13, 1.0};
        uint64_t fx;

        memset(&a, 0, sizeof(a));
        memset(&b, 0, sizeof(b));
        assert_true(ndci_tpl_mask(&x, 1, 0, &a));
        fx = a.form;
        assert_true(ndci_tpl_mask(&y, 1, 0, &b));
        assert_true(b.form == fx);
        assert_true(ndci_tpl_mask(&z, 1, 0, &b));
        assert_true(b.form != fx);
        ndci_buf_free(&a.text);
        ndci_buf_free(&b.text);
    }
    ndci_buf_free(&l.text);
}

/* Aligns line ls with a template made of line ts; returns the score and
   writes the merged template's text into out. */
static double
fit_of(const char *ts, const char *ls, char *out, size_t size)
{
    static tpl_line t, l;
    tpl_aligner a;
    tpl_fit fit;
    ndc_field ft = {ts, strlen(ts), 1.0}, fl = {ls, strlen(ls), 1.0};
    tpl_toks tt;
    size_t len = 0;
    uint32_t k;

    assert_true(ndci_tpl_aligner_init(&a));
    assert_true(ndci_tpl_mask(&ft, 1, 0, &t));
    assert_true(ndci_tpl_mask(&fl, 1, 0, &l));
    tt.n = t.n;
    tt.n_const = t.n_const;
    tt.h = t.h;
    assert_true(ndci_tpl_align(&a, tt, &l, &fit));
    for (k = 0; k < fit.n; k++) {
        int f = fit.from[k];

        len += (size_t)snprintf(out + len, size - len, "%s%.*s",
            k > 0 ? " " : "", f < 0 ? 3 : (int)(t.off[f + 1] - 1 - t.off[f]),
            f < 0 ? "<*>" : t.text.data + t.off[f]);
    }
    ndci_tpl_aligner_free(&a);
    return fit.score;
}

static void
test_template_align(void **state)
{
    char out[512];

    (void)state;
    /* a value of more tokens, either way round */
    assert_true(fit_of("474 bytes sent", "14267 bytes (13.9 KB) sent", out,
        sizeof(out)) == 1.0);
    assert_string_equal(out, "<*> bytes <*> sent");
    assert_true(fit_of("14267 bytes (13.9 KB) sent", "474 bytes sent", out,
        sizeof(out)) == 1.0);
    assert_string_equal(out, "<*> bytes <*> sent");
    /* a template's <*> takes a word: the place is known to vary */
    assert_true(fit_of("Invalid user test9 from 10.0.0.1", "Invalid user "
        "admin from 10.0.0.2", out, sizeof(out)) == 1.0);
    assert_string_equal(out, "Invalid user <*> from <*>");
    /* but a line's <*> does not take a template's word */
    assert_true(fit_of("Invalid user admin from 10.0.0.1", "Invalid user "
        "test9 from 10.0.0.2", out, sizeof(out)) < 0.9);
    /* one word of five differs: another statement */
    assert_true(fit_of("Starting the TrustedInstaller main loop.",
        "Starting the TrustedInstaller initialization.", out,
        sizeof(out)) < 0.9);
    /* one word in ten: the same */
    assert_in_range((long)(1000 * fit_of(
        "a b c d e f g h i j", "a b c d e f g h i k", out, sizeof(out))),
        900, 900);
    assert_string_equal(out, "a b c d e f g h i <*>");
}

/* Clusters lines of text in mode template with window w; fills ids. */
static ndc_ctx *
run(const char *const *lines, size_t n, uint32_t w, uint64_t *ids)
{
    ndc_opts o;
    ndc_ctx *c;
    size_t i;

    ndc_opts_init(&o);
    o.mode = NDC_MODE_TEMPLATE;
    o.threshold = -1;
    o.window = w;
    assert_int_equal(ndc_ctx_create(&c, &o), NDC_OK);
    for (i = 0; i < n; i++) {
        ndc_result r;

        assert_int_equal(ndc_ctx_assign(c, lines[i], strlen(lines[i]), &r),
            NDC_OK);
        ids[i] = r.cluster;
    }
    return c;
}

static void
assert_label(const ndc_ctx *c, uint64_t id, const char *want)
{
    const char *s;
    size_t len;

    assert_int_equal(ndc_ctx_label(c, id, &s, &len), NDC_OK);
    assert_int_equal(len, strlen(want));
    assert_memory_equal(s, want, len);
}

static void
test_template_label_and_ids(void **state)
{
    static const char *const lines[] = {
        "Receiving block blk_1 src: /10.0.0.1:5 dest: /10.0.0.2:6",
        "Connection reset by peer",
        "Receiving block blk_2 src: /10.0.0.3:5 dest: /10.0.0.4:6",
        "a b c d e f g h i j",
        "a b c d e f g h i k",
        "   ",
    };
    uint64_t ids[6];
    ndc_ctx *c = run(lines, 6, 100, ids);
    const char *s;
    size_t len;

    (void)state;
    assert_int_equal(ids[0], 1);
    assert_int_equal(ids[1], 2);
    assert_int_equal(ids[2], 1);
    assert_int_equal(ids[3], 4);
    assert_int_equal(ids[4], 4);
    assert_int_equal(ids[5], 0);
    assert_label(c, 1, "Receiving block <*> src: <*> dest: <*>");
    assert_label(c, 4, "a b c d e f g h i <*>");
    assert_int_equal(ndc_ctx_label(c, 3, &s, &len), NDC_ERR_INVALID);
    assert_int_equal(ndc_ctx_label(c, 99, &s, &len), NDC_ERR_INVALID);
    assert_int_equal(ndc_ctx_label(c, 1, NULL, &len), NDC_ERR_INVALID);
    assert_true(ndc_mode_labels(NDC_MODE_TEMPLATE));
    assert_false(ndc_mode_labels(NDC_MODE_NEAR));
    ndc_ctx_free(c);
}

/*
 * A template takes <*> for at most a tenth of its first line's words in
 * all: lines that each differ from it in one more word do not wear it
 * down, one merge at a time, until it would swallow another statement.
 * Measured against the template as it is now, the third line would
 * join (17 of 18 words).
 */
static void
test_template_no_snowball(void **state)
{
    static const char *const lines[] = {
        "ka kb kc kd ke kf kg kh ki kj kk kl km kn ko kp kq kr ks kt",
        "ka kb kc kd ke kf kg kh ki kj kk kl km kn ko kp kq kr ks xa",
        "ka kb kc kd ke kf kg kh ki kj kk kl km kn ko kp kq kr xb xa",
        "ka kb kc kd ke kf kg kh ki kj kk kl km kn ko kp kq xc xb xa",
    };
    uint64_t ids[4];
    ndc_ctx *c = run(lines, 4, 100, ids);

    (void)state;
    assert_int_equal(ids[1], 1);
    assert_int_equal(ids[2], 1);
    assert_int_equal(ids[3], 4);
    assert_label(c, 1, "ka kb kc kd ke kf kg kh ki kj kk kl km kn ko kp kq "
        "kr <*>");
    ndc_ctx_free(c);
}

/*
 * A place that varies: the third line one word apart from two templates,
 * at the same place, joins the older, which takes <*> there; the next
 * word there joins it too.  Lines of few words keep their word.
 */
static void
test_template_varying_place(void **state)
{
    static const char *const lines[] = {
        "Accepted password for alice from 10.0.0.7",
        "Accepted password for bob from 10.0.0.9",
        "Accepted password for carol from 10.0.0.8",
        "Accepted password for dave from 10.0.0.8",
        "Accepted password for bob from 10.0.0.1",
        "boot (command 12)", "halt (command 13)", "wait (command 14)",
    };
    uint64_t ids[8];
    ndc_ctx *c = run(lines, 8, 100, ids);

    (void)state;
    assert_int_equal(ids[1], 2);
    assert_int_equal(ids[2], 1);
    assert_int_equal(ids[3], 1);
    assert_int_equal(ids[4], 2);        /* bob's template stays */
    assert_label(c, 1, "Accepted password for <*> from <*>");
    assert_int_equal(ids[6], 7);
    assert_int_equal(ids[7], 8);
    ndc_ctx_free(c);
}

/* A template lives while one of its lines is in the window. */
static void
test_template_window(void **state)
{
    static const char *const lines[] = {
        "disk sda1 failed", "fan 2 slow", "fan 3 slow", "disk sdb2 failed",
    };
    uint64_t ids[4];
    ndc_ctx *c = run(lines, 4, 2, ids);
    const char *s;
    size_t len;

    (void)state;
    assert_int_equal(ids[1], 2);
    assert_int_equal(ids[2], 2);
    assert_int_equal(ids[3], 4);        /* the first left the window */
    assert_int_equal(ndc_ctx_label(c, 1, &s, &len), NDC_ERR_INVALID);
    assert_label(c, 4, "disk <*> failed");
    ndc_ctx_free(c);
}

/*
 * A template state changed anywhere in its body and sealed again (as
 * only a file made to pass the checksum can be) is refused, or loads
 * into a context that then clusters more lines without reading out of
 * bounds (the suite runs under AddressSanitizer).
 */
static void
test_template_state_crafted(void **state)
{
    const char *lines[40];
    char text[40][64];
    uint64_t ids[40];
    ndc_opts o;
    ndc_ctx *c;
    membuf b;
    size_t i, at, loaded = 0, tried = 0;

    (void)state;
    layout_init();
    for (i = 0; i < 40; i++) {
        if (i % 3 == 0)
            snprintf(text[i], sizeof(text[i]), "disk sd%zu full", i);
        else if (i % 3 == 1)
            snprintf(text[i], sizeof(text[i]), "user u%c logged in from "
                "10.0.0.%zu", (char)('a' + i % 7), i);
        else
            snprintf(text[i], sizeof(text[i]), "fan %zu slow on rack r", i);
        lines[i] = text[i];
    }
    c = run(lines, 40, 16, ids);
    membuf_init(&b);
    save_to(c, NULL, 0, &b);
    ndc_ctx_free(c);
    ndc_opts_init(&o);
    o.mode = NDC_MODE_TEMPLATE;
    o.threshold = -1;
    o.window = 16;
    for (at = OFF_USER; at < b.len - SUM_LEN; at += 1 + at / 64) {
        unsigned char *p = dup_bytes(b.p, b.len);
        ndc_status st;

        p[at] ^= 0x5A;
        reseal(p, b.len);
        c = make(&o);
        st = ndc_ctx_load(c, p, b.len, NULL, NULL);
        tried++;
        if (st == NDC_OK) {
            loaded++;
            for (i = 0; i < 40; i++) {
                ndc_result r;
                const char *lab;
                size_t len;

                assert_int_equal(ndc_ctx_assign(c, lines[i],
                    strlen(lines[i]), &r), NDC_OK);
                (void)ndc_ctx_label(c, r.cluster, &lab, &len);
            }
        } else {
            assert_int_equal(st, NDC_ERR_STATE);
        }
        ndc_ctx_free(c);
        free(p);
    }
    assert_true(tried > 50);
    assert_true(loaded < tried);
    membuf_free(&b);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_template_mask_values),
        cmocka_unit_test(test_template_mask_keys_units),
        cmocka_unit_test(test_template_mask_lookalikes),
        cmocka_unit_test(test_template_mask_tokens),
        cmocka_unit_test(test_template_align),
        cmocka_unit_test(test_template_label_and_ids),
        cmocka_unit_test(test_template_no_snowball),
        cmocka_unit_test(test_template_varying_place),
        cmocka_unit_test(test_template_window),
        cmocka_unit_test(test_template_state_crafted),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
