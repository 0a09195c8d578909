/* test_gate_sim.c - the regression gate's error rates on simulated samples.
 *
 * No timing: runs are drawn from a model of a noisy machine and fed to the
 * pure comparison functions of tock.h, so the rates below are exact
 * properties of the statistics under that model, reproducible bit for bit.
 * Model of one run (linear sampling, sample i = i*d iterations, N = 100):
 *   ns_i = iters_i * mu * exp(sigma Z_i) * (1 + drift (i-1)/(N-1)) * outlier_i
 *   sigma ~ U(3%, 5%) per run (lognormal noise), drift ~ U(-1%, +1%) per run
 *   (a slow drift within the run), outlier_i = 1 + U(0.2, 1.0) with
 *   probability 3% (scheduler hits), else 1.
 * Checks: false regressions under no change <= 1% of 1000 comparisons;
 * a 5% slowdown flagged regressed in >= 95%. Paired A/B model (20 rounds,
 * the --ab default): per-round times with a drift shared by both builds
 * (a 1% random walk), 2% lognormal noise each, and a bad round (+10..40%)
 * with probability 2% per build and round; same checks.
 * Sequential A/B (tock_ab_settle, the rule tock-perf --ab runs: looks at
 * 20, 30, ... 300 rounds) on a harsher model of this machine: time in
 * slots, one per child process (~0.18 s), round r in slots 2r and 2r+1 in
 * ABBA order; per child lognormal noise sigma ~ U(2%, 3.5%) per comparison
 * (a per-round log-ratio spread of 2.8-5%, what tools/gate/trials.sh saw),
 * a machine level drifting 0.5% per slot (a random walk shared by both
 * builds), and interference bursts: each slot starts one with probability
 * 3%, lasting 4 slots on average, each slot in it +10..40%. Checks over
 * 1000 comparisons each: false regressions <= 1% under no change, a 5%
 * slowdown caught >= 95%, a 2% slowdown >= 80%; prints the rates and the
 * mean rounds, and the same model judged with every look at the nominal
 * level (the inflation the rule avoids).
 * 500 resamples per comparison instead of the CLI's 10,000 keep this at
 * ~10 s on a busy 2-vCPU machine; with 500 the permutation p-value can go
 * down to 0.002 and the percentile bounds move by ~0.1% of a change. The
 * sequential runs use 100: their resamples only feed the typical (mean)
 * interval, never the decision (Hodges-Lehmann interval, Wilcoxon p).
 */
#define _POSIX_C_SOURCE 200809L
#include "tock.h" /* linked with tock_framework, the compiled modules */

#include "check.h"

#define N_SAMPLES 100
#define TRIALS 1000
#define RESAMPLES 500

static void sim_run(tock_rng *r, double mu, double *x, double *y) {
    double sigma = 0.03 + 0.02 * tock_rng_uniform(r);
    double drift = -0.01 + 0.02 * tock_rng_uniform(r);
    for (int i = 0; i < N_SAMPLES; i++) {
        double it = (double)(i + 1) * 37.0;
        double v = it * mu * exp(sigma * tock_rng_normal(r)) *
                   (1.0 + drift * (double)i / (double)(N_SAMPLES - 1));
        if (tock_rng_uniform(r) < 0.03) v *= 1.2 + 0.8 * tock_rng_uniform(r);
        x[i] = it;
        y[i] = v;
    }
}

/* fraction of TRIALS flagged regressed (and, in *improved, improved) */
static double rate_independent(double shift, int trials, uint64_t seed, double *improved) {
    tock_rng r;
    tock_rng_seed(&r, seed);
    double ox[N_SAMPLES], oy[N_SAMPLES], nx[N_SAMPLES], ny[N_SAMPLES];
    int reg = 0, imp = 0;
    for (int t = 0; t < trials; t++) {
        double mu = 50.0 * exp(2.0 * tock_rng_uniform(&r)); /* 50..370 ns */
        sim_run(&r, mu, ox, oy);
        sim_run(&r, mu * (1.0 + shift), nx, ny);
        tock_change c;
        int rc = tock_compare_samples(ox, oy, N_SAMPLES, nx, ny, N_SAMPLES, RESAMPLES, 0.95,
                                      seed + (uint64_t)t, &c);
        if (rc != 0) return -1.0;
        tock_verdict v = tock_change_decide(&c, 0.05, 0.01);
        reg += v == TOCK_VERDICT_REGRESSED;
        imp += v == TOCK_VERDICT_IMPROVED;
    }
    if (improved) *improved = (double)imp / trials;
    return (double)reg / trials;
}

/* paired rounds: per-round typical times with a drift common to both builds */
static double rate_paired(double shift, size_t rounds, uint64_t seed) {
    tock_rng r;
    tock_rng_seed(&r, seed);
    double a[64], b[64];
    if (rounds > 64) return -1.0;
    int reg = 0;
    for (int t = 0; t < TRIALS; t++) {
        double level = 1.0;
        for (size_t k = 0; k < rounds; k++) {
            level *= exp(0.01 * tock_rng_normal(&r)); /* machine drift, shared */
            double na = exp(0.02 * tock_rng_normal(&r)), nb = exp(0.02 * tock_rng_normal(&r));
            if (tock_rng_uniform(&r) < 0.02) na *= 1.1 + 0.3 * tock_rng_uniform(&r);
            if (tock_rng_uniform(&r) < 0.02) nb *= 1.1 + 0.3 * tock_rng_uniform(&r);
            a[k] = 100.0 * level * na;
            b[k] = 100.0 * level * (1.0 + shift) * nb;
        }
        tock_change c;
        if (tock_compare_paired(a, b, rounds, RESAMPLES, 0.95, seed + (uint64_t)t, &c) != 0)
            return -1.0;
        reg += tock_change_decide(&c, 0.05, 0.01) == TOCK_VERDICT_REGRESSED;
    }
    return (double)reg / TRIALS;
}

static void test_units(void) {
    /* exact sign test: n = 10, all positive: 2 / 1024 */
    CHECK_NEAR(tock_stats_sign_test(10, 0), 2.0 / 1024.0, 1e-12);
    CHECK_NEAR(tock_stats_sign_test(5, 5), 1.0, 1e-12);
    CHECK_NEAR(tock_stats_sign_test(8, 2), 2.0 * 56.0 / 1024.0, 1e-12);
    CHECK_NEAR(tock_stats_sign_test(0, 0), 1.0, 0.0);
    /* Benjamini-Hochberg: p = .01 .04 .03 .20, m = 4 -> .04 .0533 .0533 .20 */
    double p[4] = {0.01, 0.04, 0.03, 0.20}, q[4];
    CHECK_INT_EQ(tock_stats_bh(p, 4, q), 0);
    CHECK_NEAR(q[0], 0.04, 1e-12);
    CHECK_NEAR(q[1], 0.04 * 4.0 / 3.0, 1e-12);
    CHECK_NEAR(q[2], 0.04 * 4.0 / 3.0, 1e-12);
    CHECK_NEAR(q[3], 0.20, 1e-12);
    CHECK_INT_EQ(tock_stats_bh(NULL, 4, q), TOCK_EINVAL);
    /* verdict rule */
    tock_change c = {
        {0.05, 0.03, 0.07}, {0.05, 0.03, 0.07}, 0.001, 0.001, TOCK_VERDICT_NO_CHANGE, 0, 0.0,
        TOCK_AB_CONTINUE};
    CHECK_INT_EQ(tock_change_decide(&c, 0.05, 0.01), TOCK_VERDICT_REGRESSED);
    c.median.lower = 0.005;
    CHECK_INT_EQ(tock_change_decide(&c, 0.05, 0.01), TOCK_VERDICT_NOISE);
    c.p_adjusted = 0.06;
    CHECK_INT_EQ(tock_change_decide(&c, 0.05, 0.01), TOCK_VERDICT_NO_CHANGE);
    tock_change d = {{0, 0, 0}, {-0.05, -0.07, -0.03}, 0.001, 0.001, TOCK_VERDICT_NO_CHANGE, 0,
                     0.0,       TOCK_AB_CONTINUE};
    CHECK_INT_EQ(tock_change_decide(&d, 0.05, 0.01), TOCK_VERDICT_IMPROVED);
    CHECK(strcmp(tock_verdict_name(TOCK_VERDICT_NOISE), "within_noise") == 0, "verdict name");
    /* exact scaling: new = 1.1 x old gives +10% for slope and median */
    double x[20], y[20], y2[20];
    for (int i = 0; i < 20; i++) {
        x[i] = i + 1;
        y[i] = x[i] * (10.0 + (i % 3));
        y2[i] = 1.1 * y[i];
    }
    tock_change e;
    CHECK_INT_EQ(tock_compare_samples(x, y, 20, x, y2, 20, 2000, 0.95, 1, &e), 0);
    CHECK_NEAR(e.typical.point, 0.1, 1e-12);
    CHECK_NEAR(e.median.point, 0.1, 1e-12);
    CHECK(e.typical.lower <= 0.1 && e.typical.upper >= 0.1, "interval holds the point");
    CHECK_INT_EQ(tock_compare_samples(x, y, 1, x, y2, 20, 2000, 0.95, 1, &e), TOCK_ETOOFEW);
    CHECK_INT_EQ(tock_compare_samples(x, y, 20, x, y2, 20, 0, 0.95, 1, &e), TOCK_EINVAL);
    /* identical runs: p = 1 */
    CHECK_INT_EQ(tock_compare_samples(x, y, 20, x, y, 20, 2000, 0.95, 1, &e), 0);
    CHECK_NEAR(e.p_value, 1.0, 0.0);
    /* determinism: same seed, same bits */
    tock_change f, g;
    tock_compare_samples(x, y, 20, x, y2, 20, 2000, 0.95, 7, &f);
    tock_compare_samples(x, y, 20, x, y2, 20, 2000, 0.95, 7, &g);
    CHECK(memcmp(&f, &g, sizeof f) == 0, "same seed -> identical change");
    /* paired: every round slower, distinct ratios -> exact Wilcoxon 2/2^n */
    double a[8], b[8], dd[8];
    for (int i = 0; i < 8; i++) {
        a[i] = 100.0 + i;
        b[i] = (1.05 + 0.001 * i) * a[i];
        dd[i] = log(b[i] / a[i]);
    }
    CHECK_INT_EQ(tock_compare_paired(a, b, 8, 2000, 0.95, 3, &e), 0);
    CHECK_NEAR(e.p_value, 2.0 / 256.0, 1e-12);
    CHECK(e.median.lower >= 0.05 - 1e-12 && e.median.upper <= 0.057 + 1e-12 &&
              e.median.point > 0.05 && e.median.point < 0.057,
          "HL change %.5f in [%.5f, %.5f] within the ratios' range", e.median.point, e.median.lower,
          e.median.upper);
    /* Wilcoxon: n = 10, W- = 3 (ranks 1 and 2 negative): 2 P(W <= 3) = 2 * 5/1024 */
    double w[10];
    for (int i = 0; i < 10; i++) w[i] = (i + 1) * (i < 2 ? -1.0 : 1.0);
    CHECK_NEAR(tock_stats_wilcoxon(w, 10), 10.0 / 1024.0, 1e-12);
    (void)dd;
    a[2] = -1.0;
    CHECK_INT_EQ(tock_compare_paired(a, b, 8, 2000, 0.95, 3, &e), TOCK_EINVAL);
}

/* ---- sequential A/B ---- */

#define SEQ_MIN 20
#define SEQ_MAX 300
#define SEQ_RESAMPLES 100

typedef struct seq_rates {
    double regressed, improved, significant, settled, mean_rounds;
} seq_rates;

/* One comparison's per-round statistics, old[] and new[], SEQ_MAX rounds
 * (the rule reads a prefix): the slot model of the header comment. */
static void sim_rounds(tock_rng *r, double shift, double *old_t, double *new_t) {
    double sigma = 0.02 + 0.015 * tock_rng_uniform(r), level = 1.0, burst;
    int left = 0; /* slots left in the current burst */
    for (int k = 0; k < SEQ_MAX; k++) {
        for (int s = 0; s < 2; s++) {
            level *= exp(0.005 * tock_rng_normal(r));
            if (left == 0 && tock_rng_uniform(r) < 0.03) { /* geometric length, mean 4 */
                left = 1;
                while (tock_rng_uniform(r) < 0.75) left++;
            }
            burst = 1.0;
            if (left > 0) {
                burst = 1.1 + 0.3 * tock_rng_uniform(r);
                left--;
            }
            double t = 100.0 * level * exp(sigma * tock_rng_normal(r)) * burst;
            /* ABBA: even rounds run the new build (A) first */
            int is_new = (k % 2 == 0) ? s == 0 : s == 1;
            if (is_new)
                new_t[k] = t * (1.0 + shift);
            else
                old_t[k] = t;
        }
    }
}

/* `naive`: every look at the nominal levels, the same stop conditions */
static int seq_judge(const tock_ab_plan *plan, const double *o, const double *n, int naive,
                     uint64_t seed, tock_change *c) {
    for (size_t k = plan->min_rounds;; k += plan->every) {
        if (k > plan->max_rounds) k = plan->max_rounds;
        if (naive) {
            if (tock_compare_paired(o, n, k, SEQ_RESAMPLES, plan->confidence, seed, c) != 0)
                return -1;
            c->verdict = tock_change_decide(c, plan->alpha, plan->noise);
            int inside = c->median.lower >= -plan->noise && c->median.upper <= plan->noise;
            if (k == plan->max_rounds || inside || c->verdict == TOCK_VERDICT_REGRESSED ||
                c->verdict == TOCK_VERDICT_IMPROVED)
                return 0;
        } else {
            if (tock_ab_settle(plan, o, n, k, 0, SEQ_RESAMPLES, seed, c) != 0) return -1;
            if (c->stop != TOCK_AB_CONTINUE) return 0;
        }
    }
}

static int rate_sequential(double shift, int trials, uint64_t seed, int naive, seq_rates *out) {
    const tock_ab_plan plan = {SEQ_MIN, SEQ_MAX, TOCK_AB_LOOK_EVERY, 0.05, 0.01, 0.95, 0.0};
    tock_rng r;
    tock_rng_seed(&r, seed);
    double o[SEQ_MAX], n[SEQ_MAX];
    int reg = 0, imp = 0, sig = 0, settled = 0;
    double rounds = 0.0;
    for (int t = 0; t < trials; t++) {
        sim_rounds(&r, shift, o, n);
        tock_change c;
        if (seq_judge(&plan, o, n, naive, seed + (uint64_t)t, &c) != 0) return -1;
        reg += c.verdict == TOCK_VERDICT_REGRESSED;
        imp += c.verdict == TOCK_VERDICT_IMPROVED;
        sig += c.verdict != TOCK_VERDICT_NO_CHANGE;
        settled += naive ? c.rounds < SEQ_MAX : c.stop == TOCK_AB_SETTLED;
        rounds += (double)c.rounds;
    }
    out->regressed = (double)reg / trials;
    out->improved = (double)imp / trials;
    out->significant = (double)sig / trials;
    out->settled = (double)settled / trials;
    out->mean_rounds = rounds / trials;
    return 0;
}

static void test_settle_units(void) {
    tock_ab_plan plan = {20, 200, 10, 0.05, 0.01, 0.95, 0.0};
    CHECK_INT_EQ(tock_ab_looks(&plan), 19);
    tock_ab_plan one = {20, 20, 10, 0.05, 0.01, 0.95, 0.0}, odd = {20, 25, 10, 0.05, 0.01, 0.95, 0.0};
    CHECK_INT_EQ(tock_ab_looks(&one), 1);
    CHECK_INT_EQ(tock_ab_looks(&odd), 2);
    tock_ab_plan bad = plan;
    bad.max_rounds = 10;
    CHECK_INT_EQ(tock_ab_looks(&bad), 0);
    bad = plan;
    bad.every = 0;
    CHECK_INT_EQ(tock_ab_looks(&bad), 0);
    bad = plan;
    bad.alpha = 1.0;
    CHECK_INT_EQ(tock_ab_looks(&bad), 0);
    CHECK(strcmp(tock_ab_stop_name(TOCK_AB_MAX_ROUNDS), "max_rounds") == 0, "stop name");
    CHECK(strcmp(tock_ab_stop_name(TOCK_AB_SETTLED), "settled") == 0, "stop name");
    /* every round +5% +- 0.5%: settled regressed at the first look, at the
     * interim level 1 - 0.05/5 */
    double o[200], n[200];
    for (int i = 0; i < 200; i++) {
        o[i] = 100.0 + (i % 7);
        n[i] = o[i] * (1.05 + 0.001 * ((i * 37) % 11 - 5));
    }
    tock_change c;
    CHECK_INT_EQ(tock_ab_settle(&plan, o, n, 20, 0, 200, 1, &c), 0);
    CHECK_INT_EQ(c.stop, TOCK_AB_SETTLED);
    CHECK_INT_EQ(c.verdict, TOCK_VERDICT_REGRESSED);
    CHECK_INT_EQ(c.rounds, 20);
    CHECK_NEAR(c.confidence, 1.0 - 0.05 / 5.0, 1e-15);
    /* not a look: 25 rounds (looks are 20, 30, ...), 10 (< min), 201 (> max) */
    CHECK_INT_EQ(tock_ab_settle(&plan, o, n, 25, 0, 200, 1, &c), TOCK_EINVAL);
    CHECK_INT_EQ(tock_ab_settle(&plan, o, n, 10, 0, 200, 1, &c), TOCK_EINVAL);
    CHECK_INT_EQ(tock_ab_settle(&plan, o, n, 201, 0, 200, 1, &c), TOCK_EINVAL);
    CHECK_INT_EQ(tock_ab_settle(&bad, o, n, 20, 0, 200, 1, &c), TOCK_EINVAL);
    /* interrupted: any count >= 2, nominal level */
    CHECK_INT_EQ(tock_ab_settle(&plan, o, n, 7, 1, 200, 1, &c), 0);
    CHECK_INT_EQ(c.stop, TOCK_AB_INTERRUPTED);
    CHECK_NEAR(c.confidence, 0.95, 0.0);
    CHECK_INT_EQ(tock_ab_settle(&plan, o, n, 1, 1, 200, 1, &c), TOCK_EINVAL);
    /* +-0.3% around 0: inside the band -> settled, no regression */
    for (int i = 0; i < 200; i++) n[i] = o[i] * (1.0 + 0.001 * ((i * 37) % 7 - 3));
    CHECK_INT_EQ(tock_ab_settle(&plan, o, n, 20, 0, 200, 1, &c), 0);
    CHECK_INT_EQ(c.stop, TOCK_AB_SETTLED);
    CHECK(c.verdict != TOCK_VERDICT_REGRESSED && c.median.lower >= -0.01 && c.median.upper <= 0.01,
          "inside the band: [%.4f, %.4f]", c.median.lower, c.median.upper);
    /* +1.5% +- 3%: straddles +1% at 20 rounds -> continue; at the last look
     * the nominal verdict, whatever it is */
    for (int i = 0; i < 200; i++) n[i] = o[i] * (1.015 + 0.01 * ((i * 37) % 7 - 3));
    CHECK_INT_EQ(tock_ab_settle(&plan, o, n, 20, 0, 200, 1, &c), 0);
    CHECK_INT_EQ(c.stop, TOCK_AB_CONTINUE);
    CHECK_INT_EQ(tock_ab_settle(&plan, o, n, 200, 0, 200, 1, &c), 0);
    CHECK_INT_EQ(c.stop, TOCK_AB_MAX_ROUNDS);
    CHECK_NEAR(c.confidence, 0.95, 0.0);
    /* max == min: one look, the nominal one */
    CHECK_INT_EQ(tock_ab_settle(&one, o, n, 20, 0, 200, 1, &c), 0);
    CHECK_INT_EQ(c.stop, TOCK_AB_MAX_ROUNDS);
    /* the two-run comparison leaves the paired fields at 0 */
    double x[20], y[20];
    for (int i = 0; i < 20; i++) {
        x[i] = i + 1;
        y[i] = x[i] * 10.0;
    }
    CHECK_INT_EQ(tock_compare_samples(x, y, 20, x, y, 20, 1000, 0.95, 1, &c), 0);
    CHECK_INT_EQ(c.rounds, 0);
    CHECK_INT_EQ(c.stop, TOCK_AB_CONTINUE);
}

static void test_sequential(void) {
    seq_rates aa, p5, p2, naa, np2;
    int rc = rate_sequential(0.0, TRIALS, 0x81u, 0, &aa);
    rc |= rate_sequential(0.05, TRIALS, 0x82u, 0, &p5);
    rc |= rate_sequential(0.02, TRIALS, 0x83u, 0, &p2);
    rc |= rate_sequential(0.0, TRIALS, 0x81u, 1, &naa);
    rc |= rate_sequential(0.02, TRIALS, 0x83u, 1, &np2);
    CHECK_INT_EQ(rc, 0);
    printf("sequential A/B (looks at %d..%d every %d, %d comparisons each):\n", SEQ_MIN, SEQ_MAX,
           TOCK_AB_LOOK_EVERY, TRIALS);
    printf("  no change: false regressions %.1f%%, false improvements %.1f%%, significant "
           "%.1f%%, settled early %.1f%%, mean rounds %.1f\n",
           100 * aa.regressed, 100 * aa.improved, 100 * aa.significant, 100 * aa.settled,
           aa.mean_rounds);
    printf("  +5%%: detected %.1f%%, settled early %.1f%%, mean rounds %.1f\n", 100 * p5.regressed,
           100 * p5.settled, p5.mean_rounds);
    printf("  +2%%: detected %.1f%%, settled early %.1f%%, mean rounds %.1f\n", 100 * p2.regressed,
           100 * p2.settled, p2.mean_rounds);
    printf("  every look at the nominal level instead: no change significant %.1f%% (false "
           "regressions %.1f%%), +2%% detected %.1f%%, mean rounds %.1f / %.1f\n",
           100 * naa.significant, 100 * naa.regressed, 100 * np2.regressed, naa.mean_rounds,
           np2.mean_rounds);
    CHECK(aa.regressed <= 0.01, "sequential: false-regression rate %.4f <= 0.01", aa.regressed);
    CHECK(aa.improved <= 0.01, "sequential: false-improvement rate %.4f <= 0.01", aa.improved);
    CHECK(p5.regressed >= 0.95, "sequential: power at +5%% %.4f >= 0.95", p5.regressed);
    CHECK(p2.regressed >= 0.80, "sequential: power at +2%% %.4f >= 0.80", p2.regressed);
    /* the rule must earn its keep: a clear change settles long before the
     * cap, and some no-change comparisons settle inside the band early */
    CHECK(p5.mean_rounds <= 50.0, "sequential: +5%% settles in %.1f <= 50 rounds on average",
          p5.mean_rounds);
    CHECK(aa.settled >= 0.10, "sequential: %.1f%% >= 10%% of no-change comparisons settle early",
          100 * aa.settled);
}

int main(void) {
    test_units();
    test_settle_units();
    test_sequential();
    double imp0 = 0.0;
    double fpr = rate_independent(0.0, TRIALS, 0x51u, &imp0);
    double pow5 = rate_independent(0.05, TRIALS, 0x52u, NULL);
    double pow2 = rate_independent(0.02, 200, 0x53u, NULL);
    printf("independent runs: false regressions %.1f%% (false improvements %.1f%%), "
           "5%% shift detected %.1f%% (%d trials each), 2%% shift detected %.1f%% (200)\n",
           100 * fpr, 100 * imp0, 100 * pow5, TRIALS, 100 * pow2);
    CHECK(fpr >= 0.0 && fpr <= 0.01, "independent: false-regression rate %.4f <= 0.01", fpr);
    CHECK(imp0 <= 0.01, "independent: false-improvement rate %.4f <= 0.01", imp0);
    CHECK(pow5 >= 0.95, "independent: power at +5%% %.4f >= 0.95", pow5);
    double pfpr = rate_paired(0.0, 20, 0x61u);
    double ppow5 = rate_paired(0.05, 20, 0x62u);
    double ppow2 = rate_paired(0.02, 20, 0x63u);
    printf("paired A/B, 20 rounds: false regressions %.1f%%, 5%% detected %.1f%%, "
           "2%% detected %.1f%%\n",
           100 * pfpr, 100 * ppow5, 100 * ppow2);
    CHECK(pfpr >= 0.0 && pfpr <= 0.01, "paired: false-regression rate %.4f <= 0.01", pfpr);
    CHECK(ppow5 >= 0.95, "paired: power at +5%% %.4f >= 0.95", ppow5);
    /* a 25-benchmark suite under no change, with Benjamini-Hochberg: how
     * often does any benchmark come out regressed? (reported, bounded) */
    tock_rng r;
    tock_rng_seed(&r, 0x71u);
    int suites = 40, bad = 0;
    for (int s = 0; s < suites; s++) {
        tock_change ch[25];
        double p[25], q[25];
        for (int k = 0; k < 25; k++) {
            double ox[N_SAMPLES], oy[N_SAMPLES], nx[N_SAMPLES], ny[N_SAMPLES];
            sim_run(&r, 100.0, ox, oy);
            sim_run(&r, 100.0, nx, ny);
            tock_compare_samples(ox, oy, N_SAMPLES, nx, ny, N_SAMPLES, 300, 0.95,
                                 (uint64_t)(s * 25 + k), &ch[k]);
            p[k] = ch[k].p_value;
        }
        tock_stats_bh(p, 25, q);
        int any = 0;
        for (int k = 0; k < 25; k++) {
            ch[k].p_adjusted = q[k];
            any |= tock_change_decide(&ch[k], 0.05, 0.01) == TOCK_VERDICT_REGRESSED;
        }
        bad += any;
    }
    printf("25-benchmark suites under no change (BH): %d of %d suites had a false regression\n",
           bad, suites);
    CHECK(bad <= 2, "suite-level false alarms %d <= 2 of %d", bad, suites);
    return check_summary();
}
