/*
 * statefile.h - the CLI's --state file: read whole, and saved atomically
 * (a temporary file in the same folder, fsync, rename, fsync of the
 * folder), so that a crash at any moment leaves the old file or the new
 * one, never a torn one.  Not part of the library.
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

#endif /* NDC_STATEFILE_H */
