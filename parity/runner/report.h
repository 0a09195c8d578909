/* report.h: the three faces of a parity result: the console matrix (one row
 * per build x thread count, one column per case group, ok/FAIL), and
 * report.json plus report.md in <results>/<UTC timestamp>/ (written
 * atomically). All three end with the line "N passed, N failed": N passed
 * counts (build, thread count, case) comparisons, N failed the failing
 * comparisons plus the errors (see errors below). */
#ifndef TPAR_REPORT_H
#define TPAR_REPORT_H

#include "diagnose.h"
#include "parity.h"

typedef struct {
    const tpar_opts *o;
    const char *mode; /* "full", "quick", "custom", "mutation:ulp" ... */
    const char *command;
    const char *commit;
    const tpar_variant *vars;
    size_t nv;
    tpar_run *runs;
    size_t nr;
    const tpar_run *ref;
    tpar_universe *u;
    const tpar_diagnosis *diag;
    size_t nd, diag_left_out;
    const char *golden_note; /* how goldens were used */
    double wall;
    size_t passed, failed; /* comparisons */
    /* failures that are not comparisons: runs that could not be compared
   * (build or run errors), no reference run, outputs not written. The
   * closing line counts them as failed, so it never reads as a success
   * when the exit code is not 0. */
    size_t errors;
    int exit_code;
} tpar_report;

/* The console matrix and diagnoses (stdout). Does not print the final line. */
void tpar_report_console(const tpar_report *r);
/* Writes report.json and report.md; returns 0 or -1 (message printed) and
 * stores the directory in dir. */
int tpar_report_files(const tpar_report *r, char *dir, size_t cap);

#endif
