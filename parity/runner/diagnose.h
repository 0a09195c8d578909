/* diagnose.h: explaining mismatches. For the first failing case of each
 * case series (the first failing step of a rollout, the first failing call
 * of an observe sequence, ...) in each failing run, the case is re-run with
 * --dump in the failing build and in the reference build, and the two dumps
 * are compared (dump.h). Identical failing outputs in several runs are
 * explained once and list the other runs. The count is capped by
 * --max-diagnoses; every failure is still counted and listed by name. */
#ifndef TOCK_DIAGNOSE_H
#define TOCK_DIAGNOSE_H

#include "dump.h"
#include "parity.h"
#include "util.h"

typedef enum {
  TOCK_DIAG_COMPARED,   /* dumps compared: diff holds the details */
  TOCK_DIAG_NO_DUMP,    /* no reference difference to dump (golden-only...) */
  TOCK_DIAG_DUMP_ERROR, /* a dump could not be produced or read */
} tock__diag_kind;

typedef struct {
  char case_name[TOCK_NAME_MAX];
  char group[32];
  int step;
  tock__run *run; /* non-const: case lookups build an index lazily */
  unsigned verdict;
  tock__str also; /* other runs with the same failing output */
  size_t n_also;
  tock__diag_kind kind;
  char note[600];
  tock__diff diff;
} tock__diagnosis;

/* Fills *out (count in *n) and returns how many candidates were left out
 * by the cap. ref is the reference run. */
size_t tock__diagnose(const tock__opts *o, tock__universe *u, tock__run *runs, size_t nr,
                      const tock__run *ref, tock__diagnosis **out, size_t *n);
void tock__diagnoses_free(tock__diagnosis *d, size_t n);

/* Human-readable block (console and Markdown share it). */
void tock__diagnosis_text(tock__str *b, const tock__diagnosis *d, const tock__run *ref);
/* One JSON object. */
void tock__diagnosis_json(tock__str *b, const tock__diagnosis *d, const tock__run *ref);

#endif
