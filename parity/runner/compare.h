/* compare.h: the verdicts. Every (run, case) is compared with the reference
 * run (scalar, first compiler, first optimisation level, first thread
 * count), with the golden file when one is loaded and with the --against
 * file when given; a comparison passes only when all of them match, input
 * hash included. Skipped runs are not compared; failed runs are errors. */
#ifndef TOCK_COMPARE_H
#define TOCK_COMPARE_H

#include "parity.h"

void tock__universe_build(tock__universe *u, tock__run *ref, tock__cases *golden);
void tock__universe_free(tock__universe *u);
/* Group column of a group name (adds it when new). */
size_t tock__universe_group(tock__universe *u, const char *group);
void tock__compare(tock__universe *u, tock__run *runs, size_t nr, tock__run *ref,
                   tock__cases *golden, tock__cases *against);
/* Whether every compared run matched the reference bit for bit (goldens and
 * --against files ignored): the condition for writing a golden. */
bool tock__builds_agree(const tock__run *runs, size_t nr, size_t n_universe);
/* Short text of the verdict bits, e.g. "reference+golden". */
void tock__verdict_text(unsigned v, char *out, size_t cap);

#endif
