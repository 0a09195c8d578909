/* main.c: the tock-perf runner. It registers every group of the suite, puts
 * the kernel library's ISA and thread facts into provenance.json, and hands
 * over to tock_main. It must never time anything itself. */
#define TOCK_IMPLEMENTATION
#define TOCK_COUNT_ALLOCATIONS /* heap peak and allocations per benchmark (tock.h) */
#include "tock.h"

#include <stdio.h>

#include "suite.h"

#if defined(__has_include)
#if __has_include(<valgrind/valgrind.h>)
#include <valgrind/valgrind.h>
#define SUITE_UNDER_VALGRIND() RUNNING_ON_VALGRIND
#endif
#endif
#ifndef SUITE_UNDER_VALGRIND
#define SUITE_UNDER_VALGRIND() 0
#endif

int main(int argc, char **argv) {
    int (*const groups[])(void) = {
        suite_register_prediction, suite_register_training,   suite_register_encoding,
        suite_register_delta,      suite_register_confidence, suite_register_history,
        suite_register_scm,        suite_register_reference,  suite_register_step_reference,
        suite_register_sweep};
    for (size_t i = 0; i < sizeof groups / sizeof groups[0]; i++) {
        int rc = groups[i]();
        if (rc < 0) {
            fprintf(stderr, "tock-perf: registering benchmarks failed: %s\n", tock_strerror(rc));
            return 2;
        }
    }
    const int forced = ht_isa_forced();
    /* A build pinned to an ISA this CPU lacks would run scalar kernels under
     * the pinned name. valgrind's simulated CPU has no AVX-512, so an avx512
     * build cannot be counted (--measure instructions). */
    if (forced >= 0 && !ht_isa_cpu_supports((ht_isa)forced)) {
        fprintf(stderr,
                "tock-perf: this build is pinned to ISA %s (-DTOCK_ISA=%s), which this CPU%s "
                "does not run; use a build with -DTOCK_ISA=auto%s\n",
                ht_isa_name((ht_isa)forced), ht_isa_name((ht_isa)forced),
                SUITE_UNDER_VALGRIND() ? " (valgrind's simulated CPU: no AVX-512)" : "",
                SUITE_UNDER_VALGRIND() ? " or an ISA valgrind runs (avx2, sse2, scalar)" : "");
        return 2;
    }
    tock_provenance_set("isa_dispatched", ht_isa_name(ht_isa_active()));
    tock_provenance_set("isa_forced", forced >= 0 ? ht_isa_name((ht_isa)forced) : "auto");
    tock_provenance_set("isa_best_supported", ht_isa_name(ht_isa_best()));
    tock_provenance_set("kernel_library", "core (ht_), panel mat-vecs, 16-lane reductions, no FMA");
    return tock_main(argc, argv);
}
