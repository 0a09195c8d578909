/* ht_scm.h: masked arithmetic (docs/kernels.md section 11) over (payload, mask)
 * arrays of any length. Mask byte 1 means bottom (singular, undefined); every
 * output mask byte is 0 or 1 and every bottom payload is +0.0f (NaN for
 * strict decode). add/sub/mul/div/inv/neg/exp/sqrt/decode run on the active
 * ISA's kernels; log/pow/sin/cos/tan are one scalar implementation shared by
 * every build (log is ht_math.h's; pow, sin, cos, tan call the C library, so
 * their bits are only as portable as libm). n = 0 is valid; NULL with n > 0
 * returns HT_ENULL. Outputs may alias inputs. */
#ifndef HT_SCM_H
#define HT_SCM_H

#include <stddef.h>
#include <stdint.h>

typedef enum { HT_SCM_ADD, HT_SCM_SUB, HT_SCM_MUL, HT_SCM_DIV } ht_scm_binop;

typedef enum {
    HT_SCM_INV,
    HT_SCM_NEG,
    HT_SCM_EXP,
    HT_SCM_SQRT,
    HT_SCM_LOG,
    HT_SCM_SIN,
    HT_SCM_COS,
    HT_SCM_TAN
} ht_scm_unop;

#define HT_SCM_DEFAULT_TAU 1e-6f

int ht_scm_binary(ht_scm_binop op, float *out, uint8_t *mout, const float *x, const uint8_t *mx,
                  const float *y, const uint8_t *my, size_t n);
int ht_scm_unary(ht_scm_unop op, float *out, uint8_t *mout, const float *x, const uint8_t *mx,
                 size_t n);
/* x^e elementwise: bottom if masked or (x == 0 and e < 0). */
int ht_scm_pow(float *out, uint8_t *mout, const float *x, const uint8_t *mx, float e, size_t n);
/* Strict decode of P/Q with threshold tau (>= 0, finite). */
int ht_scm_decode(float *out, uint8_t *mout, const float *p, const float *q, float tau, size_t n);
/* Share of elements that are not bottom (1 for n = 0). */
double ht_scm_coverage(const uint8_t *mask, size_t n);

#endif
