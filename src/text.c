/*
 * text.c - what a text's words are, said plainly: ndci_normalize(), the
 * reference that the fast path of normalize.c is tested against, and the
 * fingerprint of a whole text, for one without words.
 *
 * A text is read as HTML would show it: tags and comments separate
 * words, character references stand for their character (unless the
 * caller keeps markup as text).  Each stretch between two such items is
 * put in NFKC_Casefold form (so that NFC and NFD, full- and half-width
 * forms, ß and ss read alike); a reference is normalised by itself.
 * Then letters, digits and marks make words, and everything else
 * separates them, but for scripts written without spaces, whose letters
 * (each with its marks) are units of their own.
 */
#include <string.h>

#define XXH_INLINE_ALL
#include <xxhash.h>

#include "internal.h"

/* Salts the fingerprint of a whole text (ndci_text_whole()). */
#define WHOLE_SALT 0x57484F4C45ULL          /* "WHOLE" */

/* Receives the code points of a text, one by one. */
typedef bool (*cp_fn)(void *arg, uint32_t cp);

/* Calls fn with each code point of the NFKC_Casefold form of the n
   bytes of valid UTF-8 at p; cps is scratch. */
static bool
each_normal(const char *p, size_t n, ndci_buf *cps, cp_fn fn, void *arg)
{
    while (n > 0) {
        size_t piece = ndci_nfkc_piece(p, n), cap = cps->cap / 4, j;
        ptrdiff_t k = ndci_nfkc(p, piece, (int32_t *)(void *)cps->data,
            cap);

        if (k < 0)
            return false;
        if ((size_t)k > cap) {
            cps->len = 0;
            if ((size_t)k > SIZE_MAX / 4 ||
                !ndci_buf_reserve(cps, (size_t)k * 4))
                return false;
            continue;
        }
        for (j = 0; j < (size_t)k; j++)
            if (!fn(arg, (uint32_t)((int32_t *)(void *)cps->data)[j]))
                return false;
        p += piece;
        n -= piece;
    }
    return true;
}

/*
 * Calls fn with each code point of txt as the normaliser reads it: the
 * NFKC_Casefold form of each stretch between markup items and invalid
 * bytes, U+0020 for each tag, comment or invalid byte, and the form of
 * each reference's character.
 */
static bool
each_cp(const char *txt, size_t len, unsigned flags, ndci_buf *cps,
    cp_fn fn, void *arg)
{
    bool markup = (flags & NDCI_TEXT_KEEP_MARKUP) == 0;
    ndci_markup memo = {0, 0, false};
    size_t i = 0, from = 0;

    while (i < len) {
        unsigned char c = (unsigned char)txt[i];
        uint32_t cp = ' ';
        size_t k = 0, j = i;
        char u[4];

        if (markup && c == '<')
            k = ndci_markup_tag(txt, len, i, &memo);
        else if (markup && c == '&')
            k = ndci_markup_ref(txt, len, i, &cp);
        else if (c >= 0x80) {
            (void)ndci_utf8_next(txt, len, &j);
            k = j - i == 1;     /* an invalid byte */
        }
        if (k == 0) {
            i = j > i ? j : i + 1;
            continue;
        }
        if (!each_normal(txt + from, i - from, cps, fn, arg))
            return false;
        if (cp == ' ' ? !fn(arg, ' ') :
            !each_normal(u, ndci_utf8_put(cp, u), cps, fn, arg))
            return false;
        i += k;
        from = i;
    }
    return each_normal(txt + from, len - from, cps, fn, arg);
}

/* ---- words ---- */

/* What was read last, as normalize.c's writer has it. */
enum { LAST_SEP, LAST_WORD, LAST_UNIT };

/* The words of a text being built (ndci_normalize()). */
typedef struct wordbuf {
    unsigned flags;
    ndci_buf *out;          /* words so far, joined by spaces */
    ndci_buf cur;           /* the word or unit being read */
    ndci_buf prev;          /* pairs: the unit before it in its run */
    size_t run;             /* units of the run finished so far */
    int last;
    bool join;
    bool ok;
} wordbuf;

/* Puts out the word of a and b (either may be empty). */
static void
emit(wordbuf *w, const char *a, size_t an, const char *b, size_t bn)
{
    if (w->out->len > 0)
        w->ok = w->ok && ndci_buf_append(w->out, " ", 1);
    w->ok = w->ok && ndci_buf_append(w->out, a, an) &&
        ndci_buf_append(w->out, b, bn);
}

/* The unit in cur is whole: units go out as they are; pairs hold the
   first of a run, and put out each unit with the one before it. */
static void
unit_done(wordbuf *w)
{
    if (!(w->flags & NDCI_TEXT_PAIRS))
        emit(w, w->cur.data, w->cur.len, "", 0);
    else if (w->run > 0)
        emit(w, w->prev.data, w->prev.len, w->cur.data, w->cur.len);
    w->run++;
    w->prev.len = 0;
    w->ok = w->ok && ndci_buf_append(&w->prev, w->cur.data, w->cur.len);
    w->cur.len = 0;
}

/* Ends the word or run of units being read. */
static void
item_done(wordbuf *w)
{
    if (w->last == LAST_WORD)
        emit(w, w->cur.data, w->cur.len, "", 0);
    if (w->last == LAST_UNIT) {
        unit_done(w);
        if ((w->flags & NDCI_TEXT_PAIRS) && w->run == 1)
            emit(w, w->prev.data, w->prev.len, "", 0);
    }
    w->cur.len = 0;
    w->run = 0;
    w->join = false;
}

/* Adds cp to the word or unit being read. */
static void
append(wordbuf *w, uint32_t cp)
{
    char u[4];

    w->ok = w->ok && ndci_buf_append(&w->cur, u, ndci_utf8_put(cp, u));
}

/* Takes one code point of normalised text. */
static bool
word_cp(void *arg, uint32_t cp)
{
    wordbuf *w = arg;
    ndci_cpclass cls = ndci_cp_class(cp);

    if (cls == NDCI_SEP) {
        item_done(w);
        w->last = LAST_SEP;
    } else if (cls == NDCI_WORD) {
        if (w->last == LAST_UNIT)
            item_done(w);
        append(w, cp);
        w->last = LAST_WORD;
    } else if (cls == NDCI_SOLO) {
        if (w->last == LAST_UNIT && w->join)
            w->join = false;
        else if (w->last == LAST_UNIT)
            unit_done(w);
        else
            item_done(w);
        append(w, cp);
        w->last = LAST_UNIT;
    } else {
        if (w->last == LAST_SEP)
            w->last = LAST_WORD;
        append(w, cp);
        w->join = cls == NDCI_JOINER && w->last == LAST_UNIT;
    }
    return w->ok;
}

bool
ndci_normalize(const char *txt, size_t len, unsigned flags, ndci_buf *out)
{
    wordbuf w = {flags, out, {0}, {0}, 0, LAST_SEP, false, true};
    ndci_buf cps = {0};
    bool ok;

    out->len = 0;
    ok = each_cp(txt, len, flags, &cps, word_cp, &w);
    if (ok)
        item_done(&w);
    ok = ok && w.ok;
    ndci_buf_free(&cps);
    ndci_buf_free(&w.cur);
    ndci_buf_free(&w.prev);
    return ok;
}

/* ---- texts without words ---- */

/* The bytes of a text's content being hashed, a block at a time. */
typedef struct digest {
    XXH3_state_t state;
    char block[256];
    size_t n;               /* bytes in block */
    uint64_t total;
} digest;

/* Hashes cp unless it is white space or a control, which may come and
   go around the content without changing it, or U+FFFD, which stands
   for what was not text (as invalid UTF-8, a separator, does). */
static bool
digest_cp(void *arg, uint32_t cp)
{
    digest *d = arg;

    if (cp <= 0x20 || (cp >= 0x7F && cp <= 0xA0) || cp == 0x1680 ||
        (cp >= 0x2000 && cp <= 0x200A) || cp == 0x2028 || cp == 0x2029 ||
        cp == 0x202F || cp == 0x205F || cp == 0x3000 || cp == 0xFFFD)
        return true;
    if (d->n + 4 > sizeof(d->block)) {
        (void)XXH3_64bits_update(&d->state, d->block, d->n);
        d->n = 0;
    }
    d->n += ndci_utf8_put(cp, d->block + d->n);
    d->total++;
    return true;
}

bool
ndci_text_whole(const ndc_field *f, size_t n, uint64_t seed,
    unsigned flags, ndci_buf *scratch, ndci_u64s *words, uint64_t *fp)
{
    digest d;
    size_t k;

    *fp = 0;
    words->len = 0;
    for (k = 0; k < n; k++)
        if (!ndci_text_hashes(f[k].text, f[k].len, seed, flags, scratch,
            words))
            return false;
    if (words->len > 0) {
        *fp = XXH3_64bits_withSeed(words->v, words->len * sizeof(uint64_t),
            seed ^ WHOLE_SALT) | (uint64_t)1 << 63;
        return true;
    }
    memset(&d, 0, sizeof(d));
    (void)XXH3_64bits_reset_withSeed(&d.state, seed ^ WHOLE_SALT);
    scratch->len = 0;
    for (k = 0; k < n; k++)
        if (f[k].len > 0 && !each_cp(f[k].text, f[k].len, flags, scratch,
            digest_cp, &d))
            return false;
    if (d.total == 0)
        return true;
    (void)XXH3_64bits_update(&d.state, d.block, d.n);
    *fp = XXH3_64bits_digest(&d.state) | (uint64_t)1 << 63;
    return true;
}
