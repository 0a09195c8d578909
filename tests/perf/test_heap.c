/* test_heap.c - heap accounting (TOCK_COUNT_ALLOCATIONS) on known amounts.
 *
 * With the hook (normal builds): the tock_heap_* counters follow malloc,
 * calloc, realloc, posix_memalign, aligned_alloc, strdup (an allocation made
 * inside libc) and free exactly by usable size; then a run of two benchmarks
 * -- one that allocates and frees 4096 + 100 bytes per iteration after a
 * 1 MiB set-up, one that allocates nothing -- must report those amounts in
 * summary.json's "memory". Under ASan/TSan the hook is off by design: the
 * counters read 0 and the heap fields are null (max RSS is still there).
 * Usage: test_heap WORK_DIR
 */
#define TOCK_IMPLEMENTATION
#define TOCK_COUNT_ALLOCATIONS
#include "tock.h"

#include <malloc.h>

#include "check.h"
#include "proc.h"

static void alloc_loop(void *ctx, uint64_t iters) {
    (void)ctx;
    for (uint64_t i = 0; i < iters; i++) {
        char *a = (char *)malloc(4096);
        char *b = (char *)malloc(100);
        tock_black_box(a);
        tock_black_box(b);
        free(b);
        free(a);
    }
}

static int big_setup(void *user, void **ctx) {
    (void)user;
    *ctx = calloc(1, 1 << 20);
    return *ctx ? 0 : TOCK_ENOMEM;
}
static void big_teardown(void *ctx) { free(ctx); }

static void quiet_loop(void *ctx, uint64_t iters) {
    (void)ctx;
    uint64_t x = 1;
    for (uint64_t i = 0; i < iters; i++) x = tock_black_box_u64(x + 1);
}

/* the integer after "key": inside the record of id, or -1 (null / absent) */
static long long field(const char *sum, const char *id, const char *key) {
    char pat[256];
    snprintf(pat, sizeof pat, "\"id\": \"%s\"", id);
    const char *p = sum ? strstr(sum, pat) : NULL;
    if (!p) return -2;
    snprintf(pat, sizeof pat, "\"%s\": ", key);
    p = strstr(p, pat);
    if (!p) return -2;
    p += strlen(pat);
    if (strncmp(p, "null", 4) == 0) return -1;
    return strtoll(p, NULL, 10);
}

static double field_double(const char *sum, const char *id, const char *key) {
    char pat[256];
    snprintf(pat, sizeof pat, "\"id\": \"%s\"", id);
    const char *p = sum ? strstr(sum, pat) : NULL;
    if (!p) return NAN;
    snprintf(pat, sizeof pat, "\"%s\": ", key);
    p = strstr(p, pat);
    return p ? strtod(p + strlen(pat), NULL) : NAN;
}

int main(int argc, char **argv) {
    if (argc != 2) {
        fprintf(stderr, "usage: test_heap WORK_DIR\n");
        return 2;
    }
    const int hook = tock_heap_available();
    printf("hook %s\n", hook ? "compiled in" : "off (sanitizer build)");
    if (hook) {
        printf("the counters follow each allocation function by usable size\n");
        uint64_t live0 = tock_heap_live(), calls0 = tock_heap_calls();
        char *a = (char *)malloc(1000);
        CHECK_TRUE(a != NULL);
        CHECK_INT_EQ(tock_heap_live() - live0, malloc_usable_size(a));
        CHECK_INT_EQ(tock_heap_calls() - calls0, 1);
        tock_heap_peak_reset();
        char *b = (char *)calloc(10, 1000);
        size_t ub = malloc_usable_size(b);
        CHECK_INT_EQ(tock_heap_live() - live0, malloc_usable_size(a) + ub);
        a = (char *)realloc(a, 50000);
        CHECK_INT_EQ(tock_heap_live() - live0, malloc_usable_size(a) + ub);
        void *c = NULL;
        CHECK_INT_EQ(posix_memalign(&c, 64, 3000), 0);
        CHECK_TRUE(((uintptr_t)c & 63) == 0);
        void *d = aligned_alloc(128, 1024);
        char *e = strdup("an allocation made inside libc");
        uint64_t expect = malloc_usable_size(a) + ub + malloc_usable_size(c) +
                          malloc_usable_size(d) + malloc_usable_size(e);
        CHECK_INT_EQ(tock_heap_live() - live0, expect);
        CHECK_TRUE(tock_heap_peak() >= live0 + expect);
        CHECK_INT_EQ(tock_heap_calls() - calls0, 6);
        free(e);
        free(d);
        free(c);
        free(b);
        a = (char *)realloc(a, 0); /* glibc: frees, returns NULL */
        free(a);
        CHECK_INT_EQ(tock_heap_live(), live0);
        CHECK_TRUE(tock_heap_peak() >= live0 + expect);
        tock_heap_peak_reset();
        CHECK_INT_EQ(tock_heap_peak(), tock_heap_live());
    } else {
        CHECK_INT_EQ(tock_heap_live(), 0);
        CHECK_INT_EQ(tock_heap_calls(), 0);
    }
    CHECK_TRUE(tock_max_rss_bytes() > 0);

    printf("a run reports the benchmarks' heap use in summary.json\n");
    const tock_bench_def da = {.group = "heap",
                               .name = "alloc",
                               .routine = alloc_loop,
                               .setup = big_setup,
                               .teardown = big_teardown};
    const tock_bench_def dq = {.group = "heap", .name = "none", .routine = quiet_loop};
    CHECK_INT_EQ(tock_register(&da), 0);
    CHECK_INT_EQ(tock_register(&dq), 0);
    char out[1024], name[256], path[1400];
    snprintf(out, sizeof out, "%s/runs", argv[1]);
    rm_rf(argv[1]);
    mkdir_p(out);
    char *args[] = {argv[0], "--quick", "--nresamples", "1000", "--out", out, NULL};
    CHECK_INT_EQ(tock_main(6, args), 0);
    CHECK_INT_EQ(dir_entries(out, name, sizeof name), 1);
    snprintf(path, sizeof path, "%s/%s/summary.json", out, name);
    char *sum = slurp(path, NULL);
    CHECK_CONTAINS(sum, "\"memory\": {");
    CHECK_TRUE(field(sum, "heap/alloc", "max_rss_bytes") > (1 << 20));
    if (hook) {
        long long peak = field(sum, "heap/alloc", "heap_peak_bytes");
        CHECK(peak >= 4096 + 100 && peak <= 4096 + 100 + 64,
              "heap/alloc: heap_peak_bytes %lld is 4196 plus malloc's rounding", peak);
        CHECK_NEAR(field_double(sum, "heap/alloc", "allocations_per_iteration"), 2.0, 0.0);
        long long setup = field(sum, "heap/alloc", "setup_heap_bytes");
        CHECK(setup >= (1 << 20) && setup <= (1 << 20) + 4096,
              "heap/alloc: setup_heap_bytes %lld is the 1 MiB set-up", setup);
        CHECK_INT_EQ(field(sum, "heap/none", "heap_peak_bytes"), 0);
        CHECK_NEAR(field_double(sum, "heap/none", "allocations_per_iteration"), 0.0, 0.0);
        CHECK_INT_EQ(field(sum, "heap/none", "setup_heap_bytes"), 0);
    } else {
        CHECK_INT_EQ(field(sum, "heap/alloc", "heap_peak_bytes"), -1);
        CHECK_INT_EQ(field(sum, "heap/alloc", "setup_heap_bytes"), -1);
    }
    free(sum);
    return check_summary();
}
