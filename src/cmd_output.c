/*
 * cmd_output.c - what the command writes: standard output through one
 * buffer over write(2), a closed pipe ending the command as SIGPIPE
 * would, and the --rejects file.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"

/* Ends the process as SIGPIPE would, even if the parent ignored it. */
static void die_pipe(void) CMD_NORETURN;

static void
die_pipe(void)
{
    signal(SIGPIPE, SIG_DFL);
    raise(SIGPIPE);
    _exit(1);
}

void
cmd_out_flush(cmd_run *r)
{
    size_t done = 0;

    while (done < r->out_len) {
        ssize_t n = write(STDOUT_FILENO, r->out + done, r->out_len - done);

        if (n < 0) {
            if (errno == EINTR)
                continue;
            if (errno == EPIPE)
                die_pipe();
            cmd_warn("write error on standard output: %s", strerror(errno));
            exit(1);
        }
        done += (size_t)n;
    }
    r->out_len = 0;
}

void
cmd_exit_stdout(void)
{
    if (fflush(stdout) == 0 && !ferror(stdout))
        exit(0);
    if (errno == EPIPE)
        die_pipe();
    cmd_warn("write error on standard output: %s", strerror(errno));
    exit(1);
}

/* Appends n bytes to the output; a block larger than the buffer goes
   out in buffer-sized writes. */
void
cmd_out_put(cmd_run *r, const char *p, size_t n)
{
    if (n > CMD_OUT_CAP - r->out_len) {
        cmd_out_flush(r);
        if (n > CMD_OUT_CAP) {
            while (n > 0) {
                size_t k = n < CMD_OUT_CAP ? n : CMD_OUT_CAP;

                memcpy(r->out, p, k);
                r->out_len = k;
                cmd_out_flush(r);
                p += k;
                n -= k;
            }
            return;
        }
    }
    memcpy(r->out + r->out_len, p, n);
    r->out_len += n;
}

/* ---- --rejects ---- */

bool
cmd_rejects_open(cmd_run *r)
{
    const char *path = r->c->rejects_path;

    if (path == NULL)
        return true;
    r->rejects = fopen(path, "w");
    if (r->rejects == NULL) {
        cmd_warn("%s: cannot open the --rejects file: %s", path,
            strerror(errno));
        r->status = 1;
        return false;
    }
    return true;
}

/* A write to --rejects failed: a refused line would be lost, so stop. */
static void rejects_failed(const cmd_run *r) CMD_NORETURN;

static void
rejects_failed(const cmd_run *r)
{
    cmd_warn("%s: cannot write the --rejects file: %s", r->c->rejects_path,
        strerror(errno));
    exit(1);
}

void
cmd_rejects_put(cmd_run *r, const char *p, size_t n, bool nl)
{
    if (r->rejects == NULL)
        return;
    if ((n > 0 && fwrite(p, 1, n, r->rejects) != n) ||
        (nl && putc('\n', r->rejects) == EOF))
        rejects_failed(r);
}

void
cmd_rejects_end_line(cmd_run *r)
{
    if (r->rejects != NULL)
        putc('\n', r->rejects);
}

bool
cmd_rejects_close(cmd_run *r)
{
    bool ok = r->rejects == NULL || fclose(r->rejects) == 0;

    r->rejects = NULL;
    if (!ok)
        cmd_warn("%s: cannot write the --rejects file: %s",
            r->c->rejects_path, strerror(errno));
    return ok;
}
