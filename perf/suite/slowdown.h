/* slowdown.h: the known, test-only slowdown of tock-perf-slow.
 *
 * tock-perf-slow (-DTOCK_TEST_SLOWDOWN=ON, perf/suite/CMakeLists.txt) is
 * tock-perf with TOCK_SLOWDOWN_HOOK set; run with TOCK_SLOWDOWN_PCT=P in
 * its environment, the slowed benchmarks do P% more work, so
 * tools/gate/trials.sh has a true slowdown to detect with both sides of a
 * comparison running the same binary (two builds differ in code layout,
 * which moved compute_features by ~1% on its own). Two ways, because each fails where the other works
 * (measured with tock-perf-slow --ab tock-perf on this project's VM):
 *  - slowdown_extra_calls: one more kernel call every 100/P iterations. For
 *    a fast kernel (state_encoding/compute_features, ~150 ns) every sample
 *    holds hundreds of iterations and "+2%" measures +1.9..2.1%. For a slow
 *    one (rssm_prediction/1, ~30 us) samples hold a few iterations, most
 *    have no extra call, and the gate's per-round statistic (the lower
 *    quartile of per-sample times) sees +0.0..0.8%.
 *  - slowdown_spin after every call, calibrated at set-up (untimed: best of
 *    5 timings of the kernel against best of 5 of the spin) to P% of one
 *    call: right for the slow kernel (+2.0%), but a spin of a dozen steps
 *    after a 150 ns call overlaps with the next call out of order and
 *    measures +0.1%.
 * In tock-perf (no hook) every test below is a constant 0 and compiles to
 * nothing. Never ship a tock-perf-slow result as a measurement. */
#ifndef TOCK_SUITE_SLOWDOWN_H
#define TOCK_SUITE_SLOWDOWN_H

#include <stdint.h>
#include <time.h>

#include "tock.h"

#ifndef TOCK_SLOWDOWN_HOOK
#define TOCK_SLOWDOWN_HOOK 0
#endif
extern int suite_slowdown_pct; /* main.c: TOCK_SLOWDOWN_PCT, 0..1000 */
/* the hook is built in and a slowdown asked for */
#define SUITE_SLOWDOWN_ON (TOCK_SLOWDOWN_HOOK && suite_slowdown_pct > 0)

/* How many extra kernel calls are due after this one: P per 100 calls, the
 * remainder carried in *acc (across samples). */
static inline unsigned slowdown_extra_calls(unsigned *acc) {
  unsigned n = 0;
  *acc += (unsigned)suite_slowdown_pct;
  while (*acc >= 100u) {
    *acc -= 100u;
    n++;
  }
  return n;
}

/* n dependent steps the compiler cannot fold */
static inline void slowdown_spin(uint64_t n) {
  uint64_t x = n;
  for (uint64_t i = 0; i < n; i++) x = tock_black_box_u64(x * 3u + 1u);
}

static inline double slowdown_now_ns(void) {
  struct timespec ts; /* C11's clock: enough for a 0.2 ms calibration */
  timespec_get(&ts, TIME_UTC);
  return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

/* Spin steps worth suite_slowdown_pct % of one call(arg); 0 when off. */
static inline uint64_t slowdown_calibrate(void (*call)(void *), void *arg) {
  if (!SUITE_SLOWDOWN_ON) return 0;
  double best_call = 1e300, best_step = 1e300;
  uint64_t reps = 1;
  for (int k = 0; k < 5; k++) {
    double t0 = slowdown_now_ns();
    for (uint64_t r = 0; r < reps; r++) call(arg);
    double per = (slowdown_now_ns() - t0) / (double)reps;
    if (per < best_call) best_call = per;
    if (per * (double)reps < 2e5 && reps < (UINT64_C(1) << 20)) reps *= 4; /* >= 0.2 ms */
  }
  const uint64_t steps = 100000;
  for (int k = 0; k < 5; k++) {
    double t0 = slowdown_now_ns();
    slowdown_spin(steps);
    double per = (slowdown_now_ns() - t0) / (double)steps;
    if (per < best_step) best_step = per;
  }
  double n = (double)suite_slowdown_pct / 100.0 * best_call / best_step;
  return n < 1.0 ? 1 : (uint64_t)(n + 0.5);
}

#endif
