/*
 * cmd_help.c - the usage line and --help, printed from the table of
 * options (cmd_opts.h) with the defaults of the library and of the
 * command.
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
#define MAX_VALUES 2        /* defaults in the help of one option */

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
        return 2;
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
"its cluster added as \"cluster\":ID: near-duplicates (-m near) or articles\n"
"on the same story (-m story) share an id.\n\n", stdout);
    for (i = 0; i < cmd_n_opt_rows; i++)
        help_row(&cmd_opt_rows[i]);
    fputs("\n"
"With no file, or when file is -, reads standard input.\n"
"Exit status: 0 success, 1 refused lines or I/O error, 2 usage error.\n"
"See ndcluster(1).\n", stdout);
}
