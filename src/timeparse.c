/*
 * timeparse.c - times and durations for the CLI (see timeparse.h).
 *
 * Everything is read by hand, byte by byte: strtod and isdigit follow
 * the locale, and mktime and timegm follow TZ or are not portable.
 * Calendar dates become day counts through Howard Hinnant's
 * days_from_civil, which is exact for the proleptic Gregorian calendar,
 * and day counts dates again through his civil_from_days.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "timeparse.h"

#define SECS_PER_MIN 60
#define SECS_PER_HOUR 3600
#define SECS_PER_DAY 86400
#define SECS_PER_WEEK 604800

/* Fraction digits that count; later ones are checked, then dropped. */
#define FRAC_DIGITS 9

/* Integers up to this convert to double exactly. */
#define EXACT_MAX ((uint64_t)1 << 53)

/* Days from 0000-03-01 to 1970-01-01 (Hinnant's era origin shift). */
#define EPOCH_DAYS 719468

/* Days in one 400-year Gregorian era. */
#define DAYS_PER_ERA 146097

static const uint64_t pow10_tab[FRAC_DIGITS + 1] = {
    1, 10, 100, 1000, 10000, 100000, 1000000, 10000000, 100000000,
    1000000000
};

/* A decimal number as read: ip + frac / 10^n_frac. */
typedef struct decimal {
    uint64_t ip;        /* integer part, at most the caller's cap */
    uint64_t frac;      /* the first n_frac fraction digits */
    unsigned n_frac;    /* 0..FRAC_DIGITS */
} decimal;

/* Duration units, largest first: terms must follow this order. */
static const struct {
    char name;
    double secs;
} units[] = {
    {'w', SECS_PER_WEEK},
    {'d', SECS_PER_DAY},
    {'h', SECS_PER_HOUR},
    {'m', SECS_PER_MIN},
    {'s', 1},
};

#define N_UNITS (sizeof(units) / sizeof(units[0]))

static bool
is_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* Reads exactly n digits at s into *out; false if any is not a digit. */
static bool
fixed_digits(const char *s, size_t n, int *out)
{
    int v = 0;
    size_t i;

    for (i = 0; i < n; i++) {
        if (!is_digit(s[i]))
            return false;
        v = v * 10 + (s[i] - '0');
    }
    *out = v;
    return true;
}

/*
 * Reads an optional ".DIGITS" at s (len bytes) into d->frac and
 * d->n_frac, and returns the bytes used (0 when s has no '.').  *ok is
 * set to false if a '.' has no digit after it.
 */
static size_t
scan_fraction(const char *s, size_t len, decimal *d, bool *ok)
{
    size_t i = 1;

    *ok = true;
    d->frac = 0;
    d->n_frac = 0;
    if (len == 0 || s[0] != '.')
        return 0;
    while (i < len && is_digit(s[i])) {
        if (d->n_frac < FRAC_DIGITS) {
            d->frac = d->frac * 10 + (uint64_t)(s[i] - '0');
            d->n_frac++;
        }
        i++;
    }
    if (i == 1)
        *ok = false;
    return i;
}

/*
 * Reads DIGITS[.DIGITS] at s (len bytes) into *d.  Returns the bytes
 * used, or 0 if there is no number there, the '.' has no digit after
 * it, or the integer part exceeds cap.
 */
static size_t
scan_decimal(const char *s, size_t len, uint64_t cap, decimal *d)
{
    size_t i = 0, n;
    bool ok;

    d->ip = 0;
    while (i < len && is_digit(s[i])) {
        uint64_t digit = (uint64_t)(s[i] - '0');

        /* ip * 10 + digit > cap, asked without overflow */
        if (d->ip > (cap - digit) / 10)
            return 0;
        d->ip = d->ip * 10 + digit;
        i++;
    }
    if (i == 0)
        return 0;
    n = scan_fraction(s + i, len - i, d, &ok);
    if (!ok)
        return 0;
    return i + n;
}

/*
 * Returns d times unit.  While ip and frac fit in one exact integer
 * mantissa, the result takes a single rounding, so "0.1" and a date
 * with ".1" seconds give the same double as the literal would.
 */
static double
decimal_value(const decimal *d, double unit)
{
    uint64_t scale = pow10_tab[d->n_frac];

    if (d->ip <= (EXACT_MAX - d->frac) / scale)
        return (double)(d->ip * scale + d->frac) * unit / (double)scale;
    return ((double)d->ip + (double)d->frac / (double)scale) * unit;
}

/* Returns the value of d, negated if neg; never -0. */
static double
signed_value(bool neg, const decimal *d)
{
    double v = decimal_value(d, 1.0);

    return neg && v != 0.0 ? -v : v;
}

static bool
is_leap(int y)
{
    return y % 4 == 0 && (y % 100 != 0 || y % 400 == 0);
}

static int
days_in_month(int y, int m)
{
    static const int mdays[12] = {
        31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31
    };

    return m == 2 && is_leap(y) ? 29 : mdays[m - 1];
}

/*
 * Returns the days from 1970-01-01 to the valid date y-m-d (Hinnant's
 * days_from_civil): years are counted from March so that the leap day
 * ends a year, and split into 400-year eras of equal length.
 */
static int64_t
days_from_civil(int64_t y, int64_t m, int64_t d)
{
    int64_t era, yoe, doy, doe;

    if (m <= 2)
        y--;
    era = (y >= 0 ? y : y - 399) / 400;
    yoe = y - era * 400;
    doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * DAYS_PER_ERA + doe - EPOCH_DAYS;
}

/*
 * Days from 1970-01-01 back to a date, the inverse of days_from_civil
 * (Hinnant's civil_from_days): stores the year, month and day.  Within
 * an era, 1460, 36524 and 146096 are the days of 4, 100 and 400 years
 * less one, which the day of the era is corrected by to give its year.
 */
static void
civil_from_days(int64_t z, int64_t *y, int *m, int *d)
{
    int64_t era, doe, yoe, doy, mp;

    z += EPOCH_DAYS;
    era = (z >= 0 ? z : z - (DAYS_PER_ERA - 1)) / DAYS_PER_ERA;
    doe = z - era * DAYS_PER_ERA;
    yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = yoe + era * 400 + (*m <= 2);
}

/*
 * Reads v, a number of epoch time, in the unit its magnitude implies
 * (see NDT_MS_ABOVE) and stores it in *out in seconds.  False if v is
 * not finite or beyond NDT_NUMBER_MAX.  Dividing by a power of ten
 * rounds once, so "1418947200250" gives the double of 1418947200.25.
 */
static bool
epoch_units(double v, double *out)
{
    double mag = v < 0 ? -v : v;

    /* NaN fails the comparison, and so does an infinity. */
    if (!(mag <= NDT_NUMBER_MAX))
        return false;
    if (mag > NDT_NS_ABOVE)
        v /= 1e9;
    else if (mag > NDT_US_ABOVE)
        v /= 1e6;
    else if (mag > NDT_MS_ABOVE)
        v /= 1e3;
    *out = v;
    return true;
}

/* Parses [-]DIGITS[.DIGITS] as the whole of s (see ndt_parse_time). */
static bool
parse_epoch(const char *s, size_t len, double *out)
{
    bool neg = s[0] == '-';
    size_t off = neg ? 1 : 0, n;
    uint64_t cap = (uint64_t)NDT_NUMBER_MAX;
    decimal d;

    n = scan_decimal(s + off, len - off, cap, &d);
    if (n == 0 || off + n != len || (d.ip == cap && d.frac != 0))
        return false;
    return epoch_units(signed_value(neg, &d), out);
}

/*
 * Parses "+HH:MM" or "-HH:MM" at s (len bytes) into *secs, the offset
 * east of UTC.  Returns false unless all six bytes are there and valid.
 */
static bool
parse_offset(const char *s, size_t len, int *secs)
{
    int oh, om;

    if (len < 6 || !fixed_digits(s + 1, 2, &oh) || s[3] != ':' ||
        !fixed_digits(s + 4, 2, &om) || oh > 23 || om > 59)
        return false;
    *secs = oh * SECS_PER_HOUR + om * SECS_PER_MIN;
    if (s[0] == '-')
        *secs = -*secs;
    return true;
}

/*
 * Parses the date, date-time and zone forms as the whole of s (see
 * ndt_parse_time).  The time of day and the zone are optional.
 */
static bool
parse_datetime(const char *s, size_t len, double *out)
{
    int year, mon, day, hour = 0, min = 0, sec = 0, off = 0;
    size_t i = 10;
    decimal d = {0, 0, 0};
    int64_t t;

    if (len < i || !fixed_digits(s, 4, &year) || s[4] != '-' ||
        !fixed_digits(s + 5, 2, &mon) || s[7] != '-' ||
        !fixed_digits(s + 8, 2, &day))
        return false;
    if (mon < 1 || mon > 12 || day < 1 || day > days_in_month(year, mon))
        return false;
    if (i < len) {
        bool ok;

        if (s[i] != 'T' && s[i] != 't' && s[i] != ' ')
            return false;
        if (len - i < 9 || !fixed_digits(s + i + 1, 2, &hour) ||
            s[i + 3] != ':' || !fixed_digits(s + i + 4, 2, &min) ||
            s[i + 6] != ':' || !fixed_digits(s + i + 7, 2, &sec))
            return false;
        if (hour > 23 || min > 59 || sec > 60)
            return false;
        i += 9;
        i += scan_fraction(s + i, len - i, &d, &ok);
        if (!ok)
            return false;
        if (i < len && (s[i] == 'Z' || s[i] == 'z')) {
            i++;
        } else if (i < len && (s[i] == '+' || s[i] == '-')) {
            if (!parse_offset(s + i, len - i, &off))
                return false;
            i += 6;
        }
        if (i != len)
            return false;
    }
    t = days_from_civil(year, mon, day) * SECS_PER_DAY +
        hour * SECS_PER_HOUR + min * SECS_PER_MIN + sec - off;
    /* 23:59:60 UTC is the next midnight; any other :60 is made up. */
    if (sec == 60 && t % SECS_PER_DAY != 0)
        return false;
    /* Write t + frac as a sign and a magnitude for signed_value. */
    if (t >= 0) {
        d.ip = (uint64_t)t;
    } else if (d.frac == 0) {
        d.ip = (uint64_t)-t;
    } else {
        d.ip = (uint64_t)-t - 1;
        d.frac = pow10_tab[d.n_frac] - d.frac;
    }
    *out = signed_value(t < 0, &d);
    return true;
}

bool
ndt_parse_time(const char *s, size_t len, double *out)
{
    if (len == 0)
        return false;
    /* No epoch number has a '-' after four bytes; every date does. */
    if (len > 4 && s[4] == '-')
        return parse_datetime(s, len, out);
    return parse_epoch(s, len, out);
}

bool
ndt_parse_number_time(double v, double *out)
{
    return epoch_units(v, out);
}

/* The whole seconds of t are cut into days and the time of day, both
   rounded toward the past, so that -0.5 is 1969-12-31T23:59:59Z. */
void
ndt_format_time(double t, char *buf, size_t n)
{
    int64_t secs = (int64_t)t, days, rem, y;
    int m, d;

    if ((double)secs > t)
        secs--;
    days = secs / SECS_PER_DAY;
    rem = secs % SECS_PER_DAY;
    if (rem < 0) {
        rem += SECS_PER_DAY;
        days--;
    }
    civil_from_days(days, &y, &m, &d);
    snprintf(buf, n, "%04lld-%02d-%02dT%02d:%02d:%02dZ", (long long)y, m, d,
        (int)(rem / SECS_PER_HOUR), (int)(rem % SECS_PER_HOUR / SECS_PER_MIN),
        (int)(rem % SECS_PER_MIN));
}

/*
 * Whether s has the form of a duration whatever its size: terms of
 * DIGITS[.DIGITS] and a unit, units in order and each once, or one
 * number alone.  ndt_parse_duration() asks it to tell a duration too
 * long from one that is not a duration at all.
 */
static bool
duration_form(const char *s)
{
    size_t i = 0, next = 0, u, start;

    while (s[i] != '\0') {
        start = i;
        while (is_digit(s[i]))
            i++;
        if (i == start)
            return false;
        if (s[i] == '.') {
            i++;
            if (!is_digit(s[i]))
                return false;
            while (is_digit(s[i]))
                i++;
        }
        if (start == 0 && s[i] == '\0')
            return true;
        u = next;
        while (u < N_UNITS && units[u].name != s[i])
            u++;
        if (s[i] == '\0' || u == N_UNITS)
            return false;
        next = u + 1;
        i++;
    }
    return i > 0;
}

/*
 * A duration is read term by term.  next is the first unit still
 * allowed, which keeps the units in order and each to one use; a
 * number without a unit is taken only as the whole string.
 */
bool
ndt_parse_duration(const char *s, double *out)
{
    size_t len = strlen(s), i = 0, next = 0, n, u;
    double total = 0.0;
    decimal d;

    errno = EINVAL;
    if (len == 0)
        return false;
    while (i < len) {
        n = scan_decimal(s + i, len - i, (uint64_t)NDT_DURATION_MAX, &d);
        if (n == 0)
            goto bad;
        if (i == 0 && n == len) {
            total = decimal_value(&d, 1.0);
            break;
        }
        i += n;
        if (i == len)
            return false;       /* "1h30": a later number needs a unit */
        u = next;
        while (u < N_UNITS && units[u].name != s[i])
            u++;
        if (u == N_UNITS)
            return false;       /* unknown, repeated or out of order */
        total += decimal_value(&d, units[u].secs);
        next = u + 1;
        i++;
    }
    if (total > NDT_DURATION_MAX)
        goto bad;
    *out = total;
    return true;
bad:
    if (duration_form(s))
        errno = ERANGE;
    return false;
}
