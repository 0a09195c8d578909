/* util_stats.c - the order statistics every program needs the same way:
 * tock.h's Tukey fences and tock-report's drawn fences must agree, so both
 * call this one quantile rule. */
#include "util.h"

#include <math.h>
#include <stdlib.h>

double tock__quantile_sorted(const double *s, size_t n, double p) {
    if (n == 0) return NAN;
    if (!(p > 0.0)) return s[0];
    if (p >= 1.0) return s[n - 1];
    double h = (double)(n - 1) * p;
    size_t lo = (size_t)floor(h);
    if (lo + 1 >= n) return s[n - 1];
    double f = h - (double)lo;
    return s[lo] + f * (s[lo + 1] - s[lo]);
}

static int tock__cmp_double(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

void tock__sort_doubles(double *x, size_t n) {
    if (n > 1) qsort(x, n, sizeof *x, tock__cmp_double);
}
