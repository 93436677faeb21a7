/*
 * json_arena.c - the memory yajl parses a line in (json_impl.h).
 *
 * yajl allocates a handle, a lexer and buffers for every line.  They are
 * served from an arena emptied after each line, so that a steady stream
 * makes no call to malloc.  A block that grew past ARENA_KEEP for a huge
 * line is given back at the end of that line.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "json_impl.h"

#define ARENA_FIRST (64u * 1024)
#define ARENA_KEEP (1024u * 1024)
#define ARENA_ALIGN 16u
#define BLOCK_HEAD ((sizeof(ndj_arena_block) + ARENA_ALIGN - 1) & \
    ~(size_t)(ARENA_ALIGN - 1))
#define ALLOC_HEAD ARENA_ALIGN  /* before each allocation: its size */

static unsigned char *
block_bytes(ndj_arena_block *b)
{
    return (unsigned char *)b + BLOCK_HEAD;
}

static void *
arena_malloc(void *ctx, size_t n)
{
    ndj_arena *a = ctx;
    ndj_arena_block *b = a->b;
    size_t need;
    unsigned char *q;

    if (n > SIZE_MAX / 4)
        return NULL;
    need = ALLOC_HEAD + ((n + ARENA_ALIGN - 1) & ~(size_t)(ARENA_ALIGN - 1));
    if (b == NULL || b->cap - b->used < need) {
        size_t cap = b != NULL ? b->cap * 2 : ARENA_FIRST;
        ndj_arena_block *nb;

        while (cap < need)
            cap *= 2;
        nb = malloc(BLOCK_HEAD + cap);
        if (nb == NULL) {
            a->failed = true;
            return NULL;
        }
        nb->prev = b;
        nb->cap = cap;
        nb->used = 0;
        a->b = b = nb;
    }
    q = block_bytes(b) + b->used;
    memcpy(q, &n, sizeof(n));
    b->used += need;
    a->last = q + ALLOC_HEAD;
    return a->last;
}

static void *
arena_realloc(void *ctx, void *old, size_t n)
{
    ndj_arena *a = ctx;
    size_t had;
    void *q;

    if (old == NULL)
        return arena_malloc(ctx, n);
    memcpy(&had, (unsigned char *)old - ALLOC_HEAD, sizeof(had));
    /* the newest allocation grows in place when its block has room */
    if (old == a->last && n <= SIZE_MAX / 4) {
        ndj_arena_block *b = a->b;
        size_t at = (size_t)((unsigned char *)old - block_bytes(b));
        size_t end = at + ((n + ARENA_ALIGN - 1) &
            ~(size_t)(ARENA_ALIGN - 1));

        if (end <= b->cap) {
            b->used = end;
            memcpy((unsigned char *)old - ALLOC_HEAD, &n, sizeof(n));
            return old;
        }
    }
    q = arena_malloc(ctx, n);
    if (q != NULL)
        memcpy(q, old, had < n ? had : n);
    return q;
}

static void
arena_free(void *ctx, void *q)
{
    (void)ctx, (void)q;     /* all of it goes at the end of the line */
}

/* Empties the arena: blocks outgrown during the line are freed, and the
   newest too if it is larger than ARENA_KEEP. */
void
ndj_arena_reset(ndj_arena *a)
{
    ndj_arena_block *b = a->b;

    if (b == NULL)
        return;
    while (b->prev != NULL) {
        ndj_arena_block *prev = b->prev->prev;

        free(b->prev);
        b->prev = prev;
    }
    b->used = 0;
    a->last = NULL;
    if (b->cap > ARENA_KEEP) {
        free(b);
        a->b = NULL;
    }
}

yajl_alloc_funcs
ndj_arena_funcs(ndj_arena *a)
{
    yajl_alloc_funcs f = {arena_malloc, arena_realloc, arena_free, a};

    return f;
}

void
ndj_arena_free(ndj_arena *a)
{
    ndj_arena_reset(a);
    free(a->b);
    a->b = NULL;
}
