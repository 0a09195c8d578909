/* sums.c - two benchmarks of an outside project: a float sum and the same
 * sum unrolled by four, registered with the constructor macro. */
#define TOCK_IMPLEMENTATION
#include <tock.h>

#include <stdint.h>

static float data[1024];

TOCK_BENCH(sums, plain) {
    (void)ctx;
    for (uint64_t i = 0; i < iters; i++) {
        float s = 0.0f;
        for (int k = 0; k < 1024; k++) s += data[k];
        tock_black_box_f32(s);
    }
}

TOCK_BENCH(sums, unrolled) {
    (void)ctx;
    for (uint64_t i = 0; i < iters; i++) {
        float a = 0.0f, b = 0.0f, c = 0.0f, d = 0.0f;
        for (int k = 0; k < 1024; k += 4) {
            a += data[k];
            b += data[k + 1];
            c += data[k + 2];
            d += data[k + 3];
        }
        tock_black_box_f32((a + b) + (c + d));
    }
}

TOCK_MAIN()
