/* delta.c: weight deltas (docs/kernels.md section 7). Header, names and data are
 * one allocation so clone is malloc + memcpy: the published 987 ns clone
 * allocated ten tensors and ten strings; ours should sit near memcpy speed. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ht_delta.h"
#include "ht_kernels.h"
#include "ht_status.h"

/* Data follows the header padded to a multiple of 64 bytes, and the block is
 * 64-byte aligned, so the data is too: with malloc's 16-byte alignment a
 * 64-byte vector load straddled two cache lines or not depending on where
 * the heap put the block, and weight_delta/scale_apply measured 832 ns in
 * one process and 562 ns in the next (issue 13). Measured against the
 * malloc variant in one paired session (tock-perf --ab, 20 rounds, load
 * 6.5-8.3 on 2 vCPUs): scale_apply -55.8% [-59.3%, -48.7%], clone +10.7%
 * [+7.8%, +17.0%] (glibc's memalign splits a block off every call). Every
 * delta keeps the aligned data, clone included: what is done with a clone
 * gains more than its allocation loses. Sizes are multiples of 64, as
 * aligned_alloc requires. -DHT_DELTA_MALLOC builds the 16-byte variant, to
 * measure one against the other (docs/kernels.md section 7). */
static size_t header_bytes(void) { return (sizeof(ht_delta) + 63) / 64 * 64; }

static ht_delta *delta_alloc(size_t bytes) {
#ifdef HT_DELTA_MALLOC
    return malloc(bytes);
#else
    return aligned_alloc(64, bytes);
#endif
}

static float *data_of(const ht_delta *d) {
    return (float *)(uintptr_t)((const char *)d + header_bytes());
}

int ht_delta_create(ht_delta **out, size_t n_tensors, size_t len, float value) {
    if (!out) return HT_ENULL;
    *out = NULL;
    if (n_tensors == 0 || n_tensors > HT_DELTA_MAX_TENSORS) return HT_EDIM;
    if (len == 0 || len > ((size_t)1 << 26)) return HT_EDIM;
    const size_t total = n_tensors * len;
    const size_t bytes = (header_bytes() + total * sizeof(float) + 63) / 64 * 64;
    ht_delta *d = delta_alloc(bytes);
    if (!d) return HT_ENOMEM;
    memset(d, 0, header_bytes());
    d->bytes = bytes;
    d->n_tensors = n_tensors;
    d->total = total;
    d->scale = 1.0f;
    for (size_t k = 0; k < n_tensors; k++) {
        d->len[k] = len;
        d->offset[k] = k * len;
        snprintf(d->name[k], HT_DELTA_NAME_LEN, "param_%zu", k);
    }
    float *v = data_of(d);
    for (size_t i = 0; i < total; i++) v[i] = value;
    *out = d;
    return HT_OK;
}

int ht_delta_clone(const ht_delta *src, ht_delta **out) {
    if (!src || !out) return HT_ENULL;
    ht_delta *d = delta_alloc(src->bytes);
    if (!d) return HT_ENOMEM;
    memcpy(d, src, src->bytes);
    *out = d;
    return HT_OK;
}

int ht_delta_scale(const ht_delta *src, float factor, ht_delta **out) {
    int rc = ht_delta_clone(src, out);
    if (rc == HT_OK) (*out)->scale = factor;
    return rc;
}

int ht_delta_scale_apply(ht_delta *d, float factor) {
    if (!d) return HT_ENULL;
    ht_kernels_active()->scale(data_of(d), factor, d->total);
    return HT_OK;
}

float *ht_delta_tensor(ht_delta *d, size_t k) {
    if (!d || k >= d->n_tensors) return NULL;
    return data_of(d) + d->offset[k];
}

const float *ht_delta_tensor_const(const ht_delta *d, size_t k) {
    if (!d || k >= d->n_tensors) return NULL;
    return data_of(d) + d->offset[k];
}

void ht_delta_free(ht_delta *d) { free(d); }
