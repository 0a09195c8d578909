// cxx_consumer.cpp - a C++ project using tock.h: the implementation
// (TOCK_IMPLEMENTATION) compiled as C++20 under -Wall -Wextra -Wpedantic
// -Werror, with the constructor macros, a range, managed inputs, a counter
// and threads. tests/perf/cxx_consumer.cmake builds it with the C++
// compiler and runs it with --quick.
#define TOCK_IMPLEMENTATION
#include "tock.h"

#include <algorithm>
#include <vector>

TOCK_BENCH(cxx, empty) {
    (void)ctx;
    for (uint64_t i = 0; i < iters; i++) (void)tock_black_box_u64(i);
}

TOCK_BENCH_RANGE(cxx, vector_sum, 16, 256, 4) {
    (void)ctx;
    std::vector<int> v(static_cast<size_t>(tock_arg()), 1);
    for (uint64_t i = 0; i < iters; i++) {
        long s = 0;
        for (int x : v) s += x;
        (void)tock_black_box_u64(static_cast<uint64_t>(s));
    }
    tock_counter("elements", static_cast<double>(v.size()), TOCK_COUNTER_PLAIN);
}

static int fill(void *ctx, void *input) {
    (void)ctx;
    int *v = static_cast<int *>(input);
    for (int i = 0; i < 32; i++) v[i] = 32 - i;
    return 0;
}
TOCK_BENCH_INPUT(cxx, std_sort, fill, 32 * sizeof(int)) {
    (void)ctx;
    int *v = static_cast<int *>(input);
    std::sort(v, v + 32);
}

TOCK_BENCH_WITH(cxx, threads, .threads = 2) {
    (void)ctx;
    for (uint64_t i = 0; i < iters; i++) (void)tock_black_box_u64(i);
}

TOCK_MAIN()
