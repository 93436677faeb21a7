/*
 * statefile.h - the CLI's --state file: read whole, and saved atomically
 * (a temporary file in the same folder, fsync, rename, fsync of the
 * folder), so that a crash at any moment leaves the old file or the new
 * one, never a torn one; and its lock, so that one process at a time
 * uses it.  Not part of the library.
 */
#ifndef NDC_STATEFILE_H
#define NDC_STATEFILE_H

#include <stdbool.h>
#include <stddef.h>

#include "ndcluster.h"
#include "cmd_buf.h"

/*
 * Reads all of path into out.  Returns false with errno set on failure
 * (ENOENT if there is no such file).
 */
bool ndf_read(const char *path, cmd_buf *out);

/*
 * Whether the folder of path exists and is a folder we may write in;
 * false with errno set if not.
 */
bool ndf_folder_ok(const char *path);

/*
 * Saves the state of ctx with the caller's bytes user[0..len) to path,
 * atomically.  Returns false with a reason in why (the old file, if
 * any, is then untouched and no temporary file is left).
 */
bool ndf_save(const char *path, const ndc_ctx *ctx, const void *user,
    size_t len, char *why, size_t why_len);

/*
 * Takes the lock of the state file path, so that two processes never
 * load and save one state: a write lock (fcntl(2), F_SETLK) on the file
 * path.lock beside it, created if need be, with this process's pid
 * written in it.  Returns true with the lock file's descriptor in *fd,
 * to be given to ndf_unlock().  Returns false with errno set if the lock
 * cannot be had: EAGAIN if another process holds it, and then *holder is
 * its pid, or 0 if that is not known.  A lock file that no process
 * holds, as one left by a crash, is taken.
 */
bool ndf_lock(const char *path, int *fd, long *holder);

/*
 * Removes the lock file of path, if it is still the one that fd holds,
 * and closes fd, which releases the lock.  A negative fd is a no-op.
 */
void ndf_unlock(const char *path, int fd);

#endif /* NDC_STATEFILE_H */
