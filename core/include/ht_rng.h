/* ht_rng.h: the one documented integer generator behind every seeded value.
 * splitmix64 expands a 64-bit seed into xoshiro256** state. Floats are built
 * from integer bits exactly, so the same seed gives the same bits on every
 * build and machine. Never replace this with rand() or a libm call. */
#ifndef HT_RNG_H
#define HT_RNG_H

#include <stdint.h>

typedef struct {
    uint64_t s[4];
} ht_rng;

/* splitmix64 step: advances *state and returns the next output. */
uint64_t ht_splitmix64(uint64_t *state);
void ht_rng_seed(ht_rng *rng, uint64_t seed);
uint64_t ht_rng_next(ht_rng *rng);
/* Uniform float in [0, 1): the top 24 bits times 2^-24 (exact). */
float ht_rng_unit_f32(ht_rng *rng);
/* Uniform in the open interval (-s, s): u = (k + 0.5) 2^-24 in binary64
 * (exact), then (float)((2u - 1) * s). Same operation order in every build. */
float ht_rng_symmetric_f32(ht_rng *rng, double s);
/* Standard normal (Box-Muller in binary64 from two 53-bit uniforms). */
double ht_rng_normal(ht_rng *rng);

#endif
