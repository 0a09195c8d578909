/* rng.c: splitmix64 seeding xoshiro256** (the documented generators), and
 * exact integer-to-float conversions. Nothing here may depend on the ISA. */
#include <math.h>

#include "ht_rng.h"

uint64_t ht_splitmix64(uint64_t *state) {
    uint64_t z = (*state += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

void ht_rng_seed(ht_rng *rng, uint64_t seed) {
    uint64_t s = seed;
    for (int i = 0; i < 4; i++) rng->s[i] = ht_splitmix64(&s);
}

static inline uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

uint64_t ht_rng_next(ht_rng *rng) {
    uint64_t *s = rng->s;
    const uint64_t result = rotl(s[1] * 5, 7) * 9;
    const uint64_t t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 45);
    return result;
}

float ht_rng_unit_f32(ht_rng *rng) { return (float)(ht_rng_next(rng) >> 40) * 0x1.0p-24f; }

float ht_rng_symmetric_f32(ht_rng *rng, double s) {
    double u = ((double)(ht_rng_next(rng) >> 40) + 0.5) * 0x1.0p-24;
    return (float)((2.0 * u - 1.0) * s);
}

double ht_rng_normal(ht_rng *rng) {
    double u1 = ((double)(ht_rng_next(rng) >> 11) + 0.5) * 0x1.0p-53;
    double u2 = (double)(ht_rng_next(rng) >> 11) * 0x1.0p-53;
    return sqrt(-2.0 * log(u1)) * cos(6.283185307179586 * u2);
}
