/* runs.h: case lists and the parser of tock-parity-cases reports
 * (../common/protocol.h). A report that is truncated, from another protocol
 * version or dispatched to another ISA than its build was pinned to is an
 * error, never a partial success. */
#ifndef TOCK_RUNS_H
#define TOCK_RUNS_H

#include "parity.h"

void tock__cases_push(tock__cases *c, const tock__case *rec);
/* The case with that name, or NULL. */
const tock__case *tock__cases_find(tock__cases *c, const char *name);
/* Position of the case in c->v, or (size_t)-1. */
size_t tock__cases_pos(tock__cases *c, const char *name);
void tock__cases_free(tock__cases *c);

/* Reads run->out_path after the case runner exited with exit_code and fills
 * run->state, note, forced, dispatched, compiler_line and cases. */
void tock__run_parse(tock__run *run, int exit_code);

#endif
