/*
 * timeparse.h - the CLI's parsers for points in time and durations, as
 * given in option arguments and record fields.  Not part of the
 * library.  Nothing here allocates, reads the locale or the TZ
 * variable, or keeps state, so every function is thread-safe.
 */
#ifndef NDC_TIMEPARSE_H
#define NDC_TIMEPARSE_H

#include <stdbool.h>
#include <stddef.h>

/* Largest magnitude of a time, in seconds from the epoch (~31.7 My). */
#define NDT_TIME_MAX 1e15

/* Longest duration, in seconds (~31.7 ky). */
#define NDT_DURATION_MAX 1e12

/*
 * Parses the len bytes at s (no NUL needed) as a point in time and
 * stores it in *out as seconds since 1970-01-01T00:00:00Z.  Accepted:
 *
 *   - an RFC 3339 date-time, YYYY-MM-DDTHH:MM:SS[.frac]ZONE, where the
 *     separator may also be "t" or a space and ZONE is "Z", "z",
 *     "+HH:MM" or "-HH:MM" (at most 23:59), or absent for UTC;
 *   - a date alone, YYYY-MM-DD, meaning its midnight UTC;
 *   - decimal epoch seconds, [-]DIGITS[.DIGITS], such as "1418947200",
 *     "1418947200.25" or "-5", within NDT_TIME_MAX.
 *
 * Dates are proleptic Gregorian, years 0000 to 9999.  A second of 60 is
 * a leap second and is allowed only at 23:59:60 UTC; it counts as the
 * first second of the next day.  Fraction digits past the ninth are
 * checked but ignored.  No whitespace, "+" sign, exponent, "Inf" or
 * "NaN" is accepted.
 *
 * @param s   the text; may be NULL only when len is 0
 * @param len its length in bytes
 * @param out where the time goes; left untouched on failure
 * @return true on success, false if s is not exactly one of the forms
 *         above or names no real date or time (month 13, Feb 30,
 *         Feb 29 of a common year, hour 24, offset +24:00, ...)
 */
bool ndt_parse_time(const char *s, size_t len, double *out);

/*
 * Checks a JSON number v as epoch seconds and stores it in *out.
 *
 * @param v   the number
 * @param out where the time goes; left untouched on failure
 * @return true if v is finite and within NDT_TIME_MAX, else false
 */
bool ndt_parse_number_time(double v, double *out);

/*
 * Parses the NUL-terminated s as a duration and stores it in *out in
 * seconds.  A duration is one or more terms, each a decimal number
 * (DIGITS[.DIGITS], no sign) and a unit: "s" seconds, "m" minutes, "h"
 * hours, "d" days, "w" weeks.  Terms go from the largest unit down and
 * name each unit once: "1h30m", "2w3d", "1.5h".  A lone number with no
 * unit means seconds ("90").  Zero ("0", "0s") is accepted: whether it
 * makes sense is the caller's call.
 *
 * @param s   the text; must not be NULL
 * @param out where the duration goes; left untouched on failure
 * @return true on success, false if s is empty, signed, has an unknown
 *         or misplaced unit or trailing bytes (errno EINVAL), or has
 *         the form of a duration but exceeds NDT_DURATION_MAX seconds
 *         (errno ERANGE)
 */
bool ndt_parse_duration(const char *s, double *out);

#endif /* NDC_TIMEPARSE_H */
