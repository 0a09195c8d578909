/* features.c: compute_features (KERNELS.md section 6): the 64 inputs of the
 * GRU from the training state. Statistics are binary64, summed oldest to
 * newest, so the bits do not depend on ring position or ISA. Slots 26..63
 * are zero. Guards: a zero mean makes a ratio 0 (slot 15) or 10 (slot 14:
 * "infinitely above the mean", capped); a zero older mean makes slot 6 1. */
#include <math.h>
#include <string.h>

#include "trainer_internal.h"

typedef struct {
  double mean, std, min, max;
} ring_stats;

static ring_stats stats_of(const float *ring, size_t cap, size_t head, size_t len) {
  ring_stats s = {0, 0, 0, 0};
  if (len == 0) return s;
  /* The oldest entry is at head - len (mod cap): walk two contiguous runs. */
  size_t start = (head + cap - len) % cap;
  size_t first = cap - start < len ? cap - start : len;
  double sum = 0.0, mn = ring[start], mx = ring[start];
  for (size_t i = 0; i < first; i++) {
    double v = ring[start + i];
    sum += v;
    mn = v < mn ? v : mn;
    mx = v > mx ? v : mx;
  }
  for (size_t i = 0; i < len - first; i++) {
    double v = ring[i];
    sum += v;
    mn = v < mn ? v : mn;
    mx = v > mx ? v : mx;
  }
  double mean = sum / (double)len, ss = 0.0;
  for (size_t i = 0; i < first; i++) {
    double d = ring[start + i] - mean;
    ss += d * d;
  }
  for (size_t i = 0; i < len - first; i++) {
    double d = ring[i] - mean;
    ss += d * d;
  }
  s.mean = mean;
  s.std = sqrt(ss / (double)len);
  s.min = mn;
  s.max = mx;
  return s;
}

static double log10_floored(double x) {
  if (!(x > 0.0)) return -10.0;
  double l = log10(x);
  return l < -10.0 ? -10.0 : l;
}

int ht_compute_features(const ht_trainer *tr, float out[HT_FEATURES]) {
  if (!tr || !out) return HT_ENULL;
  double f[HT_FEATURES];
  memset(f, 0, sizeof f);
  ring_stats L = stats_of(tr->loss_ring, HT_LOSS_RING, tr->loss_head, tr->loss_len);
  ring_stats G = stats_of(tr->gnorm_ring, HT_GNORM_RING, tr->gnorm_head, tr->gnorm_len);
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
      older += ht__ring_at(tr->loss_ring, HT_LOSS_RING, tr->loss_head, tr->loss_len,
                           tr->loss_len - 32 + i);
      newer += ht__ring_at(tr->loss_ring, HT_LOSS_RING, tr->loss_head, tr->loss_len,
                           tr->loss_len - 16 + i);
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
