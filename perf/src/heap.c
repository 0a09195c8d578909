/* heap.c - heap accounting: with TOCK_COUNT_ALLOCATIONS (glibc, no sanitizer) the
 * malloc family is wrapped to count live bytes, the peak and calls, so a
 * benchmark's summary can say what its routine allocates. It must never
 * change what an allocation returns; without the macro it only reports
 * that nothing is counted.
 */
#include "internal.h"

#if defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer) ||                         \
    __has_feature(memory_sanitizer)
#define TOCK__SANITIZED 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define TOCK__SANITIZED 1
#endif

#if defined(TOCK_COUNT_ALLOCATIONS) && defined(__GLIBC__) &&                                       \
    (defined(__GNUC__) || defined(__clang__)) && !defined(TOCK__SANITIZED)
#define TOCK__HEAP_HOOK 1
#include <malloc.h>
extern void *__libc_malloc(size_t n);
extern void *__libc_calloc(size_t n, size_t size);
extern void *__libc_realloc(void *p, size_t n);
extern void *__libc_memalign(size_t align, size_t n);
extern void *__libc_valloc(size_t n);
extern void *__libc_pvalloc(size_t n);
extern void __libc_free(void *p);

static uint64_t tock__heap_live_b, tock__heap_peak_b, tock__heap_calls_n;

static void tock__heap_add(void *p) {
    if (!p) return;
    uint64_t n = (uint64_t)malloc_usable_size(p);
    uint64_t live = __atomic_add_fetch(&tock__heap_live_b, n, __ATOMIC_RELAXED);
    uint64_t peak = __atomic_load_n(&tock__heap_peak_b, __ATOMIC_RELAXED);
    while (live > peak && !__atomic_compare_exchange_n(&tock__heap_peak_b, &peak, live, 1,
                                                       __ATOMIC_RELAXED, __ATOMIC_RELAXED)) {}
    __atomic_add_fetch(&tock__heap_calls_n, 1, __ATOMIC_RELAXED);
}
static void tock__heap_sub(void *p) {
    if (p)
        __atomic_sub_fetch(&tock__heap_live_b, (uint64_t)malloc_usable_size(p), __ATOMIC_RELAXED);
}

void *malloc(size_t n) {
    void *p = __libc_malloc(n);
    tock__heap_add(p);
    return p;
}
void free(void *p) {
    tock__heap_sub(p);
    __libc_free(p);
}
void *calloc(size_t n, size_t size) {
    void *p = __libc_calloc(n, size);
    tock__heap_add(p);
    return p;
}
void *realloc(void *p, size_t n) {
    size_t old = p ? malloc_usable_size(p) : 0;
    void *q = __libc_realloc(p, n);
    if (q || (p && n == 0)) { /* moved, resized, or freed by realloc(p, 0) */
        __atomic_sub_fetch(&tock__heap_live_b, (uint64_t)old, __ATOMIC_RELAXED);
        tock__heap_add(q);
    }
    return q;
}
void *reallocarray(void *p, size_t n, size_t size) {
    if (size && n > SIZE_MAX / size) {
        errno = ENOMEM;
        return NULL;
    }
    return realloc(p, n * size);
}
int posix_memalign(void **out, size_t align, size_t n) {
    if (align % sizeof(void *) != 0 || (align & (align - 1)) != 0 || align == 0) return EINVAL;
    void *p = __libc_memalign(align, n);
    if (!p) return ENOMEM;
    tock__heap_add(p);
    *out = p;
    return 0;
}
void *aligned_alloc(size_t align, size_t n) {
    void *p = __libc_memalign(align, n);
    tock__heap_add(p);
    return p;
}
void *memalign(size_t align, size_t n) {
    void *p = __libc_memalign(align, n);
    tock__heap_add(p);
    return p;
}
void *valloc(size_t n) {
    void *p = __libc_valloc(n);
    tock__heap_add(p);
    return p;
}
void *pvalloc(size_t n) {
    void *p = __libc_pvalloc(n);
    tock__heap_add(p);
    return p;
}

int tock_heap_available(void) { return 1; }
uint64_t tock_heap_live(void) { return __atomic_load_n(&tock__heap_live_b, __ATOMIC_RELAXED); }
uint64_t tock_heap_peak(void) { return __atomic_load_n(&tock__heap_peak_b, __ATOMIC_RELAXED); }
void tock_heap_peak_reset(void) {
    __atomic_store_n(&tock__heap_peak_b, tock_heap_live(), __ATOMIC_RELAXED);
}
uint64_t tock_heap_calls(void) { return __atomic_load_n(&tock__heap_calls_n, __ATOMIC_RELAXED); }
#else
int tock_heap_available(void) { return 0; }
uint64_t tock_heap_live(void) { return 0; }
uint64_t tock_heap_peak(void) { return 0; }
void tock_heap_peak_reset(void) {}
uint64_t tock_heap_calls(void) { return 0; }
#endif

#include <sys/resource.h>
uint64_t tock_max_rss_bytes(void) {
    struct rusage ru;
    if (getrusage(RUSAGE_SELF, &ru) != 0 || ru.ru_maxrss <= 0) return 0;
    return (uint64_t)ru.ru_maxrss * 1024u; /* Linux: KiB */
}
