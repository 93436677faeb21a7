/*
 * json.c - yajl glue for the CLI (see json.h).
 *
 * Field paths are followed during one pass of yajl's event parser: each
 * open container carries the set of paths (a bit mask) whose components
 * so far equal the keys that lead to it.  Keys and strings arrive
 * unescaped, so "te\u0078t" is the key text.  A duplicate key takes the
 * last value, as in jq.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <yajl/yajl_parse.h>

#include "json.h"

typedef struct path {
    char **comp;        /* components, NUL-terminated copies */
    size_t *comp_len;
    size_t n;
} path;

/*
 * yajl allocates a handle, a lexer and buffers for every line.  They are
 * served from an arena emptied after each line, so that a steady stream
 * makes no call to malloc.  A block that grew past ARENA_KEEP for a huge
 * line is given back at the end of that line.
 */
#define ARENA_FIRST (64u * 1024)
#define ARENA_KEEP (1024u * 1024)
#define ARENA_ALIGN 16u

typedef struct arena_block {
    struct arena_block *prev;   /* blocks outgrown during this line */
    size_t cap, used;
    /* the bytes follow, ARENA_ALIGN-aligned */
} arena_block;

typedef struct arena {
    arena_block *b;
    void *last;                 /* the newest allocation, for realloc */
    bool failed;
} arena;

/* One open container: the paths still matching, and its kind. */
typedef struct level {
    uint64_t mask;
    bool is_map;
} level;

struct ndj_parser {
    path paths[NDJ_MAX_FIELDS + 1]; /* the fields, then the id */
    size_t n_fields;
    bool has_id;
    char **keys;
    size_t *key_len;
    size_t n_keys;
    /* per-line state */
    level *stack;
    size_t depth, stack_cap;
    uint64_t key_mask;      /* paths whose last key matched, pending */
    bool top_seen;          /* the top-level value has started */
    bool top_is_map;
    bool has_key;           /* a top-level member to replace exists */
    size_t n_members;       /* top-level members */
    yajl_handle h;          /* the handle parsing the line */
    arena mem;              /* yajl's memory for the line */
    size_t top_end;         /* bytes up to the end of the top value */
    bool oom;
    ndci_buf val[NDJ_MAX_FIELDS + 1];
    bool is_str[NDJ_MAX_FIELDS + 1];
    bool present[NDJ_MAX_FIELDS + 1];
    ndci_buf text;
    ndci_buf key;           /* scratch for unescaping keys in annotate */
};

static bool
split_path(path *p, const char *s)
{
    size_t n = 1, i;
    const char *c;

    for (c = s; *c != '\0'; c++)
        n += *c == '.';
    p->comp = calloc(n, sizeof(char *));
    p->comp_len = calloc(n, sizeof(size_t));
    if (p->comp == NULL || p->comp_len == NULL)
        return false;
    p->n = n;
    for (i = 0; i < n; i++) {
        const char *end = strchr(s, '.');
        size_t len = end ? (size_t)(end - s) : strlen(s);

        p->comp[i] = malloc(len + 1);
        if (p->comp[i] == NULL)
            return false;
        memcpy(p->comp[i], s, len);
        p->comp[i][len] = '\0';
        p->comp_len[i] = len;
        s += len + 1;
    }
    return true;
}

static void
free_path(path *p)
{
    size_t i;

    if (p->comp != NULL)
        for (i = 0; i < p->n; i++)
            free(p->comp[i]);
    free(p->comp);
    free(p->comp_len);
}

bool
ndj_path_ok(const char *s)
{
    size_t len = strlen(s);

    if (len == 0 || s[0] == '.' || s[len - 1] == '.')
        return false;
    return strstr(s, "..") == NULL;
}

#define BLOCK_HEAD ((sizeof(arena_block) + ARENA_ALIGN - 1) & \
    ~(size_t)(ARENA_ALIGN - 1))
#define ALLOC_HEAD ARENA_ALIGN  /* before each allocation: its size */

static unsigned char *
block_bytes(arena_block *b)
{
    return (unsigned char *)b + BLOCK_HEAD;
}

static void *
arena_malloc(void *ctx, size_t n)
{
    arena *a = ctx;
    arena_block *b = a->b;
    size_t need;
    unsigned char *q;

    if (n > SIZE_MAX / 4)
        return NULL;
    need = ALLOC_HEAD + ((n + ARENA_ALIGN - 1) & ~(size_t)(ARENA_ALIGN - 1));
    if (b == NULL || b->cap - b->used < need) {
        size_t cap = b != NULL ? b->cap * 2 : ARENA_FIRST;
        arena_block *nb;

        while (cap < need)
            cap *= 2;
        nb = malloc(BLOCK_HEAD + cap);
        if (nb == NULL) {
            a->failed = true;
            return NULL;
        }
        nb->prev = b;
        nb->cap = cap;
        nb->used = 0;
        a->b = b = nb;
    }
    q = block_bytes(b) + b->used;
    memcpy(q, &n, sizeof(n));
    b->used += need;
    a->last = q + ALLOC_HEAD;
    return a->last;
}

static void *
arena_realloc(void *ctx, void *old, size_t n)
{
    arena *a = ctx;
    size_t had;
    void *q;

    if (old == NULL)
        return arena_malloc(ctx, n);
    memcpy(&had, (unsigned char *)old - ALLOC_HEAD, sizeof(had));
    /* the newest allocation grows in place when its block has room */
    if (old == a->last && n <= SIZE_MAX / 4) {
        arena_block *b = a->b;
        size_t at = (size_t)((unsigned char *)old - block_bytes(b));
        size_t end = at + ((n + ARENA_ALIGN - 1) &
            ~(size_t)(ARENA_ALIGN - 1));

        if (end <= b->cap) {
            b->used = end;
            memcpy((unsigned char *)old - ALLOC_HEAD, &n, sizeof(n));
            return old;
        }
    }
    q = arena_malloc(ctx, n);
    if (q != NULL)
        memcpy(q, old, had < n ? had : n);
    return q;
}

static void
arena_free(void *ctx, void *q)
{
    (void)ctx, (void)q;     /* all of it goes at the end of the line */
}

/* Empties the arena: blocks outgrown during the line are freed, and the
   newest too if it is larger than ARENA_KEEP. */
static void
arena_reset(arena *a)
{
    arena_block *b = a->b;

    if (b == NULL)
        return;
    while (b->prev != NULL) {
        arena_block *prev = b->prev->prev;

        free(b->prev);
        b->prev = prev;
    }
    b->used = 0;
    a->last = NULL;
    if (b->cap > ARENA_KEEP) {
        free(b);
        a->b = NULL;
    }
}

void
ndj_free(ndj_parser *p)
{
    size_t i;

    if (p == NULL)
        return;
    for (i = 0; i <= NDJ_MAX_FIELDS; i++) {
        free_path(&p->paths[i]);
        ndci_buf_free(&p->val[i]);
    }
    for (i = 0; i < p->n_keys; i++)
        free(p->keys[i]);
    free(p->keys);
    free(p->key_len);
    free(p->stack);
    ndci_buf_free(&p->text);
    ndci_buf_free(&p->key);
    arena_reset(&p->mem);
    free(p->mem.b);
    free(p);
}

ndj_parser *
ndj_new(const char *const *fields, size_t n_fields, const char *id_path,
    const char *const *keys, size_t n_keys)
{
    ndj_parser *p;
    size_t i;

    if (n_fields > NDJ_MAX_FIELDS)
        return NULL;
    p = calloc(1, sizeof(*p));
    if (p == NULL)
        return NULL;
    p->n_fields = n_fields;
    for (i = 0; i < n_fields; i++)
        if (!split_path(&p->paths[i], fields[i]))
            goto fail;
    if (id_path != NULL) {
        p->has_id = true;
        if (!split_path(&p->paths[n_fields], id_path))
            goto fail;
    }
    p->keys = calloc(n_keys ? n_keys : 1, sizeof(char *));
    p->key_len = calloc(n_keys ? n_keys : 1, sizeof(size_t));
    if (p->keys == NULL || p->key_len == NULL)
        goto fail;
    p->n_keys = n_keys;
    for (i = 0; i < n_keys; i++) {
        p->key_len[i] = strlen(keys[i]);
        p->keys[i] = malloc(p->key_len[i] + 1);
        if (p->keys[i] == NULL)
            goto fail;
        memcpy(p->keys[i], keys[i], p->key_len[i] + 1);
    }
    return p;
fail:
    ndj_free(p);
    return NULL;
}

static size_t
n_paths(const ndj_parser *p)
{
    return p->n_fields + (p->has_id ? 1 : 0);
}

static bool
is_out_key(const ndj_parser *p, const char *k, size_t len)
{
    size_t i;

    for (i = 0; i < p->n_keys; i++)
        if (p->key_len[i] == len && memcmp(p->keys[i], k, len) == 0)
            return true;
    return false;
}

/* ---- yajl callbacks ---- */

/*
 * Called before each value: takes the pending key mask (empty inside
 * arrays) and records the value for the paths that end here.  Returns
 * the mask of the paths that go on below this value.
 */
static uint64_t
on_value(ndj_parser *p, const unsigned char *s, size_t len, bool is_str,
    bool is_num)
{
    uint64_t mask = 0, below = 0;
    size_t i;

    if (p->depth == 0) {
        p->top_seen = true;
        return 0;
    }
    if (p->stack[p->depth - 1].is_map)
        mask = p->key_mask;
    p->key_mask = 0;
    for (i = 0; mask != 0 && i < n_paths(p); i++) {
        ndci_buf *v = &p->val[i];

        if (!(mask & (1ULL << i)))
            continue;
        if (p->paths[i].n > p->depth) {
            below |= 1ULL << i;
            continue;
        }
        p->present[i] = true;
        p->is_str[i] = is_str;
        v->len = 0;
        if (i == p->n_fields) {             /* the id: keep as JSON */
            if (is_str)
                p->oom |= !ndj_quote(v, (const char *)s, len);
            else if (is_num)
                p->oom |= !ndci_buf_append(v, s, len);
            else
                p->present[i] = false;
        } else if (is_str || is_num) {
            p->oom |= !ndci_buf_append(v, s, len);
        }
    }
    return below;
}

static int
cb_null(void *ctx)
{
    on_value(ctx, NULL, 0, false, false);
    return 1;
}

static int
cb_bool(void *ctx, int b)
{
    (void)b;
    on_value(ctx, NULL, 0, false, false);
    return 1;
}

static int
cb_number(void *ctx, const char *s, size_t len)
{
    on_value(ctx, (const unsigned char *)s, len, false, true);
    return 1;
}

static int
cb_string(void *ctx, const unsigned char *s, size_t len)
{
    ndj_parser *p = ctx;

    on_value(p, s, len, true, false);
    return !p->oom;
}

static int
push(ndj_parser *p, uint64_t mask, bool is_map)
{
    if (p->depth == p->stack_cap) {
        size_t cap = p->stack_cap ? p->stack_cap * 2 : 64;
        level *s = realloc(p->stack, cap * sizeof(level));

        if (s == NULL) {
            p->oom = true;
            return 0;
        }
        p->stack = s;
        p->stack_cap = cap;
    }
    p->stack[p->depth].mask = mask;
    p->stack[p->depth].is_map = is_map;
    p->depth++;
    return 1;
}

static int
cb_start_map(void *ctx)
{
    ndj_parser *p = ctx;
    uint64_t below;

    if (p->depth == 0) {
        p->top_is_map = true;
        below = n_paths(p) >= 64 ? UINT64_MAX :
            (1ULL << n_paths(p)) - 1;
    } else {
        below = on_value(p, NULL, 0, false, false);
    }
    p->top_seen = true;
    return push(p, below, true);
}

static int
cb_start_array(void *ctx)
{
    ndj_parser *p = ctx;

    if (p->depth > 0)
        on_value(p, NULL, 0, false, false);
    p->top_seen = true;
    return push(p, 0, false);
}

/*
 * The end of a container.  At the top it records where the value ends:
 * yajl takes a string, word or number that the line leaves unfinished
 * after a complete value as more to come, so ndj_parse() looks at what
 * follows the top value itself.
 */
static int
cb_end(void *ctx)
{
    ndj_parser *p = ctx;

    p->depth--;
    if (p->depth == 0)
        p->top_end = yajl_get_bytes_consumed(p->h);
    return 1;
}

static int
cb_map_key(void *ctx, const unsigned char *k, size_t len)
{
    ndj_parser *p = ctx;
    uint64_t mask = p->stack[p->depth - 1].mask, match = 0;
    size_t i, d = p->depth - 1;

    if (p->depth == 1) {
        p->n_members++;
        if (is_out_key(p, (const char *)k, len))
            p->has_key = true;
    }
    for (i = 0; mask != 0 && i < n_paths(p); i++) {
        const path *pa = &p->paths[i];

        if ((mask & (1ULL << i)) && pa->comp_len[d] == len &&
            memcmp(pa->comp[d], k, len) == 0)
            match |= 1ULL << i;
    }
    p->key_mask = match;
    return 1;
}

static const yajl_callbacks callbacks = {
    cb_null, cb_bool, NULL, NULL, cb_number, cb_string,
    cb_start_map, cb_map_key, cb_end, cb_start_array, cb_end,
};

/* Copies yajl's message without its "parse error: " prefix. */
static void
set_yajl_error(yajl_handle h, const char *line, size_t len, ndj_error *err)
{
    unsigned char *m = yajl_get_error(h, 0, (const unsigned char *)line, len);
    const char *s = (const char *)m, *colon;
    size_t n;

    if (s == NULL) {
        snprintf(err->msg, sizeof(err->msg), "invalid JSON");
        return;
    }
    colon = strstr(s, "error: ");
    if (colon != NULL)
        s = colon + 7;
    n = strcspn(s, "\n");
    while (n > 0 && (s[n - 1] == '.' || s[n - 1] == ' '))
        n--;
    snprintf(err->msg, sizeof(err->msg), "invalid JSON: %.*s", (int)n, s);
    yajl_free_error(h, m);
}

static const char *
kind_of(const char *line, size_t len)
{
    size_t i = 0;

    while (i < len && (line[i] == ' ' || line[i] == '\t'))
        i++;
    if (i == len)
        return "nothing";
    switch (line[i]) {
    case '[':
        return "an array";
    case '"':
        return "a string";
    case 't':
    case 'f':
        return "a boolean";
    case 'n':
        return "null";
    default:
        return "a number";
    }
}

/* The offset of the first byte from at on that is not JSON white space,
   or len. */
static size_t
trailing(const char *line, size_t len, size_t at)
{
    while (at < len && (line[at] == ' ' || line[at] == '\t' ||
        line[at] == '\r' || line[at] == '\n'))
        at++;
    return at;
}

bool
ndj_parse(ndj_parser *p, const char *line, size_t len, ndj_error *err)
{
    yajl_alloc_funcs funcs = {arena_malloc, arena_realloc, arena_free,
        &p->mem};
    yajl_handle h;
    yajl_status st;
    size_t i;
    bool ok = false;

    p->depth = 0;
    p->key_mask = 0;
    p->top_seen = p->top_is_map = p->has_key = p->oom = false;
    p->n_members = 0;
    p->top_end = 0;
    for (i = 0; i <= n_paths(p) && i <= NDJ_MAX_FIELDS; i++)
        p->present[i] = p->is_str[i] = false;
    err->msg[0] = '\0';
    err->pos = 0;
    /* yajl takes a vertical tab or a form feed for white space; JSON
       does not (RFC 8259, section 2), nor do jq and the member scanner
       of ndj_annotate.  Inside a string yajl refuses them anyway, so
       any such byte makes the line invalid. */
    {
        const char *vt = memchr(line, '\v', len), *ff = memchr(line, '\f',
            len), *bad = vt == NULL || (ff != NULL && ff < vt) ? ff : vt;

        if (bad != NULL) {
            snprintf(err->msg, sizeof(err->msg), "invalid JSON: a raw %s "
                "(neither white space nor allowed unescaped in a string)",
                *bad == '\v' ? "vertical tab" : "form feed");
            err->pos = (size_t)(bad - line) + 1;
            return false;
        }
    }
    p->mem.failed = false;
    h = yajl_alloc(&callbacks, &funcs, p);
    if (h == NULL) {
        arena_reset(&p->mem);
        snprintf(err->msg, sizeof(err->msg), "out of memory");
        return false;
    }
    p->h = h;
    /* UTF-8 was checked strictly before; yajl's check would repeat it. */
    yajl_config(h, yajl_dont_validate_strings, 1);
    st = yajl_parse(h, (const unsigned char *)line, len);
    if (st == yajl_status_ok) {
        st = yajl_complete_parse(h);
    } else if (st == yajl_status_error) {
        /* Bytes consumed means something only for the chunk. */
        err->pos = yajl_get_bytes_consumed(h);
    }
    if (p->oom || p->mem.failed) {
        snprintf(err->msg, sizeof(err->msg), "out of memory");
    } else if (st != yajl_status_ok) {
        set_yajl_error(h, line, len, err);
        if (strstr(err->msg, "premature EOF") != NULL)
            snprintf(err->msg, sizeof(err->msg),
                "truncated JSON: the line ends inside a value");
        else if (strstr(err->msg, "trailing garbage") != NULL) {
            snprintf(err->msg, sizeof(err->msg),
                "more than one JSON value, or garbage after the object");
            if (p->top_end > 0)
                err->pos = trailing(line, len, p->top_end) + 1;
        }
    } else if (!p->top_is_map) {
        snprintf(err->msg, sizeof(err->msg),
            "not a JSON object: found %s", kind_of(line, len));
    } else if ((i = trailing(line, len, p->top_end)) < len) {
        snprintf(err->msg, sizeof(err->msg),
            "more than one JSON value, or garbage after the object");
        err->pos = i + 1;
    } else {
        ok = true;
    }
    yajl_free(h);
    arena_reset(&p->mem);
    return ok;
}

bool
ndj_value(ndj_parser *p, size_t i, const char **s, size_t *len,
    bool *is_str)
{
    if (i >= p->n_fields || !p->present[i] ||
        (p->is_str[i] ? false : p->val[i].len == 0))
        return false;
    *s = p->val[i].data;
    *len = p->val[i].len;
    *is_str = p->is_str[i];
    return true;
}

bool
ndj_id(ndj_parser *p, const char **json, size_t *len)
{
    if (!p->has_id || !p->present[p->n_fields])
        return false;
    *json = p->val[p->n_fields].data;
    *len = p->val[p->n_fields].len;
    return true;
}

bool
ndj_quote(ndci_buf *out, const char *s, size_t len)
{
    static const char hex[] = "0123456789abcdef";
    size_t i, run = 0;

    if (!ndci_buf_append(out, "\"", 1))
        return false;
    for (i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        char esc[6] = {'\\', 'u', '0', '0', 0, 0};
        size_t n = 2;

        if (c >= 0x20 && c != '"' && c != '\\')
            continue;
        if (!ndci_buf_append(out, s + run, i - run))
            return false;
        run = i + 1;
        switch (c) {
        case '"': esc[1] = '"'; break;
        case '\\': esc[1] = '\\'; break;
        case '\n': esc[1] = 'n'; break;
        case '\r': esc[1] = 'r'; break;
        case '\t': esc[1] = 't'; break;
        case '\b': esc[1] = 'b'; break;
        case '\f': esc[1] = 'f'; break;
        default:
            esc[4] = hex[c >> 4];
            esc[5] = hex[c & 15];
            n = 6;
        }
        if (!ndci_buf_append(out, esc, n))
            return false;
    }
    return ndci_buf_append(out, s + run, len - run) &&
        ndci_buf_append(out, "\"", 1);
}

/* ---- finding top-level members in a line known to be valid ---- */

static size_t
skip_ws(const char *s, size_t len, size_t i)
{
    while (i < len && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' ||
        s[i] == '\r'))
        i++;
    return i;
}

/* s[i] is '"': returns the offset just past the closing quote. */
static size_t
skip_string(const char *s, size_t len, size_t i)
{
    for (i++; i < len; i++) {
        if (s[i] == '\\')
            i++;
        else if (s[i] == '"')
            return i + 1;
    }
    return len;
}

/* Returns the offset just past the value that starts at s[i]. */
static size_t
skip_value(const char *s, size_t len, size_t i)
{
    size_t depth = 0;

    if (s[i] != '"' && s[i] != '{' && s[i] != '[') {
        while (i < len && s[i] != ',' && s[i] != '}' && s[i] != ']' &&
            s[i] != ' ' && s[i] != '\t' && s[i] != '\n' && s[i] != '\r')
            i++;
        return i;
    }
    do {
        if (s[i] == '"') {
            i = skip_string(s, len, i);
            continue;
        }
        if (s[i] == '{' || s[i] == '[')
            depth++;
        else if (s[i] == '}' || s[i] == ']')
            depth--;
        i++;
    } while (i < len && depth > 0);
    return i;
}

static int
hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* Unescapes the JSON string s[a..b) (quotes excluded) into out. */
static bool
unescape(const char *s, size_t a, size_t b, ndci_buf *out)
{
    size_t i;

    out->len = 0;
    for (i = a; i < b; i++) {
        uint32_t cp = 0;
        char u[4];
        int k;

        if (s[i] != '\\') {
            if (!ndci_buf_append(out, s + i, 1))
                return false;
            continue;
        }
        if (++i >= b)
            break;
        switch (s[i]) {
        case 'b': cp = '\b'; break;
        case 'f': cp = '\f'; break;
        case 'n': cp = '\n'; break;
        case 'r': cp = '\r'; break;
        case 't': cp = '\t'; break;
        case 'u':
            for (k = 0; k < 4 && i + 1 < b; k++)
                cp = cp << 4 | (uint32_t)hexval(s[++i]);
            if (cp >= 0xD800 && cp <= 0xDBFF && i + 6 < b &&
                s[i + 1] == '\\' && s[i + 2] == 'u') {
                uint32_t lo = 0;

                for (k = 0; k < 4; k++)
                    lo = lo << 4 | (uint32_t)hexval(s[i + 3 + (size_t)k]);
                if (lo >= 0xDC00 && lo <= 0xDFFF) {
                    cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                    i += 6;
                }
            }
            if (cp >= 0xD800 && cp <= 0xDFFF)
                cp = 0xFFFD;
            if (!ndci_buf_append(out, u, ndci_utf8_put(cp, u)))
                return false;
            continue;
        default: cp = (unsigned char)s[i]; break;
        }
        if (!ndci_buf_append(out, u, ndci_utf8_put(cp, u)))
            return false;
    }
    return true;
}

bool
ndj_annotate(ndj_parser *p, const char *line, size_t len,
    const char *ins, size_t ins_len, ndci_buf *out)
{
    size_t close = len, i, first = 0, prev_end = 0, kept = 0;
    bool any = false;

    out->len = 0;
    while (close > 0 && line[close - 1] != '}')
        close--;
    close--;                    /* the object's closing brace */
    if (!p->has_key) {
        if (!ndci_buf_append(out, line, close))
            return false;
        if (p->n_members > 0 && !ndci_buf_append(out, ",", 1))
            return false;
        return ndci_buf_append(out, ins, ins_len) &&
            ndci_buf_append(out, line + close, len - close);
    }
    /* Slow path: rebuild the member list without the replaced keys. */
    i = skip_ws(line, len, 0) + 1;      /* past '{' */
    i = skip_ws(line, len, i);
    first = i;
    if (!ndci_buf_append(out, line, first))
        return false;
    while (i < close && line[i] == '"') {
        size_t k0 = i, k1 = skip_string(line, len, i), v_end;
        bool drop;

        if (!unescape(line, k0 + 1, k1 - 1, &p->key))
            return false;
        drop = is_out_key(p, p->key.data, p->key.len);
        i = skip_ws(line, len, k1) + 1;         /* past ':' */
        i = skip_ws(line, len, i);
        v_end = skip_value(line, len, i);
        if (!drop) {
            size_t from = kept == 0 ? k0 : prev_end;

            if (!ndci_buf_append(out, line + from, v_end - from))
                return false;
            kept++;
            any = true;
        }
        prev_end = v_end;
        i = skip_ws(line, len, v_end);
        if (i < close && line[i] == ',')
            i = skip_ws(line, len, i + 1);
    }
    if (prev_end > 0 && !ndci_buf_append(out, line + prev_end,
        close - prev_end))
        return false;
    if (any && !ndci_buf_append(out, ",", 1))
        return false;
    return ndci_buf_append(out, ins, ins_len) &&
        ndci_buf_append(out, line + close, len - close);
}
