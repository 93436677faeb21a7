/*
 * lsh_impl.h - what lsh.c (the index: its signatures, links, heads and
 * inserts) and lsh_query.c (its walks) share.
 */
#ifndef NDC_LSH_IMPL_H
#define NDC_LSH_IMPL_H

#include "internal.h"

/* Bits of a word: record number, then filter. */
#define WORD_BITS 32u

/* The signature of the record in slot. */
static inline unsigned char *
sig_at(const ndci_lsh *l, size_t slot)
{
    return l->sigs + slot * l->sig_len;
}

/* The links of the record in slot, one per band. */
static inline uint32_t *
links_at(const ndci_lsh *l, size_t slot)
{
    return l->links + slot * l->bands;
}

/* The full record number of word v, at most hi (0 if none is). */
static inline uint64_t
widen(const ndci_lsh *l, uint32_t v, uint64_t hi)
{
    uint32_t d = ((uint32_t)hi - v) & l->seq_mask;

    return d > hi ? 0 : hi - d;
}

bool ndci_lsh_walk_init(ndci_lsh_walk *w, uint32_t bands);
void ndci_lsh_walk_free(ndci_lsh_walk *w);

#endif /* NDC_LSH_IMPL_H */
