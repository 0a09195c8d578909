/* bench_sweep.c: sweep/causal_chain, the causal chain sweep of docs/kernels.md
 * section 12 as a tock.h grid: D {3, 6} x K {3, 5, 9} x T {48, 96}, depths
 * (1, 2, 3), 3 repeats with seeds 123..125. Each point times two routines,
 * "epoch" (ht_causal_epoch: forward + losses, what the published Python
 * figure measured per epoch) and "forward" (ht_causal_forward alone), and
 * records the epoch's total, rmse, overshoot and robustness untimed. The
 * result is sweeps/causal_chain.csv with the section's columns. Set-up
 * builds the model and the seeded sequence; nothing is allocated while
 * timed (ht_causal.h). Throughput mode: every epoch recomputes from the same
 * x, so iterations are independent, like the published back-to-back epochs;
 * one call lasts microseconds, so overlap between calls is negligible. */
#include <stdlib.h>

#include "ht_causal.h"
#include "suite.h"

/* Published per-epoch times (another machine, Python): fastest D=6 K=3 T=48
 * 0.0203 s, slowest D=3 K=9 T=96 0.0502 s. tock_grid_def has no published
 * field, so these are for reading the CSV by hand; nothing compares them. */

static const int64_t AXIS_D[] = {3, 6}, AXIS_K[] = {3, 5, 9}, AXIS_T[] = {48, 96};
static const int DEPTHS[HT_CAUSAL_NODES] = {1, 2, 3};

static int setup(const int64_t *point, uint64_t seed, void **ctx) {
    const ht_causal_config cfg = {
        (int)point[0], (int)point[1], (int)point[2], {DEPTHS[0], DEPTHS[1], DEPTHS[2]}};
    ht_causal *m = NULL;
    int rc = ht_causal_create(&cfg, &m);
    if (rc != HT_OK) return rc == HT_ENOMEM ? TOCK_ENOMEM : TOCK_EINVAL;
    ht_causal_sequence(m, seed);
    *ctx = m;
    return 0;
}

static void teardown(void *ctx) { ht_causal_destroy(ctx); }

static void run_epoch(void *ctx, uint64_t iters) {
    ht_causal_metrics mt;
    for (uint64_t i = 0; i < iters; i++) {
        ht_causal_epoch(ctx, &mt);
        tock_black_box(&mt);
    }
}

static void run_forward(void *ctx, uint64_t iters) {
    for (uint64_t i = 0; i < iters; i++) {
        ht_causal_forward(ctx);
        tock_black_box(ctx);
    }
}

/* Untimed, once per set-up of the epoch routine: one epoch's metrics. */
static int metrics(void *ctx, double *v) {
    ht_causal_metrics mt;
    if (ht_causal_epoch(ctx, &mt) != HT_OK) return TOCK_EINVAL;
    v[0] = mt.total;
    v[1] = mt.rmse;
    v[2] = mt.overshoot;
    v[3] = mt.robustness;
    return 0;
}

int suite_register_sweep(void) {
    /* static: tock.h keeps pointers into the definition until tock_main ends */
    static tock_grid_def d = {
        .group = "sweep",
        .name = "causal_chain",
        .naxes = 3,
        .axes = {{"D", 2, AXIS_D}, {"K", 3, AXIS_K}, {"T", 2, AXIS_T}},
        .repeats = 3,
        .seed0 = 123,
        .nroutines = 2,
        .routine_names = {"epoch", "forward"},
        .routines = {run_epoch, run_forward},
        .setup = setup,
        .teardown = teardown,
        .nconstants = 1,
        .constant_names = {"depths"},
        .constant_json = {"[1,2,3]"},
        .nmetrics = 4,
        .metric_names = {"total", "rmse", "overshoot", "robustness"},
        .metric_std = {1, 1, 0, 0},
        .metrics = metrics,
        .mode = TOCK_MODE_THROUGHPUT,
        /* 72 benchmarks (12 points x 3 seeds x 2 routines). With the default
       * 4 epochs the budget is 72 x (4 x 0.015 + 0.06) s = 8.6 s (measured
       * 9-10 s wall on a loaded 2-core machine); the slowest point (~170 us
       * per epoch) still gets ~90 epochs per measurement epoch, above the 55
       * that tock.h's minimum sample plan needs. These caps also bind under
       * --quick, where the smaller value wins. */
        .warm_up_time_s = 0.015,
        .measurement_time_s = 0.06,
    };
    return tock_register_grid(&d);
}
