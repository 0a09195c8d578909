/* threads.c - multithreaded benchmarks (.threads = n): a team of n - 1
 * threads beside the measuring thread (index 0), started once per epoch.
 * Per sample a barrier releases all n into the routine, each reads the
 * counter around its own call, and a second barrier hands the readings to
 * thread 0. The group's time is the first start to the last end.
 */
#include "internal.h"

typedef struct tock__team {
    tock__bench *b;
    void *ctx;
    int n, stop;
    int launch; /* 0 wait, 1 go, 2 give up (a thread could not be started) */
    pthread_mutex_t mu;
    pthread_cond_t cv;
    uint64_t iters;
    pthread_t *tid;
    pthread_barrier_t start, done;
    uint64_t *t0, *t1; /* per thread: counter before and after its call */
} tock__team;

typedef struct tock__member {
    tock__team *team;
    int index;
} tock__member;

static void tock__team_run(tock__team *t, int i) {
    t->t0[i] = tock__ticks();
    t->b->def.routine(t->ctx, t->iters);
    t->t1[i] = tock__ticks();
}

static void *tock__team_main(void *arg) {
    tock__member *m = (tock__member *)arg;
    tock__team *t = m->team;
    tock__cur = t->b;
    tock__cur_thread = m->index;
    pthread_mutex_lock(&t->mu);
    while (t->launch == 0) pthread_cond_wait(&t->cv, &t->mu);
    const int go = t->launch == 1;
    pthread_mutex_unlock(&t->mu);
    while (go) {
        pthread_barrier_wait(&t->start);
        if (t->stop) break;
        tock__team_run(t, m->index);
        pthread_barrier_wait(&t->done);
    }
    return NULL;
}

static tock__member *tock__members(tock__team *t) { return (tock__member *)(t + 1); }

static void tock__team_free(tock__team *t) {
    pthread_barrier_destroy(&t->start);
    pthread_barrier_destroy(&t->done);
    pthread_mutex_destroy(&t->mu);
    pthread_cond_destroy(&t->cv);
    TOCK_FREE(t->tid);
    TOCK_FREE(t->t0);
    TOCK_FREE(t->t1);
    TOCK_FREE(t);
}

int tock__team_start(tock__bench *b, void *ctx) {
    const int n = b->def.threads;
    if (n <= 1) return 0;
    const size_t bytes = sizeof(tock__team) + (size_t)n * sizeof(tock__member);
    tock__team *t = (tock__team *)TOCK_MALLOC(bytes);
    if (!t) return TOCK_ENOMEM;
    memset(t, 0, bytes);
    t->b = b;
    t->ctx = ctx;
    t->n = n;
    t->tid = (pthread_t *)TOCK_MALLOC((size_t)n * sizeof *t->tid);
    t->t0 = (uint64_t *)TOCK_MALLOC((size_t)n * sizeof *t->t0);
    t->t1 = (uint64_t *)TOCK_MALLOC((size_t)n * sizeof *t->t1);
    if (!t->tid || !t->t0 || !t->t1 || pthread_barrier_init(&t->start, NULL, (unsigned)n) != 0) {
        TOCK_FREE(t->tid);
        TOCK_FREE(t->t0);
        TOCK_FREE(t->t1);
        TOCK_FREE(t);
        return TOCK_ENOMEM;
    }
    if (pthread_barrier_init(&t->done, NULL, (unsigned)n) != 0) {
        pthread_barrier_destroy(&t->start);
        TOCK_FREE(t->tid);
        TOCK_FREE(t->t0);
        TOCK_FREE(t->t1);
        TOCK_FREE(t);
        return TOCK_ENOMEM;
    }
    pthread_mutex_init(&t->mu, NULL);
    pthread_cond_init(&t->cv, NULL);
    int started = 1;
    for (int i = 1; i < n; i++) {
        tock__member *m = &tock__members(t)[i];
        m->team = t;
        m->index = i;
        if (pthread_create(&t->tid[i], NULL, tock__team_main, m) != 0) break;
        started++;
    }
    pthread_mutex_lock(&t->mu);
    t->launch = started == n ? 1 : 2;
    pthread_cond_broadcast(&t->cv);
    pthread_mutex_unlock(&t->mu);
    if (started < n) {
        fprintf(stderr, "tock: %s: could start only %d of %d threads\n", b->id, started, n);
        for (int i = 1; i < started; i++) pthread_join(t->tid[i], NULL);
        tock__team_free(t);
        return TOCK_ENOMEM;
    }
    b->team = t;
    return 0;
}

void tock__team_stop(tock__bench *b) {
    tock__team *t = b->team;
    if (!t) return;
    t->stop = 1;
    pthread_barrier_wait(&t->start);
    for (int i = 1; i < t->n; i++) pthread_join(t->tid[i], NULL);
    tock__team_free(t);
    b->team = NULL;
}

/* One sample on every thread: *ticks = the group's time; the mean time of
 * one thread and the start skew are added to the benchmark's sums when the
 * sample is measured (not warm-up). */
int tock__team_sample(tock__bench *b, uint64_t iters, uint64_t *ticks) {
    tock__team *t = b->team;
    t->iters = iters;
    pthread_barrier_wait(&t->start);
    tock__team_run(t, 0);
    pthread_barrier_wait(&t->done);
    uint64_t first = t->t0[0], last_start = t->t0[0], end = t->t1[0];
    double own = 0.0;
    for (int i = 0; i < t->n; i++) {
        if (t->t0[i] < first) first = t->t0[i];
        if (t->t0[i] > last_start) last_start = t->t0[i];
        if (t->t1[i] > end) end = t->t1[i];
        own += (double)(t->t1[i] - t->t0[i]);
    }
    *ticks = end - first;
    if (b->counting) {
        const double tick = tock__S.timer.ns_per_tick;
        b->thr_ns += own / t->n * tick;
        b->thr_skew_ns += (double)(last_start - first) * tick;
        b->thr_iters += iters;
        b->thr_samples++;
    }
    return 0;
}

int tock_thread_index(void) { return tock__cur_thread; }

int tock_thread_count(void) {
    const tock__bench *b = tock__cur;
    return b && b->def.threads > 1 ? b->def.threads : 1;
}
