/* bench_history.c: state_history/record_step and
 * state_history/record_step_full_history (the latter after 1000 entries, so
 * both rings are full and wrap on every call) (docs/kernels.md section 9). */
#include <stdlib.h>

#include "suite.h"

static int setup_entries(void **ctx, int entries) {
    ht_config cfg = ht_config_default();
    ht_trainer *tr = NULL;
    if (ht_trainer_create(&tr, &cfg) != HT_OK) return TOCK_ENOMEM;
    for (int i = 0; i < entries; i++) ht_record_step(tr, 2.0f, 1.5f);
    *ctx = tr;
    return 0;
}

static int setup_fresh(void *user, void **ctx) {
    (void)user;
    return setup_entries(ctx, 0);
}

static int setup_full(void *user, void **ctx) {
    (void)user;
    return setup_entries(ctx, 1000);
}

static void teardown(void *ctx) { ht_trainer_destroy(ctx); }

static void run(void *ctx, uint64_t iters) {
    for (uint64_t i = 0; i < iters; i++) ht_record_step(ctx, 2.0f, 1.5f);
    tock_black_box(ctx);
}

int suite_register_history(void) {
    tock_bench_def a = {.group = "state_history",
                        .name = "record_step",
                        .routine = run,
                        .setup = setup_fresh,
                        .teardown = teardown,
                        .mode = TOCK_MODE_LATENCY,
                        .published_ns = 2.4};
    tock_bench_def b = {.group = "state_history",
                        .name = "record_step_full_history",
                        .routine = run,
                        .setup = setup_full,
                        .teardown = teardown,
                        .mode = TOCK_MODE_LATENCY,
                        .published_ns = 2.4};
    int rc = suite_register(&a);
    return rc < 0 ? rc : suite_register(&b);
}
