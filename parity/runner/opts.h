/* opts.h: tock-parity's command line. Every error names the flag, what was
 * expected and what was found, and is a usage error (exit 2). */
#ifndef TOCK_OPTS_H
#define TOCK_OPTS_H

#include <stdio.h>

#include "parity.h"

/* 0 ok, 1 --help printed, -1 usage error (message printed). */
int tock__opts_parse(tock__opts *o, int argc, char **argv);
void tock__opts_usage(FILE *f);
void tock__opts_free(tock__opts *o);

#endif
