/*
 * cmd_buf.h - the command's growable byte buffer and its UTF-8 helpers.
 * The command (main.c, cmd_*.c, json*.c, statefile.c) is a client of
 * libndcluster and uses only its public header, so it keeps these small
 * tools of its own rather than borrow the library's private ones.
 */
#ifndef NDC_CMD_BUF_H
#define NDC_CMD_BUF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* A byte buffer that only grows; len <= cap, data owned by the struct.
   {0} is an empty buffer. */
typedef struct cmd_buf {
    char *data;
    size_t len;
    size_t cap;
} cmd_buf;

/* Makes room for extra more bytes; false (b unchanged) if it cannot. */
bool cmd_buf_reserve(cmd_buf *b, size_t extra);
/* Appends n bytes at p; false (b unchanged) if memory ran out. */
bool cmd_buf_append(cmd_buf *b, const void *p, size_t n);
/* Frees the bytes and leaves b empty. */
void cmd_buf_free(cmd_buf *b);

/* Encodes cp (at most U+10FFFF) into out, which has room for 4 bytes;
   returns the bytes written. */
size_t cmd_utf8_put(uint32_t cp, char *out);

#endif /* NDC_CMD_BUF_H */
