/* ht_causal.h: the causal chain of docs/kernels.md section 12, a QMLHC-style toy
 * model swept by perf/suite/bench_sweep.c: three tanh nodes in a chain, each
 * with K shifted branches, and the epoch losses over a T-step sequence.
 * Everything is allocated by ht_causal_create; sequence, forward, losses and
 * epoch never allocate, so a benchmark times only the arithmetic.
 *
 * Arithmetic: binary64, libm tanh/sin/cos/sqrt, no FMA (the build sets
 * -ffp-contract=off), every sum sequential in the index order written below.
 * The bits are therefore the same on every ISA path and compiler that links
 * the same libm; they are only as portable as libm itself.
 *
 * Definitions (t = 0..T-1, j = 0..D-1, k = 0..K-1, node i = 0, 1, 2):
 *   Sequence (ht_causal_sequence): with a = 0.35 t,
 *     c_0 = 0.30 sin(a), c_1 = 0.20 sin(a + 0.7), c_2 = 0.10 cos(a + 0.3),
 *     x_t[j] = c_{j % 3} + 0.01 n_{t,j},
 *   n_{t,j} = ht_rng_normal draws from ht_rng_seed(seed), t-major then j.
 *   Node i, parameters (w, b, base) = (0.90, 0.03, 0.22), (0.97, 0.02, 0.25),
 *   (1.05, 0.00, 0.30), depth L = depth[i]:
 *     input  u = x_t for node 0, node i-1's s_t for nodes 1 and 2;
 *     state  s = u, then L times s[j] = tanh(w s[j] + b);
 *     span   = max(0.08, base / (1 + 0.3 (L - 1)));
 *     shifts d_k = -span + k (2 span / (K - 1)) for k < K-1, d_{K-1} = span
 *            (numpy's linspace(-span, span, K));
 *     branch y_k[j] = tanh(s[j] + d_k);
 *     s_hat[j] = (sum_k y_k[j]) / K;
 *     var_t  = (sum_j ((sum_k (y_k[j] - s_hat[j])^2) / K)) / D
 *            (population variance over the K branches, averaged over D).
 *   Losses use the last node (i = 2) and mean_j(v) = (sum_j v[j]) / D:
 *     task_t        = mean_j(s_t[j]^2)
 *     consistency_t = 0.8 mean_j((s_t[j] - s_{t-1}[j])^2)
 *                   + 1.2 mean_j((s_t[j] - s_hat_t[j])^2)        (t >= 1)
 *     coherence_t   = (var_t(node 0) + var_t(node 1) + var_t(node 2)) / 3
 *   Metrics (sums over t in increasing order):
 *     task = sum_t task_t, consistency = sum_{t>=1} consistency_t,
 *     coherence = sum_t coherence_t,
 *     total = task / T + 0.5 consistency / (T - 1) + 0.3 coherence / T,
 *     mse = task / T, rmse = sqrt(mse), robustness = 1 / (1 + mse),
 *     overshoot = max over t and j of |s_t[j]| of the last node.
 *
 * Limits: d 1..4096, k 2..4096 (K = 1 has no linspace end points: HT_EDIM),
 * t 2..1000000 (consistency divides by T - 1), depth[i] 1..64 (HT_ERANGE).
 * Memory is about 7 T D + 3 T + 4 K doubles (ht_causal_workspace_bytes). */
#ifndef HT_CAUSAL_H
#define HT_CAUSAL_H

#include <stddef.h>
#include <stdint.h>

#include "ht_status.h"

#define HT_CAUSAL_NODES 3
#define HT_CAUSAL_MAX_D 4096
#define HT_CAUSAL_MAX_K 4096
#define HT_CAUSAL_MAX_T 1000000
#define HT_CAUSAL_MAX_DEPTH 64

typedef struct {
    int d, k, t;                /* columns D, branches K, time steps T */
    int depth[HT_CAUSAL_NODES]; /* tanh repetitions of each node */
} ht_causal_config;

typedef struct {
    double task, consistency, coherence; /* sums over t (see above) */
    double total, mse, rmse, overshoot, robustness;
} ht_causal_metrics;

typedef struct ht_causal ht_causal;

/* HT_OK, HT_ENULL, HT_EDIM (d, k or t out of range) or HT_ERANGE (a depth
 * out of range). With msg (cap > 0) it also writes one line naming the
 * field, what was expected and what was found ("ok" when valid). */
int ht_causal_config_check(const ht_causal_config *cfg, char *msg, size_t cap);

/* Bytes ht_causal_create allocates for cfg (one block); 0 when cfg is
 * invalid or the size does not fit in size_t. */
size_t ht_causal_workspace_bytes(const ht_causal_config *cfg);

/* One allocation of ht_causal_workspace_bytes(cfg) bytes, every array
 * zeroed (x is all zero until ht_causal_sequence). *out is NULL on error. */
int ht_causal_create(const ht_causal_config *cfg, ht_causal **out);
void ht_causal_destroy(ht_causal *m);
const ht_causal_config *ht_causal_config_of(const ht_causal *m);

/* Fills x (T x D) from seed as defined above. */
int ht_causal_sequence(ht_causal *m, uint64_t seed);
/* Runs the three nodes over all T steps, storing s, s_hat and var_t. */
int ht_causal_forward(ht_causal *m);
/* The metrics of the stored forward pass (of all-zero states before the
 * first forward). */
int ht_causal_losses(const ht_causal *m, ht_causal_metrics *out);
/* ht_causal_forward then ht_causal_losses. */
int ht_causal_epoch(ht_causal *m, ht_causal_metrics *out);

/* Read-only views, NULL for a bad node (0..2) or a NULL model:
 * inputs x (T x D, row t at t*D), states s and branch means s_hat of a node
 * (T x D each), branch variances var_t of a node (T). */
const double *ht_causal_inputs(const ht_causal *m);
const double *ht_causal_states(const ht_causal *m, int node);
const double *ht_causal_branch_means(const ht_causal *m, int node);
const double *ht_causal_branch_variances(const ht_causal *m, int node);

#endif
