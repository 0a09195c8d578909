/* stats.c - the few statistics the figures need: Tukey fences with tock.h's
 * quantile rule (util.h's tock__quantile_sorted, the function tock.h itself
 * calls, so the fences drawn are the ones the run classified with),
 * Silverman's bandwidth and a Gaussian kernel density, a least-squares line
 * for parameterised groups, 1-2-5 axis ticks (linear and logarithmic), and
 * the bootstrap distribution of a comparison's median change that the
 * change figure draws (the interval and verdict it marks are the run's).
 * It must never re-estimate what summary.json stores (typical time,
 * intervals, throughput, changes): those are read, not redone.
 */
#include "report.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int tock_rep_tukey(const double *x, size_t n, tock_rep_fences *f) {
    if (n == 0) return TOCK_REP_EINPUT;
    double *s = (double *)malloc(n * sizeof *s);
    if (!s) return TOCK_REP_ENOMEM;
    memcpy(s, x, n * sizeof *s);
    tock__sort_doubles(s, n);
    double q1 = tock__quantile_sorted(s, n, 0.25), q3 = tock__quantile_sorted(s, n, 0.75);
    free(s);
    double iqr = q3 - q1;
    f->low_severe = q1 - 3.0 * iqr;
    f->low_mild = q1 - 1.5 * iqr;
    f->high_mild = q3 + 1.5 * iqr;
    f->high_severe = q3 + 3.0 * iqr;
    return 0;
}

int tock_rep_outlier_class(const tock_rep_fences *f, double v) {
    if (v < f->low_severe || v > f->high_severe) return 2;
    if (v < f->low_mild || v > f->high_mild) return 1;
    return 0;
}

double tock_rep_silverman(const double *x, size_t n) {
    if (n == 0) return 1.0;
    double mean = 0.0;
    for (size_t i = 0; i < n; i++) mean += x[i];
    mean /= (double)n;
    double ss = 0.0;
    for (size_t i = 0; i < n; i++) ss += (x[i] - mean) * (x[i] - mean);
    double sd = n > 1 ? sqrt(ss / (double)(n - 1)) : 0.0;
    double *s = (double *)malloc(n * sizeof *s);
    double iqr = 0.0;
    if (s) {
        memcpy(s, x, n * sizeof *s);
        tock__sort_doubles(s, n);
        iqr = tock__quantile_sorted(s, n, 0.75) - tock__quantile_sorted(s, n, 0.25);
        free(s);
    }
    /* the robust spread; a zero IQR (over half the samples equal) falls
     * back to the standard deviation, a zero spread to 1% of the value */
    double a = fmin(sd, iqr / 1.34);
    if (!(a > 0.0)) a = fmax(sd, iqr / 1.34);
    if (!(a > 0.0)) a = fabs(mean) > 0.0 ? 0.01 * fabs(mean) : 1.0;
    return 0.9 * a * pow((double)n, -0.2);
}

void tock_rep_kde(const double *x, size_t n, double h, const double *grid, size_t m, double *dens) {
    const double norm = 1.0 / ((double)n * h * sqrt(2.0 * 3.14159265358979323846));
    for (size_t j = 0; j < m; j++) {
        double s = 0.0;
        for (size_t i = 0; i < n; i++) {
            double u = (grid[j] - x[i]) / h;
            if (u > -8.0 && u < 8.0) s += exp(-0.5 * u * u); /* exp(-32) ~ 1e-14: nothing */
        }
        dens[j] = s * norm;
    }
}

int tock_rep_ols(const double *x, const double *y, size_t n, double *a, double *b, double *r2) {
    *a = *b = *r2 = NAN;
    if (n < 2) return TOCK_REP_EINPUT;
    double mx = 0.0, my = 0.0;
    for (size_t i = 0; i < n; i++) {
        mx += x[i];
        my += y[i];
    }
    mx /= (double)n;
    my /= (double)n;
    double sxx = 0.0, sxy = 0.0, syy = 0.0;
    for (size_t i = 0; i < n; i++) {
        sxx += (x[i] - mx) * (x[i] - mx);
        sxy += (x[i] - mx) * (y[i] - my);
        syy += (y[i] - my) * (y[i] - my);
    }
    if (!(sxx > 0.0)) return TOCK_REP_EINPUT;
    *b = sxy / sxx;
    *a = my - *b * mx;
    if (syy > 0.0) *r2 = (sxy * sxy) / (sxx * syy);
    return 0;
}

void tock_rep_nice_ticks(double lo, double hi, int target, tock_rep_ticks *t) {
    if (!isfinite(lo) || !isfinite(hi)) lo = 0.0, hi = 1.0;
    if (hi < lo) {
        double s = lo;
        lo = hi;
        hi = s;
    }
    if (hi == lo) {
        double d = lo == 0.0 ? 1.0 : 0.1 * fabs(lo);
        lo -= d;
        hi += d;
    }
    if (target < 2) target = 2;
    double raw = (hi - lo) / (double)target;
    double mag = pow(10.0, floor(log10(raw)));
    double f = raw / mag;
    double step = (f <= 1.0 ? 1.0 : f <= 2.0 ? 2.0 : f <= 5.0 ? 5.0 : 10.0) * mag;
    /* the 1e-9 keeps 0.3/0.1 = 2.9999999999999996 from adding a step */
    t->lo = floor(lo / step + 1e-9) * step;
    t->hi = ceil(hi / step - 1e-9) * step;
    t->step = step;
    int n = (int)floor((t->hi - t->lo) / step + 0.5) + 1;
    if (n > 32) n = 32;
    t->n = n;
    for (int i = 0; i < n; i++) {
        double v = t->lo + (double)i * step;
        if (fabs(v) < 1e-9 * step) v = 0.0;
        t->v[i] = v;
    }
}

const char *tock_rep_time_unit(double max_ns, double *div) {
    double a = fabs(max_ns);
    if (a < 1e3) {
        *div = 1.0;
        return "ns";
    }
    if (a < 1e6) {
        *div = 1e3;
        return "\xc2\xb5s";
    }
    if (a < 1e9) {
        *div = 1e6;
        return "ms";
    }
    *div = 1e9;
    return "s";
}

/* ---- the change's bootstrap and log ticks (the comparison figures) ---- */

static uint64_t splitmix64(uint64_t *s) {
    uint64_t z = (*s += UINT64_C(0x9e3779b97f4a7c15));
    z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
    z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
    return z ^ (z >> 31);
}

/* k-th smallest of x[0..n) (Hoare's selection), x reordered */
static double select_kth(double *x, size_t n, size_t k) {
    size_t lo = 0, hi = n - 1;
    while (lo < hi) {
        double pivot = x[lo + (hi - lo) / 2];
        size_t i = lo, j = hi;
        while (i <= j) {
            while (x[i] < pivot) i++;
            while (x[j] > pivot) j--;
            if (i <= j) {
                double t = x[i];
                x[i] = x[j];
                x[j] = t;
                i++;
                if (j == 0) break;
                j--;
            }
        }
        if (k <= j)
            hi = j;
        else if (k >= i)
            lo = i;
        else
            break;
    }
    return x[k];
}

double tock_rep_median_inplace(double *x, size_t n) {
    double hi = select_kth(x, n, n / 2);
    if (n % 2) return hi;
    double lo = x[0]; /* the largest of the lower half */
    for (size_t i = 1; i < n / 2; i++)
        if (x[i] > lo) lo = x[i];
    return 0.5 * (lo + hi);
}

int tock_rep_boot_change(const double *old_t, size_t n_old, const double *new_t, size_t n_new,
                         size_t r, uint64_t seed, double *out) {
    if (n_old == 0 || n_new == 0) return TOCK_REP_EINPUT;
    double *rs = (double *)malloc((n_old > n_new ? n_old : n_new) * sizeof *rs);
    if (!rs) return TOCK_REP_ENOMEM;
    uint64_t s = seed;
    for (size_t k = 0; k < r; k++) {
        double med[2];
        for (int g = 0; g < 2; g++) {
            const double *x = g ? new_t : old_t;
            size_t n = g ? n_new : n_old;
            /* 64 random bits modulo n: the bias, below n / 2^64, is nil */
            for (size_t j = 0; j < n; j++) rs[j] = x[(size_t)(splitmix64(&s) % n)];
            med[g] = tock_rep_median_inplace(rs, n);
        }
        out[k] = med[1] / med[0] - 1.0;
    }
    free(rs);
    tock__sort_doubles(out, r);
    return 0;
}

void tock_rep_log_ticks(double lo, double hi, tock_rep_ticks *t) {
    if (!(lo > 0.0) || !isfinite(lo) || !isfinite(hi)) lo = 1.0, hi = 10.0;
    if (hi <= lo) hi = 10.0 * lo;
    t->lo = log10(lo);
    t->hi = log10(hi);
    t->step = 1.0;
    t->n = 0;
    static const double mult[3] = {1.0, 2.0, 5.0};
    int nm = t->hi - t->lo > 3.0 ? 1 : 3;
    for (int d = (int)floor(t->lo); d <= (int)ceil(t->hi) && t->n < 32; d++)
        for (int m = 0; m < nm && t->n < 32; m++) {
            double v = d + log10(mult[m]);
            if (v >= t->lo - 1e-9 && v <= t->hi + 1e-9) t->v[t->n++] = v;
        }
}
