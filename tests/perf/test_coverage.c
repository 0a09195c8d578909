/* test_coverage.c - do 95% slope intervals cover the true slope?
 *
 * 1000 simulated benchmark runs of 100 linearly sampled measurements
 * (x_i = 1000 i iterations, true cost 10 ns/iter), each analysed with the
 * percentile bootstrap of the OLS slope, under three noise models:
 *   A: per-sample multiplicative lognormal noise, sigma 3%, mean-corrected
 *      (exp(sigma Z - sigma^2/2) has mean 1);                      asserted
 *   B: A plus occasional mild outliers: with probability 3% a sample is
 *      slowed by a factor 1 + U(0.02, 0.08);                        asserted
 *   C: A plus rare large outliers: probability 2%, factor 1 + U(0.1, 0.5)
 *      (interrupts, migrations);                     reported, not asserted
 * The estimator targets E[t_i] / x_i = 10 (1 + p E[U]): 10, 10.015, 10.06.
 * A and B must cover it in >= 93% of runs (nominal 95% less ~2.8 binomial
 * standard errors of 0.69% at 1000 runs). Measured over 5000 runs, the
 * method's real coverage is ~94.0% (A) and ~93.7% (B): the pairs bootstrap
 * is ~2% too narrow with only ~56 effective samples (OLS weights x^2).
 * C is ~88.5% and cannot be fixed by the interval method (BCa does no
 * better): 13% of runs see no outlier at all, so nothing in their data
 * reveals the outliers' contribution to E[t]. It is printed so that a
 * change in behaviour shows up in the log.
 * Resamples: 2000 per interval, not the production 10,000, to keep this test
 * at ~1 s (and tolerable under sanitizers); the percentile endpoints from
 * 2000 resamples vary by ~0.3% of the width, far below what coverage can
 * resolve. Seeded: the result is the same on every machine. No timing.
 */
#define _POSIX_C_SOURCE 200809L
#include "tock.h" /* linked with tock_framework, the compiled modules */

#include <stdlib.h>

#include "check.h"

#define RUNS 1000
#define SAMPLES 100
#define RESAMPLES 2000

static double coverage(double p_out, double u_lo, double u_hi, uint64_t seed, double *mean_width) {
    tock_rng r;
    tock_rng_seed(&r, seed);
    const double s = 10.0, sigma = 0.03;
    const double truth = s * (1.0 + p_out * 0.5 * (u_lo + u_hi));
    double x[SAMPLES], y[SAMPLES];
    int covered = 0;
    double wsum = 0.0;
    for (int run = 0; run < RUNS; run++) {
        for (int i = 0; i < SAMPLES; i++) {
            x[i] = 1000.0 * (i + 1);
            double m = exp(sigma * tock_rng_normal(&r) - 0.5 * sigma * sigma);
            if (p_out > 0.0 && tock_rng_uniform(&r) < p_out)
                m *= 1.0 + u_lo + (u_hi - u_lo) * tock_rng_uniform(&r);
            y[i] = s * x[i] * m;
        }
        tock_estimate e;
        if (tock_stats_bootstrap_slope(x, y, SAMPLES, RESAMPLES, 0.95, seed + (uint64_t)run, &e) !=
            0)
            return -1.0;
        covered += e.lower <= truth && truth <= e.upper;
        wsum += (e.upper - e.lower) / truth;
    }
    *mean_width = wsum / RUNS;
    return (double)covered / RUNS;
}

int main(void) {
    double w;
    printf("%d runs x %d samples, %d resamples, 95%% percentile intervals of the slope\n", RUNS,
           SAMPLES, RESAMPLES);
    printf("A: lognormal noise, sigma 3%%\n");
    double ca = coverage(0.0, 0.0, 0.0, 2024, &w);
    printf("  coverage %.1f%%, mean relative interval width %.3f%%\n", 100 * ca, 100 * w);
    CHECK(ca >= 0.93, "coverage A >= 93%% (%.1f%%)", 100 * ca);
    printf("B: A plus 3%% mild outliers of +2..8%%\n");
    double cb = coverage(0.03, 0.02, 0.08, 4048, &w);
    printf("  coverage %.1f%%, mean relative interval width %.3f%%\n", 100 * cb, 100 * w);
    CHECK(cb >= 0.93, "coverage B >= 93%% (%.1f%%)", 100 * cb);
    /* nor grossly conservative: 99% would mean needlessly wide intervals */
    CHECK(ca <= 0.985 && cb <= 0.985, "coverage not grossly conservative (A %.1f%%, B %.1f%%)",
          100 * ca, 100 * cb);
    printf("C: A plus 2%% rare large outliers of +10..50%% (information only, see top of file)\n");
    double cc = coverage(0.02, 0.1, 0.5, 6072, &w);
    printf("  coverage %.1f%%, mean relative interval width %.3f%% (expected ~88.5%%)\n", 100 * cc,
           100 * w);
    return check_summary();
}
