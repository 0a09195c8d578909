/* ref_model.c: the binary64 reference of the trainer's model, written from
 * docs/kernels.md for the tests (see ref_model.h). Everything is double, row-major
 * and sequential; libm supplies exp, tanh, log and log10. It must stay
 * independent of the library's model code: when this file and core/src
 * disagree, the test reports it and a human decides which one is wrong. */
#include "ref_model.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static double *dalloc(size_t n) { return calloc(n ? n : 1, sizeof(double)); }

size_t ref_block_len(const ref_model *r, ht_block b) {
    switch (b) {
    case HT_W_Z:
    case HT_W_R:
    case HT_W_H: return r->H * r->I;
    case HT_U_Z:
    case HT_U_R:
    case HT_U_H: return r->H * r->H;
    case HT_B_Z:
    case HT_B_R:
    case HT_B_H: return r->H;
    case HT_W_LOSS: return r->C;
    default: return 0;
    }
}

int ref_create(ref_model *r, size_t H, size_t S, size_t E) {
    memset(r, 0, sizeof *r);
    if (E == 0 || E > HT_MAX_MEMBERS || S == 0 || H % S != 0) return -1;
    r->I = HT_FEATURES;
    r->H = H;
    r->S = S;
    r->C = H + S;
    r->E = E;
    for (size_t m = 0; m < E; m++) {
        ref_member *mm = &r->m[m];
        for (int b = 0; b < HT_BLOCK_COUNT; b++) {
            mm->blk[b] = dalloc(ref_block_len(r, (ht_block)b));
            if (!mm->blk[b]) return -1;
        }
        for (int b = 0; b < REF_NBLK; b++) {
            mm->grad[b] = dalloc(ref_block_len(r, (ht_block)b));
            if (!mm->grad[b]) return -1;
        }
        mm->h = dalloc(H);
        mm->p = dalloc(S);
        mm->dh = dalloc(H);
        mm->dh_prev = dalloc(H);
        mm->x = dalloc(r->I);
        mm->hprev = dalloc(H);
        if (!mm->h || !mm->p || !mm->dh || !mm->dh_prev || !mm->x || !mm->hprev) return -1;
        for (size_t i = 0; i < S; i++) mm->p[i] = 1.0 / (double)S;
    }
    r->wdelta = dalloc(HT_DELTA_OUTPUTS * r->C);
    return r->wdelta ? 0 : -1;
}

void ref_free(ref_model *r) {
    for (size_t m = 0; m < r->E; m++) {
        ref_member *mm = &r->m[m];
        for (int b = 0; b < HT_BLOCK_COUNT; b++) free(mm->blk[b]);
        for (int b = 0; b < REF_NBLK; b++) free(mm->grad[b]);
        free(mm->h);
        free(mm->p);
        free(mm->dh);
        free(mm->dh_prev);
        free(mm->x);
        free(mm->hprev);
    }
    free(r->wdelta);
    memset(r, 0, sizeof *r);
}

int ref_sync_from_trainer(ref_model *r, const ht_trainer *tr) {
    size_t cap = HT_DELTA_OUTPUTS * r->C;
    if (r->H * r->H > cap) cap = r->H * r->H;
    if (r->H * r->I > cap) cap = r->H * r->I;
    float *buf = calloc(cap, sizeof(float));
    float *pb = calloc(r->S, sizeof(float));
    if (!buf || !pb) {
        free(buf);
        free(pb);
        return -1;
    }
    int rc = 0;
    for (size_t m = 0; m < r->E && rc == 0; m++) {
        for (int b = 0; b < HT_BLOCK_COUNT && rc == 0; b++) {
            size_t n = ref_block_len(r, (ht_block)b);
            rc = ht_member_block_get(tr, m, (ht_block)b, buf, cap);
            for (size_t i = 0; i < n; i++) r->m[m].blk[b][i] = buf[i];
        }
        if (rc == 0) rc = ht_member_latent_get(tr, m, buf, pb);
        for (size_t i = 0; i < r->H; i++) r->m[m].h[i] = buf[i];
        for (size_t i = 0; i < r->S; i++) r->m[m].p[i] = pb[i];
    }
    if (rc == 0) rc = ht_delta_head_get(tr, buf, cap);
    for (size_t i = 0; i < HT_DELTA_OUTPUTS * r->C; i++) r->wdelta[i] = buf[i];
    free(buf);
    free(pb);
    return rc;
}

int ref_sync_state_from_trainer(ref_model *r, const ht_trainer *tr) {
    ht_state_view v;
    int rc = ht_state_view_get(tr, &v);
    if (rc) return rc;
    r->step = v.step;
    r->loss = v.loss;
    r->gnorm = v.grad_norm;
    r->eff_lr = v.effective_lr;
    r->ema_fast = v.ema_fast;
    r->ema_medium = v.ema_medium;
    r->ema_slow = v.ema_slow;
    r->ema_init = v.step > 0;
    r->phase_step = v.phase_step;
    r->phase = (int)v.phase;
    r->loss_head = v.loss_head;
    r->loss_len = v.loss_len;
    for (size_t i = 0; i < HT_LOSS_RING; i++) r->loss_ring[i] = v.loss_ring[i];
    r->gnorm_head = v.gnorm_head;
    r->gnorm_len = v.gnorm_len;
    for (size_t i = 0; i < HT_GNORM_RING; i++) r->gnorm_ring[i] = v.gnorm_ring[i];
    float errs[HT_ERROR_LOG];
    size_t k = ht_error_log_copy(tr, errs, HT_ERROR_LOG);
    for (size_t i = 0; i < k; i++) r->err_log[i] = errs[i];
    r->err_len = k;
    r->err_head = k % HT_ERROR_LOG;
    r->gnorm_log_len = v.gnorm_log_len;
    r->lr_log_len = v.lr_log_len;
    return 0;
}

/* ---- section 9: record_step ---- */

static void ring_push(double *ring, size_t cap, size_t *head, size_t *len, double v) {
    ring[*head] = v;
    *head = (*head + 1) % cap;
    if (*len < cap) (*len)++;
}

/* The i-th oldest of len entries of a ring whose next write index is head. */
static double ring_at(const double *ring, size_t cap, size_t head, size_t len, size_t i) {
    return ring[(head + cap - len + i) % cap];
}

void ref_record_step(ref_model *r, double loss, double gnorm) {
    r->step++;
    r->loss = loss;
    r->gnorm = gnorm;
    ring_push(r->loss_ring, HT_LOSS_RING, &r->loss_head, &r->loss_len, loss);
    ring_push(r->gnorm_ring, HT_GNORM_RING, &r->gnorm_head, &r->gnorm_len, gnorm);
    if (!r->ema_init) {
        r->ema_fast = r->ema_medium = r->ema_slow = loss;
        r->ema_init = true;
    } else {
        r->ema_fast += 0.25 * (loss - r->ema_fast);
        r->ema_medium += 0.0625 * (loss - r->ema_medium);
        r->ema_slow += 0.015625 * (loss - r->ema_slow);
    }
    r->phase_step++;
}

void ref_set_effective_lr(ref_model *r, double lr) {
    r->eff_lr = lr;
    r->conf_valid = false;
}

/* ---- section 6: features ---- */

static void ring_stats(const double *ring, size_t cap, size_t head, size_t len, double out[4]) {
    out[0] = out[1] = out[2] = out[3] = 0.0;
    if (len == 0) return;
    double s = 0.0, lo = INFINITY, hi = -INFINITY;
    for (size_t i = 0; i < len; i++) {
        double v = ring_at(ring, cap, head, len, i);
        s += v;
        if (v < lo) lo = v;
        if (v > hi) hi = v;
    }
    double mean = s / (double)len, q = 0.0;
    for (size_t i = 0; i < len; i++) {
        double d = ring_at(ring, cap, head, len, i) - mean;
        q += d * d;
    }
    out[0] = mean;
    out[1] = sqrt(q / (double)len);
    out[2] = lo;
    out[3] = hi;
}

static double log10_floor(double x) {
    double l = x > 0.0 ? log10(x) : -INFINITY;
    return l > -10.0 ? l : -10.0;
}

void ref_features(const ref_model *r, double f[HT_FEATURES]) {
    for (size_t i = 0; i < HT_FEATURES; i++) f[i] = 0.0;
    double L[4], G[4];
    ring_stats(r->loss_ring, HT_LOSS_RING, r->loss_head, r->loss_len, L);
    ring_stats(r->gnorm_ring, HT_GNORM_RING, r->gnorm_head, r->gnorm_len, G);
    f[0] = r->loss;
    for (int i = 0; i < 4; i++) f[1 + i] = L[i];
    f[5] = 0.0;
    f[6] = 1.0;
    if (r->loss_len >= 32) {
        double newer = 0.0, older = 0.0;
        for (size_t i = 0; i < 16; i++) {
            newer +=
                ring_at(r->loss_ring, HT_LOSS_RING, r->loss_head, r->loss_len, r->loss_len - 1 - i);
            older += ring_at(r->loss_ring, HT_LOSS_RING, r->loss_head, r->loss_len,
                             r->loss_len - 17 - i);
        }
        newer /= 16.0;
        older /= 16.0;
        f[5] = newer - older;
        /* The spec leaves 0/0 open; the library documents ratio 1 for older == 0. */
        f[6] = older != 0.0 ? newer / older : 1.0;
    }
    f[7] = (double)r->step / 10000.0;
    f[8] = r->gnorm;
    for (int i = 0; i < 4; i++) f[9 + i] = G[i];
    f[13] = log10_floor(r->gnorm);
    if (G[0] > 0.0) {
        f[14] = fmin(r->gnorm / G[0], 10.0);
        f[15] = G[1] / G[0];
    } else {
        /* The library's documented guard for an all-zero gradient-norm ring. */
        f[14] = r->gnorm > 0.0 ? 10.0 : 0.0;
        f[15] = 0.0;
    }
    if (r->opt_tracked) {
        f[16] = r->mom_mean;
        f[17] = r->mom_std;
        f[18] = r->var_mean;
        f[19] = r->var_std;
    }
    f[20] = log10_floor(r->eff_lr);
    f[21] = r->beta1_pow;
    f[22] = r->beta2_pow;
    f[24] = (double)r->phase;
    f[25] = (double)r->phase_step / 100.0;
}

/* ---- section 3: one GRU step ---- */

static double sigmoid(double x) { return 1.0 / (1.0 + exp(-x)); }

int ref_gru_cache_alloc(ref_gru_cache *c, size_t H) {
    double **f[] = {&c->az, &c->ar, &c->ah, &c->z, &c->r, &c->hh, &c->rh, &c->hnew};
    int rc = 0;
    for (size_t i = 0; i < sizeof f / sizeof f[0]; i++) {
        *f[i] = dalloc(H);
        if (!*f[i]) rc = -1;
    }
    return rc;
}

void ref_gru_cache_free(ref_gru_cache *c) {
    free(c->az);
    free(c->ar);
    free(c->ah);
    free(c->z);
    free(c->r);
    free(c->hh);
    free(c->rh);
    free(c->hnew);
    memset(c, 0, sizeof *c);
}

/* a = ((b + sum_{j=1..I-1} W[:,j] x[j]) + W[:,0] x[0]) + sum_j U[:,j] v[j] */
static double preact(const double *W, const double *U, const double *b, size_t i, size_t I,
                     size_t H, const double *x, const double *v) {
    double a = b[i];
    for (size_t j = 1; j < I; j++) a += W[i * I + j] * x[j];
    a += W[i * I] * x[0];
    for (size_t j = 0; j < H; j++) a += U[i * H + j] * v[j];
    return a;
}

void ref_gru_forward(const ref_model *r, size_t m, const double *x, const double *hprev,
                     ref_gru_cache *c) {
    const ref_member *mm = &r->m[m];
    const size_t I = r->I, H = r->H;
    for (size_t i = 0; i < H; i++) {
        c->az[i] = preact(mm->blk[HT_W_Z], mm->blk[HT_U_Z], mm->blk[HT_B_Z], i, I, H, x, hprev);
        c->ar[i] = preact(mm->blk[HT_W_R], mm->blk[HT_U_R], mm->blk[HT_B_R], i, I, H, x, hprev);
        c->z[i] = sigmoid(c->az[i]);
        c->r[i] = sigmoid(c->ar[i]);
        c->rh[i] = c->r[i] * hprev[i];
    }
    for (size_t i = 0; i < H; i++) {
        c->ah[i] = preact(mm->blk[HT_W_H], mm->blk[HT_U_H], mm->blk[HT_B_H], i, I, H, x, c->rh);
        c->hh[i] = tanh(c->ah[i]);
        c->hnew[i] = (1.0 - c->z[i]) * hprev[i] + c->z[i] * c->hh[i];
    }
}

double ref_stoch(const ref_model *r, const double *h, double *p) {
    const size_t S = r->S, stride = r->H / r->S;
    double mx = -INFINITY, s = 0.0, ent = 0.0;
    for (size_t i = 0; i < S; i++)
        if (h[i * stride] > mx) mx = h[i * stride];
    for (size_t i = 0; i < S; i++) {
        p[i] = exp(h[i * stride] - mx);
        s += p[i];
    }
    for (size_t i = 0; i < S; i++) {
        p[i] /= s;
        if (p[i] > 0.0) ent -= p[i] * log(p[i]);
    }
    return ent;
}

double ref_decode(const ref_model *r, size_t m, const double *h, const double *p) {
    const double *w = r->m[m].blk[HT_W_LOSS];
    double a = 0.0;
    for (size_t i = 0; i < r->H; i++) a += h[i] * w[i];
    for (size_t i = 0; i < r->S; i++) a += p[i] * w[r->H + i];
    a = a < -10.0 ? -10.0 : (a > 10.0 ? 10.0 : a);
    double l = exp(a);
    return l > 1e-6 ? l : 1e-6;
}

void ref_init_latents(ref_model *r) {
    double f[HT_FEATURES];
    ref_features(r, f);
    for (size_t m = 0; m < r->E; m++) {
        /* The features reach the library as float: round them the same way. */
        for (size_t i = 0; i < r->H; i++)
            r->m[m].h[i] = i < HT_FEATURES ? tanh((double)(float)f[i]) : 0.0;
        ref_stoch(r, r->m[m].h, r->m[m].p);
    }
    r->conf_valid = false;
}

/* ---- BPTT (section 5) ---- */

void ref_bptt(const ref_model *r, size_t m, const double *x, const double *hprev, const double *dh,
              double *const grad[REF_NBLK], double *dh_prev) {
    const ref_member *mm = &r->m[m];
    const size_t I = r->I, H = r->H;
    ref_gru_cache c;
    double *daz = dalloc(H), *dar = dalloc(H), *dah = dalloc(H), *drh = dalloc(H);
    if (ref_gru_cache_alloc(&c, H) != 0 || !daz || !dar || !dah || !drh) abort();
    ref_gru_forward(r, m, x, hprev, &c);
    for (size_t i = 0; i < H; i++) {
        /* h' = (1 - z) h + z h~ */
        double dz = dh[i] * (c.hh[i] - hprev[i]);
        double dhh = dh[i] * c.z[i];
        dah[i] = dhh * (1.0 - c.hh[i] * c.hh[i]);
        daz[i] = dz * c.z[i] * (1.0 - c.z[i]);
    }
    /* d(r*h) = U_h^T da_h */
    const double *Uh = mm->blk[HT_U_H], *Uz = mm->blk[HT_U_Z], *Ur = mm->blk[HT_U_R];
    for (size_t j = 0; j < H; j++) {
        double s = 0.0;
        for (size_t i = 0; i < H; i++) s += Uh[i * H + j] * dah[i];
        drh[j] = s;
    }
    for (size_t i = 0; i < H; i++) {
        double dr = drh[i] * hprev[i];
        dar[i] = dr * c.r[i] * (1.0 - c.r[i]);
    }
    for (size_t j = 0; j < H; j++) {
        double s = dh[j] * (1.0 - c.z[j]) + drh[j] * c.r[j];
        for (size_t i = 0; i < H; i++) s += Uz[i * H + j] * daz[i] + Ur[i * H + j] * dar[i];
        dh_prev[j] = s;
    }
    const double *da[3] = {daz, dar, dah};
    for (int g = 0; g < 3; g++) {
        const double *v = g == 2 ? c.rh : hprev;
        for (size_t i = 0; i < H; i++) {
            for (size_t j = 0; j < I; j++) grad[HT_W_Z + g][i * I + j] = da[g][i] * x[j];
            for (size_t j = 0; j < H; j++) grad[HT_U_Z + g][i * H + j] = da[g][i] * v[j];
            grad[HT_B_Z + g][i] = da[g][i];
        }
    }
    ref_gru_cache_free(&c);
    free(daz);
    free(dar);
    free(dah);
    free(drh);
}

double ref_dot_dh_hnew(const ref_model *r, size_t m, const double *x, const double *hprev,
                       const double *dh) {
    ref_gru_cache c;
    if (ref_gru_cache_alloc(&c, r->H) != 0) abort();
    ref_gru_forward(r, m, x, hprev, &c);
    double s = 0.0;
    for (size_t i = 0; i < r->H; i++) s += dh[i] * c.hnew[i];
    ref_gru_cache_free(&c);
    return s;
}

/* ---- section 4: predict ---- */

int ref_prediction_alloc(ref_prediction *p, const ref_model *r, size_t max_n) {
    memset(p, 0, sizeof *p);
    p->traj = dalloc(max_n + 1);
    p->final_h = dalloc(r->E * r->H);
    return p->traj && p->final_h ? 0 : -1;
}

void ref_prediction_free(ref_prediction *p) {
    free(p->traj);
    free(p->final_h);
    memset(p, 0, sizeof *p);
}

void ref_predict(const ref_model *r, size_t n, ref_prediction *out, ref_step_fn fn, void *user) {
    const size_t E = r->E, H = r->H, S = r->S, C = r->C;
    out->n = n;
    out->traj[0] = r->loss;
    if (n == 0) {
        out->final_loss = r->loss;
        out->total_std = out->aleatoric = out->epistemic = 0.0;
        out->confidence = 1.0;
        out->lower = out->upper = r->loss;
        out->entropy = 0.0;
        return;
    }
    double f[HT_FEATURES], x[HT_FEATURES];
    ref_features(r, f);
    for (size_t i = 0; i < HT_FEATURES; i++) f[i] = (double)(float)f[i]; /* f32 inputs */
    double *h = dalloc(H), *p = dalloc(S), *cbar = dalloc(C), *final = dalloc(E);
    ref_gru_cache c;
    if (!h || !p || !cbar || !final || ref_gru_cache_alloc(&c, H) != 0) abort();
    for (size_t k = 1; k <= n; k++) out->traj[k] = 0.0;
    double ent = 0.0;
    for (size_t m = 0; m < E; m++) {
        memcpy(x, f, sizeof x);
        memcpy(h, r->m[m].h, H * sizeof(double));
        double loss = 0.0;
        for (size_t k = 1; k <= n; k++) {
            ref_gru_forward(r, m, x, h, &c);
            memcpy(h, c.hnew, H * sizeof(double));
            double e = ref_stoch(r, h, p);
            loss = ref_decode(r, m, h, p);
            ent += e;
            out->traj[k] += loss;
            if (fn) fn(user, m, k, h, p, loss, e);
            x[0] = loss;
        }
        final[m] = loss;
        memcpy(out->final_h + m * H, h, H * sizeof(double));
        for (size_t i = 0; i < H; i++) cbar[i] += h[i];
        for (size_t i = 0; i < S; i++) cbar[H + i] += p[i];
    }
    for (size_t k = 1; k <= n; k++) out->traj[k] /= (double)E;
    for (size_t i = 0; i < C; i++) cbar[i] /= (double)E;
    double mean = out->traj[n], var = 0.0;
    for (size_t m = 0; m < E; m++) var += (final[m] - mean) * (final[m] - mean);
    var /= (double)E;
    double tstd = sqrt(var) * (1.0 + 0.1 * sqrt((double)n));
    out->final_loss = mean;
    out->total_std = tstd;
    out->confidence = 1.0 / (1.0 + tstd);
    out->aleatoric = out->epistemic = tstd / 2.0;
    out->lower = mean - 2.0 * tstd;
    out->upper = mean + 2.0 * tstd;
    out->entropy = ent / ((double)E * (double)n);
    for (size_t k = 0; k < HT_DELTA_OUTPUTS; k++) {
        double s = 0.0;
        for (size_t i = 0; i < C; i++) s += r->wdelta[k * C + i] * cbar[i];
        out->f[k] = s;
    }
    double t0 = out->traj[0], tn = out->traj[n];
    /* docs/kernels.md divides by traj[0]; with no loss reported yet (0) there is
   * no improvement to measure, so the reference uses 0 there. */
    out->loss_improvement = t0 > 0.0 ? fmax(0.0, t0 - tn) / t0 : 0.0;
    double lr = fmax(r->eff_lr, 1e-8), gn = fmax(r->gnorm, 1e-8);
    out->magnitude = lr * gn * (1.0 + tanh(out->f[0])) * (1.0 + out->loss_improvement) * (double)n;
    double s1 = sigmoid(out->f[1]);
    for (size_t i = 0; i < HT_DELTA_LAYERS; i++)
        out->layer[i] = out->magnitude * sigmoid(out->f[2 + i]) * s1;
    out->meta_confidence = out->confidence * s1;
    ref_gru_cache_free(&c);
    free(h);
    free(p);
    free(cbar);
    free(final);
}

/* ---- section 5: observe_gradient ---- */

void ref_observe(ref_model *r, double loss, double gnorm) {
    const size_t E = r->E, H = r->H, S = r->S, C = r->C, I = r->I;
    r->conf_valid = false;
    ref_prediction pr;
    if (ref_prediction_alloc(&pr, r, 1) != 0) abort();
    ref_predict(r, 1, &pr, NULL, NULL);
    r->err_log[r->err_head] = fabs(pr.final_loss - loss);
    r->err_head = (r->err_head + 1) % HT_ERROR_LOG;
    if (r->err_len < HT_ERROR_LOG) r->err_len++;
    ref_prediction_free(&pr);

    double f[HT_FEATURES];
    ref_features(r, f);
    double *c = dalloc(C), *p = dalloc(S);
    ref_gru_cache gc;
    if (!c || !p || ref_gru_cache_alloc(&gc, H) != 0) abort();

    /* Weight-delta targets (the same for every member). */
    double t[HT_DELTA_OUTPUTS];
    double base = fmax(r->eff_lr, 1e-8) * fmax(r->gnorm, 1e-8);
    double actual = r->eff_lr * gnorm;
    t[0] = base > 1e-12 ? fmin(fmax(actual / base - 1.0, -0.99), 0.99) : 0.0;
    double gs = fmin(gnorm / base, 10.0);
    bool fell = r->loss_len > 0 && loss < ring_at(r->loss_ring, HT_LOSS_RING, r->loss_head,
                                                  r->loss_len, r->loss_len - 1);
    t[1] = fell ? 0.5 + 0.3 * tanh(gs) : 0.3 + 0.2 * tanh(gs);
    for (int k = 2; k < HT_DELTA_OUTPUTS; k++) t[k] = 0.9;

    for (size_t m = 0; m < E; m++) {
        ref_member *mm = &r->m[m];
        for (size_t i = 0; i < I; i++) mm->x[i] = (double)(float)f[i];
        memcpy(mm->hprev, mm->h, H * sizeof(double));
        ref_gru_forward(r, m, mm->x, mm->hprev, &gc);
        memcpy(mm->h, gc.hnew, H * sizeof(double));
        ref_stoch(r, mm->h, mm->p);
        mm->pred = ref_decode(r, m, mm->h, mm->p);
        mm->err = mm->pred - loss;
        memcpy(c, mm->h, H * sizeof(double));
        memcpy(c + H, mm->p, S * sizeof(double));
        double *wl = mm->blk[HT_W_LOSS];
        for (size_t i = 0; i < C; i++) wl[i] -= REF_LR * mm->err * mm->pred * c[i];
        for (size_t i = 0; i < H; i++) mm->dh[i] = mm->err * mm->pred * wl[i];
        ref_bptt(r, m, mm->x, mm->hprev, mm->dh, mm->grad, mm->dh_prev);
        double ss = 0.0;
        for (int b = 0; b < REF_NBLK; b++) {
            size_t n = ref_block_len(r, (ht_block)b);
            for (size_t i = 0; i < n; i++) ss += mm->grad[b][i] * mm->grad[b][i];
        }
        mm->gnorm_total = sqrt(ss);
        mm->clip_scale = mm->gnorm_total > REF_CLIP ? REF_CLIP / mm->gnorm_total : 1.0;
        for (int b = 0; b < REF_NBLK; b++) {
            size_t n = ref_block_len(r, (ht_block)b);
            for (size_t i = 0; i < n; i++)
                mm->blk[b][i] -= REF_LR * mm->clip_scale * mm->grad[b][i];
        }
        /* Weight-delta head on this member's combined state. */
        double e[HT_DELTA_OUTPUTS];
        for (size_t k = 0; k < HT_DELTA_OUTPUTS; k++) {
            double fk = 0.0;
            for (size_t i = 0; i < C; i++) fk += r->wdelta[k * C + i] * c[i];
            if (k == 0) {
                double th = tanh(fk);
                e[k] = (th - t[0]) * (1.0 - th * th);
            } else {
                double sg = sigmoid(fk);
                e[k] = (sg - t[k]) * sg * (1.0 - sg);
            }
        }
        for (size_t k = 0; k < HT_DELTA_OUTPUTS; k++)
            for (size_t i = 0; i < C; i++) r->wdelta[k * C + i] -= REF_DELTA_LR * e[k] * c[i];
    }
    if (r->gnorm_log_len < HT_LR_LOG) r->gnorm_log_len++;
    if (r->lr_log_len < HT_LR_LOG) r->lr_log_len++;
    ref_gru_cache_free(&gc);
    free(c);
    free(p);
}

/* ---- section 8: confidence ---- */

double ref_confidence_cold(ref_model *r) {
    ref_prediction pr;
    if (ref_prediction_alloc(&pr, r, 10) != 0) abort();
    ref_predict(r, 10, &pr, NULL, NULL);
    double agreement = 1.0 / (1.0 + pr.total_std);
    ref_prediction_free(&pr);
    double historical = 0.7;
    if (r->err_len >= 10) {
        size_t k = r->err_len < 50 ? r->err_len : 50;
        double s = 0.0;
        for (size_t i = 0; i < k; i++)
            s += r->err_log[(r->err_head + HT_ERROR_LOG - 1 - i) % HT_ERROR_LOG];
        historical = fmin(0.99, 1.0 / (1.0 + s / (double)k));
    }
    double stability =
        fmax(0.5, 1.0 / (1.0 + 2.0 * fabs(r->ema_fast - r->ema_slow) / fabs(r->ema_slow)));
    double v = 0.4 * agreement + 0.4 * historical + 0.2 * stability;
    v = v < 0.0 ? 0.0 : (v > 1.0 ? 1.0 : v);
    r->conf_valid = true;
    r->conf_step = r->step;
    r->conf_value = v;
    return v;
}

double ref_confidence(ref_model *r) {
    if (r->conf_valid && r->conf_step == r->step) return r->conf_value;
    return ref_confidence_cold(r);
}
