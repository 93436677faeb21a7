/*
 * cmd_buf.c - the command's growable buffer and UTF-8 encoder (cmd_buf.h).
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
