/*
 * cmd_work.c - -j N: lines prepared on N threads, committed in order.
 *
 * The reader puts the lines it has in a ring of slots; preparing a line
 * (its checks, parse, texts, time and the library's features:
 * cmd_prepare()) reads only the settings and writes only its slot and
 * the preparing thread's prepper, so N - 1 threads and the main thread
 * take the lines in turn, a few at a time with one compare-and-swap.  The
 * main thread commits them (messages, cluster ids, output) in input
 * order as each is ready, and prepares a line itself while the next to
 * commit is not: it never waits for a thread but for the line that
 * thread is on, so every line read is written before a read would block,
 * whatever N.  A thread spins a while when the ring has nothing to
 * take, then sleeps until the main thread wakes it for a batch of lines;
 * the main thread spins a while before it sleeps for a line.  With -j 1
 * the ring has one slot and there is no thread: each line is prepared
 * and committed in turn.
 *
 * Counters run over the whole run: line k (from 0) is in slot
 * k & mask (n_slots, a power of two, - 1), and once prepared its
 * stamp is k + 1.
 */
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"

#define CACHE_LINE 64u
/*
 * How long a thread spins for a line to take, and the main thread for a
 * line being prepared, before it sleeps: a millisecond, which a steady
 * stream never waits.  Sleeping costs more than the spin: on a virtual
 * machine a thread woken was seen placed on its waker's core, so that
 * the main thread stood still while it ran and the other core idled,
 * about 150 microseconds a wake-up.
 */
#define SPIN_SECONDS 1e-3
#define SPIN_CHECKS 64u     /* pauses between two looks at the clock */
#define TAKE 4u             /* lines a thread claims at once, at most */
#define PUT_BATCH 4u        /* free slots the reader fills at once */

/* What every line sets of a slot is on its first two cache lines. */
_Static_assert(offsetof(cmd_slot, bad_at) <= 2 * CACHE_LINE,
    "a slot's common fields on two cache lines");

/* A slot's stamp, on a cache line of its own. */
typedef struct stamp {
    _Atomic uint64_t done;      /* line number + 1, once prepared */
    char pad[CACHE_LINE - sizeof(uint64_t)];
} stamp;

struct cmd_work {
    cmd_run *r;
    size_t n_threads;           /* beside the main thread */
    size_t n_pp;
    pthread_t *tid;
    cmd_prepper *pp;            /* n_threads + 1; the main thread's first */
    uint64_t mask;              /* n_slots - 1 */
    stamp *stamps;              /* n_slots */
    ndc_prep **own;             /* n_slots: each slot's, a copy the main
                                   thread reads without a slot's line */
    uint64_t put;               /* lines in the ring so far: main only */
    uint64_t committed;         /* lines committed or dropped: main only */
    uint64_t wake_at;           /* lines to take that wake a thread */
    pthread_mutex_t mu;         /* for sleeping only */
    pthread_cond_t go;          /* lines to take, or quit */
    pthread_cond_t ready;       /* a line is prepared */
    _Alignas(CACHE_LINE) _Atomic uint64_t avail;    /* = put, published */
    _Alignas(CACHE_LINE) _Atomic uint64_t next;     /* the next to take */
    _Alignas(CACHE_LINE) _Atomic unsigned sleepers;
    _Atomic bool main_waits;
    _Atomic bool quit;
};

/* Spins a moment, telling the core so. */
static void
relax(void)
{
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_pause();
#endif
}

/* Spins until ready(w, k), or SPIN_SECONDS; false at the timeout. */
static bool
spin(cmd_work *w, uint64_t k, bool (*ready)(cmd_work *, uint64_t))
{
    double until = 0;
    unsigned i;

    for (i = 1;; i++) {
        if (ready(w, k))
            return true;
        relax();
        if (i % SPIN_CHECKS == 0) {
            double now = cmd_now();

            /* More threads than cores (-j 8 on two): let one run that
               has work, as the main thread may be waiting for a core. */
            sched_yield();
            if (until == 0)
                until = now + SPIN_SECONDS;
            else if (now > until)
                return false;
        }
    }
}

/* Claims the next lines to prepare, from *k on; returns how many, 0 if
   none is left.  Up to max while many are left, as each turn of the
   counter moves its cache line from one core to the other. */
static uint64_t
claim(cmd_work *w, uint64_t *k, uint64_t max)
{
    uint64_t n = atomic_load_explicit(&w->next, memory_order_relaxed);
    uint64_t avail, take;

    while (n < (avail = atomic_load_explicit(&w->avail,
        memory_order_acquire))) {
        take = avail - n >= 2 * max ? max : 1;
        if (atomic_compare_exchange_weak_explicit(&w->next, &n, n + take,
            memory_order_acq_rel, memory_order_relaxed)) {
            *k = n;
            return take;
        }
    }
    return 0;
}

static stamp *
stamp_of(cmd_work *w, uint64_t k)
{
    return &w->stamps[k & w->mask];
}

static bool
is_done(cmd_work *w, uint64_t k)
{
    return atomic_load_explicit(&stamp_of(w, k)->done,
        memory_order_acquire) == k + 1;
}

/*
 * Prepares line k with pp, and says it is done.  The stamp is a plain
 * store, which does not wait for the slot's bytes to reach other cores;
 * a thread looks whether the main thread sleeps only when it finds no
 * line to take (wake_main()).
 */
static void
prepare(cmd_work *w, cmd_prepper *pp, uint64_t k)
{
    cmd_prepare(w->r, pp, &w->r->slots[k & w->mask], true);
    atomic_store_explicit(&stamp_of(w, k)->done, k + 1,
        memory_order_release);
}

/*
 * Wakes the main thread if it sleeps (wait_line()).  It sleeps only for
 * a line being prepared, with none left to take (it would take it), so
 * the thread on that line finds none either once it is done, and comes
 * here.  The fence orders the stamp before the load of main_waits, as
 * wait_line() orders them the other way round: one of the two sees the
 * other's store.
 */
static void
wake_main(cmd_work *w)
{
    atomic_thread_fence(memory_order_seq_cst);
    if (!atomic_load_explicit(&w->main_waits, memory_order_relaxed))
        return;
    pthread_mutex_lock(&w->mu);
    pthread_cond_signal(&w->ready);
    pthread_mutex_unlock(&w->mu);
}

/* Whether a thread has something to do (k unused, for spin()). */
static bool
has_work(cmd_work *w, uint64_t k)
{
    (void)k;
    return atomic_load_explicit(&w->quit, memory_order_relaxed) ||
        atomic_load_explicit(&w->next, memory_order_relaxed) <
        atomic_load_explicit(&w->avail, memory_order_relaxed);
}

/* Sleeps until the main thread wakes the threads (cmd_work_publish()). */
static void
sleep_idle(cmd_work *w)
{
    if (spin(w, 0, has_work))
        return;
    /* Counted before each wait; the main thread zeroes the count as it
       wakes them all, so that it wakes them once. */
    pthread_mutex_lock(&w->mu);
    while (!has_work(w, 0)) {
        atomic_fetch_add_explicit(&w->sleepers, 1, memory_order_relaxed);
        pthread_cond_wait(&w->go, &w->mu);
    }
    pthread_mutex_unlock(&w->mu);
}

typedef struct thread_arg {
    cmd_work *w;
    cmd_prepper *pp;
} thread_arg;

static void *
worker(void *arg)
{
    cmd_work *w = ((thread_arg *)arg)->w;
    cmd_prepper *pp = ((thread_arg *)arg)->pp;
    uint64_t k, n, i;

    free(arg);
    while (!atomic_load(&w->quit)) {
        if ((n = claim(w, &k, TAKE)) > 0) {
            for (i = 0; i < n; i++)
                prepare(w, pp, k + i);
        } else {
            wake_main(w);
            sleep_idle(w);
        }
    }
    return NULL;
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

/* n bytes aligned on a cache line, zeroed, or the end of the run. */
static void *
line_alloc(size_t n)
{
    size_t size = (n + CACHE_LINE - 1) / CACHE_LINE * CACHE_LINE;
    void *p = aligned_alloc(CACHE_LINE, size);

    if (p == NULL)
        cmd_nomem();
    else
        memset(p, 0, size);
    return p;
}

/* Starts the threads; with fewer if one cannot start. */
static void
start_threads(cmd_work *w)
{
    sigset_t all, old;
    size_t i;

    /* The threads take no signal: the main thread waits for input in
       pselect() (cmd_input.c). */
    sigfillset(&all);
    pthread_sigmask(SIG_BLOCK, &all, &old);
    for (i = 0; i < w->n_threads; i++) {
        thread_arg *a = zalloc(1, sizeof(*a));

        a->w = w;
        a->pp = &w->pp[i + 1];
        if (pthread_create(&w->tid[i], NULL, worker, a) != 0) {
            free(a);
            cmd_warn("-j: cannot start thread %zu; going on with %zu",
                i + 2, i + 1);
            w->n_threads = i;
            break;
        }
    }
    pthread_sigmask(SIG_SETMASK, &old, NULL);
}

void
cmd_work_start(cmd_run *r)
{
    unsigned jobs = r->c->jobs > 0 ? r->c->jobs : 1;
    cmd_work *w;
    size_t i;

    r->n_slots = 1;
    while (jobs > 1 && r->n_slots < (size_t)jobs * CMD_SLOTS_PER_JOB)
        r->n_slots *= 2;
    r->slots = line_alloc(r->n_slots * sizeof(cmd_slot));
    /* With one thread a line is committed right after it is prepared,
       from the prepper's prep: the slot needs none. */
    for (i = 0; i < r->n_slots; i++)
        cmd_slot_init(r, &r->slots[i], jobs > 1);
    w = line_alloc(sizeof(*w));
    r->work = w;
    w->r = r;
    w->n_threads = jobs - 1;
    w->mask = r->n_slots - 1;
    w->wake_at = r->n_slots / 4 > 1 ? r->n_slots / 4 : 1;
    w->n_pp = jobs;
    w->pp = zalloc(jobs, sizeof(cmd_prepper));
    for (i = 0; i < jobs; i++)
        cmd_prepper_init(r, &w->pp[i]);
    r->main_pp = &w->pp[0];
    w->stamps = line_alloc(r->n_slots * sizeof(stamp));
    w->own = zalloc(r->n_slots, sizeof(ndc_prep *));
    for (i = 0; i < r->n_slots; i++)
        w->own[i] = r->slots[i].own;
    w->tid = zalloc(jobs, sizeof(pthread_t));
    for (i = 0; i < r->n_slots; i++)
        atomic_init(&w->stamps[i].done, 0);
    atomic_init(&w->avail, 0);
    atomic_init(&w->next, 0);
    atomic_init(&w->sleepers, 0);
    atomic_init(&w->main_waits, false);
    atomic_init(&w->quit, false);
    if (pthread_mutex_init(&w->mu, NULL) != 0 ||
        pthread_cond_init(&w->go, NULL) != 0 ||
        pthread_cond_init(&w->ready, NULL) != 0)
        cmd_nomem();
    start_threads(w);
}

void
cmd_work_stop(cmd_run *r)
{
    cmd_work *w = r->work;
    size_t i;

    if (w == NULL)
        return;
    pthread_mutex_lock(&w->mu);
    atomic_store(&w->quit, true);
    pthread_cond_broadcast(&w->go);
    pthread_mutex_unlock(&w->mu);
    for (i = 0; i < w->n_threads; i++)
        pthread_join(w->tid[i], NULL);
    pthread_mutex_destroy(&w->mu);
    pthread_cond_destroy(&w->go);
    pthread_cond_destroy(&w->ready);
    for (i = 0; i < w->n_pp; i++)
        cmd_prepper_free(&w->pp[i]);
    for (i = 0; i < r->n_slots; i++)
        cmd_slot_free(&r->slots[i]);
    free(w->pp);
    free(w->stamps);
    free(w->own);
    free(w->tid);
    free(w);
    free(r->slots);
    r->work = NULL;
    r->main_pp = NULL;
    r->slots = NULL;
}

bool
cmd_work_room(const cmd_run *r)
{
    const cmd_work *w = r->work;
    uint64_t free = r->n_slots - (w->put - w->committed);

    return free >= PUT_BATCH || free == r->n_slots;
}

cmd_slot *
cmd_work_slot(cmd_run *r)
{
    cmd_work *w = r->work;

    if (w->put - w->committed == r->n_slots)
        return NULL;
    return &r->slots[w->put & w->mask];
}

void
cmd_work_add(cmd_run *r)
{
    r->work->put++;
}

void
cmd_work_counts(const cmd_run *r, uint64_t *put, uint64_t *committed)
{
    *put = r->work->put;
    *committed = r->work->committed;
}

void
cmd_work_publish(cmd_run *r)
{
    cmd_work *w = r->work;

    if (w->n_threads == 0 ||
        atomic_load_explicit(&w->avail, memory_order_relaxed) == w->put)
        return;
    atomic_store_explicit(&w->avail, w->put, memory_order_release);
    /* No fence: a thread that misses these lines and sleeps costs only
       speed, as the main thread takes the lines it does not, and the
       next line put wakes it. */
    if (atomic_load_explicit(&w->sleepers, memory_order_relaxed) == 0 ||
        w->put - atomic_load_explicit(&w->next, memory_order_relaxed) <
        w->wake_at)
        return;
    pthread_mutex_lock(&w->mu);
    atomic_store_explicit(&w->sleepers, 0, memory_order_relaxed);
    pthread_cond_broadcast(&w->go);
    pthread_mutex_unlock(&w->mu);
}

/* Sleeps until line k is prepared. */
static void
wait_line(cmd_work *w, uint64_t k)
{
    if (spin(w, k, is_done))
        return;
    pthread_mutex_lock(&w->mu);
    atomic_store_explicit(&w->main_waits, true, memory_order_relaxed);
    atomic_thread_fence(memory_order_seq_cst);  /* see wake_main() */
    while (!is_done(w, k))
        pthread_cond_wait(&w->ready, &w->mu);
    atomic_store_explicit(&w->main_waits, false, memory_order_relaxed);
    pthread_mutex_unlock(&w->mu);
}

cmd_slot *
cmd_work_next(cmd_run *r)
{
    cmd_work *w = r->work;
    uint64_t c = w->committed, k;

    if (c == w->put)
        return NULL;
    cmd_work_publish(r);
    if (w->n_threads == 0) {
        cmd_prepare(r, w->pp, &r->slots[c & w->mask], false);
        return &r->slots[c & w->mask];
    }
    while (!is_done(w, c)) {
        if (claim(w, &k, 1) == 0) {
            wait_line(w, c);
            break;
        }
        if (k == c) {
            /* committed next: its features may stay in the prepper */
            cmd_prepare(r, w->pp, &r->slots[k & w->mask], false);
            break;
        }
        prepare(w, w->pp, k);
    }
    /* The next line's slot, if done, was written on another core:
       fetch it, and its features, while this one is committed. */
    if (c + 1 < w->put && is_done(w, c + 1)) {
        const char *n = (const char *)&r->slots[(c + 1) & w->mask];

        __builtin_prefetch(n);
        __builtin_prefetch(n + CACHE_LINE);
        ndc_prep_prefetch(w->own[(c + 1) & w->mask]);
    }
    return &r->slots[c & w->mask];
}

void
cmd_work_done(cmd_run *r)
{
    r->work->committed++;
}

void
cmd_work_drop(cmd_run *r)
{
    cmd_work *w = r->work;
    uint64_t k, taken = atomic_exchange(&w->next, w->put);

    for (k = w->committed; k < taken; k++)
        wait_line(w, k);
    w->committed = w->put;
}
