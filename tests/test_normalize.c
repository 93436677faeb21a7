/* test_normalize.c - the normaliser: case folding, separators, words. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <string.h>

#include "internal.h"

static void
check_norm(const char *in, const char *want)
{
    ndci_buf out = {0};

    assert_true(ndci_normalize(in, strlen(in), &out));
    assert_int_equal(out.len, strlen(want));
    assert_memory_equal(out.data, want, out.len);
    ndci_buf_free(&out);
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
        assert_true(ndci_normalize(texts[i], strlen(texts[i]), &norm));
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
        cmocka_unit_test(test_word_hashes_fold_equal),
        cmocka_unit_test(test_word_hashes_match_normalize),
        cmocka_unit_test(test_utf8_check),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
