/*
 * cmd_run.c - one run of the command around its input: the library's
 * context and what the run needs beside it at the start, the output,
 * the state and the reports at the end, and the cleanup.
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cmd.h"

double
cmd_now(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

double
cmd_wall_clock(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_REALTIME, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void
cmd_run_init(cmd_run *r, cmd_cli *c)
{
    memset(r, 0, sizeof(*r));
    r->c = c;
    r->state_lock = -1;
    r->started = cmd_now();
}

bool
cmd_run_start(cmd_run *r)
{
    ndc_status st = ndc_ctx_create(&r->ctx, &r->c->opts);

    if (st != NDC_OK) {
        if (st == NDC_ERR_NOMEM)
            cmd_warn("cannot start: out of memory for a window of %" PRIu32
                " records (-w)", r->c->opts.window);
        else
            cmd_warn("cannot start: %s", ndc_strerror(st));
        r->status = 1;
        return false;
    }
    cmd_record_init(r);
    cmd_work_start(r);
    r->out = malloc(CMD_OUT_CAP);
    if (r->out == NULL)
        cmd_nomem();
    cmd_ids_init(r);
    return true;
}

void
cmd_run_finish(cmd_run *r)
{
    cmd_out_flush(r);
    cmd_progress_clear(r);
    if (r->c->state_path != NULL)
        cmd_state_save(r);
    if (cmd_signal() != 0)
        r->status = 128 + cmd_signal();
    cmd_record_end(r);
    cmd_diag_counts(r);
    if (r->c->stats)
        cmd_print_stats(r);
}

int
cmd_run_close(cmd_run *r)
{
    size_t k;

    if (!cmd_rejects_close(r))
        r->status = 1;
    cmd_state_unlock(r);
    cmd_ids_free(r);
    for (k = 0; k < r->c->n_fields; k++)
        free(r->c->field_copy[k]);
    cmd_work_stop(r);
    cmd_record_free(r);
    cmd_buf_free(&r->stopwords);
    ndc_ctx_free(r->ctx);
    cmd_buf_free(&r->in[0]);
    cmd_buf_free(&r->in[1]);
    free(r->out);
    return r->status;
}
