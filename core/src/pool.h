/* pool.h: the fixed-chunk thread pool behind predict and observe_gradient.
 * Chunk k always runs on thread k % n, and a chunk's result never depends on
 * which thread ran it or on n (docs/method.md section 14, item 5): callers give each chunk
 * disjoint outputs. Internal to core/. */
#ifndef HT_POOL_H
#define HT_POOL_H

#include <stddef.h>

typedef void (*ht__pool_task)(void *ctx, size_t chunk);
typedef struct ht__pool ht__pool;

/* n threads in all, the caller included (n - 1 workers). n = 1 starts none. */
int ht__pool_create(ht__pool **out, unsigned n);
void ht__pool_destroy(ht__pool *pool);
unsigned ht__pool_size(const ht__pool *pool);
/* Runs fn(ctx, k) for k < n_chunks and returns when all are done. */
void ht__pool_run(ht__pool *pool, ht__pool_task fn, void *ctx, size_t n_chunks);

#endif
