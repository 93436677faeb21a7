/*
 * statefile.c - reading and atomically saving the --state file.
 */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "statefile.h"

#define WRITE_BUF (1u << 20)

bool
ndf_read(const char *path, cmd_buf *out)
{
    int fd = open(path, O_RDONLY);
    struct stat st;
    ssize_t n;

    out->len = 0;
    if (fd < 0)
        return false;
    if (fstat(fd, &st) != 0) {
        int e = errno;

        close(fd);
        errno = e;
        return false;
    }
    if (!S_ISREG(st.st_mode)) {
        close(fd);
        errno = S_ISDIR(st.st_mode) ? EISDIR : EINVAL;
        return false;
    }
    if (!cmd_buf_reserve(out, (size_t)st.st_size + 1)) {
        close(fd);
        errno = ENOMEM;
        return false;
    }
    for (;;) {
        if (out->len == out->cap && !cmd_buf_reserve(out, 1 << 16)) {
            close(fd);
            errno = ENOMEM;
            return false;
        }
        n = read(fd, out->data + out->len, out->cap - out->len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            int e = errno;

            close(fd);
            errno = e;
            return false;
        }
        if (n == 0)
            break;
        out->len += (size_t)n;
    }
    close(fd);
    return true;
}

/* The folder of path, in a buffer of the caller's. */
static char *
folder_of(const char *path, char *buf, size_t size)
{
    snprintf(buf, size, "%s", path);
    return dirname(buf);
}

bool
ndf_folder_ok(const char *path)
{
    char buf[4096];
    const char *dir = folder_of(path, buf, sizeof(buf));
    struct stat st;

    if (strlen(path) >= sizeof(buf) - 16) {
        errno = ENAMETOOLONG;
        return false;
    }
    if (stat(dir, &st) != 0)
        return false;
    if (!S_ISDIR(st.st_mode)) {
        errno = ENOTDIR;
        return false;
    }
    return access(dir, W_OK | X_OK) == 0;
}

typedef struct sink {
    int fd;
    char *buf;
    size_t len;
    int err;
} sink;

static bool
sink_flush(sink *s)
{
    size_t done = 0;

    while (done < s->len) {
        ssize_t n = write(s->fd, s->buf + done, s->len - done);

        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            s->err = errno;
            return false;
        }
        done += (size_t)n;
    }
    s->len = 0;
    return true;
}

static bool
sink_write(void *arg, const void *p, size_t n)
{
    sink *s = arg;
    const char *c = p;

    while (n > 0) {
        size_t k = WRITE_BUF - s->len < n ? WRITE_BUF - s->len : n;

        memcpy(s->buf + s->len, c, k);
        s->len += k;
        c += k;
        n -= k;
        if (s->len == WRITE_BUF && !sink_flush(s))
            return false;
    }
    return true;
}

bool
ndf_save(const char *path, const ndc_ctx *ctx, const void *user,
    size_t len, char *why, size_t why_len)
{
    char tmp[4096 + 16], dbuf[4096];
    sink s = {-1, NULL, 0, 0};
    ndc_status st;
    int dfd;

    if (strlen(path) >= 4096) {
        snprintf(why, why_len, "%s", strerror(ENAMETOOLONG));
        return false;
    }
    snprintf(tmp, sizeof(tmp), "%s.XXXXXX", path);
    s.buf = malloc(WRITE_BUF);
    if (s.buf == NULL) {
        snprintf(why, why_len, "out of memory");
        return false;
    }
    s.fd = mkstemp(tmp);
    if (s.fd < 0) {
        snprintf(why, why_len, "cannot create a file beside it: %s",
            strerror(errno));
        free(s.buf);
        return false;
    }
    {
        /* mkstemp makes 0600; keep the mode the state had, or give the
           one a new file would get. */
        struct stat old;
        mode_t mask = umask(0);

        umask(mask);
        fchmod(s.fd, stat(path, &old) == 0 ? old.st_mode & 07777 :
            0666 & ~mask);
    }
    st = ndc_ctx_save(ctx, user, len, sink_write, &s);
    if (st == NDC_OK && !sink_flush(&s))
        st = NDC_ERR_WRITE;
    if (st == NDC_OK && fsync(s.fd) != 0) {
        s.err = errno;
        st = NDC_ERR_WRITE;
    }
    if (close(s.fd) != 0 && st == NDC_OK) {
        s.err = errno;
        st = NDC_ERR_WRITE;
    }
    free(s.buf);
    if (st == NDC_OK && rename(tmp, path) != 0) {
        s.err = errno;
        st = NDC_ERR_WRITE;
    }
    if (st != NDC_OK) {
        snprintf(why, why_len, "%s", st == NDC_ERR_WRITE && s.err != 0 ?
            strerror(s.err) : ndc_strerror(st));
        unlink(tmp);
        return false;
    }
    /* The rename lasts only once the folder is on disk too. */
    dfd = open(folder_of(path, dbuf, sizeof(dbuf)), O_RDONLY | O_DIRECTORY);
    if (dfd >= 0) {
        fsync(dfd);
        close(dfd);
    }
    return true;
}
