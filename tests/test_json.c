/*
 * test_json.c - the CLI's JSON glue: fields after unescaping, dotted
 * paths and their escapes, arrays of strings, duplicate keys, what is
 * refused, the rewritten line, and a line of text wrapped for -R.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <string.h>

#include "json.h"

static const char *const keys[] = {"cluster", "cluster_score"};

static ndj_parser *
parser(const char *f1, const char *f2, const char *id)
{
    const char *fields[2] = {f1, f2};
    ndj_parser *p = ndj_new(fields, f2 ? 2 : 1, id, keys, 2);

    assert_non_null(p);
    return p;
}

/*
 * Parses line and checks the text of its fields: the non-empty string
 * values, joined by a newline as the CLI reads them (NULL: no text).
 */
static void
check_text(ndj_parser *p, const char *line, const char *want)
{
    ndj_error err;
    const char *t;
    char got[256];
    size_t n, i, len = 0;
    bool is_str;

    assert_true(ndj_parse(p, line, strlen(line), &err));
    for (i = 0; i < 2; i++) {   /* parser() makes one or two */
        if (!ndj_value(p, i, &t, &n, &is_str) || !is_str || n == 0)
            continue;
        assert_true(len + n + 1 < sizeof(got));
        if (len > 0)
            got[len++] = '\n';
        memcpy(got + len, t, n);
        len += n;
    }
    if (want == NULL) {
        assert_int_equal(len, 0);
        return;
    }
    assert_int_equal(len, strlen(want));
    assert_memory_equal(got, want, len);
}

static void
test_json_fields(void **state)
{
    ndj_parser *p = parser("text", NULL, NULL);

    (void)state;
    check_text(p, "{\"text\":\"hello\"}", "hello");
    check_text(p, "{\"te\\u0078t\":\"caf\\u00e9\"}", "caf\xC3\xA9");
    check_text(p, "{\"a\":{\"text\":\"deep\"},\"b\":1}", NULL);
    check_text(p, "{\"text\":null}", NULL);
    check_text(p, "{\"text\":17}", NULL);
    check_text(p, "{\"text\":\"\"}", NULL);
    check_text(p, "{\"text\":[\"x\"]}", "x");
    check_text(p, "{}", NULL);
    /* Duplicate keys: the last wins, as in jq. */
    check_text(p, "{\"text\":\"one\",\"text\":\"two\"}", "two");
    check_text(p, "{\"text\":\"one\",\"text\":5}", NULL);
    ndj_free(p);
}

static void
test_json_dotted_and_joined(void **state)
{
    ndj_parser *p = parser("title", "body.text", NULL);

    (void)state;
    check_text(p, "{\"body\":{\"text\":\"B\",\"x\":[1,{\"text\":\"no\"}]},"
        "\"title\":\"T\"}", "T\nB");
    check_text(p, "{\"body\":\"not an object\",\"title\":\"T\"}", "T");
    check_text(p, "{\"body\":{\"text\":\"only\"}}", "only");
    check_text(p, "{\"x\":{\"body\":{\"text\":\"wrong level\"}}}", NULL);
    check_text(p, "{\"body\":[{\"text\":\"in array\"}]}", NULL);
    ndj_free(p);
}

/* An array of strings is read as its strings, one per line; other
   members are skipped, and so are the strings of nested arrays. */
static void
test_json_array(void **state)
{
    ndj_parser *p = parser("tags", "body.text", NULL);

    (void)state;
    check_text(p, "{\"tags\":[\"sony\",\"hack\"]}", "sony\nhack");
    check_text(p, "{\"tags\":[\"a\\u0062\",1,null,{\"tags\":\"no\"},"
        "[\"no\"],true,\"c\"]}", "ab\nc");
    check_text(p, "{\"tags\":[]}", NULL);
    check_text(p, "{\"tags\":[1,2,{}]}", NULL);
    check_text(p, "{\"tags\":[\"\",\"x\"]}", "\nx");
    check_text(p, "{\"body\":{\"text\":[\"p1\",\"p2\"]},\"tags\":[\"t\"]}",
        "t\np1\np2");
    /* The last of duplicate keys, whichever form each has. */
    check_text(p, "{\"tags\":[\"a\"],\"tags\":\"b\"}", "b");
    check_text(p, "{\"tags\":\"b\",\"tags\":[\"a\",\"c\"]}", "a\nc");
    check_text(p, "{\"tags\":[\"a\"],\"tags\":[]}", NULL);
    ndj_free(p);
}

/* A backslash before a dot or a backslash makes it part of the key. */
static void
test_json_path_escapes(void **state)
{
    ndj_parser *p = parser("a\\.b", "c\\\\.d\\", NULL);

    (void)state;
    check_text(p, "{\"a.b\":\"dotted\",\"a\":{\"b\":\"nested\"}}",
        "dotted");
    check_text(p, "{\"c\\\\\":{\"d\\\\\":\"x\"}}", "x");
    check_text(p, "{\"c.d\\\\\":\"no\"}", NULL);
    ndj_free(p);
    assert_true(ndj_path_ok("a\\.b"));
    assert_true(ndj_path_ok("\\."));
    assert_true(ndj_path_ok("a\\"));
    assert_true(ndj_path_ok("\\x"));
    assert_false(ndj_path_ok("a\\\\."));
    assert_true(ndj_path_ok("a.\\\\.b"));
}

static void
test_json_id(void **state)
{
    ndj_parser *p = parser("text", NULL, "meta.id");
    ndj_error err;
    const char *id;
    size_t n;
    const char *l1 = "{\"meta\":{\"id\":\"a\\\"b\"},\"text\":\"x\"}";
    const char *l2 = "{\"meta\":{\"id\":-1.5e3},\"text\":\"x\"}";
    const char *l3 = "{\"meta\":{\"id\":true},\"text\":\"x\"}";

    (void)state;
    assert_true(ndj_parse(p, l1, strlen(l1), &err));
    assert_true(ndj_id(p, &id, &n));
    assert_int_equal(n, 6);
    assert_memory_equal(id, "\"a\\\"b\"", 6);
    assert_true(ndj_parse(p, l2, strlen(l2), &err));
    assert_true(ndj_id(p, &id, &n));
    assert_memory_equal(id, "-1.5e3", n);
    assert_true(ndj_parse(p, l3, strlen(l3), &err));
    assert_false(ndj_id(p, &id, &n));
    ndj_free(p);
}

static void
check_refused(ndj_parser *p, const char *line, const char *part)
{
    ndj_error err;

    assert_false(ndj_parse(p, line, strlen(line), &err));
    assert_non_null(strstr(err.msg, part));
}

static void
test_json_refused(void **state)
{
    ndj_parser *p = parser("text", NULL, NULL);

    (void)state;
    check_refused(p, "[1,2]", "not a JSON object: found an array");
    check_refused(p, "42", "a number");
    check_refused(p, "\"s\"", "a string");
    check_refused(p, "null", "null");
    check_refused(p, "{\"a\":1", "truncated");
    check_refused(p, "{\"a\":1}{\"b\":2}", "more than one JSON value");
    check_refused(p, "{\"a\":1} x", "more than one JSON value");
    check_refused(p, "{\"a\":\"x\ty\"}", "invalid JSON");
    check_refused(p, "{a:1}", "invalid JSON");
    check_refused(p, "{\"a\":01}", "invalid JSON");
    ndj_free(p);
}

static void
check_annotate(const char *line, const char *ins, const char *want)
{
    ndj_parser *p = parser("text", NULL, NULL);
    ndj_error err;
    cmd_buf out = {0};

    assert_true(ndj_parse(p, line, strlen(line), &err));
    assert_true(ndj_annotate(p, ndj_shape_of(p), line, strlen(line), ins,
        strlen(ins), &out));
    assert_int_equal(out.len, strlen(want));
    assert_memory_equal(out.data, want, out.len);
    cmd_buf_free(&out);
    ndj_free(p);
}

static void
test_json_annotate(void **state)
{
    (void)state;
    check_annotate("{}", "\"cluster\":1", "{\"cluster\":1}");
    check_annotate("{ \"a\" : 1.0e+2 }", "\"cluster\":1",
        "{ \"a\" : 1.0e+2 ,\"cluster\":1}");
    check_annotate("{\"cluster\":9}", "\"cluster\":1", "{\"cluster\":1}");
    check_annotate("{\"a\":1,\"cluster\":9,\"b\":[{}],\"cluster\":8}",
        "\"cluster\":1", "{\"a\":1,\"b\":[{}],\"cluster\":1}");
    check_annotate("{\"clu\\u0073ter\":{\"x\":\"}\"}, \"a\":\"\\\"\"}",
        "\"cluster\":1", "{\"a\":\"\\\"\",\"cluster\":1}");
    check_annotate("{\"a\":{\"cluster\":2},\"cluster_score\":0.5}",
        "\"cluster\":1", "{\"a\":{\"cluster\":2},\"cluster\":1}");
    check_annotate("{\"x\":\"caf\xC3\xA9\"}  ", "\"cluster\":1",
        "{\"x\":\"caf\xC3\xA9\",\"cluster\":1}  ");
}

static void
test_json_quote(void **state)
{
    cmd_buf b = {0};

    (void)state;
    assert_true(ndj_quote(&b, "a\"\\\n\x01z", 6));
    assert_int_equal(b.len, strlen("\"a\\\"\\\\\\n\\u0001z\""));
    assert_memory_equal(b.data, "\"a\\\"\\\\\\n\\u0001z\"", b.len);
    cmd_buf_free(&b);
    assert_true(ndj_path_ok("a.b"));
    assert_false(ndj_path_ok(""));
    assert_false(ndj_path_ok("a..b"));
    assert_false(ndj_path_ok(".a"));
    assert_false(ndj_path_ok("a."));
}

/* -R: a line of text as the one member, then the members added. */
static void
check_wrap(const char *line, size_t len, const char *ins, const char *want)
{
    cmd_buf out = {0};

    assert_true(ndj_wrap("text", line, len, ins, strlen(ins), &out));
    assert_int_equal(out.len, strlen(want));
    assert_memory_equal(out.data, want, out.len);
    cmd_buf_free(&out);
}

static void
test_json_wrap(void **state)
{
    (void)state;
    check_wrap("", 0, "\"cluster\":null", "{\"text\":\"\",\"cluster\":null}");
    check_wrap("a \"b\"\\\tc\r", 9, "\"c\":1,\"c_new\":true",
        "{\"text\":\"a \\\"b\\\"\\\\\\tc\\r\",\"c\":1,\"c_new\":true}");
    check_wrap("nul\0x\x1f", 6, "\"cluster\":2",
        "{\"text\":\"nul\\u0000x\\u001f\",\"cluster\":2}");
    check_wrap("caf\xC3\xA9 }", 7, "", "{\"text\":\"caf\xC3\xA9 }\"}");
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_json_fields),
        cmocka_unit_test(test_json_dotted_and_joined),
        cmocka_unit_test(test_json_array),
        cmocka_unit_test(test_json_path_escapes),
        cmocka_unit_test(test_json_id),
        cmocka_unit_test(test_json_refused),
        cmocka_unit_test(test_json_annotate),
        cmocka_unit_test(test_json_quote),
        cmocka_unit_test(test_json_wrap),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
