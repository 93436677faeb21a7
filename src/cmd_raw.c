/*
 * cmd_raw.c - the record of -R: a line of text, not JSON, as jq -R reads
 * it.  The whole line is the one text of the record, and invalid UTF-8
 * in it becomes U+FFFD, so that what is clustered and written out (by
 * cmd_record.c, as {"text":LINE,...}) is always valid.
 */
#include <stddef.h>

#include "cmd.h"

/* U+FFFD REPLACEMENT CHARACTER in UTF-8. */
#define REPLACEMENT "\xEF\xBF\xBD"
#define REPLACEMENT_LEN 3

/*
 * The bytes of the invalid UTF-8 sequence at s[0] (len > 0) that one
 * U+FFFD replaces, as jq counts them: a byte that cannot start a
 * sequence is one; a lead byte takes the continuation bytes after it up
 * to the length it announces, so that a whole sequence that is overlong,
 * a surrogate or past U+10FFFF is one too, and so is one cut short.
 */
static size_t
invalid_len(const unsigned char *s, size_t len)
{
    size_t want, n = 1;

    if (s[0] >= 0xC2 && s[0] <= 0xDF)
        want = 2;
    else if (s[0] >= 0xE0 && s[0] <= 0xEF)
        want = 3;
    else if (s[0] >= 0xF0 && s[0] <= 0xF4)
        want = 4;
    else
        return 1;
    while (n < want && n < len && (s[n] & 0xC0) == 0x80)
        n++;
    return n;
}

/*
 * Puts s[0..len) into b with each invalid UTF-8 sequence
 * replaced by U+FFFD, as jq -R reads text; but where jq 1.6 also takes
 * what follows a sequence cut short by the end of the line, only the
 * sequence's own bytes are replaced here.  False if memory ran out.
 */
static bool
repair_utf8(cmd_buf *b, const char *s, size_t len)
{
    size_t i = 0, ok;

    b->len = 0;
    for (;;) {
        ok = ndc_utf8_check(s + i, len - i);
        if (!cmd_buf_append(b, s + i, ok))
            return false;
        i += ok;
        if (i == len)
            return true;
        if (!cmd_buf_append(b, REPLACEMENT, REPLACEMENT_LEN))
            return false;
        i += invalid_len((const unsigned char *)s + i, len - i);
    }
}

/* A line of text cannot be malformed: it is refused only when longer
   than --max-bytes. */
bool
cmd_raw_prepare(const cmd_run *r, cmd_slot *s)
{
    ndc_field *f = &s->raw;

    if (s->len > r->c->max_bytes) {
        s->verdict = CMD_LINE_LONG;
        return true;
    }
    f->text = s->line;
    f->len = s->len;
    f->weight = 1;
    if (ndc_utf8_check(s->line, s->len) < s->len) {
        if (!repair_utf8(&s->raw_text, s->line, s->len))
            return false;
        f->text = s->raw_text.data;
        f->len = s->raw_text.len;
    }
    s->n_texts = f->len > 0;
    return true;
}
