/*
 * cmd_state.c - the command's part of a --state file, which the library
 * keeps as the caller's bytes of its own state: the settings of the run
 * that shape its output beyond the library's (text fields and weights,
 * or -R; id and time fields), then the id ring of --id-field.  Also the ring
 * itself, when to save, and the lock that keeps the file to one
 * process.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "statefile.h"

#define WHY_LEN 256

/* ---- the id ring ---- */

void
cmd_ids_init(cmd_run *r)
{
    cmd_ids *q = &r->ids;

    if (r->c->id_field == NULL)
        return;
    q->cap = r->c->opts.window;
    q->record = calloc(q->cap, sizeof(uint64_t));
    q->id = calloc(q->cap, sizeof(cmd_buf));
    if (q->record == NULL || q->id == NULL)
        cmd_nomem();
}

void
cmd_ids_free(cmd_run *r)
{
    cmd_ids *q = &r->ids;
    size_t k;

    if (q->id != NULL)
        for (k = 0; k < q->cap; k++)
            cmd_buf_free(&q->id[k]);
    free(q->id);
    free(q->record);
    q->id = NULL;
    q->record = NULL;
}

void
cmd_ids_push(cmd_run *r, uint64_t record, const char *id, size_t len)
{
    cmd_ids *q = &r->ids;

    q->record[q->head] = record;
    q->id[q->head].len = 0;
    if (id != NULL && !cmd_buf_append(&q->id[q->head], id, len))
        cmd_nomem();
    q->head = (q->head + 1) % q->cap;
    if (q->n < q->cap)
        q->n++;
}

/* Binary search: the ring holds record numbers in increasing order. */
const cmd_buf *
cmd_ids_find(const cmd_run *r, uint64_t record)
{
    const cmd_ids *q = &r->ids;
    size_t lo = 0, hi = q->n, first = (q->head + q->cap - q->n) % q->cap;

    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        size_t at = (first + mid) % q->cap;

        if (q->record[at] == record)
            return q->id[at].len > 0 ? &q->id[at] : NULL;
        if (q->record[at] < record)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

/* ---- the bytes in the state ---- */

/*
 * The settings part, with its NUL: a state must match it to load.  With
 * -R, whose text is the line and not a field, "raw-input" stands in the
 * place of the fields, so that a state made of lines of text and one
 * made of JSON records do not mix, and states made without -R stay as
 * they were.
 */
static void
put_settings(const cmd_cli *c, cmd_buf *b)
{
    const char *text = c->raw ? "raw-input" : "fields";
    char w[64];
    size_t i;

    b->len = 0;
    if (!cmd_buf_append(b, "ndcluster-cli 1\n", 16) ||
        !cmd_buf_append(b, text, strlen(text)))
        cmd_nomem();
    for (i = 0; i < c->n_fields && !c->raw; i++) {
        snprintf(w, sizeof(w), ":%.17g", c->weights[i]);
        if (!cmd_buf_append(b, " ", 1) ||
            !cmd_buf_append(b, c->fields[i], strlen(c->fields[i])) ||
            !cmd_buf_append(b, w, strlen(w)))
            cmd_nomem();
    }
    if (!cmd_buf_append(b, "\nid ", 4) || (c->id_field != NULL &&
        !cmd_buf_append(b, c->id_field, strlen(c->id_field))) ||
        !cmd_buf_append(b, "\ntime ", 6) || (c->time_field != NULL &&
        !cmd_buf_append(b, c->time_field, strlen(c->time_field))) ||
        !cmd_buf_append(b, "\n", 2))  /* with its NUL */
        cmd_nomem();
}

static void
put_u64(cmd_buf *b, uint64_t v)
{
    if (!cmd_buf_append(b, &v, sizeof(v)))
        cmd_nomem();
}

bool
cmd_state_save(cmd_run *r)
{
    cmd_buf user = {0};
    cmd_ids *q = &r->ids;
    char why[WHY_LEN];
    size_t i;
    bool ok;

    put_settings(r->c, &user);
    put_u64(&user, q->n);
    for (i = 0; i < q->n; i++) {
        size_t at = (q->head + q->cap - q->n + i) % q->cap;

        put_u64(&user, q->record[at]);
        put_u64(&user, q->id[at].len);
        if (!cmd_buf_append(&user, q->id[at].data, q->id[at].len))
            cmd_nomem();
    }
    ok = ndf_save(r->c->state_path, r->ctx, user.data, user.len, why,
        sizeof(why));
    if (!ok) {
        cmd_warn("%s: cannot save the state: %s", r->c->state_path, why);
        r->status = 1;
    }
    cmd_buf_free(&user);
    r->since_save = 0;
    r->saved_at = cmd_now();
    return ok;
}

/*
 * Reads the id ring from u[at..len), the part after the settings; false
 * if it does not fit.
 */
static bool
load_ids(cmd_run *r, const unsigned char *u, size_t len, size_t at)
{
    uint64_t n, i;

    if (len - at < 8)
        return false;
    memcpy(&n, u + at, 8);
    at += 8;
    for (i = 0; i < n; i++) {
        uint64_t rec, id_len;

        if (len - at < 16)
            return false;
        memcpy(&rec, u + at, 8);
        memcpy(&id_len, u + at + 8, 8);
        at += 16;
        if (id_len > len - at || r->ids.cap == 0)
            return false;
        cmd_ids_push(r, rec, id_len > 0 ? (const char *)u + at : NULL,
            (size_t)id_len);
        at += id_len;
    }
    return at == len;
}

/* Loads the state file's bytes into the context, then the command's
   part; false with a message if either is refused. */
static bool
load_file(cmd_run *r, const cmd_buf *file)
{
    const char *path = r->c->state_path;
    const unsigned char *u;
    cmd_buf want = {0};
    size_t ulen;
    ndc_status st;
    bool ok = false;

    st = ndc_ctx_load(r->ctx, file->data, file->len, (const void **)&u,
        &ulen);
    if (st != NDC_OK) {
        cmd_warn("%s: refused: %s", path, st == NDC_ERR_STATE ?
            ndc_ctx_errmsg(r->ctx) : ndc_strerror(st));
        return false;
    }
    put_settings(r->c, &want);
    if (ulen < want.len || memcmp(u, want.data, want.len) != 0)
        cmd_warn("%s: refused: made with other settings: other -R, -f, "
            "--id-field or --time-field", path);
    else if (!load_ids(r, u, ulen, want.len))
        cmd_warn("%s: refused: damaged: the ids of --id-field do not fit",
            path);
    else
        ok = true;
    cmd_buf_free(&want);
    return ok;
}

/* Takes the lock of --state for the whole run; false with a message
   naming the file, and the holder's pid if known, if it cannot. */
static bool
lock_state(cmd_run *r)
{
    const char *path = r->c->state_path;
    long holder;

    if (ndf_lock(path, &r->state_lock, &holder))
        return true;
    if (errno == EAGAIN && holder > 0)
        cmd_warn("%s: refused: in use by process %ld, which holds "
            "%s.lock", path, holder, path);
    else if (errno == EAGAIN)
        cmd_warn("%s: refused: in use by another process, which holds "
            "%s.lock", path, path);
    else
        cmd_warn("%s.lock: cannot lock the --state file: %s", path,
            strerror(errno));
    return false;
}

bool
cmd_state_load(cmd_run *r)
{
    const char *path = r->c->state_path;
    cmd_buf file = {0};
    ndc_stats before;
    bool ok;

    if (path == NULL)
        return true;
    if (!ndf_folder_ok(path)) {
        cmd_warn("%s: cannot save a state there: %s", path,
            strerror(errno));
        r->status = 1;
        return false;
    }
    if (!lock_state(r)) {
        r->status = 1;
        return false;
    }
    if (ndf_read(path, &file)) {
        ok = load_file(r, &file);
    } else {
        ok = errno == ENOENT;
        if (!ok)
            cmd_warn("%s: cannot read the --state file: %s", path,
                strerror(errno));
    }
    cmd_buf_free(&file);
    if (!ok) {
        r->status = 1;
        return false;
    }
    r->saved_at = cmd_now();
    ndc_ctx_stats(r->ctx, &before);
    r->records_before = before.records;
    return true;
}

void
cmd_state_unlock(cmd_run *r)
{
    if (r->state_lock >= 0)
        ndf_unlock(r->c->state_path, r->state_lock);
    r->state_lock = -1;
}

void
cmd_state_tick(cmd_run *r)
{
    const cmd_cli *c = r->c;

    if (c->state_path != NULL && ((c->checkpoint_n > 0 &&
        r->since_save >= c->checkpoint_n) || (c->checkpoint_secs > 0 &&
        cmd_now() - r->saved_at >= c->checkpoint_secs))) {
        cmd_out_flush(r);   /* what the state counts is out first */
        cmd_state_save(r);
    }
}
