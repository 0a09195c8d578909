/* ht_isa.h: which instruction-set path the kernels run, and how it is chosen.
 * Adding an ISA is one enum value here, one kernels_<isa>.c and one table row
 * in dispatch.c. The scalar path is always built and always selectable. */
#ifndef HT_ISA_H
#define HT_ISA_H

#include <stdbool.h>

typedef enum {
  HT_ISA_SCALAR = 0,
  HT_ISA_SSE2 = 1,
  HT_ISA_AVX2 = 2,
  HT_ISA_AVX512 = 3,
  HT_ISA_COUNT
} ht_isa;

/* "scalar", "sse2", "avx2", "avx512". */
const char *ht_isa_name(ht_isa isa);
/* Parse a name as above; returns 0 and sets *out, or HT_ERANGE. */
int ht_isa_parse(const char *name, ht_isa *out);
/* True when this CPU can run the path (always true for scalar). */
bool ht_isa_cpu_supports(ht_isa isa);
/* The best path the CPU supports. */
ht_isa ht_isa_best(void);
/* The ISA the build was pinned to with -DTOCK_ISA=..., or -1 for "auto". */
int ht_isa_forced(void);
/* The path the library uses now: the forced one, else the best one, unless
 * ht_isa_select changed it. */
ht_isa ht_isa_active(void);
/* Switch every kernel to another path (tests and the parity runner use this).
 * HT_EISA if the CPU lacks it; HT_ERANGE if the build is pinned to another ISA. */
int ht_isa_select(ht_isa isa);

#endif
