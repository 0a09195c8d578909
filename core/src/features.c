/* features.c: compute_features (docs/kernels.md section 6): the 64 inputs of the
 * GRU from the training state. Statistics are binary64 over the entries
 * oldest to newest in a fixed order, so the bits do not depend on ring
 * position or ISA. Slots 26..63 are zero. Guards: a zero mean makes a ratio 0 (slot 15) or 10 (slot 14:
 * "infinitely above the mean", capped); a zero older mean makes slot 6 1. */
#include <math.h>
#include <string.h>

#include "trainer_internal.h"

typedef struct {
    double mean, std, min, max;
} ring_stats;

/* Statistics of n >= 1 contiguous entries, oldest first. Four interleaved
 * partial sums (index i % 4) combined as (s0 + s1) + (s2 + s3): a fixed
 * order, so the same bits everywhere, with four independent add chains
 * instead of one 256-long chain. min and max are exact in any order
 * (entries are finite: record_step rejects the rest). */
static ring_stats stats_of(const float *v, size_t n) {
    ring_stats st = {0, 0, 0, 0};
    if (n == 0) return st;
    double s[4] = {0, 0, 0, 0}, lo[4], hi[4];
    for (size_t k = 0; k < 4; k++) lo[k] = hi[k] = v[0];
    size_t i = 0;
    for (; i + 4 <= n; i += 4)
        for (size_t k = 0; k < 4; k++) {
            const double x = v[i + k];
            s[k] += x;
            lo[k] = x < lo[k] ? x : lo[k];
            hi[k] = x > hi[k] ? x : hi[k];
        }
    for (size_t k = 0; i + k < n; k++) {
        const double x = v[i + k];
        s[k] += x;
        lo[k] = x < lo[k] ? x : lo[k];
        hi[k] = x > hi[k] ? x : hi[k];
    }
    const double mean = ((s[0] + s[1]) + (s[2] + s[3])) / (double)n;
    double q[4] = {0, 0, 0, 0};
    for (i = 0; i + 4 <= n; i += 4)
        for (size_t k = 0; k < 4; k++) {
            const double d = v[i + k] - mean;
            q[k] += d * d;
        }
    for (size_t k = 0; i + k < n; k++) {
        const double d = v[i + k] - mean;
        q[k] += d * d;
    }
    for (size_t k = 1; k < 4; k++) {
        lo[0] = lo[k] < lo[0] ? lo[k] : lo[0];
        hi[0] = hi[k] > hi[0] ? hi[k] : hi[0];
    }
    st.mean = mean;
    st.std = sqrt(((q[0] + q[1]) + (q[2] + q[3])) / (double)n);
    st.min = lo[0];
    st.max = hi[0];
    return st;
}

static double log10_floored(double x) {
    if (!(x > 0.0)) return -10.0;
    double l = log10(x);
    return l < -10.0 ? -10.0 : l;
}

int ht_compute_features(const ht_trainer *tr, float out[HT_FEATURES]) {
    if (!tr || !out) return HT_ENULL;
    double f[HT_FEATURES] = {0};
    const float *lw = ht__hist_window(tr->loss_hist, HT_LOSS_RING, tr->loss_head, tr->loss_len);
    const float *gw = ht__hist_window(tr->gnorm_hist, HT_GNORM_RING, tr->gnorm_head, tr->gnorm_len);
    ring_stats L = stats_of(lw, tr->loss_len);
    ring_stats G = stats_of(gw, tr->gnorm_len);
    f[0] = tr->loss;
    f[1] = L.mean;
    f[2] = L.std;
    f[3] = L.min;
    f[4] = L.max;
    f[5] = 0.0;
    f[6] = 1.0;
    if (tr->loss_len >= 32) {
        double newer = 0.0, older = 0.0;
        for (size_t i = 0; i < 16; i++) {
            older += lw[tr->loss_len - 32 + i];
            newer += lw[tr->loss_len - 16 + i];
        }
        newer /= 16.0;
        older /= 16.0;
        f[5] = newer - older;
        f[6] = older != 0.0 ? newer / older : 1.0;
    }
    f[7] = (double)tr->step / 10000.0;
    const double g = tr->gnorm;
    f[8] = g;
    f[9] = G.mean;
    f[10] = G.std;
    f[11] = G.min;
    f[12] = G.max;
    f[13] = log10_floored(g);
    if (G.mean > 0.0) {
        double r = g / G.mean;
        f[14] = r < 10.0 ? r : 10.0;
        f[15] = G.std / G.mean;
    } else {
        f[14] = g > 0.0 ? 10.0 : 0.0;
        f[15] = 0.0;
    }
    if (tr->opt_tracked) {
        f[16] = tr->mom_mean;
        f[17] = tr->mom_std;
        f[18] = tr->var_mean;
        f[19] = tr->var_std;
    }
    f[20] = log10_floored(tr->eff_lr);
    f[21] = tr->beta1_pow;
    f[22] = tr->beta2_pow;
    f[23] = 0.0;
    f[24] = (double)tr->phase;
    f[25] = (double)tr->phase_step / 100.0;
    for (size_t i = 0; i < HT_FEATURES; i++) out[i] = (float)f[i];
    return HT_OK;
}
