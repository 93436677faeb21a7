/*
 * test_timeparse.c - times and durations for the CLI: each accepted
 * form with its exact value, calendar edges, and what is refused.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <math.h>
#include <string.h>

#include "timeparse.h"

/* Stored in *out before a call that must fail, and checked after. */
#define UNTOUCHED 12345.0

/* Parses the first len bytes of s and checks the exact result. */
static void
check_time_len(const char *s, size_t len, double want)
{
    double got = UNTOUCHED;

    if (!ndt_parse_time(s, len, &got))
        fail_msg("\"%.*s\": refused", (int)len, s);
    if (got != want)
        fail_msg("\"%.*s\": got %.17g, want %.17g", (int)len, s, got, want);
    assert_false(signbit(got) && got == 0.0);
}

static void
check_time(const char *s, double want)
{
    check_time_len(s, strlen(s), want);
}

static void
check_time_refused_len(const char *s, size_t len)
{
    double got = UNTOUCHED;

    if (ndt_parse_time(s, len, &got))
        fail_msg("\"%.*s\": accepted as %.17g", (int)len, s, got);
    assert_true(got == UNTOUCHED);
}

static void
check_time_refused(const char *s)
{
    check_time_refused_len(s, strlen(s));
}

static void
check_duration(const char *s, double want)
{
    double got = UNTOUCHED;

    if (!ndt_parse_duration(s, &got))
        fail_msg("\"%s\": refused", s);
    if (got != want)
        fail_msg("\"%s\": got %.17g, want %.17g", s, got, want);
}

static void
check_duration_refused(const char *s)
{
    double got = UNTOUCHED;

    if (ndt_parse_duration(s, &got))
        fail_msg("\"%s\": accepted as %.17g", s, got);
    assert_true(got == UNTOUCHED);
}

static void
test_time_rfc3339(void **state)
{
    (void)state;
    check_time("2014-12-19T00:00:00Z", 1418947200.0);
    check_time("2014-12-19T00:00:00z", 1418947200.0);
    check_time("2014-12-19t00:00:00Z", 1418947200.0);
    check_time("2014-12-19 00:00:00Z", 1418947200.0);
    check_time("2014-12-19T00:00:00", 1418947200.0);
    check_time("2014-12-19", 1418947200.0);
    check_time("1970-01-01T00:00:00Z", 0.0);
    check_time("1970-01-01", 0.0);
    check_time("1969-12-31T23:59:59Z", -1.0);
    check_time("2000-02-29T12:34:56Z", 951827696.0);
    check_time("1900-03-01", -2203891200.0);
    check_time("9999-12-31T23:59:59Z", 253402300799.0);
    check_time("0000-01-01T00:00:00Z", -62167219200.0);
    check_time("0001-01-01", -62135596800.0);
    /* Only len bytes are read: no NUL is needed after them. */
    check_time_len("2014-12-19T00:00:00Zjunk", 20, 1418947200.0);
    check_time_len("2014-12-19T00:00:00Zjunk", 10, 1418947200.0);
}

static void
test_time_offsets(void **state)
{
    (void)state;
    check_time("2014-12-19T05:30:00+05:30", 1418947200.0);
    check_time("2014-12-18T19:00:00-05:00", 1418947200.0);
    check_time("2014-12-19T00:00:00+00:00", 1418947200.0);
    check_time("2014-12-19T00:00:00-00:00", 1418947200.0);
    check_time("2014-12-19T23:59:00+23:59", 1418947200.0);
    check_time("2014-12-18T00:01:00-23:59", 1418947200.0);
    check_time("1970-01-01T00:00:00+01:00", -3600.0);
    check_time("2014-12-19 05:30:00.5+05:30", 1418947200.5);
}

static void
test_time_fractions(void **state)
{
    (void)state;
    check_time("2014-12-19T00:00:00.25Z", 1418947200.25);
    check_time("2014-12-19T00:00:00.5", 1418947200.5);
    check_time("2014-12-19T00:00:00.000Z", 1418947200.0);
    check_time("2014-12-19T00:00:00.1Z", 1418947200.1);
    check_time("1970-01-01T00:00:00.001Z", 0.001);
    check_time("1969-12-31T23:59:59.5Z", -0.5);
    check_time("1969-12-31T23:59:59.75Z", -0.25);
    check_time("1969-12-31T23:59:58.9Z", -1.1);
    /* Digits past the ninth are read but dropped. */
    check_time("1970-01-01T00:00:00.1234567899Z", 0.123456789);
    check_time("1970-01-01T00:00:00.123456789000000000000000Z",
        0.123456789);
}

static void
test_time_calendar(void **state)
{
    (void)state;
    check_time("2016-02-29", 1456704000.0);
    check_time("2000-02-29", 951782400.0);
    check_time("0000-02-29", -62162121600.0);
    check_time_refused("2015-02-29");
    check_time_refused("1900-02-29");
    check_time_refused("2100-02-29T00:00:00Z");
    check_time_refused("2016-02-30");
    check_time_refused("2014-04-31");
    check_time_refused("2014-12-32");
    check_time_refused("2014-12-00");
    check_time_refused("2014-13-01");
    check_time_refused("2014-00-10");
    check_time("2014-01-31", 1391126400.0);
    check_time("2014-11-30", 1417305600.0);
    /* A leap second is the first second of the next day. */
    check_time("2016-12-31T23:59:60Z", 1483228800.0);
    check_time("2016-12-31T23:59:60.5Z", 1483228800.5);
    check_time("2016-12-31T15:59:60-08:00", 1483228800.0);
    check_time("2017-01-01T05:29:60+05:30", 1483228800.0);
    check_time_refused("2016-12-31T12:00:60Z");
    check_time_refused("2016-12-31T23:59:60+01:00");
    check_time_refused("2016-12-31T23:59:61Z");
    check_time_refused("2014-12-19T24:00:00Z");
    check_time_refused("2014-12-19T23:60:00Z");
}

static void
test_time_epoch(void **state)
{
    (void)state;
    check_time("1418947200", 1418947200.0);
    check_time("1418947200.25", 1418947200.25);
    check_time("1418947200.1", 1418947200.1);
    check_time("-5", -5.0);
    check_time("-5.5", -5.5);
    check_time("0", 0.0);
    check_time("-0", 0.0);
    check_time("-0.0", 0.0);
    check_time("0.1", 0.1);
    check_time("007", 7.0);
    check_time("2014", 2014.0);
    check_time("100000000000", 1e11);
    check_time("-100000000000", -1e11);
    check_time("10000000000000000000", 1e10);
    check_time("-10000000000000000000", -1e10);
    check_time("9999999999999999999.5", 1e10);
    check_time_len("1418947200junk", 10, 1418947200.0);
    check_time_refused("10000000000000000001");
    check_time_refused("-10000000000000000001");
    check_time_refused("10000000000000000000.5");
    check_time_refused("18446744073709551616");
    check_time_refused("99999999999999999999999999999999");
    check_time_refused("1e9");
    check_time_refused("1E9");
    check_time_refused("+5");
    check_time_refused("--5");
    check_time_refused("-");
    check_time_refused("1.");
    check_time_refused(".5");
    check_time_refused("-.5");
    check_time_refused("1.2.3");
    check_time_refused("0x10");
    check_time_refused("1,5");
    check_time_refused("1_000");
}

static void
test_time_refused(void **state)
{
    (void)state;
    check_time_refused("");
    check_time_refused_len(NULL, 0);
    check_time_refused("x");
    check_time_refused("nan");
    check_time_refused("NaN");
    check_time_refused("inf");
    check_time_refused("-Infinity");
    check_time_refused(" 1418947200");
    check_time_refused("1418947200 ");
    check_time_refused_len("12\0" "34", 5);
    check_time_refused_len("2014-12-19T00:00:00Z\0", 21);
    check_time_refused("2014-12-19T00:00:00Zjunk");
    check_time_refused("2014-12-19T00:00:00+05:30x");
    check_time_refused("2014-12-19x");
    check_time_refused("2014-12-19T");
    check_time_refused("2014-12-19Z");
    check_time_refused("2014-12-19T00:00Z");
    check_time_refused("2014-12-19T00:00:0Z");
    check_time_refused("2014-12-19T00:00:00.Z");
    check_time_refused("2014-12-19T00:00:00.");
    check_time_refused("2014-12-19_00:00:00Z");
    check_time_refused("2014-12-19T00-00-00Z");
    check_time_refused("2014-12-19T00:00:00+0530");
    check_time_refused("2014-12-19T00:00:00+05");
    check_time_refused("2014-12-19T00:00:00+05:3");
    check_time_refused("2014-12-19T00:00:00+24:00");
    check_time_refused("2014-12-19T00:00:00-24:00");
    check_time_refused("2014-12-19T00:00:00+23:60");
    check_time_refused("2014-12-19T00:00:00 Z");
    check_time_refused("2014-12-19T00:00:00UTC");
    check_time_refused("10000-01-01");
    check_time_refused("-001-01-01");
    check_time_refused("+2014-12-19");
    check_time_refused("14-12-19");
    check_time_refused("2014-1-19");
    check_time_refused("2014-12-1");
    check_time_refused("2014/12/19");
    check_time_refused("2014-12-19 ");
}

static void
test_time_number(void **state)
{
    double got = UNTOUCHED;

    (void)state;
    assert_true(ndt_parse_number_time(1418947200.5, &got));
    assert_true(got == 1418947200.5);
    assert_true(ndt_parse_number_time(-5.0, &got));
    assert_true(got == -5.0);
    assert_true(ndt_parse_number_time(0.0, &got));
    assert_true(got == 0.0);
    assert_true(ndt_parse_number_time(1e11, &got));
    assert_true(got == 1e11);
    assert_true(ndt_parse_number_time(-1e11, &got));
    assert_true(got == -1e11);
    assert_true(ndt_parse_number_time(1e19, &got));
    assert_true(got == 1e10);
    got = UNTOUCHED;
    assert_false(ndt_parse_number_time(1.0000000000000002e19, &got));
    assert_false(ndt_parse_number_time(-1.0000000000000002e19, &got));
    assert_false(ndt_parse_number_time(1e300, &got));
    assert_false(ndt_parse_number_time((double)NAN, &got));
    assert_false(ndt_parse_number_time(-(double)NAN, &got));
    assert_false(ndt_parse_number_time((double)INFINITY, &got));
    assert_false(ndt_parse_number_time(-(double)INFINITY, &got));
    assert_true(got == UNTOUCHED);
}

/* Reads v as a number and as a string, and checks both give want. */
static void
check_units(double v, const char *s, double want)
{
    double got = UNTOUCHED;

    if (!ndt_parse_number_time(v, &got) || got != want)
        fail_msg("%.17g: got %.17g, want %.17g", v, got, want);
    check_time(s, want);
}

/*
 * The unit of a number of epoch time follows from its magnitude: one
 * instant, 2014-12-19T10:00:03.25Z, in each of the four units, and the
 * edges of each unit, which is the larger one just above them.
 */
static void
test_time_units(void **state)
{
    (void)state;
    check_units(1418983203.25, "1418983203.25", 1418983203.25);
    check_units(1418983203250.0, "1418983203250", 1418983203.25);
    check_units(1418983203250000.0, "1418983203250000", 1418983203.25);
    /* A double holds nanoseconds of today to 256 ns: whole seconds. */
    check_units(1418983203000000000.0, "1418983203000000000",
        1418983203.0);
    check_units(-1418983203250.0, "-1418983203250", -1418983203.25);
    /* Seconds of the years 5000 and 1 are seconds. */
    check_units(95617584000.0, "95617584000", 95617584000.0);
    check_units(-62135596800.0, "-62135596800", -62135596800.0);
    check_units(1e11, "100000000000", 1e11);
    check_units(100000000001.0, "100000000001", 100000000.001);
    check_units(1e14, "100000000000000", 1e11);
    check_units(100000000000001.0, "100000000000001", 100000000.000001);
    check_units(1e17, "100000000000000000", 1e11);
    check_units(100000000000000016.0, "100000000000000016",
        100000000.000000016);
    /* 1e11 seconds and all in milliseconds up to it: 5138-11-16. */
    check_units(1e14 - 1.0, "99999999999999", 99999999999.999);
}

/* Formats t and compares the text with want. */
static void
check_format(double t, const char *want)
{
    char buf[NDT_FORMAT_LEN];

    ndt_format_time(t, buf, sizeof(buf));
    assert_string_equal(buf, want);
}

static void
test_time_format(void **state)
{
    double t = 0.0;

    (void)state;
    check_format(0.0, "1970-01-01T00:00:00Z");
    check_format(1418983203.75, "2014-12-19T10:00:03Z");
    check_format(-0.5, "1969-12-31T23:59:59Z");
    check_format(-86400.0, "1969-12-31T00:00:00Z");
    check_format(951782400.0, "2000-02-29T00:00:00Z");
    check_format(4574656800.0, "2114-12-19T10:00:00Z");
    check_format(1e11, "5138-11-16T09:46:40Z");
    check_format(-62167219200.0, "0000-01-01T00:00:00Z");
    check_format(253402300799.0, "9999-12-31T23:59:59Z");
    /* What the parser reads, the formatter writes back. */
    assert_true(ndt_parse_time("2114-12-19T10:00:00Z", 20, &t));
    check_format(t, "2114-12-19T10:00:00Z");
    assert_true(ndt_parse_time("1600-03-01", 10, &t));
    check_format(t, "1600-03-01T00:00:00Z");
}

static void
test_duration_units(void **state)
{
    (void)state;
    check_duration("90s", 90.0);
    check_duration("15m", 900.0);
    check_duration("72h", 259200.0);
    check_duration("7d", 604800.0);
    check_duration("2w", 1209600.0);
    check_duration("1.5h", 5400.0);
    check_duration("0.1h", 360.0);
    check_duration("0.5s", 0.5);
    check_duration("2.5m", 150.0);
    check_duration("90", 90.0);
    check_duration("1.25", 1.25);
    check_duration("0", 0.0);
    check_duration("0s", 0.0);
    check_duration("0.0h", 0.0);
    check_duration("007m", 420.0);
}

static void
test_duration_sequences(void **state)
{
    (void)state;
    check_duration("1h30m", 5400.0);
    check_duration("1d12h", 129600.0);
    check_duration("2w3d4h5m6s", 1483506.0);
    check_duration("1w1s", 604801.0);
    check_duration("1m0.5s", 60.5);
    check_duration("1.5h30m", 7200.0);
    check_duration("0h0m0s", 0.0);
    check_duration("1000000000000", 1e12);
    check_duration("1000000000000s", 1e12);
    check_duration("11574074d6400s", 1e12);
}

static void
test_duration_refused(void **state)
{
    (void)state;
    check_duration_refused("");
    check_duration_refused("-5");
    check_duration_refused("-5s");
    check_duration_refused("+5s");
    check_duration_refused("s");
    check_duration_refused("h1");
    check_duration_refused("abc");
    check_duration_refused("5x");
    check_duration_refused("5H");
    check_duration_refused("5ms");
    check_duration_refused("5sx");
    check_duration_refused("5 s");
    check_duration_refused(" 5s");
    check_duration_refused("5s ");
    check_duration_refused("1h30");
    check_duration_refused("30m1h");
    check_duration_refused("1m1m");
    check_duration_refused("1h-30m");
    check_duration_refused("1.h");
    check_duration_refused(".5h");
    check_duration_refused("1.5.5h");
    check_duration_refused("1e3");
    check_duration_refused("1e3s");
    check_duration_refused("nan");
    check_duration_refused("inf");
    check_duration_refused("infs");
    check_duration_refused("0x10s");
    check_duration_refused("1000000000001");
    check_duration_refused("1000000000000.5s");
    check_duration_refused("11574075d");
    check_duration_refused("1653440w");
    check_duration_refused("11574074d6401s");
    check_duration_refused("99999999999999999999999999999999s");
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_time_rfc3339),
        cmocka_unit_test(test_time_offsets),
        cmocka_unit_test(test_time_fractions),
        cmocka_unit_test(test_time_calendar),
        cmocka_unit_test(test_time_epoch),
        cmocka_unit_test(test_time_refused),
        cmocka_unit_test(test_time_number),
        cmocka_unit_test(test_time_units),
        cmocka_unit_test(test_time_format),
        cmocka_unit_test(test_duration_units),
        cmocka_unit_test(test_duration_sequences),
        cmocka_unit_test(test_duration_refused),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
