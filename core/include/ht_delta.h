/* ht_delta.h: weight deltas (docs/kernels.md section 7): named float tensors, a
 * scale factor and metadata. A delta is one allocation (header, names and
 * data together), so clone is one malloc plus one memcpy. */
#ifndef HT_DELTA_H
#define HT_DELTA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define HT_DELTA_MAX_TENSORS 16
#define HT_DELTA_NAME_LEN 24

typedef enum {
    HT_PHASE_WARMUP = 0,
    HT_PHASE_FULL = 1,
    HT_PHASE_PREDICT = 2,
    HT_PHASE_CORRECT = 3
} ht_phase;

typedef struct {
    bool is_predicted;
    bool has_confidence;
    float confidence;
    bool has_source_phase;
    ht_phase source_phase;
    uint32_t n_steps;
} ht_delta_meta;

typedef struct ht_delta {
    size_t bytes; /* whole allocation, header included */
    size_t n_tensors;
    size_t len[HT_DELTA_MAX_TENSORS];
    size_t offset[HT_DELTA_MAX_TENSORS]; /* in floats from data() */
    char name[HT_DELTA_MAX_TENSORS][HT_DELTA_NAME_LEN];
    size_t total; /* floats over all tensors */
    float scale;
    ht_delta_meta meta;
} ht_delta;

/* n_tensors tensors "param_0".. of len floats each, every value = value,
 * scale 1, metadata cleared. HT_EDIM for 0 or > HT_DELTA_MAX_TENSORS
 * tensors or len 0 or > 2^26. */
int ht_delta_create(ht_delta **out, size_t n_tensors, size_t len, float value);
/* Deep copy: *out shares nothing with src. */
int ht_delta_clone(const ht_delta *src, ht_delta **out);
/* The published `weight_delta/scale`: a clone whose scale field is factor.
 * It multiplies nothing (that is what the published figure measured). */
int ht_delta_scale(const ht_delta *src, float factor, ht_delta **out);
/* Multiplies every value of d by factor in place (`weight_delta/scale_apply`)
 * with the active ISA's scale kernel. */
int ht_delta_scale_apply(ht_delta *d, float factor);
float *ht_delta_tensor(ht_delta *d, size_t k);
const float *ht_delta_tensor_const(const ht_delta *d, size_t k);
void ht_delta_free(ht_delta *d);

#endif
