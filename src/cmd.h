/*
 * cmd.h - the ndcluster command's private header: its settings, the
 * state of one run, and the functions its files share.  The command is
 * one client of libndcluster and sees only include/ndcluster.h.
 *
 * The files, by job:
 *   main.c        main(): the steps of a run, in order
 *   cmd_opts.c    the table of options (cmd_opts.h), and parsing by it
 *   cmd_help.c    the usage line and --help, from the table
 *   cmd_optval.c  option values: numbers, sizes, durations, -f, -a
 *   cmd_run.c     a run's start (the context) and end; the clock
 *   cmd_input.c   files and the line splitter over read(2), --max-bytes,
 *                 waiting for input, SIGHUP, SIGINT and SIGTERM,
 *                 --stopwords
 *   cmd_record.c  one line: checks, parse, fields, time, annotation
 *   cmd_raw.c     -R: one line of text as the record's text
 *   cmd_output.c  the output buffer, EPIPE, --rejects
 *   cmd_diag.c    every message on stderr, --stats, the progress line
 *   cmd_state.c   the command's part of --state: settings, the id ring,
 *                 the lock
 *   cmd_buf.c     a growable buffer and the UTF-8 check
 * with json*.c, statefile.c and timeparse.c behind their own headers.
 * Cross-file names carry cmd_.
 */
#ifndef NDC_CMD_H
#define NDC_CMD_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "ndcluster.h"
#include "cmd_buf.h"
#include "json.h"

#define CMD_PROG "ndcluster"
#if defined(__GNUC__) || defined(__clang__)
#define CMD_PRINTF(fmt, args) __attribute__((format(printf, fmt, args)))
#define CMD_NORETURN __attribute__((noreturn))
#else
#define CMD_PRINTF(fmt, args)
#define CMD_NORETURN
#endif

#define CMD_EXIT_USAGE 2
#define CMD_DEFAULT_MAX_BYTES ((size_t)64 << 20)
#define CMD_MAX_LINE_MESSAGES 100   /* then a count only */
#define CMD_MAX_FIELDS 32
#define CMD_TITLE_WEIGHT 1.5    /* story mode: weight of a title field */
#define CMD_MIN_WEIGHT 0.001
#define CMD_MAX_WEIGHT 1000.0
#define CMD_RAW_MEMBER "text"   /* -R: the member that holds the line */

/* Members that -a can add, one bit each, in the order of their names. */
enum {
    CMD_A_SCORE = 1, CMD_A_MATCH = 2, CMD_A_NEW = 4, CMD_A_SIZE = 8,
    CMD_A_TEMPLATE = 16     /* the cluster's label (ndc_ctx_label()) */
};
#define CMD_N_ANNOT 5

/* The settings of a run, from the command line. */
typedef struct cmd_cli {
    ndc_opts opts;
    const char *fields[CMD_MAX_FIELDS + 1];    /* then --time-field */
    double weights[CMD_MAX_FIELDS];             /* of each field, > 0 */
    char *field_copy[CMD_MAX_FIELDS];           /* paths cut from PATH:W */
    size_t n_fields;
    const char *time_field;
    const char *stopwords_path;
    const char *key;
    int annot_order[CMD_N_ANNOT];   /* CMD_A_* bits in the order given */
    size_t n_annot;
    const char *id_field;
    const char *rejects_path;
    size_t max_bytes;
    bool unique, stats, unbuffered, strict;
    bool raw;                   /* -R: lines of text, not JSON records */
    const char *state_path;
    uint64_t checkpoint_n;      /* records between saves; 0: none */
    double checkpoint_secs;     /* seconds between saves; 0: none */
} cmd_cli;

/* The id ring: record numbers and --id-field values of indexed records,
   in insertion order, so that -a match can name the matched record. */
typedef struct cmd_ids {
    uint64_t *record;
    cmd_buf *id;
    size_t cap, n, head;    /* head: next slot to write; cap 0: none */
} cmd_ids;

/* One run of the command. */
typedef struct cmd_run {
    cmd_cli *c;
    ndc_ctx *ctx;
    ndj_parser *json;
    FILE *rejects;
    const char *fname;      /* the file being read, as messages name it */
    uint64_t lineno;
    uint64_t bad;           /* lines rejected */
    uint64_t blank;
    uint64_t written;
    uint64_t time_warned;   /* records with a missing or bad time */
    uint64_t future_time;   /* of those, times ahead of the clock */
    uint64_t parsed;        /* records read, for the -f check */
    bool text_seen;         /* a record had text in the -f fields */
    bool text_warned;       /* the -f check has spoken */
    bool pretty_hinted;     /* the hint on pretty-printed JSON is out */
    int status;             /* the exit status so far */
    bool stop;              /* --strict hit a bad line */
    uint64_t since_save;    /* lines since the last --state save */
    double saved_at;        /* when, on the monotonic clock */
    int state_lock;         /* the lock of --state (ndf_lock); -1: none */
    double started;         /* when the run began, for --stats */
    double t0;              /* when reading began, for the progress line */
    double progress_at;     /* when it was last drawn; 0: not drawn */
    uint64_t bytes_in;
    uint64_t records_before;    /* record numbers a --state brought */
    cmd_buf stopwords;      /* the --stopwords file */
    cmd_buf in;             /* the input, a line and what follows */
    char *out;              /* the output buffer, CMD_OUT_CAP bytes */
    size_t out_len;
    cmd_buf line_out;       /* one output line */
    cmd_buf ins;            /* the members to insert */
    cmd_buf key;            /* scratch of a member name */
    cmd_buf raw_text;       /* -R: a line with invalid UTF-8, repaired */
    char *key_names[CMD_N_ANNOT];   /* KEY_what of each -a item */
    cmd_ids ids;
    ndc_field *texts;       /* one per -f field */
} cmd_run;

/* ---- options (cmd_opts.c, cmd_help.c, cmd_optval.c) ---- */

/* Parses the command line into c.  Exits 2 with the usage on bad usage,
   0 after -h or -V.  optind is then the first operand. */
void cmd_opts_parse(cmd_cli *c, int argc, char **argv);
/* Prints the usage line, built from the table of options, to f. */
void cmd_usage(FILE *f);

uint64_t cmd_parse_u64(const char *opt, const char *s, uint64_t lo,
    uint64_t hi);
size_t cmd_parse_bytes(const char *opt, const char *s);
double cmd_parse_unit(const char *opt, const char *s);
double cmd_parse_duration(const char *opt, const char *s);
void cmd_parse_checkpoint(cmd_cli *c, const char *opt, const char *s);
void cmd_parse_field(cmd_cli *c, const char *opt, const char *arg);
void cmd_parse_annot(cmd_cli *c, const char *opt, const char *list);
/* The name of one CMD_A_* bit ("score", ...). */
const char *cmd_annot_name(int bit);

/* ---- a run (cmd_run.c) ---- */

void cmd_run_init(cmd_run *r, cmd_cli *c);
/* Creates the context, the record's parser and the id ring; false with
   a message if the context cannot be made. */
bool cmd_run_start(cmd_run *r);
/* After the input: output, state, messages and --stats. */
void cmd_run_finish(cmd_run *r);
/* Closes --rejects, frees r; returns the exit status. */
int cmd_run_close(cmd_run *r);
/* Seconds on the monotonic clock. */
double cmd_now(void);
/* Seconds since the epoch on this machine's clock (CLOCK_REALTIME). */
double cmd_wall_clock(void);

/* ---- input (cmd_input.c) ---- */

/* Reads --stopwords, if given; false with a message if it cannot. */
bool cmd_read_stopwords(cmd_run *r);
/* Catches SIGHUP, SIGINT and SIGTERM: the record at hand is finished,
   output and state are written, and the exit status is 128 + the
   signal. */
void cmd_signals_catch(void);
/* The signal caught, or 0. */
int cmd_signal(void);
/* Reads the n files (standard input if n is 0, or for "-") line by line
   into cmd_record(). */
void cmd_read_files(cmd_run *r, int n, char **names);

/* ---- one record (cmd_record.c) ---- */

/* The parser of records and the names of the members written. */
void cmd_record_init(cmd_run *r);
/* Clusters one line (no newline) and writes it, or refuses it.  With
   -R the line is the text, and is written as {"text":LINE,...}. */
void cmd_record(cmd_run *r, const char *line, size_t len);
/* At the end of the input: warns if no record had text in -f. */
void cmd_record_end(cmd_run *r);
void cmd_record_free(cmd_run *r);
/* Drops a CR line end, and a byte order mark on the first line of a
   file, from the line. */
void cmd_line_trim(const cmd_run *r, const char **line, size_t *len);
/* False, the line refused, if it is longer than --max-bytes. */
bool cmd_line_fits(cmd_run *r, const char *line, size_t len);

/* ---- -R (cmd_raw.c) ---- */

/*
 * With -R: the line, trimmed as a JSON line is (cmd_line_trim), is the
 * one text of the record, in r->texts[0] with its invalid UTF-8
 * replaced by U+FFFD; *n_texts is 1, or 0 for an empty line, which has
 * no text.  False if the line is refused: only when longer than
 * --max-bytes.
 */
bool cmd_raw_record(cmd_run *r, const char **line, size_t *len,
    size_t *n_texts);

/* ---- output (cmd_output.c) ---- */

#define CMD_OUT_CAP ((size_t)1 << 17)

void cmd_out_put(cmd_run *r, const char *p, size_t n);
/* Writes the output buffer; exits on a write error, as SIGPIPE would
   on a closed pipe. */
void cmd_out_flush(cmd_run *r);
/* Ends -h and -V: exit 0 once stdout is written, 1 with a message if
   not. */
void cmd_exit_stdout(void) CMD_NORETURN;
/* Opens --rejects, if given; false with a message if it cannot. */
bool cmd_rejects_open(cmd_run *r);
/* Copies n bytes of a refused line to --rejects, if given, and then a
   newline if nl; exits with a message if the write fails. */
void cmd_rejects_put(cmd_run *r, const char *p, size_t n, bool nl);
/* Ends a line copied in parts; a write error shows at the close. */
void cmd_rejects_end_line(cmd_run *r);
/* Closes --rejects; false with a message if a write failed. */
bool cmd_rejects_close(cmd_run *r);

/* ---- diagnostics (cmd_diag.c) ---- */

/*
 * The one function behind every message: "ndcluster: ", then
 * "FILE:LINE: " if file is not NULL, then "TAG: " if tag is not NULL,
 * then the message and a newline, on stderr.
 */
void cmd_vsay(const char *file, uint64_t line, const char *tag,
    const char *fmt, va_list ap) CMD_PRINTF(4, 0);
void cmd_warn(const char *fmt, ...) CMD_PRINTF(1, 2);
/* A usage error: the message and the usage line; exits 2. */
void cmd_usage_error(const char *fmt, ...) CMD_PRINTF(1, 2) CMD_NORETURN;
void cmd_nomem(void) CMD_NORETURN;
/* A message about the line at hand (FILE:LINE); exits 1. */
void cmd_fail_line(cmd_run *r, const char *msg) CMD_NORETURN;
/*
 * Refuses the line at hand: a message naming file and line (the first
 * 100 only), a copy of line to --rejects (if line is not NULL), exit
 * status 1 at the end, and with --strict, the end of the input.
 */
void cmd_reject(cmd_run *r, const char *line, size_t len,
    const char *fmt, ...) CMD_PRINTF(4, 5);
/* A warning about a record kept despite a flaw: the first 100 only. */
void cmd_note(cmd_run *r, const char *fmt, ...) CMD_PRINTF(2, 3);
/* At the end: the counts of messages past the first 100. */
void cmd_diag_counts(const cmd_run *r);
/* Draws the progress line on a terminal, once a second. */
void cmd_progress(cmd_run *r);
/* Removes the progress line, if it was drawn. */
void cmd_progress_clear(const cmd_run *r);
/* The --stats line. */
void cmd_print_stats(const cmd_run *r);

/* ---- the command's part of --state (cmd_state.c) ---- */

/* Makes the id ring for --id-field, if given. */
void cmd_ids_init(cmd_run *r);
void cmd_ids_push(cmd_run *r, uint64_t record, const char *id, size_t len);
/* The id of record, or NULL if it has none or left the ring. */
const cmd_buf *cmd_ids_find(const cmd_run *r, uint64_t record);
void cmd_ids_free(cmd_run *r);
/* Takes the lock of --state, if given, then loads it if the file
   exists; false with a message if another process holds the lock or
   the file is unusable. */
bool cmd_state_load(cmd_run *r);
/* Releases the lock of --state, if taken. */
void cmd_state_unlock(cmd_run *r);
/* Saves --state now; false with a message if it could not. */
bool cmd_state_save(cmd_run *r);
/* After each line: a --checkpoint save when one is due. */
void cmd_state_tick(cmd_run *r);

#endif /* NDC_CMD_H */
