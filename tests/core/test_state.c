/* test_state.c: behaviour of everything around the model: the loss and
 * gradient-norm rings, the EMAs, the 64 features for hand-computed
 * histories, the confidence cache, the logs, weight deltas, and every error
 * path (NULL, dimensions, non-finite
 * and out-of-range inputs, capacity) with the promise that a rejected call
 * changes nothing. Expected values are written out by hand from docs/kernels.md,
 * never taken from the library. It must never depend on timing. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ht.h"
#include "test_util.h"

static ht_trainer *make(size_t H, size_t S, size_t E, uint64_t seed) {
    ht_config c = ht_config_default();
    c.hidden_dim = H, c.stoch_dim = S, c.members = E, c.seed = seed;
    ht_trainer *tr = NULL;
    REQUIRE_OK(ht_trainer_create(&tr, &c));
    return tr;
}

static const float NANF_ = (float)NAN;
static const float INFF_ = (float)INFINITY;

/* ---- status codes ---- */

static void test_status(void) {
#define X(name, code, msg)                                                                         \
    CHECK(strcmp(ht_status_name(code), "HT_" #name) == 0, "name of %d is %s", code,                \
          ht_status_name(code));                                                                   \
    CHECK(strcmp(ht_status_message(code), msg) == 0, "message of %d is %s", code,                  \
          ht_status_message(code));
    HT_STATUS_MAP(X)
#undef X
    CHECK_TRUE(strcmp(ht_status_name(-99), "HT_UNKNOWN") == 0);
    CHECK_TRUE(strcmp(ht_status_name(1), "HT_UNKNOWN") == 0);
    CHECK_TRUE(ht_status_message(-99) != NULL && strlen(ht_status_message(-99)) > 0);
}

/* ---- configuration ---- */

static void test_config(void) {
    ht_config d = ht_config_default();
    CHECK_U64_EQ(d.input_dim, 64);
    CHECK_U64_EQ(d.hidden_dim, 256);
    CHECK_U64_EQ(d.stoch_dim, 32);
    CHECK_U64_EQ(d.members, 3);
    CHECK_U64_EQ(d.seed, 0);
    ht_trainer *tr = (ht_trainer *)&d; /* must be overwritten with NULL on error */
    CHECK_STATUS(ht_trainer_create(NULL, &d), HT_ENULL);
    CHECK_STATUS(ht_trainer_create(&tr, NULL), HT_ENULL);
    struct {
        size_t I, H, S, E;
    } bad[] = {{63, 256, 32, 3},
               {65, 256, 32, 3},
               {0, 256, 32, 3},
               {64, 0, 1, 3},
               {64, HT_MAX_HIDDEN + 64, 32, 3},
               {64, 256, 0, 3},
               {64, 16, 32, 3},
               {64, 72, 7, 3},
               {64, 256, 32, 0},
               {64, 256, 32, HT_MAX_MEMBERS + 1}};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        ht_config c = d;
        c.input_dim = bad[i].I, c.hidden_dim = bad[i].H, c.stoch_dim = bad[i].S,
        c.members = bad[i].E;
        tr = (ht_trainer *)&d;
        CHECK_STATUS(ht_trainer_create(&tr, &c), HT_EDIM);
        CHECK(tr == NULL, "config %zu: *out not cleared on error", i);
    }
    /* Smallest legal configuration and S == H. */
    ht_config c = d;
    c.hidden_dim = 1, c.stoch_dim = 1, c.members = 1;
    CHECK_OK(ht_trainer_create(&tr, &c));
    CHECK_TRUE(ht_trainer_config(tr) && ht_trainer_config(tr)->hidden_dim == 1);
    ht_prediction p;
    CHECK_OK(ht_prediction_alloc(&p, 3));
    CHECK_OK(ht_record_step(tr, 1.0f, 1.0f));
    CHECK_OK(ht_predict(tr, 3, &p));
    CHECK_TRUE(isfinite(p.final_loss));
    CHECK_OK(ht_observe_gradient(tr, 1.0f, 1.0f));
    ht_prediction_free(&p);
    ht_trainer_destroy(tr);
    ht_trainer_destroy(NULL); /* no-op */
    CHECK_TRUE(ht_trainer_config(NULL) == NULL);
    size_t r = 7, cc = 7;
    tr = make(72, 8, 2, 1);
    ht_block_shape(tr, HT_W_Z, &r, &cc);
    CHECK_TRUE(r == 72 && cc == 64);
    ht_block_shape(tr, HT_U_H, &r, &cc);
    CHECK_TRUE(r == 72 && cc == 72);
    ht_block_shape(tr, HT_B_R, &r, &cc);
    CHECK_TRUE(r == 72 && cc == 1);
    ht_block_shape(tr, HT_W_LOSS, &r, &cc);
    CHECK_TRUE(r == 1 && cc == 80);
    ht_trainer_destroy(tr);
}

/* ---- rings, EMAs, record_step ---- */

static void test_rings_emas(void) {
    ht_trainer *tr = make(16, 4, 1, 0);
    ht_state_view v;
    CHECK_OK(ht_state_view_get(tr, &v));
    CHECK_U64_EQ(v.step, 0);
    CHECK_U64_EQ(v.loss_len, 0);
    CHECK_U64_EQ(v.gnorm_len, 0);
    CHECK_U64_EQ(v.loss_head, 0);
    CHECK_INT_EQ(v.phase, HT_PHASE_WARMUP);

    /* First sample initialises all three EMAs; then ema += w (x - ema) with
   * w = 1/4, 1/16, 1/64. Dyadic inputs keep every value exact. */
    CHECK_OK(ht_record_step(tr, 2.0f, 1.0f));
    CHECK_OK(ht_state_view_get(tr, &v));
    CHECK_DBL_EQ(v.ema_fast, 2.0);
    CHECK_DBL_EQ(v.ema_medium, 2.0);
    CHECK_DBL_EQ(v.ema_slow, 2.0);
    CHECK_OK(ht_record_step(tr, 4.0f, 1.0f));
    CHECK_OK(ht_state_view_get(tr, &v));
    CHECK_DBL_EQ(v.ema_fast, 2.5);
    CHECK_DBL_EQ(v.ema_medium, 2.125);
    CHECK_DBL_EQ(v.ema_slow, 2.03125);
    CHECK_OK(ht_record_step(tr, 0.0f, 1.0f));
    CHECK_OK(ht_state_view_get(tr, &v));
    CHECK_DBL_EQ(v.ema_fast, 1.875);
    CHECK_DBL_EQ(v.ema_medium, 1.9921875);
    CHECK_DBL_EQ(v.ema_slow, 1.99951171875);
    CHECK_U64_EQ(v.step, 3);
    CHECK_U64_EQ(v.phase_step, 3);
    CHECK_BITS_F32(v.loss, 0.0f);

    /* A long non-dyadic run against the closed recursion in binary64. */
    double ef = 1.875, em = 1.9921875, es = 1.99951171875;
    for (int i = 0; i < 500; i++) {
        float l = 1.0f + 0.37f * (float)sin(0.1 * i);
        CHECK_OK(ht_record_step(tr, l, 0.5f));
        ef += 0.25 * ((double)l - ef);
        em += 0.0625 * ((double)l - em);
        es += 0.015625 * ((double)l - es);
    }
    CHECK_OK(ht_state_view_get(tr, &v));
    CHECK_NEAR(v.ema_fast, ef, 1e-13);
    CHECK_NEAR(v.ema_medium, em, 1e-13);
    CHECK_NEAR(v.ema_slow, es, 1e-13);
    ht_trainer_destroy(tr);

    /* Ring wrap: losses k (k = 1..300) and norms 1000 + k. */
    tr = make(16, 4, 1, 0);
    int ok_len = 1, ok_head = 1, ok_g = 1;
    for (int k = 1; k <= 300; k++) {
        CHECK_OK(ht_record_step(tr, (float)k, 1000.0f + (float)k));
        CHECK_OK(ht_state_view_get(tr, &v));
        size_t el = (size_t)k < HT_LOSS_RING ? (size_t)k : HT_LOSS_RING;
        size_t gl = (size_t)k < HT_GNORM_RING ? (size_t)k : HT_GNORM_RING;
        ok_len &= v.loss_len == el && v.gnorm_len == gl;
        ok_head &=
            v.loss_head == (size_t)k % HT_LOSS_RING && v.gnorm_head == (size_t)k % HT_GNORM_RING;
        ok_g &= v.loss_ring[(k - 1) % HT_LOSS_RING] == (float)k &&
                v.gnorm_ring[(k - 1) % HT_GNORM_RING] == 1000.0f + (float)k;
    }
    CHECK(ok_len, "ring lengths grow to 256 / 64 and stay");
    CHECK(ok_head, "ring heads advance and wrap at 256 / 64");
    CHECK(ok_g, "each push writes at the old head");
    /* After 300 pushes: slot j of the loss ring holds the last k with
   * (k - 1) % 256 == j, i.e. 257..300 at 0..43 and 45..256 at 44..255. */
    int raw_ok = 1;
    for (size_t j = 0; j < HT_LOSS_RING; j++) {
        float want = (float)(j < 44 ? 257 + j : 1 + j);
        raw_ok &= v.loss_ring[j] == want;
    }
    CHECK(raw_ok, "loss ring raw order after 300 pushes");
    raw_ok = 1;
    for (size_t j = 0; j < HT_GNORM_RING; j++) {
        /* the last k <= 300 with (k - 1) % 64 == j: 257..300 at 0..43, 237..256
     * at 44..63 */
        size_t k = j < 44 ? 257 + j : 193 + j;
        raw_ok &= v.gnorm_ring[j] == 1000.0f + (float)k;
    }
    CHECK(raw_ok, "gradient-norm ring raw order after 300 pushes");
    CHECK_U64_EQ(v.step, 300);
    ht_trainer_destroy(tr);
}

/* ---- features ---- */

static void test_features(void) {
    ht_trainer *tr = make(16, 4, 1, 0);
    float f[HT_FEATURES];
    /* Fresh state: empty rings. */
    CHECK_OK(ht_compute_features(tr, f));
    int all_finite = 1;
    for (int i = 0; i < HT_FEATURES; i++) all_finite &= isfinite(f[i]) != 0;
    CHECK(all_finite, "features of a fresh trainer are finite");
    CHECK_BITS_F32(f[5], 0.0f);
    CHECK_BITS_F32(f[6], 1.0f);
    CHECK_BITS_F32(f[13], -10.0f); /* log10(0) floored */
    CHECK_BITS_F32(f[20], -10.0f);

    /* The published set-up: 100 x record_step(2.0 + 0.01 i, 1.5). */
    for (int i = 0; i < 100; i++) CHECK_OK(ht_record_step(tr, (float)(2.0 + 0.01 * i), 1.5f));
    CHECK_OK(ht_compute_features(tr, f));
    /* Hand-computed from the exact decimals; the binary32 inputs are off by
   * <= 2^-24 relative (1.8e-7 at 3.0), so statistics get atol 5e-7. */
    const double tol = 5e-7;
    CHECK_NEAR(f[0], 2.99, tol);
    CHECK_NEAR(f[1], 2.495, tol);                      /* mean of 2.00..2.99 */
    CHECK_NEAR(f[2], 0.01 * sqrt(9999.0 / 12.0), tol); /* population std */
    CHECK_NEAR(f[3], 2.0, tol);
    CHECK_NEAR(f[4], 2.99, tol);
    CHECK_NEAR(f[5], 0.16, tol);          /* mean(2.84..2.99) - mean(2.68..2.83) */
    CHECK_NEAR(f[6], 2.915 / 2.755, tol); /* = 1.0580762... */
    CHECK_NEAR(f[7], 100.0 / 10000.0, 1e-9);
    CHECK_BITS_F32(f[8], 1.5f);
    CHECK_BITS_F32(f[9], 1.5f);
    CHECK_BITS_F32(f[10], 0.0f);
    CHECK_BITS_F32(f[11], 1.5f);
    CHECK_BITS_F32(f[12], 1.5f);
    CHECK_NEAR(f[13], 0.17609125905568124, 1e-7); /* log10(1.5) */
    CHECK_BITS_F32(f[14], 1.0f);
    CHECK_BITS_F32(f[15], 0.0f);
    for (int i = 16; i <= 19; i++) CHECK_BITS_F32(f[i], 0.0f);
    CHECK_BITS_F32(f[20], -10.0f); /* effective lr left at 0 */
    CHECK_BITS_F32(f[21], 0.0f);   /* beta powers: 0 until the host reports them */
    CHECK_BITS_F32(f[22], 0.0f);
    CHECK_BITS_F32(f[23], 0.0f);
    CHECK_BITS_F32(f[24], 0.0f);  /* warmup */
    CHECK_NEAR(f[25], 1.0, 1e-9); /* phase_step 100 / 100 */
    int zero = 1;
    for (int i = 26; i < HT_FEATURES; i++) zero &= tu_f32_bits(f[i]) == 0;
    CHECK(zero, "slots 26..63 are +0");
    ht_trainer_destroy(tr);

    /* Fewer than 32 entries: trend 0, ratio 1; exactly 32: defined. */
    tr = make(16, 4, 1, 0);
    for (int i = 0; i < 31; i++) CHECK_OK(ht_record_step(tr, (float)(1 + i), 2.0f));
    CHECK_OK(ht_compute_features(tr, f));
    CHECK_BITS_F32(f[5], 0.0f);
    CHECK_BITS_F32(f[6], 1.0f);
    CHECK_OK(ht_record_step(tr, 32.0f, 2.0f));
    CHECK_OK(ht_compute_features(tr, f));
    CHECK_NEAR(f[5], 16.0, 1e-6);       /* mean(17..32) - mean(1..16) */
    CHECK_NEAR(f[6], 24.5 / 8.5, 1e-6); /* 2.882352... */
    /* The rings keep only the newest 256 / 64 entries. */
    for (int i = 0; i < 300; i++) CHECK_OK(ht_record_step(tr, (float)i, (float)(i % 8)));
    CHECK_OK(ht_compute_features(tr, f));
    CHECK_NEAR(f[1], (44.0 + 299.0) / 2.0, 1e-5); /* losses 44..299 */
    CHECK_BITS_F32(f[3], 44.0f);
    CHECK_BITS_F32(f[4], 299.0f);
    CHECK_NEAR(f[9], 3.5, 1e-7);                /* norms 0..7 eight times each */
    CHECK_NEAR(f[10], sqrt(63.0 / 12.0), 1e-6); /* population std of 0..7 */
    CHECK_BITS_F32(f[11], 0.0f);
    CHECK_BITS_F32(f[12], 7.0f);
    CHECK_NEAR(f[13], log10(3.0), 1e-7); /* newest norm 299 % 8 = 3 */
    CHECK_NEAR(f[14], 3.0 / 3.5, 1e-7);
    CHECK_NEAR(f[15], sqrt(63.0 / 12.0) / 3.5, 1e-6);
    CHECK_NEAR(f[7], (32.0 + 300.0) / 10000.0, 1e-9);
    ht_trainer_destroy(tr);

    /* log10 floors and the optional optimizer statistics. */
    tr = make(16, 4, 1, 0);
    CHECK_OK(ht_record_step(tr, 1.0f, 1e-12f));
    CHECK_OK(ht_compute_features(tr, f));
    CHECK_BITS_F32(f[13], -10.0f); /* log10(1e-12) = -12 -> -10 */
    CHECK_OK(ht_record_step(tr, 1.0f, 1e-5f));
    CHECK_OK(ht_set_effective_lr(tr, 1e-3f));
    CHECK_OK(ht_compute_features(tr, f));
    CHECK_NEAR(f[13], -5.0, 1e-6);
    CHECK_NEAR(f[20], -3.0, 1e-6);
    CHECK_OK(ht_set_effective_lr(tr, 1e-11f));
    CHECK_OK(ht_compute_features(tr, f));
    CHECK_BITS_F32(f[20], -10.0f);
    CHECK_OK(ht_set_optimizer_stats(tr, 0.9f, 0.999f, false, 1.0f, 2.0f, 3.0f, 4.0f));
    CHECK_OK(ht_compute_features(tr, f));
    for (int i = 16; i <= 19; i++) CHECK_BITS_F32(f[i], 0.0f); /* not tracked */
    CHECK_BITS_F32(f[21], 0.9f);
    CHECK_BITS_F32(f[22], 0.999f);
    CHECK_OK(ht_set_optimizer_stats(tr, 0.5f, 0.25f, true, 1.0f, 2.0f, 3.0f, 4.0f));
    CHECK_OK(ht_compute_features(tr, f));
    CHECK_BITS_F32(f[16], 1.0f);
    CHECK_BITS_F32(f[17], 2.0f);
    CHECK_BITS_F32(f[18], 3.0f);
    CHECK_BITS_F32(f[19], 4.0f);
    CHECK_BITS_F32(f[21], 0.5f);
    CHECK_BITS_F32(f[22], 0.25f);
    CHECK_OK(ht_set_phase(tr, HT_PHASE_CORRECT));
    CHECK_OK(ht_record_step(tr, 1.0f, 1.0f));
    CHECK_OK(ht_compute_features(tr, f));
    ht_state_view v;
    CHECK_OK(ht_state_view_get(tr, &v));
    CHECK_INT_EQ(v.phase, HT_PHASE_CORRECT);
    CHECK_BITS_F32(f[24], 3.0f);
    CHECK_NEAR(f[25], (double)v.phase_step / 100.0, 1e-9);
    CHECK_BITS_F32(f[7], (float)(3.0 / 10000.0));
    /* Zero gradient norms everywhere: finite ratios. */
    ht_trainer_destroy(tr);
    tr = make(16, 4, 1, 0);
    for (int i = 0; i < 5; i++) CHECK_OK(ht_record_step(tr, 1.0f, 0.0f));
    CHECK_OK(ht_compute_features(tr, f));
    all_finite = 1;
    for (int i = 0; i < HT_FEATURES; i++) all_finite &= isfinite(f[i]) != 0;
    CHECK(all_finite, "features with all-zero gradient norms are finite");
    CHECK_BITS_F32(f[13], -10.0f);
    ht_trainer_destroy(tr);
}

/* ---- logs and confidence cache ---- */

static void test_logs_and_confidence(void) {
    ht_trainer *tr = make(16, 4, 1, 3);
    CHECK_OK(ht_set_effective_lr(tr, 1e-3f));
    CHECK_OK(ht_record_step(tr, 2.0f, 1.5f));
    CHECK_OK(ht_init_latents(tr));
    ht_state_view v;
    float *newest = tu_alloc(1100 * sizeof(float));
    float all[HT_ERROR_LOG];
    int len_ok = 1;
    for (int i = 0; i < 1005; i++) {
        float l = 2.0f + 0.5f * (float)sin(0.05 * i);
        CHECK_OK(ht_observe_gradient(tr, l, 1.5f));
        CHECK_OK(ht_state_view_get(tr, &v));
        size_t n = (size_t)i + 1;
        len_ok &= v.error_len == (n < HT_ERROR_LOG ? n : HT_ERROR_LOG) &&
                  v.gnorm_log_len == (n < HT_LR_LOG ? n : HT_LR_LOG) &&
                  v.lr_log_len == (n < HT_LR_LOG ? n : HT_LR_LOG);
        float one;
        CHECK_U64_EQ(ht_error_log_copy(tr, &one, 1), 1);
        newest[i] = one;
    }
    CHECK(len_ok, "error log grows to 1000, gradient-norm and lr logs to 100");
    CHECK_U64_EQ(ht_error_log_copy(tr, all, HT_ERROR_LOG), HT_ERROR_LOG);
    CHECK_SAME_F32S(all, newest + 5, HT_ERROR_LOG, "error log holds the last 1000, oldest first");
    float three[3];
    CHECK_U64_EQ(ht_error_log_copy(tr, three, 3), 3);
    CHECK_SAME_F32S(three, newest + 1002, 3, "error_log_copy(n=3) gives the newest 3");
    CHECK_U64_EQ(ht_error_log_copy(tr, NULL, 3), 0);
    free(newest);

    /* Cold confidence by hand from the public state: agreement of a 10-step
   * predict, historical from the newest 50 of 1000 logged errors, stability
   * from the EMAs. */
    float c1, c2, c3;
    {
        ht_prediction p10;
        CHECK_OK(ht_prediction_alloc(&p10, 10));
        CHECK_OK(ht_predict(tr, 10, &p10));
        double sum = 0.0;
        for (int i = HT_ERROR_LOG - 50; i < HT_ERROR_LOG; i++) sum += all[i];
        double hist = fmin(0.99, 1.0 / (1.0 + sum / 50.0));
        CHECK_OK(ht_state_view_get(tr, &v));
        double stab =
            fmax(0.5, 1.0 / (1.0 + 2.0 * fabs(v.ema_fast - v.ema_slow) / fabs(v.ema_slow)));
        double want = 0.4 / (1.0 + (double)p10.total_std) + 0.4 * hist + 0.2 * stab;
        CHECK_OK(ht_prediction_confidence_cold(tr, &c1));
        CHECK_NEAR(c1, want, 2e-7);
        ht_prediction_free(&p10);
    }

    /* Cache: a cold call fills it; a hit returns the same bits. */
    CHECK_OK(ht_prediction_confidence(tr, &c1));
    CHECK_TRUE(ht_confidence_cached(tr));
    CHECK_OK(ht_prediction_confidence(tr, &c2));
    CHECK_BITS_F32(c1, c2);
    CHECK_OK(ht_prediction_confidence_cold(tr, &c3));
    CHECK_BITS_F32(c1, c3);
    CHECK_TRUE(c1 >= 0.0f && c1 <= 1.0f);
    /* predict does not invalidate the cache. */
    ht_prediction p;
    CHECK_OK(ht_prediction_alloc(&p, 10));
    CHECK_OK(ht_predict(tr, 10, &p));
    CHECK_TRUE(ht_confidence_cached(tr));
    /* observe_gradient invalidates; the next call recomputes from the new state. */
    CHECK_OK(ht_observe_gradient(tr, 2.0f, 1.5f));
    CHECK_TRUE(!ht_confidence_cached(tr));
    CHECK_OK(ht_prediction_confidence(tr, &c2));
    CHECK_OK(ht_prediction_confidence_cold(tr, &c3));
    CHECK_BITS_F32(c2, c3);
    /* record_step changes the step: a miss, and the new value is the cold one. */
    CHECK_TRUE(ht_confidence_cached(tr));
    CHECK_OK(ht_record_step(tr, 1.0f, 1.5f));
    CHECK_TRUE(!ht_confidence_cached(tr));
    CHECK_OK(ht_prediction_confidence(tr, &c2));
    CHECK(tu_f32_bits(c2) != tu_f32_bits(c3),
          "a new EMA state should change confidence "
          "(%.9g vs %.9g)",
          (double)c2, (double)c3);
    CHECK_TRUE(ht_confidence_cached(tr));
    CHECK_OK(ht_prediction_confidence_cold(tr, &c3));
    CHECK_BITS_F32(c2, c3);
    /* Every other state change invalidates too. */
    float h[16], pp[4], wd[HT_DELTA_OUTPUTS * 20], blk[64 * 16];
    CHECK_OK(ht_member_latent_get(tr, 0, h, pp));
    CHECK_OK(ht_delta_head_get(tr, wd, sizeof wd / sizeof wd[0]));
    CHECK_OK(ht_member_block_get(tr, 0, HT_W_Z, blk, sizeof blk / sizeof blk[0]));
#define INVALIDATES(call)                                                                          \
    do {                                                                                           \
        CHECK_OK(ht_prediction_confidence(tr, &c1));                                               \
        CHECK_TRUE(ht_confidence_cached(tr));                                                      \
        CHECK_OK(call);                                                                            \
        CHECK(!ht_confidence_cached(tr), "%s must invalidate the cache", #call);                   \
    } while (0)
    INVALIDATES(ht_set_effective_lr(tr, 2e-3f));
    INVALIDATES(ht_set_phase(tr, HT_PHASE_FULL));
    INVALIDATES(ht_set_optimizer_stats(tr, 0.9f, 0.99f, true, 0, 0, 0, 0));
    INVALIDATES(ht_member_latent_set(tr, 0, h));
    INVALIDATES(ht_member_block_set(tr, 0, HT_W_Z, blk, sizeof blk / sizeof blk[0]));
    INVALIDATES(ht_delta_head_set(tr, wd, sizeof wd / sizeof wd[0]));
    INVALIDATES(ht_init_latents(tr));
    INVALIDATES(ht_observe_gradient(tr, 2.0f, 1.5f));
#undef INVALIDATES
    /* Historical term: with >= 10 errors the mean of the last 50 is used, so
   * confidence depends on the error log (exercised by test_reference). */
    ht_prediction_free(&p);
    ht_trainer_destroy(tr);

    /* Fewer than 10 logged errors and a constant loss: agreement a,
   * historical 0.7, stability 1 (fast == slow). */
    tr = make(72, 8, 2, 9);
    CHECK_OK(ht_record_step(tr, 2.0f, 1.5f));
    CHECK_OK(ht_prediction_confidence_cold(tr, &c1));
    CHECK_OK(ht_prediction_alloc(&p, 10));
    CHECK_OK(ht_predict(tr, 10, &p));
    double want = 0.4 / (1.0 + (double)p.total_std) + 0.4 * 0.7 + 0.2 * 1.0;
    CHECK_NEAR(c1, want, 2e-7);
    /* Loss halves: fast - slow = 0.25 * (1 - 2) - 0.015625 * (1 - 2)
   * = -0.234375, slow = 1.984375, so stability = 1 / (1 + 2 * 0.234375 /
   * 1.984375) = 0.80894..., above the 0.5 floor. */
    CHECK_OK(ht_record_step(tr, 1.0f, 1.5f));
    CHECK_OK(ht_prediction_confidence(tr, &c1));
    CHECK_OK(ht_predict(tr, 10, &p));
    want = 0.4 / (1.0 + (double)p.total_std) + 0.4 * 0.7 +
           0.2 * (1.0 / (1.0 + 2.0 * 0.234375 / 1.984375));
    CHECK_NEAR(c1, want, 2e-7);
    /* A huge jump: stability floors at 0.5. */
    CHECK_OK(ht_record_step(tr, 1000.0f, 1.5f));
    CHECK_OK(ht_prediction_confidence(tr, &c1));
    CHECK_OK(ht_predict(tr, 10, &p));
    want = 0.4 / (1.0 + (double)p.total_std) + 0.4 * 0.7 + 0.2 * 0.5;
    CHECK_NEAR(c1, want, 2e-7);
    ht_prediction_free(&p);
    ht_trainer_destroy(tr);
}

/* ---- accessors: logical layout round trips ---- */

static void test_accessors(void) {
    /* H = 130: three panels per gate (one of them partial). */
    ht_trainer *tr = make(130, 10, 2, 8);
    for (size_t m = 0; m < 2; m++)
        for (int b = 0; b < HT_BLOCK_COUNT; b++) {
            size_t r, c;
            ht_block_shape(tr, (ht_block)b, &r, &c);
            size_t n = r * c;
            float *in = tu_alloc(n * sizeof(float)), *out = tu_alloc(n * sizeof(float));
            for (size_t i = 0; i < n; i++) in[i] = (float)(m * 1000003 + (size_t)b * 7919 + i);
            CHECK_OK(ht_member_block_set(tr, m, (ht_block)b, in, n));
            CHECK_OK(ht_member_block_get(tr, m, (ht_block)b, out, n));
            CHECK_SAME_F32S(in, out, n, "block set/get round trip");
            free(in);
            free(out);
        }
    /* Blocks of different members and gates do not alias. */
    float *z = tu_alloc(130 * 64 * sizeof(float)), *r = tu_alloc(130 * 64 * sizeof(float));
    CHECK_OK(ht_member_block_get(tr, 0, HT_W_Z, z, 130 * 64));
    CHECK_OK(ht_member_block_get(tr, 1, HT_W_R, r, 130 * 64));
    CHECK_TRUE(z[5] == 5.0f && r[5] == (float)(1000003 + 7919 + 5));
    free(z);
    free(r);
    float wd[HT_DELTA_OUTPUTS * 140], wd2[HT_DELTA_OUTPUTS * 140];
    for (size_t i = 0; i < sizeof wd / sizeof wd[0]; i++) wd[i] = (float)i * 0.5f;
    CHECK_OK(ht_delta_head_set(tr, wd, sizeof wd / sizeof wd[0]));
    CHECK_OK(ht_delta_head_get(tr, wd2, sizeof wd2 / sizeof wd2[0]));
    CHECK_SAME_F32S(wd, wd2, sizeof wd / sizeof wd[0], "delta head set/get round trip");
    /* latent_set re-derives p = softmax(h[i * H / S]). */
    float h[130], hh[130], p[10];
    for (int i = 0; i < 130; i++) h[i] = 0.01f * (float)(i % 17) - 0.05f;
    CHECK_OK(ht_member_latent_set(tr, 1, h));
    CHECK_OK(ht_member_latent_get(tr, 1, hh, p));
    CHECK_SAME_F32S(h, hh, 130, "latent set/get round trip");
    double den = 0.0;
    for (int i = 0; i < 10; i++) den += exp((double)h[i * 13]);
    for (int i = 0; i < 10; i++) CHECK_NEAR(p[i], exp((double)h[i * 13]) / den, 1e-7);
    ht_trainer_destroy(tr);
}

/* ---- predict edge cases ---- */

static void test_predict_edges(void) {
    ht_trainer *tr = make(72, 8, 2, 4);
    ht_prediction p;
    CHECK_OK(ht_prediction_alloc(&p, 75));
    CHECK_U64_EQ(p.capacity, 76);
    /* Before any record_step the current loss is 0: outputs must stay finite
   * (loss_improvement = max(0, t0 - tn) / t0 has t0 = 0). */
    CHECK_OK(ht_predict(tr, 5, &p));
    CHECK_BITS_F32(p.trajectory[0], 0.0f);
    int fin = isfinite(p.final_loss) && isfinite(p.confidence) && isfinite(p.delta.scale);
    for (int i = 0; i < HT_DELTA_LAYERS; i++) fin &= isfinite(p.delta.layer[i]) != 0;
    CHECK(fin, "predict with current loss 0: final %.9g magnitude %.9g layer0 %.9g",
          (double)p.final_loss, (double)p.delta.scale, (double)p.delta.layer[0]);
    /* n = 0 returns the current loss. */
    CHECK_OK(ht_record_step(tr, 3.25f, 1.0f));
    CHECK_OK(ht_predict(tr, 0, &p));
    CHECK_U64_EQ(p.horizon, 0);
    CHECK_BITS_F32(p.trajectory[0], 3.25f);
    CHECK_BITS_F32(p.final_loss, 3.25f);
    /* The same prediction twice gives the same bits (no hidden state). */
    ht_prediction q;
    CHECK_OK(ht_prediction_alloc(&q, 75));
    CHECK_OK(ht_predict(tr, 75, &p));
    CHECK_OK(ht_predict(tr, 75, &q));
    CHECK_SAME_F32S(p.trajectory, q.trajectory, 76, "repeated predict(75)");
    CHECK_BITS_F32(p.total_std, q.total_std);
    CHECK_BITS_F32(p.delta.scale, q.delta.scale);
    /* Decoded losses are within [1e-6, e^10]. */
    int in_range = 1;
    for (int i = 1; i <= 75; i++)
        in_range &= p.trajectory[i] >= 1e-6f && p.trajectory[i] <= 22026.4658f * 1.0001f;
    CHECK_TRUE(in_range);
    CHECK_TRUE(p.lower <= p.final_loss && p.final_loss <= p.upper);
    CHECK_TRUE(p.confidence > 0.0f && p.confidence <= 1.0f);
    ht_prediction_free(&p);
    ht_prediction_free(&q);
    ht_trainer_destroy(tr);
}

/* ---- error paths ---- */

typedef struct {
    float *blk[HT_BLOCK_COUNT];
    float *wd, *h, *p;
    ht_state_view v;
    float ring[HT_LOSS_RING], gring[HT_GNORM_RING];
    size_t nerr;
    float errs[HT_ERROR_LOG];
    bool cached;
} full_state;

static void state_take(full_state *s, const ht_trainer *tr) {
    size_t C = 72 + 8;
    for (int b = 0; b < HT_BLOCK_COUNT; b++) {
        s->blk[b] = tu_alloc(72 * 72 * sizeof(float));
        CHECK_OK(ht_member_block_get(tr, 1, (ht_block)b, s->blk[b], 72 * 72));
    }
    s->wd = tu_alloc(HT_DELTA_OUTPUTS * C * sizeof(float));
    CHECK_OK(ht_delta_head_get(tr, s->wd, HT_DELTA_OUTPUTS * C));
    s->h = tu_alloc(72 * sizeof(float));
    s->p = tu_alloc(8 * sizeof(float));
    CHECK_OK(ht_member_latent_get(tr, 1, s->h, s->p));
    CHECK_OK(ht_state_view_get(tr, &s->v));
    memcpy(s->ring, s->v.loss_ring, sizeof s->ring);
    memcpy(s->gring, s->v.gnorm_ring, sizeof s->gring);
    s->nerr = ht_error_log_copy(tr, s->errs, HT_ERROR_LOG);
    s->cached = ht_confidence_cached(tr);
}

static void state_same(full_state *a, const ht_trainer *tr, const char *what) {
    full_state b;
    state_take(&b, tr);
    int same = 1;
    for (int k = 0; k < HT_BLOCK_COUNT; k++) same &= !memcmp(a->blk[k], b.blk[k], 72 * 72 * 4);
    same &= !memcmp(a->wd, b.wd, HT_DELTA_OUTPUTS * 80 * 4);
    same &= !memcmp(a->h, b.h, 72 * 4) && !memcmp(a->p, b.p, 8 * 4);
    same &= a->v.step == b.v.step && a->v.loss_len == b.v.loss_len &&
            a->v.loss_head == b.v.loss_head && a->v.gnorm_len == b.v.gnorm_len &&
            tu_f32_bits(a->v.loss) == tu_f32_bits(b.v.loss) &&
            tu_f32_bits(a->v.grad_norm) == tu_f32_bits(b.v.grad_norm) &&
            tu_f32_bits(a->v.effective_lr) == tu_f32_bits(b.v.effective_lr) &&
            a->v.ema_fast == b.v.ema_fast && a->v.ema_slow == b.v.ema_slow &&
            a->v.ema_medium == b.v.ema_medium && a->v.phase_step == b.v.phase_step &&
            a->v.error_len == b.v.error_len && a->v.gnorm_log_len == b.v.gnorm_log_len &&
            a->v.lr_log_len == b.v.lr_log_len;
    same &= !memcmp(a->ring, b.ring, sizeof a->ring) && !memcmp(a->gring, b.gring, sizeof a->gring);
    same &= a->nerr == b.nerr && !memcmp(a->errs, b.errs, a->nerr * 4);
    same &= a->cached == b.cached;
    CHECK(same, "%s changed the trainer", what);
    for (int k = 0; k < HT_BLOCK_COUNT; k++) free(b.blk[k]);
    free(b.wd);
    free(b.h);
    free(b.p);
}

static void state_free(full_state *s) {
    for (int k = 0; k < HT_BLOCK_COUNT; k++) free(s->blk[k]);
    free(s->wd);
    free(s->h);
    free(s->p);
}

static void test_errors(void) {
    ht_trainer *tr = make(72, 8, 2, 2);
    CHECK_OK(ht_set_effective_lr(tr, 1e-3f));
    CHECK_OK(ht_record_step(tr, 2.0f, 1.5f));
    CHECK_OK(ht_init_latents(tr));
    CHECK_OK(ht_observe_gradient(tr, 2.0f, 1.5f));
    float c;
    CHECK_OK(ht_prediction_confidence(tr, &c));
    full_state s0;
    state_take(&s0, tr);

    /* Non-finite inputs: HT_ENONFINITE and nothing changes. */
    const float bad[] = {NANF_, INFF_, -INFF_};
    for (int i = 0; i < 3; i++) {
        CHECK_STATUS(ht_record_step(tr, bad[i], 1.0f), HT_ENONFINITE);
        CHECK_STATUS(ht_record_step(tr, 1.0f, bad[i]), HT_ENONFINITE);
        CHECK_STATUS(ht_observe_gradient(tr, bad[i], 1.0f), HT_ENONFINITE);
        CHECK_STATUS(ht_observe_gradient(tr, 1.0f, bad[i]), HT_ENONFINITE);
        CHECK_STATUS(ht_set_effective_lr(tr, bad[i]), HT_ENONFINITE);
        CHECK_STATUS(ht_set_optimizer_stats(tr, bad[i], 0.5f, true, 0, 0, 0, 0), HT_ENONFINITE);
        CHECK_STATUS(ht_set_optimizer_stats(tr, 0.5f, 0.5f, true, 0, 0, 0, bad[i]), HT_ENONFINITE);
    }
    state_same(&s0, tr, "non-finite inputs");
    /* Negative gradient norm or learning rate: HT_ERANGE, nothing changes. */
    CHECK_STATUS(ht_record_step(tr, 1.0f, -1.0f), HT_ERANGE);
    CHECK_STATUS(ht_observe_gradient(tr, 1.0f, -1e-30f), HT_ERANGE);
    CHECK_STATUS(ht_set_effective_lr(tr, -1e-3f), HT_ERANGE);
    CHECK_STATUS(ht_set_phase(tr, (ht_phase)4), HT_ERANGE);
    CHECK_STATUS(ht_set_phase(tr, (ht_phase)-1), HT_ERANGE);
    CHECK_STATUS(ht_trainer_set_threads(tr, 0), HT_ERANGE);
    CHECK_STATUS(ht_trainer_set_threads(tr, HT_MAX_THREADS + 1), HT_ERANGE);
    CHECK_INT_EQ(ht_trainer_threads(tr), 1);
    state_same(&s0, tr, "out-of-range inputs");
    /* Zero gradient norm and zero loss are legal. */

    /* Capacity and index errors. */
    ht_prediction p;
    CHECK_OK(ht_prediction_alloc(&p, 4));
    CHECK_STATUS(ht_predict(tr, 5, &p), HT_ECAPACITY);
    CHECK_OK(ht_predict(tr, 4, &p));
    float buf[72 * 72 + 1];
    CHECK_STATUS(ht_member_block_get(tr, 0, HT_U_Z, buf, 72 * 72 - 1), HT_ECAPACITY);
    CHECK_STATUS(ht_member_block_get(tr, 0, HT_W_LOSS, buf, 79), HT_ECAPACITY);
    CHECK_STATUS(ht_member_block_set(tr, 0, HT_B_Z, buf, 71), HT_ECAPACITY);
    CHECK_STATUS(ht_member_block_get(tr, 2, HT_W_Z, buf, 72 * 72), HT_ERANGE);
    CHECK_STATUS(ht_member_block_get(tr, 0, HT_BLOCK_COUNT, buf, 72 * 72), HT_ERANGE);
    CHECK_STATUS(ht_member_block_set(tr, 2, HT_W_Z, buf, 72 * 72), HT_ERANGE);
    CHECK_STATUS(ht_delta_head_get(tr, buf, HT_DELTA_OUTPUTS * 80 - 1), HT_ECAPACITY);
    CHECK_STATUS(ht_delta_head_set(tr, buf, HT_DELTA_OUTPUTS * 80 - 1), HT_ECAPACITY);
    CHECK_STATUS(ht_member_latent_get(tr, 2, buf, buf + 100), HT_ERANGE);
    CHECK_STATUS(ht_member_latent_set(tr, 2, buf), HT_ERANGE);
    CHECK_STATUS(ht_member_dh_prev_get(tr, 2, buf), HT_ERANGE);
    state_same(&s0, tr, "capacity and index errors");

    /* NULL pointers. */
    float f[HT_FEATURES];
    ht_state_view v;
    CHECK_STATUS(ht_record_step(NULL, 1.0f, 1.0f), HT_ENULL);
    CHECK_STATUS(ht_observe_gradient(NULL, 1.0f, 1.0f), HT_ENULL);
    CHECK_STATUS(ht_compute_features(NULL, f), HT_ENULL);
    CHECK_STATUS(ht_compute_features(tr, NULL), HT_ENULL);
    CHECK_STATUS(ht_init_latents(NULL), HT_ENULL);
    CHECK_STATUS(ht_predict(NULL, 1, &p), HT_ENULL);
    CHECK_STATUS(ht_predict(tr, 1, NULL), HT_ENULL);
    CHECK_STATUS(ht_predict_observed(NULL, 1, &p, NULL, NULL), HT_ENULL);
    ht_prediction empty;
    memset(&empty, 0, sizeof empty);
    empty.capacity = 10;
    CHECK_STATUS(ht_predict(tr, 1, &empty), HT_ENULL);
    CHECK_STATUS(ht_prediction_alloc(NULL, 3), HT_ENULL);
    CHECK_STATUS(ht_prediction_confidence(NULL, &c), HT_ENULL);
    CHECK_STATUS(ht_prediction_confidence(tr, NULL), HT_ENULL);
    CHECK_STATUS(ht_prediction_confidence_cold(NULL, &c), HT_ENULL);
    CHECK_STATUS(ht_prediction_confidence_cold(tr, NULL), HT_ENULL);
    CHECK_TRUE(!ht_confidence_cached(NULL));
    CHECK_STATUS(ht_state_view_get(NULL, &v), HT_ENULL);
    CHECK_STATUS(ht_state_view_get(tr, NULL), HT_ENULL);
    CHECK_U64_EQ(ht_error_log_copy(NULL, buf, 3), 0);
    CHECK_STATUS(ht_member_block_get(NULL, 0, HT_W_Z, buf, 72 * 72), HT_ENULL);
    CHECK_STATUS(ht_member_block_get(tr, 0, HT_W_Z, NULL, 72 * 72), HT_ENULL);
    CHECK_STATUS(ht_member_block_set(NULL, 0, HT_W_Z, buf, 72 * 72), HT_ENULL);
    CHECK_STATUS(ht_member_block_set(tr, 0, HT_W_Z, NULL, 72 * 72), HT_ENULL);
    CHECK_STATUS(ht_member_latent_get(NULL, 0, buf, buf + 100), HT_ENULL);
    CHECK_STATUS(ht_member_latent_get(tr, 0, NULL, buf + 100), HT_ENULL);
    CHECK_STATUS(ht_member_latent_get(tr, 0, buf, NULL), HT_ENULL);
    CHECK_STATUS(ht_member_latent_set(NULL, 0, buf), HT_ENULL);
    CHECK_STATUS(ht_member_latent_set(tr, 0, NULL), HT_ENULL);
    CHECK_STATUS(ht_delta_head_get(NULL, buf, 72 * 72), HT_ENULL);
    CHECK_STATUS(ht_delta_head_get(tr, NULL, 72 * 72), HT_ENULL);
    CHECK_STATUS(ht_delta_head_set(NULL, buf, 72 * 72), HT_ENULL);
    CHECK_STATUS(ht_delta_head_set(tr, NULL, 72 * 72), HT_ENULL);
    CHECK_STATUS(ht_member_dh_prev_get(NULL, 0, buf), HT_ENULL);
    CHECK_STATUS(ht_member_dh_prev_get(tr, 0, NULL), HT_ENULL);
    CHECK_STATUS(ht_set_effective_lr(NULL, 1.0f), HT_ENULL);
    CHECK_STATUS(ht_set_phase(NULL, HT_PHASE_FULL), HT_ENULL);
    CHECK_STATUS(ht_set_optimizer_stats(NULL, 0, 0, false, 0, 0, 0, 0), HT_ENULL);
    CHECK_STATUS(ht_trainer_set_threads(NULL, 2), HT_ENULL);
    CHECK_INT_EQ(ht_trainer_threads(NULL), 0);
    state_same(&s0, tr, "NULL-pointer calls");
    /* Huge prediction buffer. */
    ht_prediction big;
    int rc_big = ht_prediction_alloc(&big, SIZE_MAX / 2); /* 2^40 would not fit i386 */
    CHECK(rc_big == HT_ERANGE || rc_big == HT_ENOMEM, "prediction_alloc(SIZE_MAX / 2) returned %s",
          ht_status_name(rc_big));
    ht_prediction_free(NULL);
    ht_prediction_free(&p);
    state_free(&s0);
    ht_trainer_destroy(tr);

    /* ISA names and selection errors. */
    for (int i = 0; i < HT_ISA_COUNT; i++) {
        ht_isa got;
        CHECK_OK(ht_isa_parse(ht_isa_name((ht_isa)i), &got));
        CHECK_INT_EQ(got, i);
    }
    ht_isa got;
    CHECK_STATUS(ht_isa_parse("avx3", &got), HT_ERANGE);
    CHECK_STATUS(ht_isa_parse(NULL, &got), HT_ENULL);
    CHECK_STATUS(ht_isa_select(HT_ISA_COUNT), HT_ERANGE);
    CHECK_TRUE(ht_isa_cpu_supports(HT_ISA_SCALAR));
    CHECK_TRUE(ht_kernels_for(HT_ISA_SCALAR) != NULL);
    CHECK_TRUE(ht_kernels_active() != NULL);
}

/* ---- weight deltas ---- */

static void test_delta(void) {
    ht_delta *d = NULL, *c = NULL, *s = NULL;
    CHECK_OK(ht_delta_create(&d, 10, 1000, 0.001f));
    REQUIRE(d != NULL);
    CHECK_U64_EQ(d->n_tensors, 10);
    CHECK_U64_EQ(d->total, 10000);
    CHECK_BITS_F32(d->scale, 1.0f);
    CHECK_TRUE(!d->meta.is_predicted && !d->meta.has_confidence && !d->meta.has_source_phase);
    CHECK_U64_EQ(d->meta.n_steps, 0);
    int ok = 1;
    for (size_t k = 0; k < 10; k++) {
        char want[HT_DELTA_NAME_LEN];
        snprintf(want, sizeof want, "param_%zu", k);
        ok &= strcmp(d->name[k], want) == 0 && d->len[k] == 1000;
        const float *t = ht_delta_tensor_const(d, k);
        for (size_t i = 0; i < 1000; i++) ok &= t[i] == 0.001f;
    }
    CHECK(ok, "create: names param_0..9, 1000 values of 0.001 each");
    CHECK_TRUE(ht_delta_tensor(d, 10) == NULL);
    CHECK_TRUE(ht_delta_tensor_const(NULL, 0) == NULL);

    /* clone: deep and independent */
    d->meta.is_predicted = true;
    d->meta.has_confidence = true;
    d->meta.confidence = 0.75f;
    d->meta.n_steps = 5;
    CHECK_OK(ht_delta_clone(d, &c));
    REQUIRE(c != NULL && c != d);
    CHECK_TRUE(ht_delta_tensor(c, 0) != ht_delta_tensor(d, 0));
    CHECK_U64_EQ(c->total, 10000);
    CHECK_TRUE(c->meta.is_predicted && c->meta.has_confidence && c->meta.n_steps == 5);
    CHECK_BITS_F32(c->meta.confidence, 0.75f);
    for (size_t k = 0; k < 10; k++) ht_delta_tensor(c, k)[999] = 7.0f;
    c->meta.n_steps = 9;
    c->scale = 3.0f;
    strcpy(c->name[0], "changed");
    ok = 1;
    for (size_t k = 0; k < 10; k++) ok &= ht_delta_tensor(d, k)[999] == 0.001f;
    CHECK(ok, "writing the clone leaves the original's values alone");
    CHECK_U64_EQ(d->meta.n_steps, 5);
    CHECK_BITS_F32(d->scale, 1.0f);
    CHECK_TRUE(strcmp(d->name[0], "param_0") == 0);

    /* scale: a clone whose scale field is the factor; values unchanged. */
    CHECK_OK(ht_delta_scale(d, 0.5f, &s));
    CHECK_BITS_F32(s->scale, 0.5f);
    ok = 1;
    for (size_t k = 0; k < 10; k++)
        for (size_t i = 0; i < 1000; i++) ok &= ht_delta_tensor(s, k)[i] == 0.001f;
    CHECK(ok, "delta_scale multiplies nothing");
    CHECK_BITS_F32(d->scale, 1.0f);

    /* scale_apply multiplies all 10,000 values in place, on every ISA. */
    ht_isa saved = ht_isa_active();
    for (int isa = 0; isa < HT_ISA_COUNT; isa++) {
        if (ht_isa_select((ht_isa)isa) != HT_OK) {
            printf("SKIPPED: delta scale_apply on %s (not selectable in this build or CPU)\n",
                   ht_isa_name((ht_isa)isa));
            continue;
        }
        ht_delta *a = NULL;
        CHECK_OK(ht_delta_clone(d, &a));
        for (size_t k = 0; k < 10; k++)
            for (size_t i = 0; i < 1000; i++) ht_delta_tensor(a, k)[i] = 0.001f * (float)(i + 1);
        CHECK_OK(ht_delta_scale_apply(a, 3.0f));
        ok = 1;
        for (size_t k = 0; k < 10; k++)
            for (size_t i = 0; i < 1000; i++)
                ok &= tu_f32_bits(ht_delta_tensor(a, k)[i]) ==
                      tu_f32_bits((0.001f * (float)(i + 1)) * 3.0f);
        CHECK(ok, "scale_apply(3) on %s: every value multiplied once", ht_isa_name((ht_isa)isa));
        printf("checked: delta scale_apply on %s\n", ht_isa_name((ht_isa)isa));
        CHECK_BITS_F32(a->scale, 1.0f);
        ht_delta_free(a);
    }
    CHECK_OK(ht_isa_select(saved));

    /* errors */
    ht_delta *e = (ht_delta *)d;
    CHECK_STATUS(ht_delta_create(NULL, 10, 1000, 0.0f), HT_ENULL);
    CHECK_STATUS(ht_delta_create(&e, 0, 1000, 0.0f), HT_EDIM);
    CHECK_TRUE(e == NULL);
    CHECK_STATUS(ht_delta_create(&e, HT_DELTA_MAX_TENSORS + 1, 1000, 0.0f), HT_EDIM);
    CHECK_STATUS(ht_delta_create(&e, 10, 0, 0.0f), HT_EDIM);
    CHECK_STATUS(ht_delta_create(&e, 1, ((size_t)1 << 26) + 1, 0.0f), HT_EDIM);
    CHECK_STATUS(ht_delta_clone(NULL, &e), HT_ENULL);
    CHECK_STATUS(ht_delta_clone(d, NULL), HT_ENULL);
    CHECK_STATUS(ht_delta_scale(NULL, 0.5f, &e), HT_ENULL);
    CHECK_STATUS(ht_delta_scale_apply(NULL, 0.5f), HT_ENULL);
    ht_delta_free(NULL);
    ht_delta_free(d);
    ht_delta_free(c);
    ht_delta_free(s);
}

int main(void) {
    test_status();
    test_config();
    test_rings_emas();
    test_features();
    test_logs_and_confidence();
    test_accessors();
    test_predict_edges();
    test_errors();
    test_delta();
    TU_FINISH();
}
