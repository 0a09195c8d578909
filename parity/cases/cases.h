/* cases.h: the case groups tock-parity-cases runs, in this order. Each group
 * function emits its cases through the sink and must produce the same bytes
 * on every build, ISA and thread count; anything else is what parity catches.
 * Group names are the first component of every case name. */
#ifndef TCASE_CASES_H
#define TCASE_CASES_H

#include "ht.h"
#include "sink.h"

/* The kernel table as the cases see it, generated from HT_KERNEL_LIST
 * (ht_kernels.h): TCASE_K_<name> is an entry's id, tcase_kernel_names[id]
 * its name (the second component of its kern.* case names), and
 * tcase_kernel_call calls any entry by id, through one adapter per kernel
 * type (cases_kernels.c; a kernel of a new type does not compile until its
 * type has one). Cases that loop over kernels name them by id; a case about
 * one kernel may call its entry directly. */
typedef enum {
#define TCASE__KERNEL_ID(name, type) TCASE_K_##name,
    HT_KERNEL_LIST(TCASE__KERNEL_ID)
#undef TCASE__KERNEL_ID
        TCASE_K_COUNT
} tcase_kernel;

extern const char *const tcase_kernel_names[TCASE_K_COUNT];

/* The operands of one call by id; each type's adapter passes the ones its
 * signature takes, in signature order:
 *   out, mout  the array written (y, h, p, w updated in place, or the SCM
 *              payload) and the SCM mask written;
 *   x, mx      the first array read (x; a of dot and the SGD kernels; ht of
 *              gru_blend; p of scm_decode) and its SCM mask;
 *   z, mz      the second (b of dot and the SGD kernels; v of dot_panels; z
 *              of gru_blend; y of the binary SCM kernels; q of scm_decode);
 *   w          the panel matrix matvec_panels and dot_panels read;
 *   a          axpy's and scale's a, scm_decode's tau;
 *   n, rows, panels, stride  lengths: n, n_in or n_rows, n_panels, and
 *              pstride or ldw. */
typedef struct {
    float *out;
    uint8_t *mout;
    const float *x, *z, *w;
    const uint8_t *mx, *mz;
    float a;
    size_t n, rows, panels, stride;
} tcase_operands;

/* Calls entry id of k; returns what dot_panels, dot and sum return, else 0. */
float tcase_kernel_call(const ht_kernels *k, tcase_kernel id, const tcase_operands *o);

/* kern.*: every entry of the active kernel table over seeded inputs. */
void tcase_cases_kernels(tcase_sink *s, const ht_kernels *k);
/* scm.*: the ht_scm.h API and the table's scm_* entries, lengths 0..67 and
 * 4099, with +-0, subnormals, +-inf, NaN and random masks. */
void tcase_cases_scm(tcase_sink *s, const ht_kernels *k);
/* delta.*: create, clone, scale and scale_apply. */
void tcase_cases_delta(tcase_sink *s);
/* features.*, record.*: compute_features and record_step sequences. */
void tcase_cases_history(tcase_sink *s, unsigned threads);
/* predict.*, observe.*, confidence.*: the trainer, default and small model. */
void tcase_cases_trainer(tcase_sink *s, unsigned threads);
/* causal.*: one epoch of the causal chain (ht_causal.h) per config and seed. */
void tcase_cases_causal(tcase_sink *s);

#endif
