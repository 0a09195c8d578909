/* trainer_internal.h: the trainer's private layout, shared by the files that
 * implement it (trainer, history, features, gru, predict, observe,
 * confidence). Not installed. Weight matrices are in the panel layout of
 * ht_kernels.h so that the GRU streams them strictly in order. */
#ifndef HT_TRAINER_INTERNAL_H
#define HT_TRAINER_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ht_kernels.h"
#include "ht_trainer.h"
#include "pool.h"

/* Panels a hand-off chunk covers: 2 panels (128 outputs, 8 zmm chains) keep
 * the AVX-512 loop busy; the count never affects results. */
#define HT__CHUNK_PANELS 2

typedef struct {
    float *wx;      /* 3*Hp outputs (z | r | h~) x I inputs, panels */
    float *uzr;     /* 2*Hp outputs (z | r) x H inputs, panels */
    float *uh;      /* Hp outputs x H inputs, panels */
    float *b;       /* 3*Hp, padded with 0 */
    float *w_loss;  /* C */
    float *h;       /* Hp latent hidden state, padded entries stay 0 */
    float *p;       /* S */
    float *dh_prev; /* H, from the last observe_gradient */
} ht__member;

/* Per-member work space for one GRU step and its BPTT. */
typedef struct {
    float *x;     /* I: this member's features (x[0] follows its own loss) */
    float *xpart; /* 3*Hp: b + sum_{j>=1} W[:,j] x[j] */
    float *g;     /* 3*Hp: z | r | h~ after the step */
    float *rh;    /* Hp: r * h_prev */
    float *h;     /* Hp: hidden state being rolled */
    float *hprev; /* Hp: hidden state before the last step (BPTT) */
    float *p;     /* S */
    float *c;     /* C = [h, p] */
    float *da;    /* 3*Hp: pre-activation gradients da_z | da_r | da_h */
    float *dh;    /* Hp */
    float *drh;   /* Hp: U_h^T da_h */
    float *coef;  /* I + 2H: per-row SGD coefficients */
    double entropy_sum;
    float loss;
    float entropy;
} ht__scratch;

struct ht_trainer {
    ht_config cfg;
    size_t I, H, S, E, C, Hp;
    size_t ps_x, ps_u; /* panel strides (floats) of wx and of uzr/uh */
    ht__member *m;
    ht__scratch *sc;
    float *w_delta; /* 10 x C, shared by the members */
    float *cbar;    /* C */
    ht__pool *pool;
    unsigned threads;

    /* training state (section 9) */
    uint64_t step;
    float loss, gnorm, eff_lr;
    /* History rings stored twice (entry k at k and k + cap), so the newest len
   * entries are always one contiguous run, oldest first, ending just before
   * head + cap: compute_features reads them without wrapping. The first
   * half is the ring in raw order. */
    float loss_hist[2 * HT_LOSS_RING];
    size_t loss_head, loss_len;
    float gnorm_hist[2 * HT_GNORM_RING];
    size_t gnorm_head, gnorm_len;
    double ema_fast, ema_medium, ema_slow;
    bool ema_init;
    ht_phase phase;
    uint64_t phase_step;
    float beta1_pow, beta2_pow;
    bool opt_tracked;
    float mom_mean, mom_std, var_mean, var_std;

    /* logs (section 5) */
    float err_log[HT_ERROR_LOG];
    size_t err_head, err_len;
    float gnorm_log[HT_LR_LOG];
    size_t gnorm_log_head, gnorm_log_len;
    float lr_log[HT_LR_LOG];
    size_t lr_log_head, lr_log_len;

    /* confidence cache (section 8) */
    bool conf_valid;
    uint64_t conf_step;
    float conf_value;
    ht_prediction conf_pred;
};

/* gru.c: one GRU step of every member, on the pool. */
void ht__gru_xpart(ht_trainer *tr);               /* sc->xpart from sc->x (x[1..]) */
void ht__gru_step(ht_trainer *tr);                /* sc->h <- GRU(sc->x, sc->h) */
void ht__member_decode(ht_trainer *tr, size_t m); /* p, entropy, c, loss */
/* Loads member latents into the scratch hidden states. */
void ht__scratch_load_latents(ht_trainer *tr);

/* history.c */
void ht__ring_push(float *ring, size_t cap, size_t *head, size_t *len, float v);
/* The held entries of a doubled history ring, oldest first. */
static inline const float *ht__hist_window(const float *hist, size_t cap, size_t head, size_t len) {
    return hist + head + cap - len;
}
/* The i-th oldest entry of a ring. */
static inline float ht__ring_at(const float *ring, size_t cap, size_t head, size_t len, size_t i) {
    return ring[(head + cap - len + i) % cap];
}

int ht__predict(ht_trainer *tr, size_t horizon, ht_prediction *out, ht_step_observer observer,
                void *user);

static inline bool ht__finite(float x) { return x - x == 0.0f; }

#endif
