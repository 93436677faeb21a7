/*
 * template_mask.c - a log line as template mode reads it: tokens cut at
 * white space, each token that carries a value masked as <*>.
 *
 * What varies on its own is recognised by shape alone, with no rule of
 * any one system: a token with a digit (numbers, times, dates, IPv4 and
 * IPv6 addresses with ports, UUIDs, hex ids, block ids like blk_-123),
 * with a slash (paths, URLs), an e-mail address, a run of eight or more
 * hex letters.  key=value keeps its key (key=<*>) whatever the value,
 * and so does key:value when the value has a digit; units after a
 * number (KB, ms, %) fold into its <*>, and so do runs of <*>, so that
 * "5.2 KB" and "93.0 B" read alike and a value of several tokens is one
 * wildcard.  Measured on the labelled logs: whole tokens masked group
 * better than masks of the digits within a token (blk_<*>), because a
 * token's other characters vary with its value.
 */
#include <string.h>

#define XXH_INLINE_ALL
#include <xxhash.h>

#include "template.h"

/* The longest of units[] and date_words[]. */
#define WORD_MAX 4u

/* Units that follow a number, compared after brackets and commas are
   stripped; case matters (m is not M). */
static const char units[][WORD_MAX + 1] = {
    "B", "KB", "kB", "MB", "GB", "TB", "PB", "KiB", "MiB", "GiB", "TiB",
    "b", "kb", "Kb", "Mb", "Gb", "k", "K", "M", "G",
    "ns", "us", "ms", "s", "sec", "secs", "min", "mins", "h",
    "%", "Hz", "kHz", "MHz", "GHz",
    /* time zones after a time */
    "UTC", "GMT", "Z", "CET", "CEST", "EST", "EDT", "CST", "CDT", "MST",
    "MDT", "PST", "PDT",
};

/* Names that are part of a date when a value follows or precedes them:
   "Thu Aug 04 15:29:45", "Dec 10 sshd". */
static const char date_words[][WORD_MAX + 1] = {
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct",
    "Nov", "Dec", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun",
};

static bool
is_space(unsigned char c)
{
    return c == ' ' || (c >= '\t' && c <= '\r');
}

static bool
is_digit(unsigned char c)
{
    return c >= '0' && c <= '9';
}

static bool
is_hex(unsigned char c)
{
    return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

static bool
is_alpha(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* A token that carries a value whatever its key: a digit, a slash, an
   e-mail address, or eight hex letters and nothing else. */
static bool
is_value(const unsigned char *t, size_t n)
{
    size_t i, at = n;
    bool hex = n >= 8;

    for (i = 0; i < n; i++) {
        if (is_digit(t[i]) || t[i] == '/')
            return true;
        if (t[i] == '@' && at == n && i > 0)
            at = i;
        else if (t[i] == '.' && at < n && i > at + 1 && i + 1 < n)
            return true;
        hex = hex && is_hex(t[i]);
    }
    return hex;
}

/* The length of the key of key=value, or 0 if t is not one: a key of
   no digit and no slash before the first '=', and a value after it. */
static size_t
kv_key(const unsigned char *t, size_t n)
{
    size_t i;

    for (i = 0; i < n; i++) {
        if (t[i] == '=')
            return i > 0 && i + 1 < n ? i + 1 : 0;
        if (is_digit(t[i]) || t[i] == '/')
            return 0;
    }
    return 0;
}

/* The length of the key of key:value, with the ':', or 0: a key of
   letters, '_', '-' and '.', and a value that is not a path. */
static size_t
colon_key(const unsigned char *t, size_t n)
{
    size_t i;

    for (i = 0; i < n; i++) {
        if (t[i] == ':')
            return i > 0 && i + 1 < n && t[i + 1] != '/' ? i + 1 : 0;
        if (!is_alpha(t[i]) && t[i] != '_' && t[i] != '-' && t[i] != '.')
            return 0;
    }
    return 0;
}

/* Whether t[0..n), brackets and commas aside, is one of words[]. */
static bool
is_word_of(const char (*words)[WORD_MAX + 1], size_t n_words,
    const unsigned char *t, size_t n)
{
    size_t i;

    while (n > 0 && (*t == '(' || *t == '['))
        t++, n--;
    while (n > 0 && strchr(")],;:.", t[n - 1]) != NULL)
        n--;
    if (n == 0 || n > WORD_MAX)
        return false;
    for (i = 0; i < n_words; i++)
        if ((unsigned char)words[i][0] == t[0] &&
            memcmp(words[i], t, n) == 0 && words[i][n] == '\0')
            return true;
    return false;
}

static bool
is_unit(const unsigned char *t, size_t n)
{
    return is_word_of(units, sizeof(units) / sizeof(units[0]), t, n) ||
        is_word_of(date_words, sizeof(date_words) / sizeof(date_words[0]),
        t, n);
}

/* Whether the last token of l is a date word (its text, not <*>). */
static bool
last_is_date_word(const tpl_line *l)
{
    uint32_t k = l->n - 1;

    return l->n > 0 && l->h[k] != TPL_ANY && is_word_of(date_words,
        sizeof(date_words) / sizeof(date_words[0]),
        (const unsigned char *)l->text.data + l->off[k],
        l->off[k + 1] - 1 - l->off[k]);
}

/* Takes the last token off l. */
static void
pop(tpl_line *l)
{
    l->n--;
    l->n_const -= l->h[l->n] != TPL_ANY;
    l->text.len = l->off[l->n] > 0 ? l->off[l->n] - 1 : 0;
    l->off[l->n] = (uint32_t)l->text.len + 1;
}

/* Appends a token of text t[0..n) (and <*> after it if any) to *l, in
   the room ndci_tpl_mask() reserved for every token and its <*>. */
static void
push(tpl_line *l, const void *t, size_t n, bool any, uint64_t seed)
{
    size_t at;

    if (l->n > 0)
        l->text.data[l->text.len++] = ' ';
    at = l->text.len;
    l->off[l->n] = (uint32_t)at;
    memcpy(l->text.data + at, t, n);
    l->text.len += n;
    if (any) {
        memcpy(l->text.data + l->text.len, "<*>", 3);
        l->text.len += 3;
    }
    if (any && n == 0) {
        l->h[l->n] = TPL_ANY;
    } else {
        uint64_t h = XXH3_64bits_withSeed(l->text.data + at,
            l->text.len - at, seed);

        l->h[l->n] = h == TPL_ANY ? 1 : h;
        l->n_const++;
    }
    l->n++;
    l->off[l->n] = (uint32_t)l->text.len + 1;
}

/* Appends <*> to l, taking into it the date words before it and
   folding it into a <*> before them. */
static void
push_any(tpl_line *l, uint64_t seed)
{
    while (last_is_date_word(l))
        pop(l);
    if (l->n == 0 || l->h[l->n - 1] != TPL_ANY)
        push(l, "", 0, true, seed);
}

/* Masks one token t[0..n) onto *l. */
static void
mask_token(tpl_line *l, const unsigned char *t, size_t n, uint64_t seed)
{
    bool any_before = l->n > 0 && l->h[l->n - 1] == TPL_ANY;
    size_t k;

    if (l->n >= TPL_LINE - 1) {     /* the rest of a long line */
        if (l->n == TPL_LINE - 1 && !any_before)
            push(l, "", 0, true, seed);
    } else if ((k = kv_key(t, n)) > 0) {
        push(l, t, k, true, seed);
    } else if (!is_value(t, n)) {
        if (!any_before || !is_unit(t, n))
            push(l, t, n, false, seed);
    } else if ((k = colon_key(t, n)) > 0) {
        push(l, t, k, true, seed);
    } else {
        push_any(l, seed);
    }
}

bool
ndci_tpl_mask(const ndc_field *f, size_t n, uint64_t seed, tpl_line *out)
{
    size_t i, room = 0;

    out->n = out->n_const = 0;
    out->off[0] = 1;     /* off[n] - 1 is the length of the text */
    out->text.len = 0;
    /* each token written (TPL_LINE at most) takes its bytes or fewer,
       a space and a <*> */
    for (i = 0; i < n; i++)
        room += f[i].len;
    if (room > SIZE_MAX - 4 * TPL_LINE ||
        !ndci_buf_reserve(&out->text, room + 4 * TPL_LINE))
        return false;
    for (i = 0; i < n; i++) {
        const unsigned char *s = (const unsigned char *)f[i].text;
        size_t j = 0, len = f[i].len;

        while (j < len) {
            size_t start;

            while (j < len && is_space(s[j]))
                j++;
            start = j;
            while (j < len && !is_space(s[j]))
                j++;
            if (j > start)
                mask_token(out, s + start, j - start, seed);
        }
    }
    out->form = XXH3_64bits_withSeed(out->h, out->n * sizeof(uint64_t),
        seed ^ out->n) | 1;
    return true;
}
