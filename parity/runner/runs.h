/* runs.h: case lists and the parser of tock-parity-cases reports
 * (../common/protocol.h). A report that is truncated, from another protocol
 * version or dispatched to another ISA than its build was pinned to is an
 * error, never a partial success. */
#ifndef TPAR_RUNS_H
#define TPAR_RUNS_H

#include "parity.h"

void tpar_cases_push(tpar_cases *c, const tpar_case *rec);
/* The case with that name, or NULL. */
const tpar_case *tpar_cases_find(tpar_cases *c, const char *name);
/* Position of the case in c->v, or (size_t)-1. */
size_t tpar_cases_pos(tpar_cases *c, const char *name);
void tpar_cases_free(tpar_cases *c);

/* Reads run->out_path after the case runner exited with exit_code and fills
 * run->state, note, forced, dispatched, compiler_line and cases. */
void tpar_run_parse(tpar_run *run, int exit_code);

#endif
