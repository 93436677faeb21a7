/*
 * timeparse.h - the CLI's parsers for points in time and durations, as
 * given in option arguments and record fields, and the form of a time
 * in its messages.  Not part of the library.  Nothing here allocates,
 * reads the locale or the TZ variable, or keeps state, so every
 * function is thread-safe.
 */
#ifndef NDC_TIMEPARSE_H
#define NDC_TIMEPARSE_H

#include <stdbool.h>
#include <stddef.h>

/*
 * A number of epoch time is read in the unit its magnitude implies: up
 * to NDT_MS_ABOVE it is seconds, up to NDT_US_ABOVE milliseconds, up to
 * NDT_NS_ABOVE microseconds, and above that nanoseconds, up to
 * NDT_NUMBER_MAX.  Seconds so reach from the year -1199 to 5138,
 * milliseconds and microseconds to 5138, nanoseconds to 2286; a time in
 * a smaller unit within 1e8 seconds of 1970 (1966-10-31 to 1973-03-03)
 * is too small to tell and is read as seconds.
 */
#define NDT_MS_ABOVE 1e11
#define NDT_US_ABOVE 1e14
#define NDT_NS_ABOVE 1e17
#define NDT_NUMBER_MAX 1e19

/* Bytes ndt_format_time() needs: "-YYYYYY-MM-DDTHH:MM:SSZ" and a NUL. */
#define NDT_FORMAT_LEN 32

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
 *   - a decimal epoch time, [-]DIGITS[.DIGITS], such as "1418947200",
 *     "1418947200.25", "-5" or "1418947200250", in seconds,
 *     milliseconds, microseconds or nanoseconds by its magnitude (see
 *     NDT_MS_ABOVE), at most NDT_NUMBER_MAX.
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
 * Reads a JSON number v as an epoch time, in seconds, milliseconds,
 * microseconds or nanoseconds by its magnitude (see NDT_MS_ABOVE), and
 * stores it in *out in seconds.
 *
 * @param v   the number
 * @param out where the time goes; left untouched on failure
 * @return true if v is finite and within NDT_NUMBER_MAX, else false
 */
bool ndt_parse_number_time(double v, double *out);

/*
 * Writes the time t, in seconds since the epoch, to buf as
 * "YYYY-MM-DDTHH:MM:SSZ" (UTC, the fraction dropped toward the past).
 * Years outside 0000..9999 get a sign or more digits.
 *
 * @param t   the time, finite, at most 1e15 in magnitude
 * @param buf where the text goes, NUL-terminated
 * @param n   its size; NDT_FORMAT_LEN is always enough
 */
void ndt_format_time(double t, char *buf, size_t n);

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
