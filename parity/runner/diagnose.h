/* diagnose.h: explaining mismatches. For the first failing case of each
 * case series (the first failing step of a rollout, the first failing call
 * of an observe sequence, ...) in each failing run, the case is re-run with
 * --dump in the failing build and in the reference build, and the two dumps
 * are compared (dump.h). Identical failing outputs in several runs are
 * explained once and list the other runs. The count is capped by
 * --max-diagnoses; every failure is still counted and listed by name. */
#ifndef TPAR_DIAGNOSE_H
#define TPAR_DIAGNOSE_H

#include "dump.h"
#include "parity.h"
#include "sys.h"

typedef enum {
    TPAR_DIAG_COMPARED,   /* dumps compared: diff holds the details */
    TPAR_DIAG_NO_DUMP,    /* no reference difference to dump (golden-only...) */
    TPAR_DIAG_DUMP_ERROR, /* a dump could not be produced or read */
} tpar_diag_kind;

typedef struct {
    char case_name[TCASE_NAME_MAX];
    char group[32];
    int step;
    tpar_run *run; /* non-const: case lookups build an index lazily */
    unsigned verdict;
    tock__buf also; /* other runs with the same failing output */
    size_t n_also;
    tpar_diag_kind kind;
    char note[600];
    tpar_diff diff;
} tpar_diagnosis;

/* Fills *out (count in *n) and returns how many candidates were left out
 * by the cap. ref is the reference run. */
size_t tpar_diagnose(const tpar_opts *o, tpar_universe *u, tpar_run *runs, size_t nr,
                     const tpar_run *ref, tpar_diagnosis **out, size_t *n);
void tpar_diagnoses_free(tpar_diagnosis *d, size_t n);

/* Human-readable block (console and Markdown share it). */
void tpar_diagnosis_text(tock__buf *b, const tpar_diagnosis *d, const tpar_run *ref);
/* One JSON object. */
void tpar_diagnosis_json(tock__buf *b, const tpar_diagnosis *d, const tpar_run *ref);

#endif
