/*
 * json_impl.h - what json.c, json_arena.c and json_write.c share: the
 * parser's insides.  Private to those three files; the rest of the
 * command sees json.h only.
 */
#ifndef NDC_JSON_IMPL_H
#define NDC_JSON_IMPL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <yajl/yajl_parse.h>

#include "json.h"

/* A dotted path cut into its components. */
typedef struct ndj_path {
    char **comp;        /* components, NUL-terminated copies */
    size_t *comp_len;
    size_t n;
} ndj_path;

/*
 * yajl allocates a handle, a lexer and buffers for every line.  They are
 * served from an arena emptied after each line, so that a steady stream
 * makes no call to malloc (json_arena.c).
 */
typedef struct ndj_arena_block {
    struct ndj_arena_block *prev;   /* blocks outgrown during this line */
    size_t cap, used;
    /* the bytes follow, aligned */
} ndj_arena_block;

typedef struct ndj_arena {
    ndj_arena_block *b;
    void *last;                 /* the newest allocation, for realloc */
    bool failed;
} ndj_arena;

/* One open container: the paths still matching, and its kind; for an
   array, the fields that take the strings in it. */
typedef struct ndj_level {
    uint64_t mask;
    uint64_t collect;   /* fields ending at this array; 0 for a map */
    bool is_map;
} ndj_level;

struct ndj_parser {
    ndj_path paths[NDJ_MAX_FIELDS + 1]; /* the fields, then the id */
    size_t n_fields;
    bool has_id;
    char **keys;
    size_t *key_len;
    size_t n_keys;
    /* per-line state */
    ndj_level *stack;
    size_t depth, stack_cap;
    uint64_t key_mask;      /* paths whose last key matched, pending */
    bool top_seen;          /* the top-level value has started */
    bool top_is_map;
    bool has_key;           /* a top-level member to replace exists */
    size_t n_members;       /* top-level members */
    yajl_handle h;          /* the handle parsing the line */
    ndj_arena mem;          /* yajl's memory for the line */
    size_t top_end;         /* bytes up to the end of the top value */
    bool oom;
    cmd_buf val[NDJ_MAX_FIELDS + 1];
    bool is_str[NDJ_MAX_FIELDS + 1];
    bool present[NDJ_MAX_FIELDS + 1];
    cmd_buf text;
    cmd_buf key;            /* scratch for unescaping keys in annotate */
};

/* yajl's allocation functions over arena a (json_arena.c). */
yajl_alloc_funcs ndj_arena_funcs(ndj_arena *a);
/* Empties a at the end of a line: blocks outgrown during it are freed,
   and the newest too if it grew large. */
void ndj_arena_reset(ndj_arena *a);
/* Frees all of a. */
void ndj_arena_free(ndj_arena *a);

/* Whether k[0..len) is one of the member names p writes (json.c). */
bool ndj_is_out_key(const ndj_parser *p, const char *k, size_t len);

#endif /* NDC_JSON_IMPL_H */
