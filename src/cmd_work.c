/*
 * cmd_work.c - -j N: lines prepared on N threads, committed in order.
 *
 * The reader cuts the lines it has into rounds of at most n_slots.
 * Preparing a line (its checks, parse, texts, time and the library's
 * features: cmd_prepare()) reads only the settings and writes only its
 * slot, so N - 1 threads and the main thread take the lines of a round
 * in turn; the main thread commits them (messages, cluster ids, output)
 * in input order as each is ready, and prepares a line itself while the
 * next to commit is not.  A round ends before the reader reads again,
 * so every line read is written before a read would block, whatever N.
 * With -j 1 there is one slot and no thread: each line is prepared and
 * committed in turn.
 */
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"

struct cmd_work {
    cmd_run *r;
    size_t n_threads;       /* beside the main thread */
    pthread_t *tid;
    pthread_mutex_t mu;
    pthread_cond_t go;      /* a round has lines to take, or quit */
    pthread_cond_t done;    /* a line is prepared, or none is busy */
    size_t n;               /* lines in the round */
    size_t next;            /* the next line to take */
    size_t busy;            /* lines being prepared */
    unsigned char *ready;   /* n_slots: prepared in this round */
    bool waiting;           /* the main thread waits on done */
    bool quit;
};

/* Lines a thread takes at once: fewer turns of the mutex. */
#define TAKE 4u

/* Waits, the mutex held, until a thread says a line is done. */
static void
wait_done(cmd_work *w)
{
    w->waiting = true;
    pthread_cond_wait(&w->done, &w->mu);
    w->waiting = false;
}

/* Takes the next lines of the round, up to max, if any, and prepares
   them; the mutex is held on entry and on return.  False if there was
   none. */
static bool
take(cmd_work *w, size_t max)
{
    size_t i, from = w->next, to;

    if (from >= w->n)
        return false;
    to = w->n - from > max ? from + max : w->n;
    w->next = to;
    w->busy++;
    pthread_mutex_unlock(&w->mu);
    for (i = from; i < to; i++)
        cmd_prepare(w->r, &w->r->slots[i]);
    pthread_mutex_lock(&w->mu);
    for (i = from; i < to; i++)
        w->ready[i] = 1;
    w->busy--;
    if (w->waiting)
        pthread_cond_signal(&w->done);
    return true;
}

static void *
worker(void *arg)
{
    cmd_work *w = arg;

    pthread_mutex_lock(&w->mu);
    for (;;) {
        while (!w->quit && w->next >= w->n)
            pthread_cond_wait(&w->go, &w->mu);
        if (w->quit)
            break;
        take(w, TAKE);
    }
    pthread_mutex_unlock(&w->mu);
    return NULL;
}

/* Stops and joins the first n threads of w, and frees w. */
static void
work_free(cmd_work *w, size_t n)
{
    size_t i;

    pthread_mutex_lock(&w->mu);
    w->quit = true;
    pthread_cond_broadcast(&w->go);
    pthread_mutex_unlock(&w->mu);
    for (i = 0; i < n; i++)
        pthread_join(w->tid[i], NULL);
    pthread_mutex_destroy(&w->mu);
    pthread_cond_destroy(&w->go);
    pthread_cond_destroy(&w->done);
    free(w->tid);
    free(w->ready);
    free(w);
}

/* calloc() or the end of the run. */
static void *
zalloc(size_t n, size_t size)
{
    void *p = calloc(n, size);

    if (p == NULL)
        cmd_nomem();
    return p;
}

static cmd_work *
work_new(cmd_run *r, size_t n_threads)
{
    cmd_work *w = zalloc(1, sizeof(*w));
    sigset_t all, old;
    size_t i;

    w->r = r;
    w->n_threads = n_threads;
    w->tid = zalloc(n_threads, sizeof(pthread_t));
    w->ready = zalloc(r->n_slots, 1);
    if (pthread_mutex_init(&w->mu, NULL) != 0 ||
        pthread_cond_init(&w->go, NULL) != 0 ||
        pthread_cond_init(&w->done, NULL) != 0)
        cmd_nomem();
    /* The threads take no signal: the main thread waits for them in
       pselect() (cmd_input.c). */
    sigfillset(&all);
    pthread_sigmask(SIG_BLOCK, &all, &old);
    for (i = 0; i < n_threads; i++)
        if (pthread_create(&w->tid[i], NULL, worker, w) != 0) {
            cmd_warn("-j: cannot start thread %zu; going on with %zu",
                i + 2, i + 1);
            w->n_threads = i;
            break;
        }
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    return w;
}

void
cmd_work_start(cmd_run *r)
{
    unsigned jobs = r->c->jobs > 0 ? r->c->jobs : 1;

    r->n_slots = jobs == 1 ? 1 : (size_t)jobs * CMD_SLOTS_PER_JOB;
    /* Each slot is made when a round first needs it (cmd_work_slot()):
       short rounds use few. */
    r->slots = zalloc(r->n_slots, sizeof(cmd_slot));
    if (jobs > 1)
        r->work = work_new(r, jobs - 1);
}

void
cmd_work_stop(cmd_run *r)
{
    size_t i;

    if (r->work != NULL)
        work_free(r->work, r->work->n_threads);
    r->work = NULL;
    for (i = 0; i < r->n_slots && r->slots != NULL; i++)
        cmd_slot_free(&r->slots[i]);
    free(r->slots);
    r->slots = NULL;
}

cmd_slot *
cmd_work_slot(cmd_run *r, size_t i)
{
    cmd_slot *s = &r->slots[i];

    if (s->prep == NULL)
        cmd_slot_init(r, s);
    return s;
}

void
cmd_work_round(cmd_run *r, size_t n)
{
    cmd_work *w = r->work;

    if (w == NULL)
        return;
    pthread_mutex_lock(&w->mu);
    memset(w->ready, 0, n);
    w->n = n;
    w->next = 0;
    pthread_cond_broadcast(&w->go);
    pthread_mutex_unlock(&w->mu);
}

cmd_slot *
cmd_work_get(cmd_run *r, size_t i)
{
    cmd_work *w = r->work;

    if (w == NULL) {
        cmd_prepare(r, &r->slots[i]);
        return &r->slots[i];
    }
    pthread_mutex_lock(&w->mu);
    while (!w->ready[i]) {
        if (!take(w, 1))
            wait_done(w);
    }
    pthread_mutex_unlock(&w->mu);
    return &r->slots[i];
}

void
cmd_work_end_round(cmd_run *r)
{
    cmd_work *w = r->work;

    if (w == NULL)
        return;
    pthread_mutex_lock(&w->mu);
    w->n = w->next;
    while (w->busy > 0)
        wait_done(w);
    pthread_mutex_unlock(&w->mu);
}
