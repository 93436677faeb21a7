/*
 * cmd_help.c - the usage line and --help, printed from the table of
 * options (cmd_opts.h) with the defaults of the library and of the
 * command; and the message about a long option that is not one of the
 * table, which names the options meant.
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "cmd_opts.h"

#define USAGE_HEAD "usage: " CMD_PROG " "
#define USAGE_INDENT (sizeof(USAGE_HEAD) - 1)   /* of its later lines */
#define USAGE_WIDTH 79      /* longest line of the usage */
#define HELP_COLUMN 24      /* where the help text of an option starts */
#define VALUE_LEN 24        /* a default shown in the help */
#define MAX_VALUES 3        /* defaults in the help of one option */
#define NEAR_MAX 2          /* edits from a name to the one suggested */
#define LIST_LEN 512        /* the options that an abbreviation fits */

/* Puts one item of the usage line, starting a new line before it when
   the line would grow too long, or when brk says so. */
static void
usage_item(FILE *f, size_t *col, const char *item, bool brk)
{
    size_t len = strlen(item);

    if (brk || *col + 1 + len > USAGE_WIDTH) {
        fprintf(f, "\n%*s", (int)USAGE_INDENT, "");
        *col = USAGE_INDENT;
    } else if (*col > USAGE_INDENT) {
        fputc(' ', f);
        (*col)++;
    }
    fputs(item, f);
    *col += len;
}

/* The usage line: flags, then short options with arguments, then long
   ones, in the order of the table, as style(9) has it. */
void
cmd_usage(FILE *f)
{
    char item[CMD_OPT_NAME_LEN * 2] = "[-";
    size_t i, col = USAGE_INDENT, n = 2;

    fputs(USAGE_HEAD, f);
    for (i = 0; i < cmd_n_opt_rows; i++)
        if (cmd_opt_rows[i].letter != 0 && cmd_opt_rows[i].arg == NULL)
            item[n++] = cmd_opt_rows[i].letter;
    item[n++] = ']';
    item[n] = '\0';
    usage_item(f, &col, item, false);
    for (i = 0; i < cmd_n_opt_rows; i++) {
        const cmd_opt_row *o = &cmd_opt_rows[i];
        char name[CMD_OPT_NAME_LEN];

        if (o->letter != 0 && o->arg == NULL)
            continue;
        snprintf(item, sizeof(item), "[%s%s%s]", cmd_opt_name(o, name),
            o->arg != NULL ? " " : "", o->arg != NULL ? o->arg : "");
        usage_item(f, &col, item, o->break_usage);
    }
    usage_item(f, &col, "[file ...]", false);
    fputc('\n', f);
}

/* The defaults that the help of o shows, from the library and the
   command; returns how many. */
static size_t
defaults_of(const cmd_opt_row *o, char v[MAX_VALUES][VALUE_LEN])
{
    switch (o->shows) {
    case CMD_SHOW_TITLE_WEIGHT:
        snprintf(v[0], VALUE_LEN, "%g", CMD_TITLE_WEIGHT);
        return 1;
    case CMD_SHOW_THRESHOLDS:
        snprintf(v[0], VALUE_LEN, "%.2f", ndc_mode_threshold(NDC_MODE_NEAR));
        snprintf(v[1], VALUE_LEN, "%.2f",
            ndc_mode_threshold(NDC_MODE_STORY));
        snprintf(v[2], VALUE_LEN, "%.2f",
            ndc_mode_threshold(NDC_MODE_TEMPLATE));
        return 3;
    case CMD_SHOW_WINDOW:
        snprintf(v[0], VALUE_LEN, "%u", NDC_DEFAULT_WINDOW);
        return 1;
    case CMD_SHOW_BANDS:
        snprintf(v[0], VALUE_LEN, "%u", NDC_DEFAULT_BANDS);
        return 1;
    case CMD_SHOW_PERM:
        snprintf(v[0], VALUE_LEN, "%u", NDC_MAX_PERM);
        snprintf(v[1], VALUE_LEN, "%u", NDC_DEFAULT_PERM);
        return 2;
    case CMD_SHOW_SHINGLE:
        snprintf(v[0], VALUE_LEN, "%u", NDC_MAX_SHINGLE);
        return 1;
    case CMD_SHOW_HORIZON:
        snprintf(v[0], VALUE_LEN, "%gd", NDC_DEFAULT_STORY_HORIZON / 86400);
        return 1;
    default:
        return 0;
    }
}

/* One option in --help: its names and argument, and its help text in a
   column, each "{}" replaced by a default. */
static void
help_row(const cmd_opt_row *o)
{
    char label[HELP_COLUMN * 2], v[MAX_VALUES][VALUE_LEN];
    size_t n_v = defaults_of(o, v), k = 0, i, len;
    const char *s;

    if (o->letter != 0)
        snprintf(label, sizeof(label), "  -%c, --%s", o->letter, o->name);
    else
        snprintf(label, sizeof(label), "      --%s", o->name);
    len = strlen(label);
    if (o->arg != NULL) {
        snprintf(label + len, sizeof(label) - len, " %s",
            o->help_arg != NULL ? o->help_arg : o->arg);
        for (i = len + 1; label[i] != '\0'; i++)
            label[i] = (char)toupper((unsigned char)label[i]);
    }
    len = strlen(label);
    if (o->help_below || len >= HELP_COLUMN)
        printf("%s\n%*s", label, HELP_COLUMN, "");
    else
        printf("%s%*s", label, (int)(HELP_COLUMN - len), "");
    for (s = o->help; *s != '\0'; s++) {
        if (s[0] == '{' && s[1] == '}' && k < n_v) {
            fputs(v[k++], stdout);
            s++;
        } else if (*s == '\n') {
            printf("\n%*s", HELP_COLUMN, "");
        } else {
            putchar(*s);
        }
    }
    putchar('\n');
}

void
cmd_help(void)
{
    size_t i;

    cmd_usage(stdout);
    fputs("\n"
"Reads NDJSON records and writes each one back, unchanged, with the id of\n"
"its cluster added as \"cluster\":ID: near-duplicates (-m near), articles\n"
"on the same story (-m story) or log lines of one statement (-m template)\n"
"share an id.  With -R, each line of text is a record.\n\n", stdout);
    for (i = 0; i < cmd_n_opt_rows; i++)
        help_row(&cmd_opt_rows[i]);
    fputs("\n"
"With no file, or when file is -, reads standard input.  Options may\n"
"follow files; -- ends them.\n"
"Exit status: 0 success, 1 refused lines or I/O error, 2 usage error;\n"
"129, 130 or 143 after SIGHUP, SIGINT or SIGTERM, with the output and\n"
"the state written.\n"
"See ndcluster(1).\n", stdout);
}

/* ---- a bad long option ---- */

/*
 * The number of edits (insert, delete or change a character, or swap
 * two neighbours) from a[0..a_len) to the NUL-terminated name b, both
 * shorter than CMD_OPT_NAME_LEN (the optimal string alignment distance).
 */
static size_t
edits(const char *a, size_t a_len, const char *b)
{
    size_t d[3][CMD_OPT_NAME_LEN + 1], b_len = strlen(b), i, j;

    for (j = 0; j <= b_len; j++)
        d[0][j] = j;
    for (i = 1; i <= a_len; i++) {
        size_t *row = d[i % 3], *up = d[(i - 1) % 3];
        size_t *up2 = d[(i + 1) % 3];       /* two rows up */

        row[0] = i;
        for (j = 1; j <= b_len; j++) {
            size_t cost = a[i - 1] != b[j - 1], v = up[j - 1] + cost;

            if (up[j] + 1 < v)
                v = up[j] + 1;
            if (row[j - 1] + 1 < v)
                v = row[j - 1] + 1;
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] &&
                a[i - 2] == b[j - 1] && up2[j - 2] + 1 < v)
                v = up2[j - 2] + 1;
            row[j] = v;
        }
    }
    return d[a_len % 3][b_len];
}

/* The option closest to the unknown name[0..len), if it is near enough
   to be a typing error (NEAR_MAX edits, and at most half the name);
   NULL if none. */
static const cmd_opt_row *
closest(const char *name, size_t len)
{
    const cmd_opt_row *best = NULL;
    size_t i, best_d = NEAR_MAX + 1;

    if (len >= CMD_OPT_NAME_LEN)
        return NULL;
    for (i = 0; i < cmd_n_opt_rows; i++) {
        size_t d = edits(name, len, cmd_opt_rows[i].name);

        if (d < best_d && 2 * d <= len) {
            best = &cmd_opt_rows[i];
            best_d = d;
        }
    }
    return best;
}

void
cmd_bad_long_option(const char *arg, const cmd_opt_row *o)
{
    const char *name = arg + 2;
    size_t len = strcspn(name, "="), i, n = 0, used = 0;
    char list[LIST_LEN] = "";

    if (o != NULL)
        cmd_usage_error("--%s: takes no argument", o->name);
    if (strncmp(arg, "--", 2) != 0 || len == 0)
        cmd_usage_error("%s: unknown option", arg);
    for (i = 0; i < cmd_n_opt_rows; i++) {
        const char *full = cmd_opt_rows[i].name;
        int w;

        if (strncmp(full, name, len) != 0)
            continue;
        if (full[len] == '\0')      /* whole, so not what went wrong */
            cmd_usage_error("%.*s: unknown option", (int)len + 2, arg);
        w = snprintf(list + used, sizeof(list) - used, "%s--%s",
            n > 0 ? ", " : "", full);
        if (w > 0 && (size_t)w < sizeof(list) - used)
            used += (size_t)w;
        n++;
    }
    if (n > 1)
        cmd_usage_error("%.*s: ambiguous option: could be %s", (int)len + 2,
            arg, list);
    o = n == 0 ? closest(name, len) : NULL;
    if (o != NULL)
        cmd_usage_error("%.*s: unknown option; did you mean --%s?",
            (int)len + 2, arg, o->name);
    cmd_usage_error("%.*s: unknown option", (int)len + 2, arg);
}
