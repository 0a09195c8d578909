/* cases_history.c: the features.* and record.* cases: compute_features on
 * several histories (empty, one entry, either side of the 32-entry trend
 * window, the published 100-step set-up, wrapped rings, extreme magnitudes)
 * and record_step sequences, including rejected non-finite inputs. The
 * state view is hashed field by field. No kernel table is involved, but the
 * statistics are binary64 code whose compilation still varies by build. */
#include <stdlib.h>
#include <string.h>

#include "cases.h"
#include "inputs.h"

typedef struct {
    float loss[1100], gnorm[1100];
    int32_t status[1100];
    size_t n;
} seq_log;

/* Losses around 2 that drift down with noise, gradient norms around 1.5:
 * integers times powers of two, so exact. */
static void seeded_pair(ht_rng *r, size_t i, float *loss, float *gnorm) {
    uint64_t b = ht_rng_next(r);
    *loss = 2.0f - 0.0009765625f * (float)(i % 512) + (float)((int)(b % 257) - 128) * 0x1p-10f;
    *gnorm = 1.5f + (float)((b >> 20) % 512) * 0x1p-9f;
}

static void record(ht_trainer *tr, seq_log *log, float loss, float gnorm) {
    int st = ht_record_step(tr, loss, gnorm);
    if (log->n < sizeof log->loss / sizeof log->loss[0]) {
        log->loss[log->n] = loss;
        log->gnorm[log->n] = gnorm;
        log->status[log->n] = st;
        log->n++;
    }
}

static void in_log(tcase_sink *s, const seq_log *log) {
    TCASE_IN1(s, TCASE_ELEM_F32, log->loss, log->n, "loss");
    TCASE_IN1(s, TCASE_ELEM_F32, log->gnorm, log->n, "grad_norm");
}

static void out_view(tcase_sink *s, const ht_trainer *tr) {
    ht_state_view v;
    TCASE_CHECK(ht_state_view_get(tr, &v));
    uint64_t counts[10] = {v.step,          v.phase_step, (uint64_t)v.phase, v.loss_len,
                           v.loss_head,     v.gnorm_len,  v.gnorm_head,      v.error_len,
                           v.gnorm_log_len, v.lr_log_len};
    float f[3] = {v.loss, v.grad_norm, v.effective_lr};
    double ema[3] = {v.ema_fast, v.ema_medium, v.ema_slow};
    TCASE_OUT1(s, TCASE_ELEM_U64, counts, 10,
               "step,phase_step,phase,loss_len,loss_head,gnorm_len,gnorm_head,error_len,"
               "gnorm_log_len,lr_log_len");
    TCASE_OUT1(s, TCASE_ELEM_F32, f, 3, "loss,grad_norm,effective_lr");
    TCASE_OUT1(s, TCASE_ELEM_F64, ema, 3, "ema_fast,ema_medium,ema_slow");
    TCASE_OUT1(s, TCASE_ELEM_F32, v.loss_ring, HT_LOSS_RING, "loss_ring");
    TCASE_OUT1(s, TCASE_ELEM_F32, v.gnorm_ring, HT_GNORM_RING, "gnorm_ring");
}

static ht_trainer *fresh(unsigned threads) {
    ht_config cfg = ht_config_default();
    ht_trainer *tr = NULL;
    TCASE_CHECK(ht_trainer_create(&tr, &cfg));
    TCASE_CHECK(ht_trainer_set_threads(tr, threads));
    return tr;
}

static void features_case(tcase_sink *s, const char *name, ht_trainer *tr, const seq_log *log) {
    float f[HT_FEATURES];
    memset(f, 0x5a, sizeof f);
    int32_t st = ht_compute_features(tr, f);
    tcase_case_begin(s, "features", -1, "features.%s", name);
    in_log(s, log);
    TCASE_OUT1(s, TCASE_ELEM_I32, &st, 1, "status");
    TCASE_OUT1(s, TCASE_ELEM_F32, f, HT_FEATURES, "features");
    tcase_case_end(s);
}

static void features_cases(tcase_sink *s, unsigned threads) {
    static seq_log log;
    ht_rng r;
    ht_trainer *tr = fresh(threads);

    log.n = 0;
    features_case(s, "empty", tr, &log);
    record(tr, &log, 2.0f, 1.5f);
    features_case(s, "one", tr, &log);
    ht_rng_seed(&r, 7000);
    for (size_t i = 1; i < 31; i++) {
        float l, g;
        seeded_pair(&r, i, &l, &g);
        record(tr, &log, l, g);
    }
    features_case(s, "r31", tr, &log);
    float l, g;
    seeded_pair(&r, 31, &l, &g);
    record(tr, &log, l, g);
    features_case(s, "r32", tr, &log);
    ht_trainer_destroy(tr);

    /* docs/kernels.md section 6 set-up: 100 x record_step(2.0 + 0.01 i, 1.5). */
    tr = fresh(threads);
    log.n = 0;
    for (size_t i = 0; i < 100; i++) record(tr, &log, 2.0f + 0.01f * (float)i, 1.5f);
    features_case(s, "bench", tr, &log);
    ht_trainer_destroy(tr);

    /* Wrapped rings with every optional input set. */
    tr = fresh(threads);
    log.n = 0;
    TCASE_CHECK(ht_set_effective_lr(tr, 3e-4f));
    TCASE_CHECK(ht_set_optimizer_stats(tr, 0.8f, 0.95f, true, 1e-3f, 2e-3f, 4e-6f, 1e-6f));
    ht_rng_seed(&r, 7100);
    for (size_t i = 0; i < 1000; i++) {
        seeded_pair(&r, i, &l, &g);
        record(tr, &log, l, g);
        if (i == 400) TCASE_CHECK(ht_set_phase(tr, HT_PHASE_FULL));
        if (i == 900) TCASE_CHECK(ht_set_phase(tr, HT_PHASE_PREDICT));
    }
    features_case(s, "wrap1000", tr, &log);
    ht_trainer_destroy(tr);

    /* Extreme magnitudes: binary64 statistics of values from 1e-30 to 1e30,
   * zero gradient norms (log10 floor), a phase in correction. */
    tr = fresh(threads);
    log.n = 0;
    TCASE_CHECK(ht_set_phase(tr, HT_PHASE_CORRECT));
    ht_rng_seed(&r, 7200);
    float w[80];
    tcase_fill_wide(&r, w, 80, -100, 100);
    for (size_t i = 0; i < 80; i++) {
        float a = w[i] < 0 ? -w[i] : w[i];
        record(tr, &log, a, i % 5 == 0 ? 0.0f : a * 0.5f);
    }
    features_case(s, "extreme", tr, &log);
    ht_trainer_destroy(tr);
}

static void record_case(tcase_sink *s, const char *name, ht_trainer *tr, const seq_log *log) {
    tcase_case_begin(s, "record", -1, "record.%s", name);
    in_log(s, log);
    TCASE_OUT1(s, TCASE_ELEM_I32, log->status, log->n, "status");
    out_view(s, tr);
    tcase_case_end(s);
}

static void record_cases(tcase_sink *s, unsigned threads) {
    static seq_log log;
    ht_rng r;
    float l, g;
    ht_trainer *tr = fresh(threads);
    log.n = 0;
    record(tr, &log, 2.0f, 1.5f);
    record_case(s, "one", tr, &log);
    ht_rng_seed(&r, 7300);
    for (size_t i = 1; i < 300; i++) {
        seeded_pair(&r, i, &l, &g);
        record(tr, &log, l, g);
    }
    record_case(s, "r300", tr, &log);
    ht_trainer_destroy(tr);

    /* The full-history variant of the benchmark: 1000 pushes, then one more. */
    tr = fresh(threads);
    log.n = 0;
    for (size_t i = 0; i < 1001; i++) record(tr, &log, 2.0f + 0.001f * (float)i, 1.5f);
    record_case(s, "full1001", tr, &log);
    ht_trainer_destroy(tr);

    /* Rejected inputs must change nothing: NaN, +-inf, negative norms. */
    tr = fresh(threads);
    log.n = 0;
    static const uint32_t bad[][2] = {
        {0x40000000u, 0x3fc00000u}, {0x7fc00000u, 0x3fc00000u}, {0x40000000u, 0x7f800000u},
        {0xff800000u, 0x3fc00000u}, {0x3f800000u, 0xbf800000u}, {0x3f000000u, 0x00000000u},
        {0x40000000u, 0xffc00001u}, {0x00000001u, 0x00000001u}, {0x80000000u, 0x3fc00000u},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        record(tr, &log, ht_bits_f32(bad[i][0]), ht_bits_f32(bad[i][1]));
    record_case(s, "nonfinite", tr, &log);
    ht_trainer_destroy(tr);
}

void tcase_cases_history(tcase_sink *s, unsigned threads) {
    if (tcase_sink_wants(s, "features.")) features_cases(s, threads);
    if (tcase_sink_wants(s, "record.")) record_cases(s, threads);
}
