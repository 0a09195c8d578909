/* test_bootstrap.c - the percentile bootstrap: reproducibility and invariants.
 *
 * Same seed -> identical bits, different seed -> different intervals, an
 * exact line -> zero-width intervals, the slope-only bootstrap draws the same
 * resamples as the full one, and tock_stats_analyze's derived numbers. The
 * bootstrap's cost is printed for information; it must never be asserted
 * (no timing assertions in tests).
 */
#define _POSIX_C_SOURCE 200809L
#include "tock.h" /* linked with tock_framework, the compiled modules */

#include <time.h>

#include "check.h"

#define N 100

static void make_noisy(double *x, double *y, uint64_t seed) {
    tock_rng r;
    tock_rng_seed(&r, seed);
    for (int i = 0; i < N; i++) {
        x[i] = 500.0 * (i + 1);
        y[i] = 12.5 * x[i] * exp(0.05 * tock_rng_normal(&r));
    }
}

static int est_equal(const tock_estimate *a, const tock_estimate *b) {
    return memcmp(a, b, sizeof *a) == 0;
}

int main(void) {
    double x[N], y[N];
    make_noisy(x, y, 1);

    printf("reproducibility under a seed\n");
    tock_estimates e1, e2, e3;
    CHECK_INT_EQ(tock_stats_bootstrap(x, y, N, 10000, 0.95, 99, &e1), 0);
    CHECK_INT_EQ(tock_stats_bootstrap(x, y, N, 10000, 0.95, 99, &e2), 0);
    CHECK(memcmp(&e1, &e2, sizeof e1) == 0, "same seed: all 15 numbers bit-identical");
    CHECK_INT_EQ(tock_stats_bootstrap(x, y, N, 10000, 0.95, 100, &e3), 0);
    CHECK(!est_equal(&e1.slope, &e3.slope) && !est_equal(&e1.mean, &e3.mean),
          "different seed: slope [%.10g, %.10g] vs [%.10g, %.10g]", e1.slope.lower, e1.slope.upper,
          e3.slope.lower, e3.slope.upper);
    CHECK_DBL_EQ(e1.slope.point, e3.slope.point); /* points do not depend on the seed */

    printf("invariants on noisy data (5%% lognormal noise, slope 12.5)\n");
    const tock_estimate *all[5] = {&e1.slope, &e1.mean, &e1.median, &e1.std_dev, &e1.mad};
    static const char *nm[5] = {"slope", "mean", "median", "std_dev", "mad"};
    for (int k = 0; k < 5; k++)
        CHECK(all[k]->lower <= all[k]->point && all[k]->point <= all[k]->upper,
              "%s: lower <= point <= upper (%.6g <= %.6g <= %.6g)", nm[k], all[k]->lower,
              all[k]->point, all[k]->upper);
    /* one fixed draw: the coverage test (test_coverage.c) is the real check */
    const double truth = 12.5 * exp(0.5 * 0.05 * 0.05); /* 12.5 E[exp(0.05 Z)] */
    CHECK(e1.slope.lower <= truth && truth <= e1.slope.upper,
          "slope interval covers the truth %.6g: [%.6g, %.6g]", truth, e1.slope.lower,
          e1.slope.upper);
    CHECK_NEAR(e1.std_dev.point / e1.mean.point, 0.05, 0.015);

    printf("the slope-only bootstrap draws the same resamples\n");
    tock_estimate s;
    CHECK_INT_EQ(tock_stats_bootstrap_slope(x, y, N, 10000, 0.95, 99, &s), 0);
    CHECK(est_equal(&s, &e1.slope), "slope-only [%.17g, %.17g] == full [%.17g, %.17g]", s.lower,
          s.upper, e1.slope.lower, e1.slope.upper);

    printf("an exact line gives zero-width intervals\n");
    double ye[N];
    for (int i = 0; i < N; i++) ye[i] = 3.0 * x[i];
    tock_estimates ex;
    CHECK_INT_EQ(tock_stats_bootstrap(x, ye, N, 2000, 0.95, 5, &ex), 0);
    CHECK_DBL_EQ(ex.slope.lower, 3.0);
    CHECK_DBL_EQ(ex.slope.upper, 3.0);
    CHECK_DBL_EQ(ex.median.point, 3.0);
    CHECK_DBL_EQ(ex.std_dev.upper, 0.0);
    CHECK_DBL_EQ(ex.mad.upper, 0.0);

    printf("argument errors\n");
    CHECK_INT_EQ(tock_stats_bootstrap(x, y, 1, 100, 0.95, 1, &ex), TOCK_ETOOFEW);
    CHECK_INT_EQ(tock_stats_bootstrap(x, y, N, 0, 0.95, 1, &ex), TOCK_EINVAL);
    CHECK_INT_EQ(tock_stats_bootstrap(x, y, N, 100, 1.5, 1, &ex), TOCK_EINVAL);
    CHECK_INT_EQ(tock_stats_bootstrap(x, y, N, 100, 0.0, 1, &ex), TOCK_EINVAL);
    CHECK_INT_EQ(tock_stats_bootstrap_slope(NULL, y, N, 100, 0.9, 1, &s), TOCK_EINVAL);

    printf("tock_stats_analyze\n");
    tock_analysis an;
    CHECK_INT_EQ(tock_stats_analyze(x, y, N, 10000, 0.95, 99, &an), 0);
    CHECK(memcmp(&an.est, &e1, sizeof e1) == 0, "analysis estimates == bootstrap estimates");
    double mn = INFINITY;
    for (int i = 0; i < N; i++)
        if (y[i] / x[i] < mn) mn = y[i] / x[i];
    CHECK_DBL_EQ(an.min, mn);
    CHECK_DBL_EQ(an.precision, 0.5 * (e1.slope.upper - e1.slope.lower) / e1.slope.point);
    size_t outl = an.outliers.low_severe + an.outliers.low_mild + an.outliers.high_mild +
                  an.outliers.high_severe;
    CHECK(outl <= 10, "lognormal 5%% noise: %zu Tukey outliers of 100 (expect ~1)", outl);

    /* information only: the cost that sets --nresamples' default */
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    for (int rep = 0; rep < 5; rep++)
        tock_stats_bootstrap(x, y, N, 10000, 0.95, (uint64_t)rep, &e2);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double ms =
        ((double)(t1.tv_sec - t0.tv_sec) * 1e3 + (double)(t1.tv_nsec - t0.tv_nsec) / 1e6) / 5;
    printf("info: full bootstrap, 100 samples x 10,000 resamples x 5 statistics: %.1f ms\n", ms);
    clock_gettime(CLOCK_MONOTONIC, &t0);
    for (int rep = 0; rep < 5; rep++)
        tock_stats_bootstrap_slope(x, y, N, TOCK_CHECK_RESAMPLES, 0.95, (uint64_t)rep, &s);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    ms = ((double)(t1.tv_sec - t0.tv_sec) * 1e3 + (double)(t1.tv_nsec - t0.tv_nsec) / 1e6) / 5;
    printf("info: stop check, 100 samples x %d slope resamples: %.2f ms\n", TOCK_CHECK_RESAMPLES,
           ms);
    return check_summary();
}
