/*
 * cmd_record.c - one line of input committed, once prepared (cmd_prep.c):
 * its messages, clustering, and the line written back with the members
 * ndcluster adds (the cluster id, and those of -a), or with -R (whose
 * text cmd_raw.c takes) the object {"text":LINE} with them.  Also the
 * warnings that point at a likely mistake: no text in any -f field, a
 * time in the future, input that is pretty-printed.
 */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "timeparse.h"

/* A bad time is quoted up to this many bytes. */
#define TIME_QUOTE_MAX 40
/* Records read before the -f fields are judged, if none had text. */
#define TEXT_CHECK_RECORDS 1000
/* The longest line taken for the first of a pretty-printed value. */
#define PRETTY_LINE_MAX 1000

void
cmd_record_init(cmd_run *r)
{
    cmd_cli *c = r->c;
    size_t k;

    /* Replace only the members this run writes: KEY and KEY_what. */
    r->member_keys[0] = c->key;
    for (k = 0; k < c->n_annot; k++) {
        const char *what = cmd_annot_name(c->annot_order[k]);
        size_t n = strlen(c->key) + strlen(what) + 2;

        r->key_names[k] = malloc(n);
        if (r->key_names[k] == NULL)
            cmd_nomem();
        snprintf(r->key_names[k], n, "%s_%s", c->key, what);
        r->member_keys[1 + k] = r->key_names[k];
    }
    /* The time is one more field after the texts. */
    if (c->time_field != NULL)
        c->fields[c->n_fields] = c->time_field;
}

void
cmd_record_free(cmd_run *r)
{
    size_t k;

    for (k = 0; k < CMD_N_ANNOT; k++)
        free(r->key_names[k]);
    cmd_buf_free(&r->line_out);
    cmd_buf_free(&r->ins);
    cmd_buf_free(&r->key);
}

/* ---- the members to insert ---- */

static void
ins_str(cmd_run *r, const char *s)
{
    if (!cmd_buf_append(&r->ins, s, strlen(s)))
        cmd_nomem();
}

/* v in decimal: by hand, as snprintf() cost a short record's output
   about 700 instructions of its 1,000. */
static void
ins_u64(cmd_run *r, uint64_t v)
{
    char num[24];
    size_t at = sizeof(num);

    do {
        num[--at] = (char)('0' + v % 10);
        v /= 10;
    } while (v != 0);
    if (!cmd_buf_append(&r->ins, num + at, sizeof(num) - at))
        cmd_nomem();
}

/* Appends "KEY" or "KEY_what" (quoted) and a colon to the insertion. */
static void
ins_key(cmd_run *r, const char *what)
{
    cmd_buf *name = &r->key;

    name->len = 0;
    if (!cmd_buf_append(name, r->c->key, strlen(r->c->key)) ||
        (what != NULL && (!cmd_buf_append(name, "_", 1) ||
        !cmd_buf_append(name, what, strlen(what)))) ||
        !ndj_quote(&r->ins, name->data, name->len))
        cmd_nomem();
    ins_str(r, ":");
}

/* Appends the value of -a match: the matched record's number, or its
   --id-field value. */
static void
ins_match(cmd_run *r, const ndc_result *res)
{
    const cmd_buf *id;

    if (res->match == 0) {
        ins_str(r, "null");
    } else if (r->c->id_field != NULL) {
        id = cmd_ids_find(r, res->match);
        if (id == NULL)
            ins_str(r, "null");
        else if (!cmd_buf_append(&r->ins, id->data, id->len))
            cmd_nomem();
    } else {
        ins_u64(r, res->match);
    }
}

/* The cluster's label (its template) as a JSON string. */
static void
ins_label(cmd_run *r, const ndc_result *res)
{
    const char *s;
    size_t len;

    if (ndc_ctx_label(r->ctx, res->cluster, &s, &len) != NDC_OK)
        ins_str(r, "null");
    else if (!ndj_quote(&r->ins, s, len))
        cmd_nomem();
}

/* The members to insert: the cluster id, then those of -a in order. */
static void
annotate_members(cmd_run *r, const ndc_result *res)
{
    bool none = res->cluster == 0;  /* no text: every value is null */
    char num[32];
    size_t i;

    r->ins.len = 0;
    ins_key(r, NULL);
    if (none)
        ins_str(r, "null");
    else
        ins_u64(r, res->cluster);
    for (i = 0; i < r->c->n_annot; i++) {
        int a = r->c->annot_order[i];

        ins_str(r, ",");
        ins_key(r, cmd_annot_name(a));
        if (a == CMD_A_MATCH) {
            ins_match(r, res);
        } else if (none) {
            ins_str(r, "null");
        } else if (a == CMD_A_SCORE) {
            snprintf(num, sizeof(num), "%.4g", res->score);
            ins_str(r, num);
        } else if (a == CMD_A_NEW) {
            ins_str(r, res->is_new ? "true" : "false");
        } else if (a == CMD_A_TEMPLATE) {
            ins_label(r, res);
        } else {
            ins_u64(r, res->size);
        }
    }
}

/* ---- the time ---- */

/* What closes a quoted time of len bytes: for a string a quote, after
   "..." if it was cut at TIME_QUOTE_MAX. */
static const char *
quote_end(bool is_str, size_t len)
{
    if (!is_str)
        return "";
    return len > TIME_QUOTE_MAX ? "...\"" : "\"";
}

/* The warning of a record whose time is not used. */
static void
time_notes(cmd_run *r, const cmd_slot *s)
{
    const char *f = r->c->time_field, *q = s->tv_str ? "\"" : "";
    const char *tv = s->tv.data;
    size_t tv_len = s->tv.len;
    int shown = (int)(tv_len > TIME_QUOTE_MAX ? TIME_QUOTE_MAX : tv_len);
    char date[NDT_FORMAT_LEN], as[NDT_FORMAT_LEN + 16] = "";

    if (s->time_state == CMD_TIME_MISSING) {
        cmd_note(r, "no time in '%s' (a string or a number); the record "
            "is taken in arrival order", f);
    } else if (s->time_state == CMD_TIME_BAD) {
        cmd_note(r, "'%s' is not a time (RFC 3339 or an epoch number): "
            "%s%.*s%s; the record is taken in arrival order", f, q, shown,
            tv, quote_end(s->tv_str, tv_len));
    } else if (s->time_state == CMD_TIME_FUTURE) {
        r->future_time++;
        /* An epoch number says which date it was read as; a date need
           not. */
        if (!s->tv_str || tv_len <= 4 || tv[4] != '-') {
            ndt_format_time(s->t_read, date, sizeof(date));
            snprintf(as, sizeof(as), " (%s)", date);
        }
        cmd_note(r, "'%s' is more than a day ahead of this machine's "
            "clock: %s%.*s%s%s; the record is taken in arrival order", f,
            q, shown, tv, quote_end(s->tv_str, tv_len), as);
    }
}

/* ---- one line ---- */

/* A message with a tag ("warning", "hint"), about file:line if file is
   not NULL. */
static void
say(const char *file, uint64_t line, const char *tag, const char *fmt, ...)
    CMD_PRINTF(4, 5);

static void
say(const char *file, uint64_t line, const char *tag, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    cmd_vsay(file, line, tag, fmt, ap);
    va_end(ap);
}

/*
 * Whether a line that ends inside a value looks like the first line of
 * a pretty-printed one, as jq . writes: '{' or '[' alone, or a short
 * line that starts with one of them and ends, past white space, in
 * '{', '[', ',' or ':', where a line torn at a random byte rarely ends.
 */
static bool
looks_pretty(const char *line, size_t len)
{
    size_t i = 0;

    while (i < len && (line[i] == ' ' || line[i] == '\t'))
        i++;
    while (len > i && (line[len - 1] == ' ' || line[len - 1] == '\t'))
        len--;
    if (i == len || (line[i] != '{' && line[i] != '['))
        return false;
    return len - i == 1 || (len - i <= PRETTY_LINE_MAX &&
        memchr("{[,:", line[len - 1], 4) != NULL);
}

/* Refuses a line that is not one JSON object; the first line that
   looks pretty-printed also gets a hint, once a run. */
static void
refuse_json(cmd_run *r, const cmd_slot *s)
{
    if (s->err.pos > 0)
        cmd_reject(r, s->line, s->len, "%s (at byte %zu)", s->err.msg,
            s->err.pos);
    else
        cmd_reject(r, s->line, s->len, "%s", s->err.msg);
    if (!r->pretty_hinted && s->err.open && looks_pretty(s->line, s->len)) {
        r->pretty_hinted = true;
        say(r->fname, r->lineno, "hint", "this looks like pretty-printed "
            "JSON, but the input must be one JSON object per line: "
            "make it compact first, as with jq -c");
    }
}

/*
 * Warns that no record had text in the -f fields, which most likely
 * means a misspelt field: after TEXT_CHECK_RECORDS records, or at the
 * end of a shorter input.  Once only, and never once one had text.
 */
static void
check_texts(cmd_run *r, bool at_end)
{
    cmd_buf *names = &r->key;
    size_t i;

    if (r->text_seen || r->text_warned || r->parsed == 0 ||
        (!at_end && r->parsed != TEXT_CHECK_RECORDS))
        return;
    r->text_warned = true;
    names->len = 0;
    for (i = 0; i < r->c->n_fields; i++) {
        const char *f = r->c->fields[i];

        if ((i > 0 && !cmd_buf_append(names, ", ", 2)) ||
            !cmd_buf_append(names, "'", 1) ||
            !cmd_buf_append(names, f, strlen(f)) ||
            !cmd_buf_append(names, "'", 1))
            cmd_nomem();
    }
    if (at_end)
        say(NULL, 0, "warning", "no record had text in the -f field%s "
            "%.*s, so every cluster is null", r->c->n_fields > 1 ? "s" : "",
            (int)names->len, names->data);
    else
        say(NULL, 0, "warning", "none of the first %d records had text in "
            "the -f field%s %.*s; their clusters are null",
            TEXT_CHECK_RECORDS, r->c->n_fields > 1 ? "s" : "",
            (int)names->len, names->data);
}

/*
 * Story mode uses time when told where it is: a first record with a
 * member whose name says it holds one, and no --time-field, gets a note,
 * once a run.  Only a top-level member, by the commonest names of feeds:
 * a guess is for a note, never for a setting.
 */
static void
check_time_member(const cmd_run *r, cmd_slot *s)
{
    static const char *const names[] = {"time", "published", "date",
        "pubDate", "timestamp"};
    const char *name;

    if (r->c->time_field != NULL || r->parsed != 1 ||
        !ndc_mode_uses(r->c->opts.mode, NDC_OPT_HORIZON))
        return;
    name = ndj_top_member(r->main_pp->json, s->line, s->len, names,
        sizeof(names) / sizeof(names[0]));
    if (name != NULL)
        say(NULL, 0, "note", "records have a \"%s\" member; %s mode uses "
            "time when given --time-field %s", name,
            ndc_mode_name(r->c->opts.mode), name);
}

/* ---- one record ---- */

void
cmd_record_end(cmd_run *r)
{
    check_texts(r, true);
}

/* Writes the record with the members of r->ins: the line rewritten, or
   with -R an object that holds its text (s->raw). */
static void
write_record(cmd_run *r, const cmd_slot *s)
{
    bool ok;

    if (r->c->raw)
        ok = ndj_wrap(CMD_RAW_MEMBER, s->raw.text, s->raw.len,
            r->ins.data, r->ins.len, &r->line_out);
    else
        ok = ndj_annotate(r->main_pp->json, s->shape, s->line, s->len,
            r->ins.data, r->ins.len, &r->line_out);
    if (!ok)
        cmd_nomem();
    cmd_out_put(r, r->line_out.data, r->line_out.len);
    cmd_out_put(r, "\n", 1);
    r->written++;
    if (r->c->unbuffered)
        cmd_out_flush(r);
}

/* The messages of a line that preparing refused or skipped; false if
   it was one. */
static bool
line_kept(cmd_run *r, const cmd_slot *s)
{
    switch (s->verdict) {
    case CMD_LINE_BLANK:
        r->blank++;
        return false;
    case CMD_LINE_LONG:
        cmd_reject(r, s->line, s->len, "line of %zu bytes is longer than "
            "--max-bytes %zu", s->len, r->c->max_bytes);
        return false;
    case CMD_LINE_UTF8:
        cmd_reject(r, s->line, s->len, "invalid UTF-8 at byte %zu",
            s->bad_at + 1);
        return false;
    case CMD_LINE_JSON:
        refuse_json(r, s);
        return false;
    default:
        return true;
    }
}

void
cmd_commit(cmd_run *r, cmd_slot *s)
{
    ndc_result res;
    const char *id = NULL;
    size_t id_len = 0;
    ndc_status st;

    r->lineno = s->lineno;
    if (!line_kept(r, s))
        return;
    if (!r->c->raw) {
        r->parsed++;
        if (s->n_texts > 0)
            r->text_seen = true;
        check_texts(r, false);
        check_time_member(r, s);
        time_notes(r, s);
    }
    if (s->prep_status != NDC_OK)
        cmd_fail_line(r, ndc_strerror(s->prep_status));
    st = ndc_ctx_commit(r->ctx, s->prep, &res);
    if (st == NDC_ERR_FULL) {
        cmd_reject(r, s->line, s->len, "record numbers used up: %" PRIu64
            " records since the state began", (uint64_t)NDC_MAX_RECORDS);
        return;
    }
    if (st != NDC_OK)
        cmd_fail_line(r, ndc_strerror(st));
    /* Annotate first: pushing this record's id may drop the match's. */
    annotate_members(r, &res);
    if (r->c->id_field != NULL && res.cluster != 0) {
        if (s->has_id) {
            id = s->id.data;
            id_len = s->id.len;
        }
        cmd_ids_push(r, res.record, id, id_len);
    }
    if (r->c->unique && res.cluster != 0 && !res.is_new)
        return;
    write_record(r, s);
}
