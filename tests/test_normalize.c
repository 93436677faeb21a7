/*
 * test_normalize.c - the normaliser: NFKC_Casefold, separators, words,
 * scripts without spaces, markup, the fingerprint of a whole text, and
 * the fast path (ndci_text_hashes()) against the reference
 * (ndci_normalize()).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include <xxhash.h>

#include "internal.h"

#define PAIRS NDCI_TEXT_PAIRS
#define KEEP NDCI_TEXT_KEEP_MARKUP

/*
 * Checks that ndci_text_hashes() gives the fingerprints of the words of
 * ndci_normalize() (a word of up to 8 bytes is its bytes, a longer one
 * its XXH3 hash with the seed), with flags.
 */
static void
check_agree(const char *in, size_t len, unsigned flags)
{
    ndci_buf norm = {0}, scratch = {0};
    ndci_u64s got = {0};
    size_t at = 0, k = 0;

    assert_true(ndci_normalize(in, len, flags, &norm));
    assert_true(ndci_text_hashes(in, len, 5, flags, &scratch, &got));
    while (at < norm.len) {
        const char *w = norm.data + at;
        const char *sp = memchr(w, ' ', norm.len - at);
        size_t wl = sp != NULL ? (size_t)(sp - w) : norm.len - at;
        uint64_t fp = 0;

        if (wl > 8)
            fp = XXH3_64bits_withSeed(w, wl, 5);
        else
            memcpy(&fp, w, wl);     /* little-endian, as the library */
        assert_true(k < got.len);
        assert_int_equal(got.v[k], fp);
        k++;
        at += wl + 1;
    }
    assert_int_equal(got.len, k);
    ndci_buf_free(&norm);
    ndci_buf_free(&scratch);
    ndci_u64s_free(&got);
}

/* Checks that in normalises to want with flags, as both paths cut it. */
static void
check_flags(const char *in, unsigned flags, const char *want)
{
    ndci_buf out = {0};

    assert_true(ndci_normalize(in, strlen(in), flags, &out));
    if (out.len != strlen(want) ||
        (out.len > 0 && memcmp(out.data, want, out.len) != 0))
        fail_msg("\"%s\" gave \"%.*s\", not \"%s\"", in, (int)out.len,
            out.data, want);
    ndci_buf_free(&out);
    check_agree(in, strlen(in), flags);
}

static void
check_norm(const char *in, const char *want)
{
    check_flags(in, 0, want);
}

static void
test_normalize_ascii(void **state)
{
    (void)state;
    check_norm("Hello, World!  It's 2014.", "hello world it s 2014");
    check_norm("", "");
    check_norm("  ...  ", "");
    check_norm("a", "a");
}

static void
test_normalize_unicode_punctuation(void **state)
{
    (void)state;
    /* ’ “ ” — … and NBSP separate words. */
    check_norm("China\xE2\x80\x99s \xE2\x80\x9Chelp\xE2\x80\x9D\xE2\x80\x94"
        "now\xE2\x80\xA6" "done\xC2\xA0" "x", "china s help now done x");
    /* « » € • emoji */
    check_norm("\xC2\xABoui\xC2\xBB 5\xE2\x82\xAC \xE2\x80\xA2 ok"
        "\xF0\x9F\x98\x80" "end", "oui 5 ok end");
}

static void
test_normalize_case_folding(void **state)
{
    (void)state;
    /* Latin-1, Latin Extended-A, Greek, Cyrillic. */
    check_norm("CAF\xC3\x89 \xC3\x86SIR", "caf\xC3\xA9 \xC3\xA6sir");
    check_norm("\xC5\x81\xC3\x93" "D\xC5\xB9", "\xC5\x82\xC3\xB3" "d\xC5\xBA");
    check_norm("\xCE\x91\xCE\x98\xCE\x97\xCE\x9D\xCE\x91",
        "\xCE\xB1\xCE\xB8\xCE\xB7\xCE\xBD\xCE\xB1");
    check_norm("\xD0\x9C\xD0\x9E\xD0\xA1\xD0\x9A\xD0\x92\xD0\x90 "
        "\xD0\x81\xD0\x96", "\xD0\xBC\xD0\xBE\xD1\x81\xD0\xBA\xD0\xB2"
        "\xD0\xB0 \xD1\x91\xD0\xB6");
    /* Final sigma folds to sigma. */
    check_norm("\xCE\xBB\xCF\x8C\xCE\xB3\xCE\xBF\xCF\x82",
        "\xCE\xBB\xCF\x8C\xCE\xB3\xCE\xBF\xCF\x83");
}

static void
test_normalize_cjk_solo(void **state)
{
    (void)state;
    /* 中国 (two ideographs) become two words; 。 separates. */
    check_norm("\xE4\xB8\xAD\xE5\x9B\xBD\xE3\x80\x82" "ab",
        "\xE4\xB8\xAD \xE5\x9B\xBD ab");
}

static void
test_normalize_invalid_utf8_separates(void **state)
{
    (void)state;
    check_norm("ab\xFF" "cd\xC0\xAF" "ef", "ab cd ef");
}

/* NFKC with full case folding: NFC and NFD, compatibility forms, ß and
   ss, default-ignorable code points. */
static void
test_normalize_nfkc_casefold(void **state)
{
    (void)state;
    /* Café in NFC and in NFD (e and a combining acute) */
    check_norm("Caf\xC3\xA9", "caf\xC3\xA9");
    check_norm("Cafe\xCC\x81", "caf\xC3\xA9");
    check_norm("CAFE\xCC\x81 na\xC3\xAFve", "caf\xC3\xA9 na\xC3\xAFve");
    /* Straße, STRASSE */
    check_norm("Stra\xC3\x9F" "e", "strasse");
    check_norm("STRASSE", "strasse");
    /* fullwidth ABC12, the ligature fi, circled 1, trade mark, Kelvin */
    check_norm("\xEF\xBC\xA1\xEF\xBC\xA2\xEF\xBC\xA3\xEF\xBC\x91\xEF\xBC\x92",
        "abc12");
    check_norm("\xEF\xAC\x81ne \xE2\x91\xA0 x\xE2\x84\xA2 \xE2\x84\xAA",
        "fine 1 xtm k");
    /* half-width katakana te re hi+dakuten: full-width te re bi */
    check_norm("\xEF\xBE\x83\xEF\xBE\x9A\xEF\xBE\x8B\xEF\xBE\x9E",
        "\xE3\x83\x86 \xE3\x83\xAC \xE3\x83\x93");
    /* a soft hyphen and a zero-width joiner are dropped, not separators */
    check_norm("soft\xC2\xADhyphen zw\xE2\x80\x8Dj", "softhyphen zwj");
    /* Final sigma, and Greek capitals with accents */
    check_norm("\xCE\x8C\xCE\xA3\xCE\x9F\xCE\xA3", "\xCF\x8C\xCF\x83\xCE\xBF"
        "\xCF\x83");
    /* a mark after a separator starts a word; one after = makes a sign */
    check_norm("a \xCC\x81" "b =\xCC\xB8 c", "a \xCC\x81" "b c");
}

/* Thai, Lao, Khmer and Myanmar letters are units with their marks, as
   Han and kana are; pairs of them are the terms of story mode. */
static void
test_normalize_solo_scripts(void **state)
{
    (void)state;
    /* Thai thi-ni: two units, each a consonant with a vowel and a tone */
    check_norm("\xE0\xB8\x97\xE0\xB8\xB5\xE0\xB9\x88\xE0\xB8\x99\xE0\xB8\xB5"
        "\xE0\xB9\x88", "\xE0\xB8\x97\xE0\xB8\xB5\xE0\xB9\x88 \xE0\xB8\x99"
        "\xE0\xB8\xB5\xE0\xB9\x88");
    check_flags("\xE0\xB8\x97\xE0\xB8\xB5\xE0\xB9\x88\xE0\xB8\x99\xE0\xB8"
        "\xB5\xE0\xB9\x88", PAIRS, "\xE0\xB8\x97\xE0\xB8\xB5\xE0\xB9\x88"
        "\xE0\xB8\x99\xE0\xB8\xB5\xE0\xB9\x88");
    /* Thai sara am: NFKC splits it into nikhahit and sara aa */
    check_norm("\xE0\xB8\x97\xE0\xB8\xB3", "\xE0\xB8\x97\xE0\xB9\x8D "
        "\xE0\xB8\xB2");
    /* Lao sabaidi */
    check_norm("\xE0\xBA\xAA\xE0\xBA\xB0\xE0\xBA\x9A\xE0\xBA\xB2\xE0\xBA\x8D"
        "\xE0\xBA\x94\xE0\xBA\xB5", "\xE0\xBA\xAA \xE0\xBA\xB0 \xE0\xBA\x9A "
        "\xE0\xBA\xB2 \xE0\xBA\x8D \xE0\xBA\x94\xE0\xBA\xB5");
    /* Khmer khmae-r: the coeng joins mo below kho, in one unit */
    check_norm("\xE1\x9E\x81\xE1\x9F\x92\xE1\x9E\x98\xE1\x9F\x82\xE1\x9E\x9A",
        "\xE1\x9E\x81\xE1\x9F\x92\xE1\x9E\x98\xE1\x9F\x82 \xE1\x9E\x9A");
    /* Myanmar myan-ma: medials and the asat stay with their letter */
    check_norm("\xE1\x80\x99\xE1\x80\xBC\xE1\x80\x94\xE1\x80\xBA\xE1\x80\x99"
        "\xE1\x80\xAC", "\xE1\x80\x99\xE1\x80\xBC \xE1\x80\x94\xE1\x80\xBA "
        "\xE1\x80\x99\xE1\x80\xAC");
    check_flags("\xE1\x80\x99\xE1\x80\xBC\xE1\x80\x94\xE1\x80\xBA\xE1\x80"
        "\x99\xE1\x80\xAC", PAIRS, "\xE1\x80\x99\xE1\x80\xBC\xE1\x80\x94"
        "\xE1\x80\xBA \xE1\x80\x94\xE1\x80\xBA\xE1\x80\x99\xE1\x80\xAC");
    /* Zhongguoren a Riben: pairs in each run, one unit alone is itself */
    check_flags("\xE4\xB8\xAD\xE5\x9B\xBD\xE4\xBA\xBA a \xE6\x97\xA5\xE6\x9C"
        "\xAC \xE4\xB8\xAD", PAIRS, "\xE4\xB8\xAD\xE5\x9B\xBD \xE5\x9B\xBD"
        "\xE4\xBA\xBA a \xE6\x97\xA5\xE6\x9C\xAC \xE4\xB8\xAD");
    /* ASCII next to a unit ends its run */
    check_flags("\xE4\xB8\xAD" "ab\xE5\x9B\xBD\xE4\xBA\xBA", PAIRS,
        "\xE4\xB8\xAD ab \xE5\x9B\xBD\xE4\xBA\xBA");
}

/* Tags and comments separate words, references are decoded; a plain
   '<' or '&' is a separator, and takes nothing with it. */
static void
test_normalize_markup(void **state)
{
    (void)state;
    check_norm("<p class=\"lead\">Floods <b>close</b> schools</p>",
        "floods close schools");
    check_norm("one<br/>two<br />three<!-- x y -->four<![CDATA[five]]>",
        "one two three four five");
    check_norm("<?xml version=\"1.0\"?><!DOCTYPE rss><rss><item><title>T"
        "</title><dc:creator>Jo</dc:creator></item></rss>", "t jo");
    check_norm("<a href=\"/x\" title=\"a > b\">link</a>", "link");
    check_norm("Tom &amp; Jerry&#39;s caf&eacute; &#x27;opens&#X27;",
        "tom jerry s caf\xC3\xA9 opens");
    /* &#146; is windows-1252's right quote; &#0; and surrogates U+FFFD */
    check_norm("it&#146;s &#0;x&#xD800;y &#65", "it s x y a");
    /* plain text: a < b, x<y, AT&T, unknown names, no ';' */
    check_norm("if a < b and x<y then y>z", "if a b and x y then y z");
    check_norm("a<b and c>d <ok> <memory:8192, vCores:32>",
        "a b and c d ok memory 8192 vcores 32");
    check_norm("AT&T R&D; &bogus; &amp x &#; <!-- open", "at t r d bogus "
        "amp x open");
    check_norm("<http://example.com> 3<4", "http example com 3 4");
    /* kept as text */
    check_flags("<b>x</b> &amp;", KEEP, "b x b amp");
}

/* A text without words is clustered by its whole content. */
static void
test_text_whole(void **state)
{
    ndci_buf scratch = {0};
    ndci_u64s words = {0};
    ndc_field f[2] = {{"\xF0\x9F\x94\xA5\xF0\x9F\x94\xA5", 8, 1.0},
                      {" \xF0\x9F\x94\xA5", 5, 1.0}};
    ndc_field g = {"\xF0\x9F\x94\xA5 \xF0\x9F\x94\xA5\xF0\x9F\x94\xA5\n",
        14, 1.0};
    uint64_t a, b;

    (void)state;
    /* three fire emoji, in two fields or one, spaced or not */
    assert_true(ndci_text_whole(f, 2, 0, 0, &scratch, &words, &a));
    assert_true(ndci_text_whole(&g, 1, 0, 0, &scratch, &words, &b));
    assert_true(a >> 63 == 1);
    assert_int_equal(a, b);
    assert_int_equal(words.len, 0);
    /* two are not three; the seed changes it */
    assert_true(ndci_text_whole(f, 1, 0, 0, &scratch, &words, &b));
    assert_true(a != b && b != 0);
    assert_true(ndci_text_whole(f, 2, 1, 0, &scratch, &words, &b));
    assert_true(a != b);
    /* punctuation is content; white space, markup and nothing are not */
    g.text = "!!! ... --";
    g.len = strlen(g.text);
    assert_true(ndci_text_whole(&g, 1, 0, 0, &scratch, &words, &b));
    assert_true(b >> 63 == 1);
    g.text = " \t<p>&nbsp;\xE3\x80\x80</p>\r\n";
    g.len = strlen(g.text);
    assert_true(ndci_text_whole(&g, 1, 0, 0, &scratch, &words, &b));
    assert_int_equal(b, 0);
    assert_true(ndci_text_whole(&g, 0, 0, 0, &scratch, &words, &b));
    assert_int_equal(b, 0);
    /* kept, the markup is words: their fingerprint, in order */
    assert_true(ndci_text_whole(&g, 1, 0, KEEP, &scratch, &words, &a));
    assert_int_equal(words.len, 3);     /* p nbsp p */
    assert_true(a >> 63 == 1);
    ndci_buf_free(&scratch);
    ndci_u64s_free(&words);
}

/* A fixed stream of pseudo-random numbers below n. */
static size_t
draw(uint32_t *s, size_t n)
{
    *s = *s * 1103515245u + 12345u;
    return (size_t)(*s >> 8) % n;
}

/* Pieces of text that test the fast path's edges, for random texts. */
static const char *const pieces[] = {
    "a", "Z", "9", " ", ".", "-", "<", "&", ">", ";", "e", "E", "=",
    "<b>", "</p>", "<!--", "-->", "&amp;", "&#233;", "&eacute;", "&#x41;",
    "\xCC\x81", "\xCC\xB8", "\xC3\xA9", "\xC3\x9F", "\xE2\x80\x99",
    "\xE4\xB8\xAD", "\xE5\x9B\xBD", "\xE0\xB8\x97", "\xE0\xB8\xB5",
    "\xE0\xB9\x88", "\xE1\x9E\x81", "\xE1\x9F\x92", "\xE1\x9E\x98",
    "\xE1\x84\x80", "\xE1\x85\xA1", "\xEF\xBE\x8B", "\xEF\xBE\x9E",
    "\xE2\x80\x8D", "\xF0\x9F\x94\xA5", "\xFF", "\xE4\xB8",
    "abcdefghijklmnop", "ABCDEFGHIJKLMNOPQRSTUVWX",
};

/* The fast path agrees with the reference on random texts of those
   pieces, across its 8- and 16-byte chunks, with every flag. */
static void
test_word_hashes_agree_random(void **state)
{
    char buf[1024];
    uint32_t seed = 12345;
    unsigned flags, round;

    (void)state;
    for (round = 0; round < 3000; round++) {
        size_t len = 0, n = draw(&seed, 40);

        while (n-- > 0) {
            const char *p = pieces[draw(&seed,
                sizeof(pieces) / sizeof(pieces[0]))];

            memcpy(buf + len, p, strlen(p));
            len += strlen(p);
        }
        for (flags = 0; flags < 4; flags++)
            check_agree(buf, len, flags);
    }
}

/* ASCII text without markup gives the words it gave before Unicode
   normalisation: runs of letters and digits, folded. */
static void
test_word_hashes_ascii_unchanged(void **state)
{
    char buf[200], want[400];
    uint32_t seed = 777;
    unsigned round;

    (void)state;
    for (round = 0; round < 2000; round++) {
        size_t len = draw(&seed, 199), i, w = 0;

        for (i = 0; i < len; i++) {
            int c = ' ' + (int)draw(&seed, 95);

            buf[i] = (char)(c == '<' || c == '&' ? ' ' : c);
            if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z'))
                want[w++] = (char)c;
            else if (c >= 'A' && c <= 'Z')
                want[w++] = (char)(c + 32);
            else if (w > 0 && want[w - 1] != ' ')
                want[w++] = ' ';
        }
        buf[len] = '\0';
        while (w > 0 && want[w - 1] == ' ')
            w--;
        want[w] = '\0';
        check_flags(buf, 0, want);
        check_flags(buf, KEEP, want);
    }
}

/* One scratch for a stream of texts stays in proportion to the longest:
   the room kept for code points does not compound from text to text. */
static void
test_word_hashes_scratch_bounded(void **state)
{
    static char buf[6000];
    ndci_buf scratch = {0};
    ndci_u64s words = {0};
    size_t i, round;

    (void)state;
    for (i = 0; i + 3 <= sizeof(buf); i += 3)
        memcpy(buf + i, i % 2 ? "\xE0\xB8\x81" : "\xE0\xB8\xB4", 3);
    for (round = 0; round < 200; round++) {
        words.len = 0;
        assert_true(ndci_text_hashes(buf, 3 * (round % 2000 + 1), 0,
            (unsigned)round % 4, &scratch, &words));
    }
    assert_true(scratch.cap <= 16 * sizeof(buf));
    ndci_buf_free(&scratch);
    ndci_u64s_free(&words);
}

/* Runs longer than a piece of normalisation, and many comments without
   an end, cost what they should and agree. */
static void
test_word_hashes_long_runs(void **state)
{
    size_t n = 3000 * 4 + 1, i;
    char *buf = malloc(n);

    (void)state;
    assert_non_null(buf);
    for (i = 0; i + 3 < n; i += 3)      /* ideographs */
        memcpy(buf + i, i % 2 ? "\xE4\xB8\xAD" : "\xE5\x9B\xBD", 3);
    check_agree(buf, i, 0);
    check_agree(buf, i, PAIRS);
    buf[0] = 'e';                       /* a letter, then 5000 marks */
    for (i = 1; i + 2 < n; i += 2)
        memcpy(buf + i, i % 4 == 1 ? "\xCC\x81" : "\xCC\xA3", 2);
    check_agree(buf, i, 0);
    for (i = 0; i + 4 < n; i += 4)      /* "<!--" with no end */
        memcpy(buf + i, "<!--", 4);
    check_agree(buf, i, 0);
    free(buf);
}

static void
test_word_hashes_fold_equal(void **state)
{
    ndci_buf scratch = {0};
    ndci_u64s a = {0}, b = {0};
    const char *x = "Caf\xC3\xA9 Society", *y = "CAF\xC3\x89, society!";

    (void)state;
    assert_true(ndci_word_hashes(x, strlen(x), 7, &scratch, &a));
    assert_true(ndci_word_hashes(y, strlen(y), 7, &scratch, &b));
    assert_int_equal(a.len, 2);
    assert_int_equal(b.len, 2);
    assert_memory_equal(a.v, b.v, 2 * sizeof(uint64_t));
    assert_true(a.v[0] != a.v[1]);
    /* Short words are their own fingerprint; long ones hash by seed. */
    assert_int_equal(a.v[0], 0xA9C3666163ULL);      /* "caf\xC3\xA9" */
    a.len = b.len = 0;
    assert_true(ndci_word_hashes("internationally", 15, 7, &scratch, &a));
    assert_true(ndci_word_hashes("internationally", 15, 8, &scratch, &b));
    assert_true(a.v[0] != b.v[0]);
    ndci_buf_free(&scratch);
    ndci_u64s_free(&a);
    ndci_u64s_free(&b);
}

/* Hashing a text and hashing its normal form give the same words. */
static void
test_word_hashes_match_normalize(void **state)
{
    const char *texts[] = {
        "Plain ASCII words, and a verylongwordindeed here.",
        "CAF\xC3\x89 \xC5\x81\xC3\x93" "D\xC5\xB9 \xD0\x9C\xD0\x9E\xD0\xA1 "
        "\xE4\xB8\xAD\xE5\x9B\xBD x\xE2\x80\x94y \xCE\x91\xCE\x98\xCE\x97"
        "\xCE\x9D\xCE\x91\xCE\x98\xCE\x97\xCE\x9D\xCE\x91",
        "", "...",
    };
    ndci_buf norm = {0}, scratch = {0};
    ndci_u64s a = {0}, b = {0};
    size_t i;

    (void)state;
    for (i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
        a.len = b.len = 0;
        assert_true(ndci_normalize(texts[i], strlen(texts[i]), 0, &norm));
        assert_true(ndci_word_hashes(texts[i], strlen(texts[i]), 3,
            &scratch, &a));
        assert_true(ndci_word_hashes(norm.data, norm.len, 3, &scratch, &b));
        assert_int_equal(a.len, b.len);
        if (a.len > 0)
            assert_memory_equal(a.v, b.v, a.len * sizeof(uint64_t));
    }
    assert_int_equal(a.len, 0);
    ndci_buf_free(&norm);
    ndci_buf_free(&scratch);
    ndci_u64s_free(&a);
    ndci_u64s_free(&b);
}

static void
test_utf8_check(void **state)
{
    (void)state;
    assert_int_equal(ndci_utf8_check("abc", 3), 3);
    assert_int_equal(ndci_utf8_check("\xC3\xA9", 2), 2);
    assert_int_equal(ndci_utf8_check("a\xC0\xAF", 3), 1);      /* overlong */
    assert_int_equal(ndci_utf8_check("ab\xED\xA0\x80", 5), 2); /* surrogate */
    assert_int_equal(ndci_utf8_check("\xF4\x90\x80\x80", 4), 0); /* >10FFFF */
    assert_int_equal(ndci_utf8_check("abcdefgh\xE2\x82", 10), 8); /* cut */
    assert_int_equal(ndci_utf8_check("\xF0\x9F\x98\x80", 4), 4);
    assert_int_equal(ndci_utf8_check("abcdefghij\x80", 11), 10);
    /* the public call is the same check */
    assert_int_equal(ndc_utf8_check("ab\xED\xA0\x80", 5), 2);
    assert_int_equal(ndc_utf8_check("abcdefgh\xE2\x82", 10), 8);
    assert_int_equal(ndc_utf8_check("\xF0\x9F\x98\x80", 4), 4);
    assert_int_equal(ndc_utf8_check(NULL, 0), 0);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_normalize_ascii),
        cmocka_unit_test(test_normalize_unicode_punctuation),
        cmocka_unit_test(test_normalize_case_folding),
        cmocka_unit_test(test_normalize_cjk_solo),
        cmocka_unit_test(test_normalize_invalid_utf8_separates),
        cmocka_unit_test(test_normalize_nfkc_casefold),
        cmocka_unit_test(test_normalize_solo_scripts),
        cmocka_unit_test(test_normalize_markup),
        cmocka_unit_test(test_text_whole),
        cmocka_unit_test(test_word_hashes_agree_random),
        cmocka_unit_test(test_word_hashes_ascii_unchanged),
        cmocka_unit_test(test_word_hashes_scratch_bounded),
        cmocka_unit_test(test_word_hashes_long_runs),
        cmocka_unit_test(test_word_hashes_fold_equal),
        cmocka_unit_test(test_word_hashes_match_normalize),
        cmocka_unit_test(test_utf8_check),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
