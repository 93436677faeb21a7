/*
 * json_write.c - the JSON the command writes: quoted strings, the
 * record rewritten with its cluster members, and the object that holds
 * a line of text with -R (json.h); also the names of a record's
 * top-level members.  The rewrite and the names scan a line that
 * ndj_parse() has already found valid, so they need not check anything
 * again.
 */
#include <stdint.h>
#include <string.h>

#include "json_impl.h"

bool
ndj_quote(cmd_buf *out, const char *s, size_t len)
{
    static const char hex[] = "0123456789abcdef";
    size_t i, run = 0;

    if (!cmd_buf_append(out, "\"", 1))
        return false;
    for (i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        char esc[6] = {'\\', 'u', '0', '0', 0, 0};
        size_t n = 2;

        if (c >= 0x20 && c != '"' && c != '\\')
            continue;
        if (!cmd_buf_append(out, s + run, i - run))
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
        if (!cmd_buf_append(out, esc, n))
            return false;
    }
    return cmd_buf_append(out, s + run, len - run) &&
        cmd_buf_append(out, "\"", 1);
}

bool
ndj_wrap(const char *name, const char *s, size_t len, const char *ins,
    size_t ins_len, cmd_buf *out)
{
    out->len = 0;
    return cmd_buf_append(out, "{", 1) &&
        ndj_quote(out, name, strlen(name)) &&
        cmd_buf_append(out, ":", 1) && ndj_quote(out, s, len) &&
        (ins_len == 0 || cmd_buf_append(out, ",", 1)) &&
        cmd_buf_append(out, ins, ins_len) && cmd_buf_append(out, "}", 1);
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
unescape(const char *s, size_t a, size_t b, cmd_buf *out)
{
    size_t i;

    out->len = 0;
    for (i = a; i < b; i++) {
        uint32_t cp = 0;
        char u[4];
        int k;

        if (s[i] != '\\') {
            if (!cmd_buf_append(out, s + i, 1))
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
            if (!cmd_buf_append(out, u, cmd_utf8_put(cp, u)))
                return false;
            continue;
        default: cp = (unsigned char)s[i]; break;
        }
        if (!cmd_buf_append(out, u, cmd_utf8_put(cp, u)))
            return false;
    }
    return true;
}

bool
ndj_annotate(ndj_parser *p, ndj_shape sh, const char *line, size_t len,
    const char *ins, size_t ins_len, cmd_buf *out)
{
    size_t close = len, i, first = 0, prev_end = 0, kept = 0;
    bool any = false;

    out->len = 0;
    while (close > 0 && line[close - 1] != '}')
        close--;
    close--;                    /* the object's closing brace */
    if (!sh.has_key) {
        if (!cmd_buf_append(out, line, close))
            return false;
        if (sh.n_members > 0 && !cmd_buf_append(out, ",", 1))
            return false;
        return cmd_buf_append(out, ins, ins_len) &&
            cmd_buf_append(out, line + close, len - close);
    }
    /* Slow path: rebuild the member list without the replaced keys. */
    i = skip_ws(line, len, 0) + 1;      /* past '{' */
    i = skip_ws(line, len, i);
    first = i;
    if (!cmd_buf_append(out, line, first))
        return false;
    while (i < close && line[i] == '"') {
        size_t k0 = i, k1 = skip_string(line, len, i), v_end;
        bool drop;

        if (!unescape(line, k0 + 1, k1 - 1, &p->key))
            return false;
        drop = ndj_is_out_key(p, p->key.data, p->key.len);
        i = skip_ws(line, len, k1) + 1;         /* past ':' */
        i = skip_ws(line, len, i);
        v_end = skip_value(line, len, i);
        if (!drop) {
            size_t from = kept == 0 ? k0 : prev_end;

            if (!cmd_buf_append(out, line + from, v_end - from))
                return false;
            kept++;
            any = true;
        }
        prev_end = v_end;
        i = skip_ws(line, len, v_end);
        if (i < close && line[i] == ',')
            i = skip_ws(line, len, i + 1);
    }
    if (prev_end > 0 && !cmd_buf_append(out, line + prev_end,
        close - prev_end))
        return false;
    if (any && !cmd_buf_append(out, ",", 1))
        return false;
    return cmd_buf_append(out, ins, ins_len) &&
        cmd_buf_append(out, line + close, len - close);
}

const char *
ndj_top_member(ndj_parser *p, const char *line, size_t len,
    const char *const *names, size_t n)
{
    size_t i = skip_ws(line, len, skip_ws(line, len, 0) + 1), k;

    while (i < len && line[i] == '"') {
        size_t k1 = skip_string(line, len, i);

        if (!unescape(line, i + 1, k1 - 1, &p->key))
            return NULL;
        for (k = 0; k < n; k++)
            if (strlen(names[k]) == p->key.len &&
                memcmp(names[k], p->key.data, p->key.len) == 0)
                return names[k];
        i = skip_ws(line, len, skip_ws(line, len, k1) + 1);  /* past ':' */
        i = skip_ws(line, len, skip_value(line, len, i));
        if (i < len && line[i] == ',')
            i = skip_ws(line, len, i + 1);
    }
    return NULL;
}
