/* test_fit.c - scaling fits (tock_fit_scaling, tock_fit_crossover,
 * tock_fit_format) on synthetic data with known truth. No timing.
 *
 *  1. exact line y = 5 + 28 n on the horizon grid n = 1,5,10,15,25,50,75:
 *     intercept and slope to 1e-9 relative, r2 = 1 to 1e-12, the exponent
 *     equal to the log-log OLS slope of the exact curve, class O(n).
 *  2. coverage: 1000 simulated fits each of y = 5000 + 28000 n and of the
 *     power law 300 n^1.5 with proportional Gaussian noise (sigma 1% and 3%)
 *     on the horizon grid; how often the 95% intervals cover the truth.
 *     Asserted: slope and exponent in [0.92, 0.99], intercept >= 0.92 (it
 *     over-covers by design, see tock.h). At 1000 runs the binomial standard
 *     error of a 95% rate is 0.7%: 0.92 is > 3 SE below the measured ~94%
 *     for the slope, and far above what the uncorrected percentile interval
 *     gives (slope 88%, exponent 81%, intercept 72%: a regression to it
 *     fails); 0.99 catches intervals that became uselessly wide.
 *  3. class selection: each of the six classes, y = 1000 + c f(n) with the
 *     growth c f(n_max) = 4x the intercept, 1% noise, on the horizon grid
 *     and on n = 1, 2, 4, ..., 1024; 200 simulations each; asserted >= 95%
 *     correct (measured: >= 99.5%); the mean bigo_share is printed. Flat
 *     data (exact and noisy) -> O(1).
 *  4. crossover: lines crossing at n = 20 -> AT covering 20 (one case, and
 *     the rate over 200 simulations); parallel lines -> A_BELOW / B_BELOW;
 *     two draws of the same line with 3% noise -> UNCLEAR.
 *  5. same seed -> identical bits; bad input -> TOCK_EINVAL, out untouched.
 *  6. tock_fit_format: exact strings, unit changes, truncation.
 * Resamples: 1000 in the simulation loops (the API's minimum), 10,000 in
 * the single cases. Seeded: the same numbers on every machine. ~2 s Release.
 */
#define _POSIX_C_SOURCE 200809L
#include "tock.h" /* linked with tock_framework, the compiled modules */

#include "check.h"

#define SIM_RESAMPLES 1000

static const double HGRID[7] = {1, 5, 10, 15, 25, 50, 75};

static double rel_err(double a, double b) { return fabs(a - b) / fabs(b); }

static double basis(int k, double n) {
    switch (k) {
    case TOCK_BIGO_LOGN: return log(n);
    case TOCK_BIGO_N: return n;
    case TOCK_BIGO_NLOGN: return n * log(n);
    case TOCK_BIGO_N2: return n * n;
    case TOCK_BIGO_N3: return n * n * n;
    default: return 0.0;
    }
}

/* OLS slope of log y on log n, computed independently of the library */
static double loglog_slope(const double *n, const double *y, size_t m) {
    double sx = 0, sy = 0;
    for (size_t i = 0; i < m; i++) {
        sx += log(n[i]);
        sy += log(y[i]);
    }
    double mx = sx / (double)m, my = sy / (double)m, sxy = 0, sxx = 0;
    for (size_t i = 0; i < m; i++) {
        sxy += (log(n[i]) - mx) * (log(y[i]) - my);
        sxx += (log(n[i]) - mx) * (log(n[i]) - mx);
    }
    return sxy / sxx;
}

static void test_exact(void) {
    printf("exact line y = 5 + 28 n on the horizon grid\n");
    double y[7];
    for (int i = 0; i < 7; i++) y[i] = 5.0 + 28.0 * HGRID[i];
    tock_fit f;
    CHECK_INT_EQ(tock_fit_scaling(HGRID, y, 7, 10000, 0.95, 1, &f), 0);
    CHECK_INT_EQ(f.points, 7);
    CHECK(rel_err(f.intercept.point, 5.0) <= 1e-9, "intercept %.17g ~= 5", f.intercept.point);
    CHECK(rel_err(f.slope.point, 28.0) <= 1e-9, "slope %.17g ~= 28", f.slope.point);
    CHECK(rel_err(f.slope.lower, 28.0) <= 1e-9 && rel_err(f.slope.upper, 28.0) <= 1e-9,
          "slope interval collapses on exact data [%.17g, %.17g]", f.slope.lower, f.slope.upper);
    CHECK_NEAR(f.r2, 1.0, 1e-12);
    double k = loglog_slope(HGRID, y, 7);
    CHECK_NEAR(f.exponent.point, k, 1e-12);
    CHECK(f.exponent.lower <= f.exponent.point && f.exponent.point <= f.exponent.upper,
          "exponent interval [%.6f, %.6f] holds the point %.6f", f.exponent.lower, f.exponent.upper,
          f.exponent.point);
    CHECK(f.exponent.point > 0.9 && f.exponent.point < 1.0,
          "an intercept keeps the exponent below 1: %.6f", f.exponent.point);
    CHECK_INT_EQ(f.bigo, TOCK_BIGO_N);
    CHECK_DBL_EQ(f.bigo_share, 1.0);
    CHECK(f.bigo_rms[TOCK_BIGO_N] < 1e-12, "O(n) rms %.3g ~ 0", f.bigo_rms[TOCK_BIGO_N]);
    for (int c = 0; c < TOCK_BIGO_COUNT; c++)
        if (c != TOCK_BIGO_N)
            CHECK(f.bigo_rms[c] > 1e-3, "%s rms %.3g > 0", tock_bigo_name((tock_bigo)c),
                  f.bigo_rms[c]);

    printf("flat data -> O(1)\n");
    for (int i = 0; i < 7; i++) y[i] = 700.0;
    CHECK_INT_EQ(tock_fit_scaling(HGRID, y, 7, 10000, 0.95, 1, &f), 0);
    CHECK_INT_EQ(f.bigo, TOCK_BIGO_1);
    CHECK_DBL_EQ(f.r2, 1.0);
    CHECK_NEAR(f.slope.point, 0.0, 1e-12);
    tock_rng r;
    tock_rng_seed(&r, 77);
    int flat_ok = 0;
    for (int t = 0; t < 200; t++) {
        for (int i = 0; i < 7; i++) y[i] = 700.0 * (1.0 + 0.01 * tock_rng_normal(&r));
        if (tock_fit_scaling(HGRID, y, 7, SIM_RESAMPLES, 0.95, (uint64_t)t, &f) == 0 &&
            f.bigo == TOCK_BIGO_1)
            flat_ok++;
    }
    printf("  noisy flat data (1%%, horizon grid): O(1) in %d/200\n", flat_ok);
    CHECK(flat_ok >= 190, "noisy flat -> O(1) in >= 95%%: %d/200", flat_ok);
}

static void test_coverage(void) {
    const int runs = 1000;
    static const double sigmas[2] = {0.01, 0.03};
    for (int s = 0; s < 2; s++) {
        const double sg = sigmas[s];
        printf("coverage of 95%% intervals, %d fits, proportional noise %.0f%%\n", runs, 100 * sg);
        tock_rng r;
        tock_rng_seed(&r, 1000 + (uint64_t)s);
        int cs = 0, ci = 0, ck = 0, fails = 0;
        double ws = 0, wk = 0;
        for (int t = 0; t < runs; t++) {
            double y[7];
            tock_fit f;
            for (int i = 0; i < 7; i++)
                y[i] = (5000.0 + 28000.0 * HGRID[i]) * (1.0 + sg * tock_rng_normal(&r));
            fails += tock_fit_scaling(HGRID, y, 7, SIM_RESAMPLES, 0.95, (uint64_t)t, &f) != 0;
            cs += f.slope.lower <= 28000.0 && 28000.0 <= f.slope.upper;
            ci += f.intercept.lower <= 5000.0 && 5000.0 <= f.intercept.upper;
            ws += (f.slope.upper - f.slope.lower) / 28000.0;
            for (int i = 0; i < 7; i++)
                y[i] = 300.0 * pow(HGRID[i], 1.5) * (1.0 + sg * tock_rng_normal(&r));
            fails += tock_fit_scaling(HGRID, y, 7, SIM_RESAMPLES, 0.95, (uint64_t)t, &f) != 0;
            ck += f.exponent.lower <= 1.5 && 1.5 <= f.exponent.upper;
            wk += f.exponent.upper - f.exponent.lower;
        }
        double rs = cs / (double)runs, ri = ci / (double)runs, rk = ck / (double)runs;
        printf("  slope     (y = 5000 + 28000 n): coverage %.3f, mean width %.2f%% of the slope\n",
               rs, 100 * ws / runs);
        printf("  intercept (y = 5000 + 28000 n): coverage %.3f\n", ri);
        printf("  exponent  (y = 300 n^1.5):      coverage %.3f, mean width %.3f\n", rk, wk / runs);
        CHECK_INT_EQ(fails, 0);
        CHECK(rs >= 0.92 && rs <= 0.99, "slope coverage %.3f in [0.92, 0.99]", rs);
        CHECK(rk >= 0.92 && rk <= 0.99, "exponent coverage %.3f in [0.92, 0.99]", rk);
        CHECK(ri >= 0.92, "intercept coverage %.3f >= 0.92", ri);
    }
}

static void test_classes(void) {
    double pow2[11];
    for (int i = 0; i < 11; i++) pow2[i] = (double)(1u << i);
    const double *grids[2] = {HGRID, pow2};
    const size_t gm[2] = {7, 11};
    static const char *gname[2] = {"n = 1,5,10,15,25,50,75", "n = 1,2,4,...,1024"};
    const int sims = 200;
    for (int g = 0; g < 2; g++) {
        printf("class selection, 1%% noise, intercept 1000, growth 4x at n_max, %s\n", gname[g]);
        tock_rng r;
        tock_rng_seed(&r, 2000 + (uint64_t)g);
        const double *n = grids[g];
        const size_t m = gm[g];
        for (int k = 0; k < TOCK_BIGO_COUNT; k++) {
            const double c = k ? 4.0 * 1000.0 / basis(k, n[m - 1]) : 0.0;
            int ok = 0, got[TOCK_BIGO_COUNT] = {0};
            double share = 0;
            for (int t = 0; t < sims; t++) {
                double y[11];
                tock_fit f;
                for (size_t i = 0; i < m; i++)
                    y[i] = (1000.0 + c * basis(k, n[i])) * (1.0 + 0.01 * tock_rng_normal(&r));
                if (tock_fit_scaling(n, y, m, SIM_RESAMPLES, 0.95, (uint64_t)t, &f) != 0) continue;
                ok += (int)f.bigo == k;
                got[f.bigo]++;
                share += f.bigo_share;
            }
            printf("  %-10s chosen %5.1f%%  mean share %.3f  (chosen counts:",
                   tock_bigo_name((tock_bigo)k), 100.0 * ok / sims, share / sims);
            for (int j = 0; j < TOCK_BIGO_COUNT; j++) printf(" %d", got[j]);
            printf(")\n");
            CHECK(ok >= (sims * 95 + 99) / 100, "%s on %s chosen in >= 95%%: %d/%d",
                  tock_bigo_name((tock_bigo)k), gname[g], ok, sims);
        }
    }
}

static void make_line(tock_rng *r, double a, double b, double sg, double *y) {
    for (int i = 0; i < 7; i++) y[i] = (a + b * HGRID[i]) * (1.0 + sg * tock_rng_normal(r));
}

static void test_crossover(void) {
    printf("crossover on [1, 75]\n");
    tock_rng r;
    tock_rng_seed(&r, 3000);
    double ya[7], yb[7];
    tock_crossover c;
    /* A = 1000 + 100 n (fast start, grows), B = 2000 + 50 n: cross at 20 */
    make_line(&r, 1000, 100, 0.01, ya);
    make_line(&r, 2000, 50, 0.01, yb);
    CHECK_INT_EQ(tock_fit_crossover(HGRID, ya, 7, HGRID, yb, 7, 1, 75, 10000, 0.95, 1, &c), 0);
    CHECK_INT_EQ(c.kind, TOCK_CROSS_AT);
    CHECK(c.at.lower <= 20.0 && 20.0 <= c.at.upper && c.at.lower <= c.at.point &&
              c.at.point <= c.at.upper,
          "crossing %.3f [%.3f, %.3f] covers 20", c.at.point, c.at.lower, c.at.upper);
    CHECK(c.lo == 1.0 && c.hi == 75.0, "range recorded [%g, %g]", c.lo, c.hi);
    printf("  one draw: %s %.2f [%.2f, %.2f], shares a_below %.3f b_below %.3f cross %.3f\n",
           tock_cross_kind_name(c.kind), c.at.point, c.at.lower, c.at.upper, c.share_a_below,
           c.share_b_below, c.share_cross);

    int at = 0, cover = 0;
    for (int t = 0; t < 200; t++) {
        make_line(&r, 1000, 100, 0.01, ya);
        make_line(&r, 2000, 50, 0.01, yb);
        if (tock_fit_crossover(HGRID, ya, 7, HGRID, yb, 7, 1, 75, SIM_RESAMPLES, 0.95, (uint64_t)t,
                               &c) != 0 ||
            c.kind != TOCK_CROSS_AT)
            continue;
        at++;
        cover += c.at.lower <= 20.0 && 20.0 <= c.at.upper;
    }
    printf("  200 draws, 1%% noise: AT %d, interval covers 20 in %d of those\n", at, cover);
    CHECK(at >= 190, "AT in >= 95%% of draws: %d/200", at);
    CHECK(cover >= at * 9 / 10, "the AT interval covers 20 in >= 90%%: %d/%d", cover, at);

    make_line(&r, 1000, 100, 0.01, ya); /* parallel, A cheaper by 1000 */
    make_line(&r, 2000, 100, 0.01, yb);
    CHECK_INT_EQ(tock_fit_crossover(HGRID, ya, 7, HGRID, yb, 7, 1, 75, 10000, 0.95, 2, &c), 0);
    CHECK_INT_EQ(c.kind, TOCK_CROSS_A_BELOW);
    CHECK(isnan(c.at.point) && isnan(c.at.lower) && isnan(c.at.upper), "at is NaN unless AT");
    CHECK(c.share_a_below >= 0.95, "share_a_below %.3f", c.share_a_below);
    CHECK_INT_EQ(tock_fit_crossover(HGRID, yb, 7, HGRID, ya, 7, 1, 75, 10000, 0.95, 2, &c), 0);
    CHECK_INT_EQ(c.kind, TOCK_CROSS_B_BELOW);

    int unclear = 0;
    for (int t = 0; t < 200; t++) {
        make_line(&r, 1000, 100, 0.03, ya); /* the same line twice */
        make_line(&r, 1000, 100, 0.03, yb);
        if (tock_fit_crossover(HGRID, ya, 7, HGRID, yb, 7, 1, 75, SIM_RESAMPLES, 0.95, (uint64_t)t,
                               &c) == 0 &&
            c.kind == TOCK_CROSS_UNCLEAR)
            unclear++;
    }
    printf("  the same line twice, 3%% noise: UNCLEAR in %d/200\n", unclear);
    CHECK(unclear >= 190, "indistinguishable lines -> UNCLEAR in >= 95%%: %d/200", unclear);
    CHECK_INT_EQ(c.kind, TOCK_CROSS_UNCLEAR);
}

static void test_repro_and_errors(void) {
    printf("reproducibility\n");
    tock_rng r;
    tock_rng_seed(&r, 4000);
    double y[7], yb[7];
    make_line(&r, 5000, 28000, 0.02, y);
    tock_fit f1, f2, f3;
    memset(&f1, 0, sizeof f1);
    memset(&f2, 0xff, sizeof f2);
    CHECK_INT_EQ(tock_fit_scaling(HGRID, y, 7, 10000, 0.95, 42, &f1), 0);
    CHECK_INT_EQ(tock_fit_scaling(HGRID, y, 7, 10000, 0.95, 42, &f2), 0);
    CHECK(memcmp(&f1, &f2, sizeof f1) == 0, "same seed: identical bits");
    CHECK_INT_EQ(tock_fit_scaling(HGRID, y, 7, 10000, 0.95, 43, &f3), 0);
    CHECK(f3.slope.lower != f1.slope.lower || f3.slope.upper != f1.slope.upper,
          "different seed: different interval [%.10g, %.10g] vs [%.10g, %.10g]", f3.slope.lower,
          f3.slope.upper, f1.slope.lower, f1.slope.upper);
    CHECK_DBL_EQ(f3.slope.point, f1.slope.point);
    make_line(&r, 9000, 20000, 0.02, yb);
    tock_crossover c1, c2;
    memset(&c2, 0xff, sizeof c2);
    CHECK_INT_EQ(tock_fit_crossover(HGRID, y, 7, HGRID, yb, 7, 1, 75, 10000, 0.95, 9, &c1), 0);
    CHECK_INT_EQ(tock_fit_crossover(HGRID, y, 7, HGRID, yb, 7, 1, 75, 10000, 0.95, 9, &c2), 0);
    CHECK(memcmp(&c1, &c2, sizeof c1) == 0, "crossover: same seed, identical bits");

    printf("bad input -> TOCK_EINVAL, out untouched\n");
    tock_fit sentinel, out;
    memset(&sentinel, 0xa5, sizeof sentinel);
    double bad[7];
#define EXPECT_EINVAL(call, what)                                                                  \
    do {                                                                                           \
        out = sentinel;                                                                            \
        int rc_ = (call);                                                                          \
        CHECK(rc_ == TOCK_EINVAL && memcmp(&out, &sentinel, sizeof out) == 0,                      \
              "%s: rc %d, out untouched %d", what, rc_, memcmp(&out, &sentinel, sizeof out) == 0); \
    } while (0)
    EXPECT_EINVAL(tock_fit_scaling(HGRID, y, 2, 1000, 0.95, 1, &out), "m = 2");
    EXPECT_EINVAL(tock_fit_scaling(HGRID, y, 0, 1000, 0.95, 1, &out), "m = 0");
    EXPECT_EINVAL(tock_fit_scaling(NULL, y, 7, 1000, 0.95, 1, &out), "n NULL");
    EXPECT_EINVAL(tock_fit_scaling(HGRID, NULL, 7, 1000, 0.95, 1, &out), "y NULL");
    CHECK_INT_EQ(tock_fit_scaling(HGRID, y, 7, 1000, 0.95, 1, NULL), TOCK_EINVAL);
    EXPECT_EINVAL(tock_fit_scaling(HGRID, y, 7, 999, 0.95, 1, &out), "999 resamples");
    EXPECT_EINVAL(tock_fit_scaling(HGRID, y, 7, 1000, 0.0, 1, &out), "confidence 0");
    EXPECT_EINVAL(tock_fit_scaling(HGRID, y, 7, 1000, 1.0, 1, &out), "confidence 1");
    EXPECT_EINVAL(tock_fit_scaling(HGRID, y, 7, 1000, NAN, 1, &out), "confidence NaN");
    static const char *what[6] = {"n = 0", "n < 0", "n NaN", "y = 0", "y < 0", "y NaN"};
    for (int k = 0; k < 6; k++) {
        double nn[7], yy[7];
        memcpy(nn, HGRID, sizeof nn);
        memcpy(yy, y, sizeof yy);
        double v = k % 3 == 0 ? 0.0 : k % 3 == 1 ? -1.0 : NAN;
        if (k < 3)
            nn[3] = v;
        else
            yy[3] = v;
        EXPECT_EINVAL(tock_fit_scaling(nn, yy, 7, 1000, 0.95, 1, &out), what[k]);
    }
    for (int i = 0; i < 7; i++) bad[i] = i < 4 ? 1.0 : 2.0; /* two distinct n */
    EXPECT_EINVAL(tock_fit_scaling(bad, y, 7, 1000, 0.95, 1, &out), "two distinct n");
    bad[6] = INFINITY;
    EXPECT_EINVAL(tock_fit_scaling(bad, y, 7, 1000, 0.95, 1, &out), "n inf");
    static const double three[3] = {1, 2, 3}, ythree[3] = {10, 20, 31};
    CHECK_INT_EQ(tock_fit_scaling(three, ythree, 3, 1000, 0.95, 1, &out), 0); /* minimum */

    tock_crossover cs, co;
    memset(&cs, 0xa5, sizeof cs);
#define EXPECT_CX_EINVAL(call, what)                                                               \
    do {                                                                                           \
        co = cs;                                                                                   \
        int rc_ = (call);                                                                          \
        CHECK(rc_ == TOCK_EINVAL && memcmp(&co, &cs, sizeof co) == 0, "crossover %s: rc %d", what, \
              rc_);                                                                                \
    } while (0)
    EXPECT_CX_EINVAL(tock_fit_crossover(HGRID, y, 7, HGRID, yb, 7, 75, 1, 1000, 0.95, 1, &co),
                     "lo > hi");
    EXPECT_CX_EINVAL(tock_fit_crossover(HGRID, y, 7, HGRID, yb, 7, 1, 1, 1000, 0.95, 1, &co),
                     "lo == hi");
    EXPECT_CX_EINVAL(tock_fit_crossover(HGRID, y, 7, HGRID, yb, 7, 1, INFINITY, 1000, 0.95, 1, &co),
                     "hi inf");
    EXPECT_CX_EINVAL(tock_fit_crossover(HGRID, y, 7, HGRID, yb, 2, 1, 75, 1000, 0.95, 1, &co),
                     "mb = 2");
    EXPECT_CX_EINVAL(tock_fit_crossover(HGRID, y, 7, NULL, yb, 7, 1, 75, 1000, 0.95, 1, &co),
                     "nb NULL");
    EXPECT_CX_EINVAL(tock_fit_crossover(HGRID, y, 7, HGRID, yb, 7, 1, 75, 100, 0.95, 1, &co),
                     "100 resamples");
    CHECK_INT_EQ(tock_fit_crossover(HGRID, y, 7, HGRID, yb, 7, 1, 75, 1000, 0.95, 1, NULL),
                 TOCK_EINVAL);
}

static void test_format(void) {
    printf("tock_fit_format\n");
    tock_fit f;
    memset(&f, 0, sizeof f);
    f.slope = (tock_estimate){27912.3, 27581.0, 28349.0};
    f.exponent = (tock_estimate){0.998, 0.9912, 1.0051};
    f.bigo = TOCK_BIGO_N;
    char buf[256];
    static const char *want =
        "rssm_prediction: 27.9 us/step [27.6, 28.3], exponent 1.00 [0.99, 1.01], O(n)";
    int len = tock_fit_format(&f, "rssm_prediction", "step", buf, sizeof buf);
    CHECK(strcmp(buf, want) == 0, "\"%s\"", buf);
    CHECK_INT_EQ(len, (int)strlen(want));

    f.slope = (tock_estimate){999.7, 990.0, 1010.0}; /* rounds to 1000 ns -> 1.00 us */
    f.bigo = TOCK_BIGO_NLOGN;
    tock_fit_format(&f, "g", "elem", buf, sizeof buf);
    CHECK(strcmp(buf, "g: 1.00 us/elem [0.99, 1.01], exponent 1.00 [0.99, 1.01], O(n log n)") == 0,
          "\"%s\"", buf);
    f.slope = (tock_estimate){0.31234, 0.3, 0.325};
    f.exponent = (tock_estimate){2.0, 1.94, 2.07};
    f.bigo = TOCK_BIGO_N2;
    tock_fit_format(&f, "g", "", buf, sizeof buf);
    CHECK(strcmp(buf, "g: 0.312 ns [0.300, 0.325], exponent 2.00 [1.94, 2.07], O(n^2)") == 0,
          "\"%s\"", buf);
    f.slope = (tock_estimate){99.96, 98.0, 101.0}; /* 3 significant digits after rounding */
    tock_fit_format(&f, "g", "x", buf, sizeof buf);
    CHECK(strncmp(buf, "g: 100 ns/x [98, 101]", 21) == 0, "\"%s\"", buf);
    f.slope = (tock_estimate){2.5e12, 2.4e12, 2.6e12};
    tock_fit_format(&f, "g", "x", buf, sizeof buf);
    CHECK(strncmp(buf, "g: 2500 s/x [2400, 2600]", 24) == 0, "\"%s\"", buf);
    f.slope = (tock_estimate){4.56e6, 4.5e6, 4.6e6};
    tock_fit_format(&f, "g", "x", buf, sizeof buf);
    CHECK(strncmp(buf, "g: 4.56 ms/x [4.50, 4.60]", 25) == 0, "\"%s\"", buf);

    printf("truncation: like snprintf\n");
    f.slope = (tock_estimate){27912.3, 27581.0, 28349.0};
    f.exponent = (tock_estimate){0.998, 0.9912, 1.0051};
    f.bigo = TOCK_BIGO_N;
    char small[16];
    memset(small, 'X', sizeof small);
    len = tock_fit_format(&f, "rssm_prediction", "step", small, sizeof small);
    CHECK_INT_EQ(len, (int)strlen(want));
    CHECK(len >= (int)sizeof small, "result >= cap signals truncation");
    CHECK(strcmp(small, "rssm_prediction") == 0, "cap 16: \"%s\" (15 chars + NUL)", small);
    CHECK_INT_EQ(tock_fit_format(&f, "rssm_prediction", "step", NULL, 0), (int)strlen(want));
    CHECK_INT_EQ(tock_fit_format(&f, "rssm_prediction", "step", NULL, 8), TOCK_EINVAL);
    CHECK_INT_EQ(tock_fit_format(NULL, "g", "step", buf, sizeof buf), TOCK_EINVAL);
    CHECK_INT_EQ(tock_fit_format(&f, NULL, "step", buf, sizeof buf), TOCK_EINVAL);
    CHECK_INT_EQ(tock_fit_format(&f, "g", NULL, buf, sizeof buf), TOCK_EINVAL);

    printf("names\n");
    static const char *names[TOCK_BIGO_COUNT] = {"O(1)",       "O(log n)", "O(n)",
                                                 "O(n log n)", "O(n^2)",   "O(n^3)"};
    for (int k = 0; k < TOCK_BIGO_COUNT; k++)
        CHECK(strcmp(tock_bigo_name((tock_bigo)k), names[k]) == 0, "%s", names[k]);
    CHECK(strcmp(tock_bigo_name(TOCK_BIGO_COUNT), "O(?)") == 0, "out of range -> O(?)");
}

int main(void) {
    test_exact();
    test_coverage();
    test_classes();
    test_crossover();
    test_repro_and_errors();
    test_format();
    return check_summary();
}
