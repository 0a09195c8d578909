/* test_heap_offset.c - each epoch's set-up lands at a different heap offset
 * (tock__heap_spacer in measure.c): a benchmark whose set-up allocates a
 * 64 KiB buffer (from the heap's top: beyond the tcache, below the mmap
 * threshold) is run in 8 epochs; the buffer's address mod 4096 must take
 * several values, and mod 64 more than one (without the spacer the freed
 * buffer coalesces into the top and every epoch gets the same address).
 * Usage: test_heap_offset WORK_DIR
 */
#define TOCK_IMPLEMENTATION
#include "tock.h"

#include "check.h"
#include "proc.h"

/* The spacer moves blocks glibc's allocator takes from the heap's top; a
 * sanitizer's allocator places blocks by size class, so there the offsets
 * are not checked (and the skip says so). */
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define SANITIZED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer)
#define SANITIZED 1
#endif
#endif
#if !defined(SANITIZED) && defined(__GLIBC__)
#define CHECK_OFFSETS 1
#endif

#define EPOCHS 8
static uintptr_t seen[64];
static size_t nseen;

static int buf_setup(void *user, void **ctx) {
    (void)user;
    char *p = (char *)malloc(64 * 1024);
    if (!p) return TOCK_ENOMEM;
    p[0] = 1;
    if (nseen < 64) seen[nseen++] = (uintptr_t)p;
    *ctx = p;
    return 0;
}
static void buf_teardown(void *ctx) { free(ctx); }
static void touch(void *ctx, uint64_t iters) {
    volatile char *p = (volatile char *)ctx;
    for (uint64_t i = 0; i < iters; i++) p[(i * 64) & 65535] += 1;
}

static size_t distinct(uintptr_t mod) {
    size_t n = 0;
    for (size_t i = 0; i < nseen; i++) {
        size_t j = 0;
        while (j < i && seen[j] % mod != seen[i] % mod) j++;
        n += j == i;
    }
    return n;
}

int main(int argc, char **argv) {
    if (argc < 2) return 2;
    tock_bench_def d = {.group = "heap",
                        .name = "offset",
                        .routine = touch,
                        .setup = buf_setup,
                        .teardown = buf_teardown};
    CHECK_INT_EQ(tock_register(&d), 0);
    char out[4200];
    snprintf(out, sizeof out, "%s/runs", argv[1]);
    rm_rf(argv[1]);
    char *args[] = {
        argv[0], "--epochs",     "8",    "--warm-up-time", "0.005", "--measurement-time",
        "0.04",  "--nresamples", "1000", "--out",          out,     NULL};
    CHECK_INT_EQ(tock_main(11, args), 0);
    CHECK_INT_EQ(nseen, EPOCHS);
    printf("set-up buffer address mod 4096 per epoch:");
    for (size_t i = 0; i < nseen; i++) printf(" %lu", (unsigned long)(seen[i] % 4096));
    printf("\n");
#ifdef CHECK_OFFSETS
    CHECK(distinct(4096) >= 4, "%zu distinct offsets mod 4096 in %zu epochs (>= 4)", distinct(4096),
          nseen);
    CHECK(distinct(64) >= 2, "%zu distinct offsets mod 64 (>= 2)", distinct(64));
#else
    printf("SKIPPED: the offsets (%zu distinct here: a sanitizer's or a non-glibc "
           "allocator places blocks by size class, not after the heap's top)\n",
           distinct(4096));
#endif
    return check_summary();
}
