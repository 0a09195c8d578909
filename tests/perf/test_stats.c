/* test_stats.c - known-answer tests of tock.h's statistics primitives.
 *
 * OLS exactness, the type-7 percentile definition, selection against a full
 * sort, median/MAD/mean/std dev on hand-computed data, Tukey fences on data
 * with one outlier of each class, the random generator and the error map.
 * Synthetic data only: it must never depend on timing or the machine.
 */
#define _POSIX_C_SOURCE 200809L
#include "tock.h" /* linked with tock_framework, the compiled modules */

#include <stdlib.h>

#include "check.h"

static int cmp_d(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static void test_ols(void) {
    printf("OLS slope through the origin\n");
    double x[100], y[100];
    for (int i = 0; i < 100; i++) {
        x[i] = 1000.0 * (i + 1); /* linear sampling, d = 1000 */
        y[i] = 7.25 * x[i];      /* every product and sum is exact in binary64 */
    }
    CHECK_DBL_EQ(tock_stats_ols_slope(x, y, 100), 7.25);
    for (int i = 0; i < 100; i++) y[i] = x[i] / 3.0;
    CHECK_NEAR(tock_stats_ols_slope(x, y, 100), 1.0 / 3.0, 1e-15);
    /* an offset c per sample biases the slope by c * sum(x) / sum(x^2) */
    for (int i = 0; i < 100; i++) y[i] = 2.0 * x[i] + 50.0;
    double sx = 0, sxx = 0;
    for (int i = 0; i < 100; i++) {
        sx += x[i];
        sxx += x[i] * x[i];
    }
    CHECK_NEAR(tock_stats_ols_slope(x, y, 100), 2.0 + 50.0 * sx / sxx, 1e-12);
    CHECK_TRUE(isnan(tock_stats_ols_slope(x, y, 0)));
}

static void test_percentiles(void) {
    printf("percentiles, type 7 (h = (n-1)p, linear interpolation)\n");
    const double s10[10] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
    CHECK_DBL_EQ(tock_stats_percentile_sorted(s10, 10, 0.0), 1.0);
    CHECK_DBL_EQ(tock_stats_percentile_sorted(s10, 10, 0.25), 3.25);
    CHECK_DBL_EQ(tock_stats_percentile_sorted(s10, 10, 0.5), 5.5);
    CHECK_NEAR(tock_stats_percentile_sorted(s10, 10, 0.9), 9.1, 1e-12);
    CHECK_NEAR(tock_stats_percentile_sorted(s10, 10, 0.1), 1.9, 1e-12);
    CHECK_DBL_EQ(tock_stats_percentile_sorted(s10, 10, 1.0), 10.0);
    CHECK_DBL_EQ(tock_stats_percentile_sorted(s10, 10, -0.5), 1.0);
    CHECK_DBL_EQ(tock_stats_percentile_sorted(s10, 10, 1.5), 10.0);
    const double s5[5] = {1, 1, 3, 4, 5};
    CHECK_DBL_EQ(tock_stats_percentile_sorted(s5, 5, 0.75), 4.0);
    CHECK_NEAR(tock_stats_percentile_sorted(s5, 5, 0.3), 1.4, 1e-12);
    const double one = 42.0;
    CHECK_DBL_EQ(tock_stats_percentile_sorted(&one, 1, 0.37), 42.0);

    /* quantile by selection agrees with sorting on random data */
    tock_rng r;
    tock_rng_seed(&r, 7);
    double a[257], s[257], w[257];
    int agree = 1;
    for (int trial = 0; trial < 200 && agree; trial++) {
        size_t n = 1 + tock_rng_below(&r, 257);
        for (size_t i = 0; i < n; i++) a[i] = (double)tock_rng_below(&r, trial % 2 ? 5 : 100000);
        memcpy(s, a, n * sizeof *a);
        qsort(s, n, sizeof *s, cmp_d);
        double p = tock_rng_uniform(&r);
        memcpy(w, a, n * sizeof *a);
        double q = tock_stats_quantile(w, n, p), e = tock_stats_percentile_sorted(s, n, p);
        if (q != e) {
            agree = 0;
            printf("    n=%zu p=%.17g: select %.17g, sort %.17g\n", n, p, q, e);
        }
    }
    CHECK(agree,
          "tock_stats_quantile == percentile of sorted copy (200 random arrays, half with ties)");
}

static void test_select(void) {
    printf("selection (quickselect) against a full sort\n");
    tock_rng r;
    tock_rng_seed(&r, 11);
    double a[300], s[300], w[300];
    int agree = 1;
    for (int trial = 0; trial < 300 && agree; trial++) {
        size_t n = 1 + (size_t)trial % 300;
        uint32_t range = trial % 3 == 0 ? 3 : 1000000; /* many ties in one of three */
        for (size_t i = 0; i < n; i++) a[i] = (double)tock_rng_below(&r, range);
        if (trial % 7 == 0) /* sorted input */
            qsort(a, n, sizeof *a, cmp_d);
        memcpy(s, a, n * sizeof *a);
        qsort(s, n, sizeof *s, cmp_d);
        for (size_t k = 0; k < n && agree; k += 1 + n / 10) {
            memcpy(w, a, n * sizeof *a);
            double v = tock_stats_select(w, n, k);
            if (v != s[k]) {
                agree = 0;
                printf("    n=%zu k=%zu: %.17g vs %.17g\n", n, k, v, s[k]);
            }
        }
    }
    CHECK(agree, "tock_stats_select(k) == sorted[k] for 300 arrays (ties, sorted inputs)");
    double c[64];
    for (int i = 0; i < 64; i++) c[i] = 5.0;
    CHECK_DBL_EQ(tock_stats_select(c, 64, 31), 5.0);
}

static void test_location_scale(void) {
    printf("median, MAD, mean, std dev on hand-computed data\n");
    double scr[8];
    const double even[4] = {5, 3, 1, 4}, odd[3] = {7, 1, 3};
    CHECK_DBL_EQ(tock_stats_median(even, 4, scr), 3.5);
    CHECK_DBL_EQ(tock_stats_median(odd, 3, scr), 3.0);
    const double m5[5] = {1, 2, 3, 4, 100}; /* median 3, |dev| {2,1,0,1,97} -> 1 */
    CHECK_DBL_EQ(tock_stats_mad(m5, 5, scr), 1.4826);
    const double four[4] = {1, 2, 3, 4};
    CHECK_DBL_EQ(tock_stats_mean(four, 4), 2.5);
    CHECK_NEAR(tock_stats_std_dev(four, 4), sqrt(5.0 / 3.0), 1e-15);
    CHECK_TRUE(isnan(tock_stats_std_dev(four, 1)));
    CHECK_TRUE(isnan(tock_stats_median(four, 0, scr)));
}

static void test_tukey(void) {
    printf("Tukey fences: one outlier of each class\n");
    /* 10..29 plus -30 (low severe), -10 (low mild), 45 (high mild), 60 (high
     * severe). n = 24: q1 = s[5] + .75 (s[6] - s[5]) = 13.75, q3 = 25.25,
     * IQR = 11.5: fences -20.75, -3.5, 42.5, 59.75. */
    double x[24];
    int k = 0;
    x[k++] = 45;
    for (int v = 10; v < 30; v++) x[k++] = v;
    x[k++] = -30;
    x[k++] = 60;
    x[k++] = -10;
    tock_outliers o;
    CHECK_INT_EQ(tock_stats_tukey(x, 24, &o), 0);
    CHECK_DBL_EQ(o.fence_low_severe, -20.75);
    CHECK_DBL_EQ(o.fence_low_mild, -3.5);
    CHECK_DBL_EQ(o.fence_high_mild, 42.5);
    CHECK_DBL_EQ(o.fence_high_severe, 59.75);
    CHECK_INT_EQ(o.low_severe, 1);
    CHECK_INT_EQ(o.low_mild, 1);
    CHECK_INT_EQ(o.high_mild, 1);
    CHECK_INT_EQ(o.high_severe, 1);
    /* a value exactly on a fence is not beyond it */
    x[0] = 42.5;
    CHECK_INT_EQ(tock_stats_tukey(x, 24, &o), 0);
    CHECK_INT_EQ(o.high_mild, 0);
    CHECK_INT_EQ(tock_stats_tukey(x, 3, &o), TOCK_ETOOFEW);
    CHECK_INT_EQ(tock_stats_tukey(NULL, 24, &o), TOCK_EINVAL);
}

static void test_rng(void) {
    printf("xoshiro256** / splitmix64 generator\n");
    tock_rng a, b;
    tock_rng_seed(&a, 123);
    tock_rng_seed(&b, 123);
    int same = 1;
    for (int i = 0; i < 1000; i++) same &= tock_rng_next(&a) == tock_rng_next(&b);
    CHECK(same, "same seed -> same 1000 outputs");
    tock_rng_seed(&b, 124);
    int diff = 0;
    for (int i = 0; i < 10; i++) diff += tock_rng_next(&a) != tock_rng_next(&b);
    CHECK(diff == 10, "seeds 123 and 124 differ in 10 of 10 outputs (%d)", diff);
    /* below(10): chi-square over 100,000 draws, 9 dof; 27.88 is p = 0.001 */
    long cnt[10] = {0};
    int in_range = 1;
    tock_rng_seed(&a, 5);
    for (int i = 0; i < 100000; i++) {
        uint32_t v = tock_rng_below(&a, 10);
        if (v >= 10)
            in_range = 0;
        else
            cnt[v]++;
    }
    double chi = 0;
    for (int i = 0; i < 10; i++) chi += (cnt[i] - 10000.0) * (cnt[i] - 10000.0) / 10000.0;
    CHECK(in_range, "below(10) < 10 for 100,000 draws");
    CHECK_LE(chi, 27.88);
    double umin = 1, umax = 0;
    for (int i = 0; i < 100000; i++) {
        double u = tock_rng_uniform(&a);
        if (u < umin) umin = u;
        if (u > umax) umax = u;
    }
    CHECK(umin >= 0.0 && umax < 1.0, "uniform in [0, 1) (min %.3g, max %.17g)", umin, umax);
    double s = 0, ss = 0;
    for (int i = 0; i < 100000; i++) {
        double z = tock_rng_normal(&a);
        s += z;
        ss += z * z;
    }
    CHECK_NEAR(s / 1e5, 0.0, 0.02); /* 0.02 = 6.3 standard errors of the mean */
    CHECK_NEAR(ss / 1e5, 1.0, 0.03);
}

static void test_errors(void) {
    printf("error map (one X-macro list)\n");
    CHECK_TRUE(strcmp(tock_strerror(0), "ok") == 0);
    CHECK_TRUE(strcmp(tock_strerror(TOCK_ENOMEM), "out of memory") == 0);
    CHECK_TRUE(strcmp(tock_err_name(TOCK_EDUPLICATE), "TOCK_EDUPLICATE") == 0);
    CHECK_TRUE(strcmp(tock_err_name(TOCK_ETOOFEW), "TOCK_ETOOFEW") == 0);
    CHECK_TRUE(strcmp(tock_strerror(-99), "unknown error") == 0);
    CHECK_TRUE(strcmp(tock_stop_reason_name(TOCK_STOP_TIME_BUDGET), "time_budget") == 0);
}

int main(void) {
    test_ols();
    test_percentiles();
    test_select();
    test_location_scale();
    test_tukey();
    test_rng();
    test_errors();
    return check_summary();
}
