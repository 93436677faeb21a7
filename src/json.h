/*
 * json.h - the CLI's JSON glue over yajl: checks one line is one JSON
 * object, pulls the text of the -f fields and the --id-field, and finds
 * the top-level members that ndcluster will replace.  Not part of the
 * library: libndcluster knows nothing of JSON.  json.c parses,
 * json_write.c writes, json_arena.c holds yajl's memory.
 */
#ifndef NDC_JSON_H
#define NDC_JSON_H

#include <stdbool.h>
#include <stddef.h>

#include "cmd_buf.h"

/* Most -f fields (plus one --id-field) a parser follows. */
#define NDJ_MAX_FIELDS 63

typedef struct ndj_parser ndj_parser;

/* Why a line was refused, and where. */
typedef struct ndj_error {
    char msg[160];
    size_t pos;         /* byte offset in the line, 0-based */
    bool open;          /* the line ended inside a value */
} ndj_error;

/*
 * Creates a parser for the dotted paths fields[0..n_fields-1], the id
 * path id_path (NULL for none) and the top-level member names keys
 * (those ndcluster writes, so removed when present).  In a path, "\."
 * is a dot within a key and "\\" a backslash.  Paths and names are
 * copied.  Returns NULL if memory ran out.
 */
ndj_parser *ndj_new(const char *const *fields, size_t n_fields,
    const char *id_path, const char *const *keys, size_t n_keys);
void ndj_free(ndj_parser *p);

/*
 * Parses one line (no line end).  Returns true if it holds exactly one
 * JSON object; otherwise false with *err set.  The line must already be
 * valid UTF-8.
 */
bool ndj_parse(ndj_parser *p, const char *line, size_t len, ndj_error *err);

/*
 * After a successful ndj_parse: the value of field i (0-based, in the
 * order given to ndj_new): a string's contents, unescaped (*is_str
 * true), the strings of an array, unescaped and joined with a newline
 * between each two (*is_str true; other members of the array are
 * skipped, and an array without a string is as if missing), or a
 * number as written (*is_str false).  Returns false if the field is
 * missing or holds anything else.  The value lives until the next
 * ndj_parse.
 */
bool ndj_value(ndj_parser *p, size_t i, const char **s, size_t *len,
    bool *is_str);

/* After ndj_parse: the --id-field's value as compact JSON, or false. */
bool ndj_id(ndj_parser *p, const char **json, size_t *len);

/* What ndj_annotate() needs of a line's parse, kept apart from the
   parser so that it may parse other lines before this one is written. */
typedef struct ndj_shape {
    size_t n_members;   /* top-level members */
    bool has_key;       /* one of them is named in keys */
} ndj_shape;

/* After a successful ndj_parse: the shape of the line. */
ndj_shape ndj_shape_of(const ndj_parser *p);

/*
 * Writes to out the line, of shape sh, with every top-level member
 * named in p's keys removed, then ins (the members to add, without a
 * leading comma) inserted before the closing brace, comma-separated
 * from the members kept.  All other bytes are kept as they were.  p
 * may have parsed other lines since.
 */
bool ndj_annotate(ndj_parser *p, ndj_shape sh, const char *line,
    size_t len, const char *ins, size_t ins_len, cmd_buf *out);

/*
 * Writes to out the object of one member named name whose value is
 * s[0..len) as a JSON string, then ins (the members to add, without a
 * leading comma): {"name":"s",ins}.  s must be valid UTF-8.  For -R.
 */
bool ndj_wrap(const char *name, const char *s, size_t len, const char *ins,
    size_t ins_len, cmd_buf *out);

/*
 * The first of names[0..n) that the line, one JSON object, has as a
 * top-level member, by the order of the line's members, or NULL (also
 * if memory ran out).  p lends its scratch.
 */
const char *ndj_top_member(ndj_parser *p, const char *line, size_t len,
    const char *const *names, size_t n);

/* Appends s as a JSON string (quotes and escapes) to out. */
bool ndj_quote(cmd_buf *out, const char *s, size_t len);

/* Checks that path is a usable dotted path (no empty component; "\."
   is a dot in a key, see ndj_new). */
bool ndj_path_ok(const char *path);

#endif /* NDC_JSON_H */
