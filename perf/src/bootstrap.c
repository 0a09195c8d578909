/* bootstrap.c - percentile bootstrap intervals of a benchmark's estimates, one
 * level (samples) and two levels (epochs, then samples within them), and
 * the analysis that fills tock_analysis from them. Pure: same inputs and
 * seed, same bits.
 */
#include "internal.h"

void tock__interval(double *dist, size_t b, double cl, double point, tock_estimate *e) {
    e->point = point;
    e->lower = tock_stats_quantile(dist, b, 0.5 * (1.0 - cl));
    e->upper = tock_stats_quantile(dist, b, 0.5 * (1.0 + cl));
}

int tock_stats_bootstrap_slope(const double *x, const double *y, size_t n, size_t b, double cl,
                               uint64_t seed, tock_estimate *out) {
    int rc = tock__check_boot_args(x, y, n, b, cl, out);
    if (rc < 0) return rc;
    double *dist = (double *)TOCK_MALLOC(b * sizeof *dist);
    if (!dist) return TOCK_ENOMEM;
    tock_rng rng;
    tock_rng_seed(&rng, seed);
    for (size_t r = 0; r < b; r++) {
        double sxy = 0.0, sxx = 0.0;
        for (size_t j = 0; j < n; j++) {
            uint32_t k = tock_rng_below(&rng, (uint32_t)n);
            sxy += x[k] * y[k];
            sxx += x[k] * x[k];
        }
        dist[r] = sxy / sxx;
    }
    tock__interval(dist, b, cl, tock_stats_ols_slope(x, y, n), out);
    TOCK_FREE(dist);
    return 0;
}

int tock_stats_bootstrap(const double *x, const double *y, size_t n, size_t b, double cl,
                         uint64_t seed, tock_estimates *out) {
    int rc = tock__check_boot_args(x, y, n, b, cl, out);
    if (rc < 0) return rc;
    /* one block: per-iteration times, a resample, a scratch, 5 distributions */
    double *mem = (double *)TOCK_MALLOC((3 * n + 5 * b) * sizeof *mem);
    if (!mem) return TOCK_ENOMEM;
    double *pit = mem, *rs = mem + n, *scr = mem + 2 * n;
    double *d_slope = mem + 3 * n, *d_mean = d_slope + b, *d_med = d_mean + b, *d_sd = d_med + b,
           *d_mad = d_sd + b;
    for (size_t i = 0; i < n; i++) pit[i] = y[i] / x[i];

    tock_rng rng;
    tock_rng_seed(&rng, seed);
    const double dn = (double)n;
    for (size_t r = 0; r < b; r++) {
        double sxy = 0.0, sxx = 0.0, sum = 0.0;
        for (size_t j = 0; j < n; j++) {
            uint32_t k = tock_rng_below(&rng, (uint32_t)n);
            sxy += x[k] * y[k];
            sxx += x[k] * x[k];
            rs[j] = pit[k];
            sum += pit[k];
        }
        double mean = sum / dn, ss = 0.0;
        for (size_t j = 0; j < n; j++) ss += (rs[j] - mean) * (rs[j] - mean);
        double med = tock__median_inplace(rs, n);
        for (size_t j = 0; j < n; j++) scr[j] = fabs(rs[j] - med);
        d_slope[r] = sxy / sxx;
        d_mean[r] = mean;
        d_sd[r] = sqrt(ss / (dn - 1.0));
        d_med[r] = med;
        d_mad[r] = TOCK__MAD_SCALE * tock__median_inplace(scr, n);
    }
    tock__interval(d_slope, b, cl, tock_stats_ols_slope(x, y, n), &out->slope);
    tock__interval(d_mean, b, cl, tock_stats_mean(pit, n), &out->mean);
    tock__interval(d_med, b, cl, tock_stats_median(pit, n, scr), &out->median);
    tock__interval(d_sd, b, cl, tock_stats_std_dev(pit, n), &out->std_dev);
    tock__interval(d_mad, b, cl, tock_stats_mad(pit, n, scr), &out->mad);
    TOCK_FREE(mem);
    return 0;
}

static int tock__finish_analysis(const double *x, const double *y, size_t n, tock_analysis *out);

int tock_stats_analyze(const double *x, const double *y, size_t n, size_t b, double cl,
                       uint64_t seed, tock_analysis *out) {
    if (!out) return TOCK_EINVAL;
    memset(out, 0, sizeof *out);
    int rc = tock_stats_bootstrap(x, y, n, b, cl, seed, &out->est);
    if (rc < 0) return rc;
    return tock__finish_analysis(x, y, n, out);
}

/* min, Tukey outliers and precision, once out->est is set */
static int tock__finish_analysis(const double *x, const double *y, size_t n, tock_analysis *out) {
    int rc = 0;
    out->min = INFINITY;
    double *pit = (double *)TOCK_MALLOC(n * sizeof *pit);
    if (!pit) return TOCK_ENOMEM;
    for (size_t i = 0; i < n; i++) {
        pit[i] = y[i] / x[i];
        if (pit[i] < out->min) out->min = pit[i];
    }
    if (n >= 4) {
        rc = tock_stats_tukey(pit, n, &out->outliers);
    }
    TOCK_FREE(pit);
    if (rc < 0) return rc;
    const tock_estimate *s = &out->est.slope;
    out->precision = s->point > 0.0 ? 0.5 * (s->upper - s->lower) / s->point : INFINITY;
    return 0;
}

#define TOCK__MAX_EPOCHS_API 1000000
static int tock__check_epochs(const size_t *end, size_t epochs, size_t n) {
    if (!end || epochs == 0 || epochs > n) return TOCK_EINVAL;
    size_t prev = 0;
    for (size_t e = 0; e < epochs; e++) {
        if (end[e] < prev + 2) return end[e] < prev ? TOCK_EINVAL : TOCK_ETOOFEW;
        prev = end[e];
    }
    return prev == n ? 0 : TOCK_EINVAL;
}

int tock_stats_bootstrap_epochs(const double *x, const double *y, const size_t *end, size_t epochs,
                                size_t b, double cl, uint64_t seed, tock_estimates *out) {
    if (!end || epochs == 0 || epochs > TOCK__MAX_EPOCHS_API) return TOCK_EINVAL;
    size_t n = end[epochs - 1];
    int rc = tock__check_boot_args(x, y, n, b, cl, out);
    if (rc < 0) return rc;
    rc = tock__check_epochs(end, epochs, n);
    if (rc < 0) return rc;
    if (epochs == 1) return tock_stats_bootstrap(x, y, n, b, cl, seed, out);
    /* worst case the resample draws the largest epoch E times */
    size_t big = 0;
    for (size_t e = 0; e < epochs; e++) {
        size_t ne = end[e] - (e ? end[e - 1] : 0);
        if (ne > big) big = ne;
    }
    if (big > SIZE_MAX / epochs / 4) return TOCK_EINVAL;
    const size_t cap = big * epochs;
    double *mem = (double *)TOCK_MALLOC((n + 2 * cap + epochs + 5 * b) * sizeof *mem);
    if (!mem) return TOCK_ENOMEM;
    double *pit = mem, *rs = mem + n, *scr = rs + cap, *eslope = scr + cap;
    double *d_slope = eslope + epochs, *d_mean = d_slope + b, *d_med = d_mean + b,
           *d_sd = d_med + b, *d_mad = d_sd + b;
    for (size_t i = 0; i < n; i++) pit[i] = y[i] / x[i];
    double grand = 0.0;
    for (size_t e = 0; e < epochs; e++) {
        size_t lo = e ? end[e - 1] : 0;
        eslope[e] = tock_stats_ols_slope(x + lo, y + lo, end[e] - lo);
        grand += eslope[e];
    }
    grand /= (double)epochs;
    const double inflate = sqrt((double)epochs / (double)(epochs - 1));

    tock_rng rng;
    tock_rng_seed(&rng, seed);
    for (size_t r = 0; r < b; r++) {
        size_t m = 0;
        double slopes = 0.0, sum = 0.0;
        for (size_t k = 0; k < epochs; k++) {
            size_t e = tock_rng_below(&rng, (uint32_t)epochs);
            size_t lo = e ? end[e - 1] : 0, ne = end[e] - lo;
            double sxy = 0.0, sxx = 0.0;
            for (size_t j = 0; j < ne; j++) {
                size_t q = lo + tock_rng_below(&rng, (uint32_t)ne);
                sxy += x[q] * y[q];
                sxx += x[q] * x[q];
                rs[m++] = pit[q];
                sum += pit[q];
            }
            slopes += grand + inflate * (sxy / sxx - grand);
        }
        const double dm = (double)m, mean = sum / dm;
        double ss = 0.0;
        for (size_t j = 0; j < m; j++) ss += (rs[j] - mean) * (rs[j] - mean);
        double med = tock__median_inplace(rs, m);
        for (size_t j = 0; j < m; j++) scr[j] = fabs(rs[j] - med);
        d_slope[r] = slopes / (double)epochs;
        d_mean[r] = mean;
        d_sd[r] = sqrt(ss / (dm - 1.0));
        d_med[r] = med;
        d_mad[r] = TOCK__MAD_SCALE * tock__median_inplace(scr, m);
    }
    tock__interval(d_slope, b, cl, grand, &out->slope);
    tock__interval(d_mean, b, cl, tock_stats_mean(pit, n), &out->mean);
    tock__interval(d_med, b, cl, tock_stats_median(pit, n, scr), &out->median);
    tock__interval(d_sd, b, cl, tock_stats_std_dev(pit, n), &out->std_dev);
    tock__interval(d_mad, b, cl, tock_stats_mad(pit, n, scr), &out->mad);
    TOCK_FREE(mem);
    return 0;
}

int tock_stats_analyze_epochs(const double *x, const double *y, const size_t *end, size_t epochs,
                              size_t b, double cl, uint64_t seed, tock_analysis *out) {
    if (!out) return TOCK_EINVAL;
    size_t n = end && epochs ? end[epochs - 1] : 0;
    if (epochs == 1) return tock_stats_analyze(x, y, n, b, cl, seed, out);
    memset(out, 0, sizeof *out);
    int rc = tock_stats_bootstrap_epochs(x, y, end, epochs, b, cl, seed, &out->est);
    if (rc < 0) return rc;
    return tock__finish_analysis(x, y, n, out);
}
