/* report.h: the three faces of a parity result: the console matrix (one row
 * per build x thread count, one column per case group, ok/FAIL), and
 * report.json plus report.md in <results>/<UTC timestamp>/ (written
 * atomically). All three end with the line "N passed, N failed", where N
 * counts (build, thread count, case) comparisons. */
#ifndef TOCK_REPORT_H
#define TOCK_REPORT_H

#include "diagnose.h"
#include "parity.h"

typedef struct {
  const tock__opts *o;
  const char *mode; /* "full", "quick", "custom", "mutation:ulp" ... */
  const char *command;
  const char *commit;
  const tock__variant *vars;
  size_t nv;
  tock__run *runs;
  size_t nr;
  const tock__run *ref;
  tock__universe *u;
  const tock__diagnosis *diag;
  size_t nd, diag_left_out;
  const char *golden_note; /* how goldens were used */
  double wall;
  size_t passed, failed;
  int exit_code;
} tock__report;

/* The console matrix and diagnoses (stdout). Does not print the final line. */
void tock__report_console(const tock__report *r);
/* Writes report.json and report.md; returns 0 or -1 (message printed) and
 * stores the directory in dir. */
int tock__report_files(const tock__report *r, char *dir, size_t cap);

#endif
