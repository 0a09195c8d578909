/* matrix.h: the build matrix. Turns the options into variants (ISA x
 * compiler x optimisation level, plus a mutated variant in --mutation mode),
 * configures and builds each one's case runner in <build>/<variant>/ with
 * cmake, at most --jobs processes at a time, and runs every built variant at
 * every thread count. A compiler that is not installed or an ISA the CPU
 * lacks is marked skipped with the reason, never dropped. */
#ifndef TPAR_MATRIX_H
#define TPAR_MATRIX_H

#include "parity.h"

/* The ISA a mutation perturbs (see core/src/mutations.h); -1 if unknown. */
int tpar_mutation_isa(const char *mutation);
/* The architecture a mutation is built for (tpar_arch_id); -1 if unknown. */
int tpar_mutation_arch(const char *mutation);
/* Comma-separated names of the known mutations. */
const char *tpar_mutation_names(void);

/* Fills *out with the variants (reference first: scalar, first compiler,
 * first optimisation level). Returns the count. */
size_t tpar_matrix_variants(const tpar_opts *o, tpar_variant **out);
/* Builds every pending variant and runs each built one at every thread
 * count. *runs gets one entry per (built or skipped variant, thread count). */
void tpar_matrix_execute(const tpar_opts *o, tpar_variant *v, size_t nv, tpar_run **runs,
                         size_t *nr);
/* Runs one case again with --dump into out_path; 0 or -1 (message in err). */
int tpar_matrix_dump(const tpar_opts *o, const tpar_variant *v, unsigned threads,
                     const char *case_name, const char *out_path, char *err, size_t cap);
/* Path of a variant's case runner. */
void tpar_runner_path(const tpar_variant *v, char *out, size_t cap);

#endif
