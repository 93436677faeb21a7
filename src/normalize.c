/*
 * normalize.c - text to word fingerprints, the hot path of both modes.
 *
 * The words are those of ndci_normalize() (text.c says what they are):
 * markup skipped, NFKC_Casefold, runs of letters, digits and marks, and
 * a unit for each letter of a script written without spaces.  ASCII
 * text, most of what is read, pays for none of that: it is folded eight
 * or sixteen bytes at a time, and only a stretch of other bytes (or a
 * '<' or '&') leaves that path, for libutf8proc and the markup rules.
 */
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#define XXH_INLINE_ALL
#include <xxhash.h>

#include "internal.h"

/* An ASCII byte's folded form, or 0 for a separator: what a byte of the
   fast path's chunks becomes, and a '<' or '&' that is not markup. */
static unsigned char
ascii_fold(unsigned char c)
{
    if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z'))
        return c;
    return c >= 'A' && c <= 'Z' ? (unsigned char)(c + 32) : 0;
}

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

/*
 * The fingerprint of the word of wl bytes at w: a word of up to 8 bytes
 * (most words) is its own fingerprint, packed little-endian (words hold
 * no NUL, so that is one to one); a longer one is hashed with XXH3 and
 * the seed.  The 8 bytes at w may be read whatever wl.
 */
static uint64_t
fingerprint(const unsigned char *w, size_t wl, uint64_t seed)
{
    uint64_t v;

    if (wl > 8)
        return XXH3_64bits_withSeed(w, wl, seed);
    memcpy(&v, w, 8);
    return v & low_bytes(wl);
}

/* Bytes of f kept free past what the rest of the text may need: a vector
   store, the 8 bytes read past a word's end, a separator after a unit. */
#define SLACK 32u
/* Code points of a normalised piece that cps holds before it grows. */
#define CPS_START 1024u

/* What the writer put last. */
enum { LAST_SEP, LAST_WORD, LAST_UNIT };

/* Where the writer is, and what it needs to go on. */
typedef struct fold_pos {
    size_t n;           /* bytes of f written */
    size_t unit_at;     /* where the last unit starts in f */
    size_t run;         /* units so far in this run of solo units */
    unsigned char last; /* LAST_* */
    bool join;          /* the next solo letter joins the last unit */
} fold_pos;

/*
 * The first pass of ndci_text_hashes(): the folded text goes to f, with
 * a 1 bit in map for each byte of it that belongs to a word, so that the
 * second pass (emit_runs()) finds the words without a branch per byte.
 * f, map and the code points of the stretch being normalised share one
 * buffer.
 */
typedef struct fold {
    const unsigned char *s;
    size_t len, i;          /* the text, and the next byte to read */
    unsigned flags;
    unsigned char lt, amp;  /* '<' and '&', or 0x80 if they are text */
    ndci_buf *buf;
    unsigned char *f;       /* f_cap bytes */
    uint64_t *map;          /* map_words words */
    int32_t *cps;           /* cps_cap code points */
    size_t f_cap, map_words, cps_cap;
    fold_pos w;             /* the writer */
    fold_pos pre;           /* the writer before the last ASCII byte */
    size_t ascii_end;       /* i past the last ASCII byte written one to
                               one; SIZE_MAX if something came after */
    bool ascii_chunk;       /* it ended a chunk, and pre was not kept */
    ndci_markup memo;
} fold;

/* Lays out f_cap bytes of f, its map and cps_cap code points in st->buf,
   moving what they hold; false if it cannot grow. */
static bool
fold_layout(fold *st, size_t f_cap, size_t cps_cap)
{
    size_t mw = f_cap / 64 + 2, total;
    char *d;

    if (f_cap > SIZE_MAX / 4 || cps_cap > SIZE_MAX / 16 ||
        f_cap + mw * 8 > SIZE_MAX - cps_cap * 4)
        return false;
    total = f_cap + mw * 8 + cps_cap * 4;
    st->buf->len = 0;
    if (!ndci_buf_reserve(st->buf, total))
        return false;
    d = st->buf->data;
    if (st->f != NULL) {
        /* each part moves up: the last first */
        memmove(d + f_cap + mw * 8, d + st->f_cap + st->map_words * 8,
            st->cps_cap * 4);
        memmove(d + f_cap, d + st->f_cap, st->map_words * 8);
        memset(d + f_cap + st->map_words * 8, 0,
            (mw - st->map_words) * 8);
    }
    st->f = (unsigned char *)d;
    st->map = (uint64_t *)(void *)(d + f_cap);
    st->cps = (int32_t *)(void *)(d + f_cap + mw * 8);
    st->f_cap = f_cap;
    st->map_words = mw;
    st->cps_cap = cps_cap;
    return true;
}

/* Makes f room for at least f_need bytes and cps for cps_need code
   points, doubling what grows. */
static bool
fold_grow(fold *st, size_t f_need, size_t cps_need)
{
    size_t f_cap = st->f_cap, cps_cap = st->cps_cap;

    if (f_need > f_cap)
        f_cap = f_need / 2 > f_cap ? f_need : 2 * f_cap;
    if (cps_need > cps_cap)
        cps_cap = cps_need / 2 > cps_cap ? cps_need : 2 * cps_cap;
    return fold_layout(st, (f_cap + 63) & ~(size_t)63, cps_cap);
}

/* Keeps f room for extra bytes more than the rest of the text needs if
   it is ASCII (one byte each), and SLACK. */
static bool
room(fold *st, size_t extra)
{
    size_t need = st->w.n + extra + (st->len - st->i) + SLACK;

    return need <= st->f_cap || fold_grow(st, need, 0);
}

/* Sets or clears the k bits of map from bit at. */
static void
mark_bits(uint64_t *map, size_t at, size_t k, bool on)
{
    for (; k > 0; at++, k--) {
        if (on)
            map[at >> 6] |= (uint64_t)1 << (at & 63);
        else
            map[at >> 6] &= ~((uint64_t)1 << (at & 63));
    }
}

/* Appends cp to f as part of a word. */
static void
put_bytes(fold *st, uint32_t cp)
{
    size_t k = ndci_utf8_put(cp, (char *)st->f + st->w.n);

    set_bits(st->map, st->w.n, ((uint64_t)1 << k) - 1);
    st->w.n += k;
}

/*
 * A solo letter: a unit of its own, or part of the last unit after a
 * joiner.  With NDCI_TEXT_PAIRS a run of units is written as its pairs:
 * the second unit of a run goes right after the first, and each later
 * one after a separator and a copy of the one before it.
 */
static void
put_unit(fold *st, uint32_t cp)
{
    fold_pos *w = &st->w;

    if (w->last == LAST_UNIT && w->join) {
        put_bytes(st, cp);
        w->join = false;
        return;
    }
    if (w->last == LAST_UNIT && (st->flags & NDCI_TEXT_PAIRS)) {
        size_t prev = w->unit_at, plen = w->n - prev;

        if (w->run > 1) {
            st->f[w->n++] = 0;
            memcpy(st->f + w->n, st->f + prev, plen);
            mark_bits(st->map, w->n, plen, true);
            w->n += plen;
        }
        w->unit_at = w->n;
        put_bytes(st, cp);
        w->run++;
        return;
    }
    if (w->last != LAST_SEP)
        st->f[w->n++] = 0;
    w->unit_at = w->n;
    put_bytes(st, cp);
    w->run = 1;
    w->last = LAST_UNIT;
}

/* Writes one code point of normalised text; false if f cannot grow. */
static bool
put_cp(fold *st, uint32_t cp)
{
    fold_pos *w = &st->w;
    ndci_cpclass cls = ndci_cp_class(cp);

    /* the most a code point writes: a separator, a copy of the unit
       before, itself, and a separator after */
    if (!room(st, 8 + (w->last == LAST_UNIT ? w->n - w->unit_at : 0)))
        return false;
    switch (cls) {
    case NDCI_SEP:
        st->f[w->n++] = 0;
        w->last = LAST_SEP;
        w->join = false;
        break;
    case NDCI_WORD:
        if (w->last == LAST_UNIT)
            st->f[w->n++] = 0;
        put_bytes(st, cp);
        w->last = LAST_WORD;
        w->join = false;
        break;
    case NDCI_SOLO:
        put_unit(st, cp);
        break;
    default:                /* a mark: after a separator, a word starts */
        if (w->last == LAST_SEP)
            w->last = LAST_WORD;
        put_bytes(st, cp);
        w->join = cls == NDCI_JOINER && w->last == LAST_UNIT;
        break;
    }
    return true;
}

/*
 * Writes the NFKC_Casefold form of the n bytes of valid UTF-8 at p, piece
 * by piece (ndci_nfkc_piece()); with advance, p is the text at st->i,
 * which moves past each piece.
 */
static bool
put_normalised(fold *st, const char *p, size_t n, bool advance)
{
    while (n > 0) {
        size_t piece = ndci_nfkc_piece(p, n), j;
        ptrdiff_t k = ndci_nfkc(p, piece, st->cps, st->cps_cap);

        if (k < 0)
            return false;
        if ((size_t)k > st->cps_cap) {
            if (!fold_grow(st, 0, (size_t)k))
                return false;
            continue;
        }
        /* st->cps moves if f grows */
        for (j = 0; j < (size_t)k; j++)
            if (!put_cp(st, (uint32_t)st->cps[j]))
                return false;
        p += piece;
        n -= piece;
        if (advance)
            st->i += piece;
    }
    return true;
}

/* Markup of k bytes at st->i: a tag (a separator) or a reference. */
static bool
put_markup(fold *st, size_t k, bool is_ref, uint32_t cp)
{
    char u[4];

    st->ascii_end = SIZE_MAX;
    if (is_ref) {
        if (!put_normalised(st, u, ndci_utf8_put(cp, u), false))
            return false;
    } else {
        if (!room(st, 2))
            return false;
        st->f[st->w.n++] = 0;
        st->w.last = LAST_SEP;
        st->w.join = false;
    }
    st->i += k;
    return true;
}

/* One ASCII byte, or the markup it starts. */
static bool
step_ascii(fold *st)
{
    unsigned char c = st->s[st->i], fc = ascii_fold(c);
    fold_pos *w = &st->w;
    uint32_t cp = 0;
    size_t k = 0;

    if (c == st->lt)
        k = ndci_markup_tag((const char *)st->s, st->len, st->i, &st->memo);
    else if (c == st->amp)
        k = ndci_markup_ref((const char *)st->s, st->len, st->i, &cp);
    if (k != 0)
        return put_markup(st, k, c == st->amp, cp);
    if (!room(st, 2))
        return false;
    st->pre = *w;
    st->ascii_chunk = false;
    if (fc != 0) {
        if (w->last == LAST_UNIT)
            st->f[w->n++] = 0;
        st->f[w->n] = fc;
        set_bits(st->map, w->n++, 1);
        w->last = LAST_WORD;
    } else {
        st->f[w->n++] = 0;
        w->last = LAST_SEP;
    }
    w->join = false;
    st->ascii_end = ++st->i;
    return true;
}

/*
 * A stretch of non-ASCII bytes: its valid UTF-8 is normalised with the
 * ASCII byte just before it, if that was written as itself (it may
 * compose with a mark: e + U+0301 is é), which is taken back first; an
 * invalid byte is a separator.
 */
static bool
step_run(fold *st)
{
    const unsigned char *s = st->s;
    size_t i = st->i, j = i, end, n;

    while (j < st->len && s[j] >= 0x80)
        j++;
    end = i + ndci_utf8_check((const char *)s + i, j - i);
    if (end == i) {
        st->ascii_end = SIZE_MAX;
        if (!room(st, 2))
            return false;
        st->f[st->w.n++] = 0;
        st->w.last = LAST_SEP;
        st->w.join = false;
        st->i++;
        return true;
    }
    if (st->ascii_end == i) {
        n = st->w.n;
        if (st->ascii_chunk) {
            /* the byte before the chunk's last is a letter or digit of a
               word, or a separator (which may follow a unit: then the
               run of units has ended all the same) */
            st->pre.n = n - 1;
            st->pre.last = n >= 2 && st->f[n - 2] != 0 ? LAST_WORD :
                LAST_SEP;
            st->pre.join = false;
        }
        mark_bits(st->map, st->pre.n, n - st->pre.n, false);
        st->w = st->pre;
        st->i = --i;
    }
    st->ascii_end = SIZE_MAX;
    return put_normalised(st, (const char *)s + i, end - i, true);
}

/* Whether a byte of x (all bytes < 0x80) is c, or never if c is 0x80. */
static bool
has_byte(uint64_t x, uint64_t c8)
{
    uint64_t y = x ^ c8;

    return ((y - ONES) & ~y & HIGHS) != 0;
}

/*
 * The fast path: ASCII without markup, sixteen or eight bytes at a time
 * (a SWAR test marks letters and digits; the last bytes of the text in
 * one go too), one to one, for as long as it lasts.
 */
static void
chunks(fold *st)
{
    const unsigned char *s = st->s;
    unsigned char *f = st->f;
    uint64_t *map = st->map;
    size_t i = st->i, n = st->w.n, len = st->len;
    uint64_t lt8 = ONES * st->lt, amp8 = ONES * st->amp;
    bool unit = st->w.last == LAST_UNIT;
#ifdef __SSE2__
    const __m128i lt = _mm_set1_epi8((char)st->lt);
    const __m128i amp = _mm_set1_epi8((char)st->amp);
#endif

    for (;;) {
        uint64_t x, lower, mask;
        size_t k;

#ifdef __SSE2__
        /* The same test as the SWAR one below, sixteen bytes at once. */
        if (len - i >= 16) {
            __m128i v = _mm_loadu_si128((const __m128i *)(const void *)
                (s + i));
            __m128i odd = _mm_or_si128(v, _mm_or_si128(
                _mm_cmpeq_epi8(v, lt), _mm_cmpeq_epi8(v, amp)));

            if (_mm_movemask_epi8(odd) == 0) {
                __m128i lo = _mm_or_si128(v, _mm_set1_epi8(0x20));
                __m128i letter = _mm_and_si128(
                    _mm_cmpgt_epi8(lo, _mm_set1_epi8('a' - 1)),
                    _mm_cmplt_epi8(lo, _mm_set1_epi8('z' + 1)));
                __m128i digit = _mm_and_si128(
                    _mm_cmpgt_epi8(v, _mm_set1_epi8('0' - 1)),
                    _mm_cmplt_epi8(v, _mm_set1_epi8('9' + 1)));
                __m128i word = _mm_or_si128(letter, digit);

                f[n] = 0;       /* a unit before ends there */
                n += unit;
                unit = false;
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
            k = 8;
        } else if (len > i) {
            /* the last bytes, padded with NULs: separators, not words */
            x = 0;
            memcpy(&x, s + i, len - i);
            k = len - i;
        } else {
            break;
        }
        if ((x & HIGHS) != 0 || has_byte(x, lt8) || has_byte(x, amp8))
            break;
        f[n] = 0;
        n += unit;
        unit = false;
        lower = x | ONES * 0x20;
        mask = bytes_in(lower, 'a', 'z') | bytes_in(x, '0', '9');
        lower &= (mask >> 7) * 0xFF;
        memcpy(f + n, &lower, 8);
        set_bits(map, n, ((mask >> 7) * 0x0102040810204080ULL) >> 56);
        n += k;
        i += k;
    }
    if (i != st->i) {
        st->i = i;
        st->w.n = n;
        st->w.last = f[n - 1] != 0 ? LAST_WORD : LAST_SEP;
        st->w.join = false;
        st->ascii_end = i;
        st->ascii_chunk = true;
    }
}

/* The first pass over the whole text; false if f cannot grow. */
static bool
fold_text(fold *st)
{
    while (st->i < st->len) {
        if (!room(st, 1))
            return false;
        chunks(st);
        if (st->i >= st->len)
            break;
        if (!(st->s[st->i] < 0x80 ? step_ascii(st) : step_run(st)))
            return false;
    }
    return true;
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
ndci_text_hashes(const char *txt, size_t len, uint64_t seed,
    unsigned flags, ndci_buf *scratch, ndci_u64s *words)
{
    fold st;
    size_t f_cap, n;

    if (len > (SIZE_MAX - 4096) / 4)
        return false;
    memset(&st, 0, sizeof(st));
    st.s = (const unsigned char *)txt;
    st.len = len;
    st.flags = flags;
    st.lt = (flags & NDCI_TEXT_KEEP_MARKUP) ? 0x80 : '<';
    st.amp = (flags & NDCI_TEXT_KEEP_MARKUP) ? 0x80 : '&';
    st.buf = scratch;
    st.ascii_end = SIZE_MAX;
    /* a solo letter takes a separator; a bigger need grows f.  A piece
       of normalisation is a few hundred bytes (ndci_nfkc_piece()). */
    f_cap = (2 * len + SLACK + 63) & ~(size_t)63;
    if (!fold_layout(&st, f_cap, CPS_START))
        return false;
    memset(st.map, 0, st.map_words * 8);
    if (!fold_text(&st))
        return false;
    n = st.w.n;
    memset(st.f + n, 0, 8);
    /* words are separated: at most one a two bytes */
    if (!ndci_u64s_reserve(words, words->len + n / 2 + 2))
        return false;
    words->len = (size_t)(emit_runs(st.f, st.map, n, seed,
        words->v + words->len) - words->v);
    return true;
}

bool
ndci_word_hashes(const char *txt, size_t len, uint64_t seed,
    ndci_buf *scratch, ndci_u64s *words)
{
    return ndci_text_hashes(txt, len, seed, 0, scratch, words);
}
