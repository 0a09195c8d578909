/* rng.c - random numbers: xoshiro256** seeded through splitmix64, the only
 * generator the statistics use, so every bootstrap is reproducible from
 * --seed and the benchmark id. It must never read a clock or /dev/urandom.
 */
#include "internal.h"

uint64_t tock__splitmix64(uint64_t *state) {
    uint64_t z = (*state += 0x9e3779b97f4a7c15u);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
    return z ^ (z >> 31);
}

void tock_rng_seed(tock_rng *r, uint64_t seed) {
    uint64_t st = seed;
    for (int i = 0; i < 4; i++) r->s[i] = tock__splitmix64(&st);
}

static inline uint64_t tock__rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

uint64_t tock_rng_next(tock_rng *r) {
    uint64_t *s = r->s;
    const uint64_t result = tock__rotl(s[1] * 5, 7) * 9;
    const uint64_t t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = tock__rotl(s[3], 45);
    return result;
}

/* Lemire's multiply-shift with rejection: exact uniformity, one multiply in
 * the common case (a division only when the low word falls below n). */
uint32_t tock_rng_below(tock_rng *r, uint32_t n) {
    uint32_t x = (uint32_t)(tock_rng_next(r) >> 32);
    uint64_t m = (uint64_t)x * n;
    uint32_t l = (uint32_t)m;
    if (l < n) {
        uint32_t t = (0u - n) % n;
        while (l < t) {
            x = (uint32_t)(tock_rng_next(r) >> 32);
            m = (uint64_t)x * n;
            l = (uint32_t)m;
        }
    }
    return (uint32_t)(m >> 32);
}

double tock_rng_uniform(tock_rng *r) { return (double)(tock_rng_next(r) >> 11) * 0x1.0p-53; }

double tock_rng_normal(tock_rng *r) {
    for (;;) {
        double u = 2.0 * tock_rng_uniform(r) - 1.0;
        double v = 2.0 * tock_rng_uniform(r) - 1.0;
        double s = u * u + v * v;
        if (s > 0.0 && s < 1.0) return u * sqrt(-2.0 * log(s) / s);
    }
}
