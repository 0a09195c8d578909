/* confidence.c: prediction_confidence (docs/kernels.md section 8). The hot path is
 * a cache hit keyed by the training step (published 8.4 ns): one compare and
 * a load. The cold path runs a 10-step predict. */
#include <math.h>

#include "trainer_internal.h"

bool ht_confidence_cached(const ht_trainer *tr) {
    return tr && tr->conf_valid && tr->conf_step == tr->step;
}

int ht_prediction_confidence_cold(ht_trainer *tr, float *out) {
    if (!tr || !out) return HT_ENULL;
    ht__predict(tr, 10, &tr->conf_pred, NULL, NULL);
    const double agreement = 1.0 / (1.0 + (double)tr->conf_pred.total_std);
    double historical = 0.7;
    if (tr->err_len >= 10) {
        const size_t k = tr->err_len < 50 ? tr->err_len : 50;
        double sum = 0.0;
        for (size_t i = 0; i < k; i++)
            sum += ht__ring_at(tr->err_log, HT_ERROR_LOG, tr->err_head, tr->err_len,
                               tr->err_len - k + i);
        const double h = 1.0 / (1.0 + sum / (double)k);
        historical = h < 0.99 ? h : 0.99;
    }
    double stability;
    const double fast = tr->ema_fast, slow = tr->ema_slow;
    if (slow != 0.0) {
        const double s = 1.0 / (1.0 + 2.0 * fabs(fast - slow) / fabs(slow));
        stability = s > 0.5 ? s : 0.5;
    } else {
        stability = fast == slow ? 1.0 : 0.5; /* no scale to compare against */
    }
    double c = 0.4 * agreement + 0.4 * historical + 0.2 * stability;
    c = c < 0.0 ? 0.0 : (c > 1.0 ? 1.0 : c);
    tr->conf_value = (float)c;
    tr->conf_step = tr->step;
    tr->conf_valid = true;
    *out = tr->conf_value;
    return HT_OK;
}

int ht_prediction_confidence(ht_trainer *tr, float *out) {
    if (!tr || !out) return HT_ENULL;
    if (tr->conf_valid && tr->conf_step == tr->step) {
        *out = tr->conf_value;
        return HT_OK;
    }
    return ht_prediction_confidence_cold(tr, out);
}
