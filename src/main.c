/*
 * main.c - the ndcluster command: options, files, the line loop,
 * diagnostics and exit status.  One client of libndcluster.
 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <inttypes.h>
#include <limits.h>
#include <math.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/select.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "ndcluster.h"
#include "internal.h"
#include "json.h"
#include "timeparse.h"
#include "statefile.h"

#define PROG "ndcluster"
#if defined(__GNUC__) || defined(__clang__)
#define PRINTF_LIKE(fmt, args) __attribute__((format(printf, fmt, args)))
#define NORETURN __attribute__((noreturn))
#else
#define PRINTF_LIKE(fmt, args)
#endif
#define EXIT_USAGE 2
#define DEFAULT_MAX_BYTES ((size_t)64 << 20)
#define READ_CHUNK ((size_t)1 << 16)
#define OUT_CAP ((size_t)1 << 17)
#define MAX_LINE_MESSAGES 100
#define MAX_FIELDS 32
#define TITLE_WEIGHT 1.5    /* story mode: default weight of a title field */
#define MIN_WEIGHT 0.001
#define MAX_WEIGHT 1000.0

/* Members that -a can add, in the order of the A_* bits. */
enum { A_SCORE = 1, A_MATCH = 2, A_NEW = 4, A_SIZE = 8 };
static const char *const annot_names[] = {"score", "match", "new", "size"};
#define N_ANNOT 4

typedef struct cli {
    ndc_opts opts;
    const char *fields[MAX_FIELDS + 1];    /* then --time-field */
    double weights[MAX_FIELDS];             /* 0: the default */
    char *field_copy[MAX_FIELDS];           /* paths cut from PATH:W */
    size_t n_fields;
    const char *time_field;
    const char *stopwords_path;
    const char *key;
    int annot_order[N_ANNOT];   /* A_* bits in the order given */
    size_t n_annot;
    const char *id_field;
    const char *rejects_path;
    size_t max_bytes;
    bool unique, stats, unbuffered, strict;
    const char *state_path;
    uint64_t checkpoint_n;      /* records between saves; 0: none */
    double checkpoint_secs;     /* seconds between saves; 0: none */
} cli;

/* The id ring: record numbers and --id-field values of indexed records,
   in insertion order, so that -a match can name the matched record. */
typedef struct id_ring {
    uint64_t *record;
    ndci_buf *id;
    size_t cap, n, head;    /* head: next slot to write */
} id_ring;

typedef struct run {
    cli *c;
    ndc_ctx *ctx;
    ndj_parser *json;
    FILE *rejects;
    const char *fname;
    uint64_t lineno;
    uint64_t bad;           /* lines rejected */
    uint64_t blank;
    uint64_t written;
    uint64_t time_warned;   /* records with a missing or bad time */
    int status;
    bool stop;              /* --strict hit a bad line */
    uint64_t since_save;    /* lines since the last --state save */
    double saved_at;        /* when, on the monotonic clock */
    double progress_at;     /* when the progress line was last drawn */
    uint64_t bytes_in;
    double t0;
    uint64_t records_before;    /* record numbers a --state brought */
    /* output */
    char *out;
    size_t out_len;
    ndci_buf line_out;
    ndci_buf ins;
    ndci_buf key;           /* scratch of ins_key, kept between lines */
    id_ring ids;
    ndc_field *texts;
} run;

/* SIGINT or SIGTERM, once caught: the record at hand is finished, the
   output and the state are written, and ndcluster exits 128 + signal. */
static volatile sig_atomic_t got_signal;

static void
on_signal(int sig)
{
    if (got_signal != 0) {      /* a second one: stop now */
        signal(sig, SIG_DFL);
        raise(sig);
    }
    got_signal = sig;
}

/* The signal mask while waiting for input; SIGINT and SIGTERM are
   blocked at all other times, so that none is caught between the check
   of got_signal and the wait (pselect unblocks them atomically). */
static sigset_t wait_mask;

/* ---- diagnostics and usage ---- */

static void
usage(FILE *f)
{
    fprintf(f,
"usage: " PROG " [-huV] [-a list] [-f path] [-k name] [-m mode] [-t threshold]\n"
"                 [-w records] [--bands n] [--checkpoint n|dur] [--decay dur]\n"
"                 [--id-field path] [--max-bytes n] [--perm n]\n"
"                 [--rejects file] [--seed n] [--shingle n] [--state file]\n"
"                 [--stats] [--stopwords file] [--strict] [--time-field path]\n"
"                 [--unbuffered] [--window-time dur] [file ...]\n");
}

static void
help(void)
{
    usage(stdout);
    printf(
"\nReads NDJSON records and writes each one back, unchanged, with the id of\n"
"its cluster added as \"cluster\":ID: near-duplicates (-m near) or articles\n"
"on the same story (-m story) share an id.\n\n"
"  -a, --annotate LIST   also add KEY_score, KEY_match, KEY_new, KEY_size\n"
"                        (LIST: comma-separated subset of score,match,new,size)\n"
"  -f, --field PATH[:W]  text field, dotted path; repeat to join (default text);\n"
"                        W weighs its words in story mode (default 1, and %g\n"
"                        for a field named title or headline)\n"
"  -h, --help            print this help and exit\n"
"  -k, --key NAME        name of the member added (default cluster)\n"
"  -m, --mode MODE       near (near-duplicates, the default) or story\n"
"  -t, --threshold X     join a cluster at similarity >= X, 0..1: Jaccard in\n"
"                        near mode (default %.2f), cosine in story (%.2f)\n"
"  -u, --unique          write only the first record of each cluster\n"
"  -V, --version         print the version and exit\n"
"  -w, --window N        records kept for comparison (default %u)\n"
"      --bands N         LSH bands, 1..perm (default %u)\n"
"      --checkpoint N|DUR\n"
"                        with --state, also save every N records or every\n"
"                        DUR of time (e.g. 100000, 5m)\n"
"      --decay DUR       story: similarity halves every DUR of time between a\n"
"                        record and a cluster (e.g. 12h, 3d; default none)\n"
"      --id-field PATH   record id that -a match reports instead of numbers\n"
"      --max-bytes N     longest line accepted, suffix K, M or G (default 64M)\n"
"      --perm N          MinHash values per record, 1..%u (default %u)\n"
"      --rejects FILE    copy refused lines to FILE\n"
"      --seed N          hashing seed (default 0)\n"
"      --shingle N       words per shingle, 1..%u, or 0 for single words\n"
"                        and pairs of words together (default 0)\n"
"      --state FILE      load the window from FILE if it exists, save it\n"
"                        there at the end and on SIGINT or SIGTERM\n"
"      --stats           print a JSON summary on stderr at the end\n"
"      --stopwords FILE  story: words to ignore, one or more a line, instead\n"
"                        of the built-in English list\n"
"      --strict          stop at the first refused line\n"
"      --time-field PATH\n"
"                        record time: RFC 3339 or epoch seconds (for --decay\n"
"                        and --window-time)\n"
"      --unbuffered      flush the output after every record\n"
"      --window-time DUR records older than the newest time seen minus DUR\n"
"                        leave the window too (needs --time-field)\n"
"\nWith no file, or when file is -, reads standard input.\n"
"Exit status: 0 success, 1 refused lines or I/O error, 2 usage error.\n"
"See ndcluster(1).\n",
        TITLE_WEIGHT, NDC_DEFAULT_THRESHOLD, NDC_DEFAULT_STORY_THRESHOLD,
        NDC_DEFAULT_WINDOW, NDC_DEFAULT_BANDS,
        NDC_MAX_PERM, NDC_DEFAULT_PERM, NDC_MAX_SHINGLE);
}

static void usage_error(const char *fmt, ...) PRINTF_LIKE(1, 2) NORETURN;
static void exit_stdout(void) NORETURN;
static void die_pipe(void) NORETURN;
static void nomem(void) NORETURN;
static double now(void);
static void warnmsg(const char *fmt, ...) PRINTF_LIKE(1, 2);

static void
usage_error(const char *fmt, ...)
{
    va_list ap;

    fputs(PROG ": ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    usage(stderr);
    exit(EXIT_USAGE);
}

static void
warnmsg(const char *fmt, ...)
{
    va_list ap;

    fputs(PROG ": ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
}

/* ---- option values ---- */

/* Parses a whole unsigned decimal in lo..hi, or exits with usage. */
static uint64_t
parse_u64(const char *opt, const char *s, uint64_t lo, uint64_t hi)
{
    char *end;
    unsigned long long v;

    errno = 0;
    if (s[0] == '-' && s[1] >= '0' && s[1] <= '9' &&
        s[1 + strspn(s + 1, "0123456789")] == '\0')
        usage_error("%s: '%s' is out of range %" PRIu64 "..%" PRIu64,
            opt, s, lo, hi);
    if (*s < '0' || *s > '9')
        usage_error("%s: '%s' is not a number", opt, s);
    v = strtoull(s, &end, 10);
    if (*end != '\0')
        usage_error("%s: '%s' is not a number", opt, s);
    if (errno == ERANGE || v < lo || v > hi)
        usage_error("%s: '%s' is out of range %" PRIu64 "..%" PRIu64,
            opt, s, lo, hi);
    return v;
}

/* A byte count with an optional K, M or G suffix (powers of 1024). */
static size_t
parse_bytes(const char *opt, const char *s)
{
    char *end;
    unsigned long long v, mult = 1;

    errno = 0;
    if (*s == '-' && s[1] >= '0' && s[1] <= '9')
        usage_error("%s: '%s' is out of range 1..%zu bytes", opt, s,
            SIZE_MAX / 2);
    if (*s < '0' || *s > '9')
        usage_error("%s: '%s' is not a size", opt, s);
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
        usage_error("%s: '%s' is not a size", opt, s);
    if (errno == ERANGE || v == 0 || v > (SIZE_MAX / 2) / mult)
        usage_error("%s: '%s' is out of range 1..%zu bytes", opt, s,
            SIZE_MAX / 2);
    return (size_t)(v * mult);
}

static double
parse_unit(const char *opt, const char *s)
{
    char *end;
    double v;

    errno = 0;
    v = strtod(s, &end);
    if (end == s || *end != '\0' || isspace((unsigned char)*s))
        usage_error("%s: '%s' is not a number", opt, s);
    if (!(v >= 0.0 && v <= 1.0))
        usage_error("%s: '%s' is out of range 0..1", opt, s);
    return v;
}

/*
 * A duration longer than 0 for opt, or exit with usage: one that is not
 * a duration and one that is too long are told apart.
 */
static double
parse_duration(const char *opt, const char *s)
{
    double v;

    if (s[0] == '-' && ndt_parse_duration(s + 1, &v))
        usage_error("%s: '%s' must be longer than 0", opt, s);
    if (!ndt_parse_duration(s, &v)) {
        if (errno == ERANGE)
            usage_error("%s: '%s' is out of range: at most %.0f seconds "
                "(some 31,700 years)", opt, s, NDT_DURATION_MAX);
        usage_error("%s: '%s' is not a duration such as 90s, 15m, 72h "
            "or 7d", opt, s);
    }
    if (v <= 0)
        usage_error("%s: '%s' must be longer than 0", opt, s);
    return v;
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
static void
parse_field(cli *c, const char *arg)
{
    const char *colon = strrchr(arg, ':');
    double w = 0;
    char *path, *end;

    if (c->n_fields == MAX_FIELDS)
        usage_error("-f: at most %d fields", MAX_FIELDS);
    if (colon != NULL && colon[1] != '\0' && !isspace((unsigned char)colon[1])) {
        errno = 0;
        w = strtod(colon + 1, &end);
        if (*end != '\0')
            colon = NULL, w = 0;
        else if (colon[1 + strspn(colon + 1, "0123456789.")] != '\0' ||
            !(w >= MIN_WEIGHT && w <= MAX_WEIGHT))
            usage_error("-f: weight '%s' is not a number from %g to %g",
                colon + 1, MIN_WEIGHT, MAX_WEIGHT);
    } else {
        colon = NULL;
    }
    path = strdup(arg);
    if (path == NULL)
        nomem();
    if (colon != NULL)
        path[colon - arg] = '\0';
    if (!ndj_path_ok(path))
        usage_error("-f: '%s' is not a field path "
            "(empty, or an empty component)", path);
    c->field_copy[c->n_fields] = path;
    c->weights[c->n_fields] = w != 0 ? w : is_title(path) ? TITLE_WEIGHT : 1;
    c->fields[c->n_fields++] = path;
}

/* The index in annot_names of one A_* bit. */
static size_t
annot_index(int bit)
{
    size_t i = 0;

    while ((1 << i) != bit)
        i++;
    return i;
}

static void
parse_annot(cli *c, const char *list)
{
    const char *s = list;

    c->n_annot = 0;
    while (*s != '\0') {
        size_t n = strcspn(s, ","), i, j;

        for (i = 0; i < N_ANNOT; i++)
            if (strlen(annot_names[i]) == n &&
                strncmp(annot_names[i], s, n) == 0)
                break;
        if (i == N_ANNOT)
            usage_error("-a: unknown item '%.*s' in '%s' "
                "(expected score, match, new, size)", (int)n, s, list);
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
        usage_error("-a: empty list");
}

/* ---- output ---- */

/* Ends the process as SIGPIPE would, even if the parent ignored it. */
static void
die_pipe(void)
{
    signal(SIGPIPE, SIG_DFL);
    raise(SIGPIPE);
    _exit(1);
}

/* Writes the output buffer; exits on a write error. */
static void
out_flush(run *r)
{
    size_t done = 0;

    while (done < r->out_len) {
        ssize_t n = write(STDOUT_FILENO, r->out + done, r->out_len - done);

        if (n < 0) {
            if (errno == EINTR)
                continue;
            if (errno == EPIPE)
                die_pipe();
            warnmsg("write error on standard output: %s", strerror(errno));
            exit(1);
        }
        done += (size_t)n;
    }
    r->out_len = 0;
}

/* Ends -h and -V: exit 0 once stdout is written, 1 with a message if not. */
static void
exit_stdout(void)
{
    if (fflush(stdout) == 0 && !ferror(stdout))
        exit(0);
    if (errno == EPIPE)
        die_pipe();
    warnmsg("write error on standard output: %s", strerror(errno));
    exit(1);
}

static void
out_put(run *r, const char *p, size_t n)
{
    if (n > OUT_CAP - r->out_len) {
        out_flush(r);
        if (n > OUT_CAP) {
            while (n > 0) {
                size_t k = n < OUT_CAP ? n : OUT_CAP;

                memcpy(r->out, p, k);
                r->out_len = k;
                out_flush(r);
                p += k;
                n -= k;
            }
            return;
        }
    }
    memcpy(r->out + r->out_len, p, n);
    r->out_len += n;
}

static void
nomem(void)
{
    warnmsg("out of memory");
    exit(1);
}

static void
ins_str(run *r, const char *s)
{
    if (!ndci_buf_append(&r->ins, s, strlen(s)))
        nomem();
}

static void
ins_u64(run *r, uint64_t v)
{
    char num[24];
    int n = snprintf(num, sizeof(num), "%" PRIu64, v);

    if (!ndci_buf_append(&r->ins, num, (size_t)n))
        nomem();
}

/* Appends "KEY" or "KEY_what" (quoted) and a colon to the insertion. */
static void
ins_key(run *r, const char *what)
{
    ndci_buf *name = &r->key;

    name->len = 0;
    if (!ndci_buf_append(name, r->c->key, strlen(r->c->key)) ||
        (what != NULL && (!ndci_buf_append(name, "_", 1) ||
        !ndci_buf_append(name, what, strlen(what)))) ||
        !ndj_quote(&r->ins, name->data, name->len))
        nomem();
    ins_str(r, ":");
}

/* ---- the id ring ---- */

static void
ids_push(run *r, uint64_t record, const char *id, size_t len)
{
    id_ring *q = &r->ids;

    q->record[q->head] = record;
    q->id[q->head].len = 0;
    if (id != NULL && !ndci_buf_append(&q->id[q->head], id, len))
        nomem();
    q->head = (q->head + 1) % q->cap;
    if (q->n < q->cap)
        q->n++;
}

/* The id of record, found by binary search in the ring, or NULL. */
static const ndci_buf *
ids_find(run *r, uint64_t record)
{
    id_ring *q = &r->ids;
    size_t lo = 0, hi = q->n, first = (q->head + q->cap - q->n) % q->cap;

    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        size_t at = (first + mid) % q->cap;

        if (q->record[at] == record)
            return q->id[at].len > 0 ? &q->id[at] : NULL;
        if (q->record[at] < record)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

/* ---- one line ---- */

/* A write to --rejects failed: a refused line would be lost, so stop. */
static void rejects_failed(run *r) NORETURN;

static void
rejects_failed(run *r)
{
    warnmsg("%s: cannot write the --rejects file: %s", r->c->rejects_path,
        strerror(errno));
    exit(1);
}

/*
 * Refuses a line: a message naming file and line (the first 100 only),
 * a verbatim copy to --rejects, and exit status 1 at the end.
 */
static void reject(run *r, const char *line, size_t len, const char *fmt,
    ...) PRINTF_LIKE(4, 5);

static void
reject(run *r, const char *line, size_t len, const char *fmt, ...)
{
    va_list ap;

    r->bad++;
    r->status = 1;
    if (r->bad <= MAX_LINE_MESSAGES || r->c->strict) {
        fprintf(stderr, PROG ": %s:%" PRIu64 ": ", r->fname, r->lineno);
        va_start(ap, fmt);
        vfprintf(stderr, fmt, ap);
        va_end(ap);
        fputc('\n', stderr);
    } else if (r->bad == MAX_LINE_MESSAGES + 1) {
        warnmsg("more than %d refused lines; counting the rest silently",
            MAX_LINE_MESSAGES);
    }
    if (r->rejects != NULL && line != NULL &&
        (fwrite(line, 1, len, r->rejects) != len ||
        putc('\n', r->rejects) == EOF))
        rejects_failed(r);
    if (r->c->strict)
        r->stop = true;
}

static bool
is_blank(const char *s, size_t len)
{
    size_t i;

    for (i = 0; i < len; i++)
        if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r')
            return false;
    return true;
}

static void
annotate_members(run *r, const ndc_result *res)
{
    size_t i;
    char num[32];

    r->ins.len = 0;
    ins_key(r, NULL);
    if (res->cluster == 0)
        ins_str(r, "null");
    else
        ins_u64(r, res->cluster);
    for (i = 0; i < r->c->n_annot; i++) {
        int a = r->c->annot_order[i];
        const ndci_buf *id;

        ins_str(r, ",");
        switch (a) {
        case A_SCORE:
            ins_key(r, "score");
            if (res->cluster == 0) {
                ins_str(r, "null");
            } else {
                snprintf(num, sizeof(num), "%.4g", res->score);
                ins_str(r, num);
            }
            break;
        case A_MATCH:
            ins_key(r, "match");
            if (res->match == 0) {
                ins_str(r, "null");
            } else if (r->c->id_field != NULL) {
                id = ids_find(r, res->match);
                if (id == NULL)
                    ins_str(r, "null");
                else if (!ndci_buf_append(&r->ins, id->data, id->len))
                    nomem();
            } else {
                ins_u64(r, res->match);
            }
            break;
        case A_NEW:
            ins_key(r, "new");
            ins_str(r, res->cluster == 0 ? "null" :
                res->is_new ? "true" : "false");
            break;
        default:
            ins_key(r, "size");
            if (res->cluster == 0)
                ins_str(r, "null");
            else
                ins_u64(r, res->size);
            break;
        }
    }
}

/* A line whose record is kept but has a flaw: the first 100 are told. */
static void note_line(run *r, const char *fmt, ...) PRINTF_LIKE(2, 3);

static void
note_line(run *r, const char *fmt, ...)
{
    va_list ap;

    r->time_warned++;
    if (r->time_warned <= MAX_LINE_MESSAGES) {
        fprintf(stderr, PROG ": %s:%" PRIu64 ": warning: ", r->fname,
            r->lineno);
        va_start(ap, fmt);
        vfprintf(stderr, fmt, ap);
        va_end(ap);
        fputc('\n', stderr);
    } else if (r->time_warned == MAX_LINE_MESSAGES + 1) {
        warnmsg("more than %d records without a usable time; counting the "
            "rest silently", MAX_LINE_MESSAGES);
    }
}

/* A JSON number as a time; the value is not NUL-terminated. */
static bool
number_time(const char *v, size_t len, double *t)
{
    char num[64];

    if (len >= sizeof(num))
        return false;
    memcpy(num, v, len);
    num[len] = '\0';
    return ndt_parse_number_time(strtod(num, NULL), t);
}

/* The record's time from --time-field, or NDC_NO_TIME with a warning. */
static double
record_time(run *r)
{
    const char *v;
    size_t len;
    bool is_str;
    double t;

    if (!ndj_value(r->json, r->c->n_fields, &v, &len, &is_str)) {
        note_line(r, "no time in '%s' (a string or a number); the record "
            "is taken in arrival order", r->c->time_field);
        return NDC_NO_TIME;
    }
    if (is_str ? ndt_parse_time(v, len, &t) :
        number_time(v, len, &t))
        return t;
    note_line(r, "'%s' is not a time (RFC 3339 or epoch seconds): "
        "%s%.*s%s; the record is taken in arrival order", r->c->time_field,
        is_str ? "\"" : "", (int)(len > 40 ? 40 : len), v,
        is_str ? (len > 40 ? "...\"" : "\"") : "");
    return NDC_NO_TIME;
}

static void
do_line(run *r, const char *line, size_t len)
{
    ndj_error err;
    ndc_result res;
    const char *id = NULL;
    size_t id_len = 0, bad, i, n_texts = 0;
    double time = NDC_NO_TIME;
    ndc_status st;

    if (len > 0 && line[len - 1] == '\r')
        len--;
    if (r->lineno == 1 && len >= 3 && memcmp(line, "\xEF\xBB\xBF", 3) == 0) {
        line += 3;
        len -= 3;
    }
    if (is_blank(line, len)) {
        r->blank++;
        return;
    }
    if (len > r->c->max_bytes) {
        reject(r, line, len, "line of %zu bytes is longer than "
            "--max-bytes %zu", len, r->c->max_bytes);
        return;
    }
    bad = ndci_utf8_check(line, len);
    if (bad < len) {
        reject(r, line, len, "invalid UTF-8 at byte %zu", bad + 1);
        return;
    }
    if (!ndj_parse(r->json, line, len, &err)) {
        if (err.pos > 0)
            reject(r, line, len, "%s (at byte %zu)", err.msg, err.pos);
        else
            reject(r, line, len, "%s", err.msg);
        return;
    }
    for (i = 0; i < r->c->n_fields; i++) {
        ndc_field *f = &r->texts[n_texts];
        bool is_str;

        if (ndj_value(r->json, i, &f->text, &f->len, &is_str) && is_str &&
            f->len > 0) {
            f->weight = r->c->weights[i];
            n_texts++;
        }
    }
    if (r->c->time_field != NULL && n_texts > 0)
        time = record_time(r);
    st = ndc_ctx_assign_fields(r->ctx, r->texts, n_texts, time, &res);
    if (st == NDC_ERR_FULL) {
        reject(r, line, len, "record numbers used up: %" PRIu64 " records "
            "since the state began", (uint64_t)NDC_MAX_RECORDS);
        return;
    }
    if (st != NDC_OK) {
        warnmsg("%s:%" PRIu64 ": %s", r->fname, r->lineno, ndc_strerror(st));
        exit(1);
    }
    /* Annotate first: pushing this record's id may drop the match's. */
    annotate_members(r, &res);
    if (r->c->id_field != NULL && res.cluster != 0) {
        if (!ndj_id(r->json, &id, &id_len))
            id = NULL;
        ids_push(r, res.record, id, id_len);
    }
    if (r->c->unique && res.cluster != 0 && !res.is_new)
        return;
    if (!ndj_annotate(r->json, line, len, r->ins.data, r->ins.len,
        &r->line_out))
        nomem();
    out_put(r, r->line_out.data, r->line_out.len);
    out_put(r, "\n", 1);
    r->written++;
    if (r->c->unbuffered)
        out_flush(r);
}

/* ---- --state ---- */

/*
 * The CLI's part of a state file: the settings of this run that shape
 * its output beyond the library's (text fields and weights, id and time
 * fields), then the id ring of --id-field.
 */
static void
state_settings(const cli *c, ndci_buf *b)
{
    char w[64];
    size_t i;

    b->len = 0;
    if (!ndci_buf_append(b, "ndcluster-cli 1\nfields", 22))
        nomem();
    for (i = 0; i < c->n_fields; i++) {
        snprintf(w, sizeof(w), ":%.17g", c->weights[i]);
        if (!ndci_buf_append(b, " ", 1) ||
            !ndci_buf_append(b, c->fields[i], strlen(c->fields[i])) ||
            !ndci_buf_append(b, w, strlen(w)))
            nomem();
    }
    if (!ndci_buf_append(b, "\nid ", 4) || (c->id_field != NULL &&
        !ndci_buf_append(b, c->id_field, strlen(c->id_field))) ||
        !ndci_buf_append(b, "\ntime ", 6) || (c->time_field != NULL &&
        !ndci_buf_append(b, c->time_field, strlen(c->time_field))) ||
        !ndci_buf_append(b, "\n", 2))  /* with its NUL */
        nomem();
}

static void
put_u64(ndci_buf *b, uint64_t v)
{
    if (!ndci_buf_append(b, &v, sizeof(v)))
        nomem();
}

/* Saves the state now; false with a message if it could not. */
static bool
state_save(run *r)
{
    ndci_buf user = {0};
    id_ring *q = &r->ids;
    char why[256];
    size_t i;
    bool ok;

    state_settings(r->c, &user);
    put_u64(&user, q->n);
    for (i = 0; i < q->n; i++) {
        size_t at = (q->head + q->cap - q->n + i) % q->cap;

        put_u64(&user, q->record[at]);
        put_u64(&user, q->id[at].len);
        if (!ndci_buf_append(&user, q->id[at].data, q->id[at].len))
            nomem();
    }
    ok = ndf_save(r->c->state_path, r->ctx, user.data, user.len, why,
        sizeof(why));
    if (!ok) {
        warnmsg("%s: cannot save the state: %s", r->c->state_path, why);
        r->status = 1;
    }
    ndci_buf_free(&user);
    r->since_save = 0;
    r->saved_at = now();
    return ok;
}

/*
 * Loads the state file if there is one.  False with a message if it is
 * unusable: main then exits 1 through its cleanup path.
 */
static bool
state_load(run *r)
{
    ndci_buf file = {0}, want = {0};
    const char *path = r->c->state_path;
    const unsigned char *u;
    size_t ulen, at, n, i;
    ndc_status st;
    bool ok = false;

    if (!ndf_folder_ok(path)) {
        warnmsg("%s: cannot save a state there: %s", path,
            strerror(errno));
        return false;
    }
    if (!ndf_read(path, &file)) {
        if (errno == ENOENT)
            return true;
        warnmsg("%s: cannot read the --state file: %s", path,
            strerror(errno));
        goto out;
    }
    st = ndc_ctx_load(r->ctx, file.data, file.len, (const void **)&u, &ulen);
    if (st != NDC_OK) {
        warnmsg("%s: refused: %s", path, st == NDC_ERR_STATE ?
            ndc_ctx_errmsg(r->ctx) : ndc_strerror(st));
        goto out;
    }
    state_settings(r->c, &want);
    if (ulen < want.len || memcmp(u, want.data, want.len) != 0) {
        warnmsg("%s: refused: made with other settings: other -f, "
            "--id-field or --time-field", path);
        goto out;
    }
    at = want.len;
    if (ulen - at < 8)
        goto damaged;
    memcpy(&n, u + at, 8);
    at += 8;
    for (i = 0; i < n; i++) {
        uint64_t rec, len;

        if (ulen - at < 16)
            goto damaged;
        memcpy(&rec, u + at, 8);
        memcpy(&len, u + at + 8, 8);
        at += 16;
        if (len > ulen - at || r->ids.cap == 0)
            goto damaged;
        ids_push(r, rec, len > 0 ? (const char *)u + at : NULL,
            (size_t)len);
        at += len;
    }
    if (at != ulen)
        goto damaged;
    ok = true;
    goto out;
damaged:
    warnmsg("%s: refused: damaged: the ids of --id-field do not fit", path);
out:
    ndci_buf_free(&file);
    ndci_buf_free(&want);
    return ok;
}

/* After each line: a checkpoint when one is due, and the progress line. */
static void
after_line(run *r)
{
    const cli *c = r->c;

    r->since_save++;
    if (c->state_path != NULL && ((c->checkpoint_n > 0 &&
        r->since_save >= c->checkpoint_n) || (c->checkpoint_secs > 0 &&
        now() - r->saved_at >= c->checkpoint_secs))) {
        out_flush(r);   /* what the state counts is out first */
        state_save(r);
    }
    if (r->progress_at > 0 && (r->since_save & 1023) == 0 &&
        now() - r->progress_at >= 1.0) {
        ndc_stats st;
        double t = now();

        ndc_ctx_stats(r->ctx, &st);
        fprintf(stderr, "\r" PROG ": %" PRIu64 " records, %.1f MB/s, %"
            PRIu64 " clusters\033[K", st.records,
            (double)r->bytes_in / 1e6 / (t - r->t0), st.clusters);
        r->progress_at = t;
    }
}

/* ---- reading ---- */

/* Waits until fd can be read; false if a signal came first. */
static bool
wait_input(int fd)
{
    fd_set in;
    sigset_t pend;

    /* With input always ready pselect never waits, and returns with the
       signals blocked again, so one that came stays pending: look. */
    if (!got_signal && sigpending(&pend) == 0)
        got_signal = sigismember(&pend, SIGTERM) ? SIGTERM :
            sigismember(&pend, SIGINT) ? SIGINT : 0;
    if (got_signal)
        return false;
    if (fd >= FD_SETSIZE)
        return true;    /* cannot wait with pselect: read at once */
    FD_ZERO(&in);
    FD_SET(fd, &in);
    while (pselect(fd + 1, &in, NULL, NULL, NULL, &wait_mask) < 0) {
        if (errno != EINTR || got_signal)
            return !got_signal;
        FD_ZERO(&in);
        FD_SET(fd, &in);
    }
    return true;
}

/* Flushes the output if a read of fd would block now. */
static void
flush_if_idle(run *r, int fd)
{
    struct pollfd p = {fd, POLLIN, 0};

    if (r->out_len > 0 && poll(&p, 1, 0) == 0)
        out_flush(r);
}

/*
 * Reads fd line by line into a buffer that grows up to --max-bytes; a
 * longer line is passed over to its newline (copied to --rejects as it
 * goes) and refused, never held whole.
 */
static void
do_file(run *r, int fd, ndci_buf *in)
{
    size_t start = 0;
    bool skipping = false;
    uint64_t skipped = 0;

    in->len = 0;
    r->lineno = 0;
    if (!ndci_buf_reserve(in, READ_CHUNK))
        nomem();
    for (;;) {
        ssize_t n;
        char *nl;

        /* Lines complete in the buffer. */
        while (!r->stop && !got_signal && (nl = memchr(in->data + start,
            '\n', in->len - start)) != NULL) {
            size_t len = (size_t)(nl - (in->data + start));

            r->lineno++;
            if (skipping) {
                skipped += len;
                if (r->rejects != NULL &&
                    fwrite(in->data + start, 1, len, r->rejects) != len)
                    rejects_failed(r);
                reject(r, NULL, 0, "line of %" PRIu64 " bytes is longer "
                    "than --max-bytes %zu", skipped, r->c->max_bytes);
                if (r->rejects != NULL)
                    putc('\n', r->rejects);
                skipping = false;
            } else {
                do_line(r, in->data + start, len);
            }
            start += len + 1;
            after_line(r);
        }
        if (r->stop || got_signal)
            return;
        /* Keep the partial line; drop it if it is too long already. */
        if (skipping || in->len - start > r->c->max_bytes) {
            size_t part = in->len - start;

            if (!skipping) {
                skipping = true;
                skipped = 0;
            }
            skipped += part;
            if (r->rejects != NULL &&
                fwrite(in->data + start, 1, part, r->rejects) != part)
                rejects_failed(r);
            in->len = start = 0;
        } else if (start > 0) {
            memmove(in->data, in->data + start, in->len - start);
            in->len -= start;
            start = 0;
        }
        if (!ndci_buf_reserve(in, READ_CHUNK))
            nomem();
        flush_if_idle(r, fd);
        if (!wait_input(fd))
            return;
        n = read(fd, in->data + in->len, in->cap - in->len);
        if (n < 0) {
            if (errno == EINTR && got_signal)
                return;
            if (errno == EINTR)
                continue;
            warnmsg("%s: %s", r->fname, strerror(errno));
            r->status = 1;
            break;
        }
        if (n == 0)
            break;
        in->len += (size_t)n;
        r->bytes_in += (size_t)n;
    }
    /* A last line without a newline. */
    if (in->len > start || skipping) {
        r->lineno++;
        if (skipping) {
            reject(r, NULL, 0, "line of %" PRIu64 " bytes is longer than "
                "--max-bytes %zu", skipped + (in->len - start),
                r->c->max_bytes);
            if (r->rejects != NULL)
                putc('\n', r->rejects);
        } else {
            do_line(r, in->data + start, in->len - start);
        }
    }
}

/* ---- main ---- */

enum {
    OPT_BANDS = 256, OPT_DECAY, OPT_ID_FIELD, OPT_MAX_BYTES, OPT_PERM,
    OPT_REJECTS, OPT_SEED, OPT_SHINGLE, OPT_STATS, OPT_STOPWORDS,
    OPT_STRICT, OPT_TIME_FIELD, OPT_UNBUFFERED, OPT_WINDOW_TIME,
    OPT_STATE, OPT_CHECKPOINT
};

static const struct option long_opts[] = {
    {"annotate", required_argument, NULL, 'a'},
    {"field", required_argument, NULL, 'f'},
    {"help", no_argument, NULL, 'h'},
    {"key", required_argument, NULL, 'k'},
    {"mode", required_argument, NULL, 'm'},
    {"threshold", required_argument, NULL, 't'},
    {"unique", no_argument, NULL, 'u'},
    {"version", no_argument, NULL, 'V'},
    {"window", required_argument, NULL, 'w'},
    {"bands", required_argument, NULL, OPT_BANDS},
    {"checkpoint", required_argument, NULL, OPT_CHECKPOINT},
    {"state", required_argument, NULL, OPT_STATE},
    {"decay", required_argument, NULL, OPT_DECAY},
    {"id-field", required_argument, NULL, OPT_ID_FIELD},
    {"max-bytes", required_argument, NULL, OPT_MAX_BYTES},
    {"perm", required_argument, NULL, OPT_PERM},
    {"rejects", required_argument, NULL, OPT_REJECTS},
    {"seed", required_argument, NULL, OPT_SEED},
    {"shingle", required_argument, NULL, OPT_SHINGLE},
    {"stats", no_argument, NULL, OPT_STATS},
    {"stopwords", required_argument, NULL, OPT_STOPWORDS},
    {"strict", no_argument, NULL, OPT_STRICT},
    {"time-field", required_argument, NULL, OPT_TIME_FIELD},
    {"unbuffered", no_argument, NULL, OPT_UNBUFFERED},
    {"window-time", required_argument, NULL, OPT_WINDOW_TIME},
    {NULL, 0, NULL, 0},
};

static void
parse_args(cli *c, int argc, char **argv)
{
    bool bands_set = false;
    const char *near_only = NULL;   /* an option story mode has no use for */
    int ch;

    ndc_opts_init(&c->opts);
    c->key = "cluster";
    c->max_bytes = DEFAULT_MAX_BYTES;
    opterr = 0;
    while ((ch = getopt_long(argc, argv, ":a:f:hk:m:t:uVw:", long_opts,
        NULL)) != -1) {
        switch (ch) {
        case 'a':
            parse_annot(c, optarg);
            break;
        case 'f':
            parse_field(c, optarg);
            break;
        case 'h':
            help();
            exit_stdout();
        case 'k':
            if (*optarg == '\0')
                usage_error("-k: the key name is empty");
            c->key = optarg;
            break;
        case 'm':
            if (strcmp(optarg, "near") == 0)
                c->opts.mode = NDC_MODE_NEAR;
            else if (strcmp(optarg, "story") == 0)
                c->opts.mode = NDC_MODE_STORY;
            else
                usage_error("-m: unknown mode '%s' (expected near or story)",
                    optarg);
            break;
        case 't':
            c->opts.threshold = parse_unit("-t", optarg);
            break;
        case 'u':
            c->unique = true;
            break;
        case 'V':
            printf(PROG " %s\n", ndc_version());
            exit_stdout();
        case 'w':
            c->opts.window = (uint32_t)parse_u64("-w", optarg, 1,
                NDC_MAX_WINDOW);
            break;
        case OPT_BANDS:
            c->opts.bands = (uint32_t)parse_u64("--bands", optarg, 1,
                NDC_MAX_PERM);
            bands_set = true;
            near_only = "--bands";
            break;
        case OPT_DECAY:
            c->opts.decay = parse_duration("--decay", optarg);
            break;
        case OPT_STATE:
            if (*optarg == '\0')
                usage_error("--state: the file name is empty");
            c->state_path = optarg;
            break;
        case OPT_CHECKPOINT:
            if (((optarg[0] >= '0' && optarg[0] <= '9') ||
                (optarg[0] == '-' && optarg[1] >= '0' && optarg[1] <= '9'))
                && optarg[1 + strspn(optarg + 1, "0123456789")] == '\0')
                c->checkpoint_n = parse_u64("--checkpoint", optarg, 1,
                    UINT64_MAX);
            else if (optarg[0] == '-' &&
                ndt_parse_duration(optarg + 1, &c->checkpoint_secs))
                usage_error("--checkpoint: '%s' must be longer than 0",
                    optarg);
            else if (!ndt_parse_duration(optarg, &c->checkpoint_secs))
                usage_error(errno == ERANGE ? "--checkpoint: '%s' is out "
                    "of range: at most 1000000000000 seconds (some 31,700 "
                    "years)" : "--checkpoint: '%s' is neither a number of "
                    "records nor a duration such as 30s or 5m", optarg);
            else if (c->checkpoint_secs <= 0)
                usage_error("--checkpoint: '%s' must be longer than 0",
                    optarg);
            break;
        case OPT_WINDOW_TIME:
            c->opts.window_time = parse_duration("--window-time", optarg);
            break;
        case OPT_STOPWORDS:
            c->stopwords_path = optarg;
            break;
        case OPT_TIME_FIELD:
            if (!ndj_path_ok(optarg))
                usage_error("--time-field: '%s' is not a field path", optarg);
            c->time_field = optarg;
            break;
        case OPT_ID_FIELD:
            if (!ndj_path_ok(optarg))
                usage_error("--id-field: '%s' is not a field path", optarg);
            c->id_field = optarg;
            break;
        case OPT_MAX_BYTES:
            c->max_bytes = parse_bytes("--max-bytes", optarg);
            break;
        case OPT_PERM:
            c->opts.perm = (uint32_t)parse_u64("--perm", optarg, 1,
                NDC_MAX_PERM);
            near_only = "--perm";
            break;
        case OPT_REJECTS:
            c->rejects_path = optarg;
            break;
        case OPT_SEED:
            c->opts.seed = parse_u64("--seed", optarg, 0, UINT64_MAX);
            break;
        case OPT_SHINGLE:
            c->opts.shingle = (uint32_t)parse_u64("--shingle", optarg, 0,
                NDC_MAX_SHINGLE);
            near_only = "--shingle";
            break;
        case OPT_STATS:
            c->stats = true;
            break;
        case OPT_STRICT:
            c->strict = true;
            break;
        case OPT_UNBUFFERED:
            c->unbuffered = true;
            break;
        case ':':
            usage_error("%s: missing argument", argv[optind - 1]);
            break;
        default:
            if (optopt != 0 && optopt < 256)
                usage_error("-%c: unknown option", optopt);
            usage_error("%s: unknown option", argv[optind - 1]);
        }
    }
    if (c->n_fields == 0) {
        c->weights[0] = 1;
        c->fields[c->n_fields++] = "text";
    }
    if (c->opts.decay > 0 && c->time_field == NULL)
        usage_error("--decay: needs --time-field");
    if ((c->checkpoint_n > 0 || c->checkpoint_secs > 0) &&
        c->state_path == NULL)
        usage_error("--checkpoint: needs --state");
    if (c->opts.window_time > 0 && c->time_field == NULL)
        usage_error("--window-time: needs --time-field");
    if (c->opts.mode != NDC_MODE_STORY && (c->opts.decay > 0 ||
        c->stopwords_path != NULL))
        usage_error("%s: only with -m story", c->opts.decay > 0 ?
            "--decay" : "--stopwords");
    if (c->opts.mode != NDC_MODE_STORY && c->time_field != NULL &&
        c->opts.window_time == 0)
        usage_error("--time-field: unused in near mode without "
            "--window-time");
    if (c->opts.mode == NDC_MODE_STORY && near_only != NULL)
        usage_error("%s: only with -m near", near_only);
    /* Without --bands, keep the default number of rows per band. */
    if (!bands_set && c->opts.perm != NDC_DEFAULT_PERM) {
        uint32_t rows = NDC_DEFAULT_PERM / NDC_DEFAULT_BANDS;

        c->opts.bands = c->opts.perm >= rows ? c->opts.perm / rows : 1;
    }
    if (c->opts.bands > c->opts.perm)
        usage_error("--bands: %u is more than --perm %u", c->opts.bands,
            c->opts.perm);
}

static void
print_stats(run *r, double secs)
{
    ndc_stats st;

    ndc_ctx_stats(r->ctx, &st);
    fprintf(stderr, "{\"records\":%" PRIu64 ",\"clusters\":%" PRIu64
        ",\"rejected\":%" PRIu64 ",\"no_text\":%" PRIu64
        ",\"blank\":%" PRIu64 ",\"written\":%" PRIu64
        ",\"seconds\":%.3f,\"records_per_s\":%.0f"
        ",\"peak_window\":%" PRIu64 ",\"bytes_per_window_record\":%.0f}\n",
        st.records, st.clusters, r->bad, st.no_text, r->blank, r->written,
        secs, secs > 0 ? (double)(st.records - r->records_before) / secs :
        0.0, st.window_peak,
        (double)st.mem_bytes / r->c->opts.window);
}

static double
now(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Reads all of path into b; false with a message naming it if not. */
static bool
read_file(const char *path, ndci_buf *b)
{
    char chunk[65536];
    int fd = open(path, O_RDONLY);
    ssize_t n;

    if (fd < 0) {
        warnmsg("%s: cannot read the --stopwords file: %s", path,
            strerror(errno));
        return false;
    }
    while ((n = read(fd, chunk, sizeof(chunk))) != 0) {
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            warnmsg("%s: cannot read the --stopwords file: %s", path,
                strerror(errno));
            close(fd);
            return false;
        }
        if (!ndci_buf_append(b, chunk, (size_t)n))
            nomem();
    }
    close(fd);
    return true;
}

int
main(int argc, char **argv)
{
    cli c;
    run r;
    ndci_buf in = {0}, stop = {0};
    const char *keys[1 + N_ANNOT];
    char *key_names[N_ANNOT] = {0};
    double t0 = now();
    ndc_status st;
    int i, n_files;
    size_t k;

    memset(&c, 0, sizeof(c));
    memset(&r, 0, sizeof(r));
    parse_args(&c, argc, argv);
    r.c = &c;
    keys[0] = c.key;
    /* Replace only the members this run writes: KEY and KEY_what. */
    for (k = 0; k < c.n_annot; k++) {
        const char *what = annot_names[annot_index(c.annot_order[k])];
        size_t n = strlen(c.key) + strlen(what) + 2;

        key_names[k] = malloc(n);
        if (key_names[k] == NULL)
            nomem();
        snprintf(key_names[k], n, "%s_%s", c.key, what);
        keys[1 + k] = key_names[k];
    }
    if (c.stopwords_path != NULL && !read_file(c.stopwords_path, &stop)) {
        r.status = 1;
        goto out;
    }
    c.opts.stopwords = stop.data != NULL ? stop.data : "";
    c.opts.stopwords_len = stop.len;
    if (c.stopwords_path == NULL)
        c.opts.stopwords = NULL;
    st = ndc_ctx_create(&r.ctx, &c.opts);
    if (st == NDC_ERR_NOMEM) {
        warnmsg("cannot start: out of memory for a window of %" PRIu32
            " records (-w)", c.opts.window);
        r.status = 1;
        goto out;
    }
    if (st != NDC_OK) {
        warnmsg("cannot start: %s", ndc_strerror(st));
        r.status = 1;
        goto out;
    }
    if (c.time_field != NULL)
        c.fields[c.n_fields] = c.time_field;
    r.json = ndj_new(c.fields, c.n_fields + (c.time_field != NULL),
        c.id_field, keys, 1 + c.n_annot);
    r.out = malloc(OUT_CAP);
    r.texts = calloc(c.n_fields, sizeof(ndc_field));
    if (r.json == NULL || r.out == NULL || r.texts == NULL)
        nomem();
    if (c.id_field != NULL) {
        r.ids.cap = c.opts.window;
        r.ids.record = ndci_calloc(r.ids.cap, sizeof(uint64_t));
        r.ids.id = ndci_calloc(r.ids.cap, sizeof(ndci_buf));
        if (r.ids.record == NULL || r.ids.id == NULL)
            nomem();
    }
    if (c.state_path != NULL) {
        ndc_stats before;

        if (!state_load(&r)) {
            r.status = 1;
            goto out;
        }
        r.saved_at = now();
        ndc_ctx_stats(r.ctx, &before);
        r.records_before = before.records;
    }
    {
        struct sigaction sa, old;
        sigset_t block;

        memset(&sa, 0, sizeof(sa));
        sa.sa_handler = on_signal;
        sigemptyset(&sa.sa_mask);
        /* A SIGINT ignored at start (a background job) stays ignored. */
        if (sigaction(SIGINT, NULL, &old) == 0 && old.sa_handler != SIG_IGN)
            sigaction(SIGINT, &sa, NULL);
        sigaction(SIGTERM, &sa, NULL);
        sigemptyset(&block);
        sigaddset(&block, SIGINT);
        sigaddset(&block, SIGTERM);
        sigprocmask(SIG_BLOCK, &block, &wait_mask);
        sigdelset(&wait_mask, SIGINT);
        sigdelset(&wait_mask, SIGTERM);
    }
    r.t0 = now();
    if (isatty(STDERR_FILENO))
        r.progress_at = r.t0 + 1.0;     /* from the second second on */
    if (c.rejects_path != NULL) {
        r.rejects = fopen(c.rejects_path, "w");
        if (r.rejects == NULL) {
            warnmsg("%s: cannot open the --rejects file: %s",
                c.rejects_path, strerror(errno));
            r.status = 1;
            goto out;
        }
    }
    n_files = argc - optind;
    for (i = 0; i < (n_files > 0 ? n_files : 1) && !r.stop && !got_signal;
        i++) {
        const char *name = n_files > 0 ? argv[optind + i] : "-";
        int fd = STDIN_FILENO;

        if (strcmp(name, "-") == 0) {
            r.fname = "<stdin>";
        } else {
            r.fname = name;
            fd = open(name, O_RDONLY);
            if (fd < 0) {
                warnmsg("%s: %s", name, strerror(errno));
                r.status = 1;
                continue;
            }
        }
        do_file(&r, fd, &in);
        if (fd != STDIN_FILENO)
            close(fd);
    }
    out_flush(&r);
    if (r.progress_at > 0 && r.progress_at != r.t0 + 1.0)
        fputs("\r\033[K", stderr);    /* the progress line goes */
    if (c.state_path != NULL)
        state_save(&r);
    if (got_signal)
        r.status = 128 + got_signal;
    if (r.bad > MAX_LINE_MESSAGES)
        warnmsg("%" PRIu64 " lines refused in all", r.bad);
    if (r.time_warned > MAX_LINE_MESSAGES)
        warnmsg("%" PRIu64 " records without a usable time in all",
            r.time_warned);
    if (c.stats)
        print_stats(&r, now() - t0);
out:
    if (r.rejects != NULL && fclose(r.rejects) != 0) {
        warnmsg("%s: cannot write the --rejects file: %s", c.rejects_path,
            strerror(errno));
        r.status = 1;
    }
    if (r.ids.id != NULL)
        for (k = 0; k < r.ids.cap; k++)
            ndci_buf_free(&r.ids.id[k]);
    free(r.ids.id);
    free(r.ids.record);
    for (k = 0; k < N_ANNOT; k++)
        free(key_names[k]);
    for (k = 0; k < c.n_fields; k++)
        free(c.field_copy[k]);
    free(r.texts);
    ndci_buf_free(&stop);
    ndj_free(r.json);
    ndc_ctx_free(r.ctx);
    ndci_buf_free(&in);
    ndci_buf_free(&r.line_out);
    ndci_buf_free(&r.ins);
    ndci_buf_free(&r.key);
    free(r.out);
    return r.status;
}
