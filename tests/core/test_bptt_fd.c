/* test_bptt_fd.c: gradients of observe_gradient checked against central
 * finite differences. Part A checks the binary64 reference's one-step BPTT:
 * for a fixed vector dh, the scalar f(params) = dot(dh, h'(params)) has
 * exactly the BPTT result as its gradient, so each of the nine GRU blocks
 * and h_prev are compared with (f(w + e) - f(w - e)) / 2e in binary64; the
 * loss head's gradient err * pred * c is checked against the FD of
 * L = 0.5 (pred - actual)^2. Part B checks the library: the change of every
 * weight in one ht_observe_gradient, divided by -lr * clip_scale, must be the
 * reference gradient (dh built from the *updated* loss weight, as the spec
 * says, and the test proves that the alternative would be detected), with
 * and without clipping; ht_member_dh_prev_get must match the FD of f with
 * respect to h_prev. This test must never compare the library with itself
 * and never use a finite difference in binary32.
 *
 * Tolerances. Part A uses the fourth-order central difference
 * (-f(w+2e) + 8 f(w+e) - 8 f(w-e) + f(w-2e)) / 12e with e = 1e-4 in binary64:
 * truncation e^4 |f^(5)| / 30 ~ 3e-18 * 3^5 * 16 ~ 1e-14 (|x| <= 3), and
 * cancellation 1.5 eps |f| / e ~ 1.5 * 1.1e-16 * 10 / 1e-4 ~ 2e-11 for
 * |f| <= 10. (The two-point formula with e = 1e-6 had 1e-9 of cancellation
 * noise, too much for gradients of 3e-5.) So |fd - g| <= 1e-5 |g| + 1e-10
 * holds with a wide margin; the measured worst is printed. Part B: a weight
 * update is stored in binary32,  * which rounds it by 1/2 ulp(W_after) <= 3.7e-9 for |W| < 0.0625; in
 * gradient units that is 1/2 ulp / (lr * clip); on top, norm-wise 2e-4 of
 * the block's largest gradient (test_reference.c measures 2.6e-5) for the
 * binary32 gradient chain. dh_prev: norm-wise 1e-4 (measured 6e-6). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ht.h"
#include "ref_model.h"
#include "test_util.h"

static const char *const block_names[HT_BLOCK_COUNT] = {"W_z", "W_r", "W_h", "U_z", "U_r",
                                                        "U_h", "b_z", "b_r", "b_h", "w_loss"};

#define FD_EPS 1e-4
#define FD_RTOL 1e-5
#define FD_ATOL 1e-10
#define SAMPLES_PER_BLOCK 40

static double worst_fd_rel, worst_implied, worst_implied_loss, worst_dhprev;

static double *dvec(size_t n) { return tu_alloc(n * sizeof(double)); }

/* What a finite difference perturbs and evaluates. */
typedef struct {
    ref_model *ref;
    size_t m;
    const double *x, *hprev, *dh; /* f = dot(dh, h'(x, hprev)) */
    int loss;                     /* 1: f = 0.5 (decode(h, p) - actual)^2 */
    const double *h, *p;
    double actual;
} fd_ctx;

static double fd_eval(const fd_ctx *c) {
    if (c->loss) {
        double e = ref_decode(c->ref, c->m, c->h, c->p) - c->actual;
        return 0.5 * e * e;
    }
    return ref_dot_dh_hnew(c->ref, c->m, c->x, c->hprev, c->dh);
}

/* Fourth-order central difference of f with respect to *slot. */
static double fd4(double *slot, const fd_ctx *c) {
    const double w0 = *slot;
    *slot = w0 + 2.0 * FD_EPS;
    double f2p = fd_eval(c);
    *slot = w0 + FD_EPS;
    double f1p = fd_eval(c);
    *slot = w0 - FD_EPS;
    double f1m = fd_eval(c);
    *slot = w0 - 2.0 * FD_EPS;
    double f2m = fd_eval(c);
    *slot = w0;
    return (-f2p + 8.0 * f1p - 8.0 * f1m + f2m) / (12.0 * FD_EPS);
}

/* Indices to sample in a block of n: first, last, and a deterministic spread. */
static size_t sample_index(ht_rng *rng, size_t n, int s) {
    if (s == 0) return 0;
    if (s == 1) return n - 1;
    return (size_t)(ht_rng_next(rng) % n);
}

static void fd_check(double g, double fd, const char *what, size_t idx) {
    double d = fabs(fd - g);
    double rel = d / fmax(fabs(g), FD_ATOL / FD_RTOL);
    if (rel > worst_fd_rel) worst_fd_rel = rel;
    CHECK(d <= FD_RTOL * fabs(g) + FD_ATOL, "%s [%zu]: analytic %.12g fd %.12g |diff| %.3g", what,
          idx, g, fd, d);
}

/* Part A on member m of a reference with non-trivial weights. */
static void part_a(ref_model *ref, size_t m, const double *x, const double *hprev,
                   const char *cname) {
    const size_t H = ref->H;
    ht_rng rng;
    ht_rng_seed(&rng, 0xfdfd + m);
    double *dh = dvec(H), *dh_prev = dvec(H), *grad[REF_NBLK];
    for (size_t i = 0; i < H; i++) dh[i] = 2.0 * (double)ht_rng_unit_f32(&rng) - 1.0;
    for (int b = 0; b < REF_NBLK; b++) grad[b] = dvec(ref_block_len(ref, (ht_block)b));
    ref_bptt(ref, m, x, hprev, dh, grad, dh_prev);
    char what[512];
    double *hp = dvec(H);
    memcpy(hp, hprev, H * sizeof(double));
    fd_ctx fc = {.ref = ref, .m = m, .x = x, .hprev = hp, .dh = dh};
    for (int b = 0; b < REF_NBLK; b++) {
        size_t n = ref_block_len(ref, (ht_block)b);
        double *w = ref->m[m].blk[b];
        snprintf(what, sizeof what, "%s member %zu d f / d %s", cname, m, block_names[b]);
        for (int s = 0; s < SAMPLES_PER_BLOCK; s++) {
            size_t i = sample_index(&rng, n, s);
            fd_check(grad[b][i], fd4(&w[i], &fc), what, i);
        }
    }
    /* dh_prev: every entry */
    snprintf(what, sizeof what, "%s member %zu d f / d h_prev", cname, m);
    for (size_t j = 0; j < H; j++) fd_check(dh_prev[j], fd4(&hp[j], &fc), what, j);
    /* Loss head: L = 0.5 (decode(c; w) - actual)^2, dL/dw = err pred c while
   * the clamp is inactive. */
    ref_gru_cache c;
    REQUIRE(ref_gru_cache_alloc(&c, H) == 0);
    ref_gru_forward(ref, m, x, hprev, &c);
    double *p = dvec(ref->S);
    ref_stoch(ref, c.hnew, p);
    const double actual = 2.0;
    double pred = ref_decode(ref, m, c.hnew, p), err = pred - actual;
    double *wl = ref->m[m].blk[HT_W_LOSS];
    snprintf(what, sizeof what, "%s member %zu dL / d w_loss", cname, m);
    fd_ctx lc = {.ref = ref, .m = m, .loss = 1, .h = c.hnew, .p = p, .actual = actual};
    for (size_t i = 0; i < ref->C; i++) {
        double ci = i < H ? c.hnew[i] : p[i - H];
        fd_check(err * pred * ci, fd4(&wl[i], &lc), what, i);
    }
    ref_gru_cache_free(&c);
    free(p);
    free(hp);
    for (int b = 0; b < REF_NBLK; b++) free(grad[b]);
    free(dh);
    free(dh_prev);
}

static double ulp_f32(double x) {
    float f = (float)fabs(x);
    return (double)nextafterf(f, INFINITY) - (double)f;
}

/* Norm-wise distance of the library's implied gradient from g, in units of
 * max|g|, beyond the binary32 store rounding; returns -1 when n == 0. */
static double implied_grad_error(const float *before, const float *after, const double *g, size_t n,
                                 double lr_scale) {
    double big = 0.0, worst = 0.0;
    for (size_t i = 0; i < n; i++) big = fmax(big, fabs(g[i]));
    if (big == 0.0) big = 1e-300;
    for (size_t i = 0; i < n; i++) {
        double gl = ((double)after[i] - (double)before[i]) / -lr_scale;
        double slack = 0.5 * ulp_f32(after[i]) / lr_scale;
        double e = fmax(0.0, fabs(gl - g[i]) - slack) / big;
        if (e > worst) worst = e;
    }
    return worst;
}

/* Part B: one library observe_gradient against the reference. */
static void part_b(ht_trainer *tr, ref_model *ref, float loss, float gnorm, int want_clip,
                   const char *cname) {
    const size_t E = ref->E, H = ref->H, C = ref->C;
    REQUIRE(ref_sync_from_trainer(ref, tr) == 0);
    REQUIRE(ref_sync_state_from_trainer(ref, tr) == 0);
    float *before[HT_MAX_MEMBERS][HT_BLOCK_COUNT], *after[HT_MAX_MEMBERS][HT_BLOCK_COUNT];
    for (size_t m = 0; m < E; m++)
        for (int b = 0; b < HT_BLOCK_COUNT; b++) {
            size_t n = ref_block_len(ref, (ht_block)b);
            before[m][b] = tu_alloc(n * sizeof(float));
            after[m][b] = tu_alloc(n * sizeof(float));
            CHECK_OK(ht_member_block_get(tr, m, (ht_block)b, before[m][b], n));
        }
    /* Old loss weights for the "stale w_loss" alternative. */
    double *wl_old[HT_MAX_MEMBERS];
    for (size_t m = 0; m < E; m++) {
        wl_old[m] = dvec(C);
        memcpy(wl_old[m], ref->m[m].blk[HT_W_LOSS], C * sizeof(double));
    }
    CHECK_OK(ht_observe_gradient(tr, loss, gnorm));
    ref_observe(ref, loss, gnorm);
    for (size_t m = 0; m < E; m++) {
        ref_member *rm = &ref->m[m];
        for (int b = 0; b < HT_BLOCK_COUNT; b++)
            CHECK_OK(ht_member_block_get(tr, m, (ht_block)b, after[m][b],
                                         ref_block_len(ref, (ht_block)b)));
        printf("%s loss %.3g member %zu: pred %.6g err %.6g |grad| %.6g clip scale %.6g\n", cname,
               (double)loss, m, rm->pred, rm->err, rm->gnorm_total, rm->clip_scale);
        if (want_clip)
            CHECK(rm->clip_scale < 0.9, "member %zu: clipping should be active (|g| %.6g)", m,
                  rm->gnorm_total);
        else
            CHECK(rm->clip_scale == 1.0, "member %zu: clipping should be inactive (|g| %.6g)", m,
                  rm->gnorm_total);
        const double lr_scale = REF_LR * rm->clip_scale;
        for (int b = 0; b < REF_NBLK; b++) {
            size_t n = ref_block_len(ref, (ht_block)b);
            double e = implied_grad_error(before[m][b], after[m][b], rm->grad[b], n, lr_scale);
            printf("  %-6s implied-gradient error %.3g (norm-wise)\n", block_names[b], e);
            worst_implied = fmax(worst_implied, e);
            CHECK(e <= 2e-4,
                  "%s member %zu %s: library update / (-lr clip) differs from the "
                  "reference gradient by %.3g of its max (tol 2e-4)",
                  cname, m, block_names[b], e);
        }
        /* Loss head: w -= lr err pred c, no clipping. */
        {
            double *g = dvec(C);
            for (size_t i = 0; i < C; i++) g[i] = (wl_old[m][i] - rm->blk[HT_W_LOSS][i]) / REF_LR;
            double e = implied_grad_error(before[m][HT_W_LOSS], after[m][HT_W_LOSS], g, C, REF_LR);
            printf("  %-6s implied-gradient error %.3g (norm-wise)\n", "w_loss", e);
            worst_implied_loss = fmax(worst_implied_loss, e);
            CHECK(e <= 5e-5, "%s member %zu w_loss update differs by %.3g", cname, m, e);
            free(g);
        }
        /* Discrimination: gradients from the stale loss weight must be far from
     * what the library did, or this test could not tell the two apart. */
        {
            double *dh_old = dvec(H), *dhp = dvec(H), *g_old[REF_NBLK];
            for (size_t i = 0; i < H; i++) dh_old[i] = rm->err * rm->pred * wl_old[m][i];
            for (int b = 0; b < REF_NBLK; b++) g_old[b] = dvec(ref_block_len(ref, (ht_block)b));
            /* the reference weights have moved: rebuild the pre-update model */
            double *saved[REF_NBLK];
            for (int b = 0; b < REF_NBLK; b++) {
                size_t n = ref_block_len(ref, (ht_block)b);
                saved[b] = dvec(n);
                memcpy(saved[b], rm->blk[b], n * sizeof(double));
                for (size_t i = 0; i < n; i++) rm->blk[b][i] = before[m][b][i];
            }
            ref_bptt(ref, m, rm->x, rm->hprev, dh_old, g_old, dhp);
            double e_old = implied_grad_error(before[m][HT_U_H], after[m][HT_U_H], g_old[HT_U_H],
                                              H * H, lr_scale);
            printf("  stale-w_loss alternative would differ by %.3g (U_h)\n", e_old);
            CHECK(e_old > 5 * 2e-4, "the stale-w_loss gradient is within %.3g: not discriminating",
                  e_old);
            /* dh_prev of the library against the FD of f = dot(dh, h'(h_prev)) at
       * the pre-update weights, with the library's dh (updated w_loss). */
            float *lib_dhp = tu_alloc(H * sizeof(float));
            CHECK_OK(ht_member_dh_prev_get(tr, m, lib_dhp));
            double *hp = dvec(H), big = 0.0, worst = 0.0;
            memcpy(hp, rm->hprev, H * sizeof(double));
            double *fd = dvec(H);
            fd_ctx fc = {.ref = ref, .m = m, .x = rm->x, .hprev = hp, .dh = rm->dh};
            for (size_t j = 0; j < H; j++) {
                fd[j] = fd4(&hp[j], &fc);
                big = fmax(big, fabs(fd[j]));
            }
            size_t wj = 0;
            for (size_t j = 0; j < H; j++) {
                double e = fabs((double)lib_dhp[j] - fd[j]) / big;
                if (e > worst) worst = e, wj = j;
            }
            printf("  dh_prev vs FD: norm-wise error %.3g (max |dh_prev| %.3g)\n", worst, big);
            worst_dhprev = fmax(worst_dhprev, worst);
            CHECK(worst <= 1e-4, "%s member %zu dh_prev [%zu]: lib %.9g fd %.12g (norm-wise %.3g)",
                  cname, m, wj, (double)lib_dhp[wj], fd[wj], worst);
            for (int b = 0; b < REF_NBLK; b++) {
                memcpy(rm->blk[b], saved[b], ref_block_len(ref, (ht_block)b) * sizeof(double));
                free(saved[b]);
                free(g_old[b]);
            }
            free(lib_dhp);
            free(hp);
            free(fd);
            free(dh_old);
            free(dhp);
        }
    }
    for (size_t m = 0; m < E; m++) {
        for (int b = 0; b < HT_BLOCK_COUNT; b++) {
            free(before[m][b]);
            free(after[m][b]);
        }
        free(wl_old[m]);
    }
}

static void run_config(const ht_config *cfg) {
    char cname[64];
    snprintf(cname, sizeof cname, "H=%zu S=%zu E=%zu", cfg->hidden_dim, cfg->stoch_dim,
             cfg->members);
    printf("config %s\n", cname);
    ht_trainer *tr = NULL;
    REQUIRE_OK(ht_trainer_create(&tr, cfg));
    ref_model ref;
    REQUIRE(ref_create(&ref, cfg->hidden_dim, cfg->stoch_dim, cfg->members) == 0);
    CHECK_OK(ht_set_effective_lr(tr, 1e-3f));
    ref_set_effective_lr(&ref, (double)1e-3f);
    for (int i = 0; i < 40; i++) {
        float l = 2.0f + 0.1f * (float)cos(0.2 * i), g = 1.5f;
        CHECK_OK(ht_record_step(tr, l, g));
        ref_record_step(&ref, l, g);
    }
    CHECK_OK(ht_init_latents(tr));
    /* A few steps so that biases and the latent state are not trivial. */
    for (int i = 0; i < 4; i++) CHECK_OK(ht_observe_gradient(tr, 1.8f, 1.5f));
    REQUIRE(ref_sync_from_trainer(&ref, tr) == 0);
    REQUIRE(ref_sync_state_from_trainer(&ref, tr) == 0);

    /* Part A: reference BPTT vs FD, binary64 only. */
    float f[HT_FEATURES];
    CHECK_OK(ht_compute_features(tr, f));
    double x[HT_FEATURES];
    for (size_t i = 0; i < HT_FEATURES; i++) x[i] = f[i];
    for (size_t m = 0; m < ref.E; m++) part_a(&ref, m, x, ref.m[m].h, cname);

    /* Part B: the library's updates. A loss near the prediction leaves the
   * gradient norm under 5; a far one (with a larger loss head) clips. */
    part_b(tr, &ref, 1.5f, 1.5f, 0, cname);
    float *wl = tu_alloc(ref.C * sizeof(float));
    for (size_t m = 0; m < ref.E; m++) {
        CHECK_OK(ht_member_block_get(tr, m, HT_W_LOSS, wl, ref.C));
        for (size_t i = 0; i < ref.C; i++) wl[i] *= 40.0f;
        CHECK_OK(ht_member_block_set(tr, m, HT_W_LOSS, wl, ref.C));
    }
    free(wl);
    part_b(tr, &ref, 60.0f, 1.5f, 1, cname);
    ref_free(&ref);
    ht_trainer_destroy(tr);
}

int main(void) {
    printf("test_bptt_fd: isa %s\n", ht_isa_name(ht_isa_active()));
    ht_config cfgs[3];
    cfgs[0] = ht_config_default();
    cfgs[1] = ht_config_default();
    cfgs[1].hidden_dim = 72, cfgs[1].stoch_dim = 8, cfgs[1].members = 2, cfgs[1].seed = 3;
    cfgs[2] = ht_config_default();
    cfgs[2].hidden_dim = 16, cfgs[2].stoch_dim = 4, cfgs[2].members = 1, cfgs[2].seed = 5;
    for (int i = 0; i < 3; i++) run_config(&cfgs[i]);
    printf("worst finite-difference error of the reference: %.3g (relative to max(|g|, 1e-5), tol "
           "%.0e)\n",
           worst_fd_rel, FD_RTOL);
    printf("worst library update / (-lr clip) vs reference gradient: %.3g (GRU blocks, "
           "norm-wise, tol 2e-4), %.3g (loss head, tol 5e-5)\n",
           worst_implied, worst_implied_loss);
    printf("worst library dh_prev vs finite differences: %.3g (norm-wise, tol 1e-4)\n",
           worst_dhprev);
    TU_FINISH();
}
