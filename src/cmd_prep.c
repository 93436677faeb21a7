/*
 * cmd_prep.c - one line of input prepared, on whichever thread takes it
 * (cmd_work.c): the checks before parsing (blank, --max-bytes, UTF-8),
 * the JSON parse, the text of the -f fields and the time of
 * --time-field, and the library's features.  The parser, the texts and
 * the library's scratch belong to the thread (cmd_prepper); the slot
 * keeps only what the commit reads (cmd_record.c).
 */
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "timeparse.h"

/* The byte order mark a first line may start with. */
#define BOM "\xEF\xBB\xBF"
#define BOM_LEN 3
/* How far a time may be ahead of this machine's clock, in seconds. */
#define FUTURE_SLACK 86400.0

void
cmd_prepper_init(const cmd_run *r, cmd_prepper *pp)
{
    const cmd_cli *c = r->c;

    memset(pp, 0, sizeof(*pp));
    pp->texts = calloc(c->n_fields > 0 ? c->n_fields : 1, sizeof(ndc_field));
    if (pp->texts == NULL || ndc_prep_create(&pp->prep, r->ctx) != NDC_OK)
        cmd_nomem();
    if (c->raw)         /* -R: no JSON to parse */
        return;
    pp->json = ndj_new(c->fields, c->n_fields + (c->time_field != NULL),
        c->id_field, r->member_keys, 1 + c->n_annot);
    if (pp->json == NULL)
        cmd_nomem();
}

void
cmd_prepper_free(cmd_prepper *pp)
{
    free(pp->texts);
    ndj_free(pp->json);
    ndc_prep_free(pp->prep);
}

void
cmd_slot_init(const cmd_run *r, cmd_slot *s, bool own)
{
    memset(s, 0, sizeof(*s));
    if (own && ndc_prep_create(&s->own, r->ctx) != NDC_OK)
        cmd_nomem();
}

void
cmd_slot_free(cmd_slot *s)
{
    ndc_prep_free(s->own);
    cmd_buf_free(&s->raw_text);
    cmd_buf_free(&s->tv);
    cmd_buf_free(&s->id);
}

/* ---- the time ---- */

/* A JSON number as a time; the value is not NUL-terminated. */
static bool
number_time(const char *v, size_t len, double *t)
{
    char num[64];

    if (len >= sizeof(num))
        return false;
    memcpy(num, v, len);
    num[len] = '\0';
    return ndt_parse_number_time(strtod(num, NULL), t);
}

/*
 * The record's time from --time-field into s: s->time is NDC_NO_TIME
 * when there is none, when it is not a time, or when it is more than
 * FUTURE_SLACK after this machine's clock, as a typo or a number in the
 * wrong unit can be; such a time would move the clock of --window-time
 * and --decay so far that nothing after it matched.  The commit's
 * message then says which, quoting the value, kept in s->tv.  False if
 * memory ran out.
 */
static bool
slot_time(const cmd_cli *c, ndj_parser *json, cmd_slot *s)
{
    const char *tv;
    size_t len;
    double t;
    bool ok;

    if (!ndj_value(json, c->n_fields, &tv, &len, &s->tv_str)) {
        s->time_state = CMD_TIME_MISSING;
        return true;
    }
    ok = s->tv_str ? ndt_parse_time(tv, len, &t) :
        number_time(tv, len, &t);
    if (ok && t <= cmd_wall_clock() + FUTURE_SLACK) {
        s->time_state = CMD_TIME_OK;
        s->time = t;
        return true;
    }
    s->time_state = CMD_TIME_BAD;
    if (ok) {
        s->time_state = CMD_TIME_FUTURE;
        s->t_read = t;
    }
    s->tv.len = 0;
    if (cmd_buf_append(&s->tv, tv, len))
        return true;
    s->time_state = CMD_TIME_NONE;  /* no message on no value */
    return false;
}

/* ---- one line ---- */

static bool
is_blank(const char *s, size_t len)
{
    size_t i;

    for (i = 0; i < len; i++)
        if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r')
            return false;
    return true;
}

void
cmd_line_trim(uint64_t lineno, const char **line, size_t *len)
{
    if (*len > 0 && (*line)[*len - 1] == '\r')
        (*len)--;
    if (lineno == 1 && *len >= BOM_LEN && memcmp(*line, BOM, BOM_LEN) == 0) {
        *line += BOM_LEN;
        *len -= BOM_LEN;
    }
}

/* The texts of the record into pp: its -f fields that hold a non-empty
   string, in order.  Returns how many. */
static size_t
record_texts(const cmd_cli *c, cmd_prepper *pp)
{
    size_t i, n = 0;

    for (i = 0; i < c->n_fields; i++) {
        ndc_field *f = &pp->texts[n];
        bool is_str;

        if (ndj_value(pp->json, i, &f->text, &f->len, &is_str) && is_str &&
            f->len > 0) {
            f->weight = c->weights[i];
            n++;
        }
    }
    return n;
}

/* The --id-field value into s, as JSON; false if memory ran out. */
static bool
slot_id(ndj_parser *json, cmd_slot *s)
{
    const char *id;
    size_t len;

    s->has_id = ndj_id(json, &id, &len);
    s->id.len = 0;
    return !s->has_id || cmd_buf_append(&s->id, id, len);
}

/* A JSON line, trimmed: checked and parsed, its texts and time taken.
   False if memory ran out. */
static bool
prepare_json(const cmd_cli *c, cmd_prepper *pp, cmd_slot *s)
{
    ndj_error err;
    size_t bad;

    if (is_blank(s->line, s->len)) {
        s->verdict = CMD_LINE_BLANK;
        return true;
    }
    if (s->len > c->max_bytes) {
        s->verdict = CMD_LINE_LONG;
        return true;
    }
    bad = ndc_utf8_check(s->line, s->len);
    if (bad < s->len) {
        s->verdict = CMD_LINE_UTF8;
        s->bad_at = bad;
        return true;
    }
    /* In the slot only when it failed: the slot's other lines stay
       untouched, and out of the way of the main thread. */
    if (!ndj_parse(pp->json, s->line, s->len, &err)) {
        s->err = err;
        s->verdict = CMD_LINE_JSON;
        return true;
    }
    s->shape = ndj_shape_of(pp->json);
    s->n_texts = record_texts(c, pp);
    if (c->id_field != NULL && !slot_id(pp->json, s))
        return false;
    return c->time_field == NULL || s->n_texts == 0 ||
        slot_time(c, pp->json, s);
}

void
cmd_prepare(const cmd_run *r, cmd_prepper *pp, cmd_slot *s, bool keep)
{
    const ndc_field *texts = pp->texts;
    bool ok;

    s->verdict = CMD_LINE_OK;
    s->n_texts = 0;
    s->time_state = CMD_TIME_NONE;
    s->time = NDC_NO_TIME;
    s->prep = keep ? s->own : pp->prep;
    cmd_line_trim(s->lineno, &s->line, &s->len);
    if (r->c->raw) {
        ok = cmd_raw_prepare(r, s);
        texts = &s->raw;
    } else {
        ok = prepare_json(r->c, pp, s);
    }
    if (s->verdict != CMD_LINE_OK)
        return;
    /* A failure shows at the commit, as out of memory. */
    s->prep_status = ok ? ndc_prep_fields(pp->prep, texts, s->n_texts,
        s->time) : NDC_ERR_NOMEM;
    if (s->prep_status == NDC_OK && keep)
        s->prep_status = ndc_prep_move(s->own, pp->prep);
}
