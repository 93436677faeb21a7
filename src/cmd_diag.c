/*
 * cmd_diag.c - what the command says on stderr: every message goes
 * through cmd_vsay(), in err(3) style ("ndcluster: FILE:LINE: why").
 * Also the --stats line and the progress line of a terminal, which are
 * reports rather than messages.
 */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "cmd.h"

void
cmd_vsay(const char *file, uint64_t line, const char *tag, const char *fmt,
    va_list ap)
{
    fputs(CMD_PROG ": ", stderr);
    if (file != NULL)
        fprintf(stderr, "%s:%" PRIu64 ": ", file, line);
    if (tag != NULL)
        fprintf(stderr, "%s: ", tag);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
}

void
cmd_warn(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    cmd_vsay(NULL, 0, NULL, fmt, ap);
    va_end(ap);
}

void
cmd_usage_error(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    cmd_vsay(NULL, 0, NULL, fmt, ap);
    va_end(ap);
    cmd_usage(stderr);
    exit(CMD_EXIT_USAGE);
}

void
cmd_nomem(void)
{
    cmd_warn("out of memory");
    exit(1);
}

/* Says fmt about the line at hand. */
static void
say_line(const cmd_run *r, const char *tag, const char *fmt, ...)
    CMD_PRINTF(3, 4);

static void
say_line(const cmd_run *r, const char *tag, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    cmd_vsay(r->fname, r->lineno, tag, fmt, ap);
    va_end(ap);
}

void
cmd_fail_line(cmd_run *r, const char *msg)
{
    say_line(r, NULL, "%s", msg);
    exit(1);
}

void
cmd_reject(cmd_run *r, const char *line, size_t len, const char *fmt, ...)
{
    va_list ap;

    r->bad++;
    r->status = 1;
    if (r->bad <= CMD_MAX_LINE_MESSAGES || r->c->strict) {
        va_start(ap, fmt);
        cmd_vsay(r->fname, r->lineno, NULL, fmt, ap);
        va_end(ap);
    } else if (r->bad == CMD_MAX_LINE_MESSAGES + 1) {
        cmd_warn("more than %d refused lines; counting the rest silently",
            CMD_MAX_LINE_MESSAGES);
    }
    if (line != NULL)
        cmd_rejects_put(r, line, len, true);
    if (r->c->strict)
        r->stop = true;
}

void
cmd_note(cmd_run *r, const char *fmt, ...)
{
    va_list ap;

    r->time_warned++;
    if (r->time_warned <= CMD_MAX_LINE_MESSAGES) {
        va_start(ap, fmt);
        cmd_vsay(r->fname, r->lineno, "warning", fmt, ap);
        va_end(ap);
    } else if (r->time_warned == CMD_MAX_LINE_MESSAGES + 1) {
        cmd_warn("more than %d records without a usable time; counting the "
            "rest silently", CMD_MAX_LINE_MESSAGES);
    }
}

void
cmd_diag_counts(const cmd_run *r)
{
    if (r->bad > CMD_MAX_LINE_MESSAGES)
        cmd_warn("%" PRIu64 " lines refused in all", r->bad);
    if (r->time_warned > CMD_MAX_LINE_MESSAGES)
        cmd_warn("%" PRIu64 " records without a usable time in all",
            r->time_warned);
}

/* ---- reports ---- */

void
cmd_progress(cmd_run *r)
{
    ndc_stats st;
    double t;

    if (r->progress_at <= 0 || (r->since_save & 1023) != 0)
        return;
    t = cmd_now();
    if (t - r->progress_at < 1.0)
        return;
    ndc_ctx_stats(r->ctx, &st);
    fprintf(stderr, "\r" CMD_PROG ": %" PRIu64 " records, %.1f MB/s, %"
        PRIu64 " clusters\033[K", st.records,
        (double)r->bytes_in / 1e6 / (t - r->t0), st.clusters);
    r->progress_at = t;
}

void
cmd_progress_clear(const cmd_run *r)
{
    if (r->progress_at > 0 && r->progress_at != r->t0 + 1.0)
        fputs("\r\033[K", stderr);
}

void
cmd_print_stats(const cmd_run *r)
{
    ndc_stats st;
    double secs = cmd_now() - r->started;

    ndc_ctx_stats(r->ctx, &st);
    fprintf(stderr, "{\"records\":%" PRIu64 ",\"clusters\":%" PRIu64
        ",\"rejected\":%" PRIu64 ",\"no_text\":%" PRIu64
        ",\"future_time\":%" PRIu64
        ",\"blank\":%" PRIu64 ",\"written\":%" PRIu64
        ",\"seconds\":%.3f,\"records_per_s\":%.0f"
        ",\"peak_window\":%" PRIu64 ",\"bytes_per_window_record\":%.0f}\n",
        st.records, st.clusters, r->bad, st.no_text, r->future_time,
        r->blank, r->written, secs,
        secs > 0 ? (double)(st.records - r->records_before) / secs : 0.0,
        st.window_peak,
        (double)st.mem_bytes / r->c->opts.window);
}
