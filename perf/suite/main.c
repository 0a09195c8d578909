/* main.c: the tock-perf runner. It registers every group of the suite, puts
 * the kernel library's ISA and thread facts into provenance.json, and hands
 * over to tock_main. It must never time anything itself. */
#define TOCK_IMPLEMENTATION
#define TOCK_COUNT_ALLOCATIONS /* heap peak and allocations per benchmark (tock.h) */
#include "tock.h"

#include <stdio.h>
#include <stdlib.h>

#include "slowdown.h"
#include "suite.h"

int suite_slowdown_pct; /* slowdown.h; set from the environment in tock-perf-slow */

int main(int argc, char **argv) {
  int (*const groups[])(void) = {suite_register_prediction, suite_register_training,
                                 suite_register_encoding,   suite_register_delta,
                                 suite_register_confidence, suite_register_history,
                                 suite_register_scm,        suite_register_reference,
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
  if (TOCK_SLOWDOWN_HOOK) { /* a test-only build: read and record the slowdown */
    const char *env = getenv("TOCK_SLOWDOWN_PCT");
    char *end = NULL;
    long pct = env && *env ? strtol(env, &end, 10) : 0;
    if (env && *env && (*end != '\0' || pct < 0 || pct > 1000)) {
      fprintf(stderr, "tock-perf-slow: TOCK_SLOWDOWN_PCT: expected an integer 0..1000, found '%s'\n",
              env);
      return 2;
    }
    suite_slowdown_pct = (int)pct;
    char text[16];
    snprintf(text, sizeof text, "%d", suite_slowdown_pct);
    tock_provenance_set("test_slowdown_pct", text);
  }
  return tock_main(argc, argv);
}
