/* predict.c: predict(state, n) (docs/kernels.md section 4) and the latent
 * initialisation. A rollout never changes the trainer's latent state: it
 * rolls copies in the scratch buffers. Aggregates over members are binary64,
 * summed in member order. */
#include <math.h>
#include <string.h>

#include "ht_math.h"
#include "trainer_internal.h"

int ht_init_latents(ht_trainer *tr) {
    if (!tr) return HT_ENULL;
    float f[HT_FEATURES];
    ht_compute_features(tr, f);
    for (size_t m = 0; m < tr->E; m++) {
        ht__scratch *s = &tr->sc[m];
        memset(s->h, 0, tr->Hp * sizeof(float));
        const size_t n = tr->H < HT_FEATURES ? tr->H : HT_FEATURES;
        for (size_t i = 0; i < n; i++) s->h[i] = ht_tanhf(f[i]);
        ht__member_decode(tr, m);
        memcpy(tr->m[m].h, s->h, tr->Hp * sizeof(float));
        memcpy(tr->m[m].p, s->p, tr->S * sizeof(float));
    }
    tr->conf_valid = false;
    return HT_OK;
}

static float sigm(float x) { return ht_sigmoidf(x); }

/* The weight delta of section 4 from the mean final combined state. */
static void predicted_delta(ht_trainer *tr, ht_prediction *out, size_t n) {
    const ht_kernels *k = ht_kernels_active();
    const size_t C = tr->C;
    for (size_t i = 0; i < C; i++) {
        float acc = 0.0f;
        for (size_t m = 0; m < tr->E; m++) acc = acc + tr->sc[m].c[i];
        tr->cbar[i] = acc / (float)tr->E;
    }
    float f[HT_DELTA_OUTPUTS];
    for (size_t r = 0; r < HT_DELTA_OUTPUTS; r++) f[r] = k->dot(tr->w_delta + r * C, tr->cbar, C);
    const float t0 = out->trajectory[0], tn = out->trajectory[n];
    float li = (t0 - tn) > 0.0f ? (t0 - tn) : 0.0f;
    li = t0 > 0.0f ? li / t0 : 0.0f; /* no current loss: no improvement to scale by */
    const float lr = tr->eff_lr > 1e-8f ? tr->eff_lr : 1e-8f;
    const float gn = tr->gnorm > 1e-8f ? tr->gnorm : 1e-8f;
    const float mag = lr * gn * (1.0f + ht_tanhf(f[0])) * (1.0f + li) * (float)n;
    const float s1 = sigm(f[1]);
    for (size_t i = 0; i < HT_DELTA_LAYERS; i++) out->delta.layer[i] = mag * sigm(f[2 + i]) * s1;
    out->delta.scale = mag;
    out->delta.meta = (ht_delta_meta){.is_predicted = true,
                                      .has_confidence = true,
                                      .confidence = out->confidence * s1,
                                      .has_source_phase = true,
                                      .source_phase = HT_PHASE_PREDICT,
                                      .n_steps = (uint32_t)n};
}

int ht__predict(ht_trainer *tr, size_t n, ht_prediction *out, ht_step_observer observer,
                void *user) {
    out->horizon = n;
    out->trajectory[0] = tr->loss;
    if (n == 0) {
        out->final_loss = tr->loss;
        out->total_std = out->aleatoric = out->epistemic = 0.0f;
        out->confidence = 1.0f;
        out->lower = out->upper = tr->loss;
        out->entropy = 0.0f;
        memset(&out->delta, 0, sizeof out->delta);
        out->delta.meta = (ht_delta_meta){
            .is_predicted = true, .has_source_phase = true, .source_phase = HT_PHASE_PREDICT};
        return HT_OK;
    }
    float f[HT_FEATURES];
    ht_compute_features(tr, f);
    ht__scratch_load_latents(tr);
    for (size_t m = 0; m < tr->E; m++) {
        memcpy(tr->sc[m].x, f, HT_FEATURES * sizeof(float));
        tr->sc[m].entropy_sum = 0.0;
    }
    ht__gru_xpart(tr); /* x[1..] stays fixed for the whole rollout */
    double ent = 0.0;
    for (size_t t = 1; t <= n; t++) {
        ht__gru_step(tr);
        double sum = 0.0;
        for (size_t m = 0; m < tr->E; m++) {
            ht__scratch *s = &tr->sc[m];
            ht__member_decode(tr, m);
            s->entropy_sum += s->entropy;
            sum += s->loss;
            s->x[0] = s->loss;
            if (observer) observer(user, m, t, s->h, tr->H, s->p, tr->S, s->loss, s->entropy);
        }
        out->trajectory[t] = (float)(sum / (double)tr->E);
    }
    double mean = 0.0, var = 0.0;
    for (size_t m = 0; m < tr->E; m++) {
        mean += tr->sc[m].loss;
        ent += tr->sc[m].entropy_sum;
    }
    mean /= (double)tr->E;
    for (size_t m = 0; m < tr->E; m++) {
        double d = tr->sc[m].loss - mean;
        var += d * d;
    }
    var /= (double)tr->E;
    const double total = sqrt(var) * (1.0 + 0.1 * sqrt((double)n));
    out->final_loss = out->trajectory[n];
    out->total_std = (float)total;
    out->confidence = (float)(1.0 / (1.0 + total));
    out->aleatoric = out->epistemic = (float)(total / 2.0);
    out->lower = (float)(mean - 2.0 * total);
    out->upper = (float)(mean + 2.0 * total);
    out->entropy = (float)(ent / ((double)tr->E * (double)n));
    predicted_delta(tr, out, n);
    return HT_OK;
}

int ht_predict_observed(ht_trainer *tr, size_t horizon, ht_prediction *out,
                        ht_step_observer observer, void *user) {
    if (!tr || !out || !out->trajectory) return HT_ENULL;
    if (out->capacity < horizon + 1) return HT_ECAPACITY;
    return ht__predict(tr, horizon, out, observer, user);
}

int ht_predict(ht_trainer *tr, size_t horizon, ht_prediction *out) {
    return ht_predict_observed(tr, horizon, out, NULL, NULL);
}
