/*
 * cmd_opts.h - the table of options, shared by cmd_opts.c (which holds
 * it and parses the command line by it) and cmd_help.c (which prints the
 * usage line, --help and the messages about a bad long option from
 * it).  Private to those two files.
 */
#ifndef NDC_CMD_OPTS_H
#define NDC_CMD_OPTS_H

#include <stdbool.h>
#include <stddef.h>

#include "cmd.h"

#define CMD_OPT_NAME_LEN 32     /* "--" and a long name, with its NUL */
#define CMD_OPT_MAX_EXCLUDES 5  /* options that one option excludes */

/* Stores the argument of an option (NULL for a flag) into c; opt is
   the option as messages name it ("-w", "--bands"). */
typedef void cmd_opt_setter(cmd_cli *c, const char *opt, const char *arg);

/* The defaults that an option's help shows, at each "{}" of it. */
typedef enum cmd_shown {
    CMD_SHOW_NONE = 0, CMD_SHOW_TITLE_WEIGHT, CMD_SHOW_THRESHOLDS,
    CMD_SHOW_WINDOW, CMD_SHOW_BANDS, CMD_SHOW_PERM, CMD_SHOW_SHINGLE,
    CMD_SHOW_HORIZON
} cmd_shown;

/* One option.  Rows are in the order of --help: short options, then
   long ones, alphabetical. */
typedef struct cmd_opt_row {
    const char *name;       /* long name, without "--" */
    char letter;            /* short name, or 0 for none */
    const char *arg;        /* the argument as the usage line (and the
                               man page's SYNOPSIS) names it; NULL: a
                               flag */
    const char *help_arg;   /* as --help names it; NULL: arg in capitals */
    unsigned sets;          /* the NDC_OPT_* of ndc_opts it sets, which
                               the modes that use it read; 0: the
                               command's own, for every mode */
    const char *needs;      /* the long name of an option it needs */
    const char *excludes[CMD_OPT_MAX_EXCLUDES + 1];
                            /* long names of options it cannot go
                               with, up to a NULL */
    cmd_opt_setter *set;
    const char *help;       /* lines of help; "{}": a default */
    cmd_shown shows;
    bool break_usage;       /* start a line of the usage with it */
    bool help_below;        /* start its help on the next line */
} cmd_opt_row;

extern const cmd_opt_row cmd_opt_rows[];
extern const size_t cmd_n_opt_rows;

/* The option of row o as messages name it: "-w" or "--bands". */
const char *cmd_opt_name(const cmd_opt_row *o, char buf[CMD_OPT_NAME_LEN]);
/* Prints --help on stdout. */
void cmd_help(void);
/*
 * The usage error of a long option that getopt_long refused, given as
 * arg ("--name" or "--name=value"): an option given an argument it does
 * not take (row o, if getopt_long named it), an abbreviation of more
 * than one option, which it lists, or an unknown one, with the closest
 * option's name if one is close.  Exits 2.
 */
void cmd_bad_long_option(const char *arg, const cmd_opt_row *o)
    CMD_NORETURN;

#endif /* NDC_CMD_OPTS_H */
