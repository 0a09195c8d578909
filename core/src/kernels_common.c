/* kernels_common.c: kernel pieces that are the same code for every ISA. */
#include "kernels_internal.h"

void ht__softmax_with(float *p, const float *x, size_t n, ht_unary_fn exp_fn, ht_sum_fn sum_fn) {
    if (n == 0) return;
    float m = x[0];
    for (size_t i = 1; i < n; i++) m = x[i] > m ? x[i] : m;
    for (size_t i = 0; i < n; i++) p[i] = x[i] - m;
    exp_fn(p, p, n);
    float s = sum_fn(p, n);
    for (size_t i = 0; i < n; i++) p[i] = p[i] / s;
}
