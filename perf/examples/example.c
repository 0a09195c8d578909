/* example.c - shows every registration feature of tock.h in one file.
 *
 * It proves the header stands alone: `cc -std=c11 example.c -lm` must build
 * it with nothing else (a ctest test does exactly that). It must never need
 * anything beyond the header, libc and libm. The published_ns figure below is
 * illustrative, not a real reference measurement.
 */
#define TOCK_IMPLEMENTATION
#include "../tock.h" /* first include: tock.h sets _POSIX_C_SOURCE itself */

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* 1. Constructor registration, no context: the harness's own floor. The
 * value barrier keeps the loop (one add, compare and branch: ~1 cycle). */
TOCK_BENCH(overhead, empty_loop) {
    (void)ctx;
    for (uint64_t i = 0; i < iters; i++) (void)tock_black_box_u64(i);
}

/* 2. Constructor registration with options: a dependency chain of adds, so
 * latency mode; 1 element per iteration. */
TOCK_BENCH_WITH(example, add_chain, .throughput_kind = TOCK_THROUGHPUT_ELEMENTS,
                .throughput_per_iter = 1, .mode = TOCK_MODE_LATENCY) {
    (void)ctx;
    uint64_t x = 1;
    for (uint64_t i = 0; i < iters; i++) x = tock_black_box_u64(x + 3);
    (void)tock_black_box_u64(x);
}

/* 3. Explicit registration with set-up/tear-down: a per-benchmark array,
 * parameterised by its length (one id per length). */
typedef struct vec_ctx {
    size_t n;
    double *a, *b;
} vec_ctx;

static const size_t vec_lengths[] = {256, 4096};

static int vec_setup(void *user, void **ctx) {
    vec_ctx *v = (vec_ctx *)malloc(sizeof *v);
    if (!v) return TOCK_ENOMEM;
    v->n = *(const size_t *)user;
    v->a = (double *)malloc(v->n * sizeof(double));
    v->b = (double *)malloc(v->n * sizeof(double));
    if (!v->a || !v->b) {
        free(v->a);
        free(v->b);
        free(v);
        return TOCK_ENOMEM;
    }
    for (size_t i = 0; i < v->n; i++) {
        v->a[i] = (double)(i % 7) * 0.25; /* exact in binary */
        v->b[i] = (double)(i % 5) * 0.5;
    }
    *ctx = v;
    return 0;
}

static void vec_teardown(void *ctx) {
    vec_ctx *v = (vec_ctx *)ctx;
    free(v->a);
    free(v->b);
    free(v);
}

/* sum: one load and one add per element; the add chain (4 cycles on most
 * cores) is the floor of dot below, which adds a multiply off the chain. */
static void vec_sum(void *ctx, uint64_t iters) {
    const vec_ctx *v = (const vec_ctx *)ctx;
    for (uint64_t it = 0; it < iters; it++) {
        double s = 0.0;
        for (size_t i = 0; i < v->n; i++) s += v->a[i];
        (void)tock_black_box_f(s);
        tock_black_box(v->a); /* the array may have changed: reload it */
    }
}

static void vec_dot(void *ctx, uint64_t iters) {
    const vec_ctx *v = (const vec_ctx *)ctx;
    for (uint64_t it = 0; it < iters; it++) {
        double s = 0.0;
        for (size_t i = 0; i < v->n; i++) s += v->a[i] * v->b[i];
        (void)tock_black_box_f(s);
        tock_black_box(v->a);
    }
}

/* 4. Batched set-up (Criterion's iter_batched): every batch gets freshly
 * shuffled arrays; only the sorting is timed. */
#define SORT_N 32
typedef struct sort_ctx {
    uint32_t *data; /* batch_size arrays of SORT_N */
    uint64_t seed;
} sort_ctx;
#define SORT_BATCH 256

static int sort_setup(void *user, void **ctx) {
    (void)user;
    sort_ctx *s = (sort_ctx *)malloc(sizeof *s);
    if (!s) return TOCK_ENOMEM;
    s->data = (uint32_t *)malloc(SORT_BATCH * SORT_N * sizeof(uint32_t));
    if (!s->data) {
        free(s);
        return TOCK_ENOMEM;
    }
    s->seed = 42;
    *ctx = s;
    return 0;
}

static void sort_teardown(void *ctx) {
    sort_ctx *s = (sort_ctx *)ctx;
    free(s->data);
    free(s);
}

static int sort_batch_setup(void *ctx, uint64_t iters) {
    sort_ctx *s = (sort_ctx *)ctx;
    for (uint64_t i = 0; i < iters * SORT_N; i++) {
        s->seed = s->seed * 6364136223846793005u + 1442695040888963407u;
        s->data[i] = (uint32_t)(s->seed >> 33);
    }
    return 0;
}

static void sort_run(void *ctx, uint64_t iters) {
    sort_ctx *s = (sort_ctx *)ctx;
    for (uint64_t it = 0; it < iters; it++) {
        uint32_t *a = s->data + it * SORT_N;
        for (int i = 1; i < SORT_N; i++) { /* insertion sort */
            uint32_t v = a[i];
            int j = i - 1;
            while (j >= 0 && a[j] > v) {
                a[j + 1] = a[j];
                j--;
            }
            a[j + 1] = v;
        }
    }
    tock_black_box(s->data);
}

int main(int argc, char **argv) {
    char param[32];
    for (size_t k = 0; k < sizeof vec_lengths / sizeof vec_lengths[0]; k++) {
        snprintf(param, sizeof param, "%zu", vec_lengths[k]); /* copied by tock_register */
        char floor[64];
        snprintf(floor, sizeof floor, "example/sum_f64/%zu", vec_lengths[k]);
        tock_bench_def sum = {.group = "example",
                              .name = "sum_f64",
                              .parameter = param,
                              .routine = vec_sum,
                              .user = (void *)&vec_lengths[k],
                              .setup = vec_setup,
                              .teardown = vec_teardown,
                              .throughput_kind = TOCK_THROUGHPUT_BYTES,
                              .throughput_per_iter = vec_lengths[k] * sizeof(double)};
        tock_bench_def dot = sum;
        dot.name = "dot_f64";
        dot.routine = vec_dot;
        dot.throughput_per_iter = 2 * vec_lengths[k] * sizeof(double);
        dot.floor_id = floor;
        dot.published_ns = 1.1 * (double)vec_lengths[k]; /* illustrative only */
        int rc = tock_register(&sum);
        if (rc == 0) rc = tock_register(&dot);
        if (rc < 0) {
            fprintf(stderr, "example: register: %s\n", tock_strerror(rc));
            return 2;
        }
    }
    static const tock_bench_def sort = {.group = "example",
                                        .name = "insertion_sort",
                                        .parameter = "32",
                                        .routine = sort_run,
                                        .setup = sort_setup,
                                        .teardown = sort_teardown,
                                        .batch_setup = sort_batch_setup,
                                        .batch_size = SORT_BATCH,
                                        .throughput_kind = TOCK_THROUGHPUT_ELEMENTS,
                                        .throughput_per_iter = SORT_N,
                                        .mode = TOCK_MODE_THROUGHPUT};
    if (tock_register(&sort) < 0) return 2;
    tock_provenance_set("example", "perf/examples/example.c");
    return tock_main(argc, argv);
}
