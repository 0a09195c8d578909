/* bench_prediction.c: rssm_prediction/{1,5,10,15,25,50,75} (docs/kernels.md
 * section 4): one predict(state, n) per iteration from the published set-up.
 * Latency mode: a rollout is a chain of dependent GRU steps. */
#include <stdio.h>
#include <stdlib.h>

#include "suite.h"

static const size_t horizons[] = {1, 5, 10, 15, 25, 50, 75};
static const double published_us[] = {50, 150, 280, 400, 650, 1200, 1800};

static int setup(void *user, void **ctx) {
    suite_trainer_ctx *c = calloc(1, sizeof *c);
    if (!c) return TOCK_ENOMEM;
    c->horizon = *(const size_t *)user;
    int rc = suite_trainer_published(&c->tr, 10);
    if (rc < 0 || ht_prediction_alloc(&c->pred, c->horizon) != HT_OK) {
        free(c);
        return rc < 0 ? rc : TOCK_ENOMEM;
    }
    *ctx = c;
    return 0;
}

static void run(void *ctx, uint64_t iters) {
    suite_trainer_ctx *c = ctx;
    for (uint64_t i = 0; i < iters; i++) {
        ht_predict(c->tr, c->horizon, &c->pred);
        tock_black_box(&c->pred);
    }
}

int suite_register_prediction(void) {
    for (size_t i = 0; i < sizeof horizons / sizeof horizons[0]; i++) {
        char param[16];
        snprintf(param, sizeof param, "%zu", horizons[i]);
        tock_bench_def d = {.group = "rssm_prediction",
                            .parameter = param,
                            .routine = run,
                            .user = (void *)(uintptr_t)&horizons[i],
                            .setup = setup,
                            .teardown = suite_trainer_ctx_free,
                            .throughput_kind = TOCK_THROUGHPUT_ELEMENTS,
                            .throughput_per_iter = horizons[i], /* horizon steps */
                            .mode = TOCK_MODE_LATENCY,
                            .published_ns = PUB_US(published_us[i]),
                            .floor_id = horizons[i] == 1 ? "reference/weight_stream_step" : NULL,
                            .parameter_unit = "step"}; /* REPORT.md: cost per horizon step */
        int rc = suite_register(&d);
        if (rc < 0) return rc;
    }
    return 0;
}
