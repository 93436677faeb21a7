/*
 * cmd_buf.c - the command's growable buffer and UTF-8 check (cmd_buf.h).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cmd_buf.h"

#define FIRST_CAP 256

/*
 * Grows b so that extra more bytes fit, doubling the capacity so that
 * appends cost amortised O(1).  On failure b is left as it was.
 */
bool
cmd_buf_reserve(cmd_buf *b, size_t extra)
{
    size_t need, cap;
    char *p;

    if (extra > SIZE_MAX - b->len)
        return false;
    need = b->len + extra;
    if (need <= b->cap)
        return true;
    cap = b->cap ? b->cap : FIRST_CAP;
    while (cap < need)
        cap = cap > SIZE_MAX / 2 ? need : cap * 2;
    p = realloc(b->data, cap);
    if (p == NULL)
        return false;
    b->data = p;
    b->cap = cap;
    return true;
}

bool
cmd_buf_append(cmd_buf *b, const void *p, size_t n)
{
    if (!cmd_buf_reserve(b, n))
        return false;
    if (n > 0)
        memcpy(b->data + b->len, p, n);
    b->len += n;
    return true;
}

void
cmd_buf_free(cmd_buf *b)
{
    free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
}

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
cmd_utf8_check(const char *str, size_t len)
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

size_t
cmd_utf8_put(uint32_t cp, char *out)
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
