/*
 * utf8.c - strict UTF-8 validation and decoding (RFC 3629: no overlong
 * forms, no surrogates, nothing past U+10FFFF).
 */
#include <string.h>

#include "internal.h"

/*
 * Length of the valid sequence at s[i], or 0 if it is invalid.  The
 * second-byte ranges are those of RFC 3629's table, which excludes
 * overlong forms and surrogates.
 */
static size_t
seq_len(const unsigned char *s, size_t len, size_t i)
{
    unsigned char c = s[i], lo = 0x80, hi = 0xBF;
    size_t n, j;

    if (c < 0x80)
        return 1;
    if (c >= 0xC2 && c <= 0xDF)
        n = 2;
    else if (c >= 0xE0 && c <= 0xEF)
        n = 3;
    else if (c >= 0xF0 && c <= 0xF4)
        n = 4;
    else
        return 0;
    if (c == 0xE0)
        lo = 0xA0;
    else if (c == 0xED)
        hi = 0x9F;
    else if (c == 0xF0)
        lo = 0x90;
    else if (c == 0xF4)
        hi = 0x8F;
    if (len - i < n)
        return 0;
    if (s[i + 1] < lo || s[i + 1] > hi)
        return 0;
    for (j = 2; j < n; j++)
        if ((s[i + j] & 0xC0) != 0x80)
            return 0;
    return n;
}

size_t
ndci_utf8_check(const char *str, size_t len)
{
    const unsigned char *s = (const unsigned char *)str;
    size_t i = 0, n;
    uint64_t w;

    while (i < len) {
        /* ASCII runs, eight bytes at a time. */
        while (len - i >= 8) {
            memcpy(&w, s + i, 8);
            if (w & 0x8080808080808080ULL)
                break;
            i += 8;
        }
        if (i >= len)
            break;
        if (s[i] < 0x80) {
            i++;
            continue;
        }
        n = seq_len(s, len, i);
        if (n == 0)
            return i;
        i += n;
    }
    return len;
}

uint32_t
ndci_utf8_next(const char *str, size_t len, size_t *i)
{
    const unsigned char *s = (const unsigned char *)str;
    size_t n = seq_len(s, len, *i);
    uint32_t cp;

    switch (n) {
    case 1:
        cp = s[*i];
        break;
    case 2:
        cp = (uint32_t)(s[*i] & 0x1F) << 6 | (s[*i + 1] & 0x3F);
        break;
    case 3:
        cp = (uint32_t)(s[*i] & 0x0F) << 12 |
            (uint32_t)(s[*i + 1] & 0x3F) << 6 | (s[*i + 2] & 0x3F);
        break;
    case 4:
        cp = (uint32_t)(s[*i] & 0x07) << 18 |
            (uint32_t)(s[*i + 1] & 0x3F) << 12 |
            (uint32_t)(s[*i + 2] & 0x3F) << 6 | (s[*i + 3] & 0x3F);
        break;
    default:
        *i += 1;
        return 0xFFFD;
    }
    *i += n;
    return cp;
}

size_t
ndci_utf8_put(uint32_t cp, char *out)
{
    unsigned char *o = (unsigned char *)out;

    if (cp < 0x80) {
        o[0] = (unsigned char)cp;
        return 1;
    }
    if (cp < 0x800) {
        o[0] = (unsigned char)(0xC0 | (cp >> 6));
        o[1] = (unsigned char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        o[0] = (unsigned char)(0xE0 | (cp >> 12));
        o[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
        o[2] = (unsigned char)(0x80 | (cp & 0x3F));
        return 3;
    }
    o[0] = (unsigned char)(0xF0 | (cp >> 18));
    o[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
    o[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
    o[3] = (unsigned char)(0x80 | (cp & 0x3F));
    return 4;
}

size_t
ndc_utf8_check(const char *s, size_t len)
{
    return len == 0 ? 0 : ndci_utf8_check(s, len);
}
