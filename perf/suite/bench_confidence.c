/* bench_confidence.c: confidence/prediction_confidence (the published 8.4 ns
 * is the cache hit) and confidence/prediction_confidence_cold (the full path:
 * a 10-step predict, the error log and the EMAs), after 20 observe_gradient
 * calls (docs/kernels.md section 8). */
#include <stdlib.h>

#include "suite.h"

static int setup(void *user, void **ctx) {
    (void)user;
    ht_trainer *tr = NULL;
    int rc = suite_trainer_published(&tr, 20);
    if (rc < 0) return rc;
    *ctx = tr;
    return 0;
}

static void teardown(void *ctx) { ht_trainer_destroy(ctx); }

static void run_hit(void *ctx, uint64_t iters) {
    float c = 0.0f;
    for (uint64_t i = 0; i < iters; i++) {
        ht_prediction_confidence(ctx, &c);
        c = tock_black_box_f32(c);
    }
}

static void run_cold(void *ctx, uint64_t iters) {
    float c = 0.0f;
    for (uint64_t i = 0; i < iters; i++) {
        ht_prediction_confidence_cold(ctx, &c);
        c = tock_black_box_f32(c);
    }
}

int suite_register_confidence(void) {
    tock_bench_def hit = {.group = "confidence",
                          .name = "prediction_confidence",
                          .routine = run_hit,
                          .setup = setup,
                          .teardown = teardown,
                          .mode = TOCK_MODE_LATENCY,
                          .published_ns = 8.4};
    tock_bench_def cold = {.group = "confidence",
                           .name = "prediction_confidence_cold",
                           .routine = run_cold,
                           .setup = setup,
                           .teardown = teardown,
                           .mode = TOCK_MODE_LATENCY};
    int rc = suite_register(&hit);
    return rc < 0 ? rc : suite_register(&cold);
}
