/* slowdown.h: the known, test-only slowdown of tock-perf-slow.
 *
 * Configured with -DTOCK_SLOWDOWN_PCT=P (perf/suite/CMakeLists.txt), a
 * slowed benchmark adds, after every kernel call, a spin of dependent
 * integer steps worth P% of one call, so tools/gate/trials.sh has a true
 * slowdown to detect. The spin count is calibrated at set-up (untimed): the
 * best of 5 timings of the kernel against the best of 5 of the spin. Every
 * iteration pays the same extra time; an extra kernel call every 100/P
 * iterations (the first design) hid the slowdown from the gate's
 * per-round statistic (the lower quartile of per-sample times) wherever a
 * sample holds fewer than 100/P iterations: rssm_prediction/1 at "+2%"
 * measured +0.0..+0.8% in A/B trials. 0 (the default) compiles to nothing.
 * Never ship a tock-perf-slow result as a measurement. */
#ifndef TOCK_SUITE_SLOWDOWN_H
#define TOCK_SUITE_SLOWDOWN_H

#include <stdint.h>
#include <time.h>

#include "tock.h"

#ifndef TOCK_SLOWDOWN_PCT
#define TOCK_SLOWDOWN_PCT 0
#endif

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

/* Spin steps worth TOCK_SLOWDOWN_PCT % of one call(arg); 0 when off. */
static inline uint64_t slowdown_calibrate(void (*call)(void *), void *arg) {
  if (TOCK_SLOWDOWN_PCT <= 0) return 0;
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
  double n = (double)(TOCK_SLOWDOWN_PCT) / 100.0 * best_call / best_step;
  return n < 1.0 ? 1 : (uint64_t)(n + 0.5);
}

#endif
