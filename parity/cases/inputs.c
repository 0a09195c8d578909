/* inputs.c: seeded input generators (see inputs.h). Every float is assembled
 * from integer bits or from an integer times a power of two. */
#include "inputs.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ht_math.h"

const uint32_t tcase_special_bits[] = {
    0x00000000u, 0x80000000u, /* +0, -0 */
    0x00000001u, 0x80000001u, /* smallest subnormals */
    0x007fffffu, 0x807fffffu, /* largest subnormals */
    0x00012345u, 0x80400000u, /* mid subnormals */
    0x00800000u, 0x80800000u, /* smallest normals */
    0x7f7fffffu, 0xff7fffffu, /* +-FLT_MAX */
    0x7f800000u, 0xff800000u, /* +-inf */
    0x7fc00000u, 0xffc00000u, /* default quiet NaNs */
    0x7fc12345u, 0xffd00001u, 0x7fbfffffu /* payloads; the last is signalling */,
    0x3f800000u, 0xbf800000u, /* +-1 */
    0x358637bdu, 0x358637bcu, 0x358637beu /* 1e-6 (tau) and its neighbours */,
};
const size_t tcase_special_count = sizeof tcase_special_bits / sizeof tcase_special_bits[0];

static void *xalloc(size_t bytes) {
    size_t rounded = (bytes + 63) / 64 * 64;
    if (rounded == 0) rounded = 64;
    void *p = aligned_alloc(64, rounded);
    if (!p) {
        fprintf(stderr, "tock-parity-cases: out of memory (%zu bytes)\n", bytes);
        exit(2);
    }
    memset(p, 0, rounded);
    return p;
}

float *tcase_falloc(size_t n) { return xalloc(n * sizeof(float)); }
uint8_t *tcase_balloc(size_t n) { return xalloc(n); }

void tcase_fill_sym(ht_rng *r, float *x, size_t n, float scale) {
    for (size_t i = 0; i < n; i++) {
        /* k in [-(2^23 - 1), 2^23 - 1]: |k| * 2^-23 < 1, exact in binary32. */
        int32_t k = (int32_t)(ht_rng_next(r) >> 40) - (1 << 23);
        if (k == -(1 << 23)) k = 0;
        x[i] = (float)k * 0x1p-23f * scale;
    }
}

void tcase_fill_unit(ht_rng *r, float *x, size_t n) {
    for (size_t i = 0; i < n; i++) x[i] = ht_rng_unit_f32(r);
}

void tcase_fill_wide(ht_rng *r, float *x, size_t n, int emin, int emax) {
    uint32_t span = (uint32_t)(emax - emin + 1);
    for (size_t i = 0; i < n; i++) {
        uint64_t b = ht_rng_next(r);
        uint32_t sign = (uint32_t)(b >> 63) << 31;
        uint32_t e = (uint32_t)(emin + (int)((b >> 23) % span) + 127);
        uint32_t mant = (uint32_t)b & 0x007fffffu;
        x[i] = ht_bits_f32(sign | (e << 23) | mant);
    }
}

void tcase_sprinkle_special(ht_rng *r, float *x, size_t n, unsigned permille) {
    for (size_t i = 0; i < n; i++) {
        uint64_t b = ht_rng_next(r);
        if ((b >> 32) % 1000 < permille)
            x[i] = ht_bits_f32(tcase_special_bits[(b & 0xffffffffu) % tcase_special_count]);
    }
}

void tcase_unpair_nans(float *x, float *y, size_t n) {
    for (size_t i = 0; i < n; i++)
        if (x[i] != x[i] && y[i] != y[i]) y[i] = 1.5f;
}

void tcase_fill_mask(ht_rng *r, uint8_t *m, size_t n, unsigned permille) {
    for (size_t i = 0; i < n; i++) m[i] = (uint8_t)((ht_rng_next(r) >> 32) % 1000 < permille);
}

void tcase_canon_nan_members(float *r, size_t n, const float *pool, size_t npool) {
    for (size_t i = 0; i < n; i++) {
        if (r[i] == r[i]) continue;
        uint32_t u = ht_f32_bits(r[i]);
        for (size_t k = 0; k < npool; k++) {
            if (pool[k] == pool[k]) continue;
            if (u == (ht_f32_bits(pool[k]) | 0x00400000u)) {
                r[i] = ht_bits_f32(0x7fc00000u);
                break;
            }
        }
    }
}
