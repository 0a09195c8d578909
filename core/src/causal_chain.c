/* causal_chain.c: the causal chain of docs/kernels.md section 12 (definitions in
 * ht_causal.h). Scalar binary64 code with every sum in index order; it must
 * never allocate outside ht_causal_create, because the sweep times forward
 * and epoch and a malloc there would be measured as model cost. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ht_causal.h"
#include "ht_rng.h"

/* (w, b, base span) of the three nodes, docs/kernels.md section 12. */
static const double NODE_W[HT_CAUSAL_NODES] = {0.90, 0.97, 1.05};
static const double NODE_B[HT_CAUSAL_NODES] = {0.03, 0.02, 0.00};
static const double NODE_BASE[HT_CAUSAL_NODES] = {0.22, 0.25, 0.30};

struct ht_causal {
    ht_causal_config cfg;
    double *x;                      /* T x D inputs */
    double *s[HT_CAUSAL_NODES];     /* T x D states */
    double *s_hat[HT_CAUSAL_NODES]; /* T x D branch means */
    double *var[HT_CAUSAL_NODES];   /* T branch variances */
    double *shift[HT_CAUSAL_NODES]; /* K linspace shifts */
    double *branch;                 /* K scratch: one element's branch values */
};

/* ---- configuration ---- */

static int check_int(const char *field, int v, int lo, int hi, int status, char *msg, size_t cap) {
    if (v >= lo && v <= hi) return HT_OK;
    if (msg && cap) {
        snprintf(msg, cap, "ht_causal_config.%s: expected %d..%d, found %d%s", field, lo, hi, v,
                 strcmp(field, "k") == 0 && v == 1 ? " (linspace needs two end points)" : "");
    }
    return status;
}

int ht_causal_config_check(const ht_causal_config *cfg, char *msg, size_t cap) {
    if (!cfg) {
        if (msg && cap) snprintf(msg, cap, "ht_causal_config: expected a pointer, found NULL");
        return HT_ENULL;
    }
    int rc = check_int("d", cfg->d, 1, HT_CAUSAL_MAX_D, HT_EDIM, msg, cap);
    if (rc == HT_OK) rc = check_int("k", cfg->k, 2, HT_CAUSAL_MAX_K, HT_EDIM, msg, cap);
    if (rc == HT_OK) rc = check_int("t", cfg->t, 2, HT_CAUSAL_MAX_T, HT_EDIM, msg, cap);
    static const char *const depth_name[HT_CAUSAL_NODES] = {"depth[0]", "depth[1]", "depth[2]"};
    for (int i = 0; i < HT_CAUSAL_NODES && rc == HT_OK; i++)
        rc = check_int(depth_name[i], cfg->depth[i], 1, HT_CAUSAL_MAX_DEPTH, HT_ERANGE, msg, cap);
    if (rc == HT_OK && msg && cap) snprintf(msg, cap, "ok");
    return rc;
}

/* ---- memory: one block, every array starting on a 64-byte boundary ---- */

static uint64_t round64(uint64_t n) { return (n + 63) / 64 * 64; }

/* Byte offsets of the arrays inside the block, in layout order. The total
 * stays below 2^38 for every valid config, so uint64_t never overflows. */
typedef struct {
    uint64_t x, s[HT_CAUSAL_NODES], s_hat[HT_CAUSAL_NODES], var[HT_CAUSAL_NODES],
        shift[HT_CAUSAL_NODES], branch;
} layout;

static uint64_t plan(const ht_causal_config *c, layout *l) {
    const uint64_t td = (uint64_t)c->t * (uint64_t)c->d * sizeof(double);
    const uint64_t tv = (uint64_t)c->t * sizeof(double), kv = (uint64_t)c->k * sizeof(double);
    uint64_t at = round64(sizeof(ht_causal));
    l->x = at, at += round64(td);
    for (int i = 0; i < HT_CAUSAL_NODES; i++) l->s[i] = at, at += round64(td);
    for (int i = 0; i < HT_CAUSAL_NODES; i++) l->s_hat[i] = at, at += round64(td);
    for (int i = 0; i < HT_CAUSAL_NODES; i++) l->var[i] = at, at += round64(tv);
    for (int i = 0; i < HT_CAUSAL_NODES; i++) l->shift[i] = at, at += round64(kv);
    l->branch = at, at += round64(kv);
    return at;
}

size_t ht_causal_workspace_bytes(const ht_causal_config *cfg) {
    if (ht_causal_config_check(cfg, NULL, 0) != HT_OK) return 0;
    layout l;
    const uint64_t total = plan(cfg, &l);
    return total > SIZE_MAX ? 0 : (size_t)total;
}

/* span = max(0.08, base / (1 + 0.3 (depth - 1))); d = linspace(-span, span, K)
 * computed as numpy does (start + k step, the last point exactly the end). */
static void fill_shifts(double *d, int K, double base, int depth) {
    const double span = fmax(0.08, base / (1.0 + 0.3 * (double)(depth - 1)));
    const double start = -span, step = (span - start) / (double)(K - 1);
    for (int k = 0; k < K - 1; k++) d[k] = start + (double)k * step;
    d[K - 1] = span;
}

int ht_causal_create(const ht_causal_config *cfg, ht_causal **out) {
    if (!out) return HT_ENULL;
    *out = NULL;
    int rc = ht_causal_config_check(cfg, NULL, 0);
    if (rc != HT_OK) return rc;
    const size_t bytes = ht_causal_workspace_bytes(cfg);
    if (bytes == 0) return HT_EDIM;
    char *base = aligned_alloc(64, bytes); /* bytes is a multiple of 64 */
    if (!base) return HT_ENOMEM;
    memset(base, 0, bytes);
    layout l;
    plan(cfg, &l);
    ht_causal *m = (ht_causal *)(void *)base;
    m->cfg = *cfg;
    m->x = (double *)(void *)(base + l.x);
    for (int i = 0; i < HT_CAUSAL_NODES; i++) {
        m->s[i] = (double *)(void *)(base + l.s[i]);
        m->s_hat[i] = (double *)(void *)(base + l.s_hat[i]);
        m->var[i] = (double *)(void *)(base + l.var[i]);
        m->shift[i] = (double *)(void *)(base + l.shift[i]);
        fill_shifts(m->shift[i], cfg->k, NODE_BASE[i], cfg->depth[i]);
    }
    m->branch = (double *)(void *)(base + l.branch);
    *out = m;
    return HT_OK;
}

void ht_causal_destroy(ht_causal *m) { free(m); }

const ht_causal_config *ht_causal_config_of(const ht_causal *m) { return m ? &m->cfg : NULL; }

/* ---- sequence ---- */

int ht_causal_sequence(ht_causal *m, uint64_t seed) {
    if (!m) return HT_ENULL;
    const int D = m->cfg.d, T = m->cfg.t;
    ht_rng rng;
    ht_rng_seed(&rng, seed);
    for (int t = 0; t < T; t++) {
        const double a = 0.35 * (double)t;
        const double c[3] = {0.30 * sin(a), 0.20 * sin(a + 0.7), 0.10 * cos(a + 0.3)};
        double *row = m->x + (size_t)t * (size_t)D;
        for (int j = 0; j < D; j++) row[j] = c[j % 3] + 0.01 * ht_rng_normal(&rng);
    }
    return HT_OK;
}

/* ---- forward ---- */

/* s = u, then depth times s = tanh(w s + b), elementwise over D. */
static void node_state(double *s, const double *u, int D, int depth, double w, double b) {
    for (int j = 0; j < D; j++) {
        double v = u[j];
        for (int l = 0; l < depth; l++) v = tanh(w * v + b);
        s[j] = v;
    }
}

/* s_hat[j] = mean_k tanh(s[j] + d_k); returns the population variance over
 * k averaged over j. The branch values are kept in br (K) so the variance
 * is the two-pass sum of squared deviations, not E[y^2] - E[y]^2, which
 * cancels badly when the K branches are close (span 0.08 at depth 3). */
static double node_branches(double *s_hat, double *br, const double *s, const double *d, int D,
                            int K) {
    double var_sum = 0.0;
    for (int j = 0; j < D; j++) {
        double sum = 0.0;
        for (int k = 0; k < K; k++) {
            br[k] = tanh(s[j] + d[k]);
            sum += br[k];
        }
        const double mean = sum / (double)K;
        double sq = 0.0;
        for (int k = 0; k < K; k++) {
            const double e = br[k] - mean;
            sq += e * e;
        }
        s_hat[j] = mean;
        var_sum += sq / (double)K;
    }
    return var_sum / (double)D;
}

/* Node i over all T steps. Node-major order (node 0 for every t, then node
 * 1, ...) gives the same bits as t-major: each value depends only on its own
 * step's input. */
static void node_forward(ht_causal *m, int i, const double *in) {
    const int D = m->cfg.d, K = m->cfg.k, T = m->cfg.t;
    for (int t = 0; t < T; t++) {
        const size_t off = (size_t)t * (size_t)D;
        node_state(m->s[i] + off, in + off, D, m->cfg.depth[i], NODE_W[i], NODE_B[i]);
        m->var[i][t] =
            node_branches(m->s_hat[i] + off, m->branch, m->s[i] + off, m->shift[i], D, K);
    }
}

int ht_causal_forward(ht_causal *m) {
    if (!m) return HT_ENULL;
    node_forward(m, 0, m->x);
    for (int i = 1; i < HT_CAUSAL_NODES; i++) node_forward(m, i, m->s[i - 1]);
    return HT_OK;
}

/* ---- losses ---- */

/* mean_j (a[j] - b[j])^2, or mean_j a[j]^2 when b is NULL. */
static double mean_sq(const double *a, const double *b, int D) {
    double sum = 0.0;
    for (int j = 0; j < D; j++) {
        const double e = b ? a[j] - b[j] : a[j];
        sum += e * e;
    }
    return sum / (double)D;
}

int ht_causal_losses(const ht_causal *m, ht_causal_metrics *out) {
    if (!m || !out) return HT_ENULL;
    const int D = m->cfg.d, T = m->cfg.t, last = HT_CAUSAL_NODES - 1;
    const double *s = m->s[last], *h = m->s_hat[last];
    double task = 0.0, cons = 0.0, coh = 0.0, over = 0.0;
    for (int t = 0; t < T; t++) {
        const size_t off = (size_t)t * (size_t)D;
        const double *st = s + off;
        task += mean_sq(st, NULL, D);
        if (t >= 1) cons += 0.8 * mean_sq(st, st - D, D) + 1.2 * mean_sq(st, h + off, D);
        coh += (m->var[0][t] + m->var[1][t] + m->var[2][t]) / 3.0;
        for (int j = 0; j < D; j++)
            if (fabs(st[j]) > over) over = fabs(st[j]);
    }
    out->task = task;
    out->consistency = cons;
    out->coherence = coh;
    out->total = task / (double)T + 0.5 * cons / (double)(T - 1) + 0.3 * coh / (double)T;
    out->mse = task / (double)T;
    out->rmse = sqrt(out->mse);
    out->robustness = 1.0 / (1.0 + out->mse);
    out->overshoot = over;
    return HT_OK;
}

int ht_causal_epoch(ht_causal *m, ht_causal_metrics *out) {
    if (!m || !out) return HT_ENULL;
    ht_causal_forward(m);
    return ht_causal_losses(m, out);
}

/* ---- views ---- */

const double *ht_causal_inputs(const ht_causal *m) { return m ? m->x : NULL; }

static int bad_node(const ht_causal *m, int node) {
    return !m || node < 0 || node >= HT_CAUSAL_NODES;
}

const double *ht_causal_states(const ht_causal *m, int node) {
    return bad_node(m, node) ? NULL : m->s[node];
}

const double *ht_causal_branch_means(const ht_causal *m, int node) {
    return bad_node(m, node) ? NULL : m->s_hat[node];
}

const double *ht_causal_branch_variances(const ht_causal *m, int node) {
    return bad_node(m, node) ? NULL : m->var[node];
}
