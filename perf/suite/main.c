/* main.c: the tock-perf runner. It registers every group of the suite, puts
 * the kernel library's ISA and thread facts into provenance.json, and hands
 * over to tock_main. It must never time anything itself. */
#define TOCK_IMPLEMENTATION
#define TOCK_COUNT_ALLOCATIONS /* heap peak and allocations per benchmark (tock.h) */
#include "tock.h"

#include <stdio.h>

#include "suite.h"

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
    tock_provenance_set("isa_dispatched", ht_isa_name(ht_isa_active()));
    tock_provenance_set("isa_forced", forced >= 0 ? ht_isa_name((ht_isa)forced) : "auto");
    tock_provenance_set("isa_best_supported", ht_isa_name(ht_isa_best()));
    tock_provenance_set("kernel_library", "core (ht_), panel mat-vecs, 16-lane reductions, no FMA");
    return tock_main(argc, argv);
}
