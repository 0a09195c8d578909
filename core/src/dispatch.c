/* dispatch.c: picks the kernel table. The only file that asks the CPU what it
 * supports; everything per ISA here is generated from HT_ISA_LIST (ht_isa.h)
 * and indexed by ht_isa. A build configured with -DTOCK_ISA=<name> defines
 * HT_FORCE_ISA_NAME=<name> (core/CMakeLists.txt) and is pinned to that path. */
#include <stdatomic.h>
#include <string.h>

#include "ht_isa.h"
#include "ht_status.h"
#include "kernels_internal.h"
#define HT_MUTATIONS_IMPLEMENTATION
#include "mutations.h" /* test-only faults; nothing unless TOCK_MUTATION is set */

_Static_assert(HT_ISA_SCALAR == 0, "scalar must be the first row of HT_ISA_LIST");

#define HT__ISA_NAME(id, name, arch, cpu) [HT_ISA_##id] = #name,
static const char *const isa_names[HT_ISA_COUNT] = {HT_ISA_LIST(HT__ISA_NAME)};
#undef HT__ISA_NAME

/* NULL where this build does not compile the row's architecture. */
#define HT__ISA_TABLE(id, name, arch, cpu)                                                         \
    [HT_ISA_##id] = HT__IF_ARCH_##arch(&ht__kernels_##name, NULL),
static const ht_kernels *const tables[HT_ISA_COUNT] = {HT_ISA_LIST(HT__ISA_TABLE)};
#undef HT__ISA_TABLE

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

bool ht_isa_compiled(ht_isa isa) { return (unsigned)isa < HT_ISA_COUNT && tables[isa] != NULL; }

bool ht_isa_cpu_supports(ht_isa isa) {
    switch (isa) {
#define HT__ISA_CPU(id, name, arch, cpu)                                                           \
    case HT_ISA_##id: return HT__IF_ARCH_##arch((cpu), false);
        HT_ISA_LIST(HT__ISA_CPU)
#undef HT__ISA_CPU
    default: return false;
    }
}

ht_isa ht_isa_best(void) {
    for (int i = HT_ISA_COUNT - 1; i > 0; i--)
        if (tables[i] && ht_isa_cpu_supports((ht_isa)i)) return (ht_isa)i;
    return HT_ISA_SCALAR;
}

#ifdef HT_FORCE_ISA_NAME
/* The name -> enum map, from the list: ht__isa_by_name_avx2 = HT_ISA_AVX2.
 * An HT_FORCE_ISA_NAME that is no row's name does not compile. */
#define HT__ISA_BY_NAME(id, name, arch, cpu) ht__isa_by_name_##name = HT_ISA_##id,
enum { HT_ISA_LIST(HT__ISA_BY_NAME) };
#undef HT__ISA_BY_NAME
#define HT__ISA_OF_NAME(name) HT__ISA_OF_NAME_(name) /* expands HT_FORCE_ISA_NAME */
#define HT__ISA_OF_NAME_(name) ht__isa_by_name_##name
#endif

int ht_isa_forced(void) {
#ifdef HT_FORCE_ISA_NAME
    return HT__ISA_OF_NAME(HT_FORCE_ISA_NAME);
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
    if ((unsigned)isa >= HT_ISA_COUNT || !tables[isa] || !ht_isa_cpu_supports(isa)) return NULL;
    return HT_MUTATE_TABLE(tables[isa]);
}
