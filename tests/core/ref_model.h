/* ref_model.h: a plain binary64 reference of the hybrid trainer's model
 * (docs/kernels.md sections 3-6, 8, 9), written for the tests from the spec alone.
 * It is deliberately naive: row-major double matrices, libm exp/tanh/log,
 * gradients materialised block by block and clipped by an explicit global
 * norm. It follows the documented pre-activation summation order of
 * ht_trainer.h (which barely matters in binary64). It must never call the
 * library's model code: only ht_trainer.h accessors are used, to copy the
 * library's weights and latents in (ref_sync_from_trainer). */
#ifndef TOCK_REF_MODEL_H
#define TOCK_REF_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ht_trainer.h"

#define REF_NBLK 9 /* the nine GRU blocks W_z..b_h (ht_block order) */
#define REF_LR 0.001
#define REF_DELTA_LR 0.0001
#define REF_CLIP 5.0

/* Intermediate values of one GRU step (all H long). */
typedef struct {
    double *az, *ar, *ah; /* pre-activations */
    double *z, *r, *hh;   /* gates and candidate h~ */
    double *rh;           /* r * h_prev */
    double *hnew;
} ref_gru_cache;

typedef struct {
    double *blk[HT_BLOCK_COUNT]; /* row-major, shapes as in ht_block_shape */
    double *h, *p;               /* latent state */
    /* From the last ref_observe: */
    double *grad[REF_NBLK]; /* unclipped BPTT gradients of L wrt each block */
    double *dh;             /* gradient fed into BPTT (err*pred*w_loss_new) */
    double *dh_prev;
    double *x, *hprev; /* the step's input and previous hidden state */
    double pred, err, gnorm_total, clip_scale;
} ref_member;

typedef struct {
    size_t I, H, S, C, E;
    ref_member m[HT_MAX_MEMBERS];
    double *wdelta; /* 10 x C */

    /* training state (section 9) */
    uint64_t step, phase_step;
    int phase;
    double loss, gnorm, eff_lr;
    double loss_ring[HT_LOSS_RING];
    size_t loss_head, loss_len;
    double gnorm_ring[HT_GNORM_RING];
    size_t gnorm_head, gnorm_len;
    bool ema_init;
    double ema_fast, ema_medium, ema_slow;
    double beta1_pow, beta2_pow;
    bool opt_tracked;
    double mom_mean, mom_std, var_mean, var_std;

    /* logs (section 5) */
    double err_log[HT_ERROR_LOG];
    size_t err_head, err_len;
    size_t gnorm_log_len, lr_log_len;

    /* confidence cache (section 8) */
    bool conf_valid;
    uint64_t conf_step;
    double conf_value;
} ref_model;

typedef struct {
    size_t n;
    double *traj; /* n + 1 */
    double final_loss, confidence, lower, upper, aleatoric, epistemic, total_std;
    double entropy;
    double f[HT_DELTA_OUTPUTS]; /* W_delta c_bar */
    double loss_improvement, magnitude;
    double layer[HT_DELTA_LAYERS];
    double meta_confidence;
    double *final_h; /* E x H: each member's final hidden state */
} ref_prediction;

/* Per-step record of a rollout: member m, step k (1-based) state. */
typedef void (*ref_step_fn)(void *user, size_t m, size_t k, const double *h, const double *p,
                            double loss, double entropy);

int ref_create(ref_model *r, size_t H, size_t S, size_t E);
void ref_free(ref_model *r);
/* Copies every weight block, W_delta and every member latent from tr. */
int ref_sync_from_trainer(ref_model *r, const ht_trainer *tr);
/* Copies only the training-state fields visible through ht_state_view (rings,
 * EMAs, step, losses) and the error log. */
int ref_sync_state_from_trainer(ref_model *r, const ht_trainer *tr);

void ref_record_step(ref_model *r, double loss, double gnorm);
void ref_set_effective_lr(ref_model *r, double lr);
void ref_features(const ref_model *r, double out[HT_FEATURES]);
void ref_init_latents(ref_model *r);

/* Pure pieces (no state change). */
void ref_gru_forward(const ref_model *r, size_t m, const double *x, const double *hprev,
                     ref_gru_cache *c);
int ref_gru_cache_alloc(ref_gru_cache *c, size_t H);
void ref_gru_cache_free(ref_gru_cache *c);
/* p = softmax(h[i*H/S]) and its entropy (natural log, 0 log 0 = 0). */
double ref_stoch(const ref_model *r, const double *h, double *p);
/* max(exp(clamp(dot(c, w), -10, 10)), 1e-6), c = [h, p]. */
double ref_decode(const ref_model *r, size_t m, const double *h, const double *p);
/* One-step BPTT from a given dh (H): grad[b] for the nine blocks (row-major,
 * caller-allocated) and dh_prev (H). Exactly the gradient of
 * f = dot(dh, h'(x, hprev, weights)). */
void ref_bptt(const ref_model *r, size_t m, const double *x, const double *hprev, const double *dh,
              double *const grad[REF_NBLK], double *dh_prev);
/* dot(dh, h'(x, hprev, weights)): the scalar whose gradient ref_bptt gives,
 * for finite differences. */
double ref_dot_dh_hnew(const ref_model *r, size_t m, const double *x, const double *hprev,
                       const double *dh);

int ref_prediction_alloc(ref_prediction *p, const ref_model *r, size_t max_n);
void ref_prediction_free(ref_prediction *p);
void ref_predict(const ref_model *r, size_t n, ref_prediction *out, ref_step_fn fn, void *user);
void ref_observe(ref_model *r, double loss, double gnorm);
double ref_confidence_cold(ref_model *r);
double ref_confidence(ref_model *r);

/* Elements of block b. */
size_t ref_block_len(const ref_model *r, ht_block b);

#endif
