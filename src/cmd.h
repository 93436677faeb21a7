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
 *   cmd_prep.c    one line prepared, on any thread: checks, parse,
 *                 fields, time, the library's features
 *   cmd_record.c  one line committed: clustered, annotated and written
 *   cmd_raw.c     -R: one line of text as the record's text
 *   cmd_work.c    -j: the ring of lines, and the threads that prepare
 *                 them
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
    unsigned jobs;              /* -j: threads that prepare lines, >= 1 */
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

/* What preparing found of a line (cmd_prepare()). */
enum {
    CMD_LINE_OK,            /* prepared: texts, time, features */
    CMD_LINE_BLANK,         /* skipped */
    CMD_LINE_LONG,          /* longer than --max-bytes */
    CMD_LINE_UTF8,          /* invalid UTF-8 at bad_at */
    CMD_LINE_JSON           /* not one JSON object: err */
};

/* What preparing found of --time-field. */
enum {
    CMD_TIME_NONE,          /* not asked for, or no text */
    CMD_TIME_OK,
    CMD_TIME_MISSING,       /* no string or number there */
    CMD_TIME_BAD,           /* not a time: tv */
    CMD_TIME_FUTURE         /* more than a day ahead: tv, read as t_read */
};

/*
 * What a thread prepares lines with: the parser, the texts of the line
 * at hand and the library's scratch, one set a thread, so that this
 * memory (tens of kilobytes) stays in the cache of its core.
 */
typedef struct cmd_prepper {
    ndj_parser *json;       /* NULL with -R */
    ndc_field *texts;       /* one per -f field */
    ndc_prep *prep;
} cmd_prepper;

/*
 * One line on its way: what a thread prepared of it (the checks, and
 * what the commit needs of the parse, the texts and the time: the
 * library's features), which the main thread then commits and writes in
 * input order.
 */
typedef struct cmd_slot {
    /* What every line sets and the commit reads, first, on two cache
       lines of their own: threads write slots side by side, and the
       main thread fetches a slot written on another core. */
    _Alignas(64) const char *line_start;    /* the line in the input */
    const char *line_end;   /* its end, before the newline */
    const char *line;       /* the line, trimmed once prepared */
    size_t len;
    uint64_t lineno;
    ndc_prep *own;          /* the slot's prep; NULL with -j 1 */
    ndc_prep *prep;         /* holds the line's features: own, or the
                               prepper's until its next line */
    ndj_shape shape;        /* of the parse, for ndj_annotate() */
    size_t n_texts;
    double time;            /* for the library: NDC_NO_TIME unless OK */
    int verdict;            /* CMD_LINE_* */
    int time_state;         /* CMD_TIME_* */
    ndc_status prep_status;
    bool has_id;            /* the --id-field value is in id */
    bool tv_str;
    /* Then what only some lines set. */
    size_t bad_at;
    double t_read;          /* the time read, for CMD_TIME_FUTURE */
    ndc_field raw;          /* -R: the text, the line or raw_text */
    cmd_buf raw_text;       /* -R: the line with invalid UTF-8 repaired */
    cmd_buf tv;             /* the time's value, for a message */
    cmd_buf id;             /* as JSON */
    ndj_error err;          /* why the parse failed */
} cmd_slot;

typedef struct cmd_work cmd_work;

/* One run of the command. */
typedef struct cmd_run {
    cmd_cli *c;
    ndc_ctx *ctx;
    cmd_slot *slots;        /* a ring of lines prepared and to commit */
    size_t n_slots;
    cmd_work *work;         /* the ring, and the threads of -j */
    cmd_prepper *main_pp;   /* the main thread's */
    const char *member_keys[1 + CMD_N_ANNOT];   /* the members written */
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
    cmd_buf in[2];          /* the input, a line and what follows; with
                               -j, read ahead into the other */
    char *out;              /* the output buffer, CMD_OUT_CAP bytes */
    size_t out_len;
    cmd_buf line_out;       /* one output line */
    cmd_buf ins;            /* the members to insert */
    cmd_buf key;            /* scratch of a member name */
    char *key_names[CMD_N_ANNOT];   /* KEY_what of each -a item */
    cmd_ids ids;
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
/* Reads the n files (standard input if n is 0, or for "-") line by line,
   each prepared (cmd_prepare(), on the threads of -j) and committed
   (cmd_commit()) in order. */
void cmd_read_files(cmd_run *r, int n, char **names);

/* ---- one record (cmd_record.c) ---- */

/* The names of the members written. */
void cmd_record_init(cmd_run *r);
/* Commits the prepared line of s, the next in input order: its
   messages, its cluster, and the line written, or its refusal. */
void cmd_commit(cmd_run *r, cmd_slot *s);
/* At the end of the input: warns if no record had text in -f. */
void cmd_record_end(cmd_run *r);
void cmd_record_free(cmd_run *r);

/* ---- preparing a line (cmd_prep.c) ---- */

/* A prepper for r's settings; exits on no memory. */
void cmd_prepper_init(const cmd_run *r, cmd_prepper *pp);
void cmd_prepper_free(cmd_prepper *pp);
/* A slot; with own, its prep to keep a line's features; exits on no
   memory. */
void cmd_slot_init(const cmd_run *r, cmd_slot *s, bool own);
void cmd_slot_free(cmd_slot *s);
/*
 * Prepares the line of s (line, len, lineno set) with pp: trims it,
 * checks and parses it, takes its texts and time, and has the library
 * compute its features, moved to s->own if keep, else left in pp's prep
 * until pp prepares again.  Reads only r's settings and writes only pp
 * and s, so that lines are prepared on several threads at once; says
 * nothing.
 */
void cmd_prepare(const cmd_run *r, cmd_prepper *pp, cmd_slot *s,
    bool keep);
/* Drops a CR line end, and a byte order mark on line 1 of a file. */
void cmd_line_trim(uint64_t lineno, const char **line, size_t *len);

/* ---- -R (cmd_raw.c) ---- */

/*
 * With -R, cmd_prepare() of the trimmed line of s: the line is the one
 * text of the record (s->raw), with its invalid UTF-8 replaced by
 * U+FFFD; no text for an empty line.  Refused only when longer than
 * --max-bytes.  False if memory ran out.
 */
bool cmd_raw_prepare(const cmd_run *r, cmd_slot *s);

/* ---- threads (cmd_work.c) ---- */

#define CMD_MAX_JOBS 256u
#define CMD_SLOTS_PER_JOB 16u   /* lines the ring holds for each thread,
                                   in all a power of two */

/* The ring of slots, the preppers, and with -j N > 1 the N - 1 threads
   that prepare lines beside the main thread; exits on no memory. */
void cmd_work_start(cmd_run *r);
/* Joins the threads; frees the ring, its slots and the preppers. */
void cmd_work_stop(cmd_run *r);
/* Whether the ring has room for a batch of lines (or is empty): the
   reader fills it a few lines at a time, each batch moving the shared
   count of lines from one core to the other once (cmd_work_publish()). */
bool cmd_work_room(const cmd_run *r);
/* The slot for the next line read, or NULL while the ring is full;
   the caller sets its line, then calls cmd_work_add(). */
cmd_slot *cmd_work_slot(cmd_run *r);
/* Puts the line set in cmd_work_slot() in the ring. */
void cmd_work_add(cmd_run *r);
/* Hands the lines put so far to the threads, waking them if due;
   cmd_work_next() does it too, so no line waits for it. */
void cmd_work_publish(cmd_run *r);
/* Lines put in the ring, and lines committed or dropped, over the run. */
void cmd_work_counts(const cmd_run *r, uint64_t *put, uint64_t *committed);
/* The oldest line of the ring, once prepared (the main thread prepares
   lines itself while it waits), or NULL if the ring is empty. */
cmd_slot *cmd_work_next(cmd_run *r);
/* Frees the slot of the line cmd_work_next() gave, once committed. */
void cmd_work_done(cmd_run *r);
/* Drops the lines left in the ring, once those being prepared are
   done: the input stops. */
void cmd_work_drop(cmd_run *r);

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
