/* test_reference.c: the library's model against the binary64 reference
 * (ref_model.c) on the default configuration and three small ones whose
 * hidden sizes are not multiples of the 64-output panel (H = 72: a partial
 * panel; H = 16: one panel per gate; H = 130: three panels per gate). The same call sequence runs on both:
 * record_step, init_latents, predict for n in {0, 1, 5, 10, 75},
 * observe_gradient x3 (then 20 more), features, confidence cold and hot.
 * Every output is compared with a documented tolerance and the largest error
 * of each kind is printed so that it can be quoted. This test must never
 * compare against the library's own output (that is test_threads_isa) and
 * never relax a tolerance without rewriting the argument next to it.
 *
 * Two kinds of comparison:
 *   "step" checks re-synchronise the reference with the library before each
 *   kernel (the reference starts from the library's own h, x and loss of the
 *   previous step), so they measure one kernel's rounding error only;
 *   "free" checks run the whole sequence independently from the same
 *   weights, so they also include error propagation through the recurrence.
 *
 * Tolerances (binary32 unit roundoff u = 2^-24 = 6.0e-8). Each is set from an
 * a-priori estimate and sits 3-10x above the largest error measured on
 * x86-64 (printed at the end of the run; every ISA returns the same bits, so
 * one measurement holds for all). A real mistake (a dropped term, a wrong
 * gate, a stale weight) moves h' by about |U| |h| ~ 1e-3 or more.
 *   - features: both sides compute binary64 statistics and round once to
 *     binary32, so they differ by at most 1 ulp: rtol 2^-23 = 1.2e-7
 *     (measured 4.7e-8).
 *   - one GRU step ("step: GRU h'"): a pre-activation is a sequential binary32
 *     sum of n = 321 terms with sum|terms| ~ 2.5 here (|W| ~ 0.04, |x| <= 3,
 *     |h| ~ 0.2). Worst case n u sum|terms| = 4.8e-5; random walk
 *     sqrt(n) u sum|terms| = 2.7e-6; the ht_math polynomials add <= 2 ulp and
 *     sigmoid' <= 1/4, tanh' <= 1 do not amplify: atol 2e-6 (measured 4.2e-7).
 *   - softmax and entropy of the library's h': exp <= 2 ulp per term, a
 *     16-lane sum of S <= 32 terms, one division: rtol 1e-6 on p (measured
 *     1.9e-7), 2e-6 on the entropy (measured 2.5e-7).
 *   - decode of the library's h, p: a 288-term dot with sum|terms| <= 2.9,
 *     random walk 1e-6 on the exponent, which exp turns into relative error:
 *     rtol 1e-6 (measured 6.1e-8).
 *   - free-running predict (n <= 75): the recurrence is contractive with these
 *     weights (the h error stays at the one-step level): final h atol 5e-6
 *     (measured 5.2e-7), trajectory rtol 1e-6 (7.3e-8); total_std, bounds,
 *     confidence atol 1e-6 on O(1e-2..1) quantities (measured <= 1e-7);
 *     entropy, delta layers, magnitude rtol 2e-6 (<= 2.4e-7).
 *   - observe_gradient: weights are compared as updates W_after - W_before.
 *     The store rounds each updated weight once (W_delta once per member),
 *     so 1/2 ulp per rounding is allowed, plus a norm-wise error relative to
 *     the block's largest update: the gradient is a chain of binary32
 *     products with dh (h~ - h_prev) (a cancellation) and 256-term dot
 *     products (dh_prev, U_h^T da_h) in it. GRU blocks 2e-4 (measured
 *     2.6e-5), loss head and W_delta 5e-5 (4.0e-6), dh_prev norm-wise 1e-4
 *     (measured 6e-6); new h, p as one step (2e-6); error log atol 1e-6.
 *   - confidence (cold): 0.4 agreement + 0.4 historical + 0.2 stability with
 *     agreement from a 10-step predict: atol 2e-7 (measured 1.4e-8).  */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ht.h"
#include "ref_model.h"
#include "test_util.h"

/* ---- error statistics ---- */

typedef struct {
    const char *name;
    double atol, rtol;
    double max_abs, max_rel; /* rel over entries with |ref| > atol */
    long n;
    int normwise; /* tolerance rtol * max|ref| over the array; rel likewise */
} errstat;

enum {
    E_FEAT,
    E_LATENT_INIT,
    E_STEP_H,
    E_STEP_P,
    E_STEP_ENT,
    E_STEP_LOSS,
    E_FREE_TRAJ,
    E_FREE_H,
    E_FREE_STD,
    E_FREE_CONF,
    E_FREE_BOUNDS,
    E_FREE_ENT,
    E_DELTA_LAYER,
    E_DELTA_MAG,
    E_OBS_H,
    E_OBS_ERRLOG,
    E_UPD_GRU,
    E_UPD_LOSS,
    E_UPD_WDELTA,
    E_DHPREV,
    E_CONF,
    E_COUNT
};

static errstat stats[E_COUNT] = {
    [E_FEAT] = {.name = "features", .atol = 1e-30, .rtol = 1.2e-7},
    [E_LATENT_INIT] = {.name = "init_latents h,p", .atol = 1e-30, .rtol = 5e-7},
    [E_STEP_H] = {.name = "step: GRU h'", .atol = 2e-6, .rtol = 0},
    [E_STEP_P] = {.name = "step: softmax p", .atol = 1e-30, .rtol = 1e-6},
    [E_STEP_ENT] = {.name = "step: entropy", .atol = 1e-30, .rtol = 2e-6},
    [E_STEP_LOSS] = {.name = "step: decoded loss", .atol = 1e-30, .rtol = 1e-6},
    [E_FREE_TRAJ] = {.name = "free: trajectory", .atol = 1e-30, .rtol = 1e-6},
    [E_FREE_H] = {.name = "free: final h (observer)", .atol = 5e-6, .rtol = 0},
    [E_FREE_STD] = {.name = "free: total_std/aleatoric", .atol = 1e-6, .rtol = 0},
    [E_FREE_CONF] = {.name = "free: confidence", .atol = 1e-6, .rtol = 0},
    [E_FREE_BOUNDS] = {.name = "free: lower/upper", .atol = 1e-6, .rtol = 0},
    [E_FREE_ENT] = {.name = "free: entropy", .atol = 1e-30, .rtol = 2e-6},
    [E_DELTA_LAYER] = {.name = "free: delta layers", .atol = 1e-30, .rtol = 2e-6},
    [E_DELTA_MAG] = {.name = "free: delta magnitude/meta", .atol = 1e-30, .rtol = 2e-6},
    [E_OBS_H] = {.name = "observe: new h, p", .atol = 2e-6, .rtol = 0},
    [E_OBS_ERRLOG] = {.name = "observe: error log", .atol = 1e-6, .rtol = 0},
    [E_UPD_GRU] = {.name = "observe: GRU weight updates", .atol = 0, .rtol = 2e-4},
    [E_UPD_LOSS] = {.name = "observe: loss-head updates", .atol = 0, .rtol = 5e-5},
    [E_UPD_WDELTA] = {.name = "observe: W_delta updates", .atol = 0, .rtol = 5e-5},
    [E_DHPREV] = {.name = "observe: dh_prev (norm-wise)", .atol = 0, .rtol = 1e-4, .normwise = 1},
    [E_CONF] = {.name = "confidence cold", .atol = 2e-7, .rtol = 0},
};

static double ulp_f32(double x) {
    float f = (float)fabs(x);
    float n = nextafterf(f, INFINITY);
    return (double)n - (double)f;
}

/* Compares n library values with reference values under stats[k]; one
 * counted check; prints the worst element on failure. */
static void cmp(int k, const char *what, const float *lib, const double *ref, size_t n) {
    errstat *st = &stats[k];
    double worst = 0.0;
    size_t wi = 0;
    int bad_nan = 0;
    double big = 0.0;
    for (size_t i = 0; i < n; i++) big = fmax(big, fabs(ref[i]));
    for (size_t i = 0; i < n; i++) {
        double l = lib[i], r = ref[i];
        if (l != l || r != r) {
            if (!(l != l && r != r)) bad_nan = 1, wi = i, worst = INFINITY;
            continue;
        }
        double d = fabs(l - r);
        double tol = st->atol + st->rtol * (st->normwise ? big : fabs(r));
        if (d > st->max_abs) st->max_abs = d;
        if (st->normwise) {
            if (big > 0 && d / big > st->max_rel) st->max_rel = d / big;
        } else if (fabs(r) > st->atol && d / fabs(r) > st->max_rel) {
            st->max_rel = d / fabs(r);
        }
        double ratio = tol > 0 ? d / tol : (d > 0 ? INFINITY : 0);
        if (ratio > worst) worst = ratio, wi = i;
    }
    st->n += (long)n;
    CHECK(worst <= 1.0 && !bad_nan, "%s (%s): worst [%zu] lib %.9g ref %.17g |diff| %.3g tol %.3g",
          what, st->name, wi, (double)lib[wi], ref[wi], fabs((double)lib[wi] - ref[wi]),
          st->atol + st->rtol * (st->normwise ? big : fabs(ref[wi])));
}

static void cmp1(int k, const char *what, float lib, double ref) { cmp(k, what, &lib, &ref, 1); }

/* Updates: before (float), library after (float), reference after (double).
 * Tolerance per element: nround/2 ulp of the stored result (each binary32
 * store of an updated weight rounds once; W_delta is updated once per
 * member) + rtol * max |reference update| over the block (a norm-wise
 * bound: an element whose gradient is itself a cancellation, such as
 * dh (h~ - h_prev) with h~ ~ h_prev, has a large relative error but an
 * absolute error at the scale of the block's largest entries). The statistic
 * records that norm-wise relative error beyond the store rounding. */
static void cmp_update(int k, const char *what, const float *before, const float *lib_after,
                       const double *ref_after, size_t n, double nround) {
    errstat *st = &stats[k];
    double worst = 0.0, big = 0.0;
    size_t wi = 0;
    for (size_t i = 0; i < n; i++) big = fmax(big, fabs(ref_after[i] - (double)before[i]));
    for (size_t i = 0; i < n; i++) {
        double du_lib = (double)lib_after[i] - (double)before[i];
        double du_ref = ref_after[i] - (double)before[i];
        double d = fabs(du_lib - du_ref);
        double u = 0.5 * nround * ulp_f32(fmax(fabs((double)lib_after[i]), fabs(ref_after[i])));
        double tol = u + st->rtol * big;
        if (d > st->max_abs) st->max_abs = d;
        if (big > 0) {
            double rel = fmax(0.0, d - u) / big;
            if (rel > st->max_rel) st->max_rel = rel;
        }
        double ratio = tol > 0 ? d / tol : (d > 0 ? INFINITY : 0);
        if (ratio != ratio) ratio = INFINITY;
        if (ratio > worst) worst = ratio, wi = i;
    }
    st->n += (long)n;
    CHECK(worst <= 1.0,
          "%s (%s): worst [%zu] before %.9g lib %.9g ref %.17g (update lib %.6g "
          "ref %.6g, block max update %.6g)",
          what, st->name, wi, (double)before[wi], (double)lib_after[wi], ref_after[wi],
          (double)lib_after[wi] - before[wi], ref_after[wi] - before[wi], big);
}

/* Prints and resets the statistics of one configuration. */
static void print_stats(const char *cname) {
    printf("measured errors vs the binary64 reference, %s, isa %s\n", cname,
           ht_isa_name(ht_isa_active()));
    printf("  (rel: per element over |ref| > atol; rel* for updates: norm-wise, over the\n"
           "   block's largest update, beyond the store rounding)\n");
    printf("  %-30s %12s %12s %10s %10s %9s\n", "quantity", "max |err|", "max rel", "atol", "rtol",
           "values");
    for (int k = 0; k < E_COUNT; k++) {
        printf("  %-30s %12.3g %12.3g %10.3g %10.3g %9ld\n", stats[k].name, stats[k].max_abs,
               stats[k].max_rel, stats[k].atol, stats[k].rtol, stats[k].n);
        stats[k].max_abs = stats[k].max_rel = 0.0;
        stats[k].n = 0;
    }
}

/* ---- observer: the library's per-step states ---- */

typedef struct {
    size_t E, H, S, n;
    float *h, *p, *loss, *ent; /* [(k-1) * E + m] */
    long calls;
    int order_ok;
} rollout_log;

static void log_alloc(rollout_log *L, size_t E, size_t H, size_t S, size_t n) {
    memset(L, 0, sizeof *L);
    L->E = E, L->H = H, L->S = S, L->n = n;
    L->h = tu_alloc((n + 1) * E * H * sizeof(float));
    L->p = tu_alloc((n + 1) * E * S * sizeof(float));
    L->loss = tu_alloc((n + 1) * E * sizeof(float));
    L->ent = tu_alloc((n + 1) * E * sizeof(float));
    L->order_ok = 1;
}

static void log_free(rollout_log *L) {
    free(L->h);
    free(L->p);
    free(L->loss);
    free(L->ent);
}

static void observer(void *user, size_t member, size_t step, const float *h, size_t hidden,
                     const float *p, size_t stoch, float loss, float entropy) {
    rollout_log *L = user;
    if (member >= L->E || step == 0 || step > L->n || hidden != L->H || stoch != L->S) {
        L->order_ok = 0;
        return;
    }
    size_t i = (step - 1) * L->E + member;
    memcpy(L->h + i * L->H, h, L->H * sizeof(float));
    memcpy(L->p + i * L->S, p, L->S * sizeof(float));
    L->loss[i] = loss;
    L->ent[i] = entropy;
    L->calls++;
}

/* ---- helpers ---- */

static void f2d(double *d, const float *f, size_t n) {
    for (size_t i = 0; i < n; i++) d[i] = f[i];
}

static const char *cfg_name(const ht_config *c, char *buf, size_t n) {
    snprintf(buf, n, "H=%zu S=%zu E=%zu", c->hidden_dim, c->stoch_dim, c->members);
    return buf;
}

/* Step checks: replay each step of the library's rollout in the reference
 * from the library's previous state. */
static void step_checks(const ref_model *ref, const rollout_log *L, const float *f0,
                        const float *h0, const char *cname) {
    const size_t H = ref->H, S = ref->S, E = ref->E;
    double x[HT_FEATURES], *hp = tu_alloc(H * sizeof(double)), *hl = tu_alloc(H * sizeof(double));
    double *p = tu_alloc(S * sizeof(double)), *pl = tu_alloc(S * sizeof(double));
    double *ref_loss = tu_alloc((L->n * E + 1) * sizeof(double));
    double *ref_ent = tu_alloc((L->n * E + 1) * sizeof(double));
    double *ref_p = tu_alloc((L->n * E * S + 1) * sizeof(double));
    ref_gru_cache c;
    REQUIRE(ref_gru_cache_alloc(&c, H) == 0);
    char what[128];
    for (size_t m = 0; m < E; m++) {
        for (size_t k = 1; k <= L->n; k++) {
            f2d(x, f0, HT_FEATURES);
            if (k == 1) {
                f2d(hp, h0 + m * H, H);
            } else {
                size_t ip = (k - 2) * E + m;
                f2d(hp, L->h + ip * H, H);
                x[0] = L->loss[ip];
            }
            ref_gru_forward(ref, m, x, hp, &c);
            size_t i = (k - 1) * E + m;
            snprintf(what, sizeof what, "%s member %zu step %zu h'", cname, m, k);
            cmp(E_STEP_H, what, L->h + i * H, c.hnew, H);
            /* softmax, entropy and decode from the library's own h' */
            f2d(hl, L->h + i * H, H);
            ref_ent[i] = ref_stoch(ref, hl, ref_p + i * S);
            f2d(pl, L->p + i * S, S);
            ref_loss[i] = ref_decode(ref, m, hl, pl);
        }
    }
    snprintf(what, sizeof what, "%s all steps p", cname);
    cmp(E_STEP_P, what, L->p, ref_p, L->n * E * S);
    snprintf(what, sizeof what, "%s all steps entropy", cname);
    cmp(E_STEP_ENT, what, L->ent, ref_ent, L->n * E);
    snprintf(what, sizeof what, "%s all steps loss", cname);
    cmp(E_STEP_LOSS, what, L->loss, ref_loss, L->n * E);
    ref_gru_cache_free(&c);
    free(hp);
    free(hl);
    free(p);
    free(pl);
    free(ref_loss);
    free(ref_ent);
    free(ref_p);
}

/* Full comparison of one predict(n). */
static void check_predict(ht_trainer *tr, ref_model *ref, size_t n, const char *cname) {
    const size_t E = ref->E, H = ref->H, S = ref->S;
    char what[160];
    ht_prediction out;
    REQUIRE_OK(ht_prediction_alloc(&out, n));
    rollout_log L;
    log_alloc(&L, E, H, S, n);
    float f0[HT_FEATURES];
    float *h0 = tu_alloc(E * H * sizeof(float)), *p0 = tu_alloc(S * sizeof(float));
    CHECK_OK(ht_compute_features(tr, f0));
    for (size_t m = 0; m < E; m++) CHECK_OK(ht_member_latent_get(tr, m, h0 + m * H, p0));
    CHECK_OK(ht_predict_observed(tr, n, &out, observer, &L));
    CHECK_U64_EQ(out.horizon, n);
    CHECK_INT_EQ(L.calls, (long)(n * E));
    CHECK_TRUE(L.order_ok);

    ref_prediction rp;
    REQUIRE(ref_prediction_alloc(&rp, ref, n) == 0);
    ref_predict(ref, n, &rp, NULL, NULL);

    /* the latent state is not changed by a rollout */
    float *h1 = tu_alloc(E * H * sizeof(float));
    for (size_t m = 0; m < E; m++) CHECK_OK(ht_member_latent_get(tr, m, h1 + m * H, p0));
    snprintf(what, sizeof what, "%s predict(%zu) leaves latents alone", cname, n);
    CHECK_SAME_F32S(h0, h1, E * H, what);

    CHECK_BITS_F32(out.trajectory[0], (float)ref->loss);
    if (n == 0) {
        CHECK_BITS_F32(out.final_loss, (float)ref->loss);
        CHECK_TRUE(isfinite(out.confidence) && isfinite(out.lower) && isfinite(out.upper));
    } else {
        snprintf(what, sizeof what, "%s predict(%zu) trajectory", cname, n);
        cmp(E_FREE_TRAJ, what, out.trajectory, rp.traj, n + 1);
        CHECK_BITS_F32(out.final_loss, out.trajectory[n]);
        snprintf(what, sizeof what, "%s predict(%zu) final h", cname, n);
        cmp(E_FREE_H, what, L.h + (n - 1) * E * H, rp.final_h, E * H);
        snprintf(what, sizeof what, "%s predict(%zu) total_std", cname, n);
        cmp1(E_FREE_STD, what, out.total_std, rp.total_std);
        snprintf(what, sizeof what, "%s predict(%zu) aleatoric", cname, n);
        cmp1(E_FREE_STD, what, out.aleatoric, rp.aleatoric);
        snprintf(what, sizeof what, "%s predict(%zu) epistemic", cname, n);
        cmp1(E_FREE_STD, what, out.epistemic, rp.epistemic);
        CHECK_BITS_F32(out.aleatoric, out.epistemic);
        snprintf(what, sizeof what, "%s predict(%zu) confidence", cname, n);
        cmp1(E_FREE_CONF, what, out.confidence, rp.confidence);
        snprintf(what, sizeof what, "%s predict(%zu) lower", cname, n);
        cmp1(E_FREE_BOUNDS, what, out.lower, rp.lower);
        snprintf(what, sizeof what, "%s predict(%zu) upper", cname, n);
        cmp1(E_FREE_BOUNDS, what, out.upper, rp.upper);
        snprintf(what, sizeof what, "%s predict(%zu) entropy", cname, n);
        cmp1(E_FREE_ENT, what, out.entropy, rp.entropy);
        snprintf(what, sizeof what, "%s predict(%zu) delta layers", cname, n);
        cmp(E_DELTA_LAYER, what, out.delta.layer, rp.layer, HT_DELTA_LAYERS);
        snprintf(what, sizeof what, "%s predict(%zu) delta scale", cname, n);
        cmp1(E_DELTA_MAG, what, out.delta.scale, rp.magnitude);
        snprintf(what, sizeof what, "%s predict(%zu) delta meta confidence", cname, n);
        cmp1(E_DELTA_MAG, what, out.delta.meta.confidence, rp.meta_confidence);
        CHECK_TRUE(out.delta.meta.is_predicted);
        CHECK_TRUE(out.delta.meta.has_confidence);
        CHECK_TRUE(out.delta.meta.has_source_phase);
        CHECK_INT_EQ(out.delta.meta.source_phase, HT_PHASE_PREDICT);
        CHECK_U64_EQ(out.delta.meta.n_steps, n);
        step_checks(ref, &L, f0, h0, cname);
    }
    ref_prediction_free(&rp);
    log_free(&L);
    free(h0);
    free(h1);
    free(p0);
    ht_prediction_free(&out);
}

/* Snapshot of every trainable float of the library. */
typedef struct {
    float *blk[HT_MAX_MEMBERS][HT_BLOCK_COUNT];
    float *wdelta;
} snapshot;

static void snap_take(snapshot *s, const ht_trainer *tr, const ref_model *ref) {
    for (size_t m = 0; m < ref->E; m++)
        for (int b = 0; b < HT_BLOCK_COUNT; b++) {
            size_t n = ref_block_len(ref, (ht_block)b);
            s->blk[m][b] = tu_alloc(n * sizeof(float));
            CHECK_OK(ht_member_block_get(tr, m, (ht_block)b, s->blk[m][b], n));
        }
    s->wdelta = tu_alloc(HT_DELTA_OUTPUTS * ref->C * sizeof(float));
    CHECK_OK(ht_delta_head_get(tr, s->wdelta, HT_DELTA_OUTPUTS * ref->C));
}

static void snap_free(snapshot *s, const ref_model *ref) {
    for (size_t m = 0; m < ref->E; m++)
        for (int b = 0; b < HT_BLOCK_COUNT; b++) free(s->blk[m][b]);
    free(s->wdelta);
}

static const char *const block_names[HT_BLOCK_COUNT] = {"W_z", "W_r", "W_h", "U_z", "U_r",
                                                        "U_h", "b_z", "b_r", "b_h", "w_loss"};

/* One observe_gradient on both sides from synchronised weights. */
static void check_observe(ht_trainer *tr, ref_model *ref, float loss, float gnorm,
                          const char *cname, int call) {
    const size_t E = ref->E, H = ref->H, S = ref->S, C = ref->C;
    char what[160];
    REQUIRE(ref_sync_from_trainer(ref, tr) == 0);
    snapshot before, after;
    snap_take(&before, tr, ref);
    CHECK_OK(ht_observe_gradient(tr, loss, gnorm));
    ref_observe(ref, loss, gnorm);
    snap_take(&after, tr, ref);
    for (size_t m = 0; m < E; m++) {
        for (int b = 0; b < HT_BLOCK_COUNT; b++) {
            snprintf(what, sizeof what, "%s observe #%d member %zu %s", cname, call, m,
                     block_names[b]);
            cmp_update(b == HT_W_LOSS ? E_UPD_LOSS : E_UPD_GRU, what, before.blk[m][b],
                       after.blk[m][b], ref->m[m].blk[b], ref_block_len(ref, (ht_block)b), 1.0);
        }
        float *h = tu_alloc(H * sizeof(float)), *p = tu_alloc(S * sizeof(float));
        CHECK_OK(ht_member_latent_get(tr, m, h, p));
        snprintf(what, sizeof what, "%s observe #%d member %zu new h", cname, call, m);
        cmp(E_OBS_H, what, h, ref->m[m].h, H);
        snprintf(what, sizeof what, "%s observe #%d member %zu new p", cname, call, m);
        cmp(E_OBS_H, what, p, ref->m[m].p, S);
        CHECK_OK(ht_member_dh_prev_get(tr, m, h));
        snprintf(what, sizeof what, "%s observe #%d member %zu dh_prev", cname, call, m);
        cmp(E_DHPREV, what, h, ref->m[m].dh_prev, H);
        free(h);
        free(p);
    }
    snprintf(what, sizeof what, "%s observe #%d W_delta", cname, call);
    cmp_update(E_UPD_WDELTA, what, before.wdelta, after.wdelta, ref->wdelta, HT_DELTA_OUTPUTS * C,
               (double)E);
    float errs[HT_ERROR_LOG];
    size_t ne = ht_error_log_copy(tr, errs, HT_ERROR_LOG);
    CHECK_U64_EQ(ne, ref->err_len);
    if (ne > 0) {
        snprintf(what, sizeof what, "%s observe #%d newest error", cname, call);
        cmp1(E_OBS_ERRLOG, what, errs[ne - 1],
             ref->err_log[(ref->err_head + HT_ERROR_LOG - 1) % HT_ERROR_LOG]);
    }
    ht_state_view v;
    CHECK_OK(ht_state_view_get(tr, &v));
    CHECK_U64_EQ(v.error_len, ref->err_len);
    CHECK_U64_EQ(v.gnorm_log_len, ref->gnorm_log_len);
    CHECK_U64_EQ(v.lr_log_len, ref->lr_log_len);
    snap_free(&before, ref);
    snap_free(&after, ref);
}

static void check_features(ht_trainer *tr, ref_model *ref, const char *cname, const char *when) {
    float f[HT_FEATURES];
    double rf[HT_FEATURES];
    char what[160];
    CHECK_OK(ht_compute_features(tr, f));
    ref_features(ref, rf);
    snprintf(what, sizeof what, "%s features %s", cname, when);
    cmp(E_FEAT, what, f, rf, HT_FEATURES);
}

static void run_config(const ht_config *cfg) {
    char cname[64];
    cfg_name(cfg, cname, sizeof cname);
    printf("config %s\n", cname);
    ht_trainer *tr = NULL;
    REQUIRE_OK(ht_trainer_create(&tr, cfg));
    ref_model ref;
    REQUIRE(ref_create(&ref, cfg->hidden_dim, cfg->stoch_dim, cfg->members) == 0);
    REQUIRE(ref_sync_from_trainer(&ref, tr) == 0);
    const size_t E = ref.E, H = ref.H, S = ref.S;

    /* A fresh trainer: h = 0, p uniform. */
    for (size_t m = 0; m < E; m++) {
        float *h = tu_alloc(H * sizeof(float)), *p = tu_alloc(S * sizeof(float));
        CHECK_OK(ht_member_latent_get(tr, m, h, p));
        int zero = 1, uni = 1;
        for (size_t i = 0; i < H; i++) zero &= h[i] == 0.0f;
        for (size_t i = 0; i < S; i++) uni &= fabs(p[i] - 1.0 / (double)S) <= 1e-7;
        CHECK(zero && uni, "%s member %zu fresh latent: h = 0 and p = 1/S", cname, m);
        free(h);
        free(p);
    }

    /* Benchmark set-up of section 4. */
    CHECK_OK(ht_set_effective_lr(tr, 1e-3f));
    ref_set_effective_lr(&ref, (double)1e-3f);
    check_features(tr, &ref, cname, "fresh");
    CHECK_OK(ht_record_step(tr, 2.0f, 1.5f));
    ref_record_step(&ref, 2.0, 1.5);
    check_features(tr, &ref, cname, "after record_step");
    CHECK_OK(ht_init_latents(tr));
    ref_init_latents(&ref);
    for (size_t m = 0; m < E; m++) {
        float *h = tu_alloc(H * sizeof(float)), *p = tu_alloc(S * sizeof(float));
        CHECK_OK(ht_member_latent_get(tr, m, h, p));
        char what[128];
        snprintf(what, sizeof what, "%s member %zu init_latents h", cname, m);
        cmp(E_LATENT_INIT, what, h, ref.m[m].h, H);
        snprintf(what, sizeof what, "%s member %zu init_latents p", cname, m);
        cmp(E_LATENT_INIT, what, p, ref.m[m].p, S);
        free(h);
        free(p);
    }
    /* From here the reference works from the library's latents. */
    REQUIRE(ref_sync_from_trainer(&ref, tr) == 0);
    static const size_t horizons[] = {0, 1, 5, 10, 75};
    for (size_t i = 0; i < sizeof horizons / sizeof horizons[0]; i++)
        check_predict(tr, &ref, horizons[i], cname);

    for (int call = 1; call <= 3; call++) check_observe(tr, &ref, 2.0f, 1.5f, cname, call);
    check_features(tr, &ref, cname, "after observe_gradient x3");

    /* Confidence with fewer than 10 logged errors (historical = 0.7). */
    REQUIRE(ref_sync_from_trainer(&ref, tr) == 0);
    REQUIRE(ref_sync_state_from_trainer(&ref, tr) == 0);
    float cold = 0, hot = 0;
    CHECK_OK(ht_prediction_confidence_cold(tr, &cold));
    cmp1(E_CONF, "confidence cold (3 errors)", cold, ref_confidence_cold(&ref));
    CHECK_TRUE(ht_confidence_cached(tr));
    CHECK_OK(ht_prediction_confidence(tr, &hot));
    CHECK_BITS_F32(hot, cold);

    /* A varied history, then 20 more observe_gradient calls (section 8 set-up):
   * falling and rising losses exercise both t1 branches. */
    for (int i = 0; i < 40; i++) {
        float l = 2.0f + 0.25f * (float)sin(0.3 * i), g = 1.5f + 0.1f * (float)(i % 5);
        CHECK_OK(ht_record_step(tr, l, g));
        ref_record_step(&ref, l, g);
    }
    check_features(tr, &ref, cname, "after 40 varied record_step");
    for (int call = 4; call <= 23; call++) {
        float l = 2.0f - 0.02f * (float)call + ((call & 1) ? 0.3f : -0.3f);
        float g = 1.2f + 0.05f * (float)call;
        check_observe(tr, &ref, l, g, cname, call);
        if (call % 3 == 0) {
            CHECK_OK(ht_record_step(tr, l, g));
            ref_record_step(&ref, l, g);
        }
    }
    REQUIRE(ref_sync_from_trainer(&ref, tr) == 0);
    REQUIRE(ref_sync_state_from_trainer(&ref, tr) == 0);
    CHECK_OK(ht_prediction_confidence_cold(tr, &cold));
    cmp1(E_CONF, "confidence cold (23 errors)", cold, ref_confidence_cold(&ref));
    CHECK_OK(ht_prediction_confidence(tr, &hot));
    CHECK_BITS_F32(hot, cold);
    check_predict(tr, &ref, 10, cname);

    print_stats(cname);
    ref_free(&ref);
    ht_trainer_destroy(tr);
}

int main(void) {
    printf("test_reference: isa %s\n", ht_isa_name(ht_isa_active()));
    /* default; a partial second panel (72); one panel per gate (16); three
   * panels per gate, the last partial (130). */
    ht_config cfgs[4];
    cfgs[0] = ht_config_default();
    cfgs[1] = ht_config_default();
    cfgs[1].hidden_dim = 72, cfgs[1].stoch_dim = 8, cfgs[1].members = 2, cfgs[1].seed = 7;
    cfgs[2] = ht_config_default();
    cfgs[2].hidden_dim = 16, cfgs[2].stoch_dim = 4, cfgs[2].members = 1, cfgs[2].seed = 11;
    cfgs[3] = ht_config_default();
    cfgs[3].hidden_dim = 130, cfgs[3].stoch_dim = 10, cfgs[3].members = 2, cfgs[3].seed = 13;
    for (int i = 0; i < 4; i++) run_config(&cfgs[i]);
    TU_FINISH();
}
