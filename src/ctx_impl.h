/*
 * ctx_impl.h - the context and a prepared record, as cluster.c (records)
 * and cluster_state.c (the state file) share them.
 */
#ifndef NDC_CTX_IMPL_H
#define NDC_CTX_IMPL_H

#include "internal.h"

struct ndc_ctx {
    ndc_opts opts;          /* checked, with the mode's defaults */
    const ndci_mode_ops *ops;
    void *mode;
    ndci_window win;
    ndc_prep *prep;         /* that of ndc_ctx_assign_fields() */
    uint64_t records;       /* records numbered so far */
    uint64_t no_text;
    uint64_t clusters;
    uint64_t peak;
    double clock;           /* newest time seen, or NDC_NO_TIME */
    uint64_t digest;        /* of the mode's settings beyond opts */
    char errmsg[160];
};

/* A record prepared for ctx: what the mode made of it, and its time.
   What each record writes is on a cache line apart from ctx and mode,
   so that another thread reads those to prefetch (ndc_prep_prefetch())
   without waiting for the line the preparing thread last wrote. */
struct ndc_prep {
    const ndc_ctx *ctx;
    void *mode;             /* the mode's scratch and features */
    _Alignas(NDCI_LINE) double time;
    int words;              /* 1: has words, 0: none, -1: none prepared */
};

#endif /* NDC_CTX_IMPL_H */
