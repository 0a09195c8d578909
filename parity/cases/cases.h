/* cases.h: the case groups tock-parity-cases runs, in this order. Each group
 * function emits its cases through the sink and must produce the same bytes
 * on every build, ISA and thread count; anything else is what parity catches.
 * Group names are the first component of every case name. */
#ifndef TOCK_CASES_H
#define TOCK_CASES_H

#include "ht.h"
#include "sink.h"

/* kern.*: every entry of the active kernel table over seeded inputs. */
void tock__cases_kernels(tock__sink *s, const ht_kernels *k);
/* scm.*: the ht_scm.h API and the table's scm_* entries, lengths 0..67 and
 * 4099, with +-0, subnormals, +-inf, NaN and random masks. */
void tock__cases_scm(tock__sink *s, const ht_kernels *k);
/* delta.*: create, clone, scale and scale_apply. */
void tock__cases_delta(tock__sink *s);
/* features.*, record.*: compute_features and record_step sequences. */
void tock__cases_history(tock__sink *s, unsigned threads);
/* predict.*, observe.*, confidence.*: the trainer, default and small model. */
void tock__cases_trainer(tock__sink *s, unsigned threads);
/* causal.*: one epoch of the causal chain (ht_causal.h) per config and seed. */
void tock__cases_causal(tock__sink *s);

#endif
