/*
 * cmd_input.c - what the command reads: the files one after another as
 * one stream, split into lines over read(2) in a buffer that grows up to
 * --max-bytes (a longer line is passed over, never held whole); waiting
 * for input with the output flushed; SIGHUP, SIGINT and SIGTERM;
 * --stopwords.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <sys/select.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cmd.h"

/* Bytes a read asks for.  With -j the main thread reads ahead, so the
   threads never wait for a read, and larger reads only left the buffers
   out of the cache: 64 KB made news60 8% faster at -j 2 than 1 MB. */
#define READ_CHUNK ((size_t)1 << 16)

/* SIGHUP, SIGINT or SIGTERM, once caught: the record at hand is
   finished, the output and the state are written, and ndcluster exits
   128 + signal. */
static volatile sig_atomic_t got_signal;

/* The signal mask while waiting for input; the signals caught are
   blocked at all other times, so that none is caught between the check
   of got_signal and the wait (pselect unblocks them atomically). */
static sigset_t wait_mask;

/* The line splitter's place in the input of one file.  With -j it
   reads ahead into the second buffer while lines of the first are still
   being prepared (read_ahead()); the two then take turns. */
typedef struct splitter {
    int fd;
    cmd_buf *buf;       /* the buffer split: r->in[0] or r->in[1] */
    size_t scan;        /* where the next line to put in the ring begins */
    uint64_t lineno;    /* the number of the last line put in the ring */
    uint64_t other_busy;    /* the other buffer is free once this many
                               lines are committed */
    bool regular;       /* fd is a regular file: reading never blocks */
    bool ahead;         /* may read ahead: -j, and input was waiting */
    int end;            /* READ_END once a read ahead met the end */
    bool skipping;      /* inside a line longer than --max-bytes */
    uint64_t skipped;   /* the bytes of that line so far */
} splitter;

/* What read_more() found. */
enum { READ_MORE, READ_END, READ_STOP };

/* ---- signals ---- */

/* The signals that stop a run, in the order signal_came() looks for
   them pending. */
static const int stop_signals[] = {SIGTERM, SIGHUP, SIGINT};
#define N_STOP_SIGNALS (sizeof(stop_signals) / sizeof(stop_signals[0]))

/* Notes the first signal; a second one stops ndcluster at once. */
static void
on_signal(int sig)
{
    if (got_signal != 0) {      /* a second one: stop now */
        signal(sig, SIG_DFL);
        raise(sig);
    }
    got_signal = sig;
}

/*
 * Catches SIGHUP, SIGINT and SIGTERM, and blocks them but while waiting
 * for input.  A SIGHUP or SIGINT ignored at start stays ignored, as
 * under nohup(1) or in a background job, so that the user's choice
 * holds; SIGTERM is always caught.
 */
void
cmd_signals_catch(void)
{
    struct sigaction sa, old;
    sigset_t block;
    size_t i;

    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sigemptyset(&block);
    for (i = 0; i < N_STOP_SIGNALS; i++) {
        int sig = stop_signals[i];

        if (sig != SIGTERM && sigaction(sig, NULL, &old) == 0 &&
            old.sa_handler == SIG_IGN)
            continue;
        sigaction(sig, &sa, NULL);
        sigaddset(&block, sig);
    }
    sigprocmask(SIG_BLOCK, &block, &wait_mask);
    for (i = 0; i < N_STOP_SIGNALS; i++)
        sigdelset(&wait_mask, stop_signals[i]);
}

int
cmd_signal(void)
{
    return got_signal;
}

/* ---- --stopwords ---- */

bool
cmd_read_stopwords(cmd_run *r)
{
    const char *path = r->c->stopwords_path;
    char chunk[READ_CHUNK];
    ssize_t n;
    int fd;

    r->c->opts.stopwords = NULL;
    if (path == NULL)
        return true;
    fd = open(path, O_RDONLY);
    if (fd < 0)
        goto fail;
    for (;;) {
        n = read(fd, chunk, sizeof(chunk));
        if (n == 0)
            break;
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            int e = errno;

            close(fd);
            errno = e;
            goto fail;
        }
        if (!cmd_buf_append(&r->stopwords, chunk, (size_t)n))
            cmd_nomem();
    }
    close(fd);
    r->c->opts.stopwords = r->stopwords.data != NULL ? r->stopwords.data : "";
    r->c->opts.stopwords_len = r->stopwords.len;
    return true;
fail:
    cmd_warn("%s: cannot read the --stopwords file: %s", path,
        strerror(errno));
    r->status = 1;
    return false;
}

/* ---- waiting ---- */

/* Whether a signal came: one caught, or one pending while blocked. */
static bool
signal_came(void)
{
    sigset_t pend;
    size_t i;

    if (!got_signal && sigpending(&pend) == 0)
        for (i = 0; i < N_STOP_SIGNALS && !got_signal; i++)
            if (sigismember(&pend, stop_signals[i]))
                got_signal = stop_signals[i];
    return got_signal != 0;
}

/* Waits until fd can be read; false if a signal came first. */
static bool
wait_input(int fd)
{
    fd_set in;

    /* With input always ready pselect never waits, and returns with the
       signals blocked again, so one that came stays pending: look. */
    if (signal_came())
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
flush_if_idle(cmd_run *r, int fd)
{
    struct pollfd p = {fd, POLLIN, 0};

    if (r->out_len > 0 && poll(&p, 1, 0) == 0)
        cmd_out_flush(r);
}

/* ---- the line splitter ---- */

/* Refuses the line too long for --max-bytes, now that its last part
   (len bytes at p) is here. */
static void
end_skip(cmd_run *r, splitter *s, const char *p, size_t len)
{
    s->skipped += len;
    cmd_rejects_put(r, p, len, false);
    cmd_reject(r, NULL, 0, "line of %" PRIu64 " bytes is longer than "
        "--max-bytes %zu", s->skipped, r->c->max_bytes);
    cmd_rejects_end_line(r);
    s->skipping = false;
}

/* After each line: a checkpoint when one is due, and the progress line. */
static void
after_line(cmd_run *r)
{
    r->since_save++;
    cmd_state_tick(r);
    cmd_progress(r);
}

/* Puts the line at line_start .. line_end in slot sl as line lineno. */
static void
set_line(cmd_slot *sl, const char *line_start, const char *line_end,
    uint64_t lineno)
{
    sl->line = sl->line_start = line_start;
    sl->line_end = line_end;
    sl->len = (size_t)(line_end - line_start);
    sl->lineno = lineno;
}

/* Reads into b past its end; false at the end of the input or on an
   error (then said, and the exit status 1). */
static bool
read_into(cmd_run *r, int fd, cmd_buf *b, int *end)
{
    ssize_t n = read(fd, b->data + b->len, b->cap - b->len);

    if (n > 0) {
        b->len += (size_t)n;
        r->bytes_in += (size_t)n;
        return true;
    }
    if (n < 0 && (errno == EINTR || errno == EAGAIN))
        return false;
    if (n < 0) {
        cmd_warn("%s: %s", r->fname, strerror(errno));
        r->status = 1;
    }
    *end = READ_END;
    return false;
}

/*
 * With -j, reads more input into the other buffer while lines of this
 * one are still in the ring, so that the threads need not run dry at
 * each read: only when the read cannot block (a regular file, or input
 * waiting), when all lines of the other buffer are committed and when
 * the partial line at the end of this one, copied first, is not too
 * long (keep_partial() has that).  True if it read some.
 */
static bool
read_ahead(cmd_run *r, splitter *s)
{
    cmd_buf *from = s->buf, *to = &r->in[from == &r->in[0]];
    size_t part = from->len - s->scan;
    struct pollfd p = {s->fd, POLLIN, 0};
    uint64_t put, done;

    cmd_work_counts(r, &put, &done);
    if (!s->ahead || s->end != READ_MORE || s->skipping ||
        part > r->c->max_bytes || done < s->other_busy || done == put ||
        signal_came())
        return false;
    if (!s->regular && poll(&p, 1, 0) != 1) {
        s->ahead = false;       /* until the ring is empty */
        return false;
    }
    to->len = 0;
    if (!cmd_buf_reserve(to, part + READ_CHUNK))
        cmd_nomem();
    memcpy(to->data, from->data + s->scan, part);
    to->len = part;
    s->other_busy = put;
    s->buf = to;
    s->scan = 0;
    return read_into(r, s->fd, to, &s->end);
}

/* Puts the lines complete in the buffer past s->scan in the ring while
   it has room, reading ahead when they run out. */
static void
fill_lines(cmd_run *r, splitter *s)
{
    cmd_slot *sl;

    while ((sl = cmd_work_slot(r)) != NULL) {
        cmd_buf *in = s->buf;
        const char *line = in->data + s->scan;
        const char *nl = memchr(line, '\n', in->len - s->scan);

        if (nl == NULL) {
            /* the threads take the lines put while this one reads */
            cmd_work_publish(r);
            if (read_ahead(r, s))
                continue;
            return;
        }
        set_line(sl, line, nl, ++s->lineno);
        s->scan = (size_t)(nl - in->data) + 1;
        cmd_work_add(r);
    }
}

/*
 * Commits the lines of the ring in order, prepared on the threads of -j,
 * each followed by after_line(), until it is empty or --strict or a
 * signal stops the input (the lines left are then dropped); with fill,
 * puts more lines in it while there is room.
 */
static void
run_ring(cmd_run *r, splitter *s, bool fill)
{
    cmd_slot *sl;

    for (;;) {
        if (fill && cmd_work_room(r))
            fill_lines(r, s);
        sl = cmd_work_next(r);
        if (sl == NULL)
            return;
        cmd_commit(r, sl);
        cmd_work_done(r);
        after_line(r);
        if (r->stop || got_signal) {
            cmd_work_drop(r);
            return;
        }
    }
}

/* Takes the lines complete in the buffer until --strict or a signal
   stops the input: first the end of a line too long, if the buffer
   starts with it. */
static void
take_lines(cmd_run *r, splitter *s)
{
    cmd_buf *in = s->buf;

    if (s->skipping) {
        const char *line = in->data + s->scan;
        const char *nl = memchr(line, '\n', in->len - s->scan);

        if (nl == NULL)
            return;
        r->lineno++;
        end_skip(r, s, line, (size_t)(nl - line));
        s->scan = (size_t)(nl - in->data) + 1;
        after_line(r);
        if (r->stop || got_signal)
            return;
    }
    s->lineno = r->lineno;
    run_ring(r, s, true);
}

/* Keeps the partial line at the end of the buffer, or passes it over
   (copied to --rejects) if it is already too long. */
static void
keep_partial(cmd_run *r, splitter *s)
{
    cmd_buf *in = s->buf;
    size_t part = in->len - s->scan;

    if (s->skipping || part > r->c->max_bytes) {
        if (!s->skipping) {
            s->skipping = true;
            s->skipped = 0;
        }
        s->skipped += part;
        cmd_rejects_put(r, in->data + s->scan, part, false);
        in->len = s->scan = 0;
    } else if (s->scan > 0) {
        memmove(in->data, in->data + s->scan, part);
        in->len = part;
        s->scan = 0;
    }
}

/* Reads more of the file into the buffer once there is input, the
   output flushed while there is none. */
static int
read_more(cmd_run *r, splitter *s)
{
    int end = READ_MORE;

    if (!cmd_buf_reserve(s->buf, READ_CHUNK))
        cmd_nomem();
    flush_if_idle(r, s->fd);
    if (!wait_input(s->fd))
        return READ_STOP;
    if (!read_into(r, s->fd, s->buf, &end) && end == READ_MORE)
        return got_signal ? READ_STOP : READ_MORE;
    s->ahead = r->c->jobs > 1;
    return end;
}

/* Reads fd line by line to its end, or until --strict or a signal. */
static void
read_fd(cmd_run *r, int fd)
{
    splitter s;
    struct stat st;
    cmd_buf *in;
    int step = READ_MORE;

    memset(&s, 0, sizeof(s));
    s.fd = fd;
    s.buf = in = &r->in[0];
    s.regular = fstat(fd, &st) == 0 && S_ISREG(st.st_mode);
    s.end = READ_MORE;
    in->len = 0;
    r->lineno = 0;
    if (!cmd_buf_reserve(in, READ_CHUNK))
        cmd_nomem();
    while (step == READ_MORE) {
        take_lines(r, &s);
        if (r->stop || got_signal)
            return;
        if (s.end != READ_MORE)
            break;
        keep_partial(r, &s);
        step = read_more(r, &s);
        if (step == READ_STOP)
            return;
    }
    /* A last line without a newline. */
    in = s.buf;
    if (s.skipping) {
        r->lineno++;
        end_skip(r, &s, in->data + s.scan, in->len - s.scan);
    } else if (in->len > s.scan) {
        set_line(cmd_work_slot(r), in->data + s.scan, in->data + in->len,
            r->lineno + 1);
        cmd_work_add(r);
        run_ring(r, &s, false);
    }
}

void
cmd_read_files(cmd_run *r, int n, char **names)
{
    int i;

    r->t0 = cmd_now();
    if (isatty(STDERR_FILENO))
        r->progress_at = r->t0 + 1.0;     /* from the second second on */
    for (i = 0; i < (n > 0 ? n : 1) && !r->stop && !got_signal; i++) {
        const char *name = n > 0 ? names[i] : "-";
        int fd = STDIN_FILENO;

        if (strcmp(name, "-") == 0) {
            r->fname = "<stdin>";
        } else {
            r->fname = name;
            fd = open(name, O_RDONLY);
            if (fd < 0) {
                cmd_warn("%s: %s", name, strerror(errno));
                r->status = 1;
                continue;
            }
        }
        read_fd(r, fd);
        if (fd != STDIN_FILENO)
            close(fd);
    }
}
