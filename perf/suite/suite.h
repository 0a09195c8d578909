/* suite.h: what the tock-perf benchmark files share: the published figures
 * of KERNELS.md section 10, the standard trainer set-up and one registration
 * function per group. Nothing here is timed. */
#ifndef TOCK_SUITE_H
#define TOCK_SUITE_H

#include "ht.h"
#include "tock.h"

/* Published figures (KERNELS.md section 10; another machine, Rust, Criterion). */
#define PUB_US(x) ((x) * 1000.0)

/* The set-up of section 4: fresh trainer (default config, seed 0), effective
 * lr 1e-3, one record_step(2.0, 1.5), latents initialised, then
 * `observes` observe_gradient(2.0, 1.5) calls; threads from --threads. */
int suite_trainer_published(ht_trainer **out, unsigned observes);

/* Benchmark context holding a trainer (and a prediction buffer). */
typedef struct {
  ht_trainer *tr;
  ht_prediction pred;
  size_t horizon;
} suite_trainer_ctx;

void suite_trainer_ctx_free(void *ctx);

/* The test-only slowdown of tock-perf-slow (TOCK_SLOWDOWN_PCT in its environment): slowdown.h. */

/* Registration, one per group file; each returns 0 or a negative tock error. */
int suite_register_prediction(void);
int suite_register_training(void);
int suite_register_encoding(void);
int suite_register_delta(void);
int suite_register_confidence(void);
int suite_register_history(void);
int suite_register_scm(void);
int suite_register_reference(void);
/* sweep/causal_chain: the grid of KERNELS.md section 12 (bench_sweep.c). */
int suite_register_sweep(void);

#endif
