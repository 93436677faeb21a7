/*
 * alloc_fail.h - failing allocations on demand, for the tests that link
 * with -Wl,--wrap=malloc,--wrap=calloc,--wrap=realloc (see the Makefile).
 * Set fail_in to n and the allocation after n more succeeds fails;
 * negative, and none fails.  Include it in one file of a test binary.
 */
#ifndef NDC_ALLOC_FAIL_H
#define NDC_ALLOC_FAIL_H

#include <stddef.h>

/* Allocations left before one fails; negative: never fail. */
static long fail_in = -1;

void *__real_malloc(size_t n);
void *__real_calloc(size_t n, size_t sz);
void *__real_realloc(void *p, size_t n);
void *__wrap_malloc(size_t n);
void *__wrap_calloc(size_t n, size_t sz);
void *__wrap_realloc(void *p, size_t n);

static int
should_fail(void)
{
    if (fail_in < 0)
        return 0;
    return fail_in-- == 0;
}

void *
__wrap_malloc(size_t n)
{
    return should_fail() ? NULL : __real_malloc(n);
}

void *
__wrap_calloc(size_t n, size_t sz)
{
    return should_fail() ? NULL : __real_calloc(n, sz);
}

void *
__wrap_realloc(void *p, size_t n)
{
    return should_fail() ? NULL : __real_realloc(p, n);
}

#endif /* NDC_ALLOC_FAIL_H */
