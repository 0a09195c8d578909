/* compare.h: the verdicts. Every (run, case) is compared with the reference
 * run (scalar, first compiler, first optimisation level, first thread
 * count), with the golden file when one is loaded and with the --against
 * file when given; a comparison passes only when all of them match, input
 * hash included. Skipped runs are not compared; failed runs are errors. */
#ifndef TPAR_COMPARE_H
#define TPAR_COMPARE_H

#include "parity.h"

void tpar_universe_build(tpar_universe *u, tpar_run *ref, tpar_cases *golden);
void tpar_universe_free(tpar_universe *u);
/* Group column of a group name (adds it when new). */
size_t tpar_universe_group(tpar_universe *u, const char *group);
void tpar_compare(tpar_universe *u, tpar_run *runs, size_t nr, tpar_run *ref, tpar_cases *golden,
                  tpar_cases *against);
/* Whether every compared run matched the reference bit for bit (goldens and
 * --against files ignored): the condition for writing a golden. */
bool tpar_builds_agree(const tpar_run *runs, size_t nr, size_t n_universe);
/* Whether run does not compare case name: a cross architecture whose libm
 * computes it (tpar_arch.libm_prefix). Counted in run->excluded. */
bool tpar_case_excluded(const tpar_run *run, const char *name);
/* Short text of the verdict bits, e.g. "reference+golden". */
void tpar_verdict_text(unsigned v, char *out, size_t cap);

#endif
