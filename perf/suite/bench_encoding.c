/* bench_encoding.c: state_encoding/compute_features (docs/kernels.md section 6)
 * after 100 x record_step(2.0 + 0.01 i, 1.5), effective lr left at 0. */
#include <stdlib.h>

#include "suite.h"

static int setup(void *user, void **ctx) {
    (void)user;
    ht_config cfg = ht_config_default();
    ht_trainer *tr = NULL;
    if (ht_trainer_create(&tr, &cfg) != HT_OK) return TOCK_ENOMEM;
    for (int i = 0; i < 100; i++) ht_record_step(tr, 2.0f + 0.01f * (float)i, 1.5f);
    *ctx = tr;
    return 0;
}

static void teardown(void *ctx) { ht_trainer_destroy(ctx); }

static void run(void *ctx, uint64_t iters) {
    float f[HT_FEATURES];
    for (uint64_t i = 0; i < iters; i++) {
        ht_compute_features(ctx, f);
        tock_black_box(f);
    }
}

int suite_register_encoding(void) {
    tock_bench_def d = {.group = "state_encoding",
                        .name = "compute_features",
                        .routine = run,
                        .setup = setup,
                        .teardown = teardown,
                        .throughput_kind = TOCK_THROUGHPUT_ELEMENTS,
                        .throughput_per_iter = HT_FEATURES,
                        .mode = TOCK_MODE_THROUGHPUT,
                        .published_ns = 15200.0};
    return suite_register(&d);
}
