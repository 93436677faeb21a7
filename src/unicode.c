/*
 * unicode.c - what the normaliser needs of Unicode: NFKC with full case
 * folding (NFKC_Casefold, through libutf8proc), and the class of a code
 * point by its general category and script.
 *
 * Letters and digits make words, combining marks belong to the letter
 * before them, and everything else (spaces, punctuation, symbols, emoji,
 * controls) separates words.  Scripts written without spaces between
 * words (Han, kana, Thai, Lao, Khmer, Myanmar) have each letter, with its
 * marks, as a unit of its own.
 */
#include <utf8proc.h>

#include "internal.h"

/* NFKC_Casefold: compatibility forms, case folded, default-ignorable
   code points (soft hyphen, zero-width joiners, variation selectors)
   dropped, composed. */
#define NFKC_CF (UTF8PROC_STABLE | UTF8PROC_COMPAT | UTF8PROC_CASEFOLD | \
    UTF8PROC_IGNORE | UTF8PROC_COMPOSE)

/* Pieces of a run normalised apart: this many bytes or a little more
   (ndci_nfkc_piece), and at most twice it. */
#define PIECE 256u

/* Blocks whose letters and digits are solo units, ascending. */
static const uint32_t solo_ranges[][2] = {
    {0x0E00, 0x0E7F},       /* Thai */
    {0x0E80, 0x0EFF},       /* Lao */
    {0x1000, 0x109F},       /* Myanmar */
    {0x1780, 0x17FF},       /* Khmer */
    {0x3005, 0x3007},       /* ideographic iteration, closing, zero */
    {0x3021, 0x3029},       /* Hangzhou numerals */
    {0x3031, 0x3035},       /* kana repeat marks */
    {0x303B, 0x303C},
    {0x3040, 0x30FF},       /* hiragana, katakana */
    {0x31F0, 0x31FF},       /* katakana phonetic extensions */
    {0x3400, 0x4DBF},       /* CJK extension A */
    {0x4E00, 0x9FFF},       /* CJK unified ideographs */
    {0xA9E0, 0xA9FF},       /* Myanmar extended-B */
    {0xAA60, 0xAA7F},       /* Myanmar extended-A */
    {0xF900, 0xFAFF},       /* CJK compatibility ideographs */
    {0x1B000, 0x1B16F},     /* kana supplement and extensions */
    {0x20000, 0x3FFFF},     /* CJK extensions B and on */
};

/* Whether cp lies in one of the n ranges r (ascending). */
static bool
in_ranges(uint32_t cp, const uint32_t (*r)[2], size_t n)
{
    size_t lo = 0, hi = n;

    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;

        if (cp < r[mid][0])
            hi = mid;
        else if (cp > r[mid][1])
            lo = mid + 1;
        else
            return true;
    }
    return false;
}

ndci_cpclass
ndci_cp_class(uint32_t cp)
{
    if (cp < 0x80) {
        if ((cp >= '0' && cp <= '9') || (cp >= 'a' && cp <= 'z') ||
            (cp >= 'A' && cp <= 'Z'))
            return NDCI_WORD;
        return NDCI_SEP;
    }
    switch (utf8proc_category((utf8proc_int32_t)cp)) {
    case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LL:
    case UTF8PROC_CATEGORY_LT: case UTF8PROC_CATEGORY_LM:
    case UTF8PROC_CATEGORY_LO: case UTF8PROC_CATEGORY_ND:
    case UTF8PROC_CATEGORY_NL: case UTF8PROC_CATEGORY_NO:
        return cp >= 0x0E00 && in_ranges(cp, solo_ranges,
            sizeof(solo_ranges) / sizeof(solo_ranges[0])) ?
            NDCI_SOLO : NDCI_WORD;
    case UTF8PROC_CATEGORY_MN: case UTF8PROC_CATEGORY_MC:
    case UTF8PROC_CATEGORY_ME:
        /* Khmer coeng, Myanmar and Lao viramas: the next letter is
           written below this one, in the same unit. */
        return cp == 0x17D2 || cp == 0x1039 || cp == 0x0EBA ?
            NDCI_JOINER : NDCI_MARK;
    default:
        return NDCI_SEP;
    }
}

bool
ndci_cp_upper(uint32_t cp)
{
    utf8proc_category_t c = utf8proc_category((utf8proc_int32_t)cp);

    return c == UTF8PROC_CATEGORY_LU || c == UTF8PROC_CATEGORY_LT;
}

ptrdiff_t
ndci_nfkc(const char *s, size_t n, int32_t *cps, size_t cap)
{
    utf8proc_ssize_t k;

    if (n > PTRDIFF_MAX / 4 || cap > PTRDIFF_MAX / 4)
        return -1;
    k = utf8proc_decompose((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)n,
        cps, (utf8proc_ssize_t)cap, NFKC_CF);
    if (k < 0 || (size_t)k > cap)
        return k;
    return utf8proc_normalize_utf32(cps, k, NFKC_CF);
}

/*
 * Whether NFKC_Casefold of a text cut just before cp is that of its two
 * parts: cp is a letter, digit, punctuation, symbol or space that no
 * code point before it composes with (Hangul vowel and final jamo do)
 * and that is not dropped as default-ignorable (the Hangul fillers).
 * Every code point that composes with one before it, and every one that
 * a mark might be reordered past, is a mark or one of those jamo.
 */
static bool
stable_before(uint32_t cp)
{
    const utf8proc_property_t *p = utf8proc_get_property(
        (utf8proc_int32_t)cp);

    if (p->combining_class != 0 || (cp >= 0x1160 && cp <= 0x11FF) ||
        (cp >= 0xD7B0 && cp <= 0xD7FF) || cp == 0x115F || cp == 0x3164 ||
        cp == 0xFFA0)
        return false;
    switch (p->category) {
    case UTF8PROC_CATEGORY_CN: case UTF8PROC_CATEGORY_MN:
    case UTF8PROC_CATEGORY_MC: case UTF8PROC_CATEGORY_ME:
    case UTF8PROC_CATEGORY_CC: case UTF8PROC_CATEGORY_CF:
    case UTF8PROC_CATEGORY_CS: case UTF8PROC_CATEGORY_CO:
        return false;
    default:
        return true;
    }
}

size_t
ndci_nfkc_piece(const char *s, size_t n)
{
    size_t i = PIECE, at;

    if (n <= 2 * PIECE)
        return n;
    while ((s[i] & 0xC0) == 0x80)
        i++;
    while (i < 2 * PIECE) {
        at = i;
        if (stable_before(ndci_utf8_next(s, n, &i)))
            return at;
    }
    /* A long run of marks: cut it all the same, so that reordering
       them costs O(PIECE) a byte at most. */
    while (i < n && (s[i] & 0xC0) == 0x80)
        i++;
    return i;
}
