/* history.c: the training state the host reports (docs/kernels.md section 9):
 * record_step, the loss and gradient-norm rings, the loss EMAs and the
 * setters. record_step is on every training step's path (published 2.4 ns),
 * so it does no allocation, no division and no branch it can avoid. */
#include <string.h>

#include "trainer_internal.h"

void ht__ring_push(float *ring, size_t cap, size_t *head, size_t *len, float v) {
    ring[*head] = v;
    *head = *head + 1 == cap ? 0 : *head + 1;
    if (*len < cap) *len += 1;
}

/* EMA weights on the new value: 1/4, 1/16, 1/64 (exact binary fractions).
 * The EMA update, (1 - w) ema + w x in binary64, is the critical path of
 * record_step: reload, multiply, add (~13 cycles here, ~4 ns). Deferring it
 * to a batched fold measured slower (5.5 ns): the recurrence's latency is
 * paid either way. */
#define EMA_FAST 0.25
#define EMA_MEDIUM 0.0625
#define EMA_SLOW 0.015625

/* Rings of 256 and 64 entries: power-of-two wrap with a mask. */
_Static_assert((HT_LOSS_RING & (HT_LOSS_RING - 1)) == 0, "loss ring must be a power of 2");
_Static_assert((HT_GNORM_RING & (HT_GNORM_RING - 1)) == 0, "gnorm ring must be a power of 2");

int ht_record_step(ht_trainer *tr, float loss, float grad_norm) {
    if (!tr) return HT_ENULL;
    if (!ht__finite(loss) || !ht__finite(grad_norm)) return HT_ENONFINITE;
    if (grad_norm < 0.0f) return HT_ERANGE;
    tr->step += 1;
    tr->loss = loss;
    tr->gnorm = grad_norm;
    tr->loss_hist[tr->loss_head] = loss;
    tr->loss_hist[tr->loss_head + HT_LOSS_RING] = loss;
    tr->loss_head = (tr->loss_head + 1) & (HT_LOSS_RING - 1);
    tr->loss_len += tr->loss_len < HT_LOSS_RING;
    tr->gnorm_hist[tr->gnorm_head] = grad_norm;
    tr->gnorm_hist[tr->gnorm_head + HT_GNORM_RING] = grad_norm;
    tr->gnorm_head = (tr->gnorm_head + 1) & (HT_GNORM_RING - 1);
    tr->gnorm_len += tr->gnorm_len < HT_GNORM_RING;
    const double l = loss;
    if (tr->ema_init) {
        tr->ema_fast = (1.0 - EMA_FAST) * tr->ema_fast + EMA_FAST * l;
        tr->ema_medium = (1.0 - EMA_MEDIUM) * tr->ema_medium + EMA_MEDIUM * l;
        tr->ema_slow = (1.0 - EMA_SLOW) * tr->ema_slow + EMA_SLOW * l;
    } else {
        tr->ema_fast = tr->ema_medium = tr->ema_slow = l;
        tr->ema_init = true;
    }
    tr->phase_step += 1;
    return HT_OK;
}

int ht_set_effective_lr(ht_trainer *tr, float lr) {
    if (!tr) return HT_ENULL;
    if (!ht__finite(lr)) return HT_ENONFINITE;
    if (lr < 0.0f) return HT_ERANGE;
    tr->eff_lr = lr;
    tr->conf_valid = false;
    return HT_OK;
}

int ht_set_phase(ht_trainer *tr, ht_phase phase) {
    if (!tr) return HT_ENULL;
    if ((unsigned)phase > HT_PHASE_CORRECT) return HT_ERANGE;
    if (phase != tr->phase) tr->phase_step = 0;
    tr->phase = phase;
    tr->conf_valid = false;
    return HT_OK;
}

int ht_set_optimizer_stats(ht_trainer *tr, float beta1_power, float beta2_power, bool tracked,
                           float momentum_mean, float momentum_std, float variance_mean,
                           float variance_std) {
    if (!tr) return HT_ENULL;
    if (!ht__finite(beta1_power) || !ht__finite(beta2_power) || !ht__finite(momentum_mean) ||
        !ht__finite(momentum_std) || !ht__finite(variance_mean) || !ht__finite(variance_std))
        return HT_ENONFINITE;
    tr->beta1_pow = beta1_power;
    tr->beta2_pow = beta2_power;
    tr->opt_tracked = tracked;
    tr->mom_mean = momentum_mean;
    tr->mom_std = momentum_std;
    tr->var_mean = variance_mean;
    tr->var_std = variance_std;
    tr->conf_valid = false;
    return HT_OK;
}

int ht_state_view_get(const ht_trainer *tr, ht_state_view *v) {
    if (!tr || !v) return HT_ENULL;
    memset(v, 0, sizeof *v);
    v->step = tr->step;
    v->loss = tr->loss;
    v->grad_norm = tr->gnorm;
    v->effective_lr = tr->eff_lr;
    v->ema_fast = tr->ema_fast;
    v->ema_medium = tr->ema_medium;
    v->ema_slow = tr->ema_slow;
    v->phase_step = tr->phase_step;
    v->phase = tr->phase;
    v->loss_len = tr->loss_len;
    v->loss_head = tr->loss_head;
    v->loss_ring = tr->loss_hist;
    v->gnorm_len = tr->gnorm_len;
    v->gnorm_head = tr->gnorm_head;
    v->gnorm_ring = tr->gnorm_hist;
    v->error_len = tr->err_len;
    v->gnorm_log_len = tr->gnorm_log_len;
    v->lr_log_len = tr->lr_log_len;
    return HT_OK;
}

size_t ht_error_log_copy(const ht_trainer *tr, float *out, size_t n) {
    if (!tr || !out) return 0;
    size_t k = n < tr->err_len ? n : tr->err_len;
    for (size_t i = 0; i < k; i++)
        out[i] =
            ht__ring_at(tr->err_log, HT_ERROR_LOG, tr->err_head, tr->err_len, tr->err_len - k + i);
    return k;
}
