/* cases_delta.c: the delta.* cases (docs/kernels.md section 7): create, clone,
 * scale (which multiplies nothing) and scale_apply (the active ISA's scale
 * kernel over every tensor). A delta is hashed field by field (names,
 * lengths, values, scale, each metadata field at a fixed width), never as a
 * raw struct, whose padding bytes are unspecified. */
#include <stdlib.h>
#include <string.h>

#include "cases.h"
#include "inputs.h"

static void out_delta(tcase_sink *s, const ht_delta *d) {
    uint64_t shape[2] = {d->n_tensors, d->total};
    TCASE_OUT1(s, TCASE_ELEM_U64, shape, 2, "n_tensors,total");
    for (size_t t = 0; t < d->n_tensors; t++) {
        char name[HT_DELTA_NAME_LEN] = {0};
        memcpy(name, d->name[t], strnlen(d->name[t], HT_DELTA_NAME_LEN));
        TCASE_OUT1(s, TCASE_ELEM_U8, name, HT_DELTA_NAME_LEN, "t%zu.name", t);
        TCASE_OUT1(s, TCASE_ELEM_F32, ht_delta_tensor_const(d, t), d->len[t], "t%zu.%s", t, name);
    }
    uint32_t meta[5] = {d->meta.is_predicted, d->meta.has_confidence, d->meta.has_source_phase,
                        (uint32_t)d->meta.source_phase, d->meta.n_steps};
    TCASE_OUT1(s, TCASE_ELEM_F32, &d->scale, 1, "scale");
    TCASE_OUT1(s, TCASE_ELEM_U32, meta, 5, "meta[pred,has_conf,has_phase,phase,n_steps]");
    TCASE_OUT1(s, TCASE_ELEM_F32, &d->meta.confidence, 1, "meta.confidence");
}

/* Seeded tensor values; with specials, also subnormals, infinities and NaNs. */
static void fill_delta(ht_delta *d, uint64_t seed, bool specials) {
    ht_rng r;
    ht_rng_seed(&r, seed);
    for (size_t t = 0; t < d->n_tensors; t++) {
        float *v = ht_delta_tensor(d, t);
        tcase_fill_sym(&r, v, d->len[t], 0.0078125f);
        if (specials) tcase_sprinkle_special(&r, v, d->len[t], 80);
    }
    d->meta.is_predicted = true;
    d->meta.has_confidence = true;
    d->meta.confidence = 0.75f;
    d->meta.has_source_phase = true;
    d->meta.source_phase = HT_PHASE_PREDICT;
    d->meta.n_steps = 17;
}

static void in_params(tcase_sink *s, size_t n_tensors, size_t len, float value) {
    uint64_t p[2] = {n_tensors, len};
    TCASE_IN1(s, TCASE_ELEM_U64, p, 2, "n_tensors,len");
    TCASE_IN1(s, TCASE_ELEM_F32, &value, 1, "value");
}

void tcase_cases_delta(tcase_sink *s) {
    if (!tcase_sink_wants(s, "delta.")) return;
    ht_delta *d = NULL, *c = NULL;

    /* The published shape: 10 tensors of 1000 floats, all 0.001. */
    TCASE_CHECK(ht_delta_create(&d, 10, 1000, 0.001f));
    tcase_case_begin(s, "delta", -1, "delta.create");
    in_params(s, 10, 1000, 0.001f);
    out_delta(s, d);
    tcase_case_end(s);

    fill_delta(d, 6000, false);
    TCASE_CHECK(ht_delta_clone(d, &c));
    tcase_case_begin(s, "delta", -1, "delta.clone");
    in_params(s, 10, 1000, 0.001f);
    out_delta(s, c);
    tcase_case_end(s);
    ht_delta_free(c);

    TCASE_CHECK(ht_delta_scale(d, 0.5f, &c));
    tcase_case_begin(s, "delta", -1, "delta.scale");
    in_params(s, 10, 1000, 0.001f);
    out_delta(s, c);
    tcase_case_end(s);
    ht_delta_free(c);
    ht_delta_free(d);

    /* scale_apply: the published shape and a shape whose tensors end in tails
   * (3 x 1003), with factors that round (1.1), flip signs, and halve into
   * the subnormal range; the specials add inf * factor and NaN payloads. */
    static const struct {
        const char *name;
        size_t n, len;
        float factor;
        bool specials;
    } sa[] = {
        {"p10x1000.f0_5", 10, 1000, 0.5f, false},
        {"p10x1000.f1_1", 10, 1000, 1.1f, false},
        {"p3x1003.fm3", 3, 1003, -3.0f, false},
        {"p3x1003.special.f0_5", 3, 1003, 0.5f, true},
        {"p16x67.special.fm1_1", 16, 67, -1.1f, true},
        {"p1x1.f1e-30", 1, 1, 1e-30f, false},
    };
    for (size_t i = 0; i < sizeof sa / sizeof sa[0]; i++) {
        TCASE_CHECK(ht_delta_create(&d, sa[i].n, sa[i].len, 0.001f));
        fill_delta(d, 6100 + i, sa[i].specials);
        tcase_case_begin(s, "delta", -1, "delta.scale_apply.%s", sa[i].name);
        for (size_t t = 0; t < d->n_tensors; t++)
            TCASE_IN1(s, TCASE_ELEM_F32, ht_delta_tensor_const(d, t), d->len[t], "t%zu", t);
        TCASE_IN1(s, TCASE_ELEM_F32, &sa[i].factor, 1, "factor");
        int32_t st = ht_delta_scale_apply(d, sa[i].factor);
        TCASE_OUT1(s, TCASE_ELEM_I32, &st, 1, "status");
        out_delta(s, d);
        tcase_case_end(s);
        ht_delta_free(d);
    }
}
