/* compare.c - change analysis between two sample sets (pure): the relative
 * change of slope and median with bootstrap intervals, the permutation
 * test, the paired A/B round statistics (Hodges-Lehmann, Wilcoxon), the
 * sequential settle rule, Benjamini-Hochberg and the verdict rule. The
 * run-level use (printing, COMPARE.md) is compare_run.c.
 */
#include "internal.h"

const char *tock_verdict_name(tock_verdict v) {
    switch (v) {
    case TOCK_VERDICT_NO_CHANGE: return "no_change";
    case TOCK_VERDICT_NOISE: return "within_noise";
    case TOCK_VERDICT_IMPROVED: return "improved";
    case TOCK_VERDICT_REGRESSED: return "regressed";
    case TOCK_VERDICT_INCONCLUSIVE: return "inconclusive";
    case TOCK_VERDICT_WITHIN_MARGIN: return "within_margin";
    }
    return "unknown";
}

const char *tock_verdict_sentence(tock_verdict v) {
    switch (v) {
    case TOCK_VERDICT_NO_CHANGE: return "No change in performance detected.";
    case TOCK_VERDICT_NOISE: return "Change within noise threshold.";
    case TOCK_VERDICT_IMPROVED: return "Performance has improved.";
    case TOCK_VERDICT_REGRESSED: return "Performance has regressed.";
    case TOCK_VERDICT_INCONCLUSIVE: return "Inconclusive: the interval reaches across the margin.";
    case TOCK_VERDICT_WITHIN_MARGIN: return "Slower, but by less than the regression margin.";
    }
    return "";
}

int tock_compare_samples(const double *ox, const double *oy, size_t no, const double *nx,
                         const double *ny, size_t nn, size_t b, double cl, uint64_t seed,
                         tock_change *out) {
    if (!ox || !oy || !nx || !ny || !out || b == 0 || !(cl > 0.0 && cl < 1.0)) return TOCK_EINVAL;
    if (no < 2 || nn < 2) return TOCK_ETOOFEW;
    if (no > UINT32_MAX || nn > UINT32_MAX || no + nn > UINT32_MAX) return TOCK_EINVAL;
    memset(out, 0, sizeof *out);
    size_t nt = no + nn;
    /* per-iteration times (old then new = the pool), a resample, 2 distributions */
    double *mem = (double *)TOCK_MALLOC((2 * nt + 2 * b) * sizeof *mem);
    if (!mem) return TOCK_ENOMEM;
    double *pool = mem, *rs = mem + nt, *d_typ = mem + 2 * nt, *d_med = d_typ + b;
    for (size_t i = 0; i < no; i++) pool[i] = oy[i] / ox[i];
    for (size_t i = 0; i < nn; i++) pool[no + i] = ny[i] / nx[i];
    tock_rng rng;
    tock_rng_seed(&rng, seed);
    for (size_t r = 0; r < b; r++) {
        double s[2];
        double med[2];
        for (int g = 0; g < 2; g++) {
            const double *x = g ? nx : ox, *y = g ? ny : oy;
            size_t n = g ? nn : no, off = g ? no : 0;
            double sxy = 0.0, sxx = 0.0;
            for (size_t j = 0; j < n; j++) {
                uint32_t k = tock_rng_below(&rng, (uint32_t)n);
                sxy += x[k] * y[k];
                sxx += x[k] * x[k];
                rs[j] = pool[off + k];
            }
            s[g] = sxy / sxx;
            med[g] = tock__median_inplace(rs, n);
        }
        d_typ[r] = s[1] / s[0] - 1.0;
        d_med[r] = med[1] / med[0] - 1.0;
    }
    double typ = tock_stats_ols_slope(nx, ny, nn) / tock_stats_ols_slope(ox, oy, no) - 1.0;
    double mo = tock_stats_median(pool, no, rs), mn = tock_stats_median(pool + no, nn, rs);
    tock__interval(d_typ, b, cl, typ, &out->typical);
    tock__interval(d_med, b, cl, mn / mo - 1.0, &out->median);
    /* p-value: permutation test of |log(median new / median old)|; a random
     * split of the pooled times, the first n_old positions drawn by a partial
     * Fisher-Yates shuffle (selection reorders each part, never mixes them) */
    const double stat = fabs(log(mn / mo));
    size_t hits = 0;
    memcpy(rs, pool, nt * sizeof *rs);
    for (size_t r = 0; r < b; r++) {
        for (size_t j = 0; j < no; j++) {
            size_t k = j + tock_rng_below(&rng, (uint32_t)(nt - j));
            double tmp = rs[j];
            rs[j] = rs[k];
            rs[k] = tmp;
        }
        double a0 = tock__median_inplace(rs, no), a1 = tock__median_inplace(rs + no, nn);
        /* relative tolerance: an exact tie (identical runs) counts as a hit */
        if (fabs(log(a1 / a0)) >= stat * (1.0 - 1e-12)) hits++;
    }
    out->p_value = (1.0 + (double)hits) / (1.0 + (double)b);
    out->p_adjusted = out->p_value;
    out->verdict = TOCK_VERDICT_NO_CHANGE;
    TOCK_FREE(mem);
    return 0;
}

double tock_stats_sign_test(size_t pos, size_t neg) {
    size_t n = pos + neg, k = pos < neg ? pos : neg;
    if (n == 0) return 1.0;
    /* sum_{i<=k} C(n,i) / 2^n in logs: exact enough for n up to millions */
    double acc = 0.0;
    for (size_t i = 0; i <= k; i++)
        acc += exp(lgamma((double)n + 1.0) - lgamma((double)i + 1.0) -
                   lgamma((double)(n - i) + 1.0) - (double)n * log(2.0));
    double p = 2.0 * acc;
    return p > 1.0 ? 1.0 : p;
}

/* Hodges-Lehmann: the median of the n(n+1)/2 Walsh averages (d_i + d_j)/2, i <= j */
static double tock__hodges_lehmann(const double *d, size_t n, double *walsh) {
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
        for (size_t j = i; j < n; j++) walsh[m++] = 0.5 * (d[i] + d[j]);
    return tock__median_inplace(walsh, m);
}

/* counts of the signed-rank statistic W+ over the 2^m sign patterns, ranks
 * 1..m: cnt[w], w = 0..m(m+1)/2 (subset sums); m <= 60 keeps them exact
 * enough in doubles (< 2^60, summed in order). */
static double *tock__signrank_counts(size_t m) {
    size_t smax = m * (m + 1) / 2;
    double *cnt = (double *)TOCK_MALLOC((smax + 1) * sizeof *cnt);
    if (!cnt) return NULL;
    for (size_t s = 0; s <= smax; s++) cnt[s] = 0.0;
    cnt[0] = 1.0;
    for (size_t r = 1; r <= m; r++)
        for (size_t s = smax; s >= r; s--) cnt[s] += cnt[s - r];
    return cnt;
}

double tock_stats_wilcoxon(const double *d, size_t n) {
    if (!d) return NAN;
    /* zeros dropped; ranks of |d| by sort order, ties by average rank */
    size_t m = 0;
    double *a = (double *)TOCK_MALLOC((n ? n : 1) * 2 * sizeof *a);
    if (!a) return NAN;
    double *rk = a + n;
    for (size_t i = 0; i < n; i++)
        if (d[i] != 0.0 && isfinite(d[i])) a[m++] = d[i];
    if (m == 0) {
        TOCK_FREE(a);
        return 1.0;
    }
    /* insertion sort by |a|: n is a round count */
    for (size_t i = 1; i < m; i++) {
        double v = a[i];
        size_t j = i;
        while (j > 0 && fabs(a[j - 1]) > fabs(v)) {
            a[j] = a[j - 1];
            j--;
        }
        a[j] = v;
    }
    int ties = 0;
    for (size_t i = 0; i < m;) {
        size_t j = i;
        while (j + 1 < m && fabs(a[j + 1]) == fabs(a[i])) j++;
        ties |= j > i;
        for (size_t k = i; k <= j; k++) rk[k] = 0.5 * (double)(i + j) + 1.0;
        i = j + 1;
    }
    double wplus = 0.0;
    for (size_t i = 0; i < m; i++)
        if (a[i] > 0.0) wplus += rk[i];
    double total = (double)m * (double)(m + 1) / 2.0,
           w = wplus < total - wplus ? wplus : total - wplus;
    double p;
    if (m <= 60 && !ties) {
        /* exact: count the sign patterns with W+ <= w by a subset-sum table */
        double *cnt = tock__signrank_counts(m);
        if (!cnt) {
            TOCK_FREE(a);
            return NAN;
        }
        double acc = 0.0;
        for (size_t s2 = 0; (double)s2 <= w + 1e-9; s2++) acc += cnt[s2];
        p = 2.0 * acc / ldexp(1.0, (int)m);
        TOCK_FREE(cnt);
    } else {
        /* normal approximation with continuity correction (and average ranks) */
        double mu = total / 2.0, sd = sqrt((double)m * (m + 1) * (2.0 * m + 1) / 24.0);
        double z = (w - mu + 0.5) / sd;
        p = erfc(-z / sqrt(2.0));
    }
    TOCK_FREE(a);
    return p > 1.0 ? 1.0 : p;
}

int tock_compare_paired(const double *a, const double *bt, size_t n, size_t b, double cl,
                        uint64_t seed, tock_change *out) {
    if (!a || !bt || !out || b == 0 || !(cl > 0.0 && cl < 1.0)) return TOCK_EINVAL;
    if (n < 2) return TOCK_ETOOFEW;
    if (n > 4096) return TOCK_EINVAL; /* n(n+1)/2 Walsh averages per resample */
    for (size_t i = 0; i < n; i++)
        if (!(a[i] > 0.0) || !(bt[i] > 0.0) || !isfinite(a[i]) || !isfinite(bt[i]))
            return TOCK_EINVAL;
    memset(out, 0, sizeof *out);
    size_t nw = n * (n + 1) / 2;
    double *mem = (double *)TOCK_MALLOC((n + nw + b) * sizeof *mem);
    if (!mem) return TOCK_ENOMEM;
    double *d = mem, *walsh = mem + n, *dm = walsh + nw;
    for (size_t i = 0; i < n; i++) d[i] = log(bt[i] / a[i]);
    tock_rng rng;
    tock_rng_seed(&rng, seed);
    for (size_t r = 0; r < b; r++) {
        double sum = 0.0;
        for (size_t j = 0; j < n; j++) sum += d[tock_rng_below(&rng, (uint32_t)n)];
        dm[r] = expm1(sum / (double)n);
    }
    tock__interval(dm, b, cl, expm1(tock_stats_mean(d, n)), &out->typical);
    /* HL with its distribution-free interval: sorted Walsh averages
     * [W_(c), W_(M-1-c)] (0-based), c the largest w with P(W+ <= w) <=
     * (1 - cl)/2 under the null -- exact for n <= 60, else normal */
    out->median.point = expm1(tock__hodges_lehmann(d, n, walsh));
    long c = -1;
    const double tail = 0.5 * (1.0 - cl);
    if (n <= 60) {
        double *cnt = tock__signrank_counts(n);
        if (!cnt) {
            TOCK_FREE(mem);
            return TOCK_ENOMEM;
        }
        double acc = 0.0, all = ldexp(1.0, (int)n);
        for (size_t w = 0; w < nw; w++) {
            acc += cnt[w];
            if (acc / all > tail) break;
            c = (long)w;
        }
        TOCK_FREE(cnt);
    } else {
        double dn = (double)n, z = -tock__norm_quantile(tail);
        c = (long)floor(dn * (dn + 1) / 4.0 - z * sqrt(dn * (dn + 1) * (2 * dn + 1) / 24.0)) - 1;
    }
    if (c < 0) c = 0;
    if ((size_t)c > (nw - 1) / 2) c = (long)((nw - 1) / 2);
    /* two selections instead of a sort: the sequential rule (tock_ab_settle)
     * looks up to 29 times at up to 45,150 Walsh averages */
    out->median.lower = expm1(tock_stats_select(walsh, nw, (size_t)c));
    out->median.upper = expm1(tock_stats_select(walsh, nw, nw - 1 - (size_t)c));
    out->p_value = tock_stats_wilcoxon(d, n);
    out->p_adjusted = out->p_value;
    out->verdict = TOCK_VERDICT_NO_CHANGE;
    out->rounds = n;
    out->confidence = cl;
    TOCK_FREE(mem);
    return isnan(out->p_value) ? TOCK_ENOMEM : 0;
}

const char *tock_ab_stop_name(tock_ab_stop s) {
    switch (s) {
    case TOCK_AB_CONTINUE: return "continue";
    case TOCK_AB_SETTLED: return "settled";
    case TOCK_AB_MAX_ROUNDS: return "max_rounds";
    case TOCK_AB_INTERRUPTED: return "interrupted";
    case TOCK_AB_BUDGET: return "budget";
    }
    return "unknown";
}

size_t tock_ab_looks(const tock_ab_plan *p) {
    if (!p || p->min_rounds < 2 || p->max_rounds < p->min_rounds || p->max_rounds > 4096 ||
        p->every == 0 || !(p->alpha > 0.0 && p->alpha < 1.0) ||
        !(p->confidence > 0.0 && p->confidence < 1.0) || !(p->noise >= 0.0) ||
        !(p->margin >= 0.0 && p->margin < 1.0))
        return 0;
    return 1 + (p->max_rounds - p->min_rounds + p->every - 1) / p->every;
}

int tock_ab_settle(const tock_ab_plan *p, const double *old_t, const double *new_t, size_t rounds,
                   int interrupted, size_t resamples, uint64_t seed, tock_change *out) {
    const size_t looks = tock_ab_looks(p);
    if (looks == 0 || !out || rounds < 2 || rounds > p->max_rounds) return TOCK_EINVAL;
    const int last = rounds == p->max_rounds;
    if (!interrupted && !last &&
        (rounds < p->min_rounds || (rounds - p->min_rounds) % p->every != 0))
        return TOCK_EINVAL;
    const int nominal = last || interrupted;
    const double alpha = nominal ? p->alpha : p->alpha / TOCK_AB_INTERIM_SHARE;
    const double cl = nominal ? p->confidence : 1.0 - (1.0 - p->confidence) / TOCK_AB_INTERIM_SHARE;
    int rc = tock_compare_paired(old_t, new_t, rounds, resamples, cl, seed, out);
    if (rc < 0) return rc;
    out->verdict = tock_change_decide_margin(out, alpha, p->noise, p->margin);
    if (interrupted)
        out->stop = TOCK_AB_INTERRUPTED;
    else if (last)
        out->stop = TOCK_AB_MAX_ROUNDS;
    else if (p->margin > 0.0)
        out->stop = tock_margin_decide(out->median.lower, out->median.upper, p->margin) !=
                            TOCK_MARGIN_UNDECIDED
                        ? TOCK_AB_SETTLED
                        : TOCK_AB_CONTINUE;
    else if (out->verdict == TOCK_VERDICT_REGRESSED || out->verdict == TOCK_VERDICT_IMPROVED ||
             (out->median.lower >= -p->noise && out->median.upper <= p->noise))
        out->stop = TOCK_AB_SETTLED;
    else
        out->stop = TOCK_AB_CONTINUE;
    return 0;
}

int tock_stats_bh(const double *p, size_t m, double *adj) {
    if (!p || !adj) return TOCK_EINVAL;
    if (m == 0) return 0;
    size_t *ord = (size_t *)TOCK_MALLOC(m * sizeof *ord);
    if (!ord) return TOCK_ENOMEM;
    for (size_t i = 0; i < m; i++) ord[i] = i;
    /* insertion sort by p: m is a suite's benchmark count */
    for (size_t i = 1; i < m; i++) {
        size_t v = ord[i], j = i;
        while (j > 0 && p[ord[j - 1]] > p[v]) {
            ord[j] = ord[j - 1];
            j--;
        }
        ord[j] = v;
    }
    double run = 1.0;
    for (size_t r = m; r-- > 0;) {
        double q = p[ord[r]] * (double)m / (double)(r + 1);
        if (q < run) run = q;
        adj[ord[r]] = run;
    }
    TOCK_FREE(ord);
    return 0;
}

tock_verdict tock_change_decide(const tock_change *c, double alpha, double noise) {
    if (!c || !(c->p_adjusted < alpha)) return TOCK_VERDICT_NO_CHANGE;
    if (c->median.lower > noise) return TOCK_VERDICT_REGRESSED;
    if (c->median.upper < -noise) return TOCK_VERDICT_IMPROVED;
    return TOCK_VERDICT_NOISE;
}

tock_margin tock_margin_decide(double lower, double upper, double margin) {
    if (lower > margin) return TOCK_MARGIN_REGRESSED;
    if (upper < margin) return TOCK_MARGIN_NO_REGRESSION;
    return TOCK_MARGIN_UNDECIDED; /* also NaN bounds: nothing to decide on */
}

tock_verdict tock_change_decide_margin(const tock_change *c, double alpha, double noise,
                                       double margin) {
    if (!(margin > 0.0)) return tock_change_decide(c, alpha, noise);
    if (!c) return TOCK_VERDICT_INCONCLUSIVE;
    switch (tock_margin_decide(c->median.lower, c->median.upper, margin)) {
    case TOCK_MARGIN_REGRESSED: return TOCK_VERDICT_REGRESSED;
    case TOCK_MARGIN_NO_REGRESSION: {
        tock_verdict v = tock_change_decide(c, alpha, noise);
        return v == TOCK_VERDICT_REGRESSED ? TOCK_VERDICT_WITHIN_MARGIN : v;
    }
    case TOCK_MARGIN_UNDECIDED: break;
    }
    return TOCK_VERDICT_INCONCLUSIVE;
}
