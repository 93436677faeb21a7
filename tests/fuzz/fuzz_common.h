/*
 * fuzz_common.h - small helpers shared by the fuzz targets: a scratch
 * folder, whole-file writes and reads, and a failure that libFuzzer
 * reports as a crash.
 */
#ifndef NDC_FUZZ_COMMON_H
#define NDC_FUZZ_COMMON_H

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Where fuzz_fail() writes: a copy of the stderr the target started
   with, kept by fuzz_keep_stderr(), because make fuzz runs the targets
   with -close_fd_mask=3 (no output from ndcluster itself). */
static int fuzz_errfd = 2;

typedef struct fuzz_bytes {
    char *data;
    size_t len;
} fuzz_bytes;

static void fuzz_fail(const char *fmt, ...)
    __attribute__((format(printf, 1, 2), noreturn, unused));

/* Prints why on stderr and aborts: libFuzzer saves the input. */
static void
fuzz_fail(const char *fmt, ...)
{
    va_list ap;

    dprintf(fuzz_errfd, "fuzz check failed: ");
    va_start(ap, fmt);
    vdprintf(fuzz_errfd, fmt, ap);
    va_end(ap);
    dprintf(fuzz_errfd, "\n");
    abort();
}

/* Called from LLVMFuzzerInitialize, before libFuzzer closes stderr. */
static void __attribute__((unused))
fuzz_keep_stderr(void)
{
    int fd = dup(STDERR_FILENO);

    if (fd >= 0)
        fuzz_errfd = fd;
}

/*
 * Makes a fresh scratch folder named after what, in /dev/shm when it can
 * (no disk writes, and fsync is cheap there), else in TMPDIR or /tmp.
 */
static void __attribute__((unused))
fuzz_tmpdir(char *buf, size_t size, const char *what)
{
    const char *base = getenv("TMPDIR");

    if (access("/dev/shm", W_OK | X_OK) == 0)
        base = "/dev/shm";
    else if (base == NULL || *base == '\0')
        base = "/tmp";
    snprintf(buf, size, "%s/%s.XXXXXX", base, what);
    if (mkdtemp(buf) == NULL) {
        perror(buf);
        abort();
    }
}

/* Writes data[0..len) to path, replacing it. */
static void __attribute__((unused))
fuzz_spill(const char *path, const void *data, size_t len)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    const char *p = data;

    if (fd < 0)
        fuzz_fail("%s: %s", path, strerror(errno));
    while (len > 0) {
        ssize_t n = write(fd, p, len);

        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            fuzz_fail("%s: %s", path, strerror(errno));
        p += n;
        len -= (size_t)n;
    }
    close(fd);
}

/* Reads all of path (empty if it does not exist); free the data. */
static fuzz_bytes __attribute__((unused))
fuzz_slurp(const char *path)
{
    fuzz_bytes b = {NULL, 0};
    size_t cap = 0;
    int fd = open(path, O_RDONLY);

    if (fd < 0)
        return b;
    for (;;) {
        ssize_t n;

        if (b.len == cap) {
            char *p = realloc(b.data, cap = cap * 2 + 4096);

            if (p == NULL)
                abort();
            b.data = p;
        }
        n = read(fd, b.data + b.len, cap - b.len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            fuzz_fail("%s: %s", path, strerror(errno));
        if (n == 0)
            break;
        b.len += (size_t)n;
    }
    close(fd);
    return b;
}

/* A growing buffer in memory, and an ndc_ctx_save writer into it. */
typedef struct membuf {
    unsigned char *data;
    size_t len, cap;
} membuf;

static bool __attribute__((unused))
mem_write(void *arg, const void *p, size_t n)
{
    membuf *m = arg;

    if (m->len + n > m->cap) {
        size_t cap = (m->len + n) * 2;
        unsigned char *d = realloc(m->data, cap);

        if (d == NULL)
            return false;
        m->data = d;
        m->cap = cap;
    }
    memcpy(m->data + m->len, p, n);
    m->len += n;
    return true;
}

#endif /* NDC_FUZZ_COMMON_H */
