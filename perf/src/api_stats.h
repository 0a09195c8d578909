/* api_stats.h - the pure functions tock.h exposes for tests and tools:
 * random numbers, descriptive statistics, bootstrap intervals, the stop
 * rule, change analysis and verdicts, scaling fits, and the baseline file
 * reader. Included by api.h inside its extern "C" block; never on its own.
 */
#ifndef TOCK_API_STATS_H
#define TOCK_API_STATS_H

/* ---- random numbers: xoshiro256** seeded through splitmix64 ---- */
typedef struct tock_rng {
    uint64_t s[4];
} tock_rng;
void tock_rng_seed(tock_rng *r, uint64_t seed);
uint64_t tock_rng_next(tock_rng *r);
uint32_t tock_rng_below(tock_rng *r, uint32_t n); /* uniform in [0, n), unbiased */
double tock_rng_uniform(tock_rng *r);             /* [0, 1), 53 bits */
double tock_rng_normal(tock_rng *r);              /* standard normal (polar method) */

/* ---- statistics (pure functions, exposed for tests) ---- */
typedef struct tock_estimate {
    double point, lower, upper;
} tock_estimate;

typedef struct tock_estimates {
    tock_estimate slope; /* OLS through the origin of (iters, ns): ns/iter */
    tock_estimate mean;  /* of per-iteration times ns_i / iters_i */
    tock_estimate median;
    tock_estimate std_dev; /* sample standard deviation (n - 1) */
    tock_estimate mad;     /* median absolute deviation x 1.4826 (~sigma if normal) */
} tock_estimates;

typedef struct tock_outliers {
    size_t low_severe, low_mild, high_mild, high_severe;
    /* fences: q1 - 3 IQR, q1 - 1.5 IQR, q3 + 1.5 IQR, q3 + 3 IQR */
    double fence_low_severe, fence_low_mild, fence_high_mild, fence_high_severe;
} tock_outliers;

/* sum(x*y) / sum(x*x): slope of the least-squares line through the origin. */
double tock_stats_ols_slope(const double *x, const double *y, size_t n);
double tock_stats_mean(const double *x, size_t n);
double tock_stats_std_dev(const double *x, size_t n); /* sample, n - 1; NaN if n < 2 */
/* k-th smallest (0-based) by quickselect; reorders a. */
double tock_stats_select(double *a, size_t n, size_t k);
/* Median (mean of the two middle values when n is even). scratch: n doubles. */
double tock_stats_median(const double *x, size_t n, double *scratch);
/* 1.4826 * median(|x_i - median(x)|). scratch: n doubles. */
double tock_stats_mad(const double *x, size_t n, double *scratch);
/* Percentile, Hyndman-Fan type 7 (R's default, NumPy's "linear"):
 * h = (n - 1) p, result = s[floor h] + (h - floor h)(s[floor h + 1] - s[floor h]),
 * p in [0, 1] clamped. On sorted data: */
double tock_stats_percentile_sorted(const double *sorted, size_t n, double p);
/* The same definition by selection; reorders a; O(n). */
double tock_stats_quantile(double *a, size_t n, double p);
/* Tukey classification with type-7 quartiles. Needs n >= 4. */
int tock_stats_tukey(const double *x, size_t n, tock_outliers *out);
/* Percentile bootstrap of the slope only (resampling (x, y) pairs). */
int tock_stats_bootstrap_slope(const double *iters, const double *ns, size_t n, size_t resamples,
                               double confidence, uint64_t seed, tock_estimate *out);
/* Percentile bootstrap of all five estimates from one set of resampled
 * indices. Points are the statistics of the original data. Needs n >= 2. */
int tock_stats_bootstrap(const double *iters, const double *ns, size_t n, size_t resamples,
                         double confidence, uint64_t seed, tock_estimates *out);

typedef struct tock_analysis {
    tock_estimates est;
    double min;             /* smallest per-iteration time */
    tock_outliers outliers; /* of the per-iteration times */
    double precision;       /* (slope.upper - slope.lower) / 2 / slope.point */
} tock_analysis;
int tock_stats_analyze(const double *iters, const double *ns, size_t n, size_t resamples,
                       double confidence, uint64_t seed, tock_analysis *out);

/* Epochs: a benchmark measured in E separate epochs (fresh set-up and
 * warm-up each, spread over the run in passes), so its interval also holds
 * what changes between set-ups and over time -- allocation placement,
 * frequency and neighbours -- which samples taken back to back never see.
 * epoch_end[e] is the index one past the last sample of epoch e (so
 * epoch_end[E - 1] == n). Two-level percentile bootstrap: each resample
 * draws E epochs with replacement and then, inside each drawn epoch, its
 * samples with replacement.
 *   slope: the mean of the drawn epochs' OLS slopes; because a bootstrap
 *          over E clusters understates their spread by (E - 1) / E, each
 *          drawn epoch slope is pushed away from the grand mean by
 *          sqrt(E / (E - 1)) (the usual small-sample inflation);
 *   mean, median, std_dev, mad: of the pooled per-iteration times drawn.
 * Points: the mean of the epoch slopes, and the pooled statistics. E == 1
 * is exactly tock_stats_bootstrap. Every epoch needs >= 2 samples. */
int tock_stats_bootstrap_epochs(const double *iters, const double *ns, const size_t *epoch_end,
                                size_t epochs, size_t resamples, double confidence, uint64_t seed,
                                tock_estimates *out);
/* tock_stats_analyze with the epoch bootstrap above. */
int tock_stats_analyze_epochs(const double *iters, const double *ns, const size_t *epoch_end,
                              size_t epochs, size_t resamples, double confidence, uint64_t seed,
                              tock_analysis *out);

/* ---- adaptive stop ---- */
typedef enum tock_stop_reason {
    TOCK_STOP_CONTINUE = 0,
    TOCK_STOP_TARGET_PRECISION,
    TOCK_STOP_TIME_BUDGET,
    TOCK_STOP_SAMPLE_LIMIT,
    TOCK_STOP_INTERRUPTED,
    TOCK_STOP_EPOCH_SPREAD /* benchmark level: the epochs disagree (see --epochs) */
} tock_stop_reason;
const char *tock_stop_reason_name(tock_stop_reason r); /* "target_precision", ... */

#define TOCK_MIN_SAMPLES 10          /* never stop (except on SIGINT) with fewer */
#define TOCK_MIN_BUDGET_FRACTION 0.1 /* no precision stop before 10% of the budget */
#define TOCK_CHECK_EVERY 5           /* precision check cadence, in samples */
#define TOCK_CHECK_RESAMPLES 2000    /* slope-only check: ~0.3 ms at 100 samples */

typedef struct tock_stop_input {
    const double *iters, *ns; /* the samples so far */
    size_t n;
    size_t max_samples;
    double elapsed_ns;       /* wall time spent sampling so far */
    double budget_ns;        /* the measurement budget */
    double target_precision; /* fraction; 0 = never stop early */
    double confidence;
    size_t resamples; /* for the check; 0 = TOCK_CHECK_RESAMPLES */
    uint64_t seed;
    int interrupted;
} tock_stop_input;

typedef struct tock_stop_decision {
    tock_stop_reason reason;
    double precision; /* last checked precision, or -1 when not checked */
} tock_stop_decision;

/* Decides after each sample. Natural reasons win over an interrupt that
 * arrives with the sample that completed the benchmark:
 *   1. n >= 10, elapsed >= 10% of the budget, and (n - 10) % 5 == 0 or the
 *      sample limit or budget is hit: check precision; <= target ->
 *      TARGET_PRECISION
 *   2. n >= max_samples -> SAMPLE_LIMIT
 *   3. n >= 10 and elapsed >= budget -> TIME_BUDGET
 *   4. interrupted -> INTERRUPTED, else CONTINUE. */
int tock_stop_decide(const tock_stop_input *in, tock_stop_decision *out);

/* ---- change analysis: a run against a baseline (pure, exposed for tests) ----
 * Relative changes are new/old - 1 (+0.05 = 5% slower). */
typedef enum tock_verdict {
    TOCK_VERDICT_NO_CHANGE = 0, /* the test found nothing: p_adjusted >= alpha */
    TOCK_VERDICT_NOISE,         /* significant, but the interval reaches into +-noise */
    TOCK_VERDICT_IMPROVED,      /* significant and the whole interval below -noise */
    TOCK_VERDICT_REGRESSED,     /* significant and the whole interval above +noise */
    TOCK_VERDICT_INCONCLUSIVE,  /* undecided: the interval reaches across the margin
                                 * (--max-regression) when the rounds or the budget
                                 * ran out, or too few rounds to judge at all */
    TOCK_VERDICT_WITHIN_MARGIN  /* significant and the interval above +noise, but its
                                 * upper bound below the margin: slower, by less
                                 * than --max-regression */
} tock_verdict;
#define TOCK_VERDICT_COUNT 6
const char *tock_verdict_name(tock_verdict v);     /* "no_change", "within_noise", ... */
const char *tock_verdict_sentence(tock_verdict v); /* Criterion-style console text */

/* Why a paired (A/B) comparison stopped adding rounds: tock_ab_settle. */
typedef enum tock_ab_stop {
    TOCK_AB_CONTINUE = 0, /* not a paired comparison, or undecided at an interim look */
    TOCK_AB_SETTLED,      /* an interim look decided: outside or inside the noise band */
    TOCK_AB_MAX_ROUNDS,   /* the last look (--ab-max-rounds), judged at the nominal levels */
    TOCK_AB_INTERRUPTED,  /* SIGINT: the completed rounds at the nominal levels */
    TOCK_AB_BUDGET        /* --ab-budget spent before it settled: inconclusive */
} tock_ab_stop;
const char *tock_ab_stop_name(tock_ab_stop s); /* "continue", "settled", "max_rounds", ... */

typedef struct tock_change {
    tock_estimate typical; /* relative change of the typical time (slope); paired:
                              exp(mean log ratio) - 1 */
    tock_estimate median;  /* relative change of the median per-iteration time;
                              paired: exp(Hodges-Lehmann of the log ratios) - 1.
                              The verdict is decided on this interval. */
    double p_value;        /* two-sided, of the test named by the caller's mode */
    double p_adjusted;     /* after Benjamini-Hochberg (== p_value without FDR) */
    tock_verdict verdict;
    /* paired only (0 otherwise): the rounds judged, the confidence level of
     * the intervals above (stricter than nominal at an interim look) and why
     * the rounds stopped */
    size_t rounds;
    double confidence;
    tock_ab_stop stop;
} tock_change;

/* Two independent runs (--baseline, --load-baseline).
 * Intervals: percentile bootstrap, each run resampled with replacement on its
 * own (pairs (iters, ns)), `resamples` times, of slope_new/slope_old - 1 and
 * of median_new/median_old - 1 (medians of ns/iters).
 * p-value: a permutation test of |log(median_new / median_old)|: `resamples`
 * random splits of the pooled per-iteration times into groups of the two
 * sizes, p = (1 + #{|stat*| >= |stat|}) / (1 + resamples).
 * Why medians and not Criterion's slope and Welch t on means: one scheduler
 * hit of +60% on a late linear sample moves the OLS slope by ~2% at N = 100,
 * and the mean likewise; on tests/perf/test_gate_sim.c's model of this
 * machine (3-5% lognormal noise, 3% outliers, +-1% drift) a slope/Welch gate
 * caught a 5% slowdown in 52% of trials, the median gate in >= 95%, at the
 * same <= 1% false-regression rate.
 * Sets p_adjusted = p_value and verdict = NO_CHANGE; call tock_change_decide
 * afterwards. Needs >= 2 samples per run. */
/* Two independent runs with their epochs (epoch_end as in
 * tock_stats_bootstrap_epochs, 1..64 epochs of >= 2 samples each): what
 * --baseline and --load-baseline use. A run's epochs differ by more than
 * its samples do (set-up, heap layout, the machine's load then), so a
 * one-level bootstrap treats one run's epoch offsets as the truth and
 * calls them a change. Each resample draws, per run, E epochs with
 * replacement and the samples within each drawn epoch, the epoch medians'
 * spread widened by sqrt(E / (E - 1)) as in tock_stats_bootstrap_epochs;
 * median = pooled median per-iteration time, new/old - 1 (the verdict's
 * interval), typical = mean of the epoch OLS slopes, new/old - 1. p =
 * min(1, 2 (1 + #{resampled median change on the smaller side of 0}) /
 * (1 + resamples)): p < alpha when 0 lies outside the 1 - alpha interval.
 * With one epoch per run this is the one-level bootstrap. */
int tock_compare_epochs(const double *old_iters, const double *old_ns, const size_t *old_end,
                        size_t old_epochs, const double *new_iters, const double *new_ns,
                        const size_t *new_end, size_t new_epochs, size_t resamples,
                        double confidence, uint64_t seed, tock_change *out);
/* A saved run's epoch boundaries from its linear sampling (sample i of an
 * epoch runs i * d iterations): a new epoch starts where the count stops
 * rising. An epoch of one sample joins the previous one; beyond cap epochs
 * the rest join the last. Returns the number of epochs written to end
 * (0 for n < 2 or a NULL argument). */
size_t tock_epochs_infer(const double *iters, size_t n, size_t *epoch_end, size_t cap);
int tock_compare_samples(const double *old_iters, const double *old_ns, size_t n_old,
                         const double *new_iters, const double *new_ns, size_t n_new,
                         size_t resamples, double confidence, uint64_t seed, tock_change *out);
/* Paired rounds (A/B mode): old_t[r], new_t[r] are one statistic of the two
 * builds in round r (tock_main uses the lower quartile of the per-iteration
 * times). d_r = log(new_t[r] / old_t[r]). typical =
 * exp(mean d) - 1 with a percentile bootstrap over rounds; median =
 * exp(HL(d)) - 1 where HL is the Hodges-Lehmann estimator (median of the
 * Walsh averages (d_i + d_j)/2, i <= j) with its distribution-free interval
 * (order statistics of the Walsh averages at the signed-rank critical value:
 * exact for <= 60 rounds, normal beyond); p = the two-sided Wilcoxon
 * signed-rank test of d (tock_stats_wilcoxon). One bad round moves neither
 * much, where it drags the mean. Needs 2..4096 rounds. */
int tock_compare_paired(const double *old_t, const double *new_t, size_t rounds, size_t resamples,
                        double confidence, uint64_t seed, tock_change *out);
/* Sequential paired rounds (--ab): when a benchmark has had enough rounds.
 * Looks are at min_rounds, then every `every` rounds, and at max_rounds: L =
 * 1 + ceil((max - min) / every) looks (1 when max == min). Each look judges
 * all completed rounds with tock_compare_paired. Every extra look at the
 * nominal level is one more chance for noise to cross a boundary, so an
 * interim look judges at a fifth of the nominal error rates
 * (TOCK_AB_INTERIM_SHARE) -- significance alpha / 5, interval confidence
 * 1 - (1 - confidence) / 5: 0.01 and 99% at the defaults -- and the last
 * look at the nominal ones (Haybittle-Peto style: a fixed stricter interim
 * threshold, the final look keeps the fixed-size test's power). A full
 * Bonferroni share (alpha / L with L = 29 looks at the defaults) was tried
 * and rejected: on the simulated machine of tests/perf/test_gate_sim.c it
 * settled 11% of A/A comparisons early against 27% with a fifth, caught a
 * 2% slowdown in 77% against 81% at 200 rounds, and saved no false
 * regression (0.0% vs 0.2%, both far below the 1% goal): the noise band,
 * not the level, is what keeps a no-change comparison from failing. An
 * interim look SETTLEs when
 *   - its verdict is REGRESSED or IMPROVED (p < alpha / 5 and the whole
 *     stricter interval beyond +-noise), or
 *   - the whole stricter interval lies inside [-noise, +noise]: any change
 *     is smaller than the noise band (an equivalence decision);
 * else CONTINUE. At max_rounds: MAX_ROUNDS with the nominal verdict. With
 * `interrupted`, any round count >= 2: INTERRUPTED, nominal verdict.
 * Error rates: with no true change, a REGRESSED verdict needs an interval
 * wholly above +noise at some look; each look misses on that side with
 * probability <= (1 - level) / 2 even with no noise band, so a union bound
 * gives (1 - confidence) / 2 x (1 + (L - 1) / 5); the band makes the real
 * rate far smaller (tests/perf/test_gate_sim.c measures it: <= 1%). The
 * looks' overlap (every look reuses the earlier rounds) makes the union
 *  * bounds loose. Sets out->verdict from the raw p (tock_main re-decides with
 * Benjamini-Hochberg; the nested intervals keep an interim decision), and
 * out->rounds, out->confidence (of the look) and out->stop. Returns 0,
 * TOCK_EINVAL for a bad plan or a round count that is not a look, or
 * tock_compare_paired's error. */
#define TOCK_AB_LOOK_EVERY 10     /* rounds between looks: ~3 s at the --ab defaults */
#define TOCK_AB_INTERIM_SHARE 5.0 /* interim looks: nominal error rates / this */
/* With margin > 0 (--max-regression) a look settles by the margin rule
 * instead (tock_margin_decide on the look's interval): "regressed" once the
 * lower bound is above the margin, "no regression" once the upper bound is
 * below it; the verdict is tock_change_decide_margin. margin 0 keeps the
 * noise-band rule above. */
typedef struct tock_ab_plan {
    size_t min_rounds, max_rounds, every; /* first look, last look, spacing */
    double alpha, noise, confidence;      /* the nominal levels */
    double margin;                        /* non-inferiority margin, 0: none */
} tock_ab_plan;
size_t tock_ab_looks(const tock_ab_plan *p); /* L, or 0 for an invalid plan */
int tock_ab_settle(const tock_ab_plan *p, const double *old_t, const double *new_t, size_t rounds,
                   int interrupted, size_t resamples, uint64_t seed, tock_change *out);
/* Exact two-sided sign-test p-value: min(1, 2 P(X <= min(pos, neg))), X ~ Bin(pos+neg, 1/2). */
double tock_stats_sign_test(size_t pos, size_t neg);
/* Two-sided Wilcoxon signed-rank p-value of d (zeros dropped): exact by
 * enumeration of W+ for <= 60 values without tied |d|, else the normal
 * approximation with continuity correction and average ranks. NaN on ENOMEM. */
double tock_stats_wilcoxon(const double *d, size_t n);
/* Benjamini-Hochberg adjusted p-values (step-up, monotone, capped at 1). */
int tock_stats_bh(const double *p, size_t m, double *adjusted);
/* Verdict from p_adjusted and the median-change interval: REGRESSED needs
 * p_adjusted < alpha and median.lower > noise, IMPROVED p_adjusted < alpha
 * and median.upper < -noise; significant otherwise is NOISE. */
tock_verdict tock_change_decide(const tock_change *c, double alpha, double noise);
/* The gate's margin rule (non-inferiority): given a change interval
 * [lower, upper] and a margin > 0, REGRESSED when lower > margin, NO_REGRESSION
 * when upper < margin, else UNDECIDED. The noise band plays no part in it. */
typedef enum tock_margin {
    TOCK_MARGIN_UNDECIDED = 0,
    TOCK_MARGIN_NO_REGRESSION,
    TOCK_MARGIN_REGRESSED
} tock_margin;
tock_margin tock_margin_decide(double lower, double upper, double margin);
/* The verdict under the margin rule, on the median-change interval:
 *   lower > margin: REGRESSED. The interval is the test: with the change at
 *     most the margin, its lower bound lies above it with probability
 *     <= (1 - level) / 2 per look. No p-value: a paired gate's Wilcoxon p
 *     cannot fall below 2 / 2^rounds (0.031 at 6 rounds), so after
 *     Benjamini-Hochberg a +400% change at an early look would not count;
 *   upper < margin: tock_change_decide's verdict (NO_CHANGE, NOISE,
 *     IMPROVED), with REGRESSED (a significant slowdown beyond the noise
 *     band but below the margin) reported as WITHIN_MARGIN;
 *   otherwise INCONCLUSIVE.
 * margin <= 0: exactly tock_change_decide. */
tock_verdict tock_change_decide_margin(const tock_change *c, double alpha, double noise,
                                       double margin);

/* ---- scaling fits: how does the cost grow with a parameter n? (pure) ----
 * Input: m points (n_i, y_i), n_i the parameter (a horizon, a size), y_i the
 * typical time there (ns). Timing noise is roughly proportional to y, so
 * every fit in y is relative (weighted) least squares with weights
 * w_i = 1/y_i^2 (fixed by the data, also inside the bootstrap): a 1% error
 * counts the same at n = 1 as at n = 1000.
 *
 * Linear model y = a + b n: the weighted least-squares line; b is the cost
 * per unit of n. r2 = 1 - RSS_w / TSS_w with the weighted residual and
 * total sums of squares (1 when the data are flat to a relative RMS of
 * 1e-9, where TSS_w is only rounding).
 * Exponent: the ordinary least-squares slope k of log y on log n (y = c n^k;
 * log makes proportional noise homoscedastic, so no weights there). For a
 * line with an intercept k is the average local exponent over the grid and
 * stays below 1.
 *
 * Intervals: wild bootstrap over the points, `resamples` times. Resample r
 * draws Rademacher signs e_i = +-1 and sets y*_i = yhat_i + e_i u_i, where
 * u_i = r_i / sqrt(1 - h_ii) is the residual of the fit inflated by its
 * leverage h_ii (the HC2 correction: a point that pulls the line towards
 * itself has a residual that understates its noise), and refits. Each point
 * keeps its own residual size, so noise that grows with n is reproduced;
 * resampling (n, y) pairs would not work with 5-12 points (a resample often
 * lacks the large n that fix the slope). The exponent uses the same signs on
 * the log-scale residuals. Reported: the percentile interval of the
 * resampled estimates [(1-cl)/2, (1+cl)/2] (type-7 quantiles) around the
 * point estimate of the original data, with one small-sample correction:
 * the bootstrap variance of each estimate is the HC2 variance, which with
 * 7 points rests on very few effective residuals, so the plain percentile
 * interval is too narrow (measured at 7 points, 95% nominal: slope 88%,
 * exponent 81%, intercept 72%). Each estimate's bootstrap deviations
 * theta* - theta are therefore multiplied by kappa = t_df(q) / z(q),
 * q = (1 + cl) / 2, df = the Bell-McCaffrey (Satterthwaite) degrees of
 * freedom of its HC2 variance (a function of the n grid and the weights
 * only; e.g. on n = 1,5,10,15,25,50,75: slope 4.8 (kappa 1.33), exponent
 * 2.2 (2.02), intercept 1.3 (3.85)). This is the percentile interval's
 * shape at the width of the Bell-McCaffrey t interval. Measured coverage
 * (tests/perf/test_fit.c): slope ~94%, exponent ~96%, intercept ~99%
 * (the Satterthwaite df is conservative when it is near 1).
 *
 * Complexity class: for each growth class f in {log n, n, n log n, n^2, n^3}
 * the weighted fit y = a + c f(n) (intercept = fixed overheads, unlike
 * Google Benchmark's y = c f(n)) with c >= 0 (a fit with c < 0 is not growth
 * and is replaced by c = 0, the O(1) fit); for O(1), y = a. bigo_rms[k] =
 * sqrt(RSS_w,k / m), the root mean square relative error of class k.
 * Rule: the growth class with the least RSS (all have two parameters) wins
 * if it beats O(1) by an F test, F = (RSS_1 - RSS_best)(m - 2) / RSS_best
 * above the F(1, m - 2) quantile at 1 - 0.01/5 (level 1%, Bonferroni over the
 * five candidates, so flat data is called growth in <= 1% of cases);
 * otherwise O(1). (BIC, ln m per parameter, is too weak here: with 1% noise
 * flat data is called growth 22% of the time at m = 7 and 16% at m = 11,
 * the best of five chance improvements; the F rule: 0.35%.)
 * bigo_share: the same wild bootstrap (same signs, not widened) generated
 * from the chosen class's fit, every class refit and the rule reapplied;
 * the fraction of resamples choosing the same class (~1: stable; lower: the
 * data cannot separate neighbouring classes; in the tests it tracks the
 * real rate of correct choices within a few percent).
 *
 * Reproducible: the same inputs and seed give identical bits. */
typedef enum tock_bigo {
    TOCK_BIGO_1,
    TOCK_BIGO_LOGN,
    TOCK_BIGO_N,
    TOCK_BIGO_NLOGN,
    TOCK_BIGO_N2,
    TOCK_BIGO_N3,
    TOCK_BIGO_COUNT
} tock_bigo;
/* "O(1)", "O(log n)", "O(n)", "O(n log n)", "O(n^2)", "O(n^3)"; "O(?)" otherwise */
const char *tock_bigo_name(tock_bigo c);

typedef struct tock_fit {
    size_t points;
    tock_estimate intercept;          /* a of y = a + b n (weighted least squares), ns */
    tock_estimate slope;              /* b: cost per unit of n (e.g. ns per horizon step) */
    double r2;                        /* weighted R^2 of the linear model */
    tock_estimate exponent;           /* k of y = c n^k from the log-log least-squares fit */
    tock_bigo bigo;                   /* best complexity class */
    double bigo_share;                /* fraction of bootstrap resamples choosing that class */
    double bigo_rms[TOCK_BIGO_COUNT]; /* RMS relative error of each class fit */
} tock_fit;

/* n: parameter values (finite, > 0, at least 3 distinct), y: typical times
 * (finite, > 0), 3 <= m <= 2^24 points; resamples >= 1000 (10,000 is the
 * framework's default); confidence in (0, 1). Time O(m resamples): ~1.3 ms
 * at m = 7 and 10,000 resamples, ~7 ms at m = 50 (x86-64, -O2).
 * Returns 0, TOCK_EINVAL (any of those violated, or a NULL pointer) or
 * TOCK_ENOMEM; *out is written only on success. */
int tock_fit_scaling(const double *n, const double *y, size_t m, size_t resamples,
                     double confidence, uint64_t seed, tock_fit *out);

/* ---- crossover of two linear costs (e.g. 1 thread vs 2 threads) ----
 * Each group gets the weighted linear fit above; resample r refits both
 * groups on independent wild-bootstrap draws (deviations widened by kappa
 * as above, per group and parameter) and looks at the difference
 * d(n) = cost_A(n) - cost_B(n) on [lo, hi]:
 *   A below: d(lo) < 0 and d(hi) < 0; B below: both > 0; otherwise the
 *   lines cross inside, at n* = (a_B - a_A) / (b_A - b_B).
 * kind:
 *   A_BELOW / B_BELOW  A (B) is below over the whole range in >= confidence
 *                      of the resamples;
 *   AT                 the crossing of the point fits lies in [lo, hi] and
 *                      so does its percentile interval, taken over all
 *                      resamples (a resample whose lines do not cross in
 *                      the point's direction counts as a crossing at -inf
 *                      or +inf, on the side where it leaves A cheaper);
 *   UNCLEAR            otherwise (too noisy, or lines too close).
 * at: {point, lower, upper} for AT, NaN otherwise. share_*: fraction of the
 * resamples where A is below, B is below, the lines cross inside.
 * Inputs as for tock_fit_scaling, per group; lo < hi, both finite.
 * Returns 0, TOCK_EINVAL or TOCK_ENOMEM; *out is written only on success. */
typedef enum tock_cross_kind {
    TOCK_CROSS_AT,
    TOCK_CROSS_A_BELOW,
    TOCK_CROSS_B_BELOW,
    TOCK_CROSS_UNCLEAR
} tock_cross_kind;
typedef struct tock_crossover {
    tock_cross_kind kind;
    tock_estimate at; /* n where the fitted lines cross, when kind == AT */
    double lo, hi;    /* the n range searched */
    double share_a_below, share_b_below, share_cross;
} tock_crossover;
int tock_fit_crossover(const double *na, const double *ya, size_t ma, const double *nb,
                       const double *yb, size_t mb, double lo, double hi, size_t resamples,
                       double confidence, uint64_t seed, tock_crossover *out);
const char *tock_cross_kind_name(tock_cross_kind k); /* "at", "a_below", "b_below", "unclear" */

/* One line for REPORT.md:
 *   "<group>: <slope> <unit>/<unit_name> [<lower>, <upper>], exponent K [L, U], <class>"
 * e.g. "rssm_prediction: 27.9 us/step [27.6, 28.3], exponent 1.00 [0.99, 1.01], O(n)".
 * The slope takes the unit (ns, us, ms, s) that puts |point| in [1, 1000)
 * (ns below 1 ns) and 3 significant digits; the bounds use the same unit and
 * decimals. Exponents: 2 decimals. unit_name "" drops "/<unit_name>".
 * Returns, like snprintf, the length of the whole line without the NUL: the
 * line was truncated iff the result >= cap; out is always NUL-terminated when
 * cap > 0 (out may be NULL when cap == 0, to measure). TOCK_EINVAL for a NULL
 * f, group or unit_name, or a NULL out with cap > 0. */
int tock_fit_format(const tock_fit *f, const char *group, const char *unit_name, char *out,
                    size_t cap);

/* ---- baseline files ----
 * <baseline dir>/<NAME>/baseline.txt, written as baseline.txt.tmp.<pid>,
 * fsync'ed and renamed into place (one file: a reader sees the old baseline
 * or the whole new one). Line-oriented text, '\n' after every line, fields
 * separated by one space, numbers as C locale decimal (%.17g):
 *     tock-baseline 1                 format and version (exactly)
 *     name NAME                       [A-Za-z0-9._-]+, no leading '.'
 *     created YYYY-mm-ddTHH:MM:SSZ
 *     run RUN_ID                      the run directory the samples came from
 *     mode instructions               optional, before any bench: a count baseline
 *     env KEY VALUE...                0+ lines; VALUE is the rest of the line
 *     bench ID N                      per benchmark: id (no spaces), samples
 *     typical POINT LOWER UPPER       slope estimate, ns
 *     median POINT LOWER UPPER        median per-iteration time, ns
 *     ITERATIONS NS                   N lines: integer 1..2^62, ns in [1e-3, 1e18]
 *     end NBENCH                      last line: the number of bench records
 * A count baseline (mode instructions) has, instead of bench records, one
 *     counts ID N Ir Dr Dw I1mr D1mr D1mw ILmr DLmr DLmw
 * line per benchmark: events per iteration (finite, |x| <= 1e18) measured
 * with N and 2N iterations (N >= 1); `bench` lines are rejected there and
 * `counts` lines in a time baseline.
 * env keys used for the fingerprint: arch cpu_model compiler flags threads
 * isa_dispatched (a tock_provenance_set key); commit and tock_version are
 * written for the record only; a value not known is "unknown". The reader
 * rejects anything else -- an unknown record, a missing or extra field, a
 * bad number, a duplicate id, a wrong count, a missing `end` (truncation),
 * CR or NUL bytes -- with "line N: problem". `bench N` needs N >= 2. */
/* The callgrind events of an instruction count, in file order. */
#define TOCK_COUNT_EVENTS(X)                                                                       \
    X(IR, "Ir")                                                                                    \
    X(DR, "Dr") X(DW, "Dw") X(I1MR, "I1mr") X(D1MR, "D1mr") X(D1MW, "D1mw") X(ILMR, "ILmr")        \
        X(DLMR, "DLmr") X(DLMW, "DLmw")
enum {
#define TOCK__EV_ENUM(id, name) TOCK_EV_##id,
    TOCK_COUNT_EVENTS(TOCK__EV_ENUM)
#undef TOCK__EV_ENUM
        TOCK_COUNT_NEVENTS
};
extern const char *const tock_count_event_names[TOCK_COUNT_NEVENTS];
/* Ir + 10 (I1mr + D1mr + D1mw) + 100 (ILmr + DLmr + DLmw), the weights
 * iai-callgrind documents for its estimated cycles. */
double tock_count_est_cycles(const double ev[TOCK_COUNT_NEVENTS]);

typedef struct tock_baseline_bench {
    char *id;
    size_t n;
    double *iters, *ns;
    tock_estimate typical, median;
    /* mode TOCK_BASELINE_COUNTS: events per iteration, measured over
     * count_iters and 2 x count_iters iterations (n, iters, ns unused) */
    double counts[TOCK_COUNT_NEVENTS];
    uint64_t count_iters;
} tock_baseline_bench;

enum { TOCK_BASELINE_TIME = 0, TOCK_BASELINE_COUNTS = 1 };
typedef struct tock_baseline {
    int mode; /* TOCK_BASELINE_TIME, or TOCK_BASELINE_COUNTS ('mode instructions') */
    char *name, *created, *run_id;
    char **env; /* key, value, key, value ... */
    size_t nenv;
    tock_baseline_bench *benches;
    size_t nbench;
} tock_baseline;

#define TOCK_BASELINE_VERSION 1
#define TOCK_BASELINE_MAX_LINE 65536
/* Parses len bytes (need not be NUL-terminated). 0, or TOCK_EINVAL with
 * "line N: problem" in err (or TOCK_ENOMEM); *out is empty on error. */
int tock_baseline_parse(const char *text, size_t len, tock_baseline *out, char *err, size_t errcap);
void tock_baseline_free(tock_baseline *b);
const char *tock_baseline_env(const tock_baseline *b, const char *key); /* NULL if absent */

#endif /* TOCK_API_STATS_H */
