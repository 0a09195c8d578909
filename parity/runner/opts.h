/* opts.h: tock-parity's command line. Every error names the flag, what was
 * expected and what was found, and is a usage error (exit 2). */
#ifndef TPAR_OPTS_H
#define TPAR_OPTS_H

#include <stdio.h>

#include "parity.h"

/* 0 ok, 1 --help printed, -1 usage error (message printed). */
int tpar_opts_parse(tpar_opts *o, int argc, char **argv);
void tpar_opts_usage(FILE *f);
void tpar_opts_free(tpar_opts *o);

#endif
