/*
 * cmd_optval.c - the values of options: whole numbers and sizes with
 * range checks and no trailing junk, similarities, durations, the -f
 * PATH[:W] fields and the -a list.  A bad value is a usage error that
 * names the option (opt, as "-w" or "--bands") and the value.
 */
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "timeparse.h"

#define DIGITS "0123456789"

/* Members that -a can add, in the order of the CMD_A_* bits. */
static const char *const annot_names[CMD_N_ANNOT] = {
    "score", "match", "new", "size", "template"
};

const char *
cmd_annot_name(int bit)
{
    size_t i = 0;

    while (i + 1 < CMD_N_ANNOT && (1 << i) != bit)
        i++;
    return annot_names[i];
}

/* True if s is "-" and digits: a negative number. */
static bool
is_negative(const char *s)
{
    return s[0] == '-' && s[1] >= '0' && s[1] <= '9' &&
        s[1 + strspn(s + 1, DIGITS)] == '\0';
}

uint64_t
cmd_parse_u64(const char *opt, const char *s, uint64_t lo, uint64_t hi)
{
    char *end;
    unsigned long long v;

    errno = 0;
    if (is_negative(s))
        cmd_usage_error("%s: '%s' is out of range %" PRIu64 "..%" PRIu64,
            opt, s, lo, hi);
    if (*s < '0' || *s > '9')
        cmd_usage_error("%s: '%s' is not a number", opt, s);
    v = strtoull(s, &end, 10);
    if (*end != '\0')
        cmd_usage_error("%s: '%s' is not a number", opt, s);
    if (errno == ERANGE || v < lo || v > hi)
        cmd_usage_error("%s: '%s' is out of range %" PRIu64 "..%" PRIu64,
            opt, s, lo, hi);
    return v;
}

/* A byte count with an optional K, M or G suffix (powers of 1024). */
size_t
cmd_parse_bytes(const char *opt, const char *s)
{
    char *end;
    unsigned long long v, mult = 1;

    errno = 0;
    if (*s == '-' && s[1] >= '0' && s[1] <= '9')
        cmd_usage_error("%s: '%s' is out of range 1..%zu bytes", opt, s,
            SIZE_MAX / 2);
    if (*s < '0' || *s > '9')
        cmd_usage_error("%s: '%s' is not a size", opt, s);
    v = strtoull(s, &end, 10);
    if (*end == 'K' || *end == 'k')
        mult = 1ULL << 10;
    else if (*end == 'M' || *end == 'm')
        mult = 1ULL << 20;
    else if (*end == 'G' || *end == 'g')
        mult = 1ULL << 30;
    if (mult != 1)
        end++;
    if (*end != '\0')
        cmd_usage_error("%s: '%s' is not a size", opt, s);
    if (errno == ERANGE || v == 0 || v > (SIZE_MAX / 2) / mult)
        cmd_usage_error("%s: '%s' is out of range 1..%zu bytes", opt, s,
            SIZE_MAX / 2);
    return (size_t)(v * mult);
}

/* A number from 0 to 1. */
double
cmd_parse_unit(const char *opt, const char *s)
{
    char *end;
    double v;

    errno = 0;
    v = strtod(s, &end);
    if (end == s || *end != '\0' || isspace((unsigned char)*s))
        cmd_usage_error("%s: '%s' is not a number", opt, s);
    if (!(v >= 0.0 && v <= 1.0))
        cmd_usage_error("%s: '%s' is out of range 0..1", opt, s);
    return v;
}

/*
 * A duration longer than 0: one that is not a duration and one that is
 * too long are told apart.
 */
double
cmd_parse_duration(const char *opt, const char *s)
{
    double v;

    if (s[0] == '-' && ndt_parse_duration(s + 1, &v))
        cmd_usage_error("%s: '%s' must be longer than 0", opt, s);
    if (!ndt_parse_duration(s, &v)) {
        if (errno == ERANGE)
            cmd_usage_error("%s: '%s' is out of range: at most %.0f "
                "seconds (some 31,700 years)", opt, s, NDT_DURATION_MAX);
        cmd_usage_error("%s: '%s' is not a duration such as 90s, 15m, 72h "
            "or 7d", opt, s);
    }
    if (v <= 0)
        cmd_usage_error("%s: '%s' must be longer than 0", opt, s);
    return v;
}

/* --checkpoint N|DUR: a number of records, or a duration. */
void
cmd_parse_checkpoint(cmd_cli *c, const char *opt, const char *s)
{
    if (((s[0] >= '0' && s[0] <= '9') || (s[0] == '-' && s[1] >= '0' &&
        s[1] <= '9')) && s[1 + strspn(s + 1, DIGITS)] == '\0')
        c->checkpoint_n = cmd_parse_u64(opt, s, 1, UINT64_MAX);
    else if (s[0] == '-' && ndt_parse_duration(s + 1, &c->checkpoint_secs))
        cmd_usage_error("%s: '%s' must be longer than 0", opt, s);
    else if (!ndt_parse_duration(s, &c->checkpoint_secs))
        cmd_usage_error(errno == ERANGE ? "%s: '%s' is out of range: at "
            "most 1000000000000 seconds (some 31,700 years)" : "%s: '%s' is "
            "neither a number of records nor a duration such as 30s or 5m",
            opt, s);
    else if (c->checkpoint_secs <= 0)
        cmd_usage_error("%s: '%s' must be longer than 0", opt, s);
}

/* True if the last component of a dotted path names a title. */
static bool
is_title(const char *path)
{
    const char *last = strrchr(path, '.');

    last = last != NULL ? last + 1 : path;
    return strcmp(last, "title") == 0 || strcmp(last, "headline") == 0;
}

/*
 * -f PATH or -f PATH:W.  A suffix is a weight only if all of it after the
 * last colon is a number; a path with a colon of its own can still be
 * given with a weight after it ("a:b:1").
 */
void
cmd_parse_field(cmd_cli *c, const char *opt, const char *arg)
{
    const char *colon = strrchr(arg, ':');
    double w = 0;
    char *path, *end;

    if (c->n_fields == CMD_MAX_FIELDS)
        cmd_usage_error("%s: at most %d fields", opt, CMD_MAX_FIELDS);
    if (colon != NULL && colon[1] != '\0' &&
        !isspace((unsigned char)colon[1])) {
        errno = 0;
        w = strtod(colon + 1, &end);
        if (*end != '\0')
            colon = NULL, w = 0;
        else if (colon[1 + strspn(colon + 1, DIGITS ".")] != '\0' ||
            !(w >= CMD_MIN_WEIGHT && w <= CMD_MAX_WEIGHT))
            cmd_usage_error("%s: weight '%s' is not a number from %g to %g",
                opt, colon + 1, CMD_MIN_WEIGHT, CMD_MAX_WEIGHT);
    } else {
        colon = NULL;
    }
    path = strdup(arg);
    if (path == NULL)
        cmd_nomem();
    if (colon != NULL)
        path[colon - arg] = '\0';
    if (!ndj_path_ok(path))
        cmd_usage_error("%s: '%s' is not a field path "
            "(empty, or an empty component)", opt, path);
    c->field_copy[c->n_fields] = path;
    c->weights[c->n_fields] = w != 0 ? w : is_title(path) ?
        CMD_TITLE_WEIGHT : 1;
    c->fields[c->n_fields++] = path;
}

/* -a LIST: items of annot_names, comma-separated, each kept once in
   the order of their first mention. */
void
cmd_parse_annot(cmd_cli *c, const char *opt, const char *list)
{
    const char *s = list;

    c->n_annot = 0;
    while (*s != '\0') {
        size_t n = strcspn(s, ","), i, j;

        for (i = 0; i < CMD_N_ANNOT; i++)
            if (strlen(annot_names[i]) == n &&
                strncmp(annot_names[i], s, n) == 0)
                break;
        if (i == CMD_N_ANNOT)
            cmd_usage_error("%s: unknown item '%.*s' in '%s' "
                "(expected score, match, new, size, template)", opt, (int)n,
                s, list);
        for (j = 0; j < c->n_annot; j++)
            if (c->annot_order[j] == 1 << i)
                break;
        if (j == c->n_annot)
            c->annot_order[c->n_annot++] = 1 << i;
        s += n;
        if (*s == ',')
            s++;
    }
    if (c->n_annot == 0)
        cmd_usage_error("%s: empty list", opt);
}
