/*
 * normalize.c - text to words: UTF-8 aware case folding, and Unicode
 * punctuation, symbols and spaces read as separators.
 *
 * A word is a run of letters, digits and combining marks.  Everything
 * else separates words: ASCII punctuation, the Latin-1 signs, General
 * Punctuation (’ “ ” — … and friends), currency, arrows, mathematical
 * and technical symbols, box drawing, dingbats, CJK and fullwidth
 * punctuation, emoji.  A CJK ideograph or kana is a word by itself,
 * since those scripts do not put spaces between words.
 */
#include <string.h>

#define XXH_INLINE_ALL
#include <xxhash.h>

#include "internal.h"

/* Inclusive ranges of separators above U+00BF, in ascending order. */
static const uint32_t sep_ranges[][2] = {
    {0x00D7, 0x00D7}, {0x00F7, 0x00F7},
    {0x02C2, 0x02C5}, {0x02D2, 0x02DF}, {0x02E5, 0x02EB},
    {0x037E, 0x037E}, {0x0387, 0x0387},
    {0x055A, 0x055F}, {0x0589, 0x058A},
    {0x05BE, 0x05BE}, {0x05C0, 0x05C0}, {0x05C3, 0x05C3},
    {0x05F3, 0x05F4}, {0x060C, 0x060D}, {0x061B, 0x061F},
    {0x066A, 0x066D}, {0x06D4, 0x06D4}, {0x0964, 0x0965},
    {0x0E4F, 0x0E4F}, {0x0E5A, 0x0E5B}, {0x10FB, 0x10FB},
    {0x1680, 0x1680}, {0x2000, 0x2BFF}, {0x2E00, 0x2E7F},
    {0x3000, 0x3003}, {0x3008, 0x3020}, {0x3030, 0x3030},
    {0x303D, 0x303D}, {0x30FB, 0x30FB},
    {0xFD3E, 0xFD3F}, {0xFE00, 0xFE0F}, {0xFE10, 0xFE1F},
    {0xFE30, 0xFE6F}, {0xFEFF, 0xFEFF},
    {0xFF01, 0xFF0F}, {0xFF1A, 0xFF20}, {0xFF3B, 0xFF40},
    {0xFF5B, 0xFF65}, {0xFFE0, 0xFFEE}, {0xFFF0, 0xFFFF},
    {0x1D000, 0x1D24F}, {0x1F000, 0x1FAFF}, {0xE0000, 0xE007F},
};

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
    if (cp < 0xC0) {
        /* Latin-1: controls, NBSP and signs, but ª µ º are letters. */
        if (cp == 0xAA || cp == 0xB5 || cp == 0xBA)
            return NDCI_WORD;
        return NDCI_SEP;
    }
    if ((cp >= 0x3040 && cp <= 0x30FF && cp != 0x30FB) ||
        (cp >= 0x3400 && cp <= 0x4DBF) || (cp >= 0x4E00 && cp <= 0x9FFF) ||
        (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0x20000 && cp <= 0x3FFFF))
        return NDCI_SOLO;
    if (in_ranges(cp, sep_ranges, sizeof(sep_ranges) / sizeof(sep_ranges[0])))
        return NDCI_SEP;
    return NDCI_WORD;
}

uint32_t
ndci_cp_fold(uint32_t cp)
{
    if (cp < 0x80)
        return (cp >= 'A' && cp <= 'Z') ? cp + 32 : cp;
    if (cp < 0x100)
        return (cp >= 0xC0 && cp <= 0xDE && cp != 0xD7) ? cp + 32 : cp;
    if (cp < 0x180) {                       /* Latin Extended-A */
        if (cp == 0x130)
            return 'i';
        if (cp == 0x178)
            return 0xFF;
        if (cp == 0x17F)
            return 's';
        if ((cp >= 0x139 && cp <= 0x148) || (cp >= 0x179 && cp <= 0x17E))
            return (cp & 1) ? cp + 1 : cp;
        if (cp == 0x131 || cp == 0x138 || cp == 0x149)
            return cp;
        return (cp & 1) ? cp : cp + 1;
    }
    if (cp >= 0x370 && cp < 0x400) {        /* Greek */
        if (cp >= 0x391 && cp <= 0x3AB && cp != 0x3A2)
            return cp + 32;
        if (cp == 0x386)
            return 0x3AC;
        if (cp >= 0x388 && cp <= 0x38A)
            return cp + 37;
        if (cp == 0x38C)
            return 0x3CC;
        if (cp == 0x38E || cp == 0x38F)
            return cp + 63;
        if (cp == 0x3C2)
            return 0x3C3;                   /* final sigma */
        if (cp >= 0x3D8 && cp <= 0x3EF)
            return (cp & 1) ? cp : cp + 1;
        return cp;
    }
    if (cp >= 0x400 && cp < 0x530) {        /* Cyrillic */
        if (cp <= 0x40F)
            return cp + 80;
        if (cp <= 0x42F)
            return cp + 32;
        if ((cp >= 0x460 && cp <= 0x481) || (cp >= 0x48A && cp <= 0x4BF) ||
            (cp >= 0x4D0 && cp <= 0x52F))
            return (cp & 1) ? cp : cp + 1;
        if (cp == 0x4C0)
            return 0x4CF;
        if (cp >= 0x4C1 && cp <= 0x4CE)
            return (cp & 1) ? cp + 1 : cp;
        return cp;
    }
    if (cp >= 0x531 && cp <= 0x556)         /* Armenian */
        return cp + 48;
    if (cp >= 0x1E00 && cp <= 0x1EFF)       /* Latin Extended Additional */
        return (cp & 1 || (cp >= 0x1E96 && cp <= 0x1E9F)) ? cp : cp + 1;
    if (cp >= 0xFF21 && cp <= 0xFF3A)       /* fullwidth A-Z */
        return cp + 32;
    return cp;
}

/*
 * Calls emit for each normalised word of txt, built into scratch.
 * Returns false as soon as emit or an allocation fails.
 */
typedef bool (*word_fn)(void *arg, const char *w, size_t n);

static bool
each_word(const char *txt, size_t len, ndci_buf *scratch, word_fn emit,
    void *arg)
{
    size_t i = 0;

    scratch->len = 0;
    if (!ndci_buf_reserve(scratch, len + 4))
        return false;
    while (i < len) {
        unsigned char c = (unsigned char)txt[i];
        uint32_t cp;
        ndci_cpclass cls;

        if (c < 0x80) {
            i++;
            cp = c;
            if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
                scratch->data[scratch->len++] = (char)c;
                continue;
            }
            if (c >= 'A' && c <= 'Z') {
                scratch->data[scratch->len++] = (char)(c + 32);
                continue;
            }
            cls = NDCI_SEP;
        } else {
            cp = ndci_utf8_next(txt, len, &i);
            cls = ndci_cp_class(cp);
        }
        if (cls == NDCI_WORD) {
            /* Folding never makes a code point longer than 4 bytes,
               and the input held at least as many bytes. */
            if (!ndci_buf_reserve(scratch, 4))
                return false;
            scratch->len += ndci_utf8_put(ndci_cp_fold(cp),
                scratch->data + scratch->len);
            continue;
        }
        if (scratch->len > 0) {
            if (!emit(arg, scratch->data, scratch->len))
                return false;
            scratch->len = 0;
        }
        if (cls == NDCI_SOLO) {
            char u[4];

            if (!emit(arg, u, ndci_utf8_put(cp, u)))
                return false;
        }
    }
    if (scratch->len > 0 && !emit(arg, scratch->data, scratch->len))
        return false;
    scratch->len = 0;
    return true;
}

static bool
emit_text(void *arg, const char *w, size_t n)
{
    ndci_buf *out = arg;

    if (out->len > 0 && !ndci_buf_append(out, " ", 1))
        return false;
    return ndci_buf_append(out, w, n);
}

bool
ndci_normalize(const char *txt, size_t len, ndci_buf *out)
{
    ndci_buf scratch = {0};
    bool ok;

    out->len = 0;
    ok = each_word(txt, len, &scratch, emit_text, out);
    ndci_buf_free(&scratch);
    return ok;
}

/*
 * ASCII bytes to their folded form, or 0 for a separator.  The hot loop
 * of ndci_word_hashes() runs on this table and leaves it only for
 * non-ASCII bytes.
 */
static const unsigned char ascii_fold[128] = {
    ['0'] = '0', ['1'] = '1', ['2'] = '2', ['3'] = '3', ['4'] = '4',
    ['5'] = '5', ['6'] = '6', ['7'] = '7', ['8'] = '8', ['9'] = '9',
    ['A'] = 'a', ['B'] = 'b', ['C'] = 'c', ['D'] = 'd', ['E'] = 'e',
    ['F'] = 'f', ['G'] = 'g', ['H'] = 'h', ['I'] = 'i', ['J'] = 'j',
    ['K'] = 'k', ['L'] = 'l', ['M'] = 'm', ['N'] = 'n', ['O'] = 'o',
    ['P'] = 'p', ['Q'] = 'q', ['R'] = 'r', ['S'] = 's', ['T'] = 't',
    ['U'] = 'u', ['V'] = 'v', ['W'] = 'w', ['X'] = 'x', ['Y'] = 'y',
    ['Z'] = 'z',
    ['a'] = 'a', ['b'] = 'b', ['c'] = 'c', ['d'] = 'd', ['e'] = 'e',
    ['f'] = 'f', ['g'] = 'g', ['h'] = 'h', ['i'] = 'i', ['j'] = 'j',
    ['k'] = 'k', ['l'] = 'l', ['m'] = 'm', ['n'] = 'n', ['o'] = 'o',
    ['p'] = 'p', ['q'] = 'q', ['r'] = 'r', ['s'] = 's', ['t'] = 't',
    ['u'] = 'u', ['v'] = 'v', ['w'] = 'w', ['x'] = 'x', ['y'] = 'y',
    ['z'] = 'z',
};

/*
 * The same words as each_word(), hashed as they end.  Written out
 * rather than through each_word()'s callback because it is the hot
 * path of near mode; test_normalize checks that the two agree.
 */
bool
ndci_word_hashes(const char *txt, size_t len, uint64_t seed,
    ndci_buf *scratch, ndci_u64s *words)
{
    const unsigned char *s = (const unsigned char *)txt;
    char *w;
    size_t i = 0, n = 0;

    /* A text of len bytes has at most len / 2 + 1 words. */
    if (!ndci_buf_reserve(scratch, len + 4) ||
        !ndci_u64s_reserve(words, words->len + len / 2 + 2))
        return false;
    w = scratch->data;
    while (i < len) {
        uint32_t cp;
        ndci_cpclass cls;

        if (s[i] < 0x80) {
            unsigned char f = ascii_fold[s[i++]];

            if (f != 0) {
                w[n++] = (char)f;
                continue;
            }
            cls = NDCI_SEP;
            cp = 0;
        } else {
            cp = ndci_utf8_next(txt, len, &i);
            cls = ndci_cp_class(cp);
            if (cls == NDCI_WORD) {
                n += ndci_utf8_put(ndci_cp_fold(cp), w + n);
                continue;
            }
        }
        if (n > 0) {
            words->v[words->len++] = XXH3_64bits_withSeed(w, n, seed);
            n = 0;
        }
        if (cls == NDCI_SOLO) {
            char u[4];

            words->v[words->len++] = XXH3_64bits_withSeed(u,
                ndci_utf8_put(cp, u), seed);
        }
    }
    if (n > 0)
        words->v[words->len++] = XXH3_64bits_withSeed(w, n, seed);
    return true;
}
