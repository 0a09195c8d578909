/* bench_training.c: rssm_training/observe_gradient (docs/kernels.md section 5):
 * one online training step per iteration from the published set-up. The
 * weights keep training across iterations, as in the published benchmark. */
#include <stdlib.h>

#include "suite.h"

static int setup(void *user, void **ctx) {
    (void)user;
    suite_trainer_ctx *c = calloc(1, sizeof *c);
    if (!c) return TOCK_ENOMEM;
    int rc = suite_trainer_published(&c->tr, 10);
    if (rc < 0) {
        free(c);
        return rc;
    }
    *ctx = c;
    return 0;
}

static void run(void *ctx, uint64_t iters) {
    suite_trainer_ctx *c = ctx;
    for (uint64_t i = 0; i < iters; i++) ht_observe_gradient(c->tr, 2.0f, 1.5f);
    tock_black_box(c->tr);
}

int suite_register_training(void) {
    tock_bench_def d = {.group = "rssm_training",
                        .name = "observe_gradient",
                        .routine = run,
                        .setup = setup,
                        .teardown = suite_trainer_ctx_free,
                        .mode = TOCK_MODE_LATENCY,
                        .published_ns = PUB_US(1360.0)};
    return suite_register(&d);
}
