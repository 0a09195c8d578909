/* observe.c: observe_gradient (docs/kernels.md section 5): one online training
 * step of every member (one-step truncated BPTT through the GRU, global-norm
 * clipping, SGD) and of the loss and weight-delta heads.
 *
 * The nine gradient blocks are outer products (da_g x^T, da_g h^T, da_h
 * (r*h)^T) plus bias vectors, so they are never materialised: the global L2
 * norm uses ||a b^T||_F^2 = ||a||^2 ||b||^2 and SGD applies
 * W -= (lr * clip * b[j]) * da[i] in one pass over the weights. That reads and
 * writes each weight once (about 1 MB per member) instead of three times.
 * Every pass on the pool owns disjoint outputs: thread-count independent. */
#include <math.h>
#include <string.h>

#include "ht_math.h"
#include "trainer_internal.h"

#define GRU_LR 0.001f
#define DELTA_LR 0.0001f /* lr * 0.1 */
#define CLIP_NORM 5.0

typedef struct {
    ht_trainer *tr;
    const ht_kernels *k;
    size_t rows_per_chunk, chunks_per_member;
    float cs[HT_MAX_MEMBERS]; /* lr * clip scale per member */
} bptt_ctx;

/* drh[j] = sum_i U_h[i][j] da_h[i]: row j of the U_h panels dotted with da_h. */
static void drh_task(void *vctx, size_t chunk) {
    const bptt_ctx *c = vctx;
    ht_trainer *tr = c->tr;
    const size_t m = chunk / c->chunks_per_member;
    const size_t j0 = (chunk % c->chunks_per_member) * c->rows_per_chunk;
    const size_t j1 = j0 + c->rows_per_chunk < tr->H ? j0 + c->rows_per_chunk : tr->H;
    ht__scratch *s = &tr->sc[m];
    for (size_t j = j0; j < j1; j++)
        s->drh[j] = c->k->dot_panels(tr->m[m].uh + j * HT_PANEL, tr->ps_u, s->da + 2 * tr->Hp,
                                     tr->Hp / HT_PANEL);
}

/* dh_prev[j] = (dh (1 - z) + drh r)[j] + (U_z^T da_z + U_r^T da_r)[j]; the
 * last two are one 16-lane dot over the 2*Hp outputs of the U_zr panels. */
static void dhprev_task(void *vctx, size_t chunk) {
    const bptt_ctx *c = vctx;
    ht_trainer *tr = c->tr;
    const size_t m = chunk / c->chunks_per_member;
    const size_t j0 = (chunk % c->chunks_per_member) * c->rows_per_chunk;
    const size_t j1 = j0 + c->rows_per_chunk < tr->H ? j0 + c->rows_per_chunk : tr->H;
    ht__scratch *s = &tr->sc[m];
    const float *z = s->g, *r = s->g + tr->Hp;
    for (size_t j = j0; j < j1; j++) {
        float zr =
            c->k->dot_panels(tr->m[m].uzr + j * HT_PANEL, tr->ps_u, s->da, 2 * tr->Hp / HT_PANEL);
        tr->m[m].dh_prev[j] = (s->dh[j] * (1.0f - z[j]) + s->drh[j] * r[j]) + zr;
    }
}

/* SGD on the panels of one chunk. The update passes use exactly the chunk
 * numbering of the GRU passes that read the same matrix (xpart: wx, pass A:
 * uzr, pass B: uh), so on the pool each panel is written by the thread that
 * reads it in every step: with 2 threads, a numbering that moved panels
 * between cores made this pass 4x slower than on 1 thread (lines in the
 * other core's cache). */
typedef enum { UPD_WX, UPD_UZR, UPD_UH } upd_matrix;

typedef struct {
    bptt_ctx *bc;
    upd_matrix which;
    size_t panels, chunks; /* per member */
} upd_ctx;

static void update_task(void *vctx, size_t chunk) {
    const upd_ctx *u = vctx;
    const bptt_ctx *c = u->bc;
    ht_trainer *tr = c->tr;
    const size_t m = chunk / u->chunks;
    const size_t p0 = (chunk % u->chunks) * HT__CHUNK_PANELS;
    const size_t np = u->panels - p0 < HT__CHUNK_PANELS ? u->panels - p0 : HT__CHUNK_PANELS;
    ht__member *mm = &tr->m[m];
    ht__scratch *s = &tr->sc[m];
    /* coef holds cs * x (I), then cs * h_prev (H), then cs * rh (H) */
    switch (u->which) {
    case UPD_WX:
        c->k->sgd_outer_panels(mm->wx + p0 * tr->ps_x, tr->ps_x, s->coef, s->da + p0 * HT_PANEL,
                               tr->I, np);
        break;
    case UPD_UZR:
        c->k->sgd_outer_panels(mm->uzr + p0 * tr->ps_u, tr->ps_u, s->coef + tr->I,
                               s->da + p0 * HT_PANEL, tr->H, np);
        break;
    case UPD_UH:
        c->k->sgd_outer_panels(mm->uh + p0 * tr->ps_u, tr->ps_u, s->coef + tr->I + tr->H,
                               s->da + 2 * tr->Hp + p0 * HT_PANEL, tr->H, np);
        break;
    }
}

static void run_update(ht_trainer *tr, bptt_ctx *bc, upd_matrix which, size_t panels) {
    upd_ctx u = {bc, which, panels, (panels + HT__CHUNK_PANELS - 1) / HT__CHUNK_PANELS};
    ht__pool_run(tr->pool, update_task, &u, u.chunks * tr->E);
}

/* Section 5 step 3, weight-delta head, for one member's combined state c. */
static void delta_head_update(ht_trainer *tr, const ht_kernels *k, const float *c,
                              float observed_gnorm, bool loss_fell) {
    const size_t C = tr->C;
    float f[HT_DELTA_OUTPUTS], e[HT_DELTA_OUTPUTS], t[HT_DELTA_OUTPUTS];
    for (size_t r = 0; r < HT_DELTA_OUTPUTS; r++) f[r] = k->dot(tr->w_delta + r * C, c, C);
    const float base =
        (tr->eff_lr > 1e-8f ? tr->eff_lr : 1e-8f) * (tr->gnorm > 1e-8f ? tr->gnorm : 1e-8f);
    const float actual = tr->eff_lr * observed_gnorm;
    if (base > 1e-12f) {
        float v = actual / base - 1.0f;
        t[0] = v < -0.99f ? -0.99f : (v > 0.99f ? 0.99f : v);
    } else {
        t[0] = 0.0f;
    }
    float gs = observed_gnorm / base;
    gs = gs < 10.0f ? gs : 10.0f;
    t[1] = loss_fell ? 0.5f + 0.3f * ht_tanhf(gs) : 0.3f + 0.2f * ht_tanhf(gs);
    for (size_t r = 2; r < HT_DELTA_OUTPUTS; r++) t[r] = 0.9f;
    const float th = ht_tanhf(f[0]);
    e[0] = (th - t[0]) * (1.0f - th * th);
    for (size_t r = 1; r < HT_DELTA_OUTPUTS; r++) {
        const float sg = ht_sigmoidf(f[r]);
        e[r] = (sg - t[r]) * (sg * (1.0f - sg));
    }
    float a[HT_DELTA_OUTPUTS];
    for (size_t r = 0; r < HT_DELTA_OUTPUTS; r++) a[r] = DELTA_LR * e[r];
    k->sgd_outer_rows(tr->w_delta, C, a, c, HT_DELTA_OUTPUTS, C);
}

static void log_push(float *ring, size_t cap, size_t *head, size_t *len, float v) {
    ht__ring_push(ring, cap, head, len, v);
}

int ht_observe_gradient(ht_trainer *tr, float loss, float grad_norm) {
    if (!tr) return HT_ENULL;
    if (!ht__finite(loss) || !ht__finite(grad_norm)) return HT_ENONFINITE;
    if (grad_norm < 0.0f) return HT_ERANGE;
    const ht_kernels *k = ht_kernels_active();
    const size_t H = tr->H, Hp = tr->Hp, I = tr->I;

    /* 1: invalidate the cache. 2-3: predict(state, 1) is exactly the GRU step
   * that step 3 trains on (same latents, same features), so one step serves
   * both: the prediction is the member mean of the decoded losses, computed
   * as ht__predict computes trajectory[1] (binary64 sum in member order). */
    tr->conf_valid = false;
    float f[HT_FEATURES];
    ht_compute_features(tr, f);
    ht__scratch_load_latents(tr);
    for (size_t m = 0; m < tr->E; m++) {
        memcpy(tr->sc[m].x, f, HT_FEATURES * sizeof(float));
        memcpy(tr->sc[m].hprev, tr->sc[m].h, Hp * sizeof(float));
    }
    ht__gru_xpart(tr);
    ht__gru_step(tr);
    double pred_sum = 0.0;
    for (size_t m = 0; m < tr->E; m++) {
        ht__member_decode(tr, m);
        pred_sum += tr->sc[m].loss;
    }
    const float pred_mean = (float)(pred_sum / (double)tr->E);
    float err_abs = pred_mean - loss;
    err_abs = err_abs < 0.0f ? -err_abs : err_abs;
    log_push(tr->err_log, HT_ERROR_LOG, &tr->err_head, &tr->err_len, err_abs);

    const bool loss_fell =
        tr->loss_len > 0 && loss < ht__hist_window(tr->loss_hist, HT_LOSS_RING, tr->loss_head,
                                                   tr->loss_len)[tr->loss_len - 1];
    bptt_ctx bc = {.tr = tr, .k = k, .rows_per_chunk = 32, .chunks_per_member = (H + 31) / 32};
    double xx = k->dot(f, f, I);
    for (size_t m = 0; m < tr->E; m++) {
        ht__member *mm = &tr->m[m];
        ht__scratch *s = &tr->sc[m];
        memcpy(mm->h, s->h, Hp * sizeof(float));
        memcpy(mm->p, s->p, tr->S * sizeof(float));
        const float pred = s->loss;
        const float err = pred - loss;
        /* loss head: w -= lr err pred c; then dh = err pred w (updated w) */
        const float gl = GRU_LR * err * pred;
        k->sgd_outer_rows(mm->w_loss, tr->C, &gl, s->c, 1, tr->C);
        const float ep = err * pred;
        memset(s->dh, 0, Hp * sizeof(float));
        for (size_t i = 0; i < H; i++) s->dh[i] = ep * mm->w_loss[i];
        /* gate gradients (padded entries stay 0) */
        const float *z = s->g, *ht = s->g + 2 * Hp, *hp = s->hprev;
        float *da_z = s->da, *da_h = s->da + 2 * Hp;
        memset(s->da, 0, 3 * Hp * sizeof(float));
        for (size_t i = 0; i < H; i++) {
            const float dz = s->dh[i] * (ht[i] - hp[i]);
            da_z[i] = dz * (z[i] * (1.0f - z[i]));
            const float dht = s->dh[i] * z[i];
            da_h[i] = dht * (1.0f - ht[i] * ht[i]);
        }
    }
    /* drh = U_h^T da_h for every member (before any weight changes). */
    ht__pool_run(tr->pool, drh_task, &bc, bc.chunks_per_member * tr->E);
    for (size_t m = 0; m < tr->E; m++) {
        ht__scratch *s = &tr->sc[m];
        const float *r = s->g + Hp, *hp = s->hprev;
        float *da_r = s->da + Hp;
        for (size_t i = 0; i < H; i++) da_r[i] = (s->drh[i] * hp[i]) * (r[i] * (1.0f - r[i]));
    }
    ht__pool_run(tr->pool, dhprev_task, &bc, bc.chunks_per_member * tr->E);

    /* Global L2 norm over the nine blocks of each member, then the SGD
   * coefficients cs * x, cs * h_prev, cs * (r h_prev). */
    for (size_t m = 0; m < tr->E; m++) {
        ht__scratch *s = &tr->sc[m];
        const double hh = k->dot(s->hprev, s->hprev, H);
        const double rr = k->dot(s->rh, s->rh, H);
        const double zz = k->dot(s->da, s->da, H);
        const double r2 = k->dot(s->da + Hp, s->da + Hp, H);
        const double h2 = k->dot(s->da + 2 * Hp, s->da + 2 * Hp, H);
        const double sq = zz * (xx + hh + 1.0) + r2 * (xx + hh + 1.0) + h2 * (xx + rr + 1.0);
        const double norm = sqrt(sq);
        const double scale = norm > CLIP_NORM ? CLIP_NORM / norm : 1.0;
        const float cs = (float)((double)GRU_LR * scale);
        bc.cs[m] = cs;
        for (size_t j = 0; j < I; j++) s->coef[j] = cs * s->x[j];
        for (size_t j = 0; j < H; j++) s->coef[I + j] = cs * s->hprev[j];
        for (size_t j = 0; j < H; j++) s->coef[I + H + j] = cs * s->rh[j];
    }
    run_update(tr, &bc, UPD_WX, 3 * Hp / HT_PANEL);
    run_update(tr, &bc, UPD_UZR, 2 * Hp / HT_PANEL);
    run_update(tr, &bc, UPD_UH, Hp / HT_PANEL);
    for (size_t m = 0; m < tr->E; m++)
        k->sgd_outer_rows(tr->m[m].b, 3 * Hp, &bc.cs[m], tr->sc[m].da, 1, 3 * Hp);

    /* Weight-delta head: shared, updated member by member in order. */
    for (size_t m = 0; m < tr->E; m++) delta_head_update(tr, k, tr->sc[m].c, grad_norm, loss_fell);

    /* 4: logs. */
    log_push(tr->gnorm_log, HT_LR_LOG, &tr->gnorm_log_head, &tr->gnorm_log_len, grad_norm);
    log_push(tr->lr_log, HT_LR_LOG, &tr->lr_log_head, &tr->lr_log_len, tr->eff_lr);
    return HT_OK;
}
