/* suite.h: what the tock-perf benchmark files share: the published figures
 * of docs/kernels.md section 10, the standard trainer set-up and one registration
 * function per group. Nothing here is timed. */
#ifndef TOCK_SUITE_H
#define TOCK_SUITE_H

#include "ht.h"
#include "tock.h"

/* Published figures (docs/kernels.md section 10; another machine, Rust, Criterion). */
#define PUB_US(x) ((x)*1000.0)

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

/* Every benchmark file registers through suite_register(), never through
 * tock_register() directly. In tock-perf it is tock_register() itself. The
 * test-only tock-perf-slow (-DTOCK_TEST_SLOWDOWN=ON) compiles the suite with
 * TOCK_SLOWDOWN_HOOK and links slowdown.c, whose suite_register() may wrap
 * the routine with a known slowdown (TOCK_SLOWDOWN_PCT in its environment);
 * the benchmark files themselves hold no slowdown code. */
#ifdef TOCK_SLOWDOWN_HOOK
int suite_register(const tock_bench_def *def);
#else
static inline int suite_register(const tock_bench_def *def) { return tock_register(def); }
#endif

/* The weight-stream floor of bench_reference.c: one 16-lane sum over n
 * floats drawn like the weights (seed 7), on a 64-byte aligned buffer. The
 * definition's user points at n (a size_t that outlives registration). */
int suite_stream_setup(void *user, void **ctx);
void suite_stream_teardown(void *ctx);
void suite_stream_run(void *ctx, uint64_t iters);

/* Registration, one per group file; each returns 0 or a negative tock error. */
int suite_register_prediction(void);
int suite_register_training(void);
int suite_register_encoding(void);
int suite_register_delta(void);
int suite_register_confidence(void);
int suite_register_history(void);
int suite_register_scm(void);
int suite_register_reference(void);
/* sweep/causal_chain: the grid of docs/kernels.md section 12 (bench_sweep.c). */
int suite_register_sweep(void);
/* reference/weight_stream_step_ht and reference/openblas_gru_step_precomputed:
 * one horizon step as ht computes it (bench_step_reference.c). */
int suite_register_step_reference(void);

#endif
