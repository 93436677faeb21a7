/*
 * json.c - reading one line of JSON for the CLI, over yajl (see json.h).
 *
 * Field paths are followed during one pass of yajl's event parser: each
 * open container carries the set of paths (a bit mask) whose components
 * so far equal the keys that lead to it.  Keys and strings arrive
 * unescaped, so "te\u0078t" is the key text.  A duplicate key takes the
 * last value, as in jq.  A field whose value is an array takes the
 * strings in it, one per line.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json_impl.h"

/*
 * Reads one component of a path at s into out (if not NULL): up to a
 * '.' or the end.  A backslash makes a '.' or a backslash after it part
 * of the key, so that a key with a dot can be named; any other
 * backslash is itself.  Stores the bytes of s used in *used and returns
 * the length of the component.
 */
static size_t
path_comp(const char *s, char *out, size_t *used)
{
    size_t i = 0, n = 0;

    while (s[i] != '\0' && s[i] != '.') {
        if (s[i] == '\\' && (s[i + 1] == '.' || s[i + 1] == '\\'))
            i++;
        if (out != NULL)
            out[n] = s[i];
        n++;
        i++;
    }
    *used = i;
    return n;
}

/* Cuts the path s into its components, unescaped (see path_comp). */
static bool
split_path(ndj_path *p, const char *s)
{
    size_t n = 1, i, used;
    const char *c;

    for (c = s; *c != '\0'; c += used) {
        path_comp(c, NULL, &used);
        if (c[used] == '.') {
            n++;
            used++;
        }
    }
    p->comp = calloc(n, sizeof(char *));
    p->comp_len = calloc(n, sizeof(size_t));
    if (p->comp == NULL || p->comp_len == NULL)
        return false;
    p->n = n;
    for (i = 0; i < n; i++) {
        size_t len = path_comp(s, NULL, &used);

        p->comp[i] = malloc(len + 1);
        if (p->comp[i] == NULL)
            return false;
        path_comp(s, p->comp[i], &used);
        p->comp[i][len] = '\0';
        p->comp_len[i] = len;
        s += used + (s[used] == '.');
    }
    return true;
}

static void
free_path(ndj_path *p)
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
    size_t used;

    for (;;) {
        if (path_comp(s, NULL, &used) == 0)
            return false;
        if (s[used] == '\0')
            return true;
        s += used + 1;
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
        cmd_buf_free(&p->val[i]);
    }
    for (i = 0; i < p->n_keys; i++)
        free(p->keys[i]);
    free(p->keys);
    free(p->key_len);
    free(p->stack);
    cmd_buf_free(&p->text);
    cmd_buf_free(&p->key);
    ndj_arena_free(&p->mem);
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

bool
ndj_is_out_key(const ndj_parser *p, const char *k, size_t len)
{
    size_t i;

    for (i = 0; i < p->n_keys; i++)
        if (p->key_len[i] == len && memcmp(p->keys[i], k, len) == 0)
            return true;
    return false;
}

/* ---- yajl callbacks ---- */

/*
 * Appends a string member of an array to the fields that collect it
 * (mask), a newline between two strings.
 */
static void
collect_string(ndj_parser *p, uint64_t mask, const unsigned char *s,
    size_t len)
{
    size_t i;

    for (i = 0; mask != 0 && i < p->n_fields; i++) {
        cmd_buf *v = &p->val[i];

        if (!(mask & (1ULL << i)))
            continue;
        if (p->is_str[i])
            p->oom |= !cmd_buf_append(v, "\n", 1);
        p->is_str[i] = true;
        p->oom |= !cmd_buf_append(v, s, len);
    }
}

/*
 * Called before each value: takes the pending key mask (empty inside
 * arrays) and records the value for the paths that end here; the text
 * fields among them are stored in *ends for an array to collect its
 * strings into.  A string in such an array is collected.  Returns the
 * mask of the paths that go on below this value.
 */
static uint64_t
on_value(ndj_parser *p, const unsigned char *s, size_t len, bool is_str,
    bool is_num, uint64_t *ends)
{
    uint64_t mask = 0, below = 0;
    const ndj_level *up;
    size_t i;

    if (p->depth == 0) {
        p->top_seen = true;
        return 0;
    }
    up = &p->stack[p->depth - 1];
    if (up->is_map)
        mask = p->key_mask;
    else if (is_str && up->collect != 0)
        collect_string(p, up->collect, s, len);
    p->key_mask = 0;
    for (i = 0; mask != 0 && i < n_paths(p); i++) {
        cmd_buf *v = &p->val[i];

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
                p->oom |= !cmd_buf_append(v, s, len);
            else
                p->present[i] = false;
        } else if (is_str || is_num) {
            p->oom |= !cmd_buf_append(v, s, len);
        } else if (ends != NULL) {
            *ends |= 1ULL << i;
        }
    }
    return below;
}

static int
cb_null(void *ctx)
{
    on_value(ctx, NULL, 0, false, false, NULL);
    return 1;
}

static int
cb_bool(void *ctx, int b)
{
    (void)b;
    on_value(ctx, NULL, 0, false, false, NULL);
    return 1;
}

static int
cb_number(void *ctx, const char *s, size_t len)
{
    on_value(ctx, (const unsigned char *)s, len, false, true, NULL);
    return 1;
}

static int
cb_string(void *ctx, const unsigned char *s, size_t len)
{
    ndj_parser *p = ctx;

    on_value(p, s, len, true, false, NULL);
    return !p->oom;
}

static int
push(ndj_parser *p, uint64_t mask, uint64_t collect, bool is_map)
{
    if (p->depth == p->stack_cap) {
        size_t cap = p->stack_cap ? p->stack_cap * 2 : 64;
        ndj_level *s = realloc(p->stack, cap * sizeof(ndj_level));

        if (s == NULL) {
            p->oom = true;
            return 0;
        }
        p->stack = s;
        p->stack_cap = cap;
    }
    p->stack[p->depth].mask = mask;
    p->stack[p->depth].collect = collect;
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
        below = on_value(p, NULL, 0, false, false, NULL);
    }
    p->top_seen = true;
    return push(p, below, 0, true);
}

/* An array: the text fields that end at it take its strings. */
static int
cb_start_array(void *ctx)
{
    ndj_parser *p = ctx;
    uint64_t ends = 0;

    if (p->depth > 0)
        on_value(p, NULL, 0, false, false, &ends);
    p->top_seen = true;
    return push(p, 0, ends, false);
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
        if (ndj_is_out_key(p, (const char *)k, len))
            p->has_key = true;
    }
    for (i = 0; mask != 0 && i < n_paths(p); i++) {
        const ndj_path *pa = &p->paths[i];

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

/*
 * yajl takes a vertical tab or a form feed for white space; JSON does
 * not (RFC 8259, section 2), nor do jq and the member scanner of
 * ndj_annotate.  Inside a string yajl refuses them anyway, so any such
 * byte makes the line invalid.  True with *err set if the line has one.
 */
static bool
has_vt_ff(const char *line, size_t len, ndj_error *err)
{
    const char *vt = memchr(line, '\v', len), *ff = memchr(line, '\f', len);
    const char *bad = vt == NULL || (ff != NULL && ff < vt) ? ff : vt;

    if (bad == NULL)
        return false;
    snprintf(err->msg, sizeof(err->msg), "invalid JSON: a raw %s "
        "(neither white space nor allowed unescaped in a string)",
        *bad == '\v' ? "vertical tab" : "form feed");
    err->pos = (size_t)(bad - line) + 1;
    return true;
}

/*
 * After yajl is done with a line (status st): true if the line is one
 * JSON object; otherwise false with why in *err, in the words ndcluster
 * uses for it.
 */
static bool
judge(ndj_parser *p, yajl_status st, const char *line, size_t len,
    ndj_error *err)
{
    size_t i;

    if (p->oom || p->mem.failed) {
        snprintf(err->msg, sizeof(err->msg), "out of memory");
    } else if (st != yajl_status_ok) {
        set_yajl_error(p->h, line, len, err);
        if (strstr(err->msg, "premature EOF") != NULL) {
            snprintf(err->msg, sizeof(err->msg),
                "truncated JSON: the line ends inside a value");
            err->open = true;
        } else if (strstr(err->msg, "trailing garbage") != NULL) {
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
        return true;
    }
    return false;
}

bool
ndj_parse(ndj_parser *p, const char *line, size_t len, ndj_error *err)
{
    yajl_alloc_funcs funcs = ndj_arena_funcs(&p->mem);
    yajl_handle h;
    yajl_status st;
    size_t i;
    bool ok;

    p->depth = 0;
    p->key_mask = 0;
    p->top_seen = p->top_is_map = p->has_key = p->oom = false;
    p->n_members = 0;
    p->top_end = 0;
    for (i = 0; i <= n_paths(p) && i <= NDJ_MAX_FIELDS; i++)
        p->present[i] = p->is_str[i] = false;
    err->msg[0] = '\0';
    err->pos = 0;
    err->open = false;
    if (has_vt_ff(line, len, err))
        return false;
    p->mem.failed = false;
    h = yajl_alloc(&callbacks, &funcs, p);
    if (h == NULL) {
        ndj_arena_reset(&p->mem);
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
    ok = judge(p, st, line, len, err);
    yajl_free(h);
    ndj_arena_reset(&p->mem);
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

ndj_shape
ndj_shape_of(const ndj_parser *p)
{
    ndj_shape sh;

    sh.n_members = p->n_members;
    sh.has_key = p->has_key;
    return sh;
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
