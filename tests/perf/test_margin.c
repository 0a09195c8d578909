/* test_margin.c - the gate's margin rule and the two-run comparison by
 * epochs, on synthetic data with known truth (no timing):
 *   - tock_margin_decide and tock_change_decide_margin on hand-made
 *     intervals, boundaries included; margin 0 is the noise-band rule;
 *   - tock_ab_settle with a margin: a clear +10% settles "regressed", an
 *     A/A settles "no regression" at the first look, a change straddling
 *     the margin runs on and ends inconclusive at the last look;
 *   - tock_epochs_infer recovers the epochs of linear sampling;
 *   - tock_compare_epochs: two runs whose epochs carry layout-like offsets
 *     of up to +-3% are never called regressed and the interval covers the
 *     true change (the one-level bootstrap of the same samples does not);
 *     a true +10% shift is called regressed.
 */
#define _POSIX_C_SOURCE 200809L
#include "tock.h" /* linked with tock_framework, the compiled modules */

#include "check.h"

static tock_change interval(double lo, double pt, double hi, double p) {
    tock_change c;
    memset(&c, 0, sizeof c);
    c.median.lower = lo;
    c.median.point = pt;
    c.median.upper = hi;
    c.p_value = c.p_adjusted = p;
    return c;
}

static void margin_rule(void) {
    printf("the margin rule on hand-made intervals\n");
    CHECK_INT_EQ(tock_margin_decide(0.06, 0.10, 0.05), TOCK_MARGIN_REGRESSED);
    CHECK_INT_EQ(tock_margin_decide(-0.02, 0.049, 0.05), TOCK_MARGIN_NO_REGRESSION);
    CHECK_INT_EQ(tock_margin_decide(0.01, 0.06, 0.05), TOCK_MARGIN_UNDECIDED);
    CHECK_INT_EQ(tock_margin_decide(-0.2, 0.3, 0.05), TOCK_MARGIN_UNDECIDED);
    /* the bounds must lie strictly beyond the margin */
    CHECK_INT_EQ(tock_margin_decide(0.05, 0.08, 0.05), TOCK_MARGIN_UNDECIDED);
    CHECK_INT_EQ(tock_margin_decide(0.0, 0.05, 0.05), TOCK_MARGIN_UNDECIDED);
    CHECK_INT_EQ(tock_margin_decide(NAN, NAN, 0.05), TOCK_MARGIN_UNDECIDED);

    tock_change c = interval(0.06, 0.08, 0.10, 0.001);
    CHECK_INT_EQ(tock_change_decide_margin(&c, 0.05, 0.01, 0.05), TOCK_VERDICT_REGRESSED);
    c.p_adjusted = 0.2; /* the interval decides, not the p-value */
    CHECK_INT_EQ(tock_change_decide_margin(&c, 0.05, 0.01, 0.05), TOCK_VERDICT_REGRESSED);
    CHECK_INT_EQ(tock_change_decide_margin(&c, 0.05, 0.01, 0.0), TOCK_VERDICT_NO_CHANGE);
    c = interval(0.015, 0.025, 0.04, 0.001); /* a real +2.5%, below the margin */
    CHECK_INT_EQ(tock_change_decide_margin(&c, 0.05, 0.01, 0.05), TOCK_VERDICT_WITHIN_MARGIN);
    CHECK_INT_EQ(tock_change_decide(&c, 0.05, 0.01), TOCK_VERDICT_REGRESSED);
    CHECK_INT_EQ(tock_change_decide_margin(&c, 0.05, 0.01, 0.0), TOCK_VERDICT_REGRESSED);
    c = interval(-0.005, 0.0, 0.004, 0.8);
    CHECK_INT_EQ(tock_change_decide_margin(&c, 0.05, 0.01, 0.05), TOCK_VERDICT_NO_CHANGE);
    c = interval(0.002, 0.01, 0.02, 0.01);
    CHECK_INT_EQ(tock_change_decide_margin(&c, 0.05, 0.01, 0.05), TOCK_VERDICT_NOISE);
    c = interval(-0.2, -0.15, -0.1, 0.001);
    CHECK_INT_EQ(tock_change_decide_margin(&c, 0.05, 0.01, 0.05), TOCK_VERDICT_IMPROVED);
    c = interval(-0.01, 0.03, 0.07, 0.04);
    CHECK_INT_EQ(tock_change_decide_margin(&c, 0.05, 0.01, 0.05), TOCK_VERDICT_INCONCLUSIVE);
    CHECK_INT_EQ(tock_change_decide_margin(&c, 0.05, 0.01, 0.0), TOCK_VERDICT_NOISE);
    CHECK(strcmp(tock_verdict_name(TOCK_VERDICT_WITHIN_MARGIN), "within_margin") == 0,
          "verdict name within_margin");
    CHECK(strcmp(tock_ab_stop_name(TOCK_AB_BUDGET), "budget") == 0, "stop name budget");
}

/* n rounds: old 1, new (1 + shift) x a deterministic jitter of +-amp */
static void rounds(double *o, double *n, size_t k, double shift, double amp) {
    for (size_t i = 0; i < k; i++) {
        o[i] = 1.0;
        n[i] = (1.0 + shift) * exp(amp * ((double)((i * 7) % 11) - 5.0) / 5.0);
    }
}

static void settle_with_margin(void) {
    printf("tock_ab_settle with a margin: settles on the margin, not the noise band\n");
    static double o[200], n[200];
    const tock_ab_plan plan = {20, 200, 10, 0.05, 0.01, 0.95, 0.05};
    CHECK_INT_EQ(tock_ab_looks(&plan), 19);
    tock_ab_plan bad = plan;
    bad.margin = -0.01;
    CHECK_INT_EQ(tock_ab_looks(&bad), 0);
    tock_change c;
    rounds(o, n, 200, 0.10, 0.02);
    CHECK_INT_EQ(tock_ab_settle(&plan, o, n, 20, 0, 2000, 1, &c), 0);
    CHECK_INT_EQ(c.stop, TOCK_AB_SETTLED);
    CHECK_INT_EQ(c.verdict, TOCK_VERDICT_REGRESSED);
    /* an A/A with 4% jitter: its 99% interval is wider than the +-1% band
     * (the old rule runs on) but lies below +5% (the margin rule stops) */
    rounds(o, n, 200, 0.0, 0.04);
    CHECK_INT_EQ(tock_ab_settle(&plan, o, n, 20, 0, 2000, 1, &c), 0);
    CHECK_INT_EQ(c.stop, TOCK_AB_SETTLED);
    CHECK(c.verdict != TOCK_VERDICT_REGRESSED && c.verdict != TOCK_VERDICT_INCONCLUSIVE,
          "A/A settles as no regression (got %s)", tock_verdict_name(c.verdict));
    tock_ab_plan band = plan;
    band.margin = 0.0;
    CHECK_INT_EQ(tock_ab_settle(&band, o, n, 20, 0, 2000, 1, &c), 0);
    CHECK_INT_EQ(c.stop, TOCK_AB_CONTINUE);
    /* a change exactly at the margin with +-8% jitter: undecided at every
     * look, inconclusive at the last */
    rounds(o, n, 200, 0.05, 0.08);
    CHECK_INT_EQ(tock_ab_settle(&plan, o, n, 20, 0, 2000, 1, &c), 0);
    CHECK_INT_EQ(c.stop, TOCK_AB_CONTINUE);
    CHECK_INT_EQ(tock_ab_settle(&plan, o, n, 200, 0, 2000, 1, &c), 0);
    CHECK_INT_EQ(c.stop, TOCK_AB_MAX_ROUNDS);
    CHECK_INT_EQ(c.verdict, TOCK_VERDICT_INCONCLUSIVE);
    CHECK(c.median.lower < 0.05 && c.median.upper > 0.05, "its interval [%g, %g] holds 0.05",
          c.median.lower, c.median.upper);
}

static void infer_epochs(void) {
    printf("tock_epochs_infer: epochs of linear sampling\n");
    double it[12] = {2, 4, 6, 8, 3, 6, 9, 5, 10, 15, 20, 25};
    size_t end[8];
    CHECK_INT_EQ(tock_epochs_infer(it, 12, end, 8), 3);
    CHECK_INT_EQ(end[0], 4);
    CHECK_INT_EQ(end[1], 7);
    CHECK_INT_EQ(end[2], 12);
    /* a one-sample epoch joins the previous one; cap 2 folds the rest in */
    double one[7] = {1, 2, 3, 5, 2, 4, 6};
    CHECK_INT_EQ(tock_epochs_infer(one, 7, end, 8), 2);
    CHECK_INT_EQ(end[0], 4);
    CHECK_INT_EQ(end[1], 7);
    double lone[6] = {1, 2, 3, 1, 1, 2};
    CHECK_INT_EQ(tock_epochs_infer(lone, 6, end, 8), 2);
    CHECK_INT_EQ(end[0], 4);
    CHECK_INT_EQ(end[1], 6);
    CHECK_INT_EQ(tock_epochs_infer(it, 12, end, 2), 2);
    CHECK_INT_EQ(end[1], 12);
    CHECK_INT_EQ(tock_epochs_infer(it, 1, end, 8), 0);
}

#define EP 4
#define PER 50

/* EP epochs of PER linear samples at time mu per iteration; epoch e is
 * offset by a layout-like factor 1 + U(-off, off); lognormal noise 2% */
static void make_run(double *x, double *y, size_t *end, double mu, double off, tock_rng *r) {
    size_t k = 0;
    for (size_t e = 0; e < EP; e++) {
        double f = 1.0 + off * (2.0 * tock_rng_uniform(r) - 1.0);
        for (size_t i = 1; i <= PER; i++, k++) {
            x[k] = 100.0 * (double)i;
            y[k] = mu * f * x[k] * exp(0.02 * tock_rng_normal(r));
        }
        end[e] = k;
    }
}

static void two_runs(void) {
    printf("two runs by epochs: layout offsets of +-3%% are no regression, +10%% is\n");
    static double ox[EP * PER], oy[EP * PER], nx[EP * PER], ny[EP * PER];
    size_t oend[EP], nend[EP], inferred[8];
    tock_rng r;
    tock_rng_seed(&r, 20261202);
    const int trials = 200;
    int reg = 0, cover = 0, cover_flat = 0, caught = 0, ends_ok = 1;
    for (int t = 0; t < trials; t++) {
        make_run(ox, oy, oend, 10.0, 0.03, &r);
        make_run(nx, ny, nend, 10.0, 0.03, &r);
        ends_ok &= tock_epochs_infer(ox, EP * PER, inferred, 8) == EP &&
                   memcmp(inferred, oend, sizeof oend) == 0;
        tock_change c, f;
        if (tock_compare_epochs(ox, oy, oend, EP, nx, ny, nend, EP, 1000, 0.95, (uint64_t)t, &c) !=
                0 ||
            tock_compare_samples(ox, oy, EP * PER, nx, ny, EP * PER, 1000, 0.95, (uint64_t)t, &f) !=
                0) {
            CHECK(0, "comparison failed in trial %d", t);
            return;
        }
        reg += tock_change_decide_margin(&c, 0.05, 0.01, 0.05) == TOCK_VERDICT_REGRESSED;
        cover += c.median.lower <= 0.0 && c.median.upper >= 0.0;
        cover_flat += f.median.lower <= 0.0 && f.median.upper >= 0.0;
        make_run(nx, ny, nend, 11.0, 0.03, &r); /* a true +10% */
        if (tock_compare_epochs(ox, oy, oend, EP, nx, ny, nend, EP, 1000, 0.95, (uint64_t)t, &c) ==
            0)
            caught += tock_change_decide_margin(&c, 0.05, 0.01, 0.05) == TOCK_VERDICT_REGRESSED;
    }
    printf("  A/A: %d of %d regressed; 95%% interval covers 0 in %d (two-level) vs %d "
           "(samples only); +10%%: %d of %d regressed\n",
           reg, trials, cover, cover_flat, caught, trials);
    CHECK(ends_ok, "the linear sampling's epochs are recovered exactly");
    CHECK_INT_EQ(reg, 0);
    CHECK(cover >= trials * 85 / 100, "two-level coverage %d of %d >= 85%%", cover, trials);
    CHECK(cover_flat < trials * 60 / 100, "one-level coverage %d of %d < 60%% (why epochs)",
          cover_flat, trials);
    CHECK(caught >= trials * 90 / 100, "+10%% caught in %d of %d >= 90%%", caught, trials);

    printf(
        "tock_compare_epochs: one epoch per run is the one-level bootstrap's interval; errors\n");
    size_t one_o = EP * PER, one_n = EP * PER;
    tock_change c;
    CHECK_INT_EQ(tock_compare_epochs(ox, oy, &one_o, 1, ox, oy, &one_n, 1, 1000, 0.95, 5, &c), 0);
    CHECK(c.median.point == 0.0 && c.median.lower < 0.0 && c.median.upper > 0.0,
          "same run: point 0, interval around it [%g, %g]", c.median.lower, c.median.upper);
    CHECK(c.p_value > 0.5, "same run: p = %g", c.p_value);
    size_t short_end[2] = {1, EP * PER};
    CHECK_INT_EQ(tock_compare_epochs(ox, oy, short_end, 2, nx, ny, nend, EP, 1000, 0.95, 5, &c),
                 TOCK_ETOOFEW);
    CHECK_INT_EQ(tock_compare_epochs(ox, oy, oend, EP, nx, ny, nend, EP, 0, 0.95, 5, &c),
                 TOCK_EINVAL);
    CHECK_INT_EQ(tock_compare_epochs(ox, oy, oend, 0, nx, ny, nend, EP, 1000, 0.95, 5, &c),
                 TOCK_EINVAL);
}

int main(void) {
    margin_rule();
    settle_with_margin();
    infer_epochs();
    two_runs();
    return check_summary();
}
