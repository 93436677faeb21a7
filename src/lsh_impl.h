/*
 * lsh_impl.h - what lsh.c (the index: its blocks, heads and inserts) and
 * lsh_query.c (its walks) share.
 */
#ifndef NDC_LSH_IMPL_H
#define NDC_LSH_IMPL_H

#include "internal.h"

/* Bytes of a chain link in a record's block. */
#define LINK_LEN 4u
/* Bits of a word: record number, then filter. */
#define WORD_BITS 32u

/* The block of the record in slot. */
static inline unsigned char *
rec_at(const ndci_lsh *l, size_t slot)
{
    return l->recs + slot * l->rec_len;
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
