/*
 * cmd_opts.c - the command line.  One table holds every option: its
 * names, its argument, the library option it sets (and so the modes it
 * applies to, from the library's registry of modes), what it needs, how
 * it is stored, and its help.  getopt_long's arguments and the checks
 * across options come from the table here; the usage line and --help
 * from it in cmd_help.c.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd_opts.h"

#define LONG_ONLY 256       /* getopt's value for row i is this plus i */
#define MODES_LEN 128       /* names of modes in a message */

static cmd_opt_setter set_annotate, set_field, set_help, set_key, set_mode,
    set_threshold, set_unique, set_version, set_window, set_jobs, set_bands,
    set_checkpoint, set_decay, set_horizon, set_id_field, set_keep_markup,
    set_max_bytes, set_perm, set_raw_input,
    set_rejects, set_seed, set_shingle, set_state, set_stats, set_stopwords,
    set_strict, set_time_field, set_unbuffered, set_window_time;

/* In the order of --help: short options, then long ones, alphabetical. */
const cmd_opt_row cmd_opt_rows[] = {
    {.name = "annotate", .letter = 'a', .arg = "list", .set = set_annotate,
     .help = "also add KEY_score, KEY_match, KEY_new, KEY_size,\n"
        "KEY_template (LIST: comma-separated subset of score,\n"
        "match,new,size,template; template with -m template)"},
    {.name = "field", .letter = 'f', .arg = "path", .help_arg = "PATH[:W]",
     .set = set_field, .shows = CMD_SHOW_TITLE_WEIGHT,
     .help = "text field, dotted path; repeat to join (default text);\n"
        "W weighs its words in story mode (default 1, and {}\n"
        "for a field named title or headline)"},
    {.name = "help", .letter = 'h', .set = set_help,
     .help = "print this help and exit"},
    {.name = "jobs", .letter = 'j', .arg = "n", .help_arg = "N",
     .set = set_jobs,
     .help = "prepare lines on N threads, 0 for one per core (default\n"
        "1); the output is the same for every N"},
    {.name = "key", .letter = 'k', .arg = "name", .set = set_key,
     .help = "name of the member added (default cluster)"},
    {.name = "mode", .letter = 'm', .arg = "mode", .set = set_mode,
     .help = "near (near-duplicates, the default), story (same\n"
        "story) or template (log lines of one statement)"},
    {.name = "raw-input", .letter = 'R', .set = set_raw_input,
     .excludes = {"field", "decay", "id-field", "time-field", "window-time"},
     .help = "read lines of text, not JSON: cluster each whole line\n"
        "and write it as {\"text\":LINE,\"cluster\":ID}"},
    {.name = "threshold", .letter = 't', .arg = "threshold", .help_arg = "X",
     .sets = NDC_OPT_THRESHOLD, .set = set_threshold,
     .shows = CMD_SHOW_THRESHOLDS,
     .help = "join a cluster at similarity >= X, 0..1: Jaccard in\n"
        "near mode (default {}), cosine in story ({}), tokens\n"
        "that agree in template ({})"},
    {.name = "unique", .letter = 'u', .set = set_unique,
     .help = "write only the first record of each cluster"},
    {.name = "version", .letter = 'V', .set = set_version,
     .help = "print the version and exit"},
    {.name = "window", .letter = 'w', .arg = "records", .help_arg = "N",
     .sets = NDC_OPT_WINDOW, .set = set_window, .shows = CMD_SHOW_WINDOW,
     .help = "records kept for comparison (default {})"},
    {.name = "bands", .arg = "n", .sets = NDC_OPT_BANDS, .set = set_bands,
     .shows = CMD_SHOW_BANDS, .help = "LSH bands, 1..perm (default {})"},
    {.name = "checkpoint", .arg = "n|dur", .needs = "state",
     .set = set_checkpoint,
     .help = "with --state, also save every N lines read or every\n"
        "DUR of time (e.g. 100000, 5m)"},
    {.name = "decay", .arg = "dur", .sets = NDC_OPT_DECAY,
     .needs = "time-field", .set = set_decay,
     .help = "story: similarity halves every DUR of time between a\n"
        "record and a cluster (e.g. 12h, 3d; default none)"},
    {.name = "horizon", .arg = "dur", .sets = NDC_OPT_HORIZON,
     .needs = "time-field", .set = set_horizon, .shows = CMD_SHOW_HORIZON,
     .help = "story: no record joins a cluster whose latest record\n"
        "is more than DUR older (default {}; 0: none)"},
    {.name = "id-field", .arg = "path", .set = set_id_field,
     .help = "record id that -a match reports instead of numbers"},
    {.name = "keep-markup", .sets = NDC_OPT_KEEP_MARKUP,
     .set = set_keep_markup,
     .help = "read HTML tags and &-references as words (by default\n"
        "tags and comments separate words, &amp; is &)"},
    {.name = "max-bytes", .arg = "n", .set = set_max_bytes,
     .help = "longest line accepted, suffix K, M or G (default 64M)"},
    {.name = "perm", .arg = "n", .sets = NDC_OPT_PERM, .set = set_perm,
     .shows = CMD_SHOW_PERM,
     .help = "MinHash values per record, 1..{} (default {})"},
    {.name = "rejects", .arg = "file", .set = set_rejects,
     .break_usage = true, .help = "copy refused lines to FILE"},
    {.name = "seed", .arg = "n", .sets = NDC_OPT_SEED, .set = set_seed,
     .help = "hashing seed (default 0)"},
    {.name = "shingle", .arg = "n", .sets = NDC_OPT_SHINGLE,
     .set = set_shingle, .shows = CMD_SHOW_SHINGLE,
     .help = "words per shingle, 1..{}, or 0 for single words\n"
        "and pairs of words together (default 0)"},
    {.name = "state", .arg = "file", .set = set_state,
     .help = "load the window from FILE if it exists, save it\n"
        "there at the end and on SIGHUP, SIGINT or SIGTERM"},
    {.name = "stats", .set = set_stats,
     .help = "print a JSON summary on stderr at the end"},
    {.name = "stopwords", .arg = "file", .sets = NDC_OPT_STOPWORDS,
     .set = set_stopwords,
     .help = "story: words to ignore, one or more a line, instead\n"
        "of the built-in English list"},
    {.name = "strict", .set = set_strict,
     .help = "stop at the first refused line"},
    {.name = "time-field", .arg = "path", .set = set_time_field,
     .help_below = true,
     .help = "record time: RFC 3339, or an epoch number in s, ms,\n"
        "us or ns by its size (for --decay, --horizon and\n"
        "--window-time)"},
    {.name = "unbuffered", .set = set_unbuffered,
     .help = "flush the output after every record"},
    {.name = "window-time", .arg = "dur", .sets = NDC_OPT_WINDOW_TIME,
     .needs = "time-field", .set = set_window_time,
     .help = "records older than the newest time seen minus DUR\n"
        "leave the window too (needs --time-field)"},
};

#define N_ROWS (sizeof(cmd_opt_rows) / sizeof(cmd_opt_rows[0]))
const size_t cmd_n_opt_rows = N_ROWS;

/* Which rows the command line gave, one bit each. */
typedef uint32_t row_set;
_Static_assert(N_ROWS <= 32, "a row_set has a bit for every row");

/* ---- the setters ---- */

static void
set_annotate(cmd_cli *c, const char *opt, const char *arg)
{
    cmd_parse_annot(c, opt, arg);
}

static void
set_field(cmd_cli *c, const char *opt, const char *arg)
{
    cmd_parse_field(c, opt, arg);
}

static void
set_help(cmd_cli *c, const char *opt, const char *arg)
{
    (void)c, (void)opt, (void)arg;
    cmd_help();
    cmd_exit_stdout();
}

static void
set_key(cmd_cli *c, const char *opt, const char *arg)
{
    if (*arg == '\0')
        cmd_usage_error("%s: the key name is empty", opt);
    c->key = arg;
}

/*
 * The names of the modes that read option bit of ndc_opts (of all modes
 * for bit 0), from the library's registry: "a", "a or b", "a, b or c".
 */
static void
mode_names(char *buf, size_t size, unsigned bit)
{
    size_t n = 0, k = 0, len = 0;
    ndc_mode m;

    for (m = 0; ndc_mode_name(m) != NULL; m++)
        n += bit == 0 || ndc_mode_uses(m, (ndc_opt)bit);
    buf[0] = '\0';
    for (m = 0; ndc_mode_name(m) != NULL && len < size; m++) {
        int w;

        if (bit != 0 && !ndc_mode_uses(m, (ndc_opt)bit))
            continue;
        k++;
        w = snprintf(buf + len, size - len, "%s%s", k == 1 ? "" :
            k == n ? " or " : ", ", ndc_mode_name(m));
        len += w > 0 ? (size_t)w : 0;
    }
}

/* -m NAME, a mode of the library's registry. */
static void
set_mode(cmd_cli *c, const char *opt, const char *arg)
{
    char names[MODES_LEN];

    if (ndc_mode_from_name(arg, &c->opts.mode) == NDC_OK)
        return;
    mode_names(names, sizeof(names), 0);
    cmd_usage_error("%s: unknown mode '%s' (expected %s)", opt, arg, names);
}

static void
set_jobs(cmd_cli *c, const char *opt, const char *arg)
{
    uint64_t n = cmd_parse_u64(opt, arg, 0, CMD_MAX_JOBS);

    if (n == 0) {       /* one per core */
        long cores = sysconf(_SC_NPROCESSORS_ONLN);

        n = cores < 1 ? 1 : cores > (long)CMD_MAX_JOBS ? CMD_MAX_JOBS :
            (uint64_t)cores;
    }
    c->jobs = (unsigned)n;
}

static void
set_raw_input(cmd_cli *c, const char *opt, const char *arg)
{
    (void)opt, (void)arg;
    c->raw = true;
}

static void
set_threshold(cmd_cli *c, const char *opt, const char *arg)
{
    c->opts.threshold = cmd_parse_unit(opt, arg);
}

static void
set_unique(cmd_cli *c, const char *opt, const char *arg)
{
    (void)opt, (void)arg;
    c->unique = true;
}

static void
set_version(cmd_cli *c, const char *opt, const char *arg)
{
    (void)c, (void)opt, (void)arg;
    printf(CMD_PROG " %s\n", ndc_version());
    cmd_exit_stdout();
}

static void
set_window(cmd_cli *c, const char *opt, const char *arg)
{
    c->opts.window = (uint32_t)cmd_parse_u64(opt, arg, 1, NDC_MAX_WINDOW);
}

static void
set_bands(cmd_cli *c, const char *opt, const char *arg)
{
    c->opts.bands = (uint32_t)cmd_parse_u64(opt, arg, 1, NDC_MAX_PERM);
}

static void
set_checkpoint(cmd_cli *c, const char *opt, const char *arg)
{
    cmd_parse_checkpoint(c, opt, arg);
}

static void
set_decay(cmd_cli *c, const char *opt, const char *arg)
{
    c->opts.decay = cmd_parse_duration(opt, arg);
}

/* --horizon 0 turns the mode's default horizon off. */
static void
set_horizon(cmd_cli *c, const char *opt, const char *arg)
{
    c->opts.horizon = strcmp(arg, "0") == 0 ? 0.0 :
        cmd_parse_duration(opt, arg);
}

static void
set_id_field(cmd_cli *c, const char *opt, const char *arg)
{
    if (!ndj_path_ok(arg))
        cmd_usage_error("%s: '%s' is not a field path", opt, arg);
    c->id_field = arg;
}

static void
set_keep_markup(cmd_cli *c, const char *opt, const char *arg)
{
    (void)opt, (void)arg;
    c->opts.keep_markup = true;
}

static void
set_max_bytes(cmd_cli *c, const char *opt, const char *arg)
{
    c->max_bytes = cmd_parse_bytes(opt, arg);
}

static void
set_perm(cmd_cli *c, const char *opt, const char *arg)
{
    c->opts.perm = (uint32_t)cmd_parse_u64(opt, arg, 1, NDC_MAX_PERM);
}

static void
set_rejects(cmd_cli *c, const char *opt, const char *arg)
{
    (void)opt;
    c->rejects_path = arg;
}

static void
set_seed(cmd_cli *c, const char *opt, const char *arg)
{
    c->opts.seed = cmd_parse_u64(opt, arg, 0, UINT64_MAX);
}

static void
set_shingle(cmd_cli *c, const char *opt, const char *arg)
{
    c->opts.shingle = (uint32_t)cmd_parse_u64(opt, arg, 0,
        NDC_MAX_SHINGLE);
}

static void
set_state(cmd_cli *c, const char *opt, const char *arg)
{
    if (*arg == '\0')
        cmd_usage_error("%s: the file name is empty", opt);
    c->state_path = arg;
}

static void
set_stats(cmd_cli *c, const char *opt, const char *arg)
{
    (void)opt, (void)arg;
    c->stats = true;
}

static void
set_stopwords(cmd_cli *c, const char *opt, const char *arg)
{
    (void)opt;
    c->stopwords_path = arg;
}

static void
set_strict(cmd_cli *c, const char *opt, const char *arg)
{
    (void)opt, (void)arg;
    c->strict = true;
}

static void
set_time_field(cmd_cli *c, const char *opt, const char *arg)
{
    if (!ndj_path_ok(arg))
        cmd_usage_error("%s: '%s' is not a field path", opt, arg);
    c->time_field = arg;
}

static void
set_unbuffered(cmd_cli *c, const char *opt, const char *arg)
{
    (void)opt, (void)arg;
    c->unbuffered = true;
}

static void
set_window_time(cmd_cli *c, const char *opt, const char *arg)
{
    c->opts.window_time = cmd_parse_duration(opt, arg);
}

/* ---- parsing ---- */

const char *
cmd_opt_name(const cmd_opt_row *o, char buf[CMD_OPT_NAME_LEN])
{
    if (o->letter != 0)
        snprintf(buf, CMD_OPT_NAME_LEN, "-%c", o->letter);
    else
        snprintf(buf, CMD_OPT_NAME_LEN, "--%s", o->name);
    return buf;
}

/* The row of a long name, or NULL. */
static const cmd_opt_row *
row_named(const char *name)
{
    size_t i;

    for (i = 0; i < N_ROWS; i++)
        if (strcmp(cmd_opt_rows[i].name, name) == 0)
            return &cmd_opt_rows[i];
    return NULL;
}

/* The row that getopt_long's value ch stands for, or NULL. */
static const cmd_opt_row *
row_of(int ch)
{
    size_t i;

    if (ch >= LONG_ONLY && (size_t)(ch - LONG_ONLY) < N_ROWS)
        return &cmd_opt_rows[ch - LONG_ONLY];
    for (i = 0; i < N_ROWS; i++)
        if (cmd_opt_rows[i].letter != 0 && cmd_opt_rows[i].letter == ch)
            return &cmd_opt_rows[i];
    return NULL;
}

static bool
given(row_set set, const cmd_opt_row *o)
{
    return o != NULL && (set & (row_set)1 << (o - cmd_opt_rows)) != 0;
}

/* getopt_long's arguments from the table. */
static void
getopt_tables(char *shorts, struct option *longs)
{
    size_t i, n = 0;

    shorts[n++] = '-';      /* operands in order, as 1: see read_options */
    shorts[n++] = ':';      /* report a missing argument as ':' */
    for (i = 0; i < N_ROWS; i++) {
        const cmd_opt_row *o = &cmd_opt_rows[i];

        longs[i].name = o->name;
        longs[i].has_arg = o->arg != NULL ? required_argument : no_argument;
        longs[i].flag = NULL;
        longs[i].val = o->letter != 0 ? o->letter : LONG_ONLY + (int)i;
        if (o->letter != 0) {
            shorts[n++] = o->letter;
            if (o->arg != NULL)
                shorts[n++] = ':';
        }
    }
    shorts[n] = '\0';
    longs[N_ROWS] = (struct option){NULL, 0, NULL, 0};
}

/*
 * Keeps the operands that getopt_long returns in order (ch 1, in its
 * "-" mode) after the options, as glibc's permutation would: argv[1] up
 * to optind holds the options read so far, then the *n_ops operands
 * from *ops_at on.  The places that getopt_long has just passed over,
 * from the end of the operands to optind, join the operands if they
 * held one, or else move before them.
 */
static void
keep_operands_last(char **argv, int ch, int *ops_at, int *n_ops)
{
    int i;

    if (ch == 1) {
        (*n_ops)++;
        return;
    }
    for (i = *ops_at + *n_ops; i < optind; i++) {
        char *opt = argv[i];

        memmove(&argv[*ops_at + 1], &argv[*ops_at],
            (size_t)*n_ops * sizeof(*argv));
        argv[(*ops_at)++] = opt;
    }
}

/*
 * Reads the options into c; returns the rows given.  Options may follow
 * operands whatever the environment: in its "-" mode getopt_long
 * returns the operands in order, which POSIXLY_CORRECT does not change
 * (it would end the options at the first operand), and they are kept
 * after the options.  optind is then the first operand, before those
 * that follow "--".
 */
static row_set
read_options(cmd_cli *c, int argc, char **argv)
{
    char shorts[2 + 2 * N_ROWS + 1], name[CMD_OPT_NAME_LEN];
    struct option longs[N_ROWS + 1];
    row_set set = 0;
    int ch, ops_at = 1, n_ops = 0;

    getopt_tables(shorts, longs);
    opterr = 0;
    while ((ch = getopt_long(argc, argv, shorts, longs, NULL)) != -1) {
        const cmd_opt_row *o = row_of(ch);
        const char *last = argv[optind - 1];    /* a long option's */

        keep_operands_last(argv, ch, &ops_at, &n_ops);
        if (ch == 1) {
            continue;
        } else if (o != NULL) {
            set |= (row_set)1 << (o - cmd_opt_rows);
            o->set(c, cmd_opt_name(o, name), optarg);
        } else if (ch == ':') {
            cmd_usage_error("%s: missing argument", last);
        } else if (optopt != 0 && row_of(optopt) == NULL) {
            cmd_usage_error("-%c: unknown option", optopt);
        } else {
            /* A long one: unknown, ambiguous, or given an argument. */
            cmd_bad_long_option(last, row_of(optopt));
        }
    }
    keep_operands_last(argv, -1, &ops_at, &n_ops);    /* and "--" */
    optind = ops_at;
    return set;
}

/* The first option given that o excludes, or NULL. */
static const cmd_opt_row *
excluded(row_set set, const cmd_opt_row *o)
{
    size_t k;

    for (k = 0; k < CMD_OPT_MAX_EXCLUDES && o->excludes[k] != NULL; k++)
        if (given(set, row_named(o->excludes[k])))
            return row_named(o->excludes[k]);
    return NULL;
}

/*
 * The checks across options, from the table: two options that exclude
 * each other (first, since what an option needs may be what another
 * excludes), an option without the one it needs, then an option of
 * ndc_opts that the mode does not read.
 */
static void
check_rows(const cmd_cli *c, row_set set)
{
    char name[CMD_OPT_NAME_LEN], other[CMD_OPT_NAME_LEN], modes[MODES_LEN];
    size_t i;

    for (i = 0; i < N_ROWS; i++) {
        const cmd_opt_row *o = &cmd_opt_rows[i];
        const cmd_opt_row *x = given(set, o) ? excluded(set, o) : NULL;

        if (x != NULL)
            cmd_usage_error("%s: cannot be used with %s",
                cmd_opt_name(o, name), cmd_opt_name(x, other));
    }
    for (i = 0; i < N_ROWS; i++) {
        const cmd_opt_row *o = &cmd_opt_rows[i];

        if (given(set, o) && o->needs != NULL &&
            !given(set, row_named(o->needs)))
            cmd_usage_error("%s: needs --%s", cmd_opt_name(o, name),
                o->needs);
    }
    for (i = 0; i < N_ROWS; i++) {
        const cmd_opt_row *o = &cmd_opt_rows[i];

        if (given(set, o) && o->sets != 0 &&
            !ndc_mode_uses(c->opts.mode, (ndc_opt)o->sets)) {
            mode_names(modes, sizeof(modes), o->sets);
            cmd_usage_error("%s: only with -m %s", cmd_opt_name(o, name),
                modes);
        }
    }
}

void
cmd_opts_parse(cmd_cli *c, int argc, char **argv)
{
    row_set set;
    size_t i;

    memset(c, 0, sizeof(*c));
    ndc_opts_init(&c->opts);
    c->key = "cluster";
    c->max_bytes = CMD_DEFAULT_MAX_BYTES;
    c->jobs = 1;
    set = read_options(c, argc, argv);
    if (c->n_fields == 0) {
        c->weights[0] = 1;
        c->fields[c->n_fields++] = "text";
    }
    check_rows(c, set);
    for (i = 0; i < c->n_annot; i++)
        if (c->annot_order[i] == CMD_A_TEMPLATE &&
            !ndc_mode_labels(c->opts.mode))
            cmd_usage_error("-a: template only with -m template");
    /* -R writes the line as a member of this name: -k cannot take it. */
    if (c->raw && strcmp(c->key, CMD_RAW_MEMBER) == 0)
        cmd_usage_error("-k: '%s' holds the line with -R", c->key);
    /* The record time serves --decay, and --window-time in every mode. */
    if (c->time_field != NULL && c->opts.window_time == 0 &&
        !ndc_mode_uses(c->opts.mode, NDC_OPT_DECAY))
        cmd_usage_error("--time-field: unused in %s mode without "
            "--window-time", ndc_mode_name(c->opts.mode));
    /* Without --bands, bands stays 0: the library keeps the default
       number of rows per band for any --perm. */
    if (given(set, row_named("bands")) && c->opts.bands > c->opts.perm)
        cmd_usage_error("--bands: %u is more than --perm %u", c->opts.bands,
            c->opts.perm);
}
