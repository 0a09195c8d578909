/* pool.c: spinning workers with a sleeping fallback.
 *
 * A horizon step hands work to the pool twice, each pass ~10-30 us of work,
 * so the hand-off must cost well under a microsecond: a condition-variable
 * wake per pass costs 5-50 us under a hypervisor. Workers therefore spin on a
 * generation counter, and only after ~1 ms without work (or at once when
 * there are more threads than cores, where spinning would steal the CPU from
 * the thread that has the work) fall back to sched_yield and then to sleeping
 * on a condition variable. Everything shared is a C11 atomic or guarded by the
 * mutex, so ThreadSanitizer sees every happens-before edge. */
#include "pool.h"

#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <unistd.h>

#include "ht_status.h"

struct ht__pool {
  unsigned n;
  pthread_t *threads;
  unsigned started;
  unsigned spin_limit;
  _Atomic uint64_t gen;
  _Atomic unsigned done;
  _Atomic int stop;
  _Atomic unsigned sleepers;
  pthread_mutex_t mu;
  pthread_cond_t cv;
  /* The job: written by the caller before gen is bumped (release), read by
   * workers after they observe the new gen (acquire). */
  ht__pool_task fn;
  void *ctx;
  size_t n_chunks;
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

/* Waits until gen differs from seen; returns the new gen. */
static uint64_t wait_for_job(ht__pool *pool, uint64_t seen) {
  uint64_t g;
  unsigned spins = 0;
  for (;;) {
    g = atomic_load_explicit(&pool->gen, memory_order_acquire);
    if (g != seen || atomic_load_explicit(&pool->stop, memory_order_acquire)) return g;
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
    const size_t n_chunks = pool->n_chunks;
    for (size_t k = tid; k < n_chunks; k += pool->n) pool->fn(pool->ctx, k);
    atomic_fetch_add_explicit(&pool->done, 1, memory_order_release);
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
  ht__pool *pool = calloc(1, sizeof *pool);
  if (!pool) return HT_ENOMEM;
  pool->n = n;
  long cores = sysconf(_SC_NPROCESSORS_ONLN);
  /* ~20k pauses is about 1 ms on current x86; oversubscribed: yield at once. */
  pool->spin_limit = (cores > 0 && (long)n <= cores) ? 20000u : 16u;
  atomic_init(&pool->gen, 0);
  atomic_init(&pool->done, 0);
  atomic_init(&pool->stop, 0);
  atomic_init(&pool->sleepers, 0);
  pthread_mutex_init(&pool->mu, NULL);
  pthread_cond_init(&pool->cv, NULL);
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
  free(pool);
}

unsigned ht__pool_size(const ht__pool *pool) { return pool ? pool->n : 1; }

void ht__pool_run(ht__pool *pool, ht__pool_task fn, void *ctx, size_t n_chunks) {
  if (!pool || pool->n == 1) {
    for (size_t k = 0; k < n_chunks; k++) fn(ctx, k);
    return;
  }
  pool->fn = fn;
  pool->ctx = ctx;
  pool->n_chunks = n_chunks;
  atomic_store_explicit(&pool->done, 0, memory_order_relaxed);
  atomic_fetch_add(&pool->gen, 1); /* seq_cst: pairs with the sleepers check */
  if (atomic_load(&pool->sleepers) > 0) {
    pthread_mutex_lock(&pool->mu);
    pthread_cond_broadcast(&pool->cv);
    pthread_mutex_unlock(&pool->mu);
  }
  for (size_t k = 0; k < n_chunks; k += pool->n) fn(ctx, k);
  const unsigned want = pool->n - 1;
  unsigned spins = 0;
  while (atomic_load_explicit(&pool->done, memory_order_acquire) != want) {
    if (spins++ < pool->spin_limit) cpu_relax();
    else sched_yield();
  }
}
