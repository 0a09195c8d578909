/* bench_delta.c: weight_delta/clone, weight_delta/scale (the published
 * meaning: clone plus setting the scale field, no multiply) and
 * weight_delta/scale_apply (multiplies all 10,000 values), on a delta of 10
 * tensors x 1000 floats of 0.001 (docs/kernels.md section 7). Each clone is freed
 * inside the timed loop, as Criterion's iter drops its output. */
#include <stdlib.h>
#include <string.h>

#include "suite.h"

#define N_TENSORS 10
#define TENSOR_LEN 1000

static int setup(void *user, void **ctx) {
    (void)user;
    ht_delta *d = NULL;
    if (ht_delta_create(&d, N_TENSORS, TENSOR_LEN, 0.001f) != HT_OK) return TOCK_ENOMEM;
    *ctx = d;
    return 0;
}

static void teardown(void *ctx) { ht_delta_free(ctx); }

static void run_clone(void *ctx, uint64_t iters) {
    for (uint64_t i = 0; i < iters; i++) {
        ht_delta *c = NULL;
        ht_delta_clone(ctx, &c);
        tock_black_box(c);
        ht_delta_free(c);
    }
}

static void run_scale(void *ctx, uint64_t iters) {
    for (uint64_t i = 0; i < iters; i++) {
        ht_delta *c = NULL;
        ht_delta_scale(ctx, 0.5f, &c);
        tock_black_box(c);
        ht_delta_free(c);
    }
}

/* Factors alternate 2 and 0.5 (exact) so the values never drift into
 * subnormals, which would time the FPU's slow path instead of the kernel. */
static void run_scale_apply(void *ctx, uint64_t iters) {
    for (uint64_t i = 0; i < iters; i++) {
        ht_delta_scale_apply(ctx, (i & 1) ? 2.0f : 0.5f);
        tock_black_box(ctx);
    }
}

/* The floor of clone: copying the same bytes into memory already allocated. */
typedef struct {
    ht_delta *src;
    void *dst;
} memcpy_ctx;

static int setup_memcpy(void *user, void **ctx) {
    memcpy_ctx *m = calloc(1, sizeof *m);
    if (!m || setup(user, (void **)&m->src) < 0 || !(m->dst = aligned_alloc(64, m->src->bytes))) {
        if (m) ht_delta_free(m->src);
        free(m);
        return TOCK_ENOMEM;
    }
    *ctx = m;
    return 0;
}

static void teardown_memcpy(void *ctx) {
    memcpy_ctx *m = ctx;
    ht_delta_free(m->src);
    free(m->dst);
    free(m);
}

static void run_memcpy(void *ctx, uint64_t iters) {
    memcpy_ctx *m = ctx;
    for (uint64_t i = 0; i < iters; i++) {
        memcpy(m->dst, m->src, m->src->bytes);
        tock_black_box(m->dst);
    }
}

int suite_register_delta(void) {
    const uint64_t bytes = N_TENSORS * TENSOR_LEN * sizeof(float);
    tock_bench_def defs[] = {
        {.group = "weight_delta",
         .name = "clone",
         .routine = run_clone,
         .setup = setup,
         .teardown = teardown,
         .throughput_kind = TOCK_THROUGHPUT_BYTES,
         .throughput_per_iter = bytes,
         .mode = TOCK_MODE_THROUGHPUT,
         .published_ns = 987.0,
         .floor_id = "reference/memcpy_delta"},
        {.group = "weight_delta",
         .name = "scale",
         .routine = run_scale,
         .setup = setup,
         .teardown = teardown,
         .throughput_kind = TOCK_THROUGHPUT_BYTES,
         .throughput_per_iter = bytes,
         .mode = TOCK_MODE_THROUGHPUT,
         .published_ns = 1000.0,
         .floor_id = "reference/memcpy_delta"},
        {.group = "weight_delta",
         .name = "scale_apply",
         .routine = run_scale_apply,
         .setup = setup,
         .teardown = teardown,
         .throughput_kind = TOCK_THROUGHPUT_ELEMENTS,
         .throughput_per_iter = N_TENSORS * TENSOR_LEN,
         .mode = TOCK_MODE_LATENCY},
        {.group = "reference",
         .name = "memcpy_delta",
         .routine = run_memcpy,
         .setup = setup_memcpy,
         .teardown = teardown_memcpy,
         .throughput_kind = TOCK_THROUGHPUT_BYTES,
         .throughput_per_iter = bytes,
         .mode = TOCK_MODE_THROUGHPUT},
    };
    for (size_t i = 0; i < sizeof defs / sizeof defs[0]; i++) {
        int rc = suite_register(&defs[i]);
        if (rc < 0) return rc;
    }
    return 0;
}
