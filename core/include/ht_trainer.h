/* ht_trainer.h: the hybrid predictive trainer's state-space model
 * (docs/kernels.md sections 1-6, 8, 9): an ensemble of GRU members that predicts
 * where the training loss goes, trained online with one-step truncated BPTT.
 *
 * Determinism promise: for the same seed, configuration and call sequence,
 * every output is bit-identical for every ISA (ht_isa.h) and every thread
 * count (ht_trainer_set_threads). Mat-vec outputs are split into fixed
 * 64-output panels that never depend on the thread count.
 *
 * Order of the GRU pre-activation (part of the definition, used everywhere):
 *   a = ((b + sum_{j=1..I-1} W[:,j] x[j]) + W[:,0] x[0]) + sum_j U[:,j] v[j]
 * with every sum sequential in j (v = h for z and r, v = r*h for h~). The
 * x[1..] part is computed once per rollout because only x[0] (the predicted
 * loss) changes between horizon steps: 20% fewer weights streamed per step.
 *
 * Non-finite input rule: record_step and observe_gradient return HT_ENONFINITE
 * and change nothing when loss or gradient norm is NaN or +-inf; a negative
 * gradient norm or learning rate is HT_ERANGE. */
#ifndef HT_TRAINER_H
#define HT_TRAINER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ht_delta.h"
#include "ht_status.h"

#define HT_FEATURES 64 /* input dim I: compute_features always writes 64 */
#define HT_LOSS_RING 256
#define HT_GNORM_RING 64
#define HT_ERROR_LOG 1000
#define HT_LR_LOG 100
#define HT_DELTA_OUTPUTS 10
#define HT_DELTA_LAYERS 8
#define HT_MAX_HIDDEN 4096
#define HT_MAX_MEMBERS 16
#define HT_MAX_THREADS 64

typedef struct {
    size_t input_dim;  /* must be HT_FEATURES (64) */
    size_t hidden_dim; /* H: 1..HT_MAX_HIDDEN */
    size_t stoch_dim;  /* S: 1..H, and H % S == 0 (logits are h[i*H/S]) */
    size_t members;    /* E: 1..HT_MAX_MEMBERS */
    uint64_t seed;
} ht_config;

/* I 64, H 256, S 32, E 3, seed 0. */
ht_config ht_config_default(void);

typedef struct {
    float layer[HT_DELTA_LAYERS]; /* embed, attention.q/k/v/out, mlp.up/down, lm_head */
    float scale;                  /* = magnitude */
    ht_delta_meta meta;
} ht_predicted_delta;

extern const char *const ht_delta_layer_names[HT_DELTA_LAYERS];

typedef struct {
    size_t horizon;
    size_t capacity;    /* trajectory entries available (>= horizon + 1) */
    float *trajectory;  /* mean trajectory, [0] = current loss */
    float final_loss;   /* trajectory[horizon] */
    float confidence;   /* 1 / (1 + total_std) */
    float lower, upper; /* final -/+ 2 total_std */
    float aleatoric, epistemic, total_std;
    float entropy; /* mean per-step entropy of the stochastic state */
    ht_predicted_delta delta;
} ht_prediction;

/* Allocates room for horizons up to max_horizon. */
int ht_prediction_alloc(ht_prediction *p, size_t max_horizon);
void ht_prediction_free(ht_prediction *p);

typedef struct ht_trainer ht_trainer;

int ht_trainer_create(ht_trainer **out, const ht_config *cfg);
void ht_trainer_destroy(ht_trainer *tr);
const ht_config *ht_trainer_config(const ht_trainer *tr);

/* Thread count for predict and observe_gradient: 1 = no threads (the calling
 * thread does everything); n > 1 starts n - 1 spinning workers. */
int ht_trainer_set_threads(ht_trainer *tr, unsigned n);
unsigned ht_trainer_threads(const ht_trainer *tr);

/* Training-state setters (what the host trainer reports). */
int ht_set_effective_lr(ht_trainer *tr, float lr);
int ht_set_phase(ht_trainer *tr, ht_phase phase);
int ht_set_optimizer_stats(ht_trainer *tr, float beta1_power, float beta2_power, bool tracked,
                           float momentum_mean, float momentum_std, float variance_mean,
                           float variance_std);

/* Section 9: step += 1, rings, EMAs (0.25, 0.0625, 0.015625), phase_step. */
int ht_record_step(ht_trainer *tr, float loss, float grad_norm);

/* Section 6: the 64 features (binary64 statistics, slots 26..63 zero). */
int ht_compute_features(const ht_trainer *tr, float out[HT_FEATURES]);

/* Latent initialisation of section 4: h[i] = tanh(features[i]) for i < 64,
 * the rest 0, then p from h; the same for every member. */
int ht_init_latents(ht_trainer *tr);

/* Section 4. HT_ECAPACITY if out->capacity < horizon + 1. */
int ht_predict(ht_trainer *tr, size_t horizon, ht_prediction *out);

/* Called once per member per horizon step with that member's new state:
 * h (H floats), p (S floats), the decoded loss and the step's entropy. The
 * parity runner hashes these so a divergence is located in time. */
typedef void (*ht_step_observer)(void *user, size_t member, size_t step, const float *h,
                                 size_t hidden, const float *p, size_t stoch, float loss,
                                 float entropy);
int ht_predict_observed(ht_trainer *tr, size_t horizon, ht_prediction *out,
                        ht_step_observer observer, void *user);

/* Section 5: one online training step of every member and both heads. */
int ht_observe_gradient(ht_trainer *tr, float loss, float grad_norm);

/* Section 8: cached by training step; observe_gradient invalidates. */
int ht_prediction_confidence(ht_trainer *tr, float *out);
/* The cold path, always recomputed (and stored in the cache). */
int ht_prediction_confidence_cold(ht_trainer *tr, float *out);
/* True when the next ht_prediction_confidence call is a cache hit. */
bool ht_confidence_cached(const ht_trainer *tr);

/* Read-only views for tests, benchmarks and the parity runner. */
typedef struct {
    uint64_t step;
    float loss, grad_norm, effective_lr;
    double ema_fast, ema_medium, ema_slow;
    uint64_t phase_step;
    ht_phase phase;
    size_t loss_len, loss_head; /* ring: next write index, entries held */
    const float *loss_ring;     /* HT_LOSS_RING entries, raw order */
    size_t gnorm_len, gnorm_head;
    const float *gnorm_ring;          /* HT_GNORM_RING entries, raw order */
    size_t error_len;                 /* prediction errors held (<= 1000) */
    size_t gnorm_log_len, lr_log_len; /* <= 100 each */
} ht_state_view;
int ht_state_view_get(const ht_trainer *tr, ht_state_view *v);
/* The last min(n, held) prediction errors, oldest first; returns count. */
size_t ht_error_log_copy(const ht_trainer *tr, float *out, size_t n);

/* Member weights in their logical (row-major, untransposed) form, for
 * references and hashing. Each block is rows x cols as named. */
typedef enum {
    HT_W_Z,
    HT_W_R,
    HT_W_H, /* H x I */
    HT_U_Z,
    HT_U_R,
    HT_U_H, /* H x H */
    HT_B_Z,
    HT_B_R,
    HT_B_H,    /* H x 1 */
    HT_W_LOSS, /* 1 x C (per member) */
    HT_BLOCK_COUNT
} ht_block;
/* Copies block of member m into out (rows*cols floats, row-major). */
int ht_member_block_get(const ht_trainer *tr, size_t m, ht_block b, float *out, size_t capacity);
int ht_member_block_set(ht_trainer *tr, size_t m, ht_block b, const float *in, size_t count);
void ht_block_shape(const ht_trainer *tr, ht_block b, size_t *rows, size_t *cols);
/* Latent state of member m: h (H) and p (S). */
int ht_member_latent_get(const ht_trainer *tr, size_t m, float *h, float *p);
int ht_member_latent_set(ht_trainer *tr, size_t m, const float *h);
/* The shared weight-delta head W_delta (10 x C, row-major). */
int ht_delta_head_get(const ht_trainer *tr, float *out, size_t capacity);
int ht_delta_head_set(ht_trainer *tr, const float *in, size_t count);
/* The hidden-state gradient dh_prev (H floats) of member m from the last
 * observe_gradient (for finite-difference tests). */
int ht_member_dh_prev_get(const ht_trainer *tr, size_t m, float *out);

#endif
