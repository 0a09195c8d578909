/* calibration.c - linearity check of the tock.h method.
 *
 * Each benchmark runs a dependency chain of k multiply-add steps per
 * iteration (x = x * C + 1: one imul + one add, ~4 cycles on current x86
 * cores, so ~1 ns a step at 3-4 GHz). Pairs k and 2k at three scales (~1 ns,
 * ~100 ns, ~10 us per iteration) must measure a time ratio of 2.00; the 2k
 * benchmark names the k one as its floor, so REPORT.md's "ratio to floor"
 * column is the ratio. It must never let the compiler fold the chain: every
 * step passes through a value barrier, which costs no instruction.
 */
#define TOCK_IMPLEMENTATION
#include "../tock.h"

#include <stdint.h>
#include <stdio.h>

static const uint64_t steps[] = {1, 2, 100, 200, 10000, 20000};

static void mulchain(void *ctx, uint64_t iters) {
    const uint64_t k = *(const uint64_t *)ctx;
    uint64_t x = 0x9e3779b97f4a7c15u;
    for (uint64_t it = 0; it < iters; it++)
        for (uint64_t j = 0; j < k; j++) x = tock_black_box_u64(x * 0xd1342543de82ef95u + 1u);
    (void)tock_black_box_u64(x);
}

int main(int argc, char **argv) {
    for (size_t i = 0; i < sizeof steps / sizeof steps[0]; i++) {
        char param[24], floor[64];
        snprintf(param, sizeof param, "%llu", (unsigned long long)steps[i]);
        tock_bench_def d = {.group = "calibration",
                            .name = "mulchain",
                            .parameter = param,
                            .routine = mulchain,
                            .user = (void *)&steps[i],
                            .throughput_kind = TOCK_THROUGHPUT_ELEMENTS,
                            .throughput_per_iter = steps[i],
                            .mode = TOCK_MODE_LATENCY,
                            .parameter_unit = "step"}; /* REPORT.md: ns per chain step */
        if (i % 2 == 1) { /* 2k: its floor is k, so the floor ratio should be 2.00 */
            snprintf(floor, sizeof floor, "calibration/mulchain/%llu",
                     (unsigned long long)steps[i - 1]);
            d.floor_id = floor;
        }
        int rc = tock_register(&d);
        if (rc < 0) {
            fprintf(stderr, "calibration: register %s: %s\n", param, tock_strerror(rc));
            return 2;
        }
    }
    return tock_main(argc, argv);
}
