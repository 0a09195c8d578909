/* grid_example.c - a small real run with a sweep, for report.browser: a
 * 3-axis grid (D {2, 4} x K {3, 5, 9} x T {16, 32}, 2 repeats, routines
 * epoch and forward, a constant column, a metric with and one without its
 * std), two parameterised groups over n {1, 2, 4, 8, 16} steps (scale/chain,
 * 8n adds, and scale/offset, 40 + 4n: their lines cross near n = 10), and
 * one ordinary benchmark, so REPORT.html holds a sweep section with both
 * figures, two group figures with the run's own scaling fits and a
 * crossover, beside the usual ones. Every benchmark is capped at a few
 * milliseconds: the whole --quick run takes a few seconds. It must never be
 * used for a number: the loops only stand in for real kernels.
 *
 * usage: tock_report_grid_example --quick --out DIR
 */
#define TOCK_IMPLEMENTATION
#define TOCK_COUNT_ALLOCATIONS
#include "tock.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

typedef struct point {
    int64_t d, k, t;
    uint64_t seed;
    double *state;
} point;

static int setup(const int64_t *pt, uint64_t seed, void **ctx) {
    point *p = (point *)malloc(sizeof *p);
    if (!p) return TOCK_ENOMEM;
    p->d = pt[0];
    p->k = pt[1];
    p->t = pt[2];
    p->seed = seed;
    p->state = (double *)calloc((size_t)(p->d * p->k), sizeof(double));
    *ctx = p;
    return p->state ? 0 : TOCK_ENOMEM;
}

static void teardown(void *ctx) {
    point *p = (point *)ctx;
    free(p->state);
    free(p);
}

/* a chain of D * K * T dependent adds per call */
static void epoch(void *ctx, uint64_t iters) {
    const point *p = (const point *)ctx;
    uint64_t x = p->seed;
    for (uint64_t i = 0; i < iters; i++)
        for (int64_t n = 0; n < p->d * p->k * p->t; n++) x = tock_black_box_u64(x + 3);
}

/* a tenth of the work: D * K * T / 10 */
static void forward(void *ctx, uint64_t iters) {
    const point *p = (const point *)ctx;
    uint64_t x = p->seed;
    for (uint64_t i = 0; i < iters; i++)
        for (int64_t n = 0; n < p->d * p->k * p->t / 10; n++) x = tock_black_box_u64(x + 1);
}

static int metrics(void *ctx, double *v) {
    const point *p = (const point *)ctx;
    v[0] = 1.0 / (double)(p->k * p->t) + 0.001 * (double)p->seed; /* "rmse" */
    v[1] = 0.1 * (double)p->d;                                    /* "overshoot" */
    return 0;
}

static void plain(void *ctx, uint64_t iters) {
    (void)ctx;
    uint64_t x = 1;
    for (uint64_t i = 0; i < iters; i++) x = tock_black_box_u64(x * 3 + 1);
}

/* a chain of 8n (user = n) or 40 + 4n (user = -n) dependent adds per call */
static void scaled(void *ctx, uint64_t iters) {
    const int64_t u = (int64_t)(intptr_t)ctx, work = u > 0 ? 8 * u : 40 - 4 * u;
    uint64_t x = 1;
    for (uint64_t i = 0; i < iters; i++)
        for (int64_t k = 0; k < work; k++) x = tock_black_box_u64(x * 3 + 1);
}

static int scale_groups(void) {
    static const int64_t ns[] = {1, 2, 4, 8, 16};
    static char params[5][8];
    int rc = 0;
    for (int i = 0; i < 5; i++) {
        snprintf(params[i], sizeof params[i], "%lld", (long long)ns[i]);
        for (int off = 0; off < 2; off++) {
            tock_bench_def d = {.group = "scale",
                                .name = off ? "offset" : "chain",
                                .parameter = params[i],
                                .routine = scaled,
                                .user = (void *)(intptr_t)(off ? -ns[i] : ns[i]),
                                .parameter_unit = "step",
                                .warm_up_time_s = 0.002,
                                .measurement_time_s = 0.02};
            rc |= tock_register(&d);
        }
    }
    return rc;
}

static const int64_t D[] = {2, 4}, K[] = {3, 5, 9}, T[] = {16, 32};

int main(int argc, char **argv) {
    static tock_grid_def g;
    g.group = "sweep";
    g.name = "chain";
    g.naxes = 3;
    g.axes[0] = (tock_axis){"D", 2, D};
    g.axes[1] = (tock_axis){"K", 3, K};
    g.axes[2] = (tock_axis){"T", 2, T};
    g.repeats = 2;
    g.seed0 = 1;
    g.nroutines = 2;
    g.routine_names[0] = "epoch";
    g.routines[0] = epoch;
    g.routine_names[1] = "forward";
    g.routines[1] = forward;
    g.setup = setup;
    g.teardown = teardown;
    g.nconstants = 1;
    g.constant_names[0] = "depths";
    g.constant_json[0] = "[1,2,3]";
    g.nmetrics = 2;
    g.metric_names[0] = "rmse";
    g.metric_std[0] = 1;
    g.metric_names[1] = "overshoot";
    g.metrics = metrics;
    g.warm_up_time_s = 0.002;
    g.measurement_time_s = 0.01;
    static const tock_bench_def loop = {.group = "plain", .name = "loop", .routine = plain};
    if (tock_register_grid(&g) != 0 || tock_register(&loop) != 0 || scale_groups() != 0) return 2;
    return tock_main(argc, argv);
}
