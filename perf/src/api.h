/* api.h - the public interface of tock.h: benchmark definitions, grids,
 * registration, black boxes, heap accounting, configuration accessors and
 * tock_main. The pure statistics tock.h exposes for tests and tools are in
 * api_stats.h, included at the end. Nothing here needs TOCK_IMPLEMENTATION.
 */
#ifndef TOCK_H
#define TOCK_H

#include <stddef.h>
#include <stdint.h>

#define TOCK_VERSION_MAJOR 0
#define TOCK_VERSION_MINOR 1
#define TOCK_VERSION_PATCH 0
#define TOCK_VERSION_STRING "0.1.0"

/* Build identity, normally passed by the build system (perf/CMakeLists.txt). */
#ifndef TOCK_GIT_COMMIT
#define TOCK_GIT_COMMIT "unknown"
#endif
#ifndef TOCK_GIT_DIRTY
#define TOCK_GIT_DIRTY 0
#endif
#ifndef TOCK_COMPILE_FLAGS
#define TOCK_COMPILE_FLAGS "unknown"
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* ---- errors: one list generates the enum, the names and the messages ---- */
#define TOCK_ERROR_MAP(X)                                                                          \
    X(NOMEM, -1, "out of memory")                                                                  \
    X(INVAL, -2, "invalid argument")                                                               \
    X(DUPLICATE, -3, "a benchmark with this id (or samples file name) exists")                     \
    X(IO, -4, "input/output error")                                                                \
    X(USAGE, -5, "usage error")                                                                    \
    X(NOMATCH, -6, "no benchmark matches the filter")                                              \
    X(INTERRUPTED, -7, "interrupted")                                                              \
    X(TIMER, -8, "timer unusable")                                                                 \
    X(SETUP, -9, "benchmark set-up failed")                                                        \
    X(TOOFEW, -10, "too few samples for the statistic")

typedef enum tock_error {
    TOCK_OK = 0,
#define TOCK__ERR_ENUM(name, code, msg) TOCK_E##name = (code),
    TOCK_ERROR_MAP(TOCK__ERR_ENUM)
#undef TOCK__ERR_ENUM
        TOCK__ERR_END = -11
} tock_error;

const char *tock_strerror(int status); /* message, "ok" for 0 */
const char *tock_err_name(int status); /* "TOCK_ENOMEM", ... */

/* ---- benchmark definition ---- */
typedef enum tock_throughput_kind {
    TOCK_THROUGHPUT_NONE = 0,
    TOCK_THROUGHPUT_ELEMENTS, /* reported as elem/s, decimal prefixes */
    TOCK_THROUGHPUT_BYTES     /* reported as B/s, binary prefixes (KiB/s...) */
} tock_throughput_kind;

/* Latency: each iteration depends on the previous one's result.
 * Throughput: iterations are independent and may overlap in the pipeline.
 * The zero value is latency so that an omitted field means the stricter one. */
typedef enum tock_mode { TOCK_MODE_LATENCY = 0, TOCK_MODE_THROUGHPUT = 1 } tock_mode;

typedef void (*tock_routine_fn)(void *ctx, uint64_t iters);
typedef int (*tock_setup_fn)(void *user, void **ctx); /* 0 or negative */
typedef void (*tock_teardown_fn)(void *ctx);
typedef int (*tock_batch_setup_fn)(void *ctx, uint64_t iters); /* 0 or negative */
typedef void (*tock_batch_teardown_fn)(void *ctx, uint64_t iters);

typedef int (*tock_make_input_fn)(void *ctx, void *input); /* 0 or negative */
typedef void (*tock_run_input_fn)(void *ctx, void *input);
typedef void (*tock_drop_input_fn)(void *ctx, void *input);
typedef double (*tock_manual_fn)(void *ctx, uint64_t iters); /* seconds it measured */
typedef enum tock_batch_kind {
    TOCK_BATCH_SMALL_INPUT = 0, /* many inputs per batch: ~10 batches a sample */
    TOCK_BATCH_LARGE_INPUT = 1  /* few inputs per batch: ~1000 batches a sample */
} tock_batch_kind;

typedef struct tock_bench_def {
    const char *group;         /* required, no '/' or whitespace */
    const char *name;          /* optional, no '/' or whitespace */
    const char *parameter;     /* optional; id = group[/name][/parameter] */
    tock_routine_fn routine;   /* required; runs its body `iters` times, timed */
    void *user;                /* handed to setup; the ctx itself when setup is NULL */
    tock_setup_fn setup;       /* once per benchmark, untimed: *ctx = your state */
    tock_teardown_fn teardown; /* once per benchmark, untimed */
    /* Batched set-up (Criterion's iter_batched): before every timed call,
     * batch_setup(ctx, n) prepares inputs for the next routine(ctx, n) and is
     * not timed; batch_teardown(ctx, n) runs after, untimed. A sample is split
     * into calls of at most batch_size iterations (0 = one call per sample).
     * Each call is timed separately, so the timer overhead (provenance.json)
     * is paid once per call: keep a batch >= ~1000 timer ticks. */
    tock_batch_setup_fn batch_setup;
    tock_batch_teardown_fn batch_teardown;
    uint64_t batch_size;
    tock_throughput_kind throughput_kind;
    uint64_t throughput_per_iter; /* elements or bytes per iteration */
    tock_mode mode;
    double published_ns;  /* > 0: a reference figure from another machine and
                             language; printed as the ratio typical/published */
    const char *floor_id; /* id of the benchmark that is this one's physical
                             floor; REPORT.md prints typical/floor_typical */
    /* > 0: the warm-up and measurement time of this benchmark, shorter or
     * longer than the command line's default (many small grid points, one
     * slow benchmark that needs more). The rule: this value wins over the
     * default; an explicit --warm-up-time / --measurement-time wins over
     * this value; under --quick or --ab the smaller of the two wins. */
    double warm_up_time_s, measurement_time_s;
    /* optional, [A-Za-z0-9_]{1,31}: what one unit of a numeric parameter is
     * ("step" for a horizon). Benchmarks sharing group/name whose parameters
     * are numbers form a parameterised group; with >= 3 distinct values the
     * run fits its scaling (tock_fit_scaling) and REPORT.md says the cost
     * per this unit, e.g. "rssm_prediction: 27.9 us/step [27.6, 28.3],
     * exponent 1.00 [0.99, 1.01], O(n)". Two groups with the same unit also
     * get their crossover (tock_fit_crossover). */
    const char *parameter_unit;
    /* Managed batched set-up (Criterion's iter_batched): instead of
     * routine, give run_input, which uses ONE input, and make_input, which
     * fills one input of input_size bytes (untimed; 0 or negative). The
     * framework owns a buffer of a batch of inputs (each 16-byte aligned),
     * fills the whole batch, then times run_input over it; drop_input, if
     * set, releases what one input holds after the batch (untimed). The
     * batch: TOCK_BATCH_SMALL_INPUT (the default) splits a sample into ~10
     * batches, TOCK_BATCH_LARGE_INPUT into ~1000 (for inputs of a MiB or
     * more), both capped to 64 MiB of inputs. Each batch is timed
     * separately, so its timer overhead (provenance.json) counts once per
     * batch. Not with batch_setup, routine_manual or threads. */
    tock_make_input_fn make_input;
    tock_run_input_fn run_input;
    tock_drop_input_fn drop_input;
    size_t input_size;
    tock_batch_kind batch_kind;
    /* Manual timing (Criterion's iter_custom, Google Benchmark's
     * UseManualTime): instead of routine, a function that runs `iters`
     * iterations and returns the seconds it measured itself (>= 0, finite),
     * e.g. around only part of its work. That is the sample's time. */
    tock_manual_fn routine_manual;
    /* > 1: the routine runs on this many threads started by the framework
     * (Google Benchmark's Threads(n)), each `iters` iterations on the same
     * ctx, tock_thread_index() 0..threads-1; a barrier releases them
     * together before each timed region. The sample's time is the group's
     * (first start to last end); summary.json also gives the mean time of
     * one thread and the start skew after the barrier. More threads than
     * CPUs: a warning. Not with batch_setup, run_input or routine_manual. */
    int threads;
} tock_bench_def;

/* ---- grids (parameter sweeps) ----
 * A grid is a benchmark measured at every point of a product of named
 * integer axes (e.g. D x K x T), `repeats` times per point (repeat r gets
 * set-up seed seed0 + r and its own set-up), with one or more timed
 * routines per point. Each (routine, point, repeat) becomes an ordinary
 * benchmark, id group/name/ROUTINE/A=a,B=b/seed=S, measured like any other
 * and listed in summary.json with "sweep": name. After the run the grid is
 * written as sweeps/<name>.csv and sweeps/<name>.jsonl, one row per point:
 *   run_id (A<a>-B<b>...), the axes, the constant columns, then per routine
 *   time_<routine>_mean and _std (seconds, over the repeats' typical
 *   times; std is the sample std, null with one repeat), mem_peak_bytes_max
 *   (max over repeats and routines of the heap the set-up holds plus the
 *   routine's peak heap growth; null without TOCK_COUNT_ALLOCATIONS), then
 *   per metric <metric>_mean and, when asked, _std over the repeats.
 * Metrics are untimed numbers of a point (losses, errors): metrics() runs
 * right after each set-up of routine 0 and must be deterministic.
 * The definition and everything it points to must outlive tock_main. */
#define TOCK_GRID_MAX_AXES 6
#define TOCK_GRID_MAX_ROUTINES 4
#define TOCK_GRID_MAX_COLUMNS 8
typedef struct tock_axis {
    const char *name; /* [A-Za-z0-9_]+ */
    size_t count;
    const int64_t *values;
} tock_axis;
typedef struct tock_grid_def {
    const char *group, *name; /* as in tock_bench_def; name also names the files */
    size_t naxes;
    tock_axis axes[TOCK_GRID_MAX_AXES]; /* the first axis varies slowest */
    size_t repeats;                     /* >= 1 */
    uint64_t seed0;
    size_t nroutines;
    const char *routine_names[TOCK_GRID_MAX_ROUTINES]; /* [A-Za-z0-9_]+ */
    tock_routine_fn routines[TOCK_GRID_MAX_ROUTINES];
    /* point[i] is the value of axis i; *ctx = your state */
    int (*setup)(const int64_t *point, uint64_t seed, void **ctx);
    tock_teardown_fn teardown;
    size_t nconstants; /* columns with the same value on every row */
    const char *constant_names[TOCK_GRID_MAX_COLUMNS];
    const char *constant_json[TOCK_GRID_MAX_COLUMNS]; /* a JSON value, e.g. "[1,2,3]" */
    size_t nmetrics;
    const char *metric_names[TOCK_GRID_MAX_COLUMNS];
    int metric_std[TOCK_GRID_MAX_COLUMNS];     /* 1: also write <metric>_std */
    int (*metrics)(void *ctx, double *values); /* 0 or negative; may be NULL */
    tock_mode mode;
    double warm_up_time_s, measurement_time_s; /* per point, as in tock_bench_def */
} tock_grid_def;

/* ---- ranges and argument products ----
 * One benchmark per value, each a copy of def (whose parameter must be
 * NULL) with parameter = the value ("1024") or, for a product, the
 * name=value list ("n=1024,k=8"); set-up, make_input and the routine read
 * the value with tock_arg(). With throughput_kind set and
 * throughput_per_iter 0, the (first) value is the throughput per
 * iteration. Numeric parameters form a parameterised group, so >= 3 values
 * get a scaling fit (parameter_unit names the unit).
 * Bad input (lo > hi, step <= 0, mult < 2, lo < 1 for a range, a bad axis)
 * returns TOCK_EINVAL and makes tock_main exit 2 saying why. Example:
 *   static void sum(void *ctx, uint64_t iters) { ... tock_arg() ... }
 *   tock_register_range(&def, 1024, 262144, 2); // 1k 2k 4k ... 256k
 */
#define TOCK_MAX_ARGS 6
/* lo, lo*mult, lo*mult^2, ... below hi, then hi (Google Benchmark's Range) */
int tock_register_range(const tock_bench_def *def, int64_t lo, int64_t hi, int64_t mult);
/* lo, lo+step, ... <= hi (DenseRange) */
int tock_register_dense_range(const tock_bench_def *def, int64_t lo, int64_t hi, int64_t step);
/* the n values given */
int tock_register_args(const tock_bench_def *def, const int64_t *values, size_t n);
/* every combination of the axes' values (ArgsProduct), the first axis
 * slowest; naxes <= TOCK_MAX_ARGS; tock_arg_at(i) is axis i's value */
int tock_register_product(const tock_bench_def *def, const tock_axis *axes, size_t naxes);
/* The values tock_register_range would register, into out[cap]: their
 * count, or TOCK_EINVAL (bad range or cap too small). For product axes. */
int tock_range_values(int64_t lo, int64_t hi, int64_t mult, int64_t *out, size_t cap);
/* The argument of the benchmark being set up or measured on this thread (0
 * outside one, or for a benchmark registered without arguments). */
int64_t tock_arg(void);
int64_t tock_arg_at(size_t axis);

/* ---- user counters (Google Benchmark's state.counters) ----
 * Call from the routine (or run_input/routine_manual): per-iteration and
 * rate counters add up what the measured samples report (warm-up calls are
 * not counted) and are reported as sum / iterations or sum / timed
 * seconds; a plain counter reports the last value given (also from
 * set-up). Shown in the console, summary.json ("counters") and REPORT.md.
 * Names: [A-Za-z0-9_]{1,31}, at most TOCK_MAX_COUNTERS a benchmark, never a
 * built-in column (time, typical, mean, median, min, iterations, samples,
 * throughput, cpu, threads). A name given again with other flags, a bad or
 * reserved name: TOCK_EINVAL, the benchmark fails with a message and the
 * run exits 2. Thread-safe (a mutex; keep it out of the innermost loop). */
#define TOCK_MAX_COUNTERS 16
enum {
    TOCK_COUNTER_PLAIN = 0,         /* the last value */
    TOCK_COUNTER_PER_ITERATION = 1, /* sum / iterations (all threads') */
    TOCK_COUNTER_RATE = 2           /* sum / timed seconds, shown as "/s" */
};
int tock_counter(const char *name, double value, int flags);

/* In a benchmark with .threads = n: this thread's index 0..n-1 (0 in a
 * single-threaded one) and n. */
int tock_thread_index(void);
int tock_thread_count(void);

/* Registers every point of the grid. 0, TOCK_EINVAL or TOCK_ENOMEM. */
int tock_register_grid(const tock_grid_def *def);

/* Copies the definition and its strings (so a caller may build them on the
 * stack). Returns 0, TOCK_EINVAL (missing group/routine, bad characters) or
 * TOCK_EDUPLICATE. Call before tock_main (a constructor or main). */
int tock_register(const tock_bench_def *def);

/* Parses argv, measures the selected benchmarks and writes the run directory.
 * Returns the process exit status: 0, 1, 2 or 130 (see top of file). */
int tock_main(int argc, char **argv);

/* The value of --threads (default 1), for benchmarks that run threaded
 * kernels; valid from inside set-up and routines. */
int tock_config_threads(void);
/* 1 under --quick, for benchmarks that want to shrink their inputs. */
int tock_config_quick(void);

/* Adds or replaces a key/value string in provenance.json ("user" object) and
 * REPORT.md, e.g. tock_provenance_set("isa", "avx2"). Copies both strings. */
int tock_provenance_set(const char *key, const char *value);

/* ---- heap accounting ----
 * Opt-in: #define TOCK_COUNT_ALLOCATIONS in the file that defines
 * TOCK_IMPLEMENTATION (glibc, GCC or Clang, no ASan/TSan, which own malloc
 * themselves). tock.h then replaces malloc, free, calloc, realloc,
 * reallocarray, posix_memalign, aligned_alloc, memalign, valloc and pvalloc
 * by thin wrappers over glibc's own allocator (the replacement glibc
 * documents) that count live heap bytes (malloc_usable_size) and calls,
 * for every thread and every library in the process. Per benchmark,
 * summary.json then records "memory": the peak growth of the heap during
 * one timed call of the routine over all samples (a routine that allocates
 * nothing reports 0), the allocation calls per iteration, the heap the
 * set-up left allocated, and the process's max RSS (getrusage, which needs
 * no hook). Without the hook those heap fields are null. */
int tock_heap_available(void);     /* 1 when the hook is compiled in and active */
uint64_t tock_heap_live(void);     /* bytes currently allocated */
uint64_t tock_heap_peak(void);     /* highest live since the last reset */
void tock_heap_peak_reset(void);   /* peak := live */
uint64_t tock_heap_calls(void);    /* allocation calls so far (malloc, calloc, realloc...) */
uint64_t tock_max_rss_bytes(void); /* the process's max resident set so far, 0 if unknown */

/* ---- keeping results alive ---- */
#if defined(__GNUC__) || defined(__clang__)
/* An empty asm that takes p in a register and clobbers memory: the compiler
 * must assume the pointed-to data is read and written here. Costs no
 * instruction, but forces pending stores to memory. */
static inline void *tock_black_box(void *p) {
    __asm__ __volatile__("" : "+r"(p) : : "memory");
    return p;
}
/* Value barriers: the value is materialised in a register and then unknown to
 * the optimiser; no memory clobber, so they cost ~0 cycles in a dependency
 * chain (the calibration group relies on this). */
static inline uint64_t tock_black_box_u64(uint64_t v) {
    __asm__ __volatile__("" : "+r"(v));
    return v;
}
static inline double tock_black_box_f(double v) {
#if defined(__x86_64__) || (defined(__i386__) && defined(__SSE2_MATH__))
    __asm__ __volatile__("" : "+x"(v));
#elif defined(__aarch64__)
    __asm__ __volatile__("" : "+w"(v));
#else
    __asm__ __volatile__("" : "+m"(v));
#endif
    return v;
}
static inline float tock_black_box_f32(float v) {
#if defined(__x86_64__) || (defined(__i386__) && defined(__SSE2_MATH__))
    __asm__ __volatile__("" : "+x"(v));
#elif defined(__aarch64__)
    __asm__ __volatile__("" : "+w"(v));
#else
    __asm__ __volatile__("" : "+m"(v));
#endif
    return v;
}
#else
/* Portable fallback: a volatile round trip the compiler may not elide. */
static inline void *tock_black_box(void *p) {
    void *volatile q = p;
    return q;
}
static inline uint64_t tock_black_box_u64(uint64_t v) {
    volatile uint64_t q = v;
    return q;
}
static inline double tock_black_box_f(double v) {
    volatile double q = v;
    return q;
}
static inline float tock_black_box_f32(float v) {
    volatile float q = v;
    return q;
}
#endif

/* ---- registration by constructor (GCC/Clang) ---- */
#if defined(__GNUC__) || defined(__clang__)
void tock__register_ctor(const tock_bench_def *def); /* records errors for tock_main */
void tock__register_range_ctor(const tock_bench_def *def, int64_t lo, int64_t hi, int64_t mult);

/* In C++ (g++ 12), a designated initialiser that leaves fields out warns
 * under -Wextra; the macros below leave them zero on purpose. */
#if defined(__cplusplus)
#define TOCK__DEF_BEGIN                                                                            \
    _Pragma("GCC diagnostic push")                                                                 \
        _Pragma("GCC diagnostic ignored \"-Wmissing-field-initializers\"")
#define TOCK__DEF_END _Pragma("GCC diagnostic pop")
#else
#define TOCK__DEF_BEGIN
#define TOCK__DEF_END
#endif

/* TOCK_REGISTER(def): registers a static tock_bench_def before main. */
#define TOCK_REGISTER(def)                                                                         \
    static void tock__ctor_##def(void) __attribute__((constructor));                               \
    static void tock__ctor_##def(void) { tock__register_ctor(&(def)); }

/* TOCK_BENCH(group, name) { body }: defines the routine
 * `void f(void *ctx, uint64_t iters)` (ctx is NULL) with id "group/name". */
#define TOCK_BENCH(g_, n_)                                                                         \
    static void tock__run_##g_##_##n_(void *ctx, uint64_t iters);                                  \
    TOCK__DEF_BEGIN                                                                                \
    static const tock_bench_def tock__def_##g_##_##n_ = {                                          \
        .group = #g_, .name = #n_, .routine = tock__run_##g_##_##n_};                              \
    TOCK__DEF_END                                                                                  \
    TOCK_REGISTER(tock__def_##g_##_##n_)                                                           \
    static void tock__run_##g_##_##n_(void *ctx, uint64_t iters)

/* TOCK_BENCH_WITH(group, name, .field = value, ...) { body }: the same with
 * designated initialisers for the other fields (throughput, setup, ...). */
#define TOCK_BENCH_WITH(g_, n_, ...)                                                               \
    static void tock__run_##g_##_##n_(void *ctx, uint64_t iters);                                  \
    TOCK__DEF_BEGIN                                                                                \
    static const tock_bench_def tock__def_##g_##_##n_ = {                                          \
        .group = #g_, .name = #n_, .routine = tock__run_##g_##_##n_, __VA_ARGS__};                 \
    TOCK__DEF_END                                                                                  \
    TOCK_REGISTER(tock__def_##g_##_##n_)                                                           \
    static void tock__run_##g_##_##n_(void *ctx, uint64_t iters)

/* the range and input macros' bodies seldom use ctx */
#define TOCK__UNUSED __attribute__((unused))

/* TOCK_BENCH_RANGE(group, name, lo, hi, mult) { body }: the routine
 * `void f(void *ctx, uint64_t iters)` registered with tock_register_range;
 * the body reads the size with tock_arg(). _WITH takes other fields. */
#define TOCK_BENCH_RANGE(g_, n_, lo_, hi_, mult_)                                                  \
    TOCK_BENCH_RANGE_WITH(g_, n_, lo_, hi_, mult_, .mode = TOCK_MODE_LATENCY)
#define TOCK_BENCH_RANGE_WITH(g_, n_, lo_, hi_, mult_, ...)                                        \
    static void tock__run_##g_##_##n_(TOCK__UNUSED void *ctx, uint64_t iters);                     \
    TOCK__DEF_BEGIN                                                                                \
    static const tock_bench_def tock__def_##g_##_##n_ = {                                          \
        .group = #g_, .name = #n_, .routine = tock__run_##g_##_##n_, __VA_ARGS__};                 \
    TOCK__DEF_END                                                                                  \
    static void tock__ctor_##g_##_##n_(void) __attribute__((constructor));                         \
    static void tock__ctor_##g_##_##n_(void) {                                                     \
        tock__register_range_ctor(&tock__def_##g_##_##n_, lo_, hi_, mult_);                        \
    }                                                                                              \
    static void tock__run_##g_##_##n_(TOCK__UNUSED void *ctx, uint64_t iters)

/* TOCK_BENCH_INPUT(group, name, make_input, input_size) { body }: managed
 * batched set-up; the body `void f(void *ctx, void *input)` uses one input
 * that make_input filled (untimed). _WITH takes other fields
 * (.batch_kind = TOCK_BATCH_LARGE_INPUT, .drop_input, ...). */
#define TOCK_BENCH_INPUT(g_, n_, make_, size_)                                                     \
    TOCK_BENCH_INPUT_WITH(g_, n_, make_, size_, .batch_kind = TOCK_BATCH_SMALL_INPUT)
#define TOCK_BENCH_INPUT_WITH(g_, n_, make_, size_, ...)                                           \
    static void tock__run_##g_##_##n_(TOCK__UNUSED void *ctx, void *input);                        \
    TOCK__DEF_BEGIN                                                                                \
    static const tock_bench_def tock__def_##g_##_##n_ = {.group = #g_,                             \
                                                         .name = #n_,                              \
                                                         .make_input = make_,                      \
                                                         .run_input = tock__run_##g_##_##n_,       \
                                                         .input_size = size_,                      \
                                                         __VA_ARGS__};                             \
    TOCK__DEF_END                                                                                  \
    TOCK_REGISTER(tock__def_##g_##_##n_)                                                           \
    static void tock__run_##g_##_##n_(TOCK__UNUSED void *ctx, void *input)
#endif

#define TOCK_MAIN()                                                                                \
    int main(int argc, char **argv) { return tock_main(argc, argv); }

#include "api_stats.h"

#ifdef __cplusplus
}
#endif
#endif /* TOCK_H */
