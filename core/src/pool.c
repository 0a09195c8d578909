/* pool.c: spinning workers, static chunk ownership, and stealing when a
 * thread is late.
 *
 * A horizon step hands work to the pool twice, each pass ~10 us of work, so
 * the hand-off must cost well under a microsecond: a condition-variable wake
 * per pass costs 5-50 us under a hypervisor. Workers therefore spin on a
 * generation counter and fall back to sched_yield and then to sleeping on a
 * condition variable only after ~1 ms without work.
 *
 * Chunk k belongs to thread k % n, which keeps each panel of weights in one
 * core's cache from pass to pass (moving them costs more than the pass). But
 * on a shared machine a thread can lose its core for milliseconds; a pool
 * that waited for it made a 2-thread step 50x slower than 1 thread. So each
 * thread claims its share of a job with one compare-and-swap of a generation
 * tag, and a thread that has finished its share and still waits after ~5 us
 * takes the unclaimed shares of the others. (A tag per chunk cost 20% of the
 * 2-thread speed-up in line transfers.) Which thread runs a chunk never
 * changes its result: chunks own disjoint outputs (pool.h). A late worker
 * that wakes into a finished job finds its share taken and does nothing. */
#include "pool.h"

#include <pthread.h>
#include <sched.h>
#include <stdbool.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <unistd.h>

#include "ht_status.h"

#define MAX_CHUNKS 1024
#define STEAL_AFTER_SPINS 200u /* 4-10 us of pause instructions */

/* One claim tag per thread, one per cache line, so owners do not bounce
 * each other's lines. */
typedef struct {
    _Alignas(64) _Atomic uint64_t tag; /* generation of the job that claimed it */
} chunk_claim;

struct ht__pool {
    unsigned n;
    pthread_t *threads;
    unsigned started;
    unsigned spin_limit;
    _Alignas(64) _Atomic uint64_t gen;
    _Alignas(64) _Atomic size_t done;
    _Atomic int stop;
    _Atomic unsigned sleepers;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    /* The job, published like a seqlock: gen is odd while the caller writes
   * these, even (2 x job number) once they are valid. A worker snapshots them
   * and keeps the snapshot only if gen did not move meanwhile; a job is never
   * rewritten before all its chunks are done, so a valid snapshot is whole,
   * and a late worker whose snapshot is stale does nothing. */
    _Atomic(ht__pool_task) fn;
    _Atomic(void *) ctx;
    _Atomic size_t n_chunks;
    chunk_claim *claims;
};

typedef struct {
    ht__pool *pool;
    unsigned tid;
} worker_arg;

static inline void cpu_relax(void) {
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_pause();
#elif defined(__aarch64__)
    __asm__ __volatile__("yield");
#endif
}

/* Claims thread t's share (chunks t, t + n, ...) of job g; false if someone
 * already did. */
static inline bool claim(ht__pool *pool, size_t t, uint64_t g) {
    uint64_t tag = atomic_load_explicit(&pool->claims[t].tag, memory_order_relaxed);
    while (tag < g)
        if (atomic_compare_exchange_weak_explicit(&pool->claims[t].tag, &tag, g,
                                                  memory_order_acq_rel, memory_order_relaxed))
            return true;
    return false;
}

typedef struct {
    uint64_t g;
    ht__pool_task fn;
    void *ctx;
    size_t nc;
} job_snapshot;

/* Reads the job of generation g; false if g is no longer the current job. */
static bool snapshot(ht__pool *pool, uint64_t g, job_snapshot *j) {
    j->g = g;
    /* acquire loads: a value from a newer job carries its odd gen with it, and
   * the reload of gen below cannot move above them */
    j->fn = atomic_load_explicit(&pool->fn, memory_order_acquire);
    j->ctx = atomic_load_explicit(&pool->ctx, memory_order_acquire);
    j->nc = atomic_load_explicit(&pool->n_chunks, memory_order_acquire);
    return atomic_load_explicit(&pool->gen, memory_order_relaxed) == g;
}

/* Own chunks first (tid, tid + n, ...), all claimed before any runs, so a
 * thread that has started is never robbed of its panels; then wait for the
 * rest and take what is still unclaimed once the wait gets long: a thread
 * that has not claimed its chunks by then has lost its core. Returns when the
 * whole job is done (main thread) or when nothing is left to claim. */
/* Runs a claimed share and counts it done with one atomic add: an add per
 * chunk bounced the counter's line between cores on every chunk. */
static void run_share(ht__pool *pool, const job_snapshot *j, unsigned t) {
    size_t ran = 0;
    for (size_t k = t; k < j->nc; k += pool->n, ran++) j->fn(j->ctx, k);
    if (ran) atomic_fetch_add_explicit(&pool->done, ran, memory_order_release);
}

static void work_on(ht__pool *pool, unsigned tid, uint64_t g, bool wait_all) {
    job_snapshot j;
    if (!snapshot(pool, g, &j)) return; /* woke into a job already replaced */
    if (claim(pool, tid, g)) run_share(pool, &j, tid);
    unsigned spins = 0;
    while (atomic_load_explicit(&pool->done, memory_order_acquire) < j.nc) {
        if (!wait_all && atomic_load_explicit(&pool->gen, memory_order_relaxed) != g) return;
        if (spins == STEAL_AFTER_SPINS) {
            for (unsigned t = 0; t < pool->n; t++)
                if (claim(pool, t, g)) run_share(pool, &j, t);
            if (!wait_all) return;
        }
        if (spins < pool->spin_limit)
            cpu_relax();
        else
            sched_yield();
        spins++;
    }
}

/* Waits until gen differs from seen; returns the new gen. */
static uint64_t wait_for_job(ht__pool *pool, uint64_t seen) {
    uint64_t g;
    unsigned spins = 0;
    for (;;) {
        g = atomic_load_explicit(&pool->gen, memory_order_acquire);
        if ((g != seen && (g & 1) == 0) || atomic_load_explicit(&pool->stop, memory_order_acquire))
            return g;
        if (spins < pool->spin_limit) {
            cpu_relax();
            spins++;
        } else if (spins < pool->spin_limit + 64) {
            sched_yield();
            spins++;
        } else {
            pthread_mutex_lock(&pool->mu);
            atomic_fetch_add(&pool->sleepers, 1);
            while (atomic_load(&pool->gen) == seen && !atomic_load(&pool->stop))
                pthread_cond_wait(&pool->cv, &pool->mu);
            atomic_fetch_sub(&pool->sleepers, 1);
            pthread_mutex_unlock(&pool->mu);
            spins = 0;
        }
    }
}

static void *worker_main(void *p) {
    worker_arg *arg = p;
    ht__pool *pool = arg->pool;
    const unsigned tid = arg->tid;
    free(arg);
    uint64_t seen = 0;
    for (;;) {
        seen = wait_for_job(pool, seen);
        if (atomic_load_explicit(&pool->stop, memory_order_acquire)) break;
        work_on(pool, tid, seen, false);
    }
    return NULL;
}

static void stop_workers(ht__pool *pool) {
    atomic_store(&pool->stop, 1);
    pthread_mutex_lock(&pool->mu);
    pthread_cond_broadcast(&pool->cv);
    pthread_mutex_unlock(&pool->mu);
    for (unsigned i = 0; i < pool->started; i++) pthread_join(pool->threads[i], NULL);
    pool->started = 0;
}

int ht__pool_create(ht__pool **out, unsigned n) {
    if (!out) return HT_ENULL;
    if (n == 0) return HT_ERANGE;
    ht__pool *pool = aligned_alloc(64, (sizeof *pool + 63) / 64 * 64);
    if (!pool) return HT_ENOMEM;
    *pool = (ht__pool){0};
    pool->n = n;
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    /* ~20k pauses is about 0.4 ms here; oversubscribed: yield at once. */
    pool->spin_limit = (cores > 0 && (long)n <= cores) ? 20000u : 16u;
    atomic_init(&pool->gen, 0);
    atomic_init(&pool->done, 0);
    atomic_init(&pool->stop, 0);
    atomic_init(&pool->sleepers, 0);
    atomic_init(&pool->n_chunks, 0);
    atomic_init(&pool->fn, NULL);
    atomic_init(&pool->ctx, NULL);
    pthread_mutex_init(&pool->mu, NULL);
    pthread_cond_init(&pool->cv, NULL);
    pool->claims = aligned_alloc(64, (size_t)n * sizeof(chunk_claim));
    if (!pool->claims) {
        ht__pool_destroy(pool);
        return HT_ENOMEM;
    }
    for (unsigned t = 0; t < n; t++) atomic_init(&pool->claims[t].tag, 0);
    if (n > 1) {
        pool->threads = calloc(n - 1, sizeof *pool->threads);
        if (!pool->threads) {
            ht__pool_destroy(pool);
            return HT_ENOMEM;
        }
        for (unsigned i = 1; i < n; i++) {
            worker_arg *arg = malloc(sizeof *arg);
            if (!arg) {
                ht__pool_destroy(pool);
                return HT_ENOMEM;
            }
            arg->pool = pool;
            arg->tid = i;
            if (pthread_create(&pool->threads[i - 1], NULL, worker_main, arg) != 0) {
                free(arg);
                ht__pool_destroy(pool);
                return HT_ETHREAD;
            }
            pool->started++;
        }
    }
    *out = pool;
    return HT_OK;
}

void ht__pool_destroy(ht__pool *pool) {
    if (!pool) return;
    stop_workers(pool);
    pthread_mutex_destroy(&pool->mu);
    pthread_cond_destroy(&pool->cv);
    free(pool->threads);
    free(pool->claims);
    free(pool);
}

unsigned ht__pool_size(const ht__pool *pool) { return pool ? pool->n : 1; }

void ht__pool_run(ht__pool *pool, ht__pool_task fn, void *ctx, size_t n_chunks) {
    if (!pool || pool->n == 1 || n_chunks > MAX_CHUNKS) {
        for (size_t k = 0; k < n_chunks; k++) fn(ctx, k);
        return;
    }
    /* seqlock publish: odd while writing, then the next even generation */
    const uint64_t g = atomic_load_explicit(&pool->gen, memory_order_relaxed) + 2;
    atomic_store_explicit(&pool->gen, g - 1, memory_order_relaxed);
    atomic_store_explicit(&pool->fn, fn, memory_order_release);
    atomic_store_explicit(&pool->ctx, ctx, memory_order_release);
    atomic_store_explicit(&pool->n_chunks, n_chunks, memory_order_release);
    atomic_store_explicit(&pool->done, 0, memory_order_relaxed);
    atomic_store(&pool->gen, g); /* seq_cst: publishes the job, pairs with sleepers */
    if (atomic_load(&pool->sleepers) > 0) {
        pthread_mutex_lock(&pool->mu);
        pthread_cond_broadcast(&pool->cv);
        pthread_mutex_unlock(&pool->mu);
    }
    work_on(pool, 0, g, true);
}
