/*
 * statefile.c - reading and atomically saving the --state file, and the
 * lock that keeps a second process from using it at the same time.
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
#define PATH_CAP 4096       /* bytes of the paths of a state file */
#define LOCK_SUFFIX ".lock"
#define LOCK_TRIES 8        /* lock files removed under us, in a row */
#define PID_LEN 24          /* a pid in decimal, a newline and a NUL */

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
    char buf[PATH_CAP];
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
    char tmp[PATH_CAP + 16], dbuf[PATH_CAP];
    sink s = {-1, NULL, 0, 0};
    ndc_status st;
    int dfd;

    if (strlen(path) >= PATH_CAP) {
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

/* ---- the lock ----
 *
 * The lock is a write lock of fcntl(2) on FILE.lock, not on FILE: a save
 * renames a new file over FILE, and a lock on the old one would not
 * stop a process that opens the new one.  fcntl locks are POSIX (flock
 * is not), work on NFS, and F_GETLK names the process that holds one,
 * even before it has written its pid in the file.  They go when the
 * process ends, however it ends, so a crash leaves no stale lock, only
 * a file that the next run takes.  They also go when the process closes
 * any descriptor of the file, so the command opens it once only.
 * At the end the holder removes the file, and a process that locked it
 * meanwhile, through a descriptor opened before the removal, sees that
 * the path no longer names its file and tries again.
 */

/* FILE.lock, in buf; false with errno set if the path is too long. */
static bool
lock_path(const char *path, char *buf, size_t size)
{
    if (strlen(path) + sizeof(LOCK_SUFFIX) > size) {
        errno = ENAMETOOLONG;
        return false;
    }
    snprintf(buf, size, "%s" LOCK_SUFFIX, path);
    return true;
}

/* The pid of the process that holds the lock on fd: from F_GETLK, or
   else as the holder wrote it in the file; 0 if not known. */
static long
lock_holder(int fd)
{
    struct flock lk = {0};
    char buf[PID_LEN];
    ssize_t n;
    long pid;
    char *end;

    lk.l_type = F_WRLCK;
    lk.l_whence = SEEK_SET;
    if (fcntl(fd, F_GETLK, &lk) == 0 && lk.l_type != F_UNLCK &&
        lk.l_pid > 0)
        return (long)lk.l_pid;
    n = pread(fd, buf, sizeof(buf) - 1, 0);
    if (n <= 0)
        return 0;
    buf[n] = '\0';
    errno = 0;
    pid = strtol(buf, &end, 10);
    return errno == 0 && end != buf && *end == '\n' && pid > 0 ? pid : 0;
}

/* Whether fd and the path name one file. */
static bool
same_file(int fd, const char *path)
{
    struct stat a, b;

    return fstat(fd, &a) == 0 && stat(path, &b) == 0 &&
        a.st_dev == b.st_dev && a.st_ino == b.st_ino;
}

/* Writes this process's pid as the whole of the lock file fd.  The pid
   only helps a message, so a failure to write it is no error. */
static void
lock_put_pid(int fd)
{
    char buf[PID_LEN];
    int len = snprintf(buf, sizeof(buf), "%ld\n", (long)getpid());

    if (len <= 0 || ftruncate(fd, 0) != 0)
        return;
    if (pwrite(fd, buf, (size_t)len, 0) != (ssize_t)len)
        return;     /* a message without the pid is the worst of it */
}

bool
ndf_lock(const char *path, int *fd, long *holder)
{
    char lpath[PATH_CAP + sizeof(LOCK_SUFFIX)];
    struct flock lk = {0};
    int tries, e;

    *fd = -1;
    *holder = 0;
    if (!lock_path(path, lpath, sizeof(lpath)))
        return false;
    lk.l_type = F_WRLCK;
    lk.l_whence = SEEK_SET;
    for (tries = 0; tries < LOCK_TRIES; tries++) {
        int d = open(lpath, O_RDWR | O_CREAT | O_CLOEXEC, 0666);

        if (d < 0)
            return false;
        if (fcntl(d, F_SETLK, &lk) != 0) {
            e = errno == EACCES ? EAGAIN : errno;
            if (e == EAGAIN)
                *holder = lock_holder(d);
            close(d);
            errno = e;
            return false;
        }
        if (same_file(d, lpath)) {
            lock_put_pid(d);
            *fd = d;
            return true;
        }
        close(d);       /* removed by the holder that just ended */
    }
    errno = EAGAIN;
    return false;
}

void
ndf_unlock(const char *path, int fd)
{
    char lpath[PATH_CAP + sizeof(LOCK_SUFFIX)];

    if (fd < 0)
        return;
    if (lock_path(path, lpath, sizeof(lpath)) && same_file(fd, lpath))
        unlink(lpath);
    close(fd);
}
