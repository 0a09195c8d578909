/* dispatch.c: picks the kernel table. The only file that asks the CPU what it
 * supports; the table is indexed by ht_isa. A build configured with
 * -DTOCK_ISA=<isa> defines HT_FORCE_ISA and is pinned to that path. */
#include <stdatomic.h>
#include <string.h>

#include "ht_isa.h"
#include "ht_status.h"
#include "kernels_internal.h"
#define HT_MUTATIONS_IMPLEMENTATION
#include "mutations.h" /* test-only faults; nothing unless TOCK_MUTATION is set */

static const char *const isa_names[HT_ISA_COUNT] = {"scalar", "sse2", "avx2", "avx512"};

static const ht_kernels *const tables[HT_ISA_COUNT] = {
    &ht__kernels_scalar,
#ifdef HT__HAVE_X86
    &ht__kernels_sse2,
    &ht__kernels_avx2,
    &ht__kernels_avx512,
#else
    NULL, NULL, NULL,
#endif
};

const char *ht_isa_name(ht_isa isa) {
  return (unsigned)isa < HT_ISA_COUNT ? isa_names[isa] : "unknown";
}

int ht_isa_parse(const char *name, ht_isa *out) {
  if (!name || !out) return HT_ENULL;
  for (int i = 0; i < HT_ISA_COUNT; i++) {
    if (strcmp(name, isa_names[i]) == 0) {
      *out = (ht_isa)i;
      return HT_OK;
    }
  }
  return HT_ERANGE;
}

bool ht_isa_cpu_supports(ht_isa isa) {
  switch (isa) {
  case HT_ISA_SCALAR: return true;
#ifdef HT__HAVE_X86
  case HT_ISA_SSE2: return __builtin_cpu_supports("sse2");
  case HT_ISA_AVX2: return __builtin_cpu_supports("avx2");
  /* The AVX-512 file uses F and DQ instructions only. */
  case HT_ISA_AVX512:
    return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512dq");
#endif
  default: return false;
  }
}

ht_isa ht_isa_best(void) {
  for (int i = HT_ISA_COUNT - 1; i > 0; i--)
    if (tables[i] && ht_isa_cpu_supports((ht_isa)i)) return (ht_isa)i;
  return HT_ISA_SCALAR;
}

int ht_isa_forced(void) {
#ifdef HT_FORCE_ISA
  return HT_FORCE_ISA;
#else
  return -1;
#endif
}

/* -1 until first use; then the active ISA. Atomic so that threads reading the
 * table while a test switches paths are well-defined (tests switch only while
 * no kernel runs). */
static _Atomic int active_isa = -1;

ht_isa ht_isa_active(void) {
  int a = atomic_load_explicit(&active_isa, memory_order_acquire);
  if (a < 0) {
    int forced = ht_isa_forced();
    a = forced >= 0 ? forced : (int)ht_isa_best();
    if (!ht_isa_cpu_supports((ht_isa)a)) a = HT_ISA_SCALAR;
    atomic_store_explicit(&active_isa, a, memory_order_release);
  }
  return (ht_isa)a;
}

int ht_isa_select(ht_isa isa) {
  if ((unsigned)isa >= HT_ISA_COUNT) return HT_ERANGE;
  int forced = ht_isa_forced();
  if (forced >= 0 && forced != (int)isa) return HT_ERANGE;
  if (!tables[isa] || !ht_isa_cpu_supports(isa)) return HT_EISA;
  atomic_store_explicit(&active_isa, (int)isa, memory_order_release);
  return HT_OK;
}

const ht_kernels *ht_kernels_active(void) { return HT_MUTATE_TABLE(tables[ht_isa_active()]); }

const ht_kernels *ht_kernels_for(ht_isa isa) {
  if ((unsigned)isa >= HT_ISA_COUNT || !tables[isa] || !ht_isa_cpu_supports(isa))
    return NULL;
  return HT_MUTATE_TABLE(tables[isa]);
}
