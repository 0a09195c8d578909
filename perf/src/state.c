/* state.c - the process-wide state of the framework (configuration, registry,
 * timer, results) and the accessors benchmarks may call.
 */
#include "internal.h"

tock__state tock__S; /* zero; cfg.threads 0 reads as 1 until the command line is parsed */
volatile sig_atomic_t tock__sigint = 0;

int tock_config_threads(void) { return tock__S.cfg.threads > 0 ? tock__S.cfg.threads : 1; }
int tock_config_quick(void) { return tock__S.cfg.quick; }
