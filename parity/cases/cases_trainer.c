/* cases_trainer.c: the predict.*, observe.* and confidence.* cases, on the
 * default model (I 64, H 256, S 32, E 3) and on a small one (H 72, S 8,
 * E 2: 72 is not a multiple of the 64-wide panel, so padding and tails run).
 *
 * predict: one 75-step rollout through ht_predict_observed gives one case per
 * step (every member's h, p, loss and entropy), so a divergence is located
 * in time and the first failing step is the first step where the builds
 * part; the final ht_prediction of several horizons is hashed too.
 * observe: 20 observe_gradient calls, each followed by a case holding every
 * weight block of every member, the delta head, the latents, dh_prev and the
 * error log. The thread count comes from the command line; the cases must
 * not depend on it. */
#include <stdlib.h>
#include <string.h>

#include "cases.h"
#include "inputs.h"

#define ROLLOUT 75

static const char *const block_names[HT_BLOCK_COUNT] = {"W_z", "W_r", "W_h", "U_z", "U_r",
                                                        "U_h", "b_z", "b_r", "b_h", "w_loss"};

typedef struct {
    const char *name;
    ht_config cfg;
} model;

static model models(int which) {
    model m;
    m.cfg = ht_config_default();
    if (which == 0) {
        m.name = "default";
    } else {
        m.name = "small";
        m.cfg.hidden_dim = 72;
        m.cfg.stoch_dim = 8;
        m.cfg.members = 2;
        m.cfg.seed = 0x5eedu;
    }
    return m;
}

typedef struct {
    float loss[64], gnorm[64];
    uint32_t recorded[64];
    size_t n;
} drive_log;

/* The k-th training signal: loss drifting down from 2 with noise, gradient
 * norm around 1.5; every other call also records the step, so both branches
 * of the t1 target (loss fell or not) are taken. */
static void drive(ht_trainer *tr, ht_rng *r, drive_log *log) {
    size_t k = log->n;
    uint64_t b = ht_rng_next(r);
    float loss = 2.0f - 0.03125f * (float)k + (float)((int)(b % 257) - 128) * 0x1p-9f;
    float gnorm = 1.5f + (float)((b >> 24) % 512) * 0x1p-9f;
    bool rec = k % 2 == 0;
    if (rec) TCASE_CHECK(ht_record_step(tr, loss, gnorm));
    TCASE_CHECK(ht_observe_gradient(tr, loss, gnorm));
    if (k < sizeof log->loss / sizeof log->loss[0]) {
        log->loss[k] = loss;
        log->gnorm[k] = gnorm;
        log->recorded[k] = rec;
        log->n++;
    }
}

/* docs/kernels.md section 4 set-up (lr 1e-3, one record_step(2.0, 1.5), latents
 * initialised) followed by warm observe_gradient calls. */
static ht_trainer *setup(const model *m, unsigned threads, size_t warm, ht_rng *r, drive_log *log) {
    ht_trainer *tr = NULL;
    TCASE_CHECK(ht_trainer_create(&tr, &m->cfg));
    TCASE_CHECK(ht_trainer_set_threads(tr, threads));
    TCASE_CHECK(ht_set_effective_lr(tr, 1e-3f));
    TCASE_CHECK(ht_record_step(tr, 2.0f, 1.5f));
    TCASE_CHECK(ht_init_latents(tr));
    log->n = 0;
    for (size_t i = 0; i < warm; i++) drive(tr, r, log);
    return tr;
}

static void out_trainer(tcase_sink *s, const ht_trainer *tr, const model *m, float *buf,
                        size_t cap);
static size_t scratch_cap(const model *m);

/* ---- predict ---- */

typedef struct {
    size_t E, H, S, slot; /* slot = H + S + 2 floats */
    float *data;          /* [step 0..ROLLOUT][member][slot] */
    unsigned char *seen;  /* [step][member] */
} rollout;

/* Runs on whichever thread computed the member; every (step, member) writes
 * its own slot, so no two threads touch the same bytes. */
static void observe_step(void *user, size_t member, size_t step, const float *h, size_t hidden,
                         const float *p, size_t stoch, float loss, float entropy) {
    rollout *ro = user;
    if (step > ROLLOUT || member >= ro->E || hidden != ro->H || stoch != ro->S) return;
    float *dst = ro->data + (step * ro->E + member) * ro->slot;
    memcpy(dst, h, hidden * sizeof *h);
    memcpy(dst + hidden, p, stoch * sizeof *p);
    dst[hidden + stoch] = loss;
    dst[hidden + stoch + 1] = entropy;
    ro->seen[step * ro->E + member] = 1;
}

static void out_prediction(tcase_sink *s, const ht_prediction *p) {
    TCASE_OUT1(s, TCASE_ELEM_F32, p->trajectory, p->horizon + 1, "trajectory");
    float f[8] = {p->final_loss, p->confidence, p->lower,     p->upper,
                  p->aleatoric,  p->epistemic,  p->total_std, p->entropy};
    TCASE_OUT1(s, TCASE_ELEM_F32, f, 8,
               "final,confidence,lower,upper,aleatoric,epistemic,total_std,entropy");
    TCASE_OUT1(s, TCASE_ELEM_F32, p->delta.layer, HT_DELTA_LAYERS, "delta.layer");
    float g[2] = {p->delta.scale, p->delta.meta.confidence};
    TCASE_OUT1(s, TCASE_ELEM_F32, g, 2, "delta.scale,delta.meta.confidence");
    uint32_t meta[5] = {p->delta.meta.is_predicted, p->delta.meta.has_confidence,
                        p->delta.meta.has_source_phase, (uint32_t)p->delta.meta.source_phase,
                        p->delta.meta.n_steps};
    TCASE_OUT1(s, TCASE_ELEM_U32, meta, 5, "delta.meta[pred,has_conf,has_phase,phase,n_steps]");
}

static void in_drive(tcase_sink *s, const drive_log *log) {
    TCASE_IN1(s, TCASE_ELEM_F32, log->loss, log->n, "loss");
    TCASE_IN1(s, TCASE_ELEM_F32, log->gnorm, log->n, "grad_norm");
    TCASE_IN1(s, TCASE_ELEM_U32, log->recorded, log->n, "recorded");
}

static void predict_cases(tcase_sink *s, const model *m, unsigned threads) {
    size_t E = m->cfg.members, H = m->cfg.hidden_dim, S = m->cfg.stoch_dim;
    ht_rng r;
    ht_rng_seed(&r, 8000);
    drive_log log;
    ht_trainer *tr = setup(m, threads, 10, &r, &log);

    /* The state the rollouts start from is itself computed (10 training
   * steps), so it is a case of its own, step 0: a divergence in the set-up
   * shows there, not as a changed input of every step. */
    float feat[HT_FEATURES];
    TCASE_CHECK(ht_compute_features(tr, feat));
    size_t cap = scratch_cap(m);
    float *buf = tcase_falloc(cap);
    tcase_case_begin(s, "predict", 0, "predict.%s.start", m->name);
    in_drive(s, &log);
    TCASE_OUT1(s, TCASE_ELEM_F32, feat, HT_FEATURES, "features");
    out_trainer(s, tr, m, buf, cap);
    tcase_case_end(s);
    free(buf);

    rollout ro = {E, H, S, H + S + 2, NULL, NULL};
    ro.data = tcase_falloc((ROLLOUT + 1) * E * ro.slot);
    ro.seen = tcase_balloc((ROLLOUT + 1) * E);
    ht_prediction pred;
    TCASE_CHECK(ht_prediction_alloc(&pred, ROLLOUT));
    TCASE_CHECK(ht_predict_observed(tr, ROLLOUT, &pred, observe_step, &ro));
    /* The observer's step may count from 0 or 1; cases count from 1. */
    size_t base = ro.seen[0] ? 0 : 1;
    for (size_t st = 0; st < ROLLOUT; st++)
        for (size_t k = 0; k < E; k++)
            if (!ro.seen[(st + base) * E + k]) {
                fprintf(stderr,
                        "tock-parity-cases: predict.%s: the step observer was not called for "
                        "step %zu of member %zu (expected every step 1..%d of every member)\n",
                        m->name, st + 1, k, ROLLOUT);
                exit(TCASE_EXIT_ERROR);
            }
    for (size_t st = 1; st <= ROLLOUT; st++) {
        tcase_case_begin(s, "predict", (int)st, "predict.%s.step.%02zu", m->name, st);
        in_drive(s, &log);
        for (size_t k = 0; k < E; k++) {
            const float *d = ro.data + ((st - 1 + base) * E + k) * ro.slot;
            TCASE_OUT1(s, TCASE_ELEM_F32, d, H, "m%zu.h", k);
            TCASE_OUT1(s, TCASE_ELEM_F32, d + H, S, "m%zu.p", k);
            TCASE_OUT1(s, TCASE_ELEM_F32, d + H + S, 1, "m%zu.loss", k);
            TCASE_OUT1(s, TCASE_ELEM_F32, d + H + S + 1, 1, "m%zu.entropy", k);
        }
        tcase_case_end(s);
    }
    tcase_case_begin(s, "predict", ROLLOUT, "predict.%s.observed.h%d", m->name, ROLLOUT);
    in_drive(s, &log);
    out_prediction(s, &pred);
    tcase_case_end(s);

    static const size_t horizons[] = {0, 1, 5, 10, 15, 25, 50, 75};
    for (size_t i = 0; i < sizeof horizons / sizeof horizons[0]; i++) {
        size_t n = horizons[i];
        TCASE_CHECK(ht_predict(tr, n, &pred));
        tcase_case_begin(s, "predict", (int)n, "predict.%s.final.h%02zu", m->name, n);
        in_drive(s, &log);
        out_prediction(s, &pred);
        tcase_case_end(s);
    }
    ht_prediction_free(&pred);
    free(ro.data), free(ro.seen);
    ht_trainer_destroy(tr);
}

/* ---- observe and confidence ---- */

static void out_trainer(tcase_sink *s, const ht_trainer *tr, const model *m, float *buf,
                        size_t cap) {
    size_t E = m->cfg.members, H = m->cfg.hidden_dim, S = m->cfg.stoch_dim;
    size_t C = H + S;
    for (size_t k = 0; k < E; k++) {
        for (int b = 0; b < HT_BLOCK_COUNT; b++) {
            size_t rows, cols;
            ht_block_shape(tr, (ht_block)b, &rows, &cols);
            TCASE_CHECK(ht_member_block_get(tr, k, (ht_block)b, buf, cap));
            TCASE_OUT2(s, TCASE_ELEM_F32, buf, rows, cols, "m%zu.%s", k, block_names[b]);
        }
        TCASE_CHECK(ht_member_latent_get(tr, k, buf, buf + H));
        TCASE_OUT1(s, TCASE_ELEM_F32, buf, H, "m%zu.h", k);
        TCASE_OUT1(s, TCASE_ELEM_F32, buf + H, S, "m%zu.p", k);
        TCASE_CHECK(ht_member_dh_prev_get(tr, k, buf));
        TCASE_OUT1(s, TCASE_ELEM_F32, buf, H, "m%zu.dh_prev", k);
    }
    TCASE_CHECK(ht_delta_head_get(tr, buf, cap));
    TCASE_OUT2(s, TCASE_ELEM_F32, buf, HT_DELTA_OUTPUTS, C, "w_delta");
    size_t n = ht_error_log_copy(tr, buf, HT_ERROR_LOG);
    TCASE_OUT1(s, TCASE_ELEM_F32, buf, n, "error_log");
}

static void confidence_case(tcase_sink *s, ht_trainer *tr, const model *m, const drive_log *log,
                            size_t call) {
    float v[2] = {0, 0};
    int32_t st[2];
    st[0] = ht_prediction_confidence_cold(tr, &v[0]);
    uint32_t cached = ht_confidence_cached(tr);
    st[1] = ht_prediction_confidence(tr, &v[1]);
    tcase_case_begin(s, "confidence", (int)call, "confidence.%s.cold.c%02zu", m->name, call);
    in_drive(s, log);
    TCASE_OUT1(s, TCASE_ELEM_I32, st, 2, "status[cold,cached]");
    TCASE_OUT1(s, TCASE_ELEM_F32, v, 2, "confidence[cold,cached]");
    TCASE_OUT1(s, TCASE_ELEM_U32, &cached, 1, "cached");
    tcase_case_end(s);
}

/* Floats out_trainer needs: the largest block, the delta head, the log. */
static size_t scratch_cap(const model *m) {
    size_t H = m->cfg.hidden_dim, C = H + m->cfg.stoch_dim;
    size_t cap = H * H > HT_DELTA_OUTPUTS * C ? H * H : HT_DELTA_OUTPUTS * C;
    if (cap < HT_ERROR_LOG) cap = HT_ERROR_LOG;
    if (cap < H * HT_FEATURES) cap = H * HT_FEATURES;
    return cap;
}

static void observe_cases(tcase_sink *s, const model *m, unsigned threads) {
    size_t cap = scratch_cap(m);
    float *buf = tcase_falloc(cap);
    ht_rng r;
    ht_rng_seed(&r, 8100);
    drive_log log;
    /* Two warm calls: fewer than 10 logged errors, so the first confidence
   * cases take the "historical = 0.7" branch and the later ones the mean. */
    ht_trainer *tr = setup(m, threads, 2, &r, &log);
    bool conf = tcase_sink_wants(s, "confidence.");
    bool obs = tcase_sink_wants(s, "observe.");
    if (conf) confidence_case(s, tr, m, &log, 0);
    for (size_t call = 1; call <= 20; call++) {
        drive(tr, &r, &log);
        if (obs) {
            tcase_case_begin(s, "observe", (int)call, "observe.%s.call.%02zu", m->name, call);
            in_drive(s, &log);
            out_trainer(s, tr, m, buf, cap);
            tcase_case_end(s);
        }
        if (conf && (call == 5 || call == 20)) confidence_case(s, tr, m, &log, call);
    }
    free(buf);
    ht_trainer_destroy(tr);
}

void tcase_cases_trainer(tcase_sink *s, unsigned threads) {
    for (int which = 0; which < 2; which++) {
        model m = models(which);
        char prefix[3][TCASE_NAME_MAX];
        snprintf(prefix[0], sizeof prefix[0], "predict.%s.", m.name);
        snprintf(prefix[1], sizeof prefix[1], "observe.%s.", m.name);
        snprintf(prefix[2], sizeof prefix[2], "confidence.%s.", m.name);
        if (tcase_sink_wants(s, prefix[0])) predict_cases(s, &m, threads);
        if (tcase_sink_wants(s, prefix[1]) || tcase_sink_wants(s, prefix[2]))
            observe_cases(s, &m, threads);
    }
}
