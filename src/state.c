/*
 * state.c - the byte streams that save and load a context: a writer that
 * hashes what it passes on, a reader over a buffer that never reads past
 * its end, and the helpers the modes use to store their arrays.
 */
#include <string.h>

#define XXH_INLINE_ALL
#include <xxhash.h>

#include "internal.h"

bool
ndci_writer_init(ndci_writer *w, ndc_write_fn fn, void *arg)
{
    XXH3_state_t *h = XXH3_createState();

    w->fn = fn;
    w->arg = arg;
    w->hash = h;
    w->len = 0;
    w->ok = h != NULL && XXH3_64bits_reset(h) == XXH_OK;
    return w->ok;
}

void
ndci_writer_free(ndci_writer *w)
{
    XXH3_freeState(w->hash);
    w->hash = NULL;
}

uint64_t
ndci_writer_digest(const ndci_writer *w)
{
    return XXH3_64bits_digest(w->hash);
}

bool
ndci_put(ndci_writer *w, const void *p, size_t n)
{
    if (!w->ok || n == 0)
        return w->ok;
    XXH3_64bits_update(w->hash, p, n);
    w->ok = w->fn(w->arg, p, n);
    w->len += n;
    return w->ok;
}

bool
ndci_put_u64(ndci_writer *w, uint64_t v)
{
    return ndci_put(w, &v, sizeof(v));
}

bool
ndci_put_f64(ndci_writer *w, double v)
{
    return ndci_put(w, &v, sizeof(v));
}

bool
ndci_get(ndci_reader *r, void *p, size_t n)
{
    if (!r->ok || n > r->len - r->at) {
        r->ok = false;
        return false;
    }
    memcpy(p, r->p + r->at, n);
    r->at += n;
    return true;
}

uint64_t
ndci_get_u64(ndci_reader *r)
{
    uint64_t v = 0;

    ndci_get(r, &v, sizeof(v));
    return v;
}

double
ndci_get_f64(ndci_reader *r)
{
    double v = 0;

    ndci_get(r, &v, sizeof(v));
    return v;
}

uint64_t
ndci_hash(const void *p, size_t n)
{
    return XXH3_64bits(p, n);
}
