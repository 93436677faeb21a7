/*
 * story_names.c - the names of a record for story mode: capitalised
 * words that do not start a sentence, which story_terms.c counts up.
 */
#include <string.h>

#include "story.h"

static inline bool
word_byte(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
        (c >= 'A' && c <= 'Z') || c >= 0x80;
}

/* Whether the code point that ends just before s[i] is part of a word. */
static bool
word_before(const char *s, size_t i)
{
    size_t j = i;

    if (i == 0)
        return false;
    if ((unsigned char)s[i - 1] < 0x80)
        return word_byte((unsigned char)s[i - 1]);
    while (j > 0 && i - j < 4 && ((unsigned char)s[j - 1] & 0xC0) == 0x80)
        j--;
    if (j == 0)
        return false;
    j--;
    return ndci_cp_class(ndci_utf8_next(s, i, &j)) != NDCI_SEP;
}

/*
 * Whether the word at s[i] starts a sentence: only separators, and at
 * least one of . ! ? : | or a line end, or nothing, come before it.
 */
static bool
starts_sentence(const char *s, size_t i)
{
    while (i > 0) {
        unsigned char c = (unsigned char)s[--i];

        if (c == '.' || c == '!' || c == '?' || c == ':' || c == '|' ||
            c == '\n')
            return true;
        if (word_byte(c) && (c < 0x80 || word_before(s, i + 1)))
            return false;
    }
    return true;
}

/* SWAR: a byte of x is an ASCII capital letter or has its top bit set. */
static inline bool
maybe_capital(uint64_t x)
{
    const uint64_t ones = 0x0101010101010101ULL, high = ones * 0x80;
    uint64_t low7 = x & ~high;
    /* bytes >= 'A' (0x41) and bytes > 'Z' (0x5A), among 7-bit values */
    uint64_t ge_a = (low7 + ones * (0x80 - 0x41)) & high;
    uint64_t gt_z = (low7 + ones * (0x80 - 0x5B)) & high;

    return ((ge_a & ~gt_z) | (x & high)) != 0;
}

/*
 * Finds the capitalised words of txt that do not start a sentence (names,
 * most likely) and appends their fingerprints to q->names; counts every
 * capitalised word in *n_caps.  Eight bytes at a time where none can be a
 * capital.
 */
bool
ndci_story_find_names(const story *m, story_prep *q, const char *txt,
    size_t len, size_t *n_caps)
{
    size_t i = 0;

    while (i < len) {
        unsigned char c;
        bool cap = false;
        size_t end;

        if (i + 8 <= len) {
            uint64_t x;

            memcpy(&x, txt + i, 8);
            if (!maybe_capital(x)) {
                i += 8;
                continue;
            }
        }
        c = (unsigned char)txt[i];
        if (c >= 'A' && c <= 'Z') {
            cap = !word_before(txt, i);
        } else if (c >= 0xC0 && !word_before(txt, i)) {
            size_t j = i;
            uint32_t cp = ndci_utf8_next(txt, len, &j);

            cap = ndci_cp_upper(cp);
        }
        if (!cap) {
            i++;
            continue;
        }
        (*n_caps)++;
        for (end = i + 1; end < len && word_byte((unsigned char)txt[end]);
            end++)
            ;
        if (!starts_sentence(txt, i)) {
            size_t at = q->names.len;

            if (!ndci_text_hashes(txt + i, end - i, m->seed,
                m->text | NDCI_TEXT_PAIRS, &q->text, &q->names))
                return false;
            q->names.len = q->names.len > at ? at + 1 : at;
        }
        i = end;
    }
    return true;
}
