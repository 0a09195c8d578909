/* stats.c - descriptive statistics of one sample set: OLS slope through the
 * origin, mean, standard deviation, median, MAD, quantiles by selection and
 * Tukey's fences. Pure functions: no I/O, no global state.
 */
#include "internal.h"

double tock_stats_ols_slope(const double *x, const double *y, size_t n) {
    double sxy = 0.0, sxx = 0.0;
    for (size_t i = 0; i < n; i++) {
        sxy += x[i] * y[i];
        sxx += x[i] * x[i];
    }
    return sxx > 0.0 ? sxy / sxx : NAN;
}

double tock_stats_mean(const double *x, size_t n) {
    if (n == 0) return NAN;
    double s = 0.0;
    for (size_t i = 0; i < n; i++) s += x[i];
    return s / (double)n;
}

double tock_stats_std_dev(const double *x, size_t n) {
    if (n < 2) return NAN;
    double m = tock_stats_mean(x, n), ss = 0.0;
    for (size_t i = 0; i < n; i++) ss += (x[i] - m) * (x[i] - m);
    return sqrt(ss / (double)(n - 1));
}

/* Hoare-partition selection (Wirth's scheme, pivot = median of three). Equal
 * keys stop both scans, so runs of ties stay O(n), unlike a Lomuto partition
 * which degrades to O(n^2) on constant data. */
double tock_stats_select(double *a, size_t n, size_t k) {
    TOCK_ASSERT(n > 0 && k < n);
    ptrdiff_t l = 0, r = (ptrdiff_t)n - 1, kk = (ptrdiff_t)k;
    while (l < r) {
        ptrdiff_t mid = l + (r - l) / 2;
        double p0 = a[l], p1 = a[mid], p2 = a[r], pivot;
        if (p0 < p1)
            pivot = p1 < p2 ? p1 : (p0 < p2 ? p2 : p0);
        else
            pivot = p0 < p2 ? p0 : (p1 < p2 ? p2 : p1);
        ptrdiff_t i = l, j = r;
        do {
            while (a[i] < pivot) i++;
            while (pivot < a[j]) j--;
            if (i <= j) {
                double t = a[i];
                a[i] = a[j];
                a[j] = t;
                i++;
                j--;
            }
        } while (i <= j);
        if (j < kk) l = i;
        if (kk < i) r = j;
    }
    return a[k];
}

/* Median in place: select the upper middle; for even n the lower middle is
 * the maximum of the left part, which selection leaves <= a[n/2]. */
double tock__median_inplace(double *a, size_t n) {
    size_t k = n / 2;
    double hi = tock_stats_select(a, n, k);
    if (n & 1u) return hi;
    double lo = a[0];
    for (size_t i = 1; i < k; i++)
        if (a[i] > lo) lo = a[i];
    return 0.5 * (lo + hi);
}

double tock_stats_median(const double *x, size_t n, double *scratch) {
    if (n == 0) return NAN;
    memcpy(scratch, x, n * sizeof *x);
    return tock__median_inplace(scratch, n);
}

double tock_stats_mad(const double *x, size_t n, double *scratch) {
    if (n == 0) return NAN;
    double med = tock_stats_median(x, n, scratch);
    for (size_t i = 0; i < n; i++) scratch[i] = fabs(x[i] - med);
    return TOCK__MAD_SCALE * tock__median_inplace(scratch, n);
}

double tock_stats_percentile_sorted(const double *s, size_t n, double p) {
    return tock__quantile_sorted(s, n, p);
}

double tock_stats_quantile(double *a, size_t n, double p) {
    if (n == 0) return NAN;
    if (!(p > 0.0)) p = 0.0;
    if (p > 1.0) p = 1.0;
    double h = (double)(n - 1) * p;
    size_t lo = (size_t)floor(h);
    if (lo >= n - 1) return tock_stats_select(a, n, n - 1);
    double vlo = tock_stats_select(a, n, lo);
    double f = h - (double)lo;
    /* after selection every element right of lo is >= a[lo]: the next order
     * statistic is their minimum */
    double vhi = a[lo + 1];
    for (size_t i = lo + 2; i < n; i++)
        if (a[i] < vhi) vhi = a[i];
    return vlo + f * (vhi - vlo);
}

int tock_stats_tukey(const double *x, size_t n, tock_outliers *out) {
    if (!x || !out) return TOCK_EINVAL;
    if (n < 4) return TOCK_ETOOFEW;
    double *s = (double *)TOCK_MALLOC(n * sizeof *s);
    if (!s) return TOCK_ENOMEM;
    memcpy(s, x, n * sizeof *s);
    tock__sort_doubles(s, n);
    double q1 = tock_stats_percentile_sorted(s, n, 0.25);
    double q3 = tock_stats_percentile_sorted(s, n, 0.75);
    TOCK_FREE(s);
    double iqr = q3 - q1;
    memset(out, 0, sizeof *out);
    out->fence_low_severe = q1 - 3.0 * iqr;
    out->fence_low_mild = q1 - 1.5 * iqr;
    out->fence_high_mild = q3 + 1.5 * iqr;
    out->fence_high_severe = q3 + 3.0 * iqr;
    for (size_t i = 0; i < n; i++) {
        double v = x[i];
        if (v < out->fence_low_severe)
            out->low_severe++;
        else if (v < out->fence_low_mild)
            out->low_mild++;
        else if (v > out->fence_high_severe)
            out->high_severe++;
        else if (v > out->fence_high_mild)
            out->high_mild++;
    }
    return 0;
}

int tock__check_boot_args(const double *x, const double *y, size_t n, size_t b, double cl,
                          const void *out) {
    if (!x || !y || !out || b == 0 || !(cl > 0.0 && cl < 1.0)) return TOCK_EINVAL;
    if (n < 2) return TOCK_ETOOFEW;
    if (n > UINT32_MAX || b > SIZE_MAX / (5 * sizeof(double))) return TOCK_EINVAL;
    return 0;
}
