/* fixture.c: the trainer set-up every trainer benchmark starts from
 * (docs/kernels.md section 4), so all groups measure the same state. */
#include <stdlib.h>

#include "suite.h"

int suite_trainer_published(ht_trainer **out, unsigned observes) {
    ht_config cfg = ht_config_default();
    ht_trainer *tr = NULL;
    int rc = ht_trainer_create(&tr, &cfg);
    if (rc != HT_OK) return TOCK_ENOMEM;
    int threads = tock_config_threads();
    if (ht_trainer_set_threads(tr, threads > 0 ? (unsigned)threads : 1u) != HT_OK ||
        ht_set_effective_lr(tr, 1e-3f) != HT_OK || ht_record_step(tr, 2.0f, 1.5f) != HT_OK ||
        ht_init_latents(tr) != HT_OK) {
        ht_trainer_destroy(tr);
        return TOCK_EINVAL;
    }
    for (unsigned i = 0; i < observes; i++) ht_observe_gradient(tr, 2.0f, 1.5f);
    *out = tr;
    return 0;
}

void suite_trainer_ctx_free(void *ctx) {
    suite_trainer_ctx *c = ctx;
    if (!c) return;
    ht_prediction_free(&c->pred);
    ht_trainer_destroy(c->tr);
    free(c);
}
