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
#ifdef __SSE2__
#include <emmintrin.h>
#endif

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


#define ONES 0x0101010101010101ULL
#define HIGHS 0x8080808080808080ULL

/* 0x80 in each byte of v (all bytes < 0x80) that lies in lo..hi. */
static uint64_t
bytes_in(uint64_t v, unsigned lo, unsigned hi)
{
    uint64_t ge = v + ONES * (0x80 - lo);
    uint64_t gt = v + ONES * (0x7F - hi);

    return ge & ~gt & HIGHS;
}

/* Low k bytes of all ones. */
static uint64_t
low_bytes(size_t k)
{
    return k >= 8 ? UINT64_MAX : ((uint64_t)1 << (8 * k)) - 1;
}

/* ORs v, of at most 16 bits, into bitmap b at bit offset at. */
static void
set_bits(uint64_t *b, size_t at, uint64_t v)
{
    size_t off = at & 63;

    b[at >> 6] |= v << off;
    if (off > 48)
        b[(at >> 6) + 1] |= v >> (64 - off);
}

/* The fingerprint of the word of wl bytes at w (see below). */
static uint64_t
fingerprint(const unsigned char *w, size_t wl, uint64_t seed)
{
    uint64_t v;

    if (wl > 8)
        return XXH3_64bits_withSeed(w, wl, seed);
    memcpy(&v, w, 8);
    return v & low_bytes(wl);
}

/*
 * The same words as each_word(), as fingerprints: a word of up to 8
 * bytes (most words) is its own fingerprint, packed little-endian (words
 * hold no NUL, so that is one to one); a longer one is hashed with XXH3
 * and the seed.  This is the hot path of near mode, so it works in two
 * passes without a branch per byte.  The first writes the folded text
 * to f, with a 1 bit in map for each byte that belongs to a word: ASCII
 * eight bytes at a time (a SWAR test marks letters and digits), other
 * text one code point at a time.  The second walks the runs of 1 bits.
 * test_normalize checks that the words agree with ndci_normalize().
 */
/*
 * The first pass of ndci_word_hashes(): writes the folded text of txt to
 * f and marks each byte of f that belongs to a word with a 1 bit in map
 * (zeroed, with room); returns the bytes written.
 */
static size_t
fold_marks(const char *txt, size_t len, unsigned char *f, uint64_t *map)
{
    const unsigned char *s = (const unsigned char *)txt;
    size_t i = 0, n = 0;

    while (i < len) {
        uint64_t x, lower, mask;
        uint32_t cp;
        ndci_cpclass cls;
        size_t k;

#ifdef __SSE2__
        /* The same test as the SWAR one below, sixteen bytes at once. */
        if (len - i >= 16) {
            __m128i v = _mm_loadu_si128((const __m128i *)(const void *)
                (s + i));

            if (_mm_movemask_epi8(v) == 0) {
                __m128i lo = _mm_or_si128(v, _mm_set1_epi8(0x20));
                __m128i letter = _mm_and_si128(
                    _mm_cmpgt_epi8(lo, _mm_set1_epi8('a' - 1)),
                    _mm_cmplt_epi8(lo, _mm_set1_epi8('z' + 1)));
                __m128i digit = _mm_and_si128(
                    _mm_cmpgt_epi8(v, _mm_set1_epi8('0' - 1)),
                    _mm_cmplt_epi8(v, _mm_set1_epi8('9' + 1)));
                __m128i word = _mm_or_si128(letter, digit);

                _mm_storeu_si128((__m128i *)(void *)(f + n),
                    _mm_and_si128(lo, word));
                set_bits(map, n, (uint64_t)_mm_movemask_epi8(word));
                n += 16;
                i += 16;
                continue;
            }
        }
#endif
        if (len - i >= 8) {
            memcpy(&x, s + i, 8);
            if ((x & HIGHS) == 0) {
                lower = x | ONES * 0x20;
                mask = bytes_in(lower, 'a', 'z') | bytes_in(x, '0', '9');
                lower &= (mask >> 7) * 0xFF;
                memcpy(f + n, &lower, 8);
                set_bits(map, n, ((mask >> 7) * 0x0102040810204080ULL) >> 56);
                n += 8;
                i += 8;
                continue;
            }
        }
        if (s[i] < 0x80) {
            unsigned char c = ascii_fold[s[i++]];

            f[n] = c;
            if (c != 0)
                set_bits(map, n, 1);
            n++;
            continue;
        }
        cp = ndci_utf8_next(txt, len, &i);
        cls = ndci_cp_class(cp);
        if (cls == NDCI_SEP) {
            f[n++] = 0;
            continue;
        }
        if (cls == NDCI_SOLO)
            f[n++] = 0;
        else
            cp = ndci_cp_fold(cp);
        k = ndci_utf8_put(cp, (char *)f + n);
        set_bits(map, n, ((uint64_t)1 << k) - 1);
        n += k;
        if (cls == NDCI_SOLO)
            f[n++] = 0;
    }
    return n;
}

/*
 * The second pass: the fingerprint of each run of 1 bits of map over
 * the n bytes of f, to out; returns the end of what it wrote.  Runs of
 * 1 bits, block by block: a run starts at a 1 after a 0 and ends at a 1
 * before a 0; the k-th start of a block pairs with its k-th end, or a
 * run goes on from the block before.
 */
static uint64_t *
emit_runs(const unsigned char *f, const uint64_t *map, size_t n,
    uint64_t seed, uint64_t *out)
{
    size_t start = 0, blk;

    for (blk = 0; blk * 64 < n; blk++) {
        uint64_t w = map[blk];
        uint64_t prev_top = blk > 0 ? map[blk - 1] >> 63 : 0;
        uint64_t starts = w & ~((w << 1) | prev_top);
        uint64_t ends = w & ~((w >> 1) | (map[blk + 1] << 63));

        while (ends != 0) {
            size_t e = (size_t)__builtin_ctzll(ends) + 1;   /* past it */

            ends &= ends - 1;
            if (starts != 0 && (size_t)__builtin_ctzll(starts) < e) {
                start = blk * 64 + (size_t)__builtin_ctzll(starts);
                starts &= starts - 1;
            }
            e += blk * 64;
            *out++ = fingerprint(f + start, e - start, seed);
        }
        if (starts != 0)
            start = blk * 64 + (size_t)__builtin_ctzll(starts);
    }
    return out;
}

bool
ndci_word_hashes(const char *txt, size_t len, uint64_t seed,
    ndci_buf *scratch, ndci_u64s *words)
{
    size_t n, f_cap, map_words;
    uint64_t *map;
    unsigned char *f;

    /* Folding never grows a code point; a solo one gains two
       separators, so f needs at most 2 len bytes, plus 16 to read 8
       past any word. */
    if (len > (SIZE_MAX - 64) / 3)
        return false;
    f_cap = (2 * len + 16 + 7) & ~(size_t)7;
    map_words = f_cap / 64 + 2;
    scratch->len = 0;
    if (!ndci_buf_reserve(scratch, f_cap + map_words * 8 + 8) ||
        !ndci_u64s_reserve(words, words->len + len / 2 + 2))
        return false;
    f = (unsigned char *)scratch->data;
    map = (uint64_t *)(void *)(scratch->data + f_cap);
    memset(map, 0, map_words * 8);
    n = fold_marks(txt, len, f, map);
    memset(f + n, 0, 8);
    words->len = (size_t)(emit_runs(f, map, n, seed, words->v + words->len) -
        words->v);
    return true;
}
