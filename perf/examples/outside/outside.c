/* outside.c - what a project outside tock writes to compare code: qsort
 * against an insertion sort, each on fresh input; a float sum over sizes
 * 1k to 256k (a scaling fit per element); a fast and a slow popcount. */
#define TOCK_IMPLEMENTATION
#include <tock.h>

#include <stdint.h>
#include <stdlib.h>

/* 1. sorting fresh input: make_input fills one array (untimed), the body
 * sorts it; the framework owns the batch of inputs */
#define N 500
static int make(void *ctx, void *in) {
    (void)ctx;
    for (int i = 0; i < N; i++) ((int *)in)[i] = rand();
    return 0;
}
static int cmp(const void *a, const void *b) { return *(const int *)a - *(const int *)b; }
TOCK_BENCH_INPUT(sort, qsort, make, N * sizeof(int)) { qsort(input, N, sizeof(int), cmp); }

TOCK_BENCH_INPUT(sort, insertion, make, N * sizeof(int)) {
    int *v = (int *)input;
    for (int i = 1; i < N; i++)
        for (int k = i; k > 0 && v[k - 1] > v[k]; k--) {
            const int t = v[k];
            v[k] = v[k - 1];
            v[k - 1] = t;
        }
}

/* 2. a size sweep: one benchmark per size, the size from tock_arg() */
static float data[1 << 18];
TOCK_BENCH_RANGE_WITH(sum, floats, 1 << 10, 1 << 18, 2, .parameter_unit = "elem") {
    const int64_t n = tock_arg();
    for (uint64_t i = 0; i < iters; i++) {
        float s = 0.0f;
        for (int64_t k = 0; k < n; k++) s += data[k];
        tock_black_box_f32(s);
    }
}

/* 3. a fast/slow pair */
static uint64_t words[1024];
static int popcount_loop(uint64_t x) {
    int c = 0;
    for (; x; x >>= 1) c += (int)(x & 1);
    return c;
}
TOCK_BENCH(popcount, slow) {
    (void)ctx;
    for (uint64_t i = 0; i < iters; i++)
        (void)tock_black_box_u64((uint64_t)popcount_loop(words[i % 1024]));
}
TOCK_BENCH(popcount, fast) {
    (void)ctx;
    for (uint64_t i = 0; i < iters; i++)
        (void)tock_black_box_u64((uint64_t)__builtin_popcountll(words[i % 1024]));
}

int main(int argc, char **argv) {
    srand(1);
    for (size_t i = 0; i < sizeof data / sizeof *data; i++) data[i] = (float)rand() / RAND_MAX;
    for (size_t i = 0; i < 1024; i++) words[i] = (uint64_t)rand() << 31 ^ (uint64_t)rand();
    return tock_main(argc, argv);
}
