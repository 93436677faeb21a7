/*
 * util.c - growable buffers, checked size arithmetic and hash mixing.
 */
#define _DEFAULT_SOURCE     /* MAP_ANONYMOUS, MADV_HUGEPAGE */
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "internal.h"

/* Blocks from this size up are mapped, not taken from malloc. */
#define BIG_BLOCK ((size_t)1 << 21)

bool
ndci_mul_size(size_t a, size_t b, size_t *out)
{
    if (a != 0 && b > SIZE_MAX / a)
        return false;
    *out = a * b;
    return true;
}

void *
ndci_calloc(size_t n, size_t sz)
{
    size_t total;

    if (!ndci_mul_size(n, sz, &total))
        return NULL;
    return calloc(total ? total : 1, 1);
}

void *
ndci_calloc_lines(size_t n, size_t sz)
{
    size_t total;
    void *p;

    if (!ndci_mul_size(n, sz, &total) || total > SIZE_MAX - NDCI_LINE)
        return NULL;
    total = total == 0 ? NDCI_LINE :
        (total + NDCI_LINE - 1) / NDCI_LINE * NDCI_LINE;
    p = aligned_alloc(NDCI_LINE, total);
    if (p != NULL)
        memset(p, 0, total);
    return p;
}

uint64_t
ndci_pow2_ceil(uint64_t n)
{
    uint64_t p = 1;

    while (p < n)
        p <<= 1;
    return p;
}

void
ndci_heads_sweep(uint32_t *heads, size_t n, uint64_t seq, uint32_t cap)
{
    size_t i;

    for (i = 0; i < n; i++)
        if ((uint32_t)(heads[i] - (uint32_t)seq) - 1 >= cap)
            heads[i] = 0;
}

/*
 * Grows b so that extra more bytes fit, doubling the capacity so that
 * appends cost amortised O(1).  On failure b is left as it was.
 */
bool
ndci_buf_reserve(ndci_buf *b, size_t extra)
{
    size_t need, cap;
    char *p;

    if (extra > SIZE_MAX - b->len)
        return false;
    need = b->len + extra;
    if (need <= b->cap)
        return true;
    cap = b->cap ? b->cap : 256;
    while (cap < need)
        cap = cap > SIZE_MAX / 2 ? need : cap * 2;
    p = realloc(b->data, cap);
    if (p == NULL)
        return false;
    b->data = p;
    b->cap = cap;
    return true;
}

bool
ndci_buf_append(ndci_buf *b, const void *p, size_t n)
{
    if (!ndci_buf_reserve(b, n))
        return false;
    if (n > 0)
        memcpy(b->data + b->len, p, n);
    b->len += n;
    return true;
}

void
ndci_buf_free(ndci_buf *b)
{
    free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
}

/* Makes room for n values in all; keeps the old block on failure. */
bool
ndci_u64s_reserve(ndci_u64s *a, size_t n)
{
    size_t cap, bytes;
    uint64_t *p;

    if (n <= a->cap)
        return true;
    cap = a->cap ? a->cap : 64;
    while (cap < n)
        cap = cap > SIZE_MAX / 2 ? n : cap * 2;
    if (!ndci_mul_size(cap, sizeof(uint64_t), &bytes))
        return false;
    p = realloc(a->v, bytes);
    if (p == NULL)
        return false;
    a->v = p;
    a->cap = cap;
    return true;
}

void
ndci_u64s_free(ndci_u64s *a)
{
    free(a->v);
    a->v = NULL;
    a->len = a->cap = 0;
}

uint64_t
ndci_splitmix64(uint64_t *state)
{
    uint64_t z = (*state += 0x9E3779B97F4A7C15ULL);

    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

/*
 * Allocates n zeroed elements of size sz for the window's big tables.
 * From BIG_BLOCK bytes up the block is mapped: the kernel zeroes pages
 * only as they are first touched, so a large window costs nothing until
 * it fills, and on Linux it asks for huge pages, which cuts the TLB
 * misses of random access into tables of tens of megabytes.
 */
void *
ndci_big_alloc(size_t n, size_t sz)
{
    size_t total;
    void *p;

    if (!ndci_mul_size(n, sz, &total))
        return NULL;
    if (total < BIG_BLOCK)
        return calloc(total ? total : 1, 1);
    p = mmap(NULL, total, PROT_READ | PROT_WRITE,
        MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED)
        return NULL;
#ifdef MADV_HUGEPAGE
    madvise(p, total, MADV_HUGEPAGE);
#endif
    return p;
}

void
ndci_big_free(void *p, size_t n, size_t sz)
{
    size_t total = n * sz;

    if (p == NULL)
        return;
    if (total < BIG_BLOCK)
        free(p);
    else
        munmap(p, total);
}
