/* inputs.h: the seeded inputs of every parity case. All values come from the
 * ht_rng integer generator through exact integer-to-float conversions
 * (docs/method.md section 14, item 7), so an input never depends on the build; the sink
 * hashes them anyway. Never use rand(), libm or float arithmetic whose
 * rounding could differ between compilers here. */
#ifndef TCASE_INPUTS_H
#define TCASE_INPUTS_H

#include <stddef.h>
#include <stdint.h>

#include "ht_rng.h"

/* 64-byte aligned, zeroed, never NULL (exits with status 2 when memory runs
 * out); n may be 0. Free with free(). */
float *tcase_falloc(size_t n);
uint8_t *tcase_balloc(size_t n);

/* Uniform in (-scale, scale), scale a power of two: k * 2^-23 * scale with an
 * integer k, exact. */
void tcase_fill_sym(ht_rng *r, float *x, size_t n, float scale);
/* Uniform in [0, 1): 24 random bits times 2^-24. */
void tcase_fill_unit(ht_rng *r, float *x, size_t n);
/* Random sign, binary exponent in [emin, emax], random mantissa: normal
 * numbers spread over many magnitudes, built from bits. */
void tcase_fill_wide(ht_rng *r, float *x, size_t n, int emin, int emax);
/* Replaces about permille/1000 of the entries with values from the special
 * list (+-0, subnormals, +-inf, NaNs with payloads, extremes). */
void tcase_sprinkle_special(ht_rng *r, float *x, size_t n, unsigned permille);
/* Where both x[i] and y[i] are NaN, replaces y[i] by 1.5: which of two NaN
 * payloads an operation returns is checked by dedicated cases only. */
void tcase_unpair_nans(float *x, float *y, size_t n);
/* IEEE 754 leaves open which payload a result carries when several operands
 * are NaN (it should be one of theirs), and compilers may swap the operands
 * of a commutative + or * (clang does in the SSE2 path; x86 keeps the first
 * operand's payload). Cases where NaNs meet therefore replace every NaN of r
 * whose bits are a quieted NaN from pool by the token 0x7fc00000; any other
 * NaN (a payload from nowhere, a default NaN) keeps its bits and still has
 * to match exactly. */
void tcase_canon_nan_members(float *r, size_t n, const float *pool, size_t npool);

/* Mask bytes 0 or 1, each 1 with probability permille/1000. */
void tcase_fill_mask(ht_rng *r, uint8_t *m, size_t n, unsigned permille);

/* The special values, as bit patterns. */
extern const uint32_t tcase_special_bits[];
extern const size_t tcase_special_count;

/* Lengths every length-sweeping case uses: 0..67 (all tails of 4, 8, 16 and
 * the 64-wide panel plus a few) and the long one, 4096 + 3. */
#define TCASE_SHORT_MAX 67
#define TCASE_LONG_LEN 4099

#endif
