/* tock.h - a single-header measurement framework for C benchmarks.
 *
 * It registers benchmarks, times them with an invariant cycle counter (or
 * CLOCK_MONOTONIC), samples linearly, estimates with an OLS slope and a seeded
 * percentile bootstrap, stops once the interval is tight enough, and writes a
 * self-describing run directory. It must never change what it measures: the
 * timed region holds the user's routine and two counter reads and nothing
 * else; it starts no threads, depends on nothing but libc and libm, and must
 * never be built with fast-math optimisations (the statistics assume IEEE
 * arithmetic).
 *
 * ------------------------------------------------------------------------
 * Usage (stb style). In exactly one C file:
 *
 *     #define TOCK_IMPLEMENTATION
 *     #include "tock.h"          <- FIRST include of that file (see below)
 *
 *     static void add_loop(void *ctx, uint64_t iters) {
 *         uint64_t x = 1;
 *         for (uint64_t i = 0; i < iters; i++) x = tock_black_box_u64(x + 3);
 *         (void)ctx;
 *     }
 *     int main(int argc, char **argv) {
 *         static const tock_bench_def d = { .group = "demo", .name = "add",
 *                                           .routine = add_loop };
 *         if (tock_register(&d) < 0) return 2;
 *         return tock_main(argc, argv);
 *     }
 *
 * or register with the constructor macro and let TOCK_MAIN() write main:
 *
 *     TOCK_BENCH(demo, add) { ...body using ctx and iters... }
 *     TOCK_MAIN()
 *
 * Other files only `#include "tock.h"` for the declarations.
 *
 * Feature macros: the implementation uses POSIX.1-2008 (clock_gettime, fsync,
 * sigaction...). Under -std=c11 glibc hides those unless _POSIX_C_SOURCE is
 * defined before the first system header, so tock.h defines it itself when
 * TOCK_IMPLEMENTATION is set -- which only works if tock.h is the first
 * include of that file. Otherwise compile that file with
 * -D_POSIX_C_SOURCE=200809L (or -D_GNU_SOURCE); a clear #error says so.
 *
 * The routine contract. A benchmark routine is
 *     void routine(void *ctx, uint64_t iters);
 * and must run its body exactly `iters` times. The framework times the whole
 * call, so the per-iteration cost of the harness is zero: no indirect call,
 * no counter read, no bookkeeping per iteration. A body of one
 * tock_black_box_u64(i) measures the loop itself (~1 cycle, ~0.3 ns).
 * tock_main() measures, writes, and frees the registry: call it once.
 *
 * Method (Criterion-like). Warm-up runs the routine with doubling iteration
 * counts until --warm-up-time has passed and yields an estimate e of ns/iter.
 * Sample i (i = 1..N) then runs i*d iterations, with d chosen so the N samples
 * fill 95% of --measurement-time and sample 1 lasts >= 1000 timer ticks (a tick
 * is the larger of the counter's step and the cost of one reading). The
 * typical time is the OLS slope through the origin of (iterations, ns); mean,
 * median, standard deviation and MAD are of the per-iteration times ns/iters.
 * Every estimate gets a percentile bootstrap interval (10,000 resamples by
 * default, xoshiro256** seeded from --seed and the benchmark id, so rerunning
 * the analysis gives identical bits). Outliers are classified with Tukey's
 * fences (1.5 and 3 IQR), counted and reported, never removed.
 * Adaptive stop: from sample 10 on, every 5th sample, once 10% of the budget
 * is spent, a 2,000-resample slope bootstrap checks whether the interval
 * half-width / slope <= --target-precision (a fraction). The 10% floor keeps
 * a fast routine from stopping on 10 samples taken within ~2 ms, a window
 * too short to see scheduler ticks (4 ms at HZ=250) or frequency changes.
 * Otherwise the benchmark ends when all N samples are taken or
 * the measurement budget is spent (at least 10 samples are always taken, so a
 * routine slower than budget/55 overruns the budget). tock_stop_decide() is
 * the pure decision function.
 * Epochs (--epochs E, default 4; --quick 2): a benchmark is measured in E
 * epochs, each with a fresh set-up and warm-up and 1/E of the budget, spread
 * over the run in passes over the suite (pass k measures epoch k of every
 * benchmark). Drift between passes (frequency, neighbours, page placement)
 * then shows up as spread between epochs, and the two-level bootstrap
 * (tock_stats_bootstrap_epochs: resample epochs, then samples within them)
 * puts it inside the interval, so two back-to-back runs agree within their
 * intervals. Stop reason "epoch_spread": the epochs disagree by more than
 * the target allows.
 * Memory (opt-in, TOCK_COUNT_ALLOCATIONS before the implementation): glibc's
 * malloc family is wrapped to count live bytes and calls; per benchmark
 * summary.json "memory" gives the heap peak during a timed call above what
 * it started with, allocations per iteration, the heap its set-up left, and
 * the process's max RSS (null where not counted; off under ASan/TSan).
 * Grids (tock_register_grid): named integer axes x repeats x routines, each
 * point a benchmark; sweeps/<name>.csv and .jsonl after the run.
 * Scaling (tock_fit_scaling): every group of numeric parameters with >= 3
 * distinct values gets its cost per unit (parameter_unit) with an interval,
 * the log-log exponent and a complexity class, on the console, in REPORT.md
 * ("## Scaling") and in summary.json ("fits", "crossovers").
 *
 * Run directory: <--out>/<UTC YYYYmmddTHHMMSSZ>-<TOCK_GIT_COMMIT>[-k]/, created
 * (and so checked writable) before anything is measured. Every file is
 * written to name.tmp.<pid>, fsync'ed and renamed into place.
 *   samples/<id, '/' -> '_'>.csv  "iterations,ns", one row per sample; written
 *                                 as soon as that benchmark completes
 *   provenance.json  commit, dirty, compiler, flags, CPU, kernel, governor,
 *                    boost, SMT, hypervisor, load, timer (source, frequency,
 *                    overhead, resolution), date, tock_provenance_set() keys
 *   summary.json     {"schema": "tock.summary/1", "benchmarks": [...]}: per
 *                    id typical (the slope), mean, median, std_dev, mad as
 *                    {point, lower, upper} in ns, min, samples, iterations,
 *                    outliers, throughput, stop_reason, precision, ratios
 *                    memory, epochs; "fits" and "crossovers" (scaling)
 *   summary.csv      the same numbers, one row per benchmark (with the
 *                    change, p-values and verdict when comparing)
 *   REPORT.md        provenance summary, the latency table (a change
 *                    column when comparing), scaling lines, sweeps
 *   sweeps/<name>.csv, .jsonl  one row per grid point (grids)
 *   manifest.json    written last: status "complete" or "interrupted", the
 *                    config (compact JSON) and its FNV-1a 64 hash, and every
 *                    other file with its size and FNV-1a 64 hash. A run
 *                    directory without manifest.json is incomplete (killed).
 * JSON numbers are the shortest of %.15g/%.16g/%.17g that reads back exactly;
 * non-finite values are written as null.
 *
 *   COMPARE.md       with --baseline/--load-baseline/--ab: ready to paste into
 *                    a pull request; changed benchmarks first, then a count
 *   ab/round-NNN-{A,B}.txt  with --ab: each worker's output (baseline format)
 *
 * Baselines and the regression gate. --save-baseline NAME writes
 * <dir>/NAME/baseline.txt (format: see "baseline files" below; <dir> is
 * --baseline-dir, else baselines/ beside --out's last component, so the
 * default is results/baselines). --baseline NAME compares each measured
 * benchmark with its samples there; --load-baseline NEW --baseline OLD
 * compares two saved runs without measuring (Criterion's semantics). Per
 * benchmark: the relative change new/old - 1 of the typical time (slope)
 * and of the median per-iteration time, each with a percentile-bootstrap
 * interval (runs resampled independently), and the p-value of a
 * permutation test of the ratio of medians (tock_compare_samples says why
 * not Welch's t: outliers). Across the suite the p-values are adjusted by
 * Benjamini-Hochberg (--no-fdr: raw). Verdict: regressed (improved) when the
 * adjusted p < --significance-level (0.05) AND the whole interval of the
 * median change lies above +noise (below -noise), --noise-threshold 0.01;
 * significant but touching the band: "within noise"; else "no change".
 * Paired A/B (--ab OTHER): this program (A, the candidate) and OTHER (B, the
 * reference) run as child processes (--ab-worker) in ABBA order, sequentially:
 * first judged after --ab-rounds (20) rounds, then every 10, at a stricter
 * level, and stopped once settled, at most --ab-max-rounds (300; see
 * tock_ab_settle); each benchmark is judged on the per-round log
 * ratios of the lower quartile of the per-iteration times (robust to the
 * interference that only ever adds time): Hodges-Lehmann change with its
 * distribution-free interval, Wilcoxon signed-rank p-value; same verdict
 * rule. Machine fingerprint: arch, cpu_model, compiler, flags, threads and
 * the user key isa_dispatched are stored in a baseline; a difference is a
 * warning naming the key (--strict-env: exit 2). Measured false-alarm and
 * detection rates: tests/perf/test_gate_sim.c (simulated), tools/gate/
 * trials.sh (this machine).
 *
 * Exit status of tock_main: 0 ok, 1 a benchmark failed (set-up error) or a
 * comparison found a regression, 2 usage or input error (bad flag, missing,
 * truncated or malformed baseline, a benchmark missing from the baseline
 * without --baseline-lenient, --strict-env difference), 130 interrupted by
 * SIGINT.
 */

#if defined(TOCK_IMPLEMENTATION) && !defined(_POSIX_C_SOURCE) && !defined(_XOPEN_SOURCE) && \
    !defined(_GNU_SOURCE) && !defined(_DEFAULT_SOURCE)
#define _POSIX_C_SOURCE 200809L
#endif

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
#define TOCK_ERROR_MAP(X)                                                       \
    X(NOMEM, -1, "out of memory")                                               \
    X(INVAL, -2, "invalid argument")                                            \
    X(DUPLICATE, -3, "a benchmark with this id (or samples file name) exists")   \
    X(IO, -4, "input/output error")                                             \
    X(USAGE, -5, "usage error")                                                 \
    X(NOMATCH, -6, "no benchmark matches the filter")                           \
    X(INTERRUPTED, -7, "interrupted")                                           \
    X(TIMER, -8, "timer unusable")                                              \
    X(SETUP, -9, "benchmark set-up failed")                                     \
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

typedef struct tock_bench_def {
    const char *group;     /* required, no '/' or whitespace */
    const char *name;      /* optional, no '/' or whitespace */
    const char *parameter; /* optional; id = group[/name][/parameter] */
    tock_routine_fn routine; /* required; runs its body `iters` times, timed */
    void *user;              /* handed to setup; the ctx itself when setup is NULL */
    tock_setup_fn setup;     /* once per benchmark, untimed: *ctx = your state */
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
    /* > 0: caps on the warm-up and measurement time of this benchmark (the
     * smaller of this and the command line's wins), for many small
     * benchmarks such as the points of a grid */
    double warm_up_time_s, measurement_time_s;
    /* optional, [A-Za-z0-9_]{1,31}: what one unit of a numeric parameter is
     * ("step" for a horizon). Benchmarks sharing group/name whose parameters
     * are numbers form a parameterised group; with >= 3 distinct values the
     * run fits its scaling (tock_fit_scaling) and REPORT.md says the cost
     * per this unit, e.g. "rssm_prediction: 27.9 us/step [27.6, 28.3],
     * exponent 1.00 [0.99, 1.01], O(n)". Two groups with the same unit also
     * get their crossover (tock_fit_crossover). */
    const char *parameter_unit;
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
    int metric_std[TOCK_GRID_MAX_COLUMNS]; /* 1: also write <metric>_std */
    int (*metrics)(void *ctx, double *values); /* 0 or negative; may be NULL */
    tock_mode mode;
    double warm_up_time_s, measurement_time_s; /* per point, as in tock_bench_def */
} tock_grid_def;

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

/* TOCK_REGISTER(def): registers a static tock_bench_def before main. */
#define TOCK_REGISTER(def)                                                      \
    static void tock__ctor_##def(void) __attribute__((constructor));            \
    static void tock__ctor_##def(void) { tock__register_ctor(&(def)); }

/* TOCK_BENCH(group, name) { body }: defines the routine
 * `void f(void *ctx, uint64_t iters)` (ctx is NULL) with id "group/name". */
#define TOCK_BENCH(g_, n_)                                                      \
    static void tock__run_##g_##_##n_(void *ctx, uint64_t iters);               \
    static const tock_bench_def tock__def_##g_##_##n_ = {                       \
        .group = #g_, .name = #n_, .routine = tock__run_##g_##_##n_};           \
    TOCK_REGISTER(tock__def_##g_##_##n_)                                        \
    static void tock__run_##g_##_##n_(void *ctx, uint64_t iters)

/* TOCK_BENCH_WITH(group, name, .field = value, ...) { body }: the same with
 * designated initialisers for the other fields (throughput, setup, ...). */
#define TOCK_BENCH_WITH(g_, n_, ...)                                            \
    static void tock__run_##g_##_##n_(void *ctx, uint64_t iters);               \
    static const tock_bench_def tock__def_##g_##_##n_ = {                       \
        .group = #g_, .name = #n_, .routine = tock__run_##g_##_##n_,            \
        __VA_ARGS__};                                                           \
    TOCK_REGISTER(tock__def_##g_##_##n_)                                        \
    static void tock__run_##g_##_##n_(void *ctx, uint64_t iters)
#endif

#define TOCK_MAIN()                                                             \
    int main(int argc, char **argv) { return tock_main(argc, argv); }

/* ---- random numbers: xoshiro256** seeded through splitmix64 ---- */
typedef struct tock_rng {
    uint64_t s[4];
} tock_rng;
void tock_rng_seed(tock_rng *r, uint64_t seed);
uint64_t tock_rng_next(tock_rng *r);
uint32_t tock_rng_below(tock_rng *r, uint32_t n); /* uniform in [0, n), unbiased */
double tock_rng_uniform(tock_rng *r);            /* [0, 1), 53 bits */
double tock_rng_normal(tock_rng *r);             /* standard normal (polar method) */

/* ---- statistics (pure functions, exposed for tests) ---- */
typedef struct tock_estimate {
    double point, lower, upper;
} tock_estimate;

typedef struct tock_estimates {
    tock_estimate slope;   /* OLS through the origin of (iters, ns): ns/iter */
    tock_estimate mean;    /* of per-iteration times ns_i / iters_i */
    tock_estimate median;
    tock_estimate std_dev; /* sample standard deviation (n - 1) */
    tock_estimate mad;     /* median absolute deviation x 1.4826 (~sigma if normal) */
} tock_estimates;

typedef struct tock_outliers {
    size_t low_severe, low_mild, high_mild, high_severe;
    /* fences: q1 - 3 IQR, q1 - 1.5 IQR, q3 + 1.5 IQR, q3 + 3 IQR */
    double fence_low_severe, fence_low_mild, fence_high_mild, fence_high_severe;
} tock_outliers;

/* sum(x*y) / sum(x*x): slope of the least-squares line through the origin. */
double tock_stats_ols_slope(const double *x, const double *y, size_t n);
double tock_stats_mean(const double *x, size_t n);
double tock_stats_std_dev(const double *x, size_t n); /* sample, n - 1; NaN if n < 2 */
/* k-th smallest (0-based) by quickselect; reorders a. */
double tock_stats_select(double *a, size_t n, size_t k);
/* Median (mean of the two middle values when n is even). scratch: n doubles. */
double tock_stats_median(const double *x, size_t n, double *scratch);
/* 1.4826 * median(|x_i - median(x)|). scratch: n doubles. */
double tock_stats_mad(const double *x, size_t n, double *scratch);
/* Percentile, Hyndman-Fan type 7 (R's default, NumPy's "linear"):
 * h = (n - 1) p, result = s[floor h] + (h - floor h)(s[floor h + 1] - s[floor h]),
 * p in [0, 1] clamped. On sorted data: */
double tock_stats_percentile_sorted(const double *sorted, size_t n, double p);
/* The same definition by selection; reorders a; O(n). */
double tock_stats_quantile(double *a, size_t n, double p);
/* Tukey classification with type-7 quartiles. Needs n >= 4. */
int tock_stats_tukey(const double *x, size_t n, tock_outliers *out);
/* Percentile bootstrap of the slope only (resampling (x, y) pairs). */
int tock_stats_bootstrap_slope(const double *iters, const double *ns, size_t n,
                               size_t resamples, double confidence, uint64_t seed,
                               tock_estimate *out);
/* Percentile bootstrap of all five estimates from one set of resampled
 * indices. Points are the statistics of the original data. Needs n >= 2. */
int tock_stats_bootstrap(const double *iters, const double *ns, size_t n,
                         size_t resamples, double confidence, uint64_t seed,
                         tock_estimates *out);

typedef struct tock_analysis {
    tock_estimates est;
    double min;             /* smallest per-iteration time */
    tock_outliers outliers; /* of the per-iteration times */
    double precision;       /* (slope.upper - slope.lower) / 2 / slope.point */
} tock_analysis;
int tock_stats_analyze(const double *iters, const double *ns, size_t n,
                       size_t resamples, double confidence, uint64_t seed,
                       tock_analysis *out);

/* Epochs: a benchmark measured in E separate epochs (fresh set-up and
 * warm-up each, spread over the run in passes), so its interval also holds
 * what changes between set-ups and over time -- allocation placement,
 * frequency and neighbours -- which samples taken back to back never see.
 * epoch_end[e] is the index one past the last sample of epoch e (so
 * epoch_end[E - 1] == n). Two-level percentile bootstrap: each resample
 * draws E epochs with replacement and then, inside each drawn epoch, its
 * samples with replacement.
 *   slope: the mean of the drawn epochs' OLS slopes; because a bootstrap
 *          over E clusters understates their spread by (E - 1) / E, each
 *          drawn epoch slope is pushed away from the grand mean by
 *          sqrt(E / (E - 1)) (the usual small-sample inflation);
 *   mean, median, std_dev, mad: of the pooled per-iteration times drawn.
 * Points: the mean of the epoch slopes, and the pooled statistics. E == 1
 * is exactly tock_stats_bootstrap. Every epoch needs >= 2 samples. */
int tock_stats_bootstrap_epochs(const double *iters, const double *ns,
                                const size_t *epoch_end, size_t epochs,
                                size_t resamples, double confidence, uint64_t seed,
                                tock_estimates *out);
/* tock_stats_analyze with the epoch bootstrap above. */
int tock_stats_analyze_epochs(const double *iters, const double *ns,
                              const size_t *epoch_end, size_t epochs,
                              size_t resamples, double confidence, uint64_t seed,
                              tock_analysis *out);

/* ---- adaptive stop ---- */
typedef enum tock_stop_reason {
    TOCK_STOP_CONTINUE = 0,
    TOCK_STOP_TARGET_PRECISION,
    TOCK_STOP_TIME_BUDGET,
    TOCK_STOP_SAMPLE_LIMIT,
    TOCK_STOP_INTERRUPTED,
    TOCK_STOP_EPOCH_SPREAD /* benchmark level: the epochs disagree (see --epochs) */
} tock_stop_reason;
const char *tock_stop_reason_name(tock_stop_reason r); /* "target_precision", ... */

#define TOCK_MIN_SAMPLES 10       /* never stop (except on SIGINT) with fewer */
#define TOCK_MIN_BUDGET_FRACTION 0.1 /* no precision stop before 10% of the budget */
#define TOCK_CHECK_EVERY 5        /* precision check cadence, in samples */
#define TOCK_CHECK_RESAMPLES 2000 /* slope-only check: ~0.3 ms at 100 samples */

typedef struct tock_stop_input {
    const double *iters, *ns; /* the samples so far */
    size_t n;
    size_t max_samples;
    double elapsed_ns;       /* wall time spent sampling so far */
    double budget_ns;        /* the measurement budget */
    double target_precision; /* fraction; 0 = never stop early */
    double confidence;
    size_t resamples; /* for the check; 0 = TOCK_CHECK_RESAMPLES */
    uint64_t seed;
    int interrupted;
} tock_stop_input;

typedef struct tock_stop_decision {
    tock_stop_reason reason;
    double precision; /* last checked precision, or -1 when not checked */
} tock_stop_decision;

/* Decides after each sample. Natural reasons win over an interrupt that
 * arrives with the sample that completed the benchmark:
 *   1. n >= 10, elapsed >= 10% of the budget, and (n - 10) % 5 == 0 or the
 *      sample limit or budget is hit: check precision; <= target ->
 *      TARGET_PRECISION
 *   2. n >= max_samples -> SAMPLE_LIMIT
 *   3. n >= 10 and elapsed >= budget -> TIME_BUDGET
 *   4. interrupted -> INTERRUPTED, else CONTINUE. */
int tock_stop_decide(const tock_stop_input *in, tock_stop_decision *out);

/* ---- change analysis: a run against a baseline (pure, exposed for tests) ----
 * Relative changes are new/old - 1 (+0.05 = 5% slower). */
typedef enum tock_verdict {
    TOCK_VERDICT_NO_CHANGE = 0, /* the test found nothing: p_adjusted >= alpha */
    TOCK_VERDICT_NOISE,         /* significant, but the interval reaches into +-noise */
    TOCK_VERDICT_IMPROVED,      /* significant and the whole interval below -noise */
    TOCK_VERDICT_REGRESSED      /* significant and the whole interval above +noise */
} tock_verdict;
const char *tock_verdict_name(tock_verdict v);     /* "no_change", "within_noise", ... */
const char *tock_verdict_sentence(tock_verdict v); /* Criterion-style console text */

/* Why a paired (A/B) comparison stopped adding rounds: tock_ab_settle. */
typedef enum tock_ab_stop {
    TOCK_AB_CONTINUE = 0, /* not a paired comparison, or undecided at an interim look */
    TOCK_AB_SETTLED,      /* an interim look decided: outside or inside the noise band */
    TOCK_AB_MAX_ROUNDS,   /* the last look (--ab-max-rounds), judged at the nominal levels */
    TOCK_AB_INTERRUPTED   /* SIGINT: the completed rounds at the nominal levels */
} tock_ab_stop;
const char *tock_ab_stop_name(tock_ab_stop s); /* "continue", "settled", "max_rounds", ... */

typedef struct tock_change {
    tock_estimate typical; /* relative change of the typical time (slope); paired:
                              exp(mean log ratio) - 1 */
    tock_estimate median;  /* relative change of the median per-iteration time;
                              paired: exp(Hodges-Lehmann of the log ratios) - 1.
                              The verdict is decided on this interval. */
    double p_value;        /* two-sided, of the test named by the caller's mode */
    double p_adjusted;     /* after Benjamini-Hochberg (== p_value without FDR) */
    tock_verdict verdict;
    /* paired only (0 otherwise): the rounds judged, the confidence level of
     * the intervals above (stricter than nominal at an interim look) and why
     * the rounds stopped */
    size_t rounds;
    double confidence;
    tock_ab_stop stop;
} tock_change;

/* Two independent runs (--baseline, --load-baseline).
 * Intervals: percentile bootstrap, each run resampled with replacement on its
 * own (pairs (iters, ns)), `resamples` times, of slope_new/slope_old - 1 and
 * of median_new/median_old - 1 (medians of ns/iters).
 * p-value: a permutation test of |log(median_new / median_old)|: `resamples`
 * random splits of the pooled per-iteration times into groups of the two
 * sizes, p = (1 + #{|stat*| >= |stat|}) / (1 + resamples).
 * Why medians and not Criterion's slope and Welch t on means: one scheduler
 * hit of +60% on a late linear sample moves the OLS slope by ~2% at N = 100,
 * and the mean likewise; on tests/perf/test_gate_sim.c's model of this
 * machine (3-5% lognormal noise, 3% outliers, +-1% drift) a slope/Welch gate
 * caught a 5% slowdown in 52% of trials, the median gate in >= 95%, at the
 * same <= 1% false-regression rate.
 * Sets p_adjusted = p_value and verdict = NO_CHANGE; call tock_change_decide
 * afterwards. Needs >= 2 samples per run. */
int tock_compare_samples(const double *old_iters, const double *old_ns, size_t n_old,
                         const double *new_iters, const double *new_ns, size_t n_new,
                         size_t resamples, double confidence, uint64_t seed, tock_change *out);
/* Paired rounds (A/B mode): old_t[r], new_t[r] are one statistic of the two
 * builds in round r (tock_main uses the lower quartile of the per-iteration
 * times). d_r = log(new_t[r] / old_t[r]). typical =
 * exp(mean d) - 1 with a percentile bootstrap over rounds; median =
 * exp(HL(d)) - 1 where HL is the Hodges-Lehmann estimator (median of the
 * Walsh averages (d_i + d_j)/2, i <= j) with its distribution-free interval
 * (order statistics of the Walsh averages at the signed-rank critical value:
 * exact for <= 60 rounds, normal beyond); p = the two-sided Wilcoxon
 * signed-rank test of d (tock_stats_wilcoxon). One bad round moves neither
 * much, where it drags the mean. Needs 2..4096 rounds. */
int tock_compare_paired(const double *old_t, const double *new_t, size_t rounds,
                        size_t resamples, double confidence, uint64_t seed, tock_change *out);
/* Sequential paired rounds (--ab): when a benchmark has had enough rounds.
 * Looks are at min_rounds, then every `every` rounds, and at max_rounds: L =
 * 1 + ceil((max - min) / every) looks (1 when max == min). Each look judges
 * all completed rounds with tock_compare_paired. Every extra look at the
 * nominal level is one more chance for noise to cross a boundary, so an
 * interim look judges at a fifth of the nominal error rates
 * (TOCK_AB_INTERIM_SHARE) -- significance alpha / 5, interval confidence
 * 1 - (1 - confidence) / 5: 0.01 and 99% at the defaults -- and the last
 * look at the nominal ones (Haybittle-Peto style: a fixed stricter interim
 * threshold, the final look keeps the fixed-size test's power). A full
 * Bonferroni share (alpha / L with L = 29 looks at the defaults) was tried
 * and rejected: on the simulated machine of tests/perf/test_gate_sim.c it
 * settled 11% of A/A comparisons early against 27% with a fifth, caught a
 * 2% slowdown in 77% against 81% at 200 rounds, and saved no false
 * regression (0.0% vs 0.2%, both far below the 1% goal): the noise band,
 * not the level, is what keeps a no-change comparison from failing. An
 * interim look SETTLEs when
 *   - its verdict is REGRESSED or IMPROVED (p < alpha / 5 and the whole
 *     stricter interval beyond +-noise), or
 *   - the whole stricter interval lies inside [-noise, +noise]: any change
 *     is smaller than the noise band (an equivalence decision);
 * else CONTINUE. At max_rounds: MAX_ROUNDS with the nominal verdict. With
 * `interrupted`, any round count >= 2: INTERRUPTED, nominal verdict.
 * Error rates: with no true change, a REGRESSED verdict needs an interval
 * wholly above +noise at some look; each look misses on that side with
 * probability <= (1 - level) / 2 even with no noise band, so a union bound
 * gives (1 - confidence) / 2 x (1 + (L - 1) / 5); the band makes the real
 * rate far smaller (tests/perf/test_gate_sim.c measures it: <= 1%). The
 * looks' overlap (every look reuses the earlier rounds) makes the union
 *  * bounds loose. Sets out->verdict from the raw p (tock_main re-decides with
 * Benjamini-Hochberg; the nested intervals keep an interim decision), and
 * out->rounds, out->confidence (of the look) and out->stop. Returns 0,
 * TOCK_EINVAL for a bad plan or a round count that is not a look, or
 * tock_compare_paired's error. */
#define TOCK_AB_LOOK_EVERY 10 /* rounds between looks: ~3 s at the --ab defaults */
#define TOCK_AB_INTERIM_SHARE 5.0 /* interim looks: nominal error rates / this */
typedef struct tock_ab_plan {
    size_t min_rounds, max_rounds, every; /* first look, last look, spacing */
    double alpha, noise, confidence;      /* the nominal levels */
} tock_ab_plan;
size_t tock_ab_looks(const tock_ab_plan *p); /* L, or 0 for an invalid plan */
int tock_ab_settle(const tock_ab_plan *p, const double *old_t, const double *new_t,
                   size_t rounds, int interrupted, size_t resamples, uint64_t seed,
                   tock_change *out);
/* Exact two-sided sign-test p-value: min(1, 2 P(X <= min(pos, neg))), X ~ Bin(pos+neg, 1/2). */
double tock_stats_sign_test(size_t pos, size_t neg);
/* Two-sided Wilcoxon signed-rank p-value of d (zeros dropped): exact by
 * enumeration of W+ for <= 60 values without tied |d|, else the normal
 * approximation with continuity correction and average ranks. NaN on ENOMEM. */
double tock_stats_wilcoxon(const double *d, size_t n);
/* Benjamini-Hochberg adjusted p-values (step-up, monotone, capped at 1). */
int tock_stats_bh(const double *p, size_t m, double *adjusted);
/* Verdict from p_adjusted and the median-change interval: REGRESSED needs
 * p_adjusted < alpha and median.lower > noise, IMPROVED p_adjusted < alpha
 * and median.upper < -noise; significant otherwise is NOISE. */
tock_verdict tock_change_decide(const tock_change *c, double alpha, double noise);

/* ---- scaling fits: how does the cost grow with a parameter n? (pure) ----
 * Input: m points (n_i, y_i), n_i the parameter (a horizon, a size), y_i the
 * typical time there (ns). Timing noise is roughly proportional to y, so
 * every fit in y is relative (weighted) least squares with weights
 * w_i = 1/y_i^2 (fixed by the data, also inside the bootstrap): a 1% error
 * counts the same at n = 1 as at n = 1000.
 *
 * Linear model y = a + b n: the weighted least-squares line; b is the cost
 * per unit of n. r2 = 1 - RSS_w / TSS_w with the weighted residual and
 * total sums of squares (1 when the data are flat to a relative RMS of
 * 1e-9, where TSS_w is only rounding).
 * Exponent: the ordinary least-squares slope k of log y on log n (y = c n^k;
 * log makes proportional noise homoscedastic, so no weights there). For a
 * line with an intercept k is the average local exponent over the grid and
 * stays below 1.
 *
 * Intervals: wild bootstrap over the points, `resamples` times. Resample r
 * draws Rademacher signs e_i = +-1 and sets y*_i = yhat_i + e_i u_i, where
 * u_i = r_i / sqrt(1 - h_ii) is the residual of the fit inflated by its
 * leverage h_ii (the HC2 correction: a point that pulls the line towards
 * itself has a residual that understates its noise), and refits. Each point
 * keeps its own residual size, so noise that grows with n is reproduced;
 * resampling (n, y) pairs would not work with 5-12 points (a resample often
 * lacks the large n that fix the slope). The exponent uses the same signs on
 * the log-scale residuals. Reported: the percentile interval of the
 * resampled estimates [(1-cl)/2, (1+cl)/2] (type-7 quantiles) around the
 * point estimate of the original data, with one small-sample correction:
 * the bootstrap variance of each estimate is the HC2 variance, which with
 * 7 points rests on very few effective residuals, so the plain percentile
 * interval is too narrow (measured at 7 points, 95% nominal: slope 88%,
 * exponent 81%, intercept 72%). Each estimate's bootstrap deviations
 * theta* - theta are therefore multiplied by kappa = t_df(q) / z(q),
 * q = (1 + cl) / 2, df = the Bell-McCaffrey (Satterthwaite) degrees of
 * freedom of its HC2 variance (a function of the n grid and the weights
 * only; e.g. on n = 1,5,10,15,25,50,75: slope 4.8 (kappa 1.33), exponent
 * 2.2 (2.02), intercept 1.3 (3.85)). This is the percentile interval's
 * shape at the width of the Bell-McCaffrey t interval. Measured coverage
 * (tests/perf/test_fit.c): slope ~94%, exponent ~96%, intercept ~99%
 * (the Satterthwaite df is conservative when it is near 1).
 *
 * Complexity class: for each growth class f in {log n, n, n log n, n^2, n^3}
 * the weighted fit y = a + c f(n) (intercept = fixed overheads, unlike
 * Google Benchmark's y = c f(n)) with c >= 0 (a fit with c < 0 is not growth
 * and is replaced by c = 0, the O(1) fit); for O(1), y = a. bigo_rms[k] =
 * sqrt(RSS_w,k / m), the root mean square relative error of class k.
 * Rule: the growth class with the least RSS (all have two parameters) wins
 * if it beats O(1) by an F test, F = (RSS_1 - RSS_best)(m - 2) / RSS_best
 * above the F(1, m - 2) quantile at 1 - 0.01/5 (level 1%, Bonferroni over the
 * five candidates, so flat data is called growth in <= 1% of cases);
 * otherwise O(1). (BIC, ln m per parameter, is too weak here: with 1% noise
 * flat data is called growth 22% of the time at m = 7 and 16% at m = 11,
 * the best of five chance improvements; the F rule: 0.35%.)
 * bigo_share: the same wild bootstrap (same signs, not widened) generated
 * from the chosen class's fit, every class refit and the rule reapplied;
 * the fraction of resamples choosing the same class (~1: stable; lower: the
 * data cannot separate neighbouring classes; in the tests it tracks the
 * real rate of correct choices within a few percent).
 *
 * Reproducible: the same inputs and seed give identical bits. */
typedef enum tock_bigo {
    TOCK_BIGO_1,
    TOCK_BIGO_LOGN,
    TOCK_BIGO_N,
    TOCK_BIGO_NLOGN,
    TOCK_BIGO_N2,
    TOCK_BIGO_N3,
    TOCK_BIGO_COUNT
} tock_bigo;
/* "O(1)", "O(log n)", "O(n)", "O(n log n)", "O(n^2)", "O(n^3)"; "O(?)" otherwise */
const char *tock_bigo_name(tock_bigo c);

typedef struct tock_fit {
    size_t points;
    tock_estimate intercept; /* a of y = a + b n (weighted least squares), ns */
    tock_estimate slope;     /* b: cost per unit of n (e.g. ns per horizon step) */
    double r2;               /* weighted R^2 of the linear model */
    tock_estimate exponent;  /* k of y = c n^k from the log-log least-squares fit */
    tock_bigo bigo;          /* best complexity class */
    double bigo_share;       /* fraction of bootstrap resamples choosing that class */
    double bigo_rms[TOCK_BIGO_COUNT]; /* RMS relative error of each class fit */
} tock_fit;

/* n: parameter values (finite, > 0, at least 3 distinct), y: typical times
 * (finite, > 0), 3 <= m <= 2^24 points; resamples >= 1000 (10,000 is the
 * framework's default); confidence in (0, 1). Time O(m resamples): ~1.3 ms
 * at m = 7 and 10,000 resamples, ~7 ms at m = 50 (x86-64, -O2).
 * Returns 0, TOCK_EINVAL (any of those violated, or a NULL pointer) or
 * TOCK_ENOMEM; *out is written only on success. */
int tock_fit_scaling(const double *n, const double *y, size_t m, size_t resamples,
                     double confidence, uint64_t seed, tock_fit *out);

/* ---- crossover of two linear costs (e.g. 1 thread vs 2 threads) ----
 * Each group gets the weighted linear fit above; resample r refits both
 * groups on independent wild-bootstrap draws (deviations widened by kappa
 * as above, per group and parameter) and looks at the difference
 * d(n) = cost_A(n) - cost_B(n) on [lo, hi]:
 *   A below: d(lo) < 0 and d(hi) < 0; B below: both > 0; otherwise the
 *   lines cross inside, at n* = (a_B - a_A) / (b_A - b_B).
 * kind:
 *   A_BELOW / B_BELOW  A (B) is below over the whole range in >= confidence
 *                      of the resamples;
 *   AT                 the crossing of the point fits lies in [lo, hi] and
 *                      so does its percentile interval, taken over all
 *                      resamples (a resample whose lines do not cross in
 *                      the point's direction counts as a crossing at -inf
 *                      or +inf, on the side where it leaves A cheaper);
 *   UNCLEAR            otherwise (too noisy, or lines too close).
 * at: {point, lower, upper} for AT, NaN otherwise. share_*: fraction of the
 * resamples where A is below, B is below, the lines cross inside.
 * Inputs as for tock_fit_scaling, per group; lo < hi, both finite.
 * Returns 0, TOCK_EINVAL or TOCK_ENOMEM; *out is written only on success. */
typedef enum tock_cross_kind {
    TOCK_CROSS_AT,
    TOCK_CROSS_A_BELOW,
    TOCK_CROSS_B_BELOW,
    TOCK_CROSS_UNCLEAR
} tock_cross_kind;
typedef struct tock_crossover {
    tock_cross_kind kind;
    tock_estimate at; /* n where the fitted lines cross, when kind == AT */
    double lo, hi;    /* the n range searched */
    double share_a_below, share_b_below, share_cross;
} tock_crossover;
int tock_fit_crossover(const double *na, const double *ya, size_t ma, const double *nb,
                       const double *yb, size_t mb, double lo, double hi, size_t resamples,
                       double confidence, uint64_t seed, tock_crossover *out);
const char *tock_cross_kind_name(tock_cross_kind k); /* "at", "a_below", "b_below", "unclear" */

/* One line for REPORT.md:
 *   "<group>: <slope> <unit>/<unit_name> [<lower>, <upper>], exponent K [L, U], <class>"
 * e.g. "rssm_prediction: 27.9 us/step [27.6, 28.3], exponent 1.00 [0.99, 1.01], O(n)".
 * The slope takes the unit (ns, us, ms, s) that puts |point| in [1, 1000)
 * (ns below 1 ns) and 3 significant digits; the bounds use the same unit and
 * decimals. Exponents: 2 decimals. unit_name "" drops "/<unit_name>".
 * Returns, like snprintf, the length of the whole line without the NUL: the
 * line was truncated iff the result >= cap; out is always NUL-terminated when
 * cap > 0 (out may be NULL when cap == 0, to measure). TOCK_EINVAL for a NULL
 * f, group or unit_name, or a NULL out with cap > 0. */
int tock_fit_format(const tock_fit *f, const char *group, const char *unit_name, char *out,
                    size_t cap);

/* ---- baseline files ----
 * <baseline dir>/<NAME>/baseline.txt, written as baseline.txt.tmp.<pid>,
 * fsync'ed and renamed into place (one file: a reader sees the old baseline
 * or the whole new one). Line-oriented text, '\n' after every line, fields
 * separated by one space, numbers as C locale decimal (%.17g):
 *     tock-baseline 1                 format and version (exactly)
 *     name NAME                       [A-Za-z0-9._-]+, no leading '.'
 *     created YYYY-mm-ddTHH:MM:SSZ
 *     run RUN_ID                      the run directory the samples came from
 *     env KEY VALUE...                0+ lines; VALUE is the rest of the line
 *     bench ID N                      per benchmark: id (no spaces), samples
 *     typical POINT LOWER UPPER       slope estimate, ns
 *     median POINT LOWER UPPER        median per-iteration time, ns
 *     ITERATIONS NS                   N lines: integer 1..2^62, ns in [1e-3, 1e18]
 *     end NBENCH                      last line: the number of bench records
 * env keys used for the fingerprint: arch cpu_model compiler flags threads
 * isa_dispatched (a tock_provenance_set key); commit and tock_version are
 * written for the record only; a value not known is "unknown". The reader
 * rejects anything else -- an unknown record, a missing or extra field, a
 * bad number, a duplicate id, a wrong count, a missing `end` (truncation),
 * CR or NUL bytes -- with "line N: problem". `bench N` needs N >= 2. */
typedef struct tock_baseline_bench {
    char *id;
    size_t n;
    double *iters, *ns;
    tock_estimate typical, median;
} tock_baseline_bench;

typedef struct tock_baseline {
    char *name, *created, *run_id;
    char **env; /* key, value, key, value ... */
    size_t nenv;
    tock_baseline_bench *benches;
    size_t nbench;
} tock_baseline;

#define TOCK_BASELINE_VERSION 1
#define TOCK_BASELINE_MAX_LINE 65536
/* Parses len bytes (need not be NUL-terminated). 0, or TOCK_EINVAL with
 * "line N: problem" in err (or TOCK_ENOMEM); *out is empty on error. */
int tock_baseline_parse(const char *text, size_t len, tock_baseline *out, char *err,
                        size_t errcap);
void tock_baseline_free(tock_baseline *b);
const char *tock_baseline_env(const tock_baseline *b, const char *key); /* NULL if absent */

#ifdef __cplusplus
}
#endif
#endif /* TOCK_H */

/* ======================================================================== */
/*                              implementation                              */
/* ======================================================================== */
#if defined(TOCK_IMPLEMENTATION) && !defined(TOCK__IMPLEMENTED)
#define TOCK__IMPLEMENTED

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>
#include <dirent.h>
#include <spawn.h>
#include <sys/wait.h>

#if defined(__GLIBC__) && (!defined(_POSIX_VERSION) || _POSIX_VERSION < 200809L)
#error "tock.h: the implementation needs POSIX.1-2008. Make tock.h the first include of the file that defines TOCK_IMPLEMENTATION, or compile that file with -D_POSIX_C_SOURCE=200809L."
#endif

/* Allocation and assertion overrides: define all three of TOCK_MALLOC,
 * TOCK_REALLOC and TOCK_FREE, or none; TOCK_ASSERT guards internal
 * invariants only (never user input, which gets an error status). */
#ifndef TOCK_MALLOC
#define TOCK_MALLOC(n) malloc(n)
#define TOCK_REALLOC(p, n) realloc((p), (n))
#define TOCK_FREE(p) free(p)
#endif
#ifndef TOCK_ASSERT
#include <assert.h>
#define TOCK_ASSERT(c) assert(c)
#endif

#if defined(__GNUC__) || defined(__clang__)
#define TOCK__PRINTF(a, b) __attribute__((format(printf, a, b)))
#else
#define TOCK__PRINTF(a, b)
#endif

#define TOCK__PATH 4096
#define TOCK__DEFAULT_SEED 0x746f636bu /* "tock" */

/* -------------------------------------------------------------------------- */
/* heap accounting (see the declarations)                                      */

#if defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer) || \
    __has_feature(memory_sanitizer)
#define TOCK__SANITIZED 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define TOCK__SANITIZED 1
#endif

#if defined(TOCK_COUNT_ALLOCATIONS) && defined(__GLIBC__) && \
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
                                                       __ATOMIC_RELAXED, __ATOMIC_RELAXED)) {
    }
    __atomic_add_fetch(&tock__heap_calls_n, 1, __ATOMIC_RELAXED);
}
static void tock__heap_sub(void *p) {
    if (p) __atomic_sub_fetch(&tock__heap_live_b, (uint64_t)malloc_usable_size(p), __ATOMIC_RELAXED);
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

extern char **environ; /* POSIX; glibc declares it only under _GNU_SOURCE */

/* Internal but non-static: exposed to tests/perf through the implementation. */
uint64_t tock__fnv1a64(const void *data, size_t len);
uint64_t tock__splitmix64(uint64_t *state);

/* -------------------------------------------------------------------------- */
/* errors                                                                      */
const char *tock_strerror(int status) {
    switch (status) {
    case 0:
        return "ok";
#define TOCK__ERR_MSG(name, code, msg) \
    case code:                         \
        return msg;
        TOCK_ERROR_MAP(TOCK__ERR_MSG)
#undef TOCK__ERR_MSG
    default:
        return "unknown error";
    }
}

const char *tock_err_name(int status) {
    switch (status) {
    case 0:
        return "TOCK_OK";
#define TOCK__ERR_NAME(name, code, msg) \
    case code:                          \
        return "TOCK_E" #name;
        TOCK_ERROR_MAP(TOCK__ERR_NAME)
#undef TOCK__ERR_NAME
    default:
        return "TOCK_E?";
    }
}

/* -------------------------------------------------------------------------- */
/* hashing and random numbers                                                 */

/* FNV-1a 64: the artifact and config hash of manifest.json. Not
 * cryptographic; it detects accidental edits and truncation, which is all a
 * run directory needs, without a dependency. */
uint64_t tock__fnv1a64(const void *data, size_t len) {
    const unsigned char *p = (const unsigned char *)data;
    uint64_t h = 0xcbf29ce484222325u;
    for (size_t i = 0; i < len; i++) {
        h ^= p[i];
        h *= 0x100000001b3u;
    }
    return h;
}

uint64_t tock__splitmix64(uint64_t *state) {
    uint64_t z = (*state += 0x9e3779b97f4a7c15u);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
    return z ^ (z >> 31);
}

void tock_rng_seed(tock_rng *r, uint64_t seed) {
    uint64_t st = seed;
    for (int i = 0; i < 4; i++) r->s[i] = tock__splitmix64(&st);
}

static inline uint64_t tock__rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

uint64_t tock_rng_next(tock_rng *r) {
    uint64_t *s = r->s;
    const uint64_t result = tock__rotl(s[1] * 5, 7) * 9;
    const uint64_t t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = tock__rotl(s[3], 45);
    return result;
}

/* Lemire's multiply-shift with rejection: exact uniformity, one multiply in
 * the common case (a division only when the low word falls below n). */
uint32_t tock_rng_below(tock_rng *r, uint32_t n) {
    uint32_t x = (uint32_t)(tock_rng_next(r) >> 32);
    uint64_t m = (uint64_t)x * n;
    uint32_t l = (uint32_t)m;
    if (l < n) {
        uint32_t t = (0u - n) % n;
        while (l < t) {
            x = (uint32_t)(tock_rng_next(r) >> 32);
            m = (uint64_t)x * n;
            l = (uint32_t)m;
        }
    }
    return (uint32_t)(m >> 32);
}

double tock_rng_uniform(tock_rng *r) { return (double)(tock_rng_next(r) >> 11) * 0x1.0p-53; }

double tock_rng_normal(tock_rng *r) {
    for (;;) {
        double u = 2.0 * tock_rng_uniform(r) - 1.0;
        double v = 2.0 * tock_rng_uniform(r) - 1.0;
        double s = u * u + v * v;
        if (s > 0.0 && s < 1.0) return u * sqrt(-2.0 * log(s) / s);
    }
}

/* -------------------------------------------------------------------------- */
/* statistics                                                                 */

double tock_stats_ols_slope(const double *x, const double *y, size_t n) {
    double sxy = 0.0, sxx = 0.0;
    for (size_t i = 0; i < n; i++) {
        sxy += x[i] * y[i];
        sxx += x[i] * x[i];
    }
    return sxx > 0.0 ? sxy / sxx : NAN;
}

double tock_stats_mean(const double *x, size_t n) {
    if (n == 0) return NAN;
    double s = 0.0;
    for (size_t i = 0; i < n; i++) s += x[i];
    return s / (double)n;
}

double tock_stats_std_dev(const double *x, size_t n) {
    if (n < 2) return NAN;
    double m = tock_stats_mean(x, n), ss = 0.0;
    for (size_t i = 0; i < n; i++) ss += (x[i] - m) * (x[i] - m);
    return sqrt(ss / (double)(n - 1));
}

/* Hoare-partition selection (Wirth's scheme, pivot = median of three). Equal
 * keys stop both scans, so runs of ties stay O(n), unlike a Lomuto partition
 * which degrades to O(n^2) on constant data. */
double tock_stats_select(double *a, size_t n, size_t k) {
    TOCK_ASSERT(n > 0 && k < n);
    ptrdiff_t l = 0, r = (ptrdiff_t)n - 1, kk = (ptrdiff_t)k;
    while (l < r) {
        ptrdiff_t mid = l + (r - l) / 2;
        double p0 = a[l], p1 = a[mid], p2 = a[r], pivot;
        if (p0 < p1)
            pivot = p1 < p2 ? p1 : (p0 < p2 ? p2 : p0);
        else
            pivot = p0 < p2 ? p0 : (p1 < p2 ? p2 : p1);
        ptrdiff_t i = l, j = r;
        do {
            while (a[i] < pivot) i++;
            while (pivot < a[j]) j--;
            if (i <= j) {
                double t = a[i];
                a[i] = a[j];
                a[j] = t;
                i++;
                j--;
            }
        } while (i <= j);
        if (j < kk) l = i;
        if (kk < i) r = j;
    }
    return a[k];
}

/* Median in place: select the upper middle; for even n the lower middle is
 * the maximum of the left part, which selection leaves <= a[n/2]. */
static double tock__median_inplace(double *a, size_t n) {
    size_t k = n / 2;
    double hi = tock_stats_select(a, n, k);
    if (n & 1u) return hi;
    double lo = a[0];
    for (size_t i = 1; i < k; i++)
        if (a[i] > lo) lo = a[i];
    return 0.5 * (lo + hi);
}

double tock_stats_median(const double *x, size_t n, double *scratch) {
    if (n == 0) return NAN;
    memcpy(scratch, x, n * sizeof *x);
    return tock__median_inplace(scratch, n);
}

#define TOCK__MAD_SCALE 1.4826 /* 1/Phi^-1(3/4): MAD estimates sigma for normal data */

double tock_stats_mad(const double *x, size_t n, double *scratch) {
    if (n == 0) return NAN;
    double med = tock_stats_median(x, n, scratch);
    for (size_t i = 0; i < n; i++) scratch[i] = fabs(x[i] - med);
    return TOCK__MAD_SCALE * tock__median_inplace(scratch, n);
}

double tock_stats_percentile_sorted(const double *s, size_t n, double p) {
    if (n == 0) return NAN;
    if (!(p > 0.0)) return s[0];
    if (p >= 1.0) return s[n - 1];
    double h = (double)(n - 1) * p;
    size_t lo = (size_t)floor(h);
    if (lo + 1 >= n) return s[n - 1];
    double f = h - (double)lo;
    return s[lo] + f * (s[lo + 1] - s[lo]);
}

double tock_stats_quantile(double *a, size_t n, double p) {
    if (n == 0) return NAN;
    if (!(p > 0.0)) p = 0.0;
    if (p > 1.0) p = 1.0;
    double h = (double)(n - 1) * p;
    size_t lo = (size_t)floor(h);
    if (lo >= n - 1) return tock_stats_select(a, n, n - 1);
    double vlo = tock_stats_select(a, n, lo);
    double f = h - (double)lo;
    /* after selection every element right of lo is >= a[lo]: the next order
     * statistic is their minimum */
    double vhi = a[lo + 1];
    for (size_t i = lo + 2; i < n; i++)
        if (a[i] < vhi) vhi = a[i];
    return vlo + f * (vhi - vlo);
}

static int tock__cmp_double(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

int tock_stats_tukey(const double *x, size_t n, tock_outliers *out) {
    if (!x || !out) return TOCK_EINVAL;
    if (n < 4) return TOCK_ETOOFEW;
    double *s = (double *)TOCK_MALLOC(n * sizeof *s);
    if (!s) return TOCK_ENOMEM;
    memcpy(s, x, n * sizeof *s);
    qsort(s, n, sizeof *s, tock__cmp_double);
    double q1 = tock_stats_percentile_sorted(s, n, 0.25);
    double q3 = tock_stats_percentile_sorted(s, n, 0.75);
    TOCK_FREE(s);
    double iqr = q3 - q1;
    memset(out, 0, sizeof *out);
    out->fence_low_severe = q1 - 3.0 * iqr;
    out->fence_low_mild = q1 - 1.5 * iqr;
    out->fence_high_mild = q3 + 1.5 * iqr;
    out->fence_high_severe = q3 + 3.0 * iqr;
    for (size_t i = 0; i < n; i++) {
        double v = x[i];
        if (v < out->fence_low_severe)
            out->low_severe++;
        else if (v < out->fence_low_mild)
            out->low_mild++;
        else if (v > out->fence_high_severe)
            out->high_severe++;
        else if (v > out->fence_high_mild)
            out->high_mild++;
    }
    return 0;
}

static int tock__check_boot_args(const double *x, const double *y, size_t n, size_t b,
                                 double cl, const void *out) {
    if (!x || !y || !out || b == 0 || !(cl > 0.0 && cl < 1.0)) return TOCK_EINVAL;
    if (n < 2) return TOCK_ETOOFEW;
    if (n > UINT32_MAX || b > SIZE_MAX / (5 * sizeof(double))) return TOCK_EINVAL;
    return 0;
}

static void tock__interval(double *dist, size_t b, double cl, double point, tock_estimate *e) {
    e->point = point;
    e->lower = tock_stats_quantile(dist, b, 0.5 * (1.0 - cl));
    e->upper = tock_stats_quantile(dist, b, 0.5 * (1.0 + cl));
}

int tock_stats_bootstrap_slope(const double *x, const double *y, size_t n, size_t b,
                               double cl, uint64_t seed, tock_estimate *out) {
    int rc = tock__check_boot_args(x, y, n, b, cl, out);
    if (rc < 0) return rc;
    double *dist = (double *)TOCK_MALLOC(b * sizeof *dist);
    if (!dist) return TOCK_ENOMEM;
    tock_rng rng;
    tock_rng_seed(&rng, seed);
    for (size_t r = 0; r < b; r++) {
        double sxy = 0.0, sxx = 0.0;
        for (size_t j = 0; j < n; j++) {
            uint32_t k = tock_rng_below(&rng, (uint32_t)n);
            sxy += x[k] * y[k];
            sxx += x[k] * x[k];
        }
        dist[r] = sxy / sxx;
    }
    tock__interval(dist, b, cl, tock_stats_ols_slope(x, y, n), out);
    TOCK_FREE(dist);
    return 0;
}

int tock_stats_bootstrap(const double *x, const double *y, size_t n, size_t b, double cl,
                         uint64_t seed, tock_estimates *out) {
    int rc = tock__check_boot_args(x, y, n, b, cl, out);
    if (rc < 0) return rc;
    /* one block: per-iteration times, a resample, a scratch, 5 distributions */
    double *mem = (double *)TOCK_MALLOC((3 * n + 5 * b) * sizeof *mem);
    if (!mem) return TOCK_ENOMEM;
    double *pit = mem, *rs = mem + n, *scr = mem + 2 * n;
    double *d_slope = mem + 3 * n, *d_mean = d_slope + b, *d_med = d_mean + b,
           *d_sd = d_med + b, *d_mad = d_sd + b;
    for (size_t i = 0; i < n; i++) pit[i] = y[i] / x[i];

    tock_rng rng;
    tock_rng_seed(&rng, seed);
    const double dn = (double)n;
    for (size_t r = 0; r < b; r++) {
        double sxy = 0.0, sxx = 0.0, sum = 0.0;
        for (size_t j = 0; j < n; j++) {
            uint32_t k = tock_rng_below(&rng, (uint32_t)n);
            sxy += x[k] * y[k];
            sxx += x[k] * x[k];
            rs[j] = pit[k];
            sum += pit[k];
        }
        double mean = sum / dn, ss = 0.0;
        for (size_t j = 0; j < n; j++) ss += (rs[j] - mean) * (rs[j] - mean);
        double med = tock__median_inplace(rs, n);
        for (size_t j = 0; j < n; j++) scr[j] = fabs(rs[j] - med);
        d_slope[r] = sxy / sxx;
        d_mean[r] = mean;
        d_sd[r] = sqrt(ss / (dn - 1.0));
        d_med[r] = med;
        d_mad[r] = TOCK__MAD_SCALE * tock__median_inplace(scr, n);
    }
    tock__interval(d_slope, b, cl, tock_stats_ols_slope(x, y, n), &out->slope);
    tock__interval(d_mean, b, cl, tock_stats_mean(pit, n), &out->mean);
    tock__interval(d_med, b, cl, tock_stats_median(pit, n, scr), &out->median);
    tock__interval(d_sd, b, cl, tock_stats_std_dev(pit, n), &out->std_dev);
    tock__interval(d_mad, b, cl, tock_stats_mad(pit, n, scr), &out->mad);
    TOCK_FREE(mem);
    return 0;
}

/* -------------------------------------------------------------------------- */
/* scaling fits (see the declarations)                                         */

#define TOCK__FIT_GROWTH_ALPHA 0.01 /* F-test level for "there is growth" */
#define TOCK__FIT_RMS_FLOOR 1e-9    /* relative RMS treated as an exact fit */
#define TOCK__FIT_FAR 1e300         /* "no crossing on this side" */

const char *tock_bigo_name(tock_bigo c) {
    static const char *const names[TOCK_BIGO_COUNT] = {"O(1)",       "O(log n)", "O(n)",
                                                       "O(n log n)", "O(n^2)",   "O(n^3)"};
    return (unsigned)c < (unsigned)TOCK_BIGO_COUNT ? names[c] : "O(?)";
}

const char *tock_cross_kind_name(tock_cross_kind k) {
    switch (k) {
    case TOCK_CROSS_AT: return "at";
    case TOCK_CROSS_A_BELOW: return "a_below";
    case TOCK_CROSS_B_BELOW: return "b_below";
    case TOCK_CROSS_UNCLEAR: return "unclear";
    }
    return "unknown";
}

static double tock__fit_basis(int k, double n) {
    switch (k) {
    case TOCK_BIGO_LOGN: return log(n);
    case TOCK_BIGO_N: return n;
    case TOCK_BIGO_NLOGN: return n * log(n);
    case TOCK_BIGO_N2: return n * n;
    case TOCK_BIGO_N3: return n * n * n;
    default: return 0.0;
    }
}

/* Weighted least squares of y = a + c f with weights w, as linear maps of y:
 * c = sum g_i y_i, a = sum u_i y_i - fbar c, leverage h_i = u_i + g_i (f_i - fbar).
 * Centred sums keep n^3 at n = 1024 well conditioned. */
typedef struct tock__fit_ls {
    const double *f;
    double *g, *u, *h;
    double fbar, W, sff;
} tock__fit_ls;

static void tock__fit_ls_prepare(tock__fit_ls *L, const double *w, size_t m) {
    double W = 0.0, sf = 0.0;
    for (size_t i = 0; i < m; i++) {
        W += w[i];
        sf += w[i] * L->f[i];
    }
    L->fbar = sf / W;
    double sff = 0.0;
    for (size_t i = 0; i < m; i++) sff += w[i] * (L->f[i] - L->fbar) * (L->f[i] - L->fbar);
    L->W = W;
    L->sff = sff;
    for (size_t i = 0; i < m; i++) {
        double df = L->f[i] - L->fbar;
        L->u[i] = w[i] / W;
        L->g[i] = sff > 0.0 ? w[i] * df / sff : 0.0;
        L->h[i] = L->u[i] + L->g[i] * df;
    }
}

static void tock__fit_ls_solve(const tock__fit_ls *L, const double *y, size_t m, double *a,
                               double *c) {
    double sc = 0.0, sa = 0.0;
    for (size_t i = 0; i < m; i++) {
        sc += L->g[i] * y[i];
        sa += L->u[i] * y[i];
    }
    *c = sc;
    *a = sa - L->fbar * sc;
}

static double tock__fit_rss(const double *f, const double *y, const double *w, size_t m,
                            double a, double c) {
    double s = 0.0;
    for (size_t i = 0; i < m; i++) {
        double r = y[i] - a - c * (f ? f[i] : 0.0);
        s += w[i] * r * r;
    }
    return s;
}

/* r_i / sqrt(1 - h_ii); 1 - h is floored so a point with leverage ~1 (its
 * residual is ~0 whatever its noise) cannot blow rounding up. */
static double tock__fit_adjust(double r, double h) {
    double q = 1.0 - h;
    return r / sqrt(q > 1e-12 ? q : 1e-12);
}

/* P(|T| <= t) for Student's t with integer nu >= 1 degrees of freedom, via
 * theta = atan(t / sqrt(nu)): 2 C int_0^theta cos^(nu-1), C = Gamma((nu+1)/2) /
 * (sqrt(pi) Gamma(nu/2)), with I_k = cos^(k-1) sin / k + (k-1)/k I_(k-2),
 * I_0 = theta, I_1 = sin theta. */
static double tock__fit_t_central(double theta, unsigned nu) {
    double s = sin(theta), c = cos(theta);
    double ik = (nu - 1) % 2 == 0 ? theta : s; /* I_0 or I_1 */
    double cp = (nu - 1) % 2 == 0 ? c : c * c; /* cos^(k-1) for the next k */
    for (unsigned k = (nu - 1) % 2 == 0 ? 2 : 3; k <= nu - 1; k += 2) {
        ik = cp * s / k + (double)(k - 1) / k * ik;
        cp *= c * c;
    }
    double lc = lgamma(0.5 * (nu + 1)) - lgamma(0.5 * nu) - 0.5 * log(3.14159265358979323846);
    return 2.0 * exp(lc) * ik;
}

/* The p quantile (p in (0.5, 1)) of Student's t with nu >= 1, by bisection on theta. */
static double tock__fit_t_quantile(double p, unsigned nu) {
    double target = 2.0 * p - 1.0, lo = 0.0, hi = 1.57079632679489661923;
    for (int it = 0; it < 200 && hi - lo > 1e-15; it++) {
        double mid = 0.5 * (lo + hi);
        if (tock__fit_t_central(mid, nu) < target)
            lo = mid;
        else
            hi = mid;
    }
    return sqrt((double)nu) * tan(0.5 * (lo + hi));
}

/* standard normal quantile: bisection on erfc (the fits and the gate call it a few times) */
static double tock__norm_quantile(double p) {
    double lo = -40.0, hi = 40.0;
    for (int i = 0; i < 200; i++) {
        double mid = 0.5 * (lo + hi);
        if (0.5 * erfc(-mid / sqrt(2.0)) < p)
            lo = mid;
        else
            hi = mid;
    }
    return 0.5 * (lo + hi);
}

/* Student's t p quantile for real df >= 1: exact at integers; in between,
 * ln t interpolated linearly in 1/df (<= 2.5% wide of the exact value for df
 * in (1, 2) at p = 0.975, <= 0.5% above); df > 1000: z + (z^3 + z) / (4 df). */
static double tock__fit_t_quantile_real(double p, double df) {
    if (!(df >= 1.0)) df = 1.0;
    if (df > 1000.0) {
        double z = tock__norm_quantile(p);
        return z + (z * z * z + z) / (4.0 * df);
    }
    double n0 = floor(df);
    double t0 = tock__fit_t_quantile(p, (unsigned)n0);
    if (df == n0) return t0;
    double t1 = tock__fit_t_quantile(p, (unsigned)n0 + 1u);
    double x = (1.0 / n0 - 1.0 / df) / (1.0 / n0 - 1.0 / (n0 + 1.0));
    return exp(log(t0) + x * (log(t1) - log(t0)));
}

/* Bell-McCaffrey degrees of freedom of the HC2 variance of sum ell_i y_i
 * (which is exactly the variance of the wild bootstrap): with the weights
 * right, V = e' M e, M = Q A Q, Q = I - H (hat matrix of the weighted fit),
 * A = diag(ell_i^2 / (w_i (1 - h_ii))); df = tr(M)^2 / tr(M^2) (Satterthwaite)
 * = (sum A_i Q_ii)^2 / sum_ij A_i A_j Q_ij^2. It depends on the design and
 * weights only. alpha: m doubles of scratch. O(m^2); m - 2 beyond 2000 points. */
static double tock__fit_bm_df(const tock__fit_ls *L, const double *w, const double *ell,
                              double *alpha, size_t m) {
    if (m > 2000) return (double)(m - 2);
    double tr = 0.0, tr2 = 0.0;
    for (size_t i = 0; i < m; i++) {
        double q = 1.0 - L->h[i];
        alpha[i] = ell[i] * ell[i] / (w[i] * (q > 1e-12 ? q : 1e-12));
        tr += alpha[i] * q;
    }
    for (size_t i = 0; i < m; i++) {
        double di = L->sff > 0.0 ? (L->f[i] - L->fbar) / L->sff : 0.0;
        for (size_t j = 0; j < m; j++) {
            double hij = sqrt(w[i] * w[j]) * (1.0 / L->W + di * (L->f[j] - L->fbar));
            double q = (i == j ? 1.0 : 0.0) - hij;
            tr2 += alpha[i] * alpha[j] * q * q;
        }
    }
    return tr2 > 0.0 ? tr * tr / tr2 : (double)(m - 2);
}

/* Widening of the bootstrap deviations: t_df / z at (1 + cl) / 2. */
static double tock__fit_kappa(double df, double cl) {
    double q = 0.5 * (1.0 + cl);
    return tock__fit_t_quantile_real(q, df) / tock__norm_quantile(q);
}

/* The class rule on the (floored) weighted RSS of the six classes. */
static int tock__fit_choose(const double *rss, size_t m, double fcrit) {
    int best = TOCK_BIGO_LOGN;
    for (int k = TOCK_BIGO_LOGN + 1; k < TOCK_BIGO_COUNT; k++)
        if (rss[k] < rss[best]) best = k;
    double F = (rss[TOCK_BIGO_1] - rss[best]) * (double)(m - 2) / rss[best];
    return F > fcrit ? best : TOCK_BIGO_1;
}

/* Fits all six classes to y (weights w), constrained c >= 0; rss floored. */
static void tock__fit_classes(const tock__fit_ls *L, const double *y, const double *w, size_t m,
                              double *a, double *c, double *rss) {
    double floor_rss = (double)m * TOCK__FIT_RMS_FLOOR * TOCK__FIT_RMS_FLOOR;
    tock__fit_ls_solve(&L[TOCK_BIGO_1], y, m, &a[0], &c[0]);
    c[0] = 0.0;
    rss[0] = tock__fit_rss(NULL, y, w, m, a[0], 0.0);
    for (int k = 1; k < TOCK_BIGO_COUNT; k++) {
        tock__fit_ls_solve(&L[k], y, m, &a[k], &c[k]);
        if (c[k] < 0.0) {
            a[k] = a[0];
            c[k] = 0.0;
            rss[k] = rss[0];
        } else {
            rss[k] = tock__fit_rss(L[k].f, y, w, m, a[k], c[k]);
        }
    }
    for (int k = 0; k < TOCK_BIGO_COUNT; k++)
        if (!(rss[k] > floor_rss)) rss[k] = floor_rss;
}

/* Rademacher signs for m points from ceil(m / 64) draws. */
static void tock__fit_signs(tock_rng *r, double *e, size_t m) {
    uint64_t bits = 0;
    for (size_t i = 0; i < m; i++) {
        if (i % 64 == 0) bits = tock_rng_next(r);
        e[i] = (bits & 1u) ? 1.0 : -1.0;
        bits >>= 1;
    }
}

static void tock__fit_interval(double *dist, size_t b, double cl, double point,
                               tock_estimate *e) {
    e->point = point;
    e->lower = tock_stats_quantile(dist, b, 0.5 * (1.0 - cl));
    e->upper = tock_stats_quantile(dist, b, 0.5 * (1.0 + cl));
}

static int tock__fit_check(const double *n, const double *y, size_t m) {
    if (!n || !y || m < 3 || m > ((size_t)1 << 24)) return TOCK_EINVAL;
    double lo = n[0], hi = n[0];
    for (size_t i = 0; i < m; i++) {
        if (!(isfinite(n[i]) && n[i] > 0.0 && isfinite(y[i]) && y[i] > 0.0)) return TOCK_EINVAL;
        if (n[i] < lo) lo = n[i];
        if (n[i] > hi) hi = n[i];
    }
    for (size_t i = 0; i < m; i++)
        if (n[i] != lo && n[i] != hi) return 0; /* a third distinct value */
    return TOCK_EINVAL;
}

static int tock__fit_check_boot(size_t b, double cl) {
    if (b < 1000 || b > SIZE_MAX / (8 * sizeof(double)) || !(cl > 0.0 && cl < 1.0))
        return TOCK_EINVAL;
    return 0;
}

/* The weighted line y = a + b n of one group with its bootstrap loadings:
 * resample e gives b* = b + sum e_i db_i, a* = a + sum e_i da_i (the fit is
 * linear in y with fixed weights), the loadings already widened by kappa.
 * scratch: 5 m doubles. */
static void tock__fit_line(const double *n, const double *y, size_t m, double cl,
                           double *scratch, double *a, double *b, double *da, double *db,
                           double *r2) {
    double *w = scratch, *g = scratch + m, *u = scratch + 2 * m, *h = scratch + 3 * m,
           *t = scratch + 4 * m;
    for (size_t i = 0; i < m; i++) w[i] = 1.0 / (y[i] * y[i]);
    tock__fit_ls L = {n, g, u, h, 0.0, 0.0, 0.0};
    tock__fit_ls_prepare(&L, w, m);
    tock__fit_ls_solve(&L, y, m, a, b);
    double rss = tock__fit_rss(n, y, w, m, *a, *b);
    double a0 = 0.0;
    for (size_t i = 0; i < m; i++) a0 += u[i] * y[i];
    double tss = tock__fit_rss(NULL, y, w, m, a0, 0.0);
    /* flat to a relative RMS of 1e-9: TSS is rounding, the line fits */
    *r2 = tss > (double)m * TOCK__FIT_RMS_FLOOR * TOCK__FIT_RMS_FLOOR ? 1.0 - rss / tss : 1.0;
    const double kb = tock__fit_kappa(tock__fit_bm_df(&L, w, g, t, m), cl);
    for (size_t i = 0; i < m; i++) da[i] = u[i] - L.fbar * g[i]; /* intercept's ell */
    const double ka = tock__fit_kappa(tock__fit_bm_df(&L, w, da, t, m), cl);
    for (size_t i = 0; i < m; i++) {
        double r = tock__fit_adjust(y[i] - *a - *b * n[i], h[i]);
        db[i] = kb * g[i] * r;
        da[i] = ka * da[i] * r;
    }
}

int tock_fit_scaling(const double *n, const double *y, size_t m, size_t resamples,
                     double confidence, uint64_t seed, tock_fit *out) {
    if (!out || tock__fit_check(n, y, m) < 0 || tock__fit_check_boot(resamples, confidence) < 0)
        return TOCK_EINVAL;
    const size_t B = resamples, K = TOCK_BIGO_COUNT;
    /* per class f, g, u, h; then w, lx, ly, ys, e, da, db, dk, ub, yb, 5 m
     * line scratch; then three distributions */
    double *mem = (double *)TOCK_MALLOC((4 * K * m + 15 * m + 3 * B) * sizeof *mem);
    if (!mem) return TOCK_ENOMEM;
    tock__fit_ls L[TOCK_BIGO_COUNT];
    for (size_t k = 0; k < K; k++) {
        double *base = mem + 4 * k * m;
        for (size_t i = 0; i < m; i++) base[i] = tock__fit_basis((int)k, n[i]);
        L[k].f = base;
        L[k].g = base + m;
        L[k].u = base + 2 * m;
        L[k].h = base + 3 * m;
    }
    double *w = mem + 4 * K * m, *lx = w + m, *ly = lx + m, *ys = ly + m, *e = ys + m,
           *da = e + m, *db = da + m, *dk = db + m, *ub = dk + m, *yb = ub + m,
           *scr = yb + m;
    double *d_a = scr + 5 * m, *d_b = d_a + B, *d_k = d_b + B;

    tock_fit f;
    memset(&f, 0, sizeof f);
    f.points = m;
    for (size_t i = 0; i < m; i++) w[i] = 1.0 / (y[i] * y[i]);
    for (size_t k = 0; k < K; k++) tock__fit_ls_prepare(&L[k], w, m);

    /* linear model */
    double a, b;
    tock__fit_line(n, y, m, confidence, scr, &a, &b, da, db, &f.r2);

    /* log-log exponent: OLS, unit weights (scratch reused after the line) */
    double *one = scr, *gl = scr + m, *ul = scr + 2 * m, *hl = scr + 3 * m;
    for (size_t i = 0; i < m; i++) {
        one[i] = 1.0;
        lx[i] = log(n[i]);
        ly[i] = log(y[i]);
    }
    tock__fit_ls LL = {lx, gl, ul, hl, 0.0, 0.0, 0.0};
    tock__fit_ls_prepare(&LL, one, m);
    double lc, kexp;
    tock__fit_ls_solve(&LL, ly, m, &lc, &kexp);
    const double kk = tock__fit_kappa(tock__fit_bm_df(&LL, one, gl, scr + 4 * m, m), confidence);
    for (size_t i = 0; i < m; i++)
        dk[i] = kk * gl[i] * tock__fit_adjust(ly[i] - lc - kexp * lx[i], hl[i]);

    /* classes */
    double ca[TOCK_BIGO_COUNT], cc[TOCK_BIGO_COUNT], crss[TOCK_BIGO_COUNT];
    tock__fit_classes(L, y, w, m, ca, cc, crss);
    for (size_t k = 0; k < K; k++) {
        /* unfloored RMS for the report */
        double r = tock__fit_rss(k ? L[k].f : NULL, y, w, m, ca[k], cc[k]);
        f.bigo_rms[k] = sqrt(r / (double)m);
    }
    /* F(1, m - 2) upper quantile = the two-sided t quantile squared */
    const double tcrit =
        tock__fit_t_quantile_real(1.0 - 0.5 * TOCK__FIT_GROWTH_ALPHA / 5.0, (double)(m - 2));
    const double fcrit = tcrit * tcrit;
    int best = tock__fit_choose(crss, m, fcrit);
    f.bigo = (tock_bigo)best;
    for (size_t i = 0; i < m; i++) {
        double fi = best ? L[best].f[i] : 0.0;
        yb[i] = ca[best] + cc[best] * fi;
        ub[i] = tock__fit_adjust(y[i] - yb[i], L[best].h[i]); /* O(1): h_i = u_i */
    }

    tock_rng rng;
    tock_rng_seed(&rng, seed);
    size_t same = 0;
    for (size_t r = 0; r < B; r++) {
        tock__fit_signs(&rng, e, m);
        double sa = 0.0, sb = 0.0, sk = 0.0;
        for (size_t i = 0; i < m; i++) {
            sa += e[i] * da[i];
            sb += e[i] * db[i];
            sk += e[i] * dk[i];
            ys[i] = yb[i] + e[i] * ub[i];
        }
        d_a[r] = a + sa;
        d_b[r] = b + sb;
        d_k[r] = kexp + sk;
        double ra[TOCK_BIGO_COUNT], rc[TOCK_BIGO_COUNT], rr[TOCK_BIGO_COUNT];
        tock__fit_classes(L, ys, w, m, ra, rc, rr);
        if (tock__fit_choose(rr, m, fcrit) == best) same++;
    }
    tock__fit_interval(d_a, B, confidence, a, &f.intercept);
    tock__fit_interval(d_b, B, confidence, b, &f.slope);
    tock__fit_interval(d_k, B, confidence, kexp, &f.exponent);
    f.bigo_share = (double)same / (double)B;
    TOCK_FREE(mem);
    *out = f;
    return 0;
}

int tock_fit_crossover(const double *na, const double *ya, size_t ma, const double *nb,
                       const double *yb, size_t mb, double lo, double hi, size_t resamples,
                       double confidence, uint64_t seed, tock_crossover *out) {
    if (!out || tock__fit_check(na, ya, ma) < 0 || tock__fit_check(nb, yb, mb) < 0 ||
        tock__fit_check_boot(resamples, confidence) < 0 || !isfinite(lo) || !isfinite(hi) ||
        !(lo < hi))
        return TOCK_EINVAL;
    const size_t B = resamples, mx = ma > mb ? ma : mb;
    /* loadings 2 ma + 2 mb, signs mx, line scratch 5 mx, distribution B */
    double *mem = (double *)TOCK_MALLOC((2 * ma + 2 * mb + 6 * mx + B) * sizeof *mem);
    if (!mem) return TOCK_ENOMEM;
    double *daa = mem, *dba = daa + ma, *dab = dba + ma, *dbb = dab + mb, *e = dbb + mb,
           *scr = e + mx, *dist = scr + 5 * mx;
    double aa, ba, ab, bb, r2;
    tock__fit_line(na, ya, ma, confidence, scr, &aa, &ba, daa, dba, &r2);
    tock__fit_line(nb, yb, mb, confidence, scr, &ab, &bb, dab, dbb, &r2);

    /* the point fits: d(n) = da0 + db0 n */
    const double da0 = aa - ab, db0 = ba - bb;
    const double cross0 = db0 != 0.0 ? -da0 / db0 : NAN;
    const int point_inside = isfinite(cross0) && cross0 >= lo && cross0 <= hi;

    tock_rng rng;
    tock_rng_seed(&rng, seed);
    size_t n_a = 0, n_b = 0, n_x = 0;
    for (size_t r = 0; r < B; r++) {
        double sa = 0.0, sb = 0.0;
        tock__fit_signs(&rng, e, ma);
        for (size_t i = 0; i < ma; i++) {
            sa += e[i] * daa[i];
            sb += e[i] * dba[i];
        }
        double a1 = aa + sa, b1 = ba + sb;
        sa = sb = 0.0;
        tock__fit_signs(&rng, e, mb);
        for (size_t i = 0; i < mb; i++) {
            sa += e[i] * dab[i];
            sb += e[i] * dbb[i];
        }
        double a2 = ab + sa, b2 = bb + sb;
        double dA = a1 - a2, dB = b1 - b2;
        double dlo = dA + dB * lo, dhi = dA + dB * hi;
        if (dlo < 0.0 && dhi < 0.0)
            n_a++;
        else if (dlo > 0.0 && dhi > 0.0)
            n_b++;
        else
            n_x++;
        /* crossing in the point's direction, else -/+ far on the side where
         * this resample leaves A cheaper at the point crossing */
        double v;
        if (dB != 0.0 && (dB > 0.0) == (db0 > 0.0)) {
            v = -dA / dB;
            if (!(v > -TOCK__FIT_FAR)) v = -TOCK__FIT_FAR;
            if (!(v < TOCK__FIT_FAR)) v = TOCK__FIT_FAR;
        } else {
            double at = dA + dB * (isfinite(cross0) ? cross0 : 0.5 * (lo + hi));
            v = ((at < 0.0) == (db0 > 0.0)) ? TOCK__FIT_FAR : -TOCK__FIT_FAR;
        }
        dist[r] = v;
    }
    tock_crossover c;
    memset(&c, 0, sizeof c);
    c.lo = lo;
    c.hi = hi;
    c.share_a_below = (double)n_a / (double)B;
    c.share_b_below = (double)n_b / (double)B;
    c.share_cross = (double)n_x / (double)B;
    c.at.point = c.at.lower = c.at.upper = NAN;
    tock_estimate at;
    tock__fit_interval(dist, B, confidence, cross0, &at);
    if (c.share_a_below >= confidence)
        c.kind = TOCK_CROSS_A_BELOW;
    else if (c.share_b_below >= confidence)
        c.kind = TOCK_CROSS_B_BELOW;
    else if (point_inside && at.lower >= lo && at.upper <= hi) {
        c.kind = TOCK_CROSS_AT;
        c.at = at;
    } else
        c.kind = TOCK_CROSS_UNCLEAR;
    TOCK_FREE(mem);
    *out = c;
    return 0;
}

/* Unit and decimals for 3 significant digits of |ns|: the largest of ns, us,
 * ms, s that keeps the rounded value >= 1 (ns below 1 ns), and moves up a
 * unit when rounding reaches 1000. */
static void tock__fit_unit(double ns, double *scale, const char **unit, int *dec) {
    static const double scales[4] = {1.0, 1e3, 1e6, 1e9};
    static const char *const units[4] = {"ns", "us", "ms", "s"};
    double v = fabs(ns);
    int u = 0;
    while (u < 3 && v >= scales[u + 1]) u++;
    for (;;) {
        double x = v / scales[u];
        int d = 2;
        if (x > 0.0 && isfinite(x)) {
            d = 2 - (int)floor(log10(x));
            if (d < 0) d = 0;
            if (d > 12) d = 12;
        }
        char buf[64];
        snprintf(buf, sizeof buf, "%.*f", d, x);
        double rx = strtod(buf, NULL);
        if (rx >= 1000.0 && u < 3) {
            u++;
            continue;
        }
        if (d > 0 && rx >= pow(10.0, 3 - d)) d--; /* 99.95 -> "100", not "100.0" */
        *scale = scales[u];
        *unit = units[u];
        *dec = d;
        return;
    }
}

int tock_fit_format(const tock_fit *f, const char *group, const char *unit_name, char *out,
                    size_t cap) {
    if (!f || !group || !unit_name || (!out && cap > 0)) return TOCK_EINVAL;
    double scale;
    const char *unit;
    int d;
    tock__fit_unit(f->slope.point, &scale, &unit, &d);
    char tmp[1]; /* snprintf needs a buffer even for cap 0 in some libcs */
    int len = snprintf(out ? out : tmp, out ? cap : 0,
                       "%s: %.*f %s%s%s [%.*f, %.*f], exponent %.2f [%.2f, %.2f], %s", group, d,
                       f->slope.point / scale, unit, *unit_name ? "/" : "", unit_name, d,
                       f->slope.lower / scale, d, f->slope.upper / scale, f->exponent.point,
                       f->exponent.lower, f->exponent.upper, tock_bigo_name(f->bigo));
    return len < 0 ? TOCK_EINVAL : len;
}

static int tock__finish_analysis(const double *x, const double *y, size_t n,
                                 tock_analysis *out);

int tock_stats_analyze(const double *x, const double *y, size_t n, size_t b, double cl,
                       uint64_t seed, tock_analysis *out) {
    if (!out) return TOCK_EINVAL;
    memset(out, 0, sizeof *out);
    int rc = tock_stats_bootstrap(x, y, n, b, cl, seed, &out->est);
    if (rc < 0) return rc;
    return tock__finish_analysis(x, y, n, out);
}

/* min, Tukey outliers and precision, once out->est is set */
static int tock__finish_analysis(const double *x, const double *y, size_t n,
                                 tock_analysis *out) {
    int rc = 0;
    out->min = INFINITY;
    double *pit = (double *)TOCK_MALLOC(n * sizeof *pit);
    if (!pit) return TOCK_ENOMEM;
    for (size_t i = 0; i < n; i++) {
        pit[i] = y[i] / x[i];
        if (pit[i] < out->min) out->min = pit[i];
    }
    if (n >= 4) {
        rc = tock_stats_tukey(pit, n, &out->outliers);
    }
    TOCK_FREE(pit);
    if (rc < 0) return rc;
    const tock_estimate *s = &out->est.slope;
    out->precision = s->point > 0.0 ? 0.5 * (s->upper - s->lower) / s->point : INFINITY;
    return 0;
}

#define TOCK__MAX_EPOCHS_API 1000000
static int tock__check_epochs(const size_t *end, size_t epochs, size_t n) {
    if (!end || epochs == 0 || epochs > n) return TOCK_EINVAL;
    size_t prev = 0;
    for (size_t e = 0; e < epochs; e++) {
        if (end[e] < prev + 2) return end[e] < prev ? TOCK_EINVAL : TOCK_ETOOFEW;
        prev = end[e];
    }
    return prev == n ? 0 : TOCK_EINVAL;
}

int tock_stats_bootstrap_epochs(const double *x, const double *y, const size_t *end,
                                size_t epochs, size_t b, double cl, uint64_t seed,
                                tock_estimates *out) {
    if (!end || epochs == 0 || epochs > TOCK__MAX_EPOCHS_API) return TOCK_EINVAL;
    size_t n = end[epochs - 1];
    int rc = tock__check_boot_args(x, y, n, b, cl, out);
    if (rc < 0) return rc;
    rc = tock__check_epochs(end, epochs, n);
    if (rc < 0) return rc;
    if (epochs == 1) return tock_stats_bootstrap(x, y, n, b, cl, seed, out);
    /* worst case the resample draws the largest epoch E times */
    size_t big = 0;
    for (size_t e = 0; e < epochs; e++) {
        size_t ne = end[e] - (e ? end[e - 1] : 0);
        if (ne > big) big = ne;
    }
    if (big > SIZE_MAX / epochs / 4) return TOCK_EINVAL;
    const size_t cap = big * epochs;
    double *mem = (double *)TOCK_MALLOC((n + 2 * cap + epochs + 5 * b) * sizeof *mem);
    if (!mem) return TOCK_ENOMEM;
    double *pit = mem, *rs = mem + n, *scr = rs + cap, *eslope = scr + cap;
    double *d_slope = eslope + epochs, *d_mean = d_slope + b, *d_med = d_mean + b,
           *d_sd = d_med + b, *d_mad = d_sd + b;
    for (size_t i = 0; i < n; i++) pit[i] = y[i] / x[i];
    double grand = 0.0;
    for (size_t e = 0; e < epochs; e++) {
        size_t lo = e ? end[e - 1] : 0;
        eslope[e] = tock_stats_ols_slope(x + lo, y + lo, end[e] - lo);
        grand += eslope[e];
    }
    grand /= (double)epochs;
    const double inflate = sqrt((double)epochs / (double)(epochs - 1));

    tock_rng rng;
    tock_rng_seed(&rng, seed);
    for (size_t r = 0; r < b; r++) {
        size_t m = 0;
        double slopes = 0.0, sum = 0.0;
        for (size_t k = 0; k < epochs; k++) {
            size_t e = tock_rng_below(&rng, (uint32_t)epochs);
            size_t lo = e ? end[e - 1] : 0, ne = end[e] - lo;
            double sxy = 0.0, sxx = 0.0;
            for (size_t j = 0; j < ne; j++) {
                size_t q = lo + tock_rng_below(&rng, (uint32_t)ne);
                sxy += x[q] * y[q];
                sxx += x[q] * x[q];
                rs[m++] = pit[q];
                sum += pit[q];
            }
            slopes += grand + inflate * (sxy / sxx - grand);
        }
        const double dm = (double)m, mean = sum / dm;
        double ss = 0.0;
        for (size_t j = 0; j < m; j++) ss += (rs[j] - mean) * (rs[j] - mean);
        double med = tock__median_inplace(rs, m);
        for (size_t j = 0; j < m; j++) scr[j] = fabs(rs[j] - med);
        d_slope[r] = slopes / (double)epochs;
        d_mean[r] = mean;
        d_sd[r] = sqrt(ss / (dm - 1.0));
        d_med[r] = med;
        d_mad[r] = TOCK__MAD_SCALE * tock__median_inplace(scr, m);
    }
    tock__interval(d_slope, b, cl, grand, &out->slope);
    tock__interval(d_mean, b, cl, tock_stats_mean(pit, n), &out->mean);
    tock__interval(d_med, b, cl, tock_stats_median(pit, n, scr), &out->median);
    tock__interval(d_sd, b, cl, tock_stats_std_dev(pit, n), &out->std_dev);
    tock__interval(d_mad, b, cl, tock_stats_mad(pit, n, scr), &out->mad);
    TOCK_FREE(mem);
    return 0;
}

int tock_stats_analyze_epochs(const double *x, const double *y, const size_t *end,
                              size_t epochs, size_t b, double cl, uint64_t seed,
                              tock_analysis *out) {
    if (!out) return TOCK_EINVAL;
    size_t n = end && epochs ? end[epochs - 1] : 0;
    if (epochs == 1) return tock_stats_analyze(x, y, n, b, cl, seed, out);
    memset(out, 0, sizeof *out);
    int rc = tock_stats_bootstrap_epochs(x, y, end, epochs, b, cl, seed, &out->est);
    if (rc < 0) return rc;
    return tock__finish_analysis(x, y, n, out);
}

const char *tock_stop_reason_name(tock_stop_reason r) {
    switch (r) {
    case TOCK_STOP_CONTINUE:
        return "continue";
    case TOCK_STOP_TARGET_PRECISION:
        return "target_precision";
    case TOCK_STOP_TIME_BUDGET:
        return "time_budget";
    case TOCK_STOP_SAMPLE_LIMIT:
        return "sample_limit";
    case TOCK_STOP_INTERRUPTED:
        return "interrupted";
    case TOCK_STOP_EPOCH_SPREAD:
        return "epoch_spread";
    }
    return "unknown";
}

int tock_stop_decide(const tock_stop_input *in, tock_stop_decision *out) {
    if (!in || !out) return TOCK_EINVAL;
    out->reason = TOCK_STOP_CONTINUE;
    out->precision = -1.0;
    const size_t n = in->n;
    const int at_limit = n >= in->max_samples;
    const int over_budget = in->elapsed_ns >= in->budget_ns;
    if (n >= TOCK_MIN_SAMPLES && in->target_precision > 0.0 &&
        in->elapsed_ns >= TOCK_MIN_BUDGET_FRACTION * in->budget_ns &&
        ((n - TOCK_MIN_SAMPLES) % TOCK_CHECK_EVERY == 0 || at_limit || over_budget)) {
        tock_estimate e;
        size_t b = in->resamples ? in->resamples : TOCK_CHECK_RESAMPLES;
        int rc = tock_stats_bootstrap_slope(in->iters, in->ns, n, b, in->confidence,
                                            in->seed ^ (uint64_t)n, &e);
        if (rc < 0) return rc;
        out->precision = e.point > 0.0 ? 0.5 * (e.upper - e.lower) / e.point : INFINITY;
        if (out->precision <= in->target_precision) {
            out->reason = TOCK_STOP_TARGET_PRECISION;
            return 0;
        }
    }
    if (at_limit)
        out->reason = TOCK_STOP_SAMPLE_LIMIT;
    else if (n >= TOCK_MIN_SAMPLES && over_budget)
        out->reason = TOCK_STOP_TIME_BUDGET;
    else if (in->interrupted)
        out->reason = TOCK_STOP_INTERRUPTED;
    return 0;
}

/* -------------------------------------------------------------------------- */
/* change analysis                                                             */

const char *tock_verdict_name(tock_verdict v) {
    switch (v) {
    case TOCK_VERDICT_NO_CHANGE: return "no_change";
    case TOCK_VERDICT_NOISE: return "within_noise";
    case TOCK_VERDICT_IMPROVED: return "improved";
    case TOCK_VERDICT_REGRESSED: return "regressed";
    }
    return "unknown";
}

const char *tock_verdict_sentence(tock_verdict v) {
    switch (v) {
    case TOCK_VERDICT_NO_CHANGE: return "No change in performance detected.";
    case TOCK_VERDICT_NOISE: return "Change within noise threshold.";
    case TOCK_VERDICT_IMPROVED: return "Performance has improved.";
    case TOCK_VERDICT_REGRESSED: return "Performance has regressed.";
    }
    return "";
}


int tock_compare_samples(const double *ox, const double *oy, size_t no, const double *nx,
                         const double *ny, size_t nn, size_t b, double cl, uint64_t seed,
                         tock_change *out) {
    if (!ox || !oy || !nx || !ny || !out || b == 0 || !(cl > 0.0 && cl < 1.0)) return TOCK_EINVAL;
    if (no < 2 || nn < 2) return TOCK_ETOOFEW;
    if (no > UINT32_MAX || nn > UINT32_MAX || no + nn > UINT32_MAX) return TOCK_EINVAL;
    memset(out, 0, sizeof *out);
    size_t nt = no + nn;
    /* per-iteration times (old then new = the pool), a resample, 2 distributions */
    double *mem = (double *)TOCK_MALLOC((2 * nt + 2 * b) * sizeof *mem);
    if (!mem) return TOCK_ENOMEM;
    double *pool = mem, *rs = mem + nt, *d_typ = mem + 2 * nt, *d_med = d_typ + b;
    for (size_t i = 0; i < no; i++) pool[i] = oy[i] / ox[i];
    for (size_t i = 0; i < nn; i++) pool[no + i] = ny[i] / nx[i];
    tock_rng rng;
    tock_rng_seed(&rng, seed);
    for (size_t r = 0; r < b; r++) {
        double s[2];
        double med[2];
        for (int g = 0; g < 2; g++) {
            const double *x = g ? nx : ox, *y = g ? ny : oy;
            size_t n = g ? nn : no, off = g ? no : 0;
            double sxy = 0.0, sxx = 0.0;
            for (size_t j = 0; j < n; j++) {
                uint32_t k = tock_rng_below(&rng, (uint32_t)n);
                sxy += x[k] * y[k];
                sxx += x[k] * x[k];
                rs[j] = pool[off + k];
            }
            s[g] = sxy / sxx;
            med[g] = tock__median_inplace(rs, n);
        }
        d_typ[r] = s[1] / s[0] - 1.0;
        d_med[r] = med[1] / med[0] - 1.0;
    }
    double typ = tock_stats_ols_slope(nx, ny, nn) / tock_stats_ols_slope(ox, oy, no) - 1.0;
    double mo = tock_stats_median(pool, no, rs), mn = tock_stats_median(pool + no, nn, rs);
    tock__interval(d_typ, b, cl, typ, &out->typical);
    tock__interval(d_med, b, cl, mn / mo - 1.0, &out->median);
    /* p-value: permutation test of |log(median new / median old)|; a random
     * split of the pooled times, the first n_old positions drawn by a partial
     * Fisher-Yates shuffle (selection reorders each part, never mixes them) */
    const double stat = fabs(log(mn / mo));
    size_t hits = 0;
    memcpy(rs, pool, nt * sizeof *rs);
    for (size_t r = 0; r < b; r++) {
        for (size_t j = 0; j < no; j++) {
            size_t k = j + tock_rng_below(&rng, (uint32_t)(nt - j));
            double tmp = rs[j];
            rs[j] = rs[k];
            rs[k] = tmp;
        }
        double a0 = tock__median_inplace(rs, no), a1 = tock__median_inplace(rs + no, nn);
        /* relative tolerance: an exact tie (identical runs) counts as a hit */
        if (fabs(log(a1 / a0)) >= stat * (1.0 - 1e-12)) hits++;
    }
    out->p_value = (1.0 + (double)hits) / (1.0 + (double)b);
    out->p_adjusted = out->p_value;
    out->verdict = TOCK_VERDICT_NO_CHANGE;
    TOCK_FREE(mem);
    return 0;
}

double tock_stats_sign_test(size_t pos, size_t neg) {
    size_t n = pos + neg, k = pos < neg ? pos : neg;
    if (n == 0) return 1.0;
    /* sum_{i<=k} C(n,i) / 2^n in logs: exact enough for n up to millions */
    double acc = 0.0;
    for (size_t i = 0; i <= k; i++)
        acc += exp(lgamma((double)n + 1.0) - lgamma((double)i + 1.0) -
                   lgamma((double)(n - i) + 1.0) - (double)n * log(2.0));
    double p = 2.0 * acc;
    return p > 1.0 ? 1.0 : p;
}

/* Hodges-Lehmann: the median of the n(n+1)/2 Walsh averages (d_i + d_j)/2, i <= j */
static double tock__hodges_lehmann(const double *d, size_t n, double *walsh) {
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
        for (size_t j = i; j < n; j++) walsh[m++] = 0.5 * (d[i] + d[j]);
    return tock__median_inplace(walsh, m);
}

/* counts of the signed-rank statistic W+ over the 2^m sign patterns, ranks
 * 1..m: cnt[w], w = 0..m(m+1)/2 (subset sums); m <= 60 keeps them exact
 * enough in doubles (< 2^60, summed in order). */
static double *tock__signrank_counts(size_t m) {
    size_t smax = m * (m + 1) / 2;
    double *cnt = (double *)TOCK_MALLOC((smax + 1) * sizeof *cnt);
    if (!cnt) return NULL;
    for (size_t s = 0; s <= smax; s++) cnt[s] = 0.0;
    cnt[0] = 1.0;
    for (size_t r = 1; r <= m; r++)
        for (size_t s = smax; s >= r; s--) cnt[s] += cnt[s - r];
    return cnt;
}


double tock_stats_wilcoxon(const double *d, size_t n) {
    if (!d) return NAN;
    /* zeros dropped; ranks of |d| by sort order, ties by average rank */
    size_t m = 0;
    double *a = (double *)TOCK_MALLOC((n ? n : 1) * 2 * sizeof *a);
    if (!a) return NAN;
    double *rk = a + n;
    for (size_t i = 0; i < n; i++)
        if (d[i] != 0.0 && isfinite(d[i])) a[m++] = d[i];
    if (m == 0) {
        TOCK_FREE(a);
        return 1.0;
    }
    /* insertion sort by |a|: n is a round count */
    for (size_t i = 1; i < m; i++) {
        double v = a[i];
        size_t j = i;
        while (j > 0 && fabs(a[j - 1]) > fabs(v)) {
            a[j] = a[j - 1];
            j--;
        }
        a[j] = v;
    }
    int ties = 0;
    for (size_t i = 0; i < m;) {
        size_t j = i;
        while (j + 1 < m && fabs(a[j + 1]) == fabs(a[i])) j++;
        ties |= j > i;
        for (size_t k = i; k <= j; k++) rk[k] = 0.5 * (double)(i + j) + 1.0;
        i = j + 1;
    }
    double wplus = 0.0;
    for (size_t i = 0; i < m; i++)
        if (a[i] > 0.0) wplus += rk[i];
    double total = (double)m * (double)(m + 1) / 2.0, w = wplus < total - wplus ? wplus : total - wplus;
    double p;
    if (m <= 60 && !ties) {
        /* exact: count the sign patterns with W+ <= w by a subset-sum table */
        double *cnt = tock__signrank_counts(m);
        if (!cnt) {
            TOCK_FREE(a);
            return NAN;
        }
        double acc = 0.0;
        for (size_t s2 = 0; (double)s2 <= w + 1e-9; s2++) acc += cnt[s2];
        p = 2.0 * acc / ldexp(1.0, (int)m);
        TOCK_FREE(cnt);
    } else {
        /* normal approximation with continuity correction (and average ranks) */
        double mu = total / 2.0, sd = sqrt((double)m * (m + 1) * (2.0 * m + 1) / 24.0);
        double z = (w - mu + 0.5) / sd;
        p = erfc(-z / sqrt(2.0));
    }
    TOCK_FREE(a);
    return p > 1.0 ? 1.0 : p;
}

int tock_compare_paired(const double *a, const double *bt, size_t n, size_t b, double cl,
                        uint64_t seed, tock_change *out) {
    if (!a || !bt || !out || b == 0 || !(cl > 0.0 && cl < 1.0)) return TOCK_EINVAL;
    if (n < 2) return TOCK_ETOOFEW;
    if (n > 4096) return TOCK_EINVAL; /* n(n+1)/2 Walsh averages per resample */
    for (size_t i = 0; i < n; i++)
        if (!(a[i] > 0.0) || !(bt[i] > 0.0) || !isfinite(a[i]) || !isfinite(bt[i]))
            return TOCK_EINVAL;
    memset(out, 0, sizeof *out);
    size_t nw = n * (n + 1) / 2;
    double *mem = (double *)TOCK_MALLOC((n + nw + b) * sizeof *mem);
    if (!mem) return TOCK_ENOMEM;
    double *d = mem, *walsh = mem + n, *dm = walsh + nw;
    for (size_t i = 0; i < n; i++) d[i] = log(bt[i] / a[i]);
    tock_rng rng;
    tock_rng_seed(&rng, seed);
    for (size_t r = 0; r < b; r++) {
        double sum = 0.0;
        for (size_t j = 0; j < n; j++) sum += d[tock_rng_below(&rng, (uint32_t)n)];
        dm[r] = expm1(sum / (double)n);
    }
    tock__interval(dm, b, cl, expm1(tock_stats_mean(d, n)), &out->typical);
    /* HL with its distribution-free interval: sorted Walsh averages
     * [W_(c), W_(M-1-c)] (0-based), c the largest w with P(W+ <= w) <=
     * (1 - cl)/2 under the null -- exact for n <= 60, else normal */
    out->median.point = expm1(tock__hodges_lehmann(d, n, walsh));
    long c = -1;
    const double tail = 0.5 * (1.0 - cl);
    if (n <= 60) {
        double *cnt = tock__signrank_counts(n);
        if (!cnt) {
            TOCK_FREE(mem);
            return TOCK_ENOMEM;
        }
        double acc = 0.0, all = ldexp(1.0, (int)n);
        for (size_t w = 0; w < nw; w++) {
            acc += cnt[w];
            if (acc / all > tail) break;
            c = (long)w;
        }
        TOCK_FREE(cnt);
    } else {
        double dn = (double)n, z = -tock__norm_quantile(tail);
        c = (long)floor(dn * (dn + 1) / 4.0 - z * sqrt(dn * (dn + 1) * (2 * dn + 1) / 24.0)) - 1;
    }
    if (c < 0) c = 0;
    if ((size_t)c > (nw - 1) / 2) c = (long)((nw - 1) / 2);
    /* two selections instead of a sort: the sequential rule (tock_ab_settle)
     * looks up to 29 times at up to 45,150 Walsh averages */
    out->median.lower = expm1(tock_stats_select(walsh, nw, (size_t)c));
    out->median.upper = expm1(tock_stats_select(walsh, nw, nw - 1 - (size_t)c));
    out->p_value = tock_stats_wilcoxon(d, n);
    out->p_adjusted = out->p_value;
    out->verdict = TOCK_VERDICT_NO_CHANGE;
    out->rounds = n;
    out->confidence = cl;
    TOCK_FREE(mem);
    return isnan(out->p_value) ? TOCK_ENOMEM : 0;
}

const char *tock_ab_stop_name(tock_ab_stop s) {
    switch (s) {
    case TOCK_AB_CONTINUE: return "continue";
    case TOCK_AB_SETTLED: return "settled";
    case TOCK_AB_MAX_ROUNDS: return "max_rounds";
    case TOCK_AB_INTERRUPTED: return "interrupted";
    }
    return "unknown";
}

size_t tock_ab_looks(const tock_ab_plan *p) {
    if (!p || p->min_rounds < 2 || p->max_rounds < p->min_rounds || p->max_rounds > 4096 ||
        p->every == 0 || !(p->alpha > 0.0 && p->alpha < 1.0) ||
        !(p->confidence > 0.0 && p->confidence < 1.0) || !(p->noise >= 0.0))
        return 0;
    return 1 + (p->max_rounds - p->min_rounds + p->every - 1) / p->every;
}

int tock_ab_settle(const tock_ab_plan *p, const double *old_t, const double *new_t,
                   size_t rounds, int interrupted, size_t resamples, uint64_t seed,
                   tock_change *out) {
    const size_t looks = tock_ab_looks(p);
    if (looks == 0 || !out || rounds < 2 || rounds > p->max_rounds) return TOCK_EINVAL;
    const int last = rounds == p->max_rounds;
    if (!interrupted && !last &&
        (rounds < p->min_rounds || (rounds - p->min_rounds) % p->every != 0))
        return TOCK_EINVAL;
    const int nominal = last || interrupted;
    const double alpha = nominal ? p->alpha : p->alpha / TOCK_AB_INTERIM_SHARE;
    const double cl =
        nominal ? p->confidence : 1.0 - (1.0 - p->confidence) / TOCK_AB_INTERIM_SHARE;
    int rc = tock_compare_paired(old_t, new_t, rounds, resamples, cl, seed, out);
    if (rc < 0) return rc;
    out->verdict = tock_change_decide(out, alpha, p->noise);
    if (interrupted)
        out->stop = TOCK_AB_INTERRUPTED;
    else if (last)
        out->stop = TOCK_AB_MAX_ROUNDS;
    else if (out->verdict == TOCK_VERDICT_REGRESSED || out->verdict == TOCK_VERDICT_IMPROVED ||
             (out->median.lower >= -p->noise && out->median.upper <= p->noise))
        out->stop = TOCK_AB_SETTLED;
    else
        out->stop = TOCK_AB_CONTINUE;
    return 0;
}

int tock_stats_bh(const double *p, size_t m, double *adj) {
    if (!p || !adj) return TOCK_EINVAL;
    if (m == 0) return 0;
    size_t *ord = (size_t *)TOCK_MALLOC(m * sizeof *ord);
    if (!ord) return TOCK_ENOMEM;
    for (size_t i = 0; i < m; i++) ord[i] = i;
    /* insertion sort by p: m is a suite's benchmark count */
    for (size_t i = 1; i < m; i++) {
        size_t v = ord[i], j = i;
        while (j > 0 && p[ord[j - 1]] > p[v]) {
            ord[j] = ord[j - 1];
            j--;
        }
        ord[j] = v;
    }
    double run = 1.0;
    for (size_t r = m; r-- > 0;) {
        double q = p[ord[r]] * (double)m / (double)(r + 1);
        if (q < run) run = q;
        adj[ord[r]] = run;
    }
    TOCK_FREE(ord);
    return 0;
}

tock_verdict tock_change_decide(const tock_change *c, double alpha, double noise) {
    if (!c || !(c->p_adjusted < alpha)) return TOCK_VERDICT_NO_CHANGE;
    if (c->median.lower > noise) return TOCK_VERDICT_REGRESSED;
    if (c->median.upper < -noise) return TOCK_VERDICT_IMPROVED;
    return TOCK_VERDICT_NOISE;
}

/* -------------------------------------------------------------------------- */
/* baseline reader                                                             */

void tock_baseline_free(tock_baseline *b) {
    if (!b) return;
    TOCK_FREE(b->name);
    TOCK_FREE(b->created);
    TOCK_FREE(b->run_id);
    for (size_t i = 0; i < 2 * b->nenv; i++) TOCK_FREE(b->env[i]);
    TOCK_FREE(b->env);
    for (size_t i = 0; i < b->nbench; i++) {
        TOCK_FREE(b->benches[i].id);
        TOCK_FREE(b->benches[i].iters);
        TOCK_FREE(b->benches[i].ns);
    }
    TOCK_FREE(b->benches);
    memset(b, 0, sizeof *b);
}

const char *tock_baseline_env(const tock_baseline *b, const char *key) {
    for (size_t i = 0; b && i < b->nenv; i++)
        if (strcmp(b->env[2 * i], key) == 0) return b->env[2 * i + 1];
    return NULL;
}

static char *tock__strndup(const char *s, size_t n) {
    char *p = (char *)TOCK_MALLOC(n + 1);
    if (!p) return NULL;
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

/* tokens of a line; a field is a maximal run of non-space bytes */
static size_t tock__split(char *line, char **tok, size_t cap) {
    size_t n = 0;
    char *p = line;
    while (*p) {
        while (*p == ' ') p++;
        if (!*p) break;
        if (n < cap) tok[n] = p;
        n++;
        while (*p && *p != ' ') p++;
        if (*p) *p++ = '\0';
    }
    return n;
}

static int tock__parse_num(const char *s, double *v) {
    char *end = NULL;
    errno = 0;
    double x = strtod(s, &end);
    if (!*s || errno != 0 || !end || *end || !isfinite(x)) return -1;
    *v = x;
    return 0;
}

static int tock__parse_count(const char *s, uint64_t max, uint64_t *v) {
    if (*s < '0' || *s > '9') return -1;
    uint64_t x = 0;
    for (const char *c = s; *c; c++) {
        if (*c < '0' || *c > '9') return -1;
        if (x > (max - (uint64_t)(*c - '0')) / 10) return -1;
        x = 10 * x + (uint64_t)(*c - '0');
    }
    *v = x;
    return 0;
}

static int tock__valid_name(const char *s) {
    if (!*s || *s == '.' || strlen(s) > 100) return 0;
    for (const char *c = s; *c; c++)
        if (!((*c >= '0' && *c <= '9') || (*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') ||
              *c == '.' || *c == '-' || *c == '_'))
            return 0;
    return 1;
}

#define TOCK__BL_FAIL(...)                                                      \
    do {                                                                        \
        if (err && errcap) snprintf(err, errcap, __VA_ARGS__);                  \
        rc = TOCK_EINVAL;                                                       \
        goto fail;                                                              \
    } while (0)
#define TOCK__BL_NOMEM()                                                        \
    do {                                                                        \
        if (err && errcap) snprintf(err, errcap, "line %zu: out of memory", lineno); \
        rc = TOCK_ENOMEM;                                                       \
        goto fail;                                                              \
    } while (0)

/* Bounds that keep every later product and ratio finite: no timer resolves
 * below a picosecond per sample, and 1e18 ns is 31 years. With iterations
 * <= 2^62, x*y <= 5e36 and a ratio of medians stays within ~1e40. */
#define TOCK__BL_MIN_NS 1e-3
#define TOCK__BL_MAX_NS 1e18

int tock_baseline_parse(const char *text, size_t len, tock_baseline *out, char *err,
                        size_t errcap) {
    if (!out || (!text && len)) return TOCK_EINVAL;
    memset(out, 0, sizeof *out);
    if (err && errcap) err[0] = '\0';
    int rc = 0;
    size_t lineno = 0, pos = 0, cap_env = 0, cap_b = 0;
    /* states: 0 header, 1 name, 2 created, 3 run, 4 env/bench/end, 5 typical,
     * 6 median, 7 samples, 8 after end */
    int st = 0;
    size_t want = 0; /* samples left in the current bench */
    tock_baseline_bench *cur = NULL;
    char *line = (char *)TOCK_MALLOC(TOCK_BASELINE_MAX_LINE + 1);
    if (!line) TOCK__BL_NOMEM();
    if (len == 0) TOCK__BL_FAIL("line 1: empty file (expected 'tock-baseline %d')",
                                TOCK_BASELINE_VERSION);
    while (pos < len) {
        lineno++;
        const char *nl = (const char *)memchr(text + pos, '\n', len - pos);
        size_t ll = nl ? (size_t)(nl - (text + pos)) : len - pos;
        if (!nl) TOCK__BL_FAIL("line %zu: truncated (no newline at the end of the file)", lineno);
        if (ll > TOCK_BASELINE_MAX_LINE)
            TOCK__BL_FAIL("line %zu: longer than %d bytes", lineno, TOCK_BASELINE_MAX_LINE);
        if (memchr(text + pos, '\0', ll)) TOCK__BL_FAIL("line %zu: contains a NUL byte", lineno);
        if (memchr(text + pos, '\r', ll))
            TOCK__BL_FAIL("line %zu: contains a carriage return (expected '\\n' line ends)", lineno);
        memcpy(line, text + pos, ll);
        line[ll] = '\0';
        pos += ll + 1;
        if (st == 8) TOCK__BL_FAIL("line %zu: content after the 'end' line", lineno);
        char *tok[8];
        char raw[64];
        snprintf(raw, sizeof raw, "%s", line);
        /* env keeps the rest of its line: split it by hand first */
        if (st == 4 && strncmp(line, "env ", 4) == 0) {
            char *k = line + 4, *sp = strchr(k, ' ');
            if (!sp || sp == k) TOCK__BL_FAIL("line %zu: env: expected 'env KEY VALUE'", lineno);
            *sp = '\0';
            if (out->nenv == cap_env) {
                size_t nc = cap_env ? 2 * cap_env : 8;
                char **ne = (char **)TOCK_REALLOC(out->env, 2 * nc * sizeof *ne);
                if (!ne) TOCK__BL_NOMEM();
                out->env = ne;
                cap_env = nc;
            }
            char *kk = tock__strndup(k, strlen(k)), *vv = tock__strndup(sp + 1, strlen(sp + 1));
            if (!kk || !vv) {
                TOCK_FREE(kk);
                TOCK_FREE(vv);
                TOCK__BL_NOMEM();
            }
            out->env[2 * out->nenv] = kk;
            out->env[2 * out->nenv + 1] = vv;
            out->nenv++;
            continue;
        }
        size_t nt = tock__split(line, tok, 8);
        if (nt == 0) TOCK__BL_FAIL("line %zu: empty line", lineno);
        switch (st) {
        case 0: {
            if (strcmp(tok[0], "tock-baseline") != 0)
                TOCK__BL_FAIL("line 1: not a tock baseline (expected 'tock-baseline %d', found "
                              "'%.40s')",
                              TOCK_BASELINE_VERSION, raw);
            uint64_t v;
            if (nt != 2 || tock__parse_count(tok[1], 1000000, &v) != 0)
                TOCK__BL_FAIL("line 1: expected 'tock-baseline %d', found '%.40s'",
                              TOCK_BASELINE_VERSION, raw);
            if (v != TOCK_BASELINE_VERSION)
                TOCK__BL_FAIL("line 1: unsupported baseline version %llu (this tock reads "
                              "version %d)",
                              (unsigned long long)v, TOCK_BASELINE_VERSION);
            st = 1;
            break;
        }
        case 1: case 2: case 3: {
            static const char *const key[4] = {"", "name", "created", "run"};
            if (strcmp(tok[0], key[st]) != 0 || nt != 2)
                TOCK__BL_FAIL("line %zu: expected '%s VALUE', found '%.40s'", lineno, key[st], raw);
            if (st == 1 && !tock__valid_name(tok[1]))
                TOCK__BL_FAIL("line %zu: name: expected [A-Za-z0-9._-]+ not starting with '.', "
                              "found '%.40s'", lineno, tok[1]);
            char *v = tock__strndup(tok[1], strlen(tok[1]));
            if (!v) TOCK__BL_NOMEM();
            if (st == 1) out->name = v;
            else if (st == 2) out->created = v;
            else out->run_id = v;
            st++;
            break;
        }
        case 4: {
            if (strcmp(tok[0], "end") == 0) {
                uint64_t c;
                if (nt != 2 || tock__parse_count(tok[1], UINT64_MAX / 2, &c) != 0)
                    TOCK__BL_FAIL("line %zu: expected 'end NBENCH', found '%.40s'", lineno, raw);
                if (c != out->nbench)
                    TOCK__BL_FAIL("line %zu: end: expected %zu benchmarks, found %llu (records "
                                  "lost?)", lineno, out->nbench, (unsigned long long)c);
                st = 8;
                break;
            }
            if (strcmp(tok[0], "bench") != 0)
                TOCK__BL_FAIL("line %zu: expected 'env', 'bench' or 'end', found '%.40s'", lineno,
                              raw);
            uint64_t n;
            if (nt != 3 || tock__parse_count(tok[2], 100000000, &n) != 0 || n < 2)
                TOCK__BL_FAIL("line %zu: expected 'bench ID N' with N >= 2 samples, found "
                              "'%.40s'", lineno, raw);
            /* every sample needs >= 4 bytes ("1 1\n"): reject counts the file cannot hold */
            if (n > (len - pos) / 4)
                TOCK__BL_FAIL("line %zu: bench %.40s: %llu samples announced but the file is "
                              "too short (truncated?)", lineno, tok[1], (unsigned long long)n);
            for (size_t i = 0; i < out->nbench; i++)
                if (strcmp(out->benches[i].id, tok[1]) == 0)
                    TOCK__BL_FAIL("line %zu: duplicate benchmark id '%.40s'", lineno, tok[1]);
            if (out->nbench == cap_b) {
                size_t nc = cap_b ? 2 * cap_b : 16;
                tock_baseline_bench *nb =
                    (tock_baseline_bench *)TOCK_REALLOC(out->benches, nc * sizeof *nb);
                if (!nb) TOCK__BL_NOMEM();
                out->benches = nb;
                cap_b = nc;
            }
            cur = &out->benches[out->nbench++];
            memset(cur, 0, sizeof *cur);
            cur->id = tock__strndup(tok[1], strlen(tok[1]));
            cur->iters = (double *)TOCK_MALLOC((size_t)n * sizeof(double));
            cur->ns = (double *)TOCK_MALLOC((size_t)n * sizeof(double));
            if (!cur->id || !cur->iters || !cur->ns) TOCK__BL_NOMEM();
            want = (size_t)n;
            st = 5;
            break;
        }
        case 5: case 6: {
            const char *key = st == 5 ? "typical" : "median";
            tock_estimate e;
            if (strcmp(tok[0], key) != 0 || nt != 4 || tock__parse_num(tok[1], &e.point) ||
                tock__parse_num(tok[2], &e.lower) || tock__parse_num(tok[3], &e.upper))
                TOCK__BL_FAIL("line %zu: bench %s: expected '%s POINT LOWER UPPER' (finite "
                              "numbers), found '%.40s'", lineno, cur->id, key, raw);
            if (!(e.point > 0.0) || !(e.lower <= e.point) || !(e.point <= e.upper) ||
                e.upper > TOCK__BL_MAX_NS)
                TOCK__BL_FAIL("line %zu: bench %s: %s: expected 0 < point, lower <= point <= "
                              "upper <= 1e18, found '%.40s'", lineno, cur->id, key, raw);
            if (st == 5) cur->typical = e;
            else cur->median = e;
            st++;
            break;
        }
        case 7: {
            uint64_t it;
            double ns;
            if (nt != 2 || tock__parse_count(tok[0], UINT64_C(1) << 62, &it) != 0 || it == 0 ||
                tock__parse_num(tok[1], &ns) != 0 || !(ns >= TOCK__BL_MIN_NS) ||
                !(ns <= TOCK__BL_MAX_NS))
                TOCK__BL_FAIL("line %zu: bench %s: sample %zu: expected 'ITERATIONS NS' (integer "
                              "1..2^62, ns > 0 in [1e-3, 1e18]), found '%.40s'",
                              lineno, cur->id, cur->n + 1, raw);
            cur->iters[cur->n] = (double)it;
            cur->ns[cur->n] = ns;
            cur->n++;
            break;
        }
        default: break;
        }
        if (st == 7 && cur && cur->n == want) st = 4; /* the last sample was read */
    }
    if (st != 8)
        TOCK__BL_FAIL("line %zu: truncated: the file ends before its 'end' line", lineno + 1);
    TOCK_FREE(line);
    return 0;
fail:
    TOCK_FREE(line);
    tock_baseline_free(out);
    return rc;
}
#undef TOCK__BL_FAIL
#undef TOCK__BL_NOMEM

/* -------------------------------------------------------------------------- */
/* growable text buffer and JSON writer                                        */

typedef struct tock__buf {
    char *p;
    size_t len, cap;
    int err; /* sticky: TOCK_ENOMEM after a failed growth */
} tock__buf;

void tock__buf_put(tock__buf *b, const char *s, size_t n);
void tock__buf_printf(tock__buf *b, const char *fmt, ...) TOCK__PRINTF(2, 3);
void tock__buf_free(tock__buf *b);

static int tock__buf_reserve(tock__buf *b, size_t extra) {
    if (b->err) return b->err;
    if (b->len + extra + 1 <= b->cap) return 0;
    size_t cap = b->cap ? b->cap : 256;
    while (cap < b->len + extra + 1) cap *= 2;
    char *p = (char *)TOCK_REALLOC(b->p, cap);
    if (!p) return b->err = TOCK_ENOMEM;
    b->p = p;
    b->cap = cap;
    return 0;
}

void tock__buf_put(tock__buf *b, const char *s, size_t n) {
    if (tock__buf_reserve(b, n) < 0) return;
    memcpy(b->p + b->len, s, n);
    b->len += n;
    b->p[b->len] = '\0';
}

static void tock__buf_puts(tock__buf *b, const char *s) { tock__buf_put(b, s, strlen(s)); }

static void tock__buf_vprintf(tock__buf *b, const char *fmt, va_list ap) {
    va_list ap2;
    va_copy(ap2, ap);
    int n = vsnprintf(NULL, 0, fmt, ap2);
    va_end(ap2);
    if (n < 0) {
        b->err = TOCK_EINVAL;
        return;
    }
    if (tock__buf_reserve(b, (size_t)n) < 0) return;
    vsnprintf(b->p + b->len, (size_t)n + 1, fmt, ap);
    b->len += (size_t)n;
}

void tock__buf_printf(tock__buf *b, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    tock__buf_vprintf(b, fmt, ap);
    va_end(ap);
}

void tock__buf_free(tock__buf *b) {
    TOCK_FREE(b->p);
    memset(b, 0, sizeof *b);
}

/* Shortest of %.15g, %.16g, %.17g that reads back as the same double (17
 * digits always do), so 0.05 is written "0.05", not "0.050000000000000003".
 * The decimal point is forced to '.' in case the host program switched
 * LC_NUMERIC to a comma locale (strtod then reads it in that locale, so the
 * round-trip test runs before the replacement). */
static void tock__fmt_g17(char out[40], double v) {
    for (int prec = 15; prec <= 17; prec++) {
        snprintf(out, 40, "%.*g", prec, v);
        if (prec == 17 || strtod(out, NULL) == v) break;
    }
    for (char *c = out; *c; c++)
        if (*c == ',') *c = '.';
}

typedef struct tock__json {
    tock__buf *b;
    int depth;
    int first[32];
    int pretty;
} tock__json;

void tock__json_init(tock__json *j, tock__buf *b, int pretty);
void tock__json_begin(tock__json *j, const char *key, char open);
void tock__json_end(tock__json *j, char close);
void tock__json_string(tock__json *j, const char *key, const char *s);
void tock__json_double(tock__json *j, const char *key, double v);
void tock__json_u64(tock__json *j, const char *key, uint64_t v);
void tock__json_bool(tock__json *j, const char *key, int v);
void tock__json_null(tock__json *j, const char *key);
void tock__json_raw(tock__json *j, const char *key, const char *text);
void tock__json_escape(tock__buf *b, const char *s);

void tock__json_init(tock__json *j, tock__buf *b, int pretty) {
    memset(j, 0, sizeof *j);
    j->b = b;
    j->pretty = pretty;
    j->first[0] = 1;
}

/* Length of a valid UTF-8 sequence at s, or 0 if invalid (overlongs,
 * surrogates and code points above U+10FFFF are invalid). */
static size_t tock__utf8_len(const unsigned char *s) {
    unsigned c = s[0];
    if (c < 0x80) return 1;
    size_t n;
    unsigned min;
    if ((c & 0xE0) == 0xC0) {
        n = 2;
        min = 0x80;
        c &= 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
        n = 3;
        min = 0x800;
        c &= 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
        n = 4;
        min = 0x10000;
        c &= 0x07;
    } else {
        return 0;
    }
    for (size_t i = 1; i < n; i++) {
        if ((s[i] & 0xC0) != 0x80) return 0;
        c = (c << 6) | (s[i] & 0x3F);
    }
    if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) return 0;
    return n;
}

/* Escapes quotes, backslashes and control characters; invalid UTF-8 bytes
 * become U+FFFD so the file always parses. */
void tock__json_escape(tock__buf *b, const char *s) {
    const unsigned char *p = (const unsigned char *)s;
    tock__buf_put(b, "\"", 1);
    while (*p) {
        unsigned c = *p;
        if (c == '"' || c == '\\') {
            char e[2] = {'\\', (char)c};
            tock__buf_put(b, e, 2);
            p++;
        } else if (c < 0x20) {
            switch (c) {
            case '\n': tock__buf_puts(b, "\\n"); break;
            case '\r': tock__buf_puts(b, "\\r"); break;
            case '\t': tock__buf_puts(b, "\\t"); break;
            case '\b': tock__buf_puts(b, "\\b"); break;
            case '\f': tock__buf_puts(b, "\\f"); break;
            default: tock__buf_printf(b, "\\u%04x", c); break;
            }
            p++;
        } else if (c < 0x80) {
            tock__buf_put(b, (const char *)p, 1);
            p++;
        } else {
            size_t n = tock__utf8_len(p);
            if (n == 0) {
                tock__buf_puts(b, "\\ufffd");
                p++;
            } else {
                tock__buf_put(b, (const char *)p, n);
                p += n;
            }
        }
    }
    tock__buf_put(b, "\"", 1);
}

static void tock__json_key(tock__json *j, const char *key) {
    if (!j->first[j->depth]) tock__buf_put(j->b, ",", 1);
    j->first[j->depth] = 0;
    if (j->pretty && j->depth > 0) {
        tock__buf_put(j->b, "\n", 1);
        for (int i = 0; i < j->depth; i++) tock__buf_put(j->b, "  ", 2);
    }
    if (key) {
        tock__json_escape(j->b, key);
        tock__buf_puts(j->b, j->pretty ? ": " : ":");
    }
}

void tock__json_begin(tock__json *j, const char *key, char open) {
    tock__json_key(j, key);
    tock__buf_put(j->b, &open, 1);
    if (j->depth < 31) j->depth++;
    j->first[j->depth] = 1;
}

void tock__json_end(tock__json *j, char close) {
    int empty = j->first[j->depth];
    if (j->depth > 0) j->depth--;
    if (j->pretty && !empty) {
        tock__buf_put(j->b, "\n", 1);
        for (int i = 0; i < j->depth; i++) tock__buf_put(j->b, "  ", 2);
    }
    tock__buf_put(j->b, &close, 1);
    if (j->depth == 0 && j->pretty) tock__buf_put(j->b, "\n", 1);
}

void tock__json_string(tock__json *j, const char *key, const char *s) {
    tock__json_key(j, key);
    if (s)
        tock__json_escape(j->b, s);
    else
        tock__buf_puts(j->b, "null");
}

void tock__json_double(tock__json *j, const char *key, double v) {
    tock__json_key(j, key);
    if (!isfinite(v)) {
        tock__buf_puts(j->b, "null");
        return;
    }
    char t[40];
    tock__fmt_g17(t, v);
    tock__buf_puts(j->b, t);
}

void tock__json_u64(tock__json *j, const char *key, uint64_t v) {
    tock__json_key(j, key);
    tock__buf_printf(j->b, "%llu", (unsigned long long)v);
}

void tock__json_bool(tock__json *j, const char *key, int v) {
    tock__json_key(j, key);
    tock__buf_puts(j->b, v ? "true" : "false");
}

void tock__json_null(tock__json *j, const char *key) {
    tock__json_key(j, key);
    tock__buf_puts(j->b, "null");
}

void tock__json_raw(tock__json *j, const char *key, const char *text) {
    tock__json_key(j, key);
    tock__buf_puts(j->b, text);
}

static void tock__json_estimate(tock__json *j, const char *key, const tock_estimate *e) {
    tock__json_begin(j, key, '{');
    int pretty = j->pretty;
    j->pretty = 0; /* {"point": .., "lower": .., "upper": ..} on one line */
    tock__json_double(j, "point", e->point);
    tock__json_double(j, "lower", e->lower);
    tock__json_double(j, "upper", e->upper);
    tock__json_end(j, '}');
    j->pretty = pretty;
}

/* -------------------------------------------------------------------------- */
/* global state                                                               */

enum { TOCK__TIMER_AUTO = 0, TOCK__TIMER_TSC, TOCK__TIMER_MONOTONIC };
enum { TOCK__SRC_MONOTONIC = 0, TOCK__SRC_TSC, TOCK__SRC_CNTVCT };

typedef struct tock__config {
    double warm_up_s, measurement_s, confidence, target_precision;
    size_t sample_size, nresamples, epochs;
    uint64_t seed;
    int threads, quick, exact, list, timer;
    const char *filter, *out_dir;
    /* baselines and the gate */
    const char *save_baseline, *baseline, *load_baseline, *baseline_dir, *ab;
    int baseline_lenient, list_baselines, no_fdr, strict_env, ab_worker;
    double noise, alpha;
    size_t ab_rounds, ab_max_rounds; /* first and last look (tock_ab_settle) */
} tock__config;

typedef struct tock__timer {
    int source;
    double hz;          /* counter frequency, 1e9 for CLOCK_MONOTONIC */
    double ns_per_tick;
    double overhead_ns;   /* median of (second - first) of two back-to-back reads */
    double resolution_ns; /* smallest nonzero step between back-to-back reads */
    double nominal_resolution_ns; /* 1/hz, or clock_getres */
    double min_sample_ns; /* 1000 x max(resolution, overhead) */
    int constant_tsc, nonstop_tsc;
    double cntfrq_hz;
    char note[256]; /* why the source was chosen */
} tock__timer;

enum { TOCK__NOT_RUN = 0, TOCK__DONE, TOCK__FAILED };
#define TOCK__MAX_EPOCHS 64

typedef struct tock__bench {
    tock_bench_def def; /* strings point at the owned copies below */
    char *id, *group, *name, *parameter, *floor_id;
    char param_unit[32]; /* def.parameter_unit's copy, "" when none */
    int selected, state, error;
    size_t n;
    double *iters, *ns;
    uint64_t total_iters, warm_iters;
    double warm_ns, sampling_s;
    size_t nepochs, epoch_end[TOCK__MAX_EPOCHS]; /* epochs measured; sample index ends */
    /* heap accounting (tock_heap_*): peak growth in one timed call, calls
     * and iterations of every timed call, heap left by the first set-up */
    uint64_t heap_peak, heap_calls, heap_iters, heap_setup, max_rss;
    size_t grid; /* 1 + index into tock__state.grids, 0 for a plain benchmark */
    double epoch_slope[TOCK__MAX_EPOCHS];
    tock_stop_reason epoch_stop[TOCK__MAX_EPOCHS];
    tock_analysis an;
    tock_stop_reason stop;
    int has_change, skipped; /* compared; not in the baseline (lenient) */
    tock_change change;
} tock__bench;

typedef struct tock__artifact {
    char path[256];
    size_t bytes;
    uint64_t hash;
} tock__artifact;

/* A registered grid: the caller's definition, and per (point, repeat) the
 * set-up slot and its metrics; bench[(p * repeats + r) * nroutines + k] is
 * the index of that benchmark in tock__state.benches. */
typedef struct tock__grid_slot {
    struct tock__grid *g;
    size_t point, repeat, routine;
} tock__grid_slot;
typedef struct tock__grid {
    tock_grid_def def;
    size_t npoints;
    size_t *bench;
    tock__grid_slot *slot;
    double *metric; /* [(p * repeats + r) * nmetrics + m], NaN until known */
} tock__grid;

/* A parameterised group's scaling fit (tock__compute_fits) and the
 * crossover of two groups with the same parameter unit. */
typedef struct tock__fitrec {
    char key[256];  /* group[/name]: the ids without their parameter */
    char unit[32];  /* parameter_unit, "" when none */
    double nmin, nmax;
    tock_fit fit;
} tock__fitrec;
typedef struct tock__crossrec {
    size_t a, b; /* indexes into tock__state.fits */
    tock_crossover cr;
} tock__crossrec;

typedef struct tock__state {
    tock__bench *benches;
    size_t nbench, capbench;
    tock__grid **grids;
    size_t ngrids;
    int reg_status;
    char reg_msg[256];
    char **prov_kv; /* key, value, key, value ... */
    size_t nprov, capprov;
    tock__config cfg;
    tock__timer timer;
    const char *prog, *prog_path;
    char run_dir[TOCK__PATH], run_id[128], started_iso[32];
    tock__artifact *arts;
    size_t narts, caparts;
    int tty_err, color;
    uint64_t last_progress_ns;
    /* comparison: the old side (--baseline) and, with --load-baseline, the new */
    tock_baseline base, loaded;
    char base_path[TOCK__PATH + 256], loaded_path[TOCK__PATH + 256], bl_root[TOCK__PATH + 16]; /* out dir minus its last part + "/baselines" */
    int comparing;    /* 0 none, 1 baseline, 2 load-baseline, 3 ab */
    tock__fitrec *fits; /* after the run: scaling fits, then their crossovers */
    size_t nfits;
    tock__crossrec *cross;
    size_t ncross;
    tock__buf env_diff; /* "key: baseline 'x', current 'y'" lines */
    size_t nenv_diff;
} tock__state;

static tock__state tock__S = {.cfg = {.threads = 1}};
static volatile sig_atomic_t tock__sigint = 0;

int tock_config_threads(void) { return tock__S.cfg.threads > 0 ? tock__S.cfg.threads : 1; }
int tock_config_quick(void) { return tock__S.cfg.quick; }

static char *tock__strdup(const char *s) {
    if (!s) return NULL;
    size_t n = strlen(s) + 1;
    char *p = (char *)TOCK_MALLOC(n);
    if (p) memcpy(p, s, n);
    return p;
}

/* -------------------------------------------------------------------------- */
/* registration                                                               */

static int tock__valid_part(const char *s, int allow_slash) {
    if (!s || !*s) return 0;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p <= 0x20 || *p == 0x7f) return 0;
        if (*p == '/' && !allow_slash) return 0;
    }
    return 1;
}

static void tock__bench_free(tock__bench *b) {
    TOCK_FREE(b->id);
    TOCK_FREE(b->group);
    TOCK_FREE(b->name);
    TOCK_FREE(b->parameter);
    TOCK_FREE(b->floor_id);
    TOCK_FREE(b->iters);
    TOCK_FREE(b->ns);
    memset(b, 0, sizeof *b);
}

static void tock__sample_file_name(const char *id, char *out, size_t cap);
static int tock__valid_word(const char *s);

int tock_register(const tock_bench_def *def) {
    tock__state *S = &tock__S;
    if (!def || !def->routine || !tock__valid_part(def->group, 0) ||
        (def->name && !tock__valid_part(def->name, 0)) ||
        (def->parameter && !tock__valid_part(def->parameter, 1)) ||
        (def->floor_id && !tock__valid_part(def->floor_id, 1)) ||
        def->throughput_kind > TOCK_THROUGHPUT_BYTES ||
        (def->throughput_kind != TOCK_THROUGHPUT_NONE && def->throughput_per_iter == 0) ||
        (def->mode != TOCK_MODE_LATENCY && def->mode != TOCK_MODE_THROUGHPUT) ||
        !(def->published_ns >= 0.0) ||
        (def->parameter_unit &&
         (!tock__valid_word(def->parameter_unit) || strlen(def->parameter_unit) > 31)))
        return TOCK_EINVAL;
    tock__bench b;
    memset(&b, 0, sizeof b);
    size_t len = strlen(def->group) + (def->name ? strlen(def->name) + 1 : 0) +
                 (def->parameter ? strlen(def->parameter) + 1 : 0) + 1;
    b.id = (char *)TOCK_MALLOC(len);
    if (!b.id) return TOCK_ENOMEM;
    snprintf(b.id, len, "%s%s%s%s%s", def->group, def->name ? "/" : "",
             def->name ? def->name : "", def->parameter ? "/" : "",
             def->parameter ? def->parameter : "");
    /* ids must differ and so must their samples file names ("a/b", "a_b") */
    char fn_new[300], fn_old[300];
    tock__sample_file_name(b.id, fn_new, sizeof fn_new);
    for (size_t i = 0; i < S->nbench; i++) {
        tock__sample_file_name(S->benches[i].id, fn_old, sizeof fn_old);
        if (strcmp(S->benches[i].id, b.id) == 0 || strcmp(fn_old, fn_new) == 0) {
            TOCK_FREE(b.id);
            return TOCK_EDUPLICATE;
        }
    }
    b.def = *def;
    b.group = tock__strdup(def->group);
    b.name = tock__strdup(def->name);
    b.parameter = tock__strdup(def->parameter);
    b.floor_id = tock__strdup(def->floor_id);
    if (!b.group || (def->name && !b.name) || (def->parameter && !b.parameter) ||
        (def->floor_id && !b.floor_id)) {
        tock__bench_free(&b);
        return TOCK_ENOMEM;
    }
    b.def.group = b.group;
    b.def.name = b.name;
    b.def.parameter = b.parameter;
    b.def.floor_id = b.floor_id;
    if (def->parameter_unit) snprintf(b.param_unit, sizeof b.param_unit, "%s", def->parameter_unit);
    b.def.parameter_unit = def->parameter_unit ? b.param_unit : NULL;
    if (S->nbench == S->capbench) {
        size_t cap = S->capbench ? 2 * S->capbench : 16;
        tock__bench *nb = (tock__bench *)TOCK_REALLOC(S->benches, cap * sizeof *nb);
        if (!nb) {
            tock__bench_free(&b);
            return TOCK_ENOMEM;
        }
        S->benches = nb;
        S->capbench = cap;
    }
    S->benches[S->nbench++] = b;
    return 0;
}

static int tock__valid_word(const char *s) {
    if (!s || !*s) return 0;
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') ||
              *s == '_'))
            return 0;
    return 1;
}

/* the axis values of point p (first axis slowest) */
static void tock__grid_point(const tock_grid_def *d, size_t p, int64_t *out) {
    for (size_t a = d->naxes; a-- > 0;) {
        out[a] = d->axes[a].values[p % d->axes[a].count];
        p /= d->axes[a].count;
    }
}

static int tock__grid_setup(void *user, void **ctx) {
    const tock__grid_slot *sl = (const tock__grid_slot *)user;
    tock__grid *g = sl->g;
    int64_t pt[TOCK_GRID_MAX_AXES];
    tock__grid_point(&g->def, sl->point, pt);
    int rc = g->def.setup(pt, g->def.seed0 + sl->repeat, ctx);
    if (rc < 0 || sl->routine != 0 || !g->def.metrics || g->def.nmetrics == 0) return rc;
    double v[TOCK_GRID_MAX_COLUMNS];
    rc = g->def.metrics(*ctx, v);
    if (rc < 0) {
        if (g->def.teardown) g->def.teardown(*ctx);
        return rc;
    }
    memcpy(g->metric + (sl->point * g->def.repeats + sl->repeat) * g->def.nmetrics, v,
           g->def.nmetrics * sizeof *v);
    return 0;
}

int tock_register_grid(const tock_grid_def *def) {
    tock__state *S = &tock__S;
    if (!def || !tock__valid_part(def->group, 0) || !tock__valid_word(def->name) ||
        def->naxes == 0 || def->naxes > TOCK_GRID_MAX_AXES || def->repeats == 0 ||
        def->repeats > 1000 || def->nroutines == 0 || def->nroutines > TOCK_GRID_MAX_ROUTINES ||
        !def->setup || def->nconstants > TOCK_GRID_MAX_COLUMNS ||
        def->nmetrics > TOCK_GRID_MAX_COLUMNS || (def->nmetrics && !def->metrics))
        return TOCK_EINVAL;
    size_t npoints = 1;
    for (size_t a = 0; a < def->naxes; a++) {
        if (!tock__valid_word(def->axes[a].name) || def->axes[a].count == 0 ||
            !def->axes[a].values || def->axes[a].count > 100000 / npoints)
            return TOCK_EINVAL;
        npoints *= def->axes[a].count;
    }
    for (size_t k = 0; k < def->nroutines; k++)
        if (!tock__valid_word(def->routine_names[k]) || !def->routines[k]) return TOCK_EINVAL;
    for (size_t c = 0; c < def->nconstants; c++)
        if (!tock__valid_word(def->constant_names[c]) || !def->constant_json[c] ||
            !*def->constant_json[c])
            return TOCK_EINVAL;
    for (size_t m = 0; m < def->nmetrics; m++)
        if (!tock__valid_word(def->metric_names[m])) return TOCK_EINVAL;
    for (size_t i = 0; i < S->ngrids; i++)
        if (strcmp(S->grids[i]->def.name, def->name) == 0) return TOCK_EDUPLICATE;
    const size_t nslots = npoints * def->repeats, nb = nslots * def->nroutines;
    tock__grid *g = (tock__grid *)TOCK_MALLOC(sizeof *g);
    tock__grid **ng = (tock__grid **)TOCK_REALLOC(S->grids, (S->ngrids + 1) * sizeof *ng);
    if (ng) S->grids = ng;
    if (!g || !ng) {
        TOCK_FREE(g);
        return TOCK_ENOMEM;
    }
    memset(g, 0, sizeof *g);
    g->def = *def;
    g->npoints = npoints;
    g->bench = (size_t *)TOCK_MALLOC(nb * sizeof *g->bench);
    g->slot = (tock__grid_slot *)TOCK_MALLOC(nb * sizeof *g->slot);
    g->metric = (double *)TOCK_MALLOC((nslots * def->nmetrics + 1) * sizeof *g->metric);
    if (!g->bench || !g->slot || !g->metric) {
        TOCK_FREE(g->bench);
        TOCK_FREE(g->slot);
        TOCK_FREE(g->metric);
        TOCK_FREE(g);
        return TOCK_ENOMEM;
    }
    for (size_t i = 0; i < nslots * def->nmetrics; i++) g->metric[i] = NAN;
    S->grids[S->ngrids++] = g;
    const size_t first = S->nbench;
    for (size_t p = 0; p < npoints; p++) {
        int64_t pt[TOCK_GRID_MAX_AXES];
        tock__grid_point(def, p, pt);
        for (size_t r = 0; r < def->repeats; r++) {
            for (size_t k = 0; k < def->nroutines; k++) {
                char param[512];
                size_t len = (size_t)snprintf(param, sizeof param, "%s/", def->routine_names[k]);
                for (size_t a = 0; a < def->naxes && len < sizeof param; a++)
                    len += (size_t)snprintf(param + len, sizeof param - len, "%s%s=%lld",
                                            a ? "," : "", def->axes[a].name, (long long)pt[a]);
                if (len < sizeof param)
                    len += (size_t)snprintf(param + len, sizeof param - len, "/seed=%llu",
                                            (unsigned long long)(def->seed0 + r));
                if (len >= sizeof param) return TOCK_EINVAL;
                const size_t idx = (p * def->repeats + r) * def->nroutines + k;
                g->slot[idx] = (tock__grid_slot){g, p, r, k};
                tock_bench_def d;
                memset(&d, 0, sizeof d);
                d.group = def->group;
                d.name = def->name;
                d.parameter = param;
                d.routine = def->routines[k];
                d.user = &g->slot[idx];
                d.setup = tock__grid_setup;
                d.teardown = def->teardown;
                d.mode = def->mode;
                d.warm_up_time_s = def->warm_up_time_s;
                d.measurement_time_s = def->measurement_time_s;
                int rc = tock_register(&d);
                if (rc < 0) {
                    /* undo this grid's benchmarks so a failed call leaves no trace */
                    while (S->nbench > first) tock__bench_free(&S->benches[--S->nbench]);
                    S->ngrids--;
                    TOCK_FREE(g->bench);
                    TOCK_FREE(g->slot);
                    TOCK_FREE(g->metric);
                    TOCK_FREE(g);
                    return rc;
                }
                g->bench[idx] = S->nbench - 1;
                S->benches[S->nbench - 1].grid = S->ngrids;
            }
        }
    }
    return 0;
}

void tock__register_ctor(const tock_bench_def *def) {
    int rc = tock_register(def);
    if (rc < 0 && tock__S.reg_status == 0) {
        tock__S.reg_status = rc;
        snprintf(tock__S.reg_msg, sizeof tock__S.reg_msg, "%s%s%s",
                 def && def->group ? def->group : "(null)",
                 def && def->name ? "/" : "", def && def->name ? def->name : "");
    }
}

int tock_provenance_set(const char *key, const char *value) {
    tock__state *S = &tock__S;
    if (!key || !*key || !value) return TOCK_EINVAL;
    for (size_t i = 0; i < S->nprov; i++) {
        if (strcmp(S->prov_kv[2 * i], key) == 0) {
            char *v = tock__strdup(value);
            if (!v) return TOCK_ENOMEM;
            TOCK_FREE(S->prov_kv[2 * i + 1]);
            S->prov_kv[2 * i + 1] = v;
            return 0;
        }
    }
    if (S->nprov == S->capprov) {
        size_t cap = S->capprov ? 2 * S->capprov : 8;
        char **kv = (char **)TOCK_REALLOC(S->prov_kv, 2 * cap * sizeof *kv);
        if (!kv) return TOCK_ENOMEM;
        S->prov_kv = kv;
        S->capprov = cap;
    }
    char *k = tock__strdup(key), *v = tock__strdup(value);
    if (!k || !v) {
        TOCK_FREE(k);
        TOCK_FREE(v);
        return TOCK_ENOMEM;
    }
    S->prov_kv[2 * S->nprov] = k;
    S->prov_kv[2 * S->nprov + 1] = v;
    S->nprov++;
    return 0;
}

static void tock__free_all(void) {
    tock__state *S = &tock__S;
    for (size_t i = 0; i < S->ngrids; i++) {
        TOCK_FREE(S->grids[i]->bench);
        TOCK_FREE(S->grids[i]->slot);
        TOCK_FREE(S->grids[i]->metric);
        TOCK_FREE(S->grids[i]);
    }
    TOCK_FREE(S->grids);
    S->grids = NULL;
    S->ngrids = 0;
    TOCK_FREE(S->fits);
    TOCK_FREE(S->cross);
    S->fits = NULL;
    S->cross = NULL;
    S->nfits = S->ncross = 0;
    for (size_t i = 0; i < S->nbench; i++) tock__bench_free(&S->benches[i]);
    TOCK_FREE(S->benches);
    for (size_t i = 0; i < 2 * S->nprov; i++) TOCK_FREE(S->prov_kv[i]);
    TOCK_FREE(S->prov_kv);
    TOCK_FREE(S->arts);
    S->benches = NULL;
    S->nbench = S->capbench = 0;
    S->prov_kv = NULL;
    S->nprov = S->capprov = 0;
    S->arts = NULL;
    S->narts = S->caparts = 0;
}

/* -------------------------------------------------------------------------- */
/* small file helpers                                                          */

/* First line of a small file (sysfs), newline stripped; -1 if unreadable. */
static int tock__read_line(const char *path, char *out, size_t cap) {
    FILE *f = fopen(path, "r");
    if (!f) return -1;
    int ok = fgets(out, (int)cap, f) != NULL;
    fclose(f);
    if (!ok) return -1;
    out[strcspn(out, "\n")] = '\0';
    return 0;
}

typedef struct tock__cpuinfo {
    char model[256];
    char *flags; /* heap; "unreadable" when missing */
    int has_hypervisor_flag;
} tock__cpuinfo;

static int tock__has_word(const char *list, const char *word) {
    size_t n = strlen(word);
    for (const char *p = list; p && (p = strstr(p, word)) != NULL; p += n) {
        int start = p == list || p[-1] == ' ' || p[-1] == '\t';
        int end = p[n] == '\0' || p[n] == ' ' || p[n] == '\n';
        if (start && end) return 1;
    }
    return 0;
}

/* Reads the first processor block of /proc/cpuinfo only: on a 128-core
 * machine the file is ~200 KB of repeats. */
static void tock__read_cpuinfo(tock__cpuinfo *ci) {
    memset(ci, 0, sizeof *ci);
    snprintf(ci->model, sizeof ci->model, "unreadable");
    FILE *f = fopen("/proc/cpuinfo", "r");
    size_t cap = 16384;
    char *line = (char *)TOCK_MALLOC(cap);
    if (f && line) {
        char impl[64] = "", part[64] = "";
        while (fgets(line, (int)cap, f)) {
            if (line[0] == '\n') break;
            line[strcspn(line, "\n")] = '\0';
            char *colon = strchr(line, ':');
            if (!colon) continue;
            char *val = colon + 1;
            while (*val == ' ') val++;
            char *kend = colon;
            while (kend > line && (kend[-1] == ' ' || kend[-1] == '\t')) kend--;
            *kend = '\0';
            if (strcmp(line, "model name") == 0) {
                snprintf(ci->model, sizeof ci->model, "%s", val);
            } else if ((strcmp(line, "flags") == 0 || strcmp(line, "Features") == 0) &&
                       !ci->flags) {
                ci->flags = tock__strdup(val);
            } else if (strcmp(line, "CPU implementer") == 0) {
                snprintf(impl, sizeof impl, "%s", val);
            } else if (strcmp(line, "CPU part") == 0) {
                snprintf(part, sizeof part, "%s", val);
            }
        }
        if (strcmp(ci->model, "unreadable") == 0 && impl[0])
            snprintf(ci->model, sizeof ci->model, "implementer %s part %s", impl, part);
    }
    if (f) fclose(f);
    TOCK_FREE(line);
    if (!ci->flags) ci->flags = tock__strdup("unreadable");
    ci->has_hypervisor_flag = ci->flags && tock__has_word(ci->flags, "hypervisor");
}

/* -------------------------------------------------------------------------- */
/* timer                                                                       */

static inline uint64_t tock__mono_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* -DTOCK_NO_COUNTER forces the portable CLOCK_MONOTONIC-only build (the
 * path every other architecture gets), so it can be tested on x86-64. */
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__)) && !defined(TOCK_NO_COUNTER)
/* preprocessor-visible (the TOCK__SRC_ enum is not): 1 TSC, 2 cntvct, 0 none */
#define TOCK__COUNTER_KIND 1
#define TOCK__COUNTER_SRC TOCK__SRC_TSC
/* lfence before: earlier instructions have completed; lfence after: later
 * ones have not started. Costs ~20-40 cycles, paid twice per sample. */
static inline uint64_t tock__read_counter(void) {
    uint32_t lo, hi;
    __asm__ __volatile__("lfence\n\trdtsc\n\tlfence" : "=a"(lo), "=d"(hi) : : "memory");
    return ((uint64_t)hi << 32) | lo;
}
#elif defined(__aarch64__) && (defined(__GNUC__) || defined(__clang__)) && !defined(TOCK_NO_COUNTER)
#define TOCK__COUNTER_KIND 2
#define TOCK__COUNTER_SRC TOCK__SRC_CNTVCT
/* isb orders the read after earlier instructions (cntvct_el0 may otherwise
 * be read speculatively). */
static inline uint64_t tock__read_counter(void) {
    uint64_t v;
    __asm__ __volatile__("isb\n\tmrs %0, cntvct_el0" : "=r"(v) : : "memory");
    return v;
}
static inline uint64_t tock__read_cntfrq(void) {
    uint64_t v;
    __asm__ __volatile__("mrs %0, cntfrq_el0" : "=r"(v));
    return v;
}
#else
#define TOCK__COUNTER_KIND 0
#define TOCK__COUNTER_SRC TOCK__SRC_MONOTONIC
static inline uint64_t tock__read_counter(void) { return tock__mono_ns(); }
#endif

static inline uint64_t tock__ticks(void) {
    return tock__S.timer.source == TOCK__SRC_MONOTONIC ? tock__mono_ns() : tock__read_counter();
}

static void tock__sleep_ns(long ns) {
    struct timespec ts = {ns / 1000000000L, ns % 1000000000L};
    while (nanosleep(&ts, &ts) != 0 && errno == EINTR && !tock__sigint) {
    }
}

/* One (counter, monotonic) pair: the counter read bracketed by two clock
 * reads, keeping the tightest of 7 brackets. */
static void tock__bracket(uint64_t *ticks, double *mono) {
    uint64_t best = UINT64_MAX;
    *ticks = 0;
    *mono = 0.0;
    for (int i = 0; i < 7; i++) {
        uint64_t a = tock__mono_ns();
        uint64_t c = tock__read_counter();
        uint64_t b = tock__mono_ns();
        if (b - a < best) {
            best = b - a;
            *ticks = c;
            *mono = (double)a + 0.5 * (double)(b - a);
        }
    }
}

/* Counter frequency from two 10 ms windows. A bracket is < ~100 ns wide, so
 * each window's frequency is good to ~1e-5; the windows must agree within
 * 1e-3 or the counter is not trusted (it is then not constant-rate). */
static int tock__calibrate(double *hz) {
    uint64_t c0 = 0, c1 = 0, c2 = 0;
    double m0 = 0.0, m1 = 0.0, m2 = 0.0;
    tock__bracket(&c0, &m0);
    tock__sleep_ns(10000000L);
    tock__bracket(&c1, &m1);
    tock__sleep_ns(10000000L);
    tock__bracket(&c2, &m2);
    if (!(m1 > m0 && m2 > m1) || c1 <= c0 || c2 <= c1) return -1;
    double f01 = (double)(c1 - c0) * 1e9 / (m1 - m0);
    double f12 = (double)(c2 - c1) * 1e9 / (m2 - m1);
    *hz = (double)(c2 - c0) * 1e9 / (m2 - m0);
    return fabs(f01 - f12) <= 1e-3 * f12 ? 0 : -1;
}

/* Overhead and observed step of the chosen source, from 2000 back-to-back
 * read pairs (~0.1 ms). */
static void tock__timer_measure(tock__timer *t) {
    enum { N = 2000 };
    static double d[N];
    double minnz = INFINITY;
    for (int i = 0; i < N; i++) {
        uint64_t a = tock__ticks();
        uint64_t b = tock__ticks();
        d[i] = (double)(b - a) * t->ns_per_tick;
        if (b > a && d[i] < minnz) minnz = d[i];
    }
    t->overhead_ns = tock__median_inplace(d, N);
    t->resolution_ns = isfinite(minnz) ? minnz : t->nominal_resolution_ns;
    double tick = t->resolution_ns > t->overhead_ns ? t->resolution_ns : t->overhead_ns;
    if (tick < t->nominal_resolution_ns) tick = t->nominal_resolution_ns;
    t->min_sample_ns = 1000.0 * tick;
}

static int tock__timer_init(tock__timer *t, int choice, const tock__cpuinfo *ci) {
    memset(t, 0, sizeof *t);
    t->constant_tsc = tock__has_word(ci->flags, "constant_tsc");
    t->nonstop_tsc = tock__has_word(ci->flags, "nonstop_tsc");
    int want_counter = choice != TOCK__TIMER_MONOTONIC;
#if TOCK__COUNTER_KIND == 1
    if (want_counter && choice == TOCK__TIMER_AUTO && !(t->constant_tsc && t->nonstop_tsc)) {
        want_counter = 0;
        snprintf(t->note, sizeof t->note,
                 "TSC not trusted: /proc/cpuinfo lacks constant_tsc or nonstop_tsc");
    }
#elif TOCK__COUNTER_KIND == 2
    t->cntfrq_hz = (double)tock__read_cntfrq();
#else
    if (choice == TOCK__TIMER_TSC) {
        fprintf(stderr, "tock: --timer tsc: no cycle counter on this architecture\n");
        return TOCK_ETIMER;
    }
    want_counter = 0;
    snprintf(t->note, sizeof t->note, "no cycle counter on this architecture");
#endif
    if (want_counter) {
        double hz = 0.0;
        if (tock__calibrate(&hz) == 0 && hz > 1e6) {
            t->source = TOCK__COUNTER_SRC;
            t->hz = hz;
            t->ns_per_tick = 1e9 / hz;
            t->nominal_resolution_ns = t->ns_per_tick;
            if (!t->note[0])
                snprintf(t->note, sizeof t->note, "%s calibrated against CLOCK_MONOTONIC",
                         t->source == TOCK__SRC_TSC ? "TSC" : "cntvct_el0");
        } else if (choice == TOCK__TIMER_TSC) {
            fprintf(stderr, "tock: --timer tsc: the counter's rate is not constant "
                            "against CLOCK_MONOTONIC (two 10 ms windows disagree)\n");
            return TOCK_ETIMER;
        } else {
            snprintf(t->note, sizeof t->note,
                     "counter rejected: two 10 ms calibration windows disagree by > 0.1%%");
        }
    } else if (choice == TOCK__TIMER_MONOTONIC) {
        snprintf(t->note, sizeof t->note, "selected with --timer monotonic");
    }
    if (t->source == TOCK__SRC_MONOTONIC) {
        struct timespec res;
        t->hz = 1e9;
        t->ns_per_tick = 1.0;
        t->nominal_resolution_ns =
            clock_getres(CLOCK_MONOTONIC, &res) == 0
                ? (double)res.tv_sec * 1e9 + (double)res.tv_nsec
                : 1.0;
    }
    tock__S.timer = *t; /* tock__ticks() reads the global source */
    tock__timer_measure(t);
    tock__S.timer = *t;
    return 0;
}

static const char *tock__timer_name(int src) {
    return src == TOCK__SRC_TSC ? "tsc" : src == TOCK__SRC_CNTVCT ? "cntvct_el0" : "monotonic";
}

/* -------------------------------------------------------------------------- */
/* command line                                                                */

static void tock__usage(FILE *f, const char *prog) {
    fprintf(f,
            "Usage: %s [OPTIONS] [FILTER]\n"
            "\n"
            "Measures the registered benchmarks whose id contains FILTER (all when\n"
            "omitted) and writes a run directory under --out.\n"
            "\n"
            "Options:\n"
            "  --exact                   FILTER must equal the id\n"
            "  --list                    print the selected ids and exit\n"
            "  --quick                   rough pass: warm-up 0.05 s, measurement 0.25 s,\n"
            "                            target precision 0.05 (explicit flags win)\n"
            "  --warm-up-time SECS       warm-up per benchmark, > 0 (default 0.2)\n"
            "  --measurement-time SECS   measurement budget per benchmark, > 0 (default 1.8)\n"
            "  --sample-size N           maximum samples per epoch, 10..100000 (default 100)\n"
            "  --epochs N                measure each benchmark in N epochs, 1..64, each\n"
            "                            with its own set-up, warm-up and 1/N of the budget,\n"
            "                            in N passes over the suite, so the interval holds\n"
            "                            set-up and drift effects (default 4; --quick 2)\n"
            "  --confidence-level X      interval confidence, 0 < X < 1 (default 0.95)\n"
            "  --target-precision X      stop when slope CI half-width / slope <= X; a\n"
            "                            fraction, 0 <= X < 1, 0 = never early (default 0.01)\n"
            "  --nresamples N            bootstrap resamples, 1000..10000000 (default 10000)\n"
            "  --seed N                  bootstrap seed, decimal or 0x hex (default 0x746f636b)\n"
            "  --threads N               thread count handed to benchmarks, 1..4096 (default 1)\n"
            "  --timer auto|tsc|monotonic  time source; tsc = the cycle counter (TSC on\n"
            "                            x86-64, cntvct_el0 on aarch64) (default auto)\n"
            "  --out DIR                 parent of the run directory (default results/runs)\n"
            "\n"
            "Baselines and the regression gate:\n"
            "  --save-baseline NAME      store this run's samples as baseline NAME\n"
            "  --baseline NAME           compare against baseline NAME; a selected benchmark\n"
            "                            missing from it is an error\n"
            "  --baseline-lenient        skip (and list) benchmarks missing from the baseline\n"
            "  --load-baseline NAME      measure nothing: compare saved NAME (new) against\n"
            "                            --baseline (old)\n"
            "  --list-baselines          print the saved baselines and exit\n"
            "  --baseline-dir DIR        where baselines live (default: baselines/ beside --out)\n"
            "  --noise-threshold X       changes within +-X are noise, 0 <= X < 1 (default 0.01)\n"
            "  --significance-level X    alpha of the test, 0 < X < 1 (default 0.05)\n"
            "  --no-fdr                  no Benjamini-Hochberg correction across the suite\n"
            "  --strict-env              a different machine fingerprint is an error\n"
            "  --ab OTHER                paired A/B: run this program and OTHER (the reference)\n"
            "                            alternately, ABBA rounds, both as child processes\n"
            "  --ab-rounds N             minimum rounds for --ab, 2..1000 (default 20; each\n"
            "                            round measures every unsettled benchmark once per\n"
            "                            build, by default with --warm-up-time 0.03\n"
            "                            --measurement-time 0.1); after N, and every 10\n"
            "                            rounds, a benchmark stops once its change is settled\n"
            "  --ab-max-rounds M         maximum rounds for --ab, N..1000 (default 300, or N\n"
            "                            if larger); the last look uses the nominal levels\n"
            "  --ab-worker               (internal) measure and print samples in the baseline\n"
            "                            format on stdout; writes no files\n"
            "  -h, --help                this text\n"
            "  -V, --version             version and build commit\n"
            "\n"
            "Exit status: 0 ok, 1 a benchmark failed or regressed, 2 usage or input error\n"
            "(a bad or missing baseline, --strict-env differences),\n"
            "130 interrupted (SIGINT; completed benchmarks are kept).\n"
            "NO_COLOR set and non-empty disables colour.\n",
            prog);
}

static int tock__usage_error(const char *fmt, ...) TOCK__PRINTF(1, 2);
static int tock__usage_error(const char *fmt, ...) {
    va_list ap;
    fputs("tock: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputs("\n\n", stderr);
    tock__usage(stderr, tock__S.prog);
    return TOCK_EUSAGE;
}

static int tock__parse_double(const char *flag, const char *s, double lo, int lo_open,
                              double hi, int hi_open, const char *expect, double *out) {
    char *end = NULL;
    errno = 0;
    double v = s && *s ? strtod(s, &end) : NAN;
    if (!s || !*s || errno != 0 || !end || *end != '\0' || !isfinite(v) ||
        (lo_open ? !(v > lo) : !(v >= lo)) || (hi_open ? !(v < hi) : !(v <= hi)))
        return tock__usage_error("%s: expected %s, found '%s'", flag, expect, s ? s : "");
    *out = v;
    return 0;
}

static int tock__parse_u64(const char *flag, const char *s, uint64_t lo, uint64_t hi,
                           const char *expect, uint64_t *out) {
    char *end = NULL;
    errno = 0;
    const char *p = s ? s : "";
    while (*p == ' ') p++;
    unsigned long long v = 0;
    int bad = *p == '\0' || *p == '-' || *p == '+';
    if (!bad) {
        v = strtoull(p, &end, 0);
        bad = errno != 0 || !end || *end != '\0' || v < lo || v > hi;
    }
    if (bad) return tock__usage_error("%s: expected %s, found '%s'", flag, expect, s ? s : "");
    *out = (uint64_t)v;
    return 0;
}

enum {
    TOCK__O_EXACT, TOCK__O_LIST, TOCK__O_QUICK, TOCK__O_WARM, TOCK__O_MEAS, TOCK__O_SAMPLES, TOCK__O_EPOCHS,
    TOCK__O_CONF, TOCK__O_TARGET, TOCK__O_NRES, TOCK__O_SEED, TOCK__O_THREADS, TOCK__O_TIMER,
    TOCK__O_OUT, TOCK__O_HELP, TOCK__O_VERSION, TOCK__O_SAVE_BL, TOCK__O_BL, TOCK__O_BL_LENIENT,
    TOCK__O_LOAD_BL, TOCK__O_LIST_BL, TOCK__O_BL_DIR, TOCK__O_NOISE, TOCK__O_SIGNIF,
    TOCK__O_NO_FDR, TOCK__O_STRICT_ENV, TOCK__O_AB, TOCK__O_AB_WORKER, TOCK__O_AB_ROUNDS,
    TOCK__O_AB_MAX_ROUNDS,
    TOCK__O_COUNT
};

typedef struct tock__opt {
    const char *name, *alias;
    int takes_value;
} tock__opt;

static const tock__opt tock__opts[TOCK__O_COUNT] = {
    [TOCK__O_EXACT] = {"--exact", NULL, 0},
    [TOCK__O_LIST] = {"--list", NULL, 0},
    [TOCK__O_QUICK] = {"--quick", NULL, 0},
    [TOCK__O_WARM] = {"--warm-up-time", NULL, 1},
    [TOCK__O_MEAS] = {"--measurement-time", NULL, 1},
    [TOCK__O_SAMPLES] = {"--sample-size", NULL, 1},
    [TOCK__O_EPOCHS] = {"--epochs", NULL, 1},
    [TOCK__O_CONF] = {"--confidence-level", NULL, 1},
    [TOCK__O_TARGET] = {"--target-precision", NULL, 1},
    [TOCK__O_NRES] = {"--nresamples", NULL, 1},
    [TOCK__O_SEED] = {"--seed", NULL, 1},
    [TOCK__O_THREADS] = {"--threads", NULL, 1},
    [TOCK__O_TIMER] = {"--timer", NULL, 1},
    [TOCK__O_OUT] = {"--out", NULL, 1},
    [TOCK__O_HELP] = {"--help", "-h", 0},
    [TOCK__O_VERSION] = {"--version", "-V", 0},
    [TOCK__O_SAVE_BL] = {"--save-baseline", NULL, 1},
    [TOCK__O_BL] = {"--baseline", NULL, 1},
    [TOCK__O_BL_LENIENT] = {"--baseline-lenient", NULL, 0},
    [TOCK__O_LOAD_BL] = {"--load-baseline", NULL, 1},
    [TOCK__O_LIST_BL] = {"--list-baselines", NULL, 0},
    [TOCK__O_BL_DIR] = {"--baseline-dir", NULL, 1},
    [TOCK__O_NOISE] = {"--noise-threshold", NULL, 1},
    [TOCK__O_SIGNIF] = {"--significance-level", NULL, 1},
    [TOCK__O_NO_FDR] = {"--no-fdr", NULL, 0},
    [TOCK__O_STRICT_ENV] = {"--strict-env", NULL, 0},
    [TOCK__O_AB] = {"--ab", NULL, 1},
    [TOCK__O_AB_WORKER] = {"--ab-worker", NULL, 0},
    [TOCK__O_AB_ROUNDS] = {"--ab-rounds", NULL, 1},
    [TOCK__O_AB_MAX_ROUNDS] = {"--ab-max-rounds", NULL, 1},
};

enum { TOCK__PARSE_RUN = 0, TOCK__PARSE_EXIT0 = 1 };

/* Returns TOCK__PARSE_RUN, TOCK__PARSE_EXIT0 (help/version printed) or
 * TOCK_EUSAGE (message and usage already on stderr). */
static int tock__parse_args(tock__config *c, int argc, char **argv) {
    int set[TOCK__O_COUNT] = {0};
    double warm = 0.2, meas = 1.8, conf = 0.95, target = 0.01;
    uint64_t samples = 100, nres = 10000, seed = TOCK__DEFAULT_SEED, threads = 1;
    int timer = TOCK__TIMER_AUTO, quick = 0, exact = 0, list = 0, help = 0, version = 0;
    const char *filter = NULL, *out = "results/runs";
    int only_positional = 0;
    uint64_t epochs = 4;
    const char *save_bl = NULL, *bl = NULL, *load_bl = NULL, *bl_dir = NULL, *ab = NULL;
    int lenient = 0, list_bl = 0, no_fdr = 0, strict_env = 0, ab_worker = 0;
    double noise = 0.01, alpha = 0.05;
    uint64_t ab_rounds = 20, ab_max_rounds = 300;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (only_positional || a[0] != '-' || a[1] == '\0') {
            if (filter) return tock__usage_error("unexpected extra argument '%s' (one FILTER only)", a);
            filter = a;
            continue;
        }
        if (strcmp(a, "--") == 0) {
            only_positional = 1;
            continue;
        }
        char name[64];
        const char *eq = strchr(a, '=');
        size_t nlen = eq ? (size_t)(eq - a) : strlen(a);
        if (nlen >= sizeof name) return tock__usage_error("unknown option '%s'", a);
        memcpy(name, a, nlen);
        name[nlen] = '\0';
        int id = -1;
        for (int k = 0; k < TOCK__O_COUNT; k++) {
            if (strcmp(name, tock__opts[k].name) == 0 ||
                (tock__opts[k].alias && strcmp(name, tock__opts[k].alias) == 0)) {
                id = k;
                break;
            }
        }
        if (id < 0) return tock__usage_error("unknown option '%s'", name);
        const char *val = NULL;
        if (tock__opts[id].takes_value) {
            if (eq)
                val = eq + 1;
            else if (i + 1 < argc)
                val = argv[++i];
            else
                return tock__usage_error("%s: expected a value, found nothing", name);
        } else if (eq) {
            return tock__usage_error("%s: expected no value, found '%s'", name, eq + 1);
        }
        set[id] = 1;
        int rc = 0;
        switch (id) {
        case TOCK__O_EXACT: exact = 1; break;
        case TOCK__O_LIST: list = 1; break;
        case TOCK__O_QUICK: quick = 1; break;
        case TOCK__O_HELP: help = 1; break;
        case TOCK__O_VERSION: version = 1; break;
        case TOCK__O_WARM:
            rc = tock__parse_double(name, val, 0.0, 1, 86400.0, 0, "seconds, 0 < SECS <= 86400", &warm);
            break;
        case TOCK__O_MEAS:
            rc = tock__parse_double(name, val, 0.0, 1, 86400.0, 0, "seconds, 0 < SECS <= 86400", &meas);
            break;
        case TOCK__O_CONF:
            rc = tock__parse_double(name, val, 0.0, 1, 1.0, 1, "a fraction, 0 < X < 1", &conf);
            break;
        case TOCK__O_TARGET:
            rc = tock__parse_double(name, val, 0.0, 0, 1.0, 1, "a fraction, 0 <= X < 1", &target);
            break;
        case TOCK__O_EPOCHS:
            rc = tock__parse_u64(name, val, 1, TOCK__MAX_EPOCHS, "an integer, 1 <= N <= 64", &epochs);
            break;
        case TOCK__O_SAMPLES:
            rc = tock__parse_u64(name, val, 10, 100000, "an integer, 10 <= N <= 100000", &samples);
            break;
        case TOCK__O_NRES:
            rc = tock__parse_u64(name, val, 1000, 10000000, "an integer, 1000 <= N <= 10000000", &nres);
            break;
        case TOCK__O_SEED:
            rc = tock__parse_u64(name, val, 0, UINT64_MAX, "an unsigned 64-bit integer", &seed);
            break;
        case TOCK__O_THREADS:
            rc = tock__parse_u64(name, val, 1, 4096, "an integer, 1 <= N <= 4096", &threads);
            break;
        case TOCK__O_TIMER:
            if (strcmp(val, "auto") == 0)
                timer = TOCK__TIMER_AUTO;
#if TOCK__COUNTER_KIND != 0
            else if (strcmp(val, "tsc") == 0)
                timer = TOCK__TIMER_TSC;
#else
            else if (strcmp(val, "tsc") == 0)
                rc = tock__usage_error("%s: tsc is not available on this architecture "
                                       "(or under TOCK_NO_COUNTER); expected auto or monotonic",
                                       name);
#endif
            else if (strcmp(val, "monotonic") == 0)
                timer = TOCK__TIMER_MONOTONIC;
            else
                rc = tock__usage_error("%s: expected auto, tsc or monotonic, found '%s'", name, val);
            break;
        case TOCK__O_OUT:
            if (!*val) rc = tock__usage_error("%s: expected a directory, found ''", name);
            out = val;
            break;
        case TOCK__O_SAVE_BL:
        case TOCK__O_BL:
        case TOCK__O_LOAD_BL:
            if (!tock__valid_name(val))
                rc = tock__usage_error("%s: expected a baseline name ([A-Za-z0-9._-], at most 100, "
                                       "not starting with '.'), found '%s'", name, val);
            *(id == TOCK__O_SAVE_BL ? &save_bl : id == TOCK__O_BL ? &bl : &load_bl) = val;
            break;
        case TOCK__O_BL_DIR:
            if (!*val) rc = tock__usage_error("%s: expected a directory, found ''", name);
            bl_dir = val;
            break;
        case TOCK__O_AB:
            if (!*val) rc = tock__usage_error("%s: expected a tock program, found ''", name);
            ab = val;
            break;
        case TOCK__O_BL_LENIENT: lenient = 1; break;
        case TOCK__O_LIST_BL: list_bl = 1; break;
        case TOCK__O_NO_FDR: no_fdr = 1; break;
        case TOCK__O_STRICT_ENV: strict_env = 1; break;
        case TOCK__O_AB_WORKER: ab_worker = 1; break;
        case TOCK__O_NOISE:
            rc = tock__parse_double(name, val, 0.0, 0, 1.0, 1, "a fraction, 0 <= X < 1", &noise);
            break;
        case TOCK__O_SIGNIF:
            rc = tock__parse_double(name, val, 0.0, 1, 1.0, 1, "a fraction, 0 < X < 1", &alpha);
            break;
        case TOCK__O_AB_ROUNDS:
            rc = tock__parse_u64(name, val, 2, 1000, "an integer, 2 <= N <= 1000", &ab_rounds);
            break;
        case TOCK__O_AB_MAX_ROUNDS:
            rc = tock__parse_u64(name, val, 2, 1000, "an integer, 2 <= M <= 1000", &ab_max_rounds);
            break;
        default: break;
        }
        if (rc < 0) return rc;
    }
    if (help) {
        tock__usage(stdout, tock__S.prog);
        return TOCK__PARSE_EXIT0;
    }
    if (version) {
        printf("tock %s (commit %s%s)\n", TOCK_VERSION_STRING, TOCK_GIT_COMMIT,
               TOCK_GIT_DIRTY ? ", dirty" : "");
        return TOCK__PARSE_EXIT0;
    }
    if (exact && !filter) return tock__usage_error("--exact: expected a FILTER, found none");
    if (load_bl && !bl)
        return tock__usage_error("--load-baseline: expected --baseline OLD as well, found none");
    if (lenient && !bl && !ab)
        return tock__usage_error("--baseline-lenient: expected --baseline NAME or --ab, found none");
    if (load_bl && save_bl)
        return tock__usage_error("--save-baseline: expected a measuring run, found --load-baseline");
    if (ab && (bl || load_bl))
        return tock__usage_error("--ab: expected no --baseline/--load-baseline, found '%s'",
                                 bl ? bl : load_bl);
    if (ab_worker && (ab || bl || save_bl || list_bl))
        return tock__usage_error("--ab-worker: expected no other comparison flag, found one");
    if (set[TOCK__O_AB_MAX_ROUNDS] && ab_max_rounds < ab_rounds)
        return tock__usage_error("--ab-max-rounds: expected M >= --ab-rounds (%llu), found %llu",
                                 (unsigned long long)ab_rounds,
                                 (unsigned long long)ab_max_rounds);
    if (!set[TOCK__O_AB_MAX_ROUNDS] && ab_max_rounds < ab_rounds) ab_max_rounds = ab_rounds;
    if (ab) {
        /* per round and build; the totals are rounds x 2 x these */
        if (!set[TOCK__O_WARM]) warm = 0.03;
        if (!set[TOCK__O_MEAS]) meas = 0.1;
    }
    if (quick) {
        /* 25 benchmarks x (0.05 + 0.25) s = 7.5 s, leaving room for analysis */
        if (!set[TOCK__O_WARM]) warm = 0.05;
        if (!set[TOCK__O_MEAS]) meas = 0.25;
        if (!set[TOCK__O_TARGET]) target = 0.05;
        if (!set[TOCK__O_EPOCHS]) epochs = 2;
    }
    /* A/B rounds already spread the measurement over time and processes */
    if ((ab || ab_worker) && !set[TOCK__O_EPOCHS]) epochs = 1;
    c->warm_up_s = warm;
    c->measurement_s = meas;
    c->confidence = conf;
    c->target_precision = target;
    c->sample_size = (size_t)samples;
    c->epochs = (size_t)epochs;
    c->nresamples = (size_t)nres;
    c->seed = seed;
    c->threads = (int)threads;
    c->timer = timer;
    c->quick = quick;
    c->exact = exact;
    c->list = list;
    c->filter = filter;
    c->out_dir = out;
    c->save_baseline = save_bl;
    c->baseline = bl;
    c->load_baseline = load_bl;
    c->baseline_dir = bl_dir;
    c->ab = ab;
    c->baseline_lenient = lenient;
    c->list_baselines = list_bl;
    c->no_fdr = no_fdr;
    c->strict_env = strict_env;
    c->ab_worker = ab_worker;
    c->noise = noise;
    c->alpha = alpha;
    c->ab_rounds = (size_t)ab_rounds;
    c->ab_max_rounds = (size_t)ab_max_rounds;
    return TOCK__PARSE_RUN;
}

static void tock__config_json(const tock__config *c, tock__buf *b) {
    tock__json j;
    tock__json_init(&j, b, 0);
    tock__json_begin(&j, NULL, '{');
    tock__json_double(&j, "warm_up_time_s", c->warm_up_s);
    tock__json_double(&j, "measurement_time_s", c->measurement_s);
    tock__json_u64(&j, "sample_size", c->sample_size);
    tock__json_u64(&j, "epochs", c->epochs);
    tock__json_double(&j, "confidence_level", c->confidence);
    tock__json_double(&j, "target_precision", c->target_precision);
    tock__json_u64(&j, "nresamples", c->nresamples);
    tock__json_u64(&j, "seed", c->seed);
    tock__json_u64(&j, "threads", (uint64_t)c->threads);
    tock__json_string(&j, "timer", c->timer == TOCK__TIMER_TSC         ? "tsc"
                                   : c->timer == TOCK__TIMER_MONOTONIC ? "monotonic"
                                                                       : "auto");
    tock__json_bool(&j, "quick", c->quick);
    tock__json_string(&j, "filter", c->filter);
    tock__json_bool(&j, "exact", c->exact);
    tock__json_string(&j, "out", c->out_dir);
    tock__json_string(&j, "save_baseline", c->save_baseline);
    tock__json_string(&j, "baseline", c->baseline);
    tock__json_string(&j, "load_baseline", c->load_baseline);
    tock__json_string(&j, "baseline_dir", c->baseline_dir);
    tock__json_bool(&j, "baseline_lenient", c->baseline_lenient);
    tock__json_double(&j, "noise_threshold", c->noise);
    tock__json_double(&j, "significance_level", c->alpha);
    tock__json_bool(&j, "fdr", !c->no_fdr);
    tock__json_bool(&j, "strict_env", c->strict_env);
    tock__json_string(&j, "ab", c->ab);
    if (c->ab) tock__json_u64(&j, "ab_rounds", c->ab_rounds);
    tock__json_end(&j, '}');
}

/* -------------------------------------------------------------------------- */
/* run directory                                                               */

static int tock__mkdirs(const char *path) {
    char p[TOCK__PATH];
    if (snprintf(p, sizeof p, "%s", path) >= (int)sizeof p) {
        errno = ENAMETOOLONG;
        return -1;
    }
    for (char *s = p + 1; *s; s++) {
        if (*s != '/') continue;
        *s = '\0';
        if (mkdir(p, 0777) != 0 && errno != EEXIST) return -1;
        *s = '/';
    }
    if (mkdir(p, 0777) != 0 && errno != EEXIST) return -1;
    struct stat st;
    if (stat(p, &st) != 0) return -1;
    if (!S_ISDIR(st.st_mode)) {
        errno = ENOTDIR;
        return -1;
    }
    return 0;
}

static void tock__utc(char *out, size_t cap, const char *fmt, time_t t) {
    struct tm tm;
    if (!gmtime_r(&t, &tm)) {
        snprintf(out, cap, "unknown");
        return;
    }
    strftime(out, cap, fmt, &tm);
}

/* <out>/<UTC YYYYmmddTHHMMSSZ>-<commit>[-k]/ and its samples/ folder. */
static int tock__make_run_dir(tock__state *S) {
    const char *out = S->cfg.out_dir;
    if (tock__mkdirs(out) != 0) {
        fprintf(stderr, "tock: --out %s: cannot create or use the output directory: %s\n",
                out, strerror(errno));
        return TOCK_EIO;
    }
    time_t now = time(NULL);
    char ts[32], commit[64];
    tock__utc(ts, sizeof ts, "%Y%m%dT%H%M%SZ", now);
    tock__utc(S->started_iso, sizeof S->started_iso, "%Y-%m-%dT%H:%M:%SZ", now);
    snprintf(commit, sizeof commit, "%.12s", TOCK_GIT_COMMIT);
    for (char *c = commit; *c; c++)
        if (!((*c >= '0' && *c <= '9') || (*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') ||
              *c == '-' || *c == '_' || *c == '.'))
            *c = '_';
    for (int k = 1; k < 100; k++) {
        if (k == 1)
            snprintf(S->run_id, sizeof S->run_id, "%s-%s", ts, commit);
        else
            snprintf(S->run_id, sizeof S->run_id, "%s-%s-%d", ts, commit, k);
        if (snprintf(S->run_dir, sizeof S->run_dir, "%s/%s", out, S->run_id) >=
            (int)sizeof S->run_dir) {
            fprintf(stderr, "tock: --out %s: path too long\n", out);
            return TOCK_EIO;
        }
        if (mkdir(S->run_dir, 0777) == 0) {
            char sdir[TOCK__PATH + 16];
            snprintf(sdir, sizeof sdir, "%s/samples", S->run_dir);
            if (mkdir(sdir, 0777) != 0) break;
            return 0;
        }
        if (errno != EEXIST) break;
    }
    fprintf(stderr, "tock: --out %s: cannot create the run directory %s: %s\n", out,
            S->run_dir, strerror(errno));
    return TOCK_EIO;
}

/* Atomic write: name.tmp.<pid> in the same directory, fflush + fsync, then
 * rename over the final name, so a reader sees the old file or the whole new
 * one. Records the artifact (size, FNV-1a 64) for the manifest. */
/* Lists a file of the run directory (relative path, its bytes) in the
 * manifest's artifact index, replacing an earlier entry of the same path. */
static int tock__artifact_record(tock__state *S, const char *rel, const void *p, size_t len) {
    size_t i;
    for (i = 0; i < S->narts; i++)
        if (strcmp(S->arts[i].path, rel) == 0) break;
    if (i == S->narts) {
        if (S->narts == S->caparts) {
            size_t cap = S->caparts ? 2 * S->caparts : 16;
            tock__artifact *na = (tock__artifact *)TOCK_REALLOC(S->arts, cap * sizeof *na);
            if (!na) return TOCK_ENOMEM;
            S->arts = na;
            S->caparts = cap;
        }
        S->narts++;
    }
    snprintf(S->arts[i].path, sizeof S->arts[i].path, "%s", rel);
    S->arts[i].bytes = len;
    S->arts[i].hash = tock__fnv1a64(p ? p : "", len);
    return 0;
}

static int tock__write_artifact(tock__state *S, const char *rel, const tock__buf *b) {
    if (b->err) return b->err;
    char path[TOCK__PATH + 300], tmp[TOCK__PATH + 340];
    snprintf(path, sizeof path, "%s/%s", S->run_dir, rel);
    snprintf(tmp, sizeof tmp, "%s.tmp.%ld", path, (long)getpid());
    FILE *f = fopen(tmp, "wb");
    if (!f) goto fail;
    if (b->len && fwrite(b->p, 1, b->len, f) != b->len) goto fail_close;
    if (fflush(f) != 0) goto fail_close;
    /* EINVAL: the file system does not support sync (some FUSE); not fatal */
    if (fsync(fileno(f)) != 0 && errno != EINVAL) goto fail_close;
    if (fclose(f) != 0) {
        f = NULL;
        goto fail_unlink;
    }
    if (rename(tmp, path) != 0) goto fail_unlink;
    return tock__artifact_record(S, rel, b->p, b->len);
fail_close:
    fclose(f);
fail_unlink:
    remove(tmp);
fail:
    fprintf(stderr, "tock: cannot write %s: %s\n", path, strerror(errno));
    return TOCK_EIO;
}

static void tock__sync_dir(const char *dir) {
    int fd = open(dir, O_RDONLY);
    if (fd >= 0) {
        (void)fsync(fd);
        close(fd);
    }
}

/* samples/<id>.csv: '/' -> '_', and anything outside [A-Za-z0-9._-] -> '_' */
static void tock__sample_file_name(const char *id, char *out, size_t cap) {
    size_t k = 0;
    k += (size_t)snprintf(out, cap, "samples/");
    for (const char *c = id; *c && k + 5 < cap; c++) {
        char ch = *c;
        int ok = (ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
                 ch == '.' || ch == '-' || ch == '_';
        out[k++] = ok ? ch : '_';
    }
    snprintf(out + k, cap - k, ".csv");
}

/* -------------------------------------------------------------------------- */
/* console                                                                     */

static void tock__fmt_scaled(char *out, size_t cap, double v, const char *unit) {
    const char *fmt = v < 10.0 ? "%.4f %s" : v < 100.0 ? "%.3f %s" : v < 1000.0 ? "%.2f %s" : "%.1f %s";
    snprintf(out, cap, fmt, v, unit);
}

static void tock__fmt_time(char *out, size_t cap, double ns) {
    if (!isfinite(ns)) {
        snprintf(out, cap, "n/a");
        return;
    }
    double a = fabs(ns);
    if (a < 1.0)
        tock__fmt_scaled(out, cap, ns * 1e3, "ps");
    else if (a < 1e3)
        tock__fmt_scaled(out, cap, ns, "ns");
    else if (a < 1e6)
        tock__fmt_scaled(out, cap, ns / 1e3, "us");
    else if (a < 1e9)
        tock__fmt_scaled(out, cap, ns / 1e6, "ms");
    else
        tock__fmt_scaled(out, cap, ns / 1e9, "s");
}

static void tock__fmt_rate(char *out, size_t cap, double per_s, tock_throughput_kind k) {
    if (!isfinite(per_s)) {
        snprintf(out, cap, "n/a");
        return;
    }
    if (k == TOCK_THROUGHPUT_BYTES) {
        static const char *u[] = {"B/s", "KiB/s", "MiB/s", "GiB/s", "TiB/s"};
        int i = 0;
        while (per_s >= 1024.0 && i < 4) {
            per_s /= 1024.0;
            i++;
        }
        tock__fmt_scaled(out, cap, per_s, u[i]);
    } else {
        static const char *u[] = {"elem/s", "Kelem/s", "Melem/s", "Gelem/s", "Telem/s"};
        int i = 0;
        while (per_s >= 1000.0 && i < 4) {
            per_s /= 1000.0;
            i++;
        }
        tock__fmt_scaled(out, cap, per_s, u[i]);
    }
}

static void tock__progress_clear(tock__state *S) {
    if (S->tty_err) fputs("\r\033[K", stderr);
}

static void tock__progress(tock__state *S, int force, const char *fmt, ...) TOCK__PRINTF(3, 4);
static void tock__progress(tock__state *S, int force, const char *fmt, ...) {
    if (!S->tty_err) return;
    uint64_t now = tock__mono_ns();
    /* at most 10 updates a second: each is a write(2) between samples */
    if (!force && now - S->last_progress_ns < 100000000u) return;
    S->last_progress_ns = now;
    va_list ap;
    fputs("\r\033[K", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fflush(stderr);
}

static tock__bench *tock__find(tock__state *S, const char *id) {
    for (size_t i = 0; i < S->nbench; i++)
        if (strcmp(S->benches[i].id, id) == 0) return &S->benches[i];
    return NULL;
}

static void tock__throughput(const tock__bench *b, tock_estimate *rate) {
    const tock_estimate *t = &b->an.est.slope;
    double per = (double)b->def.throughput_per_iter * 1e9;
    rate->point = per / t->point;
    rate->lower = per / t->upper; /* the slowest time gives the lowest rate */
    rate->upper = per / t->lower;
}

static void tock__print_result(tock__state *S, const tock__bench *b) {
    const char *bold = S->color ? "\033[1m" : "", *off = S->color ? "\033[0m" : "",
               *yel = S->color ? "\033[33m" : "";
    const tock_analysis *a = &b->an;
    char lo[32], pt[32], hi[32];
    tock__fmt_time(lo, sizeof lo, a->est.slope.lower);
    tock__fmt_time(pt, sizeof pt, a->est.slope.point);
    tock__fmt_time(hi, sizeof hi, a->est.slope.upper);
    if (strlen(b->id) > 23)
        printf("%s\n%24s", b->id, "");
    else
        printf("%-24s", b->id);
    printf("time:   [%s %s%s%s %s]\n", lo, bold, pt, off, hi);
    if (b->def.throughput_kind != TOCK_THROUGHPUT_NONE) {
        tock_estimate r;
        tock__throughput(b, &r);
        tock__fmt_rate(lo, sizeof lo, r.lower, b->def.throughput_kind);
        tock__fmt_rate(pt, sizeof pt, r.point, b->def.throughput_kind);
        tock__fmt_rate(hi, sizeof hi, r.upper, b->def.throughput_kind);
        printf("%24sthrpt:  [%s %s%s%s %s]\n", "", lo, bold, pt, off, hi);
    }
    char ep[48] = "";
    if (b->nepochs > 1) {
        /* the spread of the epochs' own slopes, so a wide interval explains itself */
        double lo_e = b->epoch_slope[0], hi_e = lo_e;
        for (size_t e = 1; e < b->nepochs; e++) {
            lo_e = fmin(lo_e, b->epoch_slope[e]);
            hi_e = fmax(hi_e, b->epoch_slope[e]);
        }
        snprintf(ep, sizeof ep, " in %zu epochs (spread %.2f%%)", b->nepochs,
                 a->est.slope.point > 0.0 ? 100.0 * (hi_e - lo_e) / a->est.slope.point : 0.0);
    }
    printf("%24sstop:   %s (+-%.2f%% at %.0f%% confidence, %zu samples%s, %.3f s)\n", "",
           tock_stop_reason_name(b->stop), 100.0 * a->precision, 100.0 * S->cfg.confidence,
           b->n, ep, b->sampling_s);
    if (b->def.published_ns > 0.0) {
        tock__fmt_time(pt, sizeof pt, b->def.published_ns);
        printf("%24spublished: %s (another machine and language), ratio %.3f\n", "", pt,
               a->est.slope.point / b->def.published_ns);
    }
    if (b->floor_id) {
        const tock__bench *f = tock__find(S, b->floor_id);
        if (f && f->state == TOCK__DONE)
            printf("%24sfloor:  %s, ratio %.3f\n", "", b->floor_id,
                   a->est.slope.point / f->an.est.slope.point);
    }
    const tock_outliers *o = &a->outliers;
    size_t tot = o->low_severe + o->low_mild + o->high_mild + o->high_severe;
    if (tot > 0) {
        double n = (double)b->n;
        printf("%sFound %zu outliers among %zu measurements (%.2f%%)%s\n", yel, tot, b->n,
               100.0 * (double)tot / n, off);
        const size_t cnt[4] = {o->low_severe, o->low_mild, o->high_mild, o->high_severe};
        static const char *nm[4] = {"low severe", "low mild", "high mild", "high severe"};
        for (int i = 0; i < 4; i++)
            if (cnt[i]) printf("  %zu (%.2f%%) %s\n", cnt[i], 100.0 * (double)cnt[i] / n, nm[i]);
    }
    fflush(stdout);
}

/* -------------------------------------------------------------------------- */
/* measuring                                                                   */

/* One sample: `iters` iterations, in calls of at most batch_size when set.
 * Only the routine is between the two counter reads. */
/* Heap accounting around one timed call, outside the timed region. */
static inline void tock__heap_before(uint64_t *live, uint64_t *calls) {
    if (!tock_heap_available()) return;
    tock_heap_peak_reset();
    *live = tock_heap_live();
    *calls = tock_heap_calls();
}
static inline void tock__heap_after(tock__bench *b, uint64_t live, uint64_t calls,
                                    uint64_t iters) {
    if (!tock_heap_available()) return;
    uint64_t peak = tock_heap_peak(), grow = peak > live ? peak - live : 0;
    if (grow > b->heap_peak) b->heap_peak = grow;
    b->heap_calls += tock_heap_calls() - calls;
    b->heap_iters += iters;
}

static int tock__sample(tock__bench *b, void *ctx, uint64_t iters, double *ns) {
    const tock_bench_def *d = &b->def;
    uint64_t h_live = 0, h_calls = 0;
    if (!d->batch_setup && !d->batch_teardown && d->batch_size == 0) {
        tock__heap_before(&h_live, &h_calls);
        uint64_t t0 = tock__ticks();
        d->routine(ctx, iters);
        uint64_t t1 = tock__ticks();
        tock__heap_after(b, h_live, h_calls, iters);
        *ns = (double)(t1 - t0) * tock__S.timer.ns_per_tick;
        return 0;
    }
    uint64_t ticks = 0, left = iters;
    while (left > 0) {
        uint64_t n = d->batch_size && d->batch_size < left ? d->batch_size : left;
        if (d->batch_setup) {
            int rc = d->batch_setup(ctx, n);
            if (rc < 0) return rc;
        }
        tock__heap_before(&h_live, &h_calls);
        uint64_t t0 = tock__ticks();
        d->routine(ctx, n);
        uint64_t t1 = tock__ticks();
        tock__heap_after(b, h_live, h_calls, n);
        ticks += t1 - t0;
        if (d->batch_teardown) d->batch_teardown(ctx, n);
        left -= n;
    }
    *ns = (double)ticks * tock__S.timer.ns_per_tick;
    return 0;
}

static uint64_t tock__bench_seed(uint64_t seed, const char *id) {
    uint64_t st = seed ^ tock__fnv1a64(id, strlen(id));
    return tock__splitmix64(&st);
}

#define TOCK__MAX_ITERS (UINT64_C(1) << 62)

/* One epoch of a benchmark: set-up, warm-up, linear sampling with the
 * adaptive stop on this epoch's own samples (budget and target shared out
 * as below), tear-down. Samples are appended after the earlier epochs'.
 * Returns 0, or a negative status when set-up or the routine fails (the
 * benchmark is marked failed). An interrupted epoch with fewer than
 * TOCK_MIN_SAMPLES samples is dropped. */
static int tock__measure_epoch(tock__state *S, tock__bench *b, size_t epoch) {
    const tock__config *c = &S->cfg;
    const size_t E = c->epochs ? c->epochs : 1;
    void *ctx = b->def.user;
    int rc = 0;
    if (epoch == 0) {
        b->state = TOCK__NOT_RUN;
        b->n = 0;
        b->nepochs = 0;
        b->total_iters = b->warm_iters = 0;
        b->warm_ns = b->sampling_s = 0.0;
        b->heap_peak = b->heap_calls = b->heap_iters = b->heap_setup = b->max_rss = 0;
        TOCK_FREE(b->iters); /* from an earlier tock_main in the same process */
        TOCK_FREE(b->ns);
        b->iters = (double *)TOCK_MALLOC(c->sample_size * E * sizeof(double));
        b->ns = (double *)TOCK_MALLOC(c->sample_size * E * sizeof(double));
        if (!b->iters || !b->ns) {
            b->state = TOCK__FAILED;
            b->error = TOCK_ENOMEM;
            return TOCK_ENOMEM;
        }
    }
    const uint64_t live0 = tock_heap_live();
    if (b->def.setup) {
        rc = b->def.setup(b->def.user, &ctx);
        if (rc < 0) {
            b->state = TOCK__FAILED;
            b->error = rc;
            return rc;
        }
    }
    if (epoch == 0 && tock_heap_live() > live0) b->heap_setup = tock_heap_live() - live0;
    /* warm-up: doubling calls, the last one capped to the time left. Later
     * epochs start from a fresh set-up after other benchmarks ran, so they
     * warm up again, for a quarter of the time (at least 20 ms). */
    if (E > 1)
        tock__progress(S, 1, "%s: epoch %zu/%zu, warming up", b->id, epoch + 1, E);
    else
        tock__progress(S, 1, "%s: warming up", b->id);
    double warm_s = c->warm_up_s;
    if (b->def.warm_up_time_s > 0.0 && b->def.warm_up_time_s < warm_s)
        warm_s = b->def.warm_up_time_s;
    const double meas_s = b->def.measurement_time_s > 0.0 && b->def.measurement_time_s < c->measurement_s
                              ? b->def.measurement_time_s
                              : c->measurement_s;
    if (epoch > 0) warm_s = fmax(fmin(0.02, warm_s), 0.25 * warm_s);
    const double warm_target = warm_s * 1e9;
    double w_timed = 0.0, w_wall = 0.0;
    uint64_t w_iters = 0, it = 1;
    const uint64_t w0 = tock__mono_ns();
    while (!tock__sigint) {
        double ns;
        rc = tock__sample(b, ctx, it, &ns);
        if (rc < 0) goto failed;
        w_timed += ns;
        w_iters += it;
        w_wall = (double)(tock__mono_ns() - w0);
        if (w_wall >= warm_target) break;
        double per_iter = w_wall / (double)w_iters;
        double left_iters = per_iter > 0.0 ? (warm_target - w_wall) / per_iter : INFINITY;
        uint64_t next = it < TOCK__MAX_ITERS / 2 ? 2 * it : it;
        if ((double)next > left_iters) next = left_iters >= 1.0 ? (uint64_t)left_iters : 1;
        it = next;
    }
    b->warm_iters += w_iters;
    b->warm_ns += w_timed;
    if (tock__sigint) goto out;

    /* plan: N samples of i*d iterations fill 95% of the epoch's budget (so
     * the budget only binds when the routine runs slower than the warm-up
     * said), and sample 1 lasts at least min_sample_ns */
    const size_t nmax = c->sample_size;
    const double units = (double)nmax * (double)(nmax + 1) / 2.0;
    const double budget = meas_s * 1e9 / (double)E;
    double est_timed = w_timed / (double)w_iters, est_wall = w_wall / (double)w_iters;
    if (!(est_timed > 1e-6)) est_timed = 1e-6; /* a loop the optimiser removed */
    if (!(est_wall > est_timed)) est_wall = est_timed;
    double dd = 0.95 * budget / (est_wall * units);
    double dmin = S->timer.min_sample_ns / est_timed;
    if (dd < dmin) dd = dmin;
    if (dd < 1.0) dd = 1.0;
    const double dcap = (double)TOCK__MAX_ITERS / (double)(nmax + 1);
    if (dd > dcap) dd = dcap;
    const uint64_t d = (uint64_t)ceil(dd);
    /* TOCK_MIN_SAMPLES samples take 55 d iterations whatever the budget */
    const double min_run_s = 55.0 * (double)d * est_wall / 1e9;
    if (epoch == 0 && min_run_s > 2.0 * meas_s / (double)E) {
        tock__progress_clear(S);
        fprintf(stderr,
                "tock: warning: %s: the %d minimum samples need ~%.3g s, more than the %.3g s "
                "budget of an epoch (%.3g ms per iteration)\n",
                b->id, TOCK_MIN_SAMPLES, min_run_s, meas_s / (double)E,
                est_wall / 1e6);
    }

    /* each epoch aims at target * sqrt(E) / 2: averaged over E epochs that
     * is half the target, leaving the other half for what differs between
     * epochs */
    const double target = c->target_precision * sqrt((double)E) / 2.0;
    const size_t base = b->n;
    const uint64_t seed = tock__bench_seed(c->seed, b->id) + epoch;
    tock_stop_decision dec = {TOCK_STOP_CONTINUE, -1.0};
    double last_prec = -1.0;
    const uint64_t m0 = tock__mono_ns();
    for (size_t i = 1; i <= nmax; i++) {
        uint64_t n_it = (uint64_t)i * d;
        double ns;
        rc = tock__sample(b, ctx, n_it, &ns);
        if (rc < 0) goto failed;
        b->iters[b->n] = (double)n_it;
        b->ns[b->n] = ns;
        b->n++;
        b->total_iters += n_it;
        tock_stop_input in = {b->iters + base, b->ns + base, b->n - base, nmax,
                              (double)(tock__mono_ns() - m0), budget, target, c->confidence,
                              TOCK_CHECK_RESAMPLES, seed, tock__sigint != 0};
        rc = tock_stop_decide(&in, &dec);
        if (rc < 0) goto failed;
        if (dec.precision >= 0.0) last_prec = dec.precision;
        if (dec.reason != TOCK_STOP_CONTINUE) break;
        char ep[32] = "";
        if (E > 1) snprintf(ep, sizeof ep, "epoch %zu/%zu, ", epoch + 1, E);
        if (last_prec >= 0.0)
            tock__progress(S, 0, "%s: %ssample %zu/%zu, %.2f s, +-%.2f%%", b->id, ep,
                           b->n - base, nmax, in.elapsed_ns / 1e9, 100.0 * last_prec);
        else
            tock__progress(S, 0, "%s: %ssample %zu/%zu, %.2f s", b->id, ep, b->n - base, nmax,
                           in.elapsed_ns / 1e9);
    }
    b->sampling_s += (double)(tock__mono_ns() - m0) / 1e9;
    tock_stop_reason why = dec.reason == TOCK_STOP_CONTINUE ? TOCK_STOP_SAMPLE_LIMIT : dec.reason;
    /* an interrupted epoch is kept only with enough samples to mean something */
    if (why == TOCK_STOP_INTERRUPTED && b->n - base < TOCK_MIN_SAMPLES) {
        b->n = base;
        goto out;
    }
    b->epoch_end[b->nepochs] = b->n;
    b->epoch_slope[b->nepochs] = tock_stats_ols_slope(b->iters + base, b->ns + base, b->n - base);
    b->epoch_stop[b->nepochs] = why;
    b->nepochs++;
out:
    if (b->def.teardown) b->def.teardown(ctx);
    tock__progress_clear(S);
    return 0;
failed:
    b->state = TOCK__FAILED;
    b->error = rc;
    if (b->def.teardown) b->def.teardown(ctx);
    tock__progress_clear(S);
    return rc;
}

/* After the last epoch (or a Ctrl-C): the analysis over the epochs measured
 * and the benchmark's stop reason: target_precision when the combined
 * interval reached the target; otherwise interrupted, or time_budget /
 * sample_limit when an epoch ran out of either, or epoch_spread when every
 * epoch reached its own target and only the disagreement between epochs
 * keeps the combined interval wide. */
static int tock__analyze_bench(tock__state *S, tock__bench *b) {
    const tock__config *c = &S->cfg;
    if (b->state == TOCK__FAILED || b->nepochs == 0) return 0;
    tock__progress(S, 1, "%s: analysing %zu samples in %zu epoch%s (%zu resamples)", b->id, b->n,
                   b->nepochs, b->nepochs == 1 ? "" : "s", c->nresamples);
    const uint64_t seed = tock__bench_seed(c->seed, b->id);
    int rc = tock_stats_analyze_epochs(b->iters, b->ns, b->epoch_end, b->nepochs, c->nresamples,
                                       c->confidence, seed, &b->an);
    tock__progress_clear(S);
    if (rc < 0) {
        b->state = TOCK__FAILED;
        b->error = rc;
        return rc;
    }
    tock_stop_reason why = TOCK_STOP_EPOCH_SPREAD;
    for (size_t e = 0; e < b->nepochs; e++) {
        tock_stop_reason r = b->epoch_stop[e];
        if (r == TOCK_STOP_TIME_BUDGET || (r == TOCK_STOP_SAMPLE_LIMIT && why != TOCK_STOP_TIME_BUDGET))
            why = r;
    }
    if (b->nepochs < (c->epochs ? c->epochs : 1) || tock__sigint)
        why = TOCK_STOP_INTERRUPTED;
    else if (c->target_precision > 0.0 && b->an.precision <= c->target_precision)
        why = TOCK_STOP_TARGET_PRECISION;
    else if (c->target_precision == 0.0 && why == TOCK_STOP_EPOCH_SPREAD)
        why = TOCK_STOP_SAMPLE_LIMIT;
    b->stop = why;
    b->state = TOCK__DONE;
    b->max_rss = tock_max_rss_bytes();
    return 0;
}

/* Every epoch back to back, then the analysis (the --ab worker's path). */
static int tock__measure(tock__state *S, tock__bench *b) {
    const size_t E = S->cfg.epochs ? S->cfg.epochs : 1;
    for (size_t e = 0; e < E && !tock__sigint; e++) {
        int rc = tock__measure_epoch(S, b, e);
        if (rc < 0) return rc;
    }
    return tock__analyze_bench(S, b);
}

/* -------------------------------------------------------------------------- */
/* output files                                                                */

static int tock__write_samples(tock__state *S, const tock__bench *b) {
    tock__buf buf = {0};
    tock__buf_puts(&buf, "iterations,ns\n");
    for (size_t i = 0; i < b->n; i++) {
        char t[40];
        tock__fmt_g17(t, b->ns[i]);
        tock__buf_printf(&buf, "%llu,%s\n", (unsigned long long)b->iters[i], t);
    }
    char rel[300];
    tock__sample_file_name(b->id, rel, sizeof rel);
    int rc = tock__write_artifact(S, rel, &buf);
    tock__buf_free(&buf);
    return rc;
}

typedef struct tock__prov {
    tock__cpuinfo ci;
    struct utsname un;
    int un_ok;
    char governor[128], driver[128], boost[128], smt_active[32], smt_control[32],
        hyp_type[64], clocksource[64], loadavg[64];
    long ncpu;
} tock__prov;

static void tock__read_or(const char *path, char *out, size_t cap) {
    if (tock__read_line(path, out, cap) != 0 || !out[0]) snprintf(out, cap, "unreadable");
}

static void tock__gather_prov(tock__prov *p) {
    memset(p, 0, sizeof *p);
    tock__read_cpuinfo(&p->ci);
    p->un_ok = uname(&p->un) == 0;
    tock__read_or("/sys/devices/system/cpu/cpu0/cpufreq/scaling_governor", p->governor,
                  sizeof p->governor);
    tock__read_or("/sys/devices/system/cpu/cpu0/cpufreq/scaling_driver", p->driver,
                  sizeof p->driver);
    char v[64];
    if (tock__read_line("/sys/devices/system/cpu/cpufreq/boost", v, sizeof v) == 0)
        snprintf(p->boost, sizeof p->boost, "%s", strcmp(v, "1") == 0 ? "on" : "off");
    else if (tock__read_line("/sys/devices/system/cpu/intel_pstate/no_turbo", v, sizeof v) == 0)
        snprintf(p->boost, sizeof p->boost, "%s", strcmp(v, "0") == 0 ? "on" : "off");
    else
        snprintf(p->boost, sizeof p->boost, "unreadable");
    tock__read_or("/sys/devices/system/cpu/smt/active", p->smt_active, sizeof p->smt_active);
    tock__read_or("/sys/devices/system/cpu/smt/control", p->smt_control, sizeof p->smt_control);
    tock__read_or("/sys/hypervisor/type", p->hyp_type, sizeof p->hyp_type);
    tock__read_or("/sys/devices/system/clocksource/clocksource0/current_clocksource",
                  p->clocksource, sizeof p->clocksource);
    tock__read_or("/proc/loadavg", p->loadavg, sizeof p->loadavg);
    p->ncpu = -1;
#ifdef _SC_NPROCESSORS_ONLN
    p->ncpu = sysconf(_SC_NPROCESSORS_ONLN);
#endif
}

static const char *tock__compiler_id(void) {
#if defined(__clang__)
    return "clang";
#elif defined(__GNUC__)
    return "gcc";
#else
    return "unknown";
#endif
}

static const char *tock__compiler_version(void) {
#ifdef __VERSION__
    return __VERSION__;
#else
    return "unknown";
#endif
}

static const char *tock__arch(void) {
#if defined(__x86_64__)
    return "x86_64";
#elif defined(__aarch64__)
    return "aarch64";
#elif defined(__i386__)
    return "i386";
#else
    return "unknown";
#endif
}

static int tock__write_provenance(tock__state *S, const tock__prov *p) {
    tock__buf buf = {0};
    tock__json j;
    char date[32];
    tock__utc(date, sizeof date, "%Y-%m-%dT%H:%M:%SZ", time(NULL));
    tock__json_init(&j, &buf, 1);
    tock__json_begin(&j, NULL, '{');
    tock__json_string(&j, "schema", "tock.provenance/1");
    tock__json_string(&j, "run_id", S->run_id);
    tock__json_string(&j, "date_utc", date);
    tock__json_string(&j, "started_utc", S->started_iso);
    tock__json_string(&j, "tock_version", TOCK_VERSION_STRING);
    tock__json_begin(&j, "git", '{');
    tock__json_string(&j, "commit", TOCK_GIT_COMMIT);
    tock__json_bool(&j, "dirty", TOCK_GIT_DIRTY);
    tock__json_end(&j, '}');
    tock__json_begin(&j, "compiler", '{');
    tock__json_string(&j, "id", tock__compiler_id());
    tock__json_string(&j, "version", tock__compiler_version());
    tock__json_string(&j, "flags", TOCK_COMPILE_FLAGS);
    tock__json_string(&j, "note", "compiler and version are those of the file that "
                                  "defines TOCK_IMPLEMENTATION");
    tock__json_end(&j, '}');
    tock__json_string(&j, "arch", tock__arch());
    tock__json_u64(&j, "threads", (uint64_t)S->cfg.threads);
    tock__json_begin(&j, "cpu", '{');
    tock__json_string(&j, "model", p->ci.model);
    tock__json_string(&j, "flags", p->ci.flags);
    if (p->ncpu > 0)
        tock__json_u64(&j, "logical_cpus", (uint64_t)p->ncpu);
    else
        tock__json_string(&j, "logical_cpus", "unreadable");
    tock__json_string(&j, "governor", p->governor);
    tock__json_string(&j, "scaling_driver", p->driver);
    tock__json_string(&j, "boost", p->boost);
    tock__json_string(&j, "smt_active", p->smt_active);
    tock__json_string(&j, "smt_control", p->smt_control);
    tock__json_string(&j, "loadavg_at_start", p->loadavg);
    tock__json_end(&j, '}');
    tock__json_begin(&j, "kernel", '{');
    tock__json_string(&j, "sysname", p->un_ok ? p->un.sysname : "unreadable");
    tock__json_string(&j, "release", p->un_ok ? p->un.release : "unreadable");
    tock__json_string(&j, "version", p->un_ok ? p->un.version : "unreadable");
    tock__json_string(&j, "machine", p->un_ok ? p->un.machine : "unreadable");
    tock__json_string(&j, "clocksource", p->clocksource);
    tock__json_end(&j, '}');
    tock__json_begin(&j, "hypervisor", '{');
    tock__json_bool(&j, "cpuinfo_flag", p->ci.has_hypervisor_flag);
    tock__json_string(&j, "type", p->hyp_type);
    tock__json_end(&j, '}');
    const tock__timer *t = &S->timer;
    tock__json_begin(&j, "timer", '{');
    tock__json_string(&j, "source", tock__timer_name(t->source));
    tock__json_string(&j, "note", t->note);
    tock__json_double(&j, "frequency_hz", t->hz);
    tock__json_double(&j, "overhead_ns", t->overhead_ns);
    tock__json_double(&j, "resolution_ns", t->resolution_ns);
    tock__json_double(&j, "nominal_resolution_ns", t->nominal_resolution_ns);
    tock__json_double(&j, "min_sample_ns", t->min_sample_ns);
#if TOCK__COUNTER_KIND == 1
    tock__json_bool(&j, "constant_tsc", t->constant_tsc);
    tock__json_bool(&j, "nonstop_tsc", t->nonstop_tsc);
#endif
    if (t->cntfrq_hz > 0) tock__json_double(&j, "cntfrq_hz", t->cntfrq_hz);
    tock__json_end(&j, '}');
    tock__json_begin(&j, "user", '{');
    for (size_t i = 0; i < S->nprov; i++)
        tock__json_string(&j, S->prov_kv[2 * i], S->prov_kv[2 * i + 1]);
    tock__json_end(&j, '}');
    tock__json_end(&j, '}');
    int rc = tock__write_artifact(S, "provenance.json", &buf);
    tock__buf_free(&buf);
    return rc;
}

static double tock__floor_ratio(tock__state *S, const tock__bench *b) {
    if (!b->floor_id) return NAN;
    const tock__bench *f = tock__find(S, b->floor_id);
    if (!f || f->state != TOCK__DONE) return NAN;
    return b->an.est.slope.point / f->an.est.slope.point;
}

static void tock__json_comparison(tock__state *S, tock__json *j);
static void tock__json_change(tock__json *j, const tock__bench *b);

static void tock__md_cell(tock__buf *b, const char *s);
static void tock__fmt_pct(char *out, size_t cap, double v);
/* ---- scaling fits of the run's parameterised groups ----
 * A parameterised group: the measured, non-grid benchmarks that share
 * group[/name] and whose parameters are whole numbers > 0 (strtod reads
 * all of it). With >= 3 distinct values it gets tock_fit_scaling on
 * (parameter, typical point); each pair of fitted groups with the same
 * parameter_unit gets tock_fit_crossover over the n range both cover. A
 * group whose fit fails (tock_fit_scaling's checks) is left out, never
 * guessed. Seeds come from the run's seed and the group key, so a rerun of
 * the analysis gives the same bits. */
static int tock__param_number(const char *p, double *out) {
    if (!p || !*p) return 0;
    char *end = NULL;
    double v = strtod(p, &end);
    if (!end || *end != '\0' || !isfinite(v) || !(v > 0.0)) return 0;
    *out = v;
    return 1;
}

static size_t tock__group_key(const tock__bench *b, char *key, size_t cap) {
    size_t len = strlen(b->id) - strlen(b->parameter) - 1; /* drop "/parameter" */
    if (len + 1 > cap) return 0;
    memcpy(key, b->id, len);
    key[len] = '\0';
    return len;
}

static int tock__compute_fits(tock__state *S) {
    TOCK_FREE(S->fits);
    TOCK_FREE(S->cross);
    S->fits = NULL;
    S->cross = NULL;
    S->nfits = S->ncross = 0;
    const size_t NB = S->nbench;
    double *n = (double *)TOCK_MALLOC((2 * NB + 1) * sizeof *n);
    unsigned char *used = (unsigned char *)TOCK_MALLOC(NB + 1);
    tock__fitrec *fits = (tock__fitrec *)TOCK_MALLOC((NB + 1) * sizeof *fits);
    if (!n || !used || !fits) {
        TOCK_FREE(n);
        TOCK_FREE(used);
        TOCK_FREE(fits);
        return TOCK_ENOMEM;
    }
    double *y = n + NB;
    memset(used, 0, NB + 1);
    size_t nf = 0;
    int rc = 0;
    for (size_t i = 0; i < NB && rc == 0; i++) {
        const tock__bench *b = &S->benches[i];
        double v;
        char key[256], k2[256];
        if (used[i] || b->state != TOCK__DONE || b->grid || !tock__param_number(b->parameter, &v) ||
            !tock__group_key(b, key, sizeof key))
            continue;
        size_t m = 0, distinct = 0;
        double nmin = INFINITY, nmax = -INFINITY;
        for (size_t k = i; k < NB; k++) {
            const tock__bench *c = &S->benches[k];
            double w;
            if (used[k] || c->state != TOCK__DONE || c->grid ||
                !tock__param_number(c->parameter, &w) || !tock__group_key(c, k2, sizeof k2) ||
                strcmp(key, k2) != 0)
                continue;
            used[k] = 1;
            int seen = 0;
            for (size_t q = 0; q < m; q++) seen |= n[q] == w;
            distinct += !seen;
            n[m] = w;
            y[m] = c->an.est.slope.point;
            m++;
            if (w < nmin) nmin = w;
            if (w > nmax) nmax = w;
        }
        if (distinct < 3) continue;
        tock__fitrec *f = &fits[nf];
        memset(f, 0, sizeof *f);
        snprintf(f->key, sizeof f->key, "%s", key);
        snprintf(f->unit, sizeof f->unit, "%s", b->param_unit);
        f->nmin = nmin;
        f->nmax = nmax;
        int frc = tock_fit_scaling(n, y, m, S->cfg.nresamples, S->cfg.confidence,
                                   tock__bench_seed(S->cfg.seed, key) ^ UINT64_C(0x666974), &f->fit);
        if (frc == TOCK_ENOMEM) rc = frc;
        if (frc == 0) nf++;
    }
    TOCK_FREE(used);
    S->fits = fits;
    S->nfits = nf;
    /* crossovers: pairs with the same unit, over the n range both cover */
    size_t npairs = nf * (nf > 0 ? nf - 1 : 0) / 2;
    if (rc == 0 && npairs > 0) {
        S->cross = (tock__crossrec *)TOCK_MALLOC(npairs * sizeof *S->cross);
        if (!S->cross) rc = TOCK_ENOMEM;
    }
    for (size_t a = 0; a < nf && rc == 0; a++)
        for (size_t b = a + 1; b < nf && rc == 0; b++) {
            const tock__fitrec *fa = &fits[a], *fb = &fits[b];
            double lo = fa->nmin > fb->nmin ? fa->nmin : fb->nmin;
            double hi = fa->nmax < fb->nmax ? fa->nmax : fb->nmax;
            if (strcmp(fa->unit, fb->unit) != 0 || !(lo < hi)) continue;
            /* the two groups' points again (n[], y[] of a, then of b) */
            size_t ma = 0, mb = 0;
            double *na = n, *ya = y;
            for (int side = 0; side < 2; side++)
                for (size_t i = 0; i < NB; i++) {
                    const tock__bench *c = &S->benches[i];
                    char k2[256];
                    double w;
                    if (c->state != TOCK__DONE || c->grid ||
                        !tock__param_number(c->parameter, &w) ||
                        !tock__group_key(c, k2, sizeof k2) ||
                        strcmp(k2, side ? fb->key : fa->key) != 0)
                        continue;
                    size_t at = ma + mb;
                    na[at] = w;
                    ya[at] = c->an.est.slope.point;
                    if (side) mb++; else ma++;
                }
            tock__crossrec *x = &S->cross[S->ncross];
            x->a = a;
            x->b = b;
            char seedkey[520];
            snprintf(seedkey, sizeof seedkey, "%s|%s", fa->key, fb->key);
            int crc = tock_fit_crossover(na, ya, ma, na + ma, ya + ma, mb, lo, hi,
                                         S->cfg.nresamples, S->cfg.confidence,
                                         tock__bench_seed(S->cfg.seed, seedkey), &x->cr);
            if (crc == TOCK_ENOMEM) rc = crc;
            if (crc == 0) S->ncross++;
        }
    TOCK_FREE(n);
    return rc;
}

/* "at n = 12.3 [10.1, 14.9]", "A below over [1, 75]", ... */
static void tock__cross_text(const tock__state *S, const tock__crossrec *x, char *out,
                             size_t cap) {
    const tock__fitrec *fa = &S->fits[x->a], *fb = &S->fits[x->b];
    const tock_crossover *c = &x->cr;
    switch (c->kind) {
    case TOCK_CROSS_AT:
        snprintf(out, cap, "%s and %s cross at %.4g %s [%.4g, %.4g]", fa->key, fb->key,
                 c->at.point, fa->unit, c->at.lower, c->at.upper);
        break;
    case TOCK_CROSS_A_BELOW:
    case TOCK_CROSS_B_BELOW:
        snprintf(out, cap, "%s is cheaper than %s over the whole range %.4g..%.4g %s (%.0f%% of "
                           "resamples)",
                 c->kind == TOCK_CROSS_A_BELOW ? fa->key : fb->key,
                 c->kind == TOCK_CROSS_A_BELOW ? fb->key : fa->key, c->lo, c->hi, fa->unit,
                 100.0 * (c->kind == TOCK_CROSS_A_BELOW ? c->share_a_below : c->share_b_below));
        break;
    default:
        snprintf(out, cap, "%s vs %s over %.4g..%.4g %s: unclear (%s below in %.0f%%, %s below "
                           "in %.0f%%, crossing inside in %.0f%% of resamples)",
                 fa->key, fb->key, c->lo, c->hi, fa->unit, fa->key, 100.0 * c->share_a_below,
                 fb->key, 100.0 * c->share_b_below, 100.0 * c->share_cross);
        break;
    }
}

static void tock__json_fits(tock__state *S, tock__json *j) {
    tock__json_begin(j, "fits", '[');
    for (size_t i = 0; i < S->nfits; i++) {
        const tock__fitrec *f = &S->fits[i];
        char line[512];
        tock_fit_format(&f->fit, f->key, f->unit, line, sizeof line);
        tock__json_begin(j, NULL, '{');
        tock__json_string(j, "group", f->key);
        tock__json_string(j, "parameter_unit", f->unit);
        tock__json_u64(j, "points", f->fit.points);
        tock__json_double(j, "parameter_min", f->nmin);
        tock__json_double(j, "parameter_max", f->nmax);
        tock__json_string(j, "unit", "ns");
        tock__json_estimate(j, "intercept", &f->fit.intercept);
        tock__json_estimate(j, "slope", &f->fit.slope);
        tock__json_double(j, "r2", f->fit.r2);
        tock__json_estimate(j, "exponent", &f->fit.exponent);
        tock__json_string(j, "bigo", tock_bigo_name(f->fit.bigo));
        tock__json_double(j, "bigo_share", f->fit.bigo_share);
        tock__json_string(j, "line", line);
        tock__json_end(j, '}');
    }
    tock__json_end(j, ']');
    tock__json_begin(j, "crossovers", '[');
    for (size_t i = 0; i < S->ncross; i++) {
        const tock__crossrec *x = &S->cross[i];
        char text[1200];
        tock__cross_text(S, x, text, sizeof text);
        tock__json_begin(j, NULL, '{');
        tock__json_string(j, "a", S->fits[x->a].key);
        tock__json_string(j, "b", S->fits[x->b].key);
        tock__json_string(j, "kind", tock_cross_kind_name(x->cr.kind));
        tock__json_estimate(j, "at", &x->cr.at);
        tock__json_double(j, "lo", x->cr.lo);
        tock__json_double(j, "hi", x->cr.hi);
        tock__json_double(j, "share_a_below", x->cr.share_a_below);
        tock__json_double(j, "share_b_below", x->cr.share_b_below);
        tock__json_double(j, "share_cross", x->cr.share_cross);
        tock__json_string(j, "text", text);
        tock__json_end(j, '}');
    }
    tock__json_end(j, ']');
}

/* REPORT.md's scaling section; also printed on the console */
static void tock__report_fits(tock__state *S, tock__buf *buf) {
    if (S->nfits == 0) return;
    tock__buf_printf(buf, "\n## Scaling\n\nPer parameterised group: cost per unit of the "
                          "parameter (relative weighted least-squares line), the log-log "
                          "exponent and the best complexity class (F test against O(1)); %.0f%% "
                          "wild-bootstrap intervals (%zu resamples). All fields: summary.json "
                          "\"fits\".\n\n",
                     100.0 * S->cfg.confidence, S->cfg.nresamples);
    for (size_t i = 0; i < S->nfits; i++) {
        const tock__fitrec *f = &S->fits[i];
        char line[512], ia[32], ilo[32], ihi[32];
        tock_fit_format(&f->fit, f->key, f->unit, line, sizeof line);
        tock__fmt_time(ia, sizeof ia, f->fit.intercept.point);
        tock__fmt_time(ilo, sizeof ilo, f->fit.intercept.lower);
        tock__fmt_time(ihi, sizeof ihi, f->fit.intercept.upper);
        tock__buf_puts(buf, "- ");
        tock__md_cell(buf, line);
        tock__buf_printf(buf, "  \n  (%zu points, %s %.4g..%.4g; intercept %s [%s, %s]; R^2 %.5f; "
                              "%s chosen in %.0f%% of resamples)\n",
                         f->fit.points, *f->unit ? f->unit : "parameter", f->nmin, f->nmax, ia,
                         ilo, ihi, f->fit.r2, tock_bigo_name(f->fit.bigo),
                         100.0 * f->fit.bigo_share);
    }
    for (size_t i = 0; i < S->ncross; i++) {
        char text[1200];
        tock__cross_text(S, &S->cross[i], text, sizeof text);
        tock__buf_puts(buf, "- crossover: ");
        tock__md_cell(buf, text);
        tock__buf_puts(buf, "\n");
    }
}

static void tock__print_fits(const tock__state *S) {
    for (size_t i = 0; i < S->nfits; i++) {
        char line[512];
        tock_fit_format(&S->fits[i].fit, S->fits[i].key, S->fits[i].unit, line, sizeof line);
        printf("scaling %s\n", line);
    }
    for (size_t i = 0; i < S->ncross; i++) {
        char text[1200];
        tock__cross_text(S, &S->cross[i], text, sizeof text);
        printf("crossover: %s\n", text);
    }
}

static int tock__write_summary_json(tock__state *S, int interrupted) {
    tock__buf buf = {0};
    tock__json j;
    tock__json_init(&j, &buf, 1);
    tock__json_begin(&j, NULL, '{');
    tock__json_string(&j, "schema", "tock.summary/1");
    tock__json_string(&j, "run_id", S->run_id);
    tock__json_string(&j, "status", interrupted ? "interrupted" : "complete");
    if (S->comparing) tock__json_comparison(S, &j);
    tock__json_begin(&j, "benchmarks", '[');
    for (size_t i = 0; i < S->nbench; i++) {
        const tock__bench *b = &S->benches[i];
        if (b->state != TOCK__DONE) continue;
        const tock_analysis *a = &b->an;
        char rel[300];
        tock__sample_file_name(b->id, rel, sizeof rel);
        tock__json_begin(&j, NULL, '{');
        tock__json_string(&j, "id", b->id);
        tock__json_string(&j, "group", b->group);
        tock__json_string(&j, "name", b->name);
        tock__json_string(&j, "parameter", b->parameter);
        if (b->grid) tock__json_string(&j, "sweep", S->grids[b->grid - 1]->def.name);
        tock__json_string(&j, "mode", b->def.mode == TOCK_MODE_THROUGHPUT ? "throughput" : "latency");
        tock__json_string(&j, "unit", "ns");
        tock__json_estimate(&j, "typical", &a->est.slope);
        tock__json_estimate(&j, "mean", &a->est.mean);
        tock__json_estimate(&j, "median", &a->est.median);
        tock__json_estimate(&j, "std_dev", &a->est.std_dev);
        tock__json_estimate(&j, "mad", &a->est.mad);
        tock__json_double(&j, "min", a->min);
        tock__json_u64(&j, "samples", b->n);
        tock__json_u64(&j, "iterations", b->total_iters);
        tock__json_begin(&j, "outliers", '{');
        tock__json_u64(&j, "low_severe", a->outliers.low_severe);
        tock__json_u64(&j, "low_mild", a->outliers.low_mild);
        tock__json_u64(&j, "high_mild", a->outliers.high_mild);
        tock__json_u64(&j, "high_severe", a->outliers.high_severe);
        tock__json_end(&j, '}');
        if (b->def.throughput_kind != TOCK_THROUGHPUT_NONE) {
            tock_estimate r;
            tock__throughput(b, &r);
            tock__json_begin(&j, "throughput", '{');
            tock__json_string(&j, "kind",
                              b->def.throughput_kind == TOCK_THROUGHPUT_BYTES ? "bytes" : "elements");
            tock__json_u64(&j, "per_iteration", b->def.throughput_per_iter);
            tock__json_estimate(&j, "per_second", &r);
            tock__json_end(&j, '}');
        } else {
            tock__json_null(&j, "throughput");
        }
        tock__json_string(&j, "stop_reason", tock_stop_reason_name(b->stop));
        if (b->nepochs > 0) {
            /* each epoch's own OLS slope and stop reason, in time order */
            tock__json_begin(&j, "epochs", '[');
            for (size_t e = 0; e < b->nepochs; e++) {
                int pretty = j.pretty;
                j.pretty = 0;
                tock__json_begin(&j, NULL, '{');
                tock__json_u64(&j, "samples", b->epoch_end[e] - (e ? b->epoch_end[e - 1] : 0));
                tock__json_double(&j, "typical", b->epoch_slope[e]);
                tock__json_string(&j, "stop_reason", tock_stop_reason_name(b->epoch_stop[e]));
                tock__json_end(&j, '}');
                j.pretty = pretty;
            }
            tock__json_end(&j, ']');
        }
        tock__json_begin(&j, "memory", '{');
        if (tock_heap_available() && b->heap_iters > 0) {
            tock__json_u64(&j, "heap_peak_bytes", b->heap_peak);
            tock__json_double(&j, "allocations_per_iteration",
                              (double)b->heap_calls / (double)b->heap_iters);
            tock__json_u64(&j, "setup_heap_bytes", b->heap_setup);
        } else {
            tock__json_null(&j, "heap_peak_bytes");
            tock__json_null(&j, "allocations_per_iteration");
            tock__json_null(&j, "setup_heap_bytes");
        }
        if (b->max_rss > 0)
            tock__json_u64(&j, "max_rss_bytes", b->max_rss);
        else
            tock__json_null(&j, "max_rss_bytes");
        tock__json_end(&j, '}');
        tock__json_double(&j, "target_precision", S->cfg.target_precision);
        tock__json_double(&j, "achieved_precision", a->precision);
        tock__json_double(&j, "confidence_level", S->cfg.confidence);
        tock__json_u64(&j, "resamples", S->cfg.nresamples);
        tock__json_double(&j, "sampling_time_s", b->sampling_s);
        tock__json_u64(&j, "warm_up_iterations", b->warm_iters);
        tock__json_double(&j, "warm_up_ns", b->warm_ns);
        tock__json_string(&j, "samples_file", rel);
        if (b->def.published_ns > 0.0) {
            tock__json_double(&j, "published_ns", b->def.published_ns);
            tock__json_double(&j, "published_ratio", a->est.slope.point / b->def.published_ns);
        }
        if (b->floor_id) {
            tock__json_string(&j, "floor_id", b->floor_id);
            tock__json_double(&j, "floor_ratio", tock__floor_ratio(S, b));
        }
        if (b->has_change) tock__json_change(&j, b);
        tock__json_end(&j, '}');
    }
    tock__json_end(&j, ']');
    tock__json_fits(S, &j);
    tock__json_end(&j, '}');
    int rc = tock__write_artifact(S, "summary.json", &buf);
    tock__buf_free(&buf);
    return rc;
}

static void tock__csv_str(tock__buf *b, const char *s) {
    if (!s) return;
    if (strpbrk(s, ",\"\n\r")) {
        tock__buf_put(b, "\"", 1);
        for (const char *c = s; *c; c++) {
            if (*c == '"') tock__buf_put(b, "\"", 1);
            tock__buf_put(b, c, 1);
        }
        tock__buf_put(b, "\"", 1);
    } else {
        tock__buf_puts(b, s);
    }
}

static void tock__csv_num(tock__buf *b, double v) {
    tock__buf_put(b, ",", 1);
    if (!isfinite(v)) return;
    char t[40];
    tock__fmt_g17(t, v);
    tock__buf_puts(b, t);
}

static int tock__write_summary_csv(tock__state *S) {
    tock__buf buf = {0};
    static const char *const est_names[5] = {"typical", "mean", "median", "std_dev", "mad"};
    tock__buf_puts(&buf, "id,group,name,parameter,mode,unit");
    for (int k = 0; k < 5; k++)
        tock__buf_printf(&buf, ",%s_point,%s_lower,%s_upper", est_names[k], est_names[k],
                         est_names[k]);
    tock__buf_puts(&buf, ",min,samples,iterations,outliers_low_severe,outliers_low_mild,"
                         "outliers_high_mild,outliers_high_severe,throughput_kind,"
                         "throughput_per_iteration,throughput_per_second_point,"
                         "throughput_per_second_lower,throughput_per_second_upper,stop_reason,"
                         "target_precision,achieved_precision,published_ns,floor_id,"
                         "floor_ratio,change_point,change_lower,change_upper,p_value,"
                         "p_adjusted,verdict\n");
    for (size_t i = 0; i < S->nbench; i++) {
        const tock__bench *b = &S->benches[i];
        if (b->state != TOCK__DONE) continue;
        const tock_analysis *a = &b->an;
        tock__csv_str(&buf, b->id);
        tock__buf_put(&buf, ",", 1);
        tock__csv_str(&buf, b->group);
        tock__buf_put(&buf, ",", 1);
        tock__csv_str(&buf, b->name);
        tock__buf_put(&buf, ",", 1);
        tock__csv_str(&buf, b->parameter);
        tock__buf_puts(&buf, b->def.mode == TOCK_MODE_THROUGHPUT ? ",throughput,ns" : ",latency,ns");
        const tock_estimate *e[5] = {&a->est.slope, &a->est.mean, &a->est.median,
                                     &a->est.std_dev, &a->est.mad};
        for (int k = 0; k < 5; k++) {
            tock__csv_num(&buf, e[k]->point);
            tock__csv_num(&buf, e[k]->lower);
            tock__csv_num(&buf, e[k]->upper);
        }
        tock__csv_num(&buf, a->min);
        tock__buf_printf(&buf, ",%zu,%llu,%zu,%zu,%zu,%zu", b->n,
                         (unsigned long long)b->total_iters, a->outliers.low_severe,
                         a->outliers.low_mild, a->outliers.high_mild, a->outliers.high_severe);
        if (b->def.throughput_kind != TOCK_THROUGHPUT_NONE) {
            tock_estimate r;
            tock__throughput(b, &r);
            tock__buf_printf(&buf, ",%s,%llu",
                             b->def.throughput_kind == TOCK_THROUGHPUT_BYTES ? "bytes" : "elements",
                             (unsigned long long)b->def.throughput_per_iter);
            tock__csv_num(&buf, r.point);
            tock__csv_num(&buf, r.lower);
            tock__csv_num(&buf, r.upper);
        } else {
            tock__buf_puts(&buf, ",,,,,");
        }
        tock__buf_printf(&buf, ",%s", tock_stop_reason_name(b->stop));
        tock__csv_num(&buf, S->cfg.target_precision);
        tock__csv_num(&buf, a->precision);
        tock__csv_num(&buf, b->def.published_ns > 0.0 ? b->def.published_ns : NAN);
        tock__buf_put(&buf, ",", 1);
        tock__csv_str(&buf, b->floor_id);
        tock__csv_num(&buf, tock__floor_ratio(S, b));
        /* the change the verdict is decided on (median; paired: Hodges-
         * Lehmann), as a fraction; empty when not compared */
        if (b->has_change) {
            tock__csv_num(&buf, b->change.median.point);
            tock__csv_num(&buf, b->change.median.lower);
            tock__csv_num(&buf, b->change.median.upper);
            tock__csv_num(&buf, b->change.p_value);
            tock__csv_num(&buf, b->change.p_adjusted);
            tock__buf_printf(&buf, ",%s", tock_verdict_name(b->change.verdict));
        } else {
            tock__buf_puts(&buf, ",,,,,,");
        }
        tock__buf_put(&buf, "\n", 1);
    }
    int rc = tock__write_artifact(S, "summary.csv", &buf);
    tock__buf_free(&buf);
    return rc;
}

static void tock__md_cell(tock__buf *b, const char *s) {
    for (const char *c = s; *c; c++) {
        if (*c == '|') tock__buf_put(b, "\\", 1);
        if (*c == '\n') {
            tock__buf_put(b, " ", 1);
            continue;
        }
        tock__buf_put(b, c, 1);
    }
}

/* -------------------------------------------------------------------------- */
/* sweeps: one row per grid point, aggregated over its repeats                 */

typedef struct tock__sweep_row {
    int64_t pt[TOCK_GRID_MAX_AXES];
    double t_mean[TOCK_GRID_MAX_ROUTINES], t_std[TOCK_GRID_MAX_ROUTINES]; /* seconds */
    size_t t_n[TOCK_GRID_MAX_ROUTINES];
    double m_mean[TOCK_GRID_MAX_COLUMNS], m_std[TOCK_GRID_MAX_COLUMNS];
    int64_t mem; /* -1: unknown */
    char run_id[160];
} tock__sweep_row;

static void tock__mean_std(const double *v, size_t n, double *mean, double *std) {
    *mean = n ? tock_stats_mean(v, n) : NAN;
    *std = n >= 2 ? tock_stats_std_dev(v, n) : NAN;
}

static void tock__sweep_row_of(const tock__state *S, const tock__grid *g, size_t p,
                               tock__sweep_row *row) {
    const tock_grid_def *d = &g->def;
    double v[1000];
    tock__grid_point(d, p, row->pt);
    size_t len = 0;
    row->run_id[0] = '\0';
    for (size_t a = 0; a < d->naxes && len < sizeof row->run_id; a++)
        len += (size_t)snprintf(row->run_id + len, sizeof row->run_id - len, "%s%s%lld",
                                a ? "-" : "", d->axes[a].name, (long long)row->pt[a]);
    row->mem = tock_heap_available() ? 0 : -1;
    for (size_t k = 0; k < d->nroutines; k++) {
        size_t n = 0;
        for (size_t r = 0; r < d->repeats; r++) {
            const tock__bench *b = &S->benches[g->bench[(p * d->repeats + r) * d->nroutines + k]];
            if (b->state != TOCK__DONE) continue;
            v[n++] = b->an.est.slope.point / 1e9;
            int64_t m = (int64_t)(b->heap_setup + b->heap_peak);
            if (row->mem >= 0 && m > row->mem) row->mem = m;
        }
        row->t_n[k] = n;
        tock__mean_std(v, n, &row->t_mean[k], &row->t_std[k]);
        if (n == 0) row->mem = row->mem >= 0 ? row->mem : -1;
    }
    for (size_t m = 0; m < d->nmetrics; m++) {
        size_t n = 0;
        for (size_t r = 0; r < d->repeats; r++) {
            double x = g->metric[(p * d->repeats + r) * d->nmetrics + m];
            if (isfinite(x)) v[n++] = x;
        }
        tock__mean_std(v, n, &row->m_mean[m], &row->m_std[m]);
    }
}

static int tock__sweep_measured(const tock__grid *g, const tock__sweep_row *row) {
    for (size_t k = 0; k < g->def.nroutines; k++)
        if (row->t_n[k] > 0) return 1;
    return 0;
}

/* a grid with none of its benchmarks selected (a filter) writes no files */
static int tock__grid_selected(const tock__state *S, const tock__grid *g) {
    const size_t nb = g->npoints * g->def.repeats * g->def.nroutines;
    for (size_t i = 0; i < nb; i++)
        if (S->benches[g->bench[i]].selected) return 1;
    return 0;
}

static int tock__write_sweeps(tock__state *S) {
    size_t nsel = 0;
    for (size_t gi = 0; gi < S->ngrids; gi++) nsel += tock__grid_selected(S, S->grids[gi]);
    if (nsel == 0) return 0;
    char dir[TOCK__PATH + 16];
    snprintf(dir, sizeof dir, "%s/sweeps", S->run_dir);
    if (mkdir(dir, 0777) != 0 && errno != EEXIST) {
        fprintf(stderr, "tock: cannot create %s: %s\n", dir, strerror(errno));
        return TOCK_EIO;
    }
    for (size_t gi = 0; gi < S->ngrids; gi++) {
        const tock__grid *g = S->grids[gi];
        const tock_grid_def *d = &g->def;
        if (!tock__grid_selected(S, g)) continue;
        tock__buf csv = {0}, jl = {0};
        /* header */
        tock__buf_puts(&csv, "run_id");
        for (size_t a = 0; a < d->naxes; a++) tock__buf_printf(&csv, ",%s", d->axes[a].name);
        for (size_t c = 0; c < d->nconstants; c++)
            tock__buf_printf(&csv, ",%s", d->constant_names[c]);
        for (size_t k = 0; k < d->nroutines; k++)
            tock__buf_printf(&csv, ",time_%s_mean,time_%s_std", d->routine_names[k],
                             d->routine_names[k]);
        tock__buf_puts(&csv, ",mem_peak_bytes_max");
        for (size_t m = 0; m < d->nmetrics; m++) {
            tock__buf_printf(&csv, ",%s_mean", d->metric_names[m]);
            if (d->metric_std[m]) tock__buf_printf(&csv, ",%s_std", d->metric_names[m]);
        }
        tock__buf_puts(&csv, "\n");
        size_t rows = 0, fast = SIZE_MAX, slow = SIZE_MAX;
        double tfast = INFINITY, tslow = -INFINITY;
        for (size_t p = 0; p < g->npoints; p++) {
            tock__sweep_row row;
            tock__sweep_row_of(S, g, p, &row);
            if (!tock__sweep_measured(g, &row)) continue;
            rows++;
            if (row.t_mean[0] < tfast) tfast = row.t_mean[0], fast = p;
            if (row.t_mean[0] > tslow) tslow = row.t_mean[0], slow = p;
            tock__csv_str(&csv, row.run_id);
            for (size_t a = 0; a < d->naxes; a++) tock__buf_printf(&csv, ",%lld", (long long)row.pt[a]);
            for (size_t c = 0; c < d->nconstants; c++) {
                tock__buf_puts(&csv, ",");
                tock__csv_str(&csv, d->constant_json[c]);
            }
            for (size_t k = 0; k < d->nroutines; k++) {
                tock__csv_num(&csv, row.t_mean[k]);
                tock__csv_num(&csv, row.t_std[k]);
            }
            if (row.mem >= 0)
                tock__buf_printf(&csv, ",%lld", (long long)row.mem);
            else
                tock__buf_puts(&csv, ",");
            for (size_t m = 0; m < d->nmetrics; m++) {
                tock__csv_num(&csv, row.m_mean[m]);
                if (d->metric_std[m]) tock__csv_num(&csv, row.m_std[m]);
            }
            tock__buf_puts(&csv, "\n");
            /* the same row as one JSON object per line, plus the repeat count */
            tock__json j;
            tock__json_init(&j, &jl, 0);
            tock__json_begin(&j, NULL, '{');
            tock__json_string(&j, "run_id", row.run_id);
            char num[32];
            for (size_t a = 0; a < d->naxes; a++) {
                snprintf(num, sizeof num, "%lld", (long long)row.pt[a]);
                tock__json_raw(&j, d->axes[a].name, num);
            }
            for (size_t c = 0; c < d->nconstants; c++)
                tock__json_raw(&j, d->constant_names[c], d->constant_json[c]);
            char key[96];
            for (size_t k = 0; k < d->nroutines; k++) {
                snprintf(key, sizeof key, "time_%s_mean", d->routine_names[k]);
                tock__json_double(&j, key, row.t_mean[k]);
                snprintf(key, sizeof key, "time_%s_std", d->routine_names[k]);
                tock__json_double(&j, key, row.t_std[k]);
            }
            if (row.mem >= 0)
                tock__json_u64(&j, "mem_peak_bytes_max", (uint64_t)row.mem);
            else
                tock__json_null(&j, "mem_peak_bytes_max");
            for (size_t m = 0; m < d->nmetrics; m++) {
                snprintf(key, sizeof key, "%s_mean", d->metric_names[m]);
                tock__json_double(&j, key, row.m_mean[m]);
                if (d->metric_std[m]) {
                    snprintf(key, sizeof key, "%s_std", d->metric_names[m]);
                    tock__json_double(&j, key, row.m_std[m]);
                }
            }
            tock__json_u64(&j, "repeats", row.t_n[0]);
            tock__json_end(&j, '}');
            tock__buf_puts(&jl, "\n");
        }
        char rel[300];
        snprintf(rel, sizeof rel, "sweeps/%s.csv", d->name);
        int rc = tock__write_artifact(S, rel, &csv);
        snprintf(rel, sizeof rel, "sweeps/%s.jsonl", d->name);
        if (rc == 0) rc = tock__write_artifact(S, rel, &jl);
        tock__buf_free(&csv);
        tock__buf_free(&jl);
        if (rc < 0) return rc;
        if (rows > 0) {
            tock__sweep_row a, b;
            tock__sweep_row_of(S, g, fast, &a);
            tock__sweep_row_of(S, g, slow, &b);
            char ta[32], tb[32];
            tock__fmt_time(ta, sizeof ta, a.t_mean[0] * 1e9);
            tock__fmt_time(tb, sizeof tb, b.t_mean[0] * 1e9);
            printf("sweep %s: %zu of %zu points; fastest %s %s, slowest %s %s per %s (%.2fx)\n",
                   d->name, rows, g->npoints, a.run_id, ta, b.run_id, tb, d->routine_names[0],
                   a.t_mean[0] > 0.0 ? b.t_mean[0] / a.t_mean[0] : NAN);
        }
    }
    return 0;
}

/* REPORT.md: each grid's rows (times and memory; metrics are in the files) */
static void tock__report_sweeps(tock__state *S, tock__buf *buf) {
    for (size_t gi = 0; gi < S->ngrids; gi++) {
        const tock__grid *g = S->grids[gi];
        const tock_grid_def *d = &g->def;
        if (!tock__grid_selected(S, g)) continue;
        tock__buf_printf(buf, "\n## Sweep %s\n\n%zu points x %zu repeats; time = mean over the "
                              "repeats of each one's typical time (+- sample std). All columns: "
                              "sweeps/%s.csv and .jsonl.\n\n| point |",
                         d->name, g->npoints, d->repeats, d->name);
        for (size_t k = 0; k < d->nroutines; k++) tock__buf_printf(buf, " %s |", d->routine_names[k]);
        tock__buf_puts(buf, " peak heap |\n|---|");
        for (size_t k = 0; k < d->nroutines; k++) tock__buf_puts(buf, "---|");
        tock__buf_puts(buf, "---|\n");
        size_t fast = SIZE_MAX, slow = SIZE_MAX;
        double tf = INFINITY, ts = -INFINITY;
        for (size_t p = 0; p < g->npoints; p++) {
            tock__sweep_row row;
            tock__sweep_row_of(S, g, p, &row);
            if (!tock__sweep_measured(g, &row)) continue;
            if (row.t_mean[0] < tf) tf = row.t_mean[0], fast = p;
            if (row.t_mean[0] > ts) ts = row.t_mean[0], slow = p;
            tock__buf_printf(buf, "| %s |", row.run_id);
            for (size_t k = 0; k < d->nroutines; k++) {
                char t[32], e[32];
                tock__fmt_time(t, sizeof t, row.t_mean[k] * 1e9);
                if (isfinite(row.t_std[k])) {
                    tock__fmt_time(e, sizeof e, row.t_std[k] * 1e9);
                    tock__buf_printf(buf, " %s +- %s |", t, e);
                } else {
                    tock__buf_printf(buf, " %s |", t);
                }
            }
            if (row.mem >= 0)
                tock__buf_printf(buf, " %lld B |\n", (long long)row.mem);
            else
                tock__buf_puts(buf, " n/a |\n");
        }
        if (fast != SIZE_MAX) {
            tock__sweep_row a, b;
            tock__sweep_row_of(S, g, fast, &a);
            tock__sweep_row_of(S, g, slow, &b);
            char ta[32], tb[32];
            tock__fmt_time(ta, sizeof ta, a.t_mean[0] * 1e9);
            tock__fmt_time(tb, sizeof tb, b.t_mean[0] * 1e9);
            tock__buf_printf(buf, "\nFastest: %s at %s per %s; slowest: %s at %s (%.2fx).\n",
                             a.run_id, ta, d->routine_names[0], b.run_id, tb,
                             b.t_mean[0] / a.t_mean[0]);
        }
    }
}

static int tock__write_report(tock__state *S, const tock__prov *p, int interrupted) {
    tock__buf buf = {0};
    const tock__timer *t = &S->timer;
    size_t done = 0, sel = 0;
    for (size_t i = 0; i < S->nbench; i++) {
        sel += S->benches[i].selected != 0;
        done += S->benches[i].state == TOCK__DONE;
    }
    tock__buf_printf(&buf, "# tock run %s\n\n", S->run_id);
    tock__buf_printf(&buf, "Status: **%s**, %zu of %zu selected benchmarks measured.\n\n",
                     interrupted ? "interrupted" : "complete", done, sel);
    tock__buf_puts(&buf, "## Provenance\n\n| | |\n|---|---|\n");
    tock__buf_printf(&buf, "| commit | %s%s |\n", TOCK_GIT_COMMIT, TOCK_GIT_DIRTY ? " (dirty)" : "");
    tock__buf_printf(&buf, "| compiler | %s %s |\n", tock__compiler_id(), tock__compiler_version());
    tock__buf_puts(&buf, "| flags | ");
    tock__md_cell(&buf, TOCK_COMPILE_FLAGS);
    tock__buf_puts(&buf, " |\n| CPU | ");
    tock__md_cell(&buf, p->ci.model);
    tock__buf_printf(&buf, " (%ld logical) |\n", p->ncpu);
    tock__buf_printf(&buf, "| kernel | %s %s %s |\n", p->un_ok ? p->un.sysname : "unreadable",
                     p->un_ok ? p->un.release : "", p->un_ok ? p->un.machine : "");
    tock__buf_printf(&buf, "| governor / boost / SMT | %s / %s / %s |\n", p->governor, p->boost,
                     p->smt_active);
    tock__buf_printf(&buf, "| load average at start | %s |\n", p->loadavg);
    tock__buf_printf(&buf, "| hypervisor | %s (type: %s) |\n",
                     p->ci.has_hypervisor_flag ? "yes" : "no", p->hyp_type);
    tock__buf_printf(&buf,
                     "| timer | %s, %.6g MHz, overhead %.3g ns, resolution %.3g ns, "
                     "min sample %.3g us |\n",
                     tock__timer_name(t->source), t->hz / 1e6, t->overhead_ns, t->resolution_ns,
                     t->min_sample_ns / 1e3);
    tock__buf_printf(&buf, "| threads | %d |\n", S->cfg.threads);
    for (size_t i = 0; i < S->nprov; i++) {
        tock__buf_puts(&buf, "| ");
        tock__md_cell(&buf, S->prov_kv[2 * i]);
        tock__buf_puts(&buf, " | ");
        tock__md_cell(&buf, S->prov_kv[2 * i + 1]);
        tock__buf_puts(&buf, " |\n");
    }
    tock__buf_printf(&buf, "| started | %s |\n\n", S->started_iso);
    tock__buf_printf(&buf,
                     "## Latency\n\nTypical time = OLS slope over linear samples; interval = "
                     "%.0f%% percentile bootstrap (%zu resamples).\n\n",
                     100.0 * S->cfg.confidence, S->cfg.nresamples);
    const int chg = S->comparing != 0; /* the change column, when compared */
    tock__buf_puts(&buf, "| ID | mode | time [interval] | throughput | stop | ratio to floor | "
                         "ratio to published (another machine and language, Rust/Criterion) |");
    tock__buf_puts(&buf, chg ? " change vs baseline [interval], verdict |\n"
                               "|---|---|---|---|---|---|---|---|\n"
                             : "\n|---|---|---|---|---|---|---|\n");
    for (size_t i = 0; i < S->nbench; i++) {
        const tock__bench *b = &S->benches[i];
        if (b->state != TOCK__DONE || b->grid) continue; /* grid points: their own section */
        const tock_estimate *e = &b->an.est.slope;
        char lo[32], pt[32], hi[32];
        tock__buf_puts(&buf, "| ");
        tock__md_cell(&buf, b->id);
        tock__fmt_time(lo, sizeof lo, e->lower);
        tock__fmt_time(pt, sizeof pt, e->point);
        tock__fmt_time(hi, sizeof hi, e->upper);
        tock__buf_printf(&buf, " | %s | %s [%s, %s] | ",
                         b->def.mode == TOCK_MODE_THROUGHPUT ? "throughput" : "latency", pt, lo, hi);
        if (b->def.throughput_kind != TOCK_THROUGHPUT_NONE) {
            tock_estimate r;
            tock__throughput(b, &r);
            tock__fmt_rate(pt, sizeof pt, r.point, b->def.throughput_kind);
            tock__buf_puts(&buf, pt);
        } else {
            tock__buf_puts(&buf, "-");
        }
        tock__buf_printf(&buf, " | %s +-%.2f%% | ", tock_stop_reason_name(b->stop),
                         100.0 * b->an.precision);
        if (b->floor_id) {
            double fr = tock__floor_ratio(S, b);
            if (isfinite(fr))
                tock__buf_printf(&buf, "%.3f (", fr);
            else
                tock__buf_puts(&buf, "n/a, not measured (");
            tock__md_cell(&buf, b->floor_id);
            tock__buf_puts(&buf, ")");
        } else {
            tock__buf_puts(&buf, "-");
        }
        if (b->def.published_ns > 0.0) {
            tock__fmt_time(pt, sizeof pt, b->def.published_ns);
            tock__buf_printf(&buf, " | %.3f (%s) |", e->point / b->def.published_ns, pt);
        } else {
            tock__buf_puts(&buf, " | - |");
        }
        if (chg && b->has_change) { /* the change the verdict is decided on */
            const tock_change *c = &b->change;
            tock__fmt_pct(lo, sizeof lo, c->median.lower);
            tock__fmt_pct(pt, sizeof pt, c->median.point);
            tock__fmt_pct(hi, sizeof hi, c->median.upper);
            tock__buf_printf(&buf, " %s [%s, %s], %s |", pt, lo, hi,
                             tock_verdict_name(c->verdict));
        } else if (chg) {
            tock__buf_puts(&buf, " - |");
        }
        tock__buf_puts(&buf, "\n");
    }
    tock__buf_puts(&buf, "\nRatios to published figures compare against another machine and "
                         "another language (Rust/Criterion): context, not a like-for-like "
                         "comparison.\n");
    tock__report_fits(S, &buf);
    tock__report_sweeps(S, &buf);
    int rc = tock__write_artifact(S, "REPORT.md", &buf);
    tock__buf_free(&buf);
    return rc;
}

static int tock__write_manifest(tock__state *S, int interrupted, int exit_code) {
    tock__buf cfg = {0}, buf = {0};
    tock__config_json(&S->cfg, &cfg);
    if (cfg.err) return cfg.err;
    char finished[32], hx[32];
    tock__utc(finished, sizeof finished, "%Y-%m-%dT%H:%M:%SZ", time(NULL));
    tock__json j;
    tock__json_init(&j, &buf, 1);
    tock__json_begin(&j, NULL, '{');
    tock__json_string(&j, "schema", "tock.manifest/1");
    tock__json_string(&j, "status", interrupted ? "interrupted" : "complete");
    tock__json_u64(&j, "exit_code", (uint64_t)exit_code);
    tock__json_string(&j, "run_id", S->run_id);
    tock__json_string(&j, "tock_version", TOCK_VERSION_STRING);
    tock__json_string(&j, "started_utc", S->started_iso);
    tock__json_string(&j, "finished_utc", finished);
    /* the config is embedded compact so its hash can be checked by hashing
     * the exact bytes between "config": and the following comma */
    tock__json_raw(&j, "config", cfg.p);
    snprintf(hx, sizeof hx, "%016llx", (unsigned long long)tock__fnv1a64(cfg.p, cfg.len));
    tock__json_string(&j, "config_hash", hx);
    tock__json_string(&j, "hash_algorithm", "fnv1a64");
    size_t sel = 0, done = 0;
    tock__json_begin(&j, "benchmarks_not_measured", '[');
    for (size_t i = 0; i < S->nbench; i++) {
        const tock__bench *b = &S->benches[i];
        if (!b->selected) continue;
        sel++;
        if (b->state == TOCK__DONE) {
            done++;
            continue;
        }
        tock__json_begin(&j, NULL, '{');
        tock__json_string(&j, "id", b->id);
        tock__json_string(&j, "reason", b->state == TOCK__FAILED ? tock_strerror(b->error)
                                                                 : "interrupted before completion");
        tock__json_end(&j, '}');
    }
    tock__json_end(&j, ']');
    tock__json_u64(&j, "benchmarks_selected", sel);
    tock__json_u64(&j, "benchmarks_measured", done);
    tock__json_begin(&j, "artifacts", '[');
    for (size_t i = 0; i < S->narts; i++) {
        snprintf(hx, sizeof hx, "%016llx", (unsigned long long)S->arts[i].hash);
        tock__json_begin(&j, NULL, '{');
        int pretty = j.pretty;
        j.pretty = 0;
        tock__json_string(&j, "path", S->arts[i].path);
        tock__json_u64(&j, "bytes", S->arts[i].bytes);
        tock__json_string(&j, "fnv1a64", hx);
        tock__json_end(&j, '}');
        j.pretty = pretty;
    }
    tock__json_end(&j, ']');
    tock__json_end(&j, '}');
    int rc = tock__write_artifact(S, "manifest.json", &buf);
    tock__buf_free(&buf);
    tock__buf_free(&cfg);
    return rc;
}

/* -------------------------------------------------------------------------- */
/* baselines, fingerprints, comparison, A/B                                    */

/* The fingerprint: what must match for two runs' times to be comparable. */
#define TOCK__FP_KEYS(X) X(arch) X(cpu_model) X(compiler) X(flags) X(threads) X(isa_dispatched)

static const char *tock__prov_user(const tock__state *S, const char *key) {
    for (size_t i = 0; i < S->nprov; i++)
        if (strcmp(S->prov_kv[2 * i], key) == 0) return S->prov_kv[2 * i + 1];
    return NULL;
}

/* the current value of a fingerprint key, in buf; NULL when unknown */
static const char *tock__fp_current(const tock__state *S, const tock__prov *p, const char *key,
                                    char *buf, size_t cap) {
    if (strcmp(key, "arch") == 0) return tock__arch();
    if (strcmp(key, "cpu_model") == 0) return p->ci.model;
    if (strcmp(key, "compiler") == 0) {
        snprintf(buf, cap, "%s %s", tock__compiler_id(), tock__compiler_version());
        return buf;
    }
    if (strcmp(key, "flags") == 0) return TOCK_COMPILE_FLAGS;
    if (strcmp(key, "threads") == 0) {
        snprintf(buf, cap, "%d", S->cfg.threads);
        return buf;
    }
    return tock__prov_user(S, key);
}

/* env lines: every value on one line (newlines would end the record) */
static void tock__bl_env(tock__buf *b, const char *key, const char *val) {
    tock__buf_printf(b, "env %s ", key);
    for (const char *c = val && *val ? val : "unknown"; *c; c++) {
        char ch = (*c == '\n' || *c == '\r') ? ' ' : *c;
        tock__buf_put(b, &ch, 1);
    }
    tock__buf_puts(b, "\n");
}

static void tock__bl_text(tock__state *S, const tock__prov *p, const char *name, tock__buf *b) {
    char date[32], tmp[512];
    tock__utc(date, sizeof date, "%Y-%m-%dT%H:%M:%SZ", time(NULL));
    tock__buf_printf(b, "tock-baseline %d\nname %s\ncreated %s\nrun %s\n", TOCK_BASELINE_VERSION,
                     name, date, S->run_id[0] ? S->run_id : "none");
#define TOCK__FP_WRITE(k) tock__bl_env(b, #k, tock__fp_current(S, p, #k, tmp, sizeof tmp));
    TOCK__FP_KEYS(TOCK__FP_WRITE)
#undef TOCK__FP_WRITE
    tock__bl_env(b, "commit", TOCK_GIT_COMMIT);
    tock__bl_env(b, "tock_version", TOCK_VERSION_STRING);
    size_t nb = 0;
    for (size_t i = 0; i < S->nbench; i++) {
        const tock__bench *x = &S->benches[i];
        if (x->state != TOCK__DONE) continue;
        char a[40], c[40], d[40];
        tock__buf_printf(b, "bench %s %zu\n", x->id, x->n);
        tock__fmt_g17(a, x->an.est.slope.point);
        tock__fmt_g17(c, x->an.est.slope.lower);
        tock__fmt_g17(d, x->an.est.slope.upper);
        tock__buf_printf(b, "typical %s %s %s\n", a, c, d);
        tock__fmt_g17(a, x->an.est.median.point);
        tock__fmt_g17(c, x->an.est.median.lower);
        tock__fmt_g17(d, x->an.est.median.upper);
        tock__buf_printf(b, "median %s %s %s\n", a, c, d);
        for (size_t k = 0; k < x->n; k++) {
            tock__fmt_g17(a, x->ns[k]);
            tock__buf_printf(b, "%llu %s\n", (unsigned long long)x->iters[k], a);
        }
        nb++;
    }
    tock__buf_printf(b, "end %zu\n", nb);
}

/* <baseline dir>: --baseline-dir, else baselines/ beside --out's last part */
static void tock__bl_root(tock__state *S) {
    if (S->cfg.baseline_dir) {
        snprintf(S->bl_root, sizeof S->bl_root, "%s", S->cfg.baseline_dir);
        return;
    }
    char o[TOCK__PATH];
    snprintf(o, sizeof o, "%s", S->cfg.out_dir);
    size_t n = strlen(o);
    while (n > 1 && o[n - 1] == '/') o[--n] = '\0';
    char *sl = strrchr(o, '/');
    if (!sl)
        snprintf(S->bl_root, sizeof S->bl_root, "baselines");
    else if (sl == o)
        snprintf(S->bl_root, sizeof S->bl_root, "/baselines");
    else {
        *sl = '\0';
        snprintf(S->bl_root, sizeof S->bl_root, "%s/baselines", o);
    }
}

static int tock__save_baseline(tock__state *S, const tock__prov *p) {
    const char *name = S->cfg.save_baseline;
    char dir[TOCK__PATH + 128], path[TOCK__PATH + 160], tmp[TOCK__PATH + 200];
    snprintf(dir, sizeof dir, "%s/%s", S->bl_root, name);
    snprintf(path, sizeof path, "%s/baseline.txt", dir);
    snprintf(tmp, sizeof tmp, "%s.tmp.%ld", path, (long)getpid());
    tock__buf b = {0};
    tock__bl_text(S, p, name, &b);
    if (b.err) return b.err;
    FILE *f = NULL;
    if (tock__mkdirs(dir) != 0) goto fail;
    f = fopen(tmp, "wb");
    if (!f) goto fail;
    if (fwrite(b.p, 1, b.len, f) != b.len || fflush(f) != 0 ||
        (fsync(fileno(f)) != 0 && errno != EINVAL)) {
        fclose(f);
        remove(tmp);
        goto fail;
    }
    if (fclose(f) != 0 || rename(tmp, path) != 0) {
        remove(tmp);
        goto fail;
    }
    tock__sync_dir(dir);
    tock__buf_free(&b);
    printf("tock: saved baseline '%s' (%s)\n", name, path);
    return 0;
fail:
    fprintf(stderr, "tock: --save-baseline %s: cannot write %s: %s\n", name, path,
            strerror(errno));
    tock__buf_free(&b);
    return TOCK_EIO;
}

static char *tock__slurp(const char *path, size_t *len) {
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    size_t cap = 1 << 16, n = 0;
    char *p = (char *)TOCK_MALLOC(cap);
    while (p) {
        size_t got = fread(p + n, 1, cap - n, f);
        n += got;
        if (n < cap) {
            if (ferror(f)) {
                TOCK_FREE(p);
                p = NULL;
            }
            break;
        }
        char *q = (char *)TOCK_REALLOC(p, cap * 2);
        if (!q) {
            TOCK_FREE(p);
            p = NULL;
            break;
        }
        p = q;
        cap *= 2;
    }
    fclose(f);
    if (p) *len = n;
    return p;
}

/* Loads <root>/<name>/baseline.txt; messages name the flag, the file and the line. */
static int tock__load_baseline(tock__state *S, const char *flag, const char *name,
                               tock_baseline *bl, char *path, size_t cap) {
    snprintf(path, cap, "%s/%s/baseline.txt", S->bl_root, name);
    size_t len = 0;
    char *text = tock__slurp(path, &len);
    if (!text) {
        fprintf(stderr, "tock: %s %s: cannot read %s: %s (try --list-baselines)\n", flag, name,
                path, strerror(errno));
        return TOCK_EIO;
    }
    char err[256];
    int rc = tock_baseline_parse(text, len, bl, err, sizeof err);
    TOCK_FREE(text);
    if (rc < 0) {
        fprintf(stderr, "tock: %s %s: %s: %s\n", flag, name, path, err);
        return rc;
    }
    if (strcmp(bl->name, name) != 0)
        fprintf(stderr, "tock: warning: %s: the file names baseline '%s' (copied or renamed?)\n",
                path, bl->name);
    return 0;
}

static int tock__cmp_str(const void *a, const void *b) {
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static int tock__list_baselines(tock__state *S) {
    DIR *d = opendir(S->bl_root);
    if (!d) {
        if (errno == ENOENT) {
            printf("no baselines in %s\n", S->bl_root);
            return 0;
        }
        fprintf(stderr, "tock: --list-baselines: cannot read %s: %s\n", S->bl_root,
                strerror(errno));
        return TOCK_EIO;
    }
    char **names = NULL;
    size_t n = 0, cap = 0;
    int rc = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (!tock__valid_name(e->d_name)) continue;
        if (n == cap) {
            size_t nc = cap ? 2 * cap : 16;
            char **nn = (char **)TOCK_REALLOC(names, nc * sizeof *nn);
            if (!nn) {
                rc = TOCK_ENOMEM;
                break;
            }
            names = nn;
            cap = nc;
        }
        if (!(names[n] = tock__strdup(e->d_name))) {
            rc = TOCK_ENOMEM;
            break;
        }
        n++;
    }
    closedir(d);
    if (n) qsort(names, n, sizeof *names, tock__cmp_str);
    for (size_t i = 0; i < n && rc == 0; i++) {
        char path[TOCK__PATH + 256];
        snprintf(path, sizeof path, "%s/%s/baseline.txt", S->bl_root, names[i]);
        size_t len = 0;
        char *text = tock__slurp(path, &len);
        if (!text) continue; /* a directory that is not a baseline */
        tock_baseline bl;
        char err[256];
        if (tock_baseline_parse(text, len, &bl, err, sizeof err) == 0) {
            const char *isa = tock_baseline_env(&bl, "isa_dispatched");
            printf("%-24s %s  %3zu benchmarks  run %s%s%s\n", names[i], bl.created, bl.nbench,
                   bl.run_id, isa ? "  isa " : "", isa ? isa : "");
            tock_baseline_free(&bl);
        } else {
            printf("%-24s INVALID: %s: %s\n", names[i], path, err);
        }
        TOCK_FREE(text);
    }
    for (size_t i = 0; i < n; i++) TOCK_FREE(names[i]);
    TOCK_FREE(names);
    if (n == 0 && rc == 0) printf("no baselines in %s\n", S->bl_root);
    return rc;
}

static const tock_baseline_bench *tock__bl_find(const tock_baseline *bl, const char *id) {
    for (size_t i = 0; i < bl->nbench; i++)
        if (strcmp(bl->benches[i].id, id) == 0) return &bl->benches[i];
    return NULL;
}

/* Compares the fingerprint of `old` with `cur_bl` (another baseline) or, when
 * NULL, with this process. Returns the number of differences; prints each. */
static size_t tock__env_check(tock__state *S, const tock__prov *p, const tock_baseline *old,
                              const tock_baseline *cur_bl) {
    static const char *const keys[] = {
#define TOCK__FP_NAME(k) #k,
        TOCK__FP_KEYS(TOCK__FP_NAME)
#undef TOCK__FP_NAME
    };
    size_t nd = 0;
    char tmp[512];
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
        const char *a = tock_baseline_env(old, keys[i]);
        const char *b = cur_bl ? tock_baseline_env(cur_bl, keys[i])
                               : tock__fp_current(S, p, keys[i], tmp, sizeof tmp);
        char bb[600];
        snprintf(bb, sizeof bb, "%s", b && *b ? b : "unknown");
        for (char *c = bb; *c; c++)
            if (*c == '\n' || *c == '\r') *c = ' ';
        if (strcmp(a ? a : "unknown", bb) == 0) continue;
        nd++;
        tock__buf_printf(&S->env_diff, "%s: baseline '%s', %s '%s'\n", keys[i],
                         a ? a : "unknown", cur_bl ? "loaded" : "current", bb);
    }
    S->nenv_diff = nd;
    if (nd) {
        fprintf(stderr, "tock: %s: the machine fingerprint differs from baseline '%s' in %zu "
                        "key%s:\n%s",
                S->cfg.strict_env ? "error" : "warning", old->name, nd, nd == 1 ? "" : "s",
                S->env_diff.p ? S->env_diff.p : "");
        if (S->cfg.strict_env) fprintf(stderr, "tock: --strict-env: refusing to compare\n");
    }
    return nd;
}

static void tock__fmt_pct(char *out, size_t cap, double v) {
    snprintf(out, cap, "%+.2f%%", 100.0 * v);
}

static void tock__print_change_line(const tock__state *S, const tock__bench *b) {
    const char *red = S->color ? "\033[31m" : "", *grn = S->color ? "\033[32m" : "",
               *off = S->color ? "\033[0m" : "";
    const tock_change *c = &b->change;
    char lo[24], pt[24], hi[24];
    /* the line Criterion prints: the change the verdict is decided on */
    tock__fmt_pct(lo, sizeof lo, c->median.lower);
    tock__fmt_pct(pt, sizeof pt, c->median.point);
    tock__fmt_pct(hi, sizeof hi, c->median.upper);
    const char *col = c->verdict == TOCK_VERDICT_REGRESSED  ? red
                      : c->verdict == TOCK_VERDICT_IMPROVED ? grn
                                                            : "";
    if (strlen(b->id) > 23)
        printf("%s\n%24s", b->id, "");
    else
        printf("%-24s", b->id);
    printf("change: [%s %s %s] (p = %.3g", lo, pt, hi, c->p_value);
    if (!S->cfg.no_fdr) printf(", adjusted %.3g", c->p_adjusted);
    printf(")\n%24s%s%s%s\n", "", col, tock_verdict_sentence(c->verdict), off);
    tock__fmt_pct(lo, sizeof lo, c->typical.lower);
    tock__fmt_pct(pt, sizeof pt, c->typical.point);
    tock__fmt_pct(hi, sizeof hi, c->typical.upper);
    printf("%24s%s: [%s %s %s]\n", "", S->comparing == 3 ? "mean" : "typical", lo, pt, hi);
}

static const char *tock__test_name(const tock__state *S) {
    return S->comparing == 3 ? "paired rounds: Wilcoxon signed-rank test on the per-round log "
                               "ratios of the lower-quartile per-iteration times; verdict on "
                               "the Hodges-Lehmann change"
                             : "permutation test of the ratio of median per-iteration times; "
                               "verdict on the median change";
}

/* BH across the compared benchmarks, verdicts, the console block. Returns
 * the number of regressions. */
static size_t tock__decide_all(tock__state *S) {
    size_t m = 0, nreg = 0;
    for (size_t i = 0; i < S->nbench; i++) m += S->benches[i].has_change != 0;
    if (m == 0) return 0;
    double *p = (double *)TOCK_MALLOC(2 * m * sizeof *p);
    size_t k = 0;
    for (size_t i = 0; i < S->nbench; i++)
        if (S->benches[i].has_change && p) p[k++] = S->benches[i].change.p_value;
    int fdr = !S->cfg.no_fdr && p && tock_stats_bh(p, m, p + m) == 0;
    k = 0;
    for (size_t i = 0; i < S->nbench; i++) {
        tock__bench *b = &S->benches[i];
        if (!b->has_change) continue;
        b->change.p_adjusted = fdr ? p[m + k] : b->change.p_value;
        k++;
        b->change.verdict = tock_change_decide(&b->change, S->cfg.alpha, S->cfg.noise);
        nreg += b->change.verdict == TOCK_VERDICT_REGRESSED;
    }
    TOCK_FREE(p);
    const char *against = S->comparing == 3 ? S->cfg.ab : S->base.name;
    printf("\nChange against %s '%s' (%s; %s; alpha %.3g, noise +-%.3g%%, %.0f%% intervals):\n",
           S->comparing == 3 ? "the A/B reference" : "baseline", against, tock__test_name(S),
           S->cfg.no_fdr ? "no FDR correction" : "Benjamini-Hochberg across the suite",
           S->cfg.alpha, 100.0 * S->cfg.noise, 100.0 * S->cfg.confidence);
    for (size_t i = 0; i < S->nbench; i++)
        if (S->benches[i].has_change) tock__print_change_line(S, &S->benches[i]);
    for (size_t i = 0; i < S->nbench; i++)
        if (S->benches[i].skipped)
            printf("%-24sskipped: not in the baseline (--baseline-lenient)\n", S->benches[i].id);
    fflush(stdout);
    return nreg;
}

static int tock__compare_one(tock__state *S, tock__bench *b) {
    const tock_baseline_bench *o = tock__bl_find(&S->base, b->id);
    if (!o) {
        b->skipped = 1;
        return 0;
    }
    int rc = tock_compare_samples(o->iters, o->ns, o->n, b->iters, b->ns, b->n,
                                  S->cfg.nresamples, S->cfg.confidence,
                                  tock__bench_seed(S->cfg.seed ^ UINT64_C(0x636f6d70), b->id),
                                  &b->change);
    if (rc < 0) return rc;
    b->has_change = 1;
    return 0;
}

static void tock__json_change(tock__json *j, const tock__bench *b) {
    tock__json_begin(j, "change", '{');
    tock__json_estimate(j, "typical", &b->change.typical);
    tock__json_estimate(j, "median", &b->change.median);
    tock__json_double(j, "p_value", b->change.p_value);
    tock__json_double(j, "p_adjusted", b->change.p_adjusted);
    tock__json_string(j, "verdict", tock_verdict_name(b->change.verdict));
    if (b->change.rounds) { /* paired (--ab): rounds judged, why they stopped */
        tock__json_u64(j, "rounds", b->change.rounds);
        tock__json_string(j, "stop", tock_ab_stop_name(b->change.stop));
        tock__json_double(j, "confidence_level", b->change.confidence);
    }
    tock__json_end(j, '}');
}

static void tock__json_comparison(tock__state *S, tock__json *j) {
    tock__json_begin(j, "comparison", '{');
    tock__json_string(j, "mode", S->comparing == 3   ? "ab"
                                 : S->comparing == 2 ? "load_baseline"
                                                     : "baseline");
    if (S->comparing == 3) {
        tock__json_string(j, "reference", S->cfg.ab);
        tock__json_u64(j, "rounds", S->cfg.ab_rounds);
        tock__json_string(j, "order", "ABBA (A = this program, B = the reference)");
    } else {
        tock__json_string(j, "baseline", S->base.name);
        tock__json_string(j, "baseline_file", S->base_path);
        tock__json_string(j, "baseline_created", S->base.created);
        tock__json_string(j, "baseline_run", S->base.run_id);
        if (S->comparing == 2) {
            tock__json_string(j, "loaded", S->loaded.name);
            tock__json_string(j, "loaded_file", S->loaded_path);
        }
    }
    tock__json_string(j, "change_definition", "new / old - 1 (positive = slower)");
    tock__json_string(j, "test", tock__test_name(S));
    tock__json_string(j, "interval", "percentile bootstrap");
    tock__json_string(j, "fdr", S->cfg.no_fdr ? "none" : "benjamini-hochberg");
    tock__json_double(j, "significance_level", S->cfg.alpha);
    tock__json_double(j, "noise_threshold", S->cfg.noise);
    tock__json_double(j, "confidence_level", S->cfg.confidence);
    size_t cnt[4] = {0, 0, 0, 0};
    for (size_t i = 0; i < S->nbench; i++)
        if (S->benches[i].has_change) cnt[S->benches[i].change.verdict]++;
    tock__json_u64(j, "regressed", cnt[TOCK_VERDICT_REGRESSED]);
    tock__json_u64(j, "improved", cnt[TOCK_VERDICT_IMPROVED]);
    tock__json_u64(j, "within_noise", cnt[TOCK_VERDICT_NOISE]);
    tock__json_u64(j, "no_change", cnt[TOCK_VERDICT_NO_CHANGE]);
    tock__json_begin(j, "skipped", '[');
    for (size_t i = 0; i < S->nbench; i++)
        if (S->benches[i].skipped) tock__json_string(j, NULL, S->benches[i].id);
    tock__json_end(j, ']');
    tock__json_begin(j, "environment_differences", '[');
    if (S->env_diff.p) {
        const char *s = S->env_diff.p;
        while (*s) {
            const char *nl = strchr(s, '\n');
            size_t n = nl ? (size_t)(nl - s) : strlen(s);
            char line[1400];
            snprintf(line, sizeof line, "%.*s", (int)(n < sizeof line ? n : sizeof line - 1), s);
            tock__json_string(j, NULL, line);
            s += n + (nl ? 1 : 0);
        }
    }
    tock__json_end(j, ']');
    tock__json_end(j, '}');
}

static int tock__write_compare_md(tock__state *S) {
    tock__buf b = {0};
    size_t cnt[4] = {0, 0, 0, 0}, nsk = 0;
    for (size_t i = 0; i < S->nbench; i++) {
        if (S->benches[i].has_change) cnt[S->benches[i].change.verdict]++;
        nsk += S->benches[i].skipped != 0;
    }
    if (S->comparing == 3)
        tock__buf_printf(&b, "### tock: paired A/B against `%s` (%zu ABBA rounds)\n\n", S->cfg.ab,
                         S->cfg.ab_rounds);
    else
        tock__buf_printf(&b, "### tock: comparison with baseline `%s` (created %s)\n\n",
                         S->base.name, S->base.created);
    tock__buf_printf(&b, "**%zu regressed**, %zu improved, %zu unchanged (%zu within noise).\n\n",
                     cnt[TOCK_VERDICT_REGRESSED], cnt[TOCK_VERDICT_IMPROVED],
                     cnt[TOCK_VERDICT_NO_CHANGE] + cnt[TOCK_VERDICT_NOISE], cnt[TOCK_VERDICT_NOISE]);
    if (cnt[TOCK_VERDICT_REGRESSED] + cnt[TOCK_VERDICT_IMPROVED]) {
        tock__buf_puts(&b, "| benchmark | verdict | time | change [interval] | typical-time "
                           "change | p (adjusted) |\n|---|---|---|---|---|---|\n");
        for (int pass = 0; pass < 2; pass++) {
            tock_verdict want = pass == 0 ? TOCK_VERDICT_REGRESSED : TOCK_VERDICT_IMPROVED;
            for (size_t i = 0; i < S->nbench; i++) {
                const tock__bench *x = &S->benches[i];
                if (!x->has_change || x->change.verdict != want) continue;
                const tock_change *c = &x->change;
                char t[32], lo[24], pt[24], hi[24], md[24];
                tock__fmt_time(t, sizeof t, x->an.est.slope.point);
                tock__fmt_pct(lo, sizeof lo, c->median.lower);
                tock__fmt_pct(pt, sizeof pt, c->median.point);
                tock__fmt_pct(hi, sizeof hi, c->median.upper);
                tock__fmt_pct(md, sizeof md, c->typical.point);
                tock__buf_puts(&b, "| ");
                tock__md_cell(&b, x->id);
                tock__buf_printf(&b, " | %s | %s | %s [%s, %s] | %s | %.3g (%.3g) |\n",
                                 pass == 0 ? "regressed" : "improved", t, pt, lo, hi, md,
                                 c->p_value, c->p_adjusted);
            }
        }
        tock__buf_puts(&b, "\n");
    }
    tock__buf_printf(&b, "%zu benchmark%s unchanged (no significant change, or within the "
                         "+-%.3g%% noise band).\n",
                     cnt[TOCK_VERDICT_NO_CHANGE] + cnt[TOCK_VERDICT_NOISE],
                     cnt[TOCK_VERDICT_NO_CHANGE] + cnt[TOCK_VERDICT_NOISE] == 1 ? "" : "s",
                     100.0 * S->cfg.noise);
    if (nsk) {
        tock__buf_printf(&b, "\nSkipped (not in the baseline): ");
        size_t k = 0;
        for (size_t i = 0; i < S->nbench; i++)
            if (S->benches[i].skipped)
                tock__buf_printf(&b, "%s`%s`", k++ ? ", " : "", S->benches[i].id);
        tock__buf_puts(&b, "\n");
    }
    if (S->nenv_diff) {
        tock__buf_puts(&b, "\n**Machine fingerprint differs** (times may not be comparable):\n\n");
        const char *s = S->env_diff.p;
        while (s && *s) {
            const char *nl = strchr(s, '\n');
            size_t n = nl ? (size_t)(nl - s) : strlen(s);
            tock__buf_puts(&b, "- ");
            char line[1400];
            snprintf(line, sizeof line, "%.*s", (int)(n < sizeof line ? n : sizeof line - 1), s);
            tock__md_cell(&b, line);
            tock__buf_puts(&b, "\n");
            s += n + (nl ? 1 : 0);
        }
    }
    tock__buf_printf(&b,
                     "\n<sub>Change = new/old - 1 of the %s, %.0f%% interval; test: %s; %s; a "
                     "verdict needs p < %.3g and the whole interval outside +-%.3g%%. "
                     "Typical-time change: %s.</sub>\n",
                     S->comparing == 3 ? "per-round lower-quartile times (Hodges-Lehmann)"
                                       : "median per-iteration time",
                     100.0 * S->cfg.confidence, tock__test_name(S),
                     S->cfg.no_fdr ? "no FDR correction" : "Benjamini-Hochberg FDR",
                     S->cfg.alpha, 100.0 * S->cfg.noise,
                     S->comparing == 3 ? "exp(mean per-round log ratio) - 1"
                                       : "OLS slope, new/old - 1, percentile bootstrap");
    int rc = tock__write_artifact(S, "COMPARE.md", &b);
    tock__buf_free(&b);
    return rc;
}

/* ---- A/B ---- */

static int tock__self_exe(const char *argv0, char *out, size_t cap) {
    ssize_t n = readlink("/proc/self/exe", out, cap - 1);
    if (n > 0) {
        out[n] = '\0';
        return 0;
    }
    if (argv0 && strchr(argv0, '/')) {
        snprintf(out, cap, "%s", argv0);
        return 0;
    }
    return -1;
}

/* One worker: prog --ab-worker with this run's settings, measuring what
 * filter (exact: the one id; NULL: everything) selects; stdout to out_path. */
static int tock__ab_spawn(tock__state *S, const char *prog, const char *filter, int exact,
                          const char *out_path, tock_baseline *bl, char *err, size_t errcap) {
    const tock__config *c = &S->cfg;
    char warm[40], meas[40], ss[32], seed[32], thr[16];
    snprintf(warm, sizeof warm, "%.17g", c->warm_up_s);
    snprintf(meas, sizeof meas, "%.17g", c->measurement_s);
    snprintf(ss, sizeof ss, "%zu", c->sample_size);
    snprintf(seed, sizeof seed, "%llu", (unsigned long long)c->seed);
    snprintf(thr, sizeof thr, "%d", c->threads);
    const char *timer = c->timer == TOCK__TIMER_TSC ? "tsc"
                        : c->timer == TOCK__TIMER_MONOTONIC ? "monotonic" : "auto";
    char *argv[24];
    int n = 0;
    argv[n++] = (char *)prog;
    argv[n++] = (char *)"--ab-worker";
    argv[n++] = (char *)"--warm-up-time";
    argv[n++] = warm;
    argv[n++] = (char *)"--measurement-time";
    argv[n++] = meas;
    argv[n++] = (char *)"--sample-size";
    argv[n++] = ss;
    argv[n++] = (char *)"--nresamples";
    argv[n++] = (char *)"1000";
    argv[n++] = (char *)"--seed";
    argv[n++] = seed;
    argv[n++] = (char *)"--threads";
    argv[n++] = thr;
    argv[n++] = (char *)"--timer";
    argv[n++] = (char *)timer;
    argv[n++] = (char *)"--target-precision";
    argv[n++] = (char *)"0";
    if (exact) argv[n++] = (char *)"--exact";
    if (filter) {
        argv[n++] = (char *)"--";
        argv[n++] = (char *)filter;
    }
    argv[n] = NULL;
    posix_spawn_file_actions_t fa;
    if (posix_spawn_file_actions_init(&fa) != 0) {
        snprintf(err, errcap, "cannot spawn %.300s", prog);
        return TOCK_EIO;
    }
    posix_spawn_file_actions_addopen(&fa, STDOUT_FILENO, out_path, O_WRONLY | O_CREAT | O_TRUNC,
                                     0666);
    pid_t pid;
    int src = posix_spawn(&pid, prog, &fa, NULL, argv, environ);
    posix_spawn_file_actions_destroy(&fa);
    if (src != 0) {
        snprintf(err, errcap, "cannot start %.300s: %s", prog, strerror(src));
        return TOCK_EIO;
    }
    int status = 0;
    while (waitpid(pid, &status, 0) < 0) {
        if (errno != EINTR) {
            snprintf(err, errcap, "waitpid: %s", strerror(errno));
            return TOCK_EIO;
        }
    }
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        snprintf(err, errcap, "%.300s --ab-worker failed (%s %d)", prog,
                 WIFEXITED(status) ? "exit status" : "signal",
                 WIFEXITED(status) ? WEXITSTATUS(status) : WTERMSIG(status));
        return TOCK_EIO;
    }
    size_t len = 0;
    char *text = tock__slurp(out_path, &len);
    if (!text) {
        snprintf(err, errcap, "cannot read %.300s", out_path);
        return TOCK_EIO;
    }
    char perr[256];
    int rc = tock_baseline_parse(text, len, bl, perr, sizeof perr);
    /* the worker's output is a file of the run: into the manifest's index */
    size_t rl = strlen(S->run_dir);
    if (rc == 0 && strncmp(out_path, S->run_dir, rl) == 0 && out_path[rl] == '/' &&
        tock__artifact_record(S, out_path + rl + 1, text, len) < 0) {
        tock_baseline_free(bl);
        TOCK_FREE(text);
        snprintf(err, errcap, "out of memory");
        return TOCK_ENOMEM;
    }
    TOCK_FREE(text);
    if (rc < 0) snprintf(err, errcap, "%.300s: output of %.300s: %.256s", out_path, prog, perr);
    return rc;
}

static double tock__lower_quartile(const tock_baseline_bench *x) {
    double *p = (double *)TOCK_MALLOC(x->n * sizeof *p);
    if (!p) return NAN; /* tock_compare_paired rejects it: TOCK_EINVAL */
    for (size_t k = 0; k < x->n; k++) p[k] = x->ns[k] / x->iters[k];
    double q = tock_stats_quantile(p, x->n, 0.25);
    TOCK_FREE(p);
    return q;
}

static int tock__append(double **a, size_t *n, size_t *cap, const double *v, size_t k) {
    if (*n + k > *cap) {
        size_t nc = *cap ? *cap : 64;
        while (nc < *n + k) nc *= 2;
        double *p = (double *)TOCK_REALLOC(*a, nc * sizeof *p);
        if (!p) return TOCK_ENOMEM;
        *a = p;
        *cap = nc;
    }
    memcpy(*a + *n, v, k * sizeof *v);
    *n += k;
    return 0;
}

/* The A/B line of a judged benchmark: its rounds and why they stopped. */
static void tock__ab_print_rounds(const tock__bench *b, const tock_ab_plan *plan, size_t looks) {
    const tock_change *ch = &b->change;
    if (ch->stop == TOCK_AB_INTERRUPTED) {
        printf("%24sA/B:    %zu rounds, interrupted (%.4g%% interval)\n", "", ch->rounds,
               100.0 * ch->confidence);
    } else {
        size_t look = ch->rounds >= plan->max_rounds
                          ? looks
                          : (ch->rounds - plan->min_rounds) / plan->every + 1;
        printf("%24sA/B:    %zu rounds, %s at look %zu of %zu (%.4g%% interval)\n", "",
               ch->rounds, tock_ab_stop_name(ch->stop), look, looks, 100.0 * ch->confidence);
    }
    fflush(stdout);
}

enum { TOCK__AB_LIVE = 1, TOCK__AB_GOT_A = 2, TOCK__AB_GOT_B = 4 };

/* Paired rounds. A = this program, B = the reference, order A B B A A B B A...
 * A round measures every unsettled benchmark once per build. While more
 * than 3/4 of the selected benchmarks are unsettled, one child per build
 * measures the whole filter (two process starts a round); below that, one
 * child per build and unsettled benchmark (--exact ID, A and B back to
 * back): a child costs ~0.05 s to start against ~0.13 s per benchmark it
 * measures at the --ab defaults (tock-perf on the project's 2-vCPU VM), so
 * from there on the extra starts cost less than measuring settled
 * benchmarks again. Each child's stdout, in the baseline format, is kept as
 * <run>/ab/round-NNN-{A,B}.txt (one child per benchmark:
 * round-NNN-{A,B}-<id>.txt). A benchmark's looks (tock_ab_settle) come
 * after --ab-rounds of its rounds, then every TOCK_AB_LOOK_EVERY and at
 * --ab-max-rounds; once settled it is measured no more. The bench keeps A's
 * samples (time line and run files); the change is judged on the per-round
 * statistics only. On SIGINT the workers stop too (same process group);
 * each benchmark with >= 2 complete rounds is judged on them at the nominal
 * levels (stop "interrupted") and kept. */
static int tock__ab_run(tock__state *S, const tock__prov *p) {
    const tock__config *c = &S->cfg;
    char self[TOCK__PATH];
    if (tock__self_exe(S->prog_path, self, sizeof self) != 0) {
        fprintf(stderr, "tock: --ab: cannot find this program's own path\n");
        return TOCK_EUSAGE;
    }
    const size_t M = c->ab_max_rounds, NB = S->nbench;
    const tock_ab_plan plan = {c->ab_rounds, M, TOCK_AB_LOOK_EVERY, c->alpha, c->noise,
                               c->confidence};
    const size_t looks = tock_ab_looks(&plan);
    if (looks == 0) return TOCK_EINVAL;
    double *ta = (double *)TOCK_MALLOC(2 * M * NB * sizeof *ta);
    size_t *cap = (size_t *)TOCK_MALLOC(2 * NB * sizeof *cap);
    unsigned char *st = (unsigned char *)TOCK_MALLOC(NB);
    if (!ta || !cap || !st) {
        TOCK_FREE(ta);
        TOCK_FREE(cap);
        TOCK_FREE(st);
        return TOCK_ENOMEM;
    }
    double *tb = ta + M * NB;
    size_t *nr = cap + NB; /* complete rounds (both builds) per benchmark */
    size_t nsel = 0;
    for (size_t i = 0; i < NB; i++) {
        tock__bench *b = &S->benches[i];
        cap[i] = nr[i] = 0;
        st[i] = b->selected ? TOCK__AB_LIVE : 0;
        nsel += b->selected != 0;
        b->n = 0;
        TOCK_FREE(b->iters);
        TOCK_FREE(b->ns);
        b->iters = b->ns = NULL;
    }
    size_t nlive = nsel;
    int rc = 0;
    char abdir[TOCK__PATH + 8];
    snprintf(abdir, sizeof abdir, "%s/ab", S->run_dir);
    if (mkdir(abdir, 0777) != 0 && errno != EEXIST) {
        fprintf(stderr, "tock: --ab: cannot create %s: %s\n", abdir, strerror(errno));
        rc = TOCK_EIO;
        goto out;
    }
    for (size_t r = 0; r < M && nlive > 0 && !tock__sigint && rc == 0; r++) {
        const int whole = 4 * nlive > 3 * nsel;
        for (size_t j = 0; j < NB && rc == 0 && !tock__sigint; j++) {
            if (whole ? j > 0 : !(st[j] & TOCK__AB_LIVE)) continue;
            const char *id = whole ? NULL : S->benches[j].id;
            char tag[320] = "";
            if (id) { /* "-" and the samples file's name: "samples/" ... ".csv" */
                char fn[300];
                tock__sample_file_name(id, fn, sizeof fn);
                snprintf(tag, sizeof tag, "-%.*s", (int)(strlen(fn) - 12), fn + 8);
            }
            for (int k = 0; k < 2 && rc == 0; k++) {
                /* rounds 0, 2, 4...: A then B; 1, 3, 5...: B then A -> ABBA ABBA */
                const int is_b = (r % 2 == 0) ? k == 1 : k == 0;
                const char *prog = is_b ? c->ab : self, *side = is_b ? "B" : "A";
                char path[TOCK__PATH + 400], err[1024];
                snprintf(path, sizeof path, "%s/round-%03zu-%s%s.txt", abdir, r + 1, side, tag);
                tock__progress(S, 1, "A/B round %zu/%zu: %s%s%s", r + 1, M,
                               is_b ? "B (reference)" : "A", id ? " " : "", id ? id : "");
                tock_baseline bl;
                rc = tock__ab_spawn(S, prog, id ? id : c->filter, id ? 1 : c->exact, path, &bl,
                                    err, sizeof err);
                tock__progress_clear(S);
                if (rc < 0 && tock__sigint) { /* the workers got the Ctrl-C too */
                    rc = 0;
                    break;
                }
                if (rc < 0) {
                    fprintf(stderr, "tock: --ab: round %zu, %s: %s\n", r + 1, side, err);
                    rc = TOCK_EIO;
                    break;
                }
                if (r == 0 && is_b) { /* round 0 is always whole */
                    tock__buf_free(&S->env_diff);
                    memset(&S->env_diff, 0, sizeof S->env_diff);
                    if (tock__env_check(S, p, &bl, NULL) && c->strict_env) rc = TOCK_EUSAGE;
                }
                const size_t i0 = id ? j : 0, i1 = id ? j + 1 : NB;
                for (size_t i = i0; i < i1 && rc == 0; i++) {
                    tock__bench *b = &S->benches[i];
                    if (!(st[i] & TOCK__AB_LIVE)) continue;
                    const tock_baseline_bench *x = tock__bl_find(&bl, b->id);
                    if (!x) {
                        if (is_b && c->baseline_lenient) {
                            b->skipped = 1;
                            st[i] = 0;
                            nlive--;
                            continue;
                        }
                        fprintf(stderr, "tock: --ab: %s: benchmark '%s' is missing from %s's "
                                        "output (%s)\n", side, b->id, prog, path);
                        rc = TOCK_EUSAGE;
                        break;
                    }
                    /* the round's statistic: the lower quartile of its
                     * per-iteration times. Interference only adds time; on
                     * this project's busy 2-vCPU VM the per-round log ratio
                     * of an A/A pair had a spread of 3.1-5.4% with it,
                     * 5.7-9.7% with the median and 21-25% with the OLS slope
                     * (tools/gate/trials.sh runs, 20 rounds of 0.1 s). */
                    (is_b ? tb : ta)[i * M + nr[i]] = tock__lower_quartile(x);
                    st[i] |= is_b ? TOCK__AB_GOT_B : TOCK__AB_GOT_A;
                    if (!is_b) {
                        size_t n0 = b->n, c2 = cap[i];
                        rc = tock__append(&b->iters, &n0, &c2, x->iters, x->n);
                        if (rc == 0) {
                            n0 = b->n;
                            rc = tock__append(&b->ns, &n0, &cap[i], x->ns, x->n);
                        }
                        b->n = n0;
                    }
                }
                tock_baseline_free(&bl);
            }
        }
        /* a round counts once both builds measured the benchmark; then a look? */
        for (size_t i = 0; i < NB && rc == 0; i++) {
            tock__bench *b = &S->benches[i];
            if (!(st[i] & TOCK__AB_LIVE)) continue;
            const int both = (st[i] & TOCK__AB_GOT_A) && (st[i] & TOCK__AB_GOT_B);
            st[i] = TOCK__AB_LIVE;
            if (!both) continue;
            const size_t n = ++nr[i];
            if (tock__sigint || n < plan.min_rounds ||
                (n < M && (n - plan.min_rounds) % plan.every != 0))
                continue;
            rc = tock_ab_settle(&plan, tb + i * M, ta + i * M, n, 0, c->nresamples,
                                tock__bench_seed(c->seed, b->id) ^ UINT64_C(0x6162), &b->change);
            if (rc < 0) {
                fprintf(stderr, "tock: --ab: %s: %s (%s)\n", b->id, tock_strerror(rc),
                        tock_err_name(rc));
                break;
            }
            if (b->change.stop == TOCK_AB_CONTINUE) continue;
            st[i] = 0;
            nlive--;
            printf("tock: A/B: %s %s after %zu rounds (%s)\n", b->id,
                   b->change.stop == TOCK_AB_SETTLED ? "settled" : "reached --ab-max-rounds", n,
                   tock_verdict_name(b->change.verdict));
        }
        if (rc == 0 && !tock__sigint) {
            printf("tock: A/B round %zu/%zu done (%zu of %zu benchmark%s unsettled)\n", r + 1, M,
                   nlive, nsel, nsel == 1 ? "" : "s");
            fflush(stdout);
        }
    }
    if (rc < 0) goto out;
    for (size_t i = 0; i < NB && rc == 0; i++) {
        tock__bench *b = &S->benches[i];
        if (!b->selected || b->skipped) continue;
        const int cut = (st[i] & TOCK__AB_LIVE) != 0; /* still unsettled: SIGINT */
        if (cut && nr[i] < 2) continue; /* nothing to judge: listed as not measured */
        const uint64_t seed = tock__bench_seed(c->seed, b->id);
        if (cut) {
            rc = tock_ab_settle(&plan, tb + i * M, ta + i * M, nr[i], 1, c->nresamples,
                                seed ^ UINT64_C(0x6162), &b->change);
            if (rc < 0) break;
        }
        rc = tock_stats_analyze(b->iters, b->ns, b->n, c->nresamples, c->confidence, seed, &b->an);
        if (rc < 0) break;
        b->state = TOCK__DONE;
        b->stop = cut ? TOCK_STOP_INTERRUPTED : TOCK_STOP_SAMPLE_LIMIT;
        b->has_change = 1;
        tock__print_result(S, b);
        tock__ab_print_rounds(b, &plan, looks);
    }
out:
    TOCK_FREE(ta);
    TOCK_FREE(cap);
    TOCK_FREE(st);
    return rc;
}

/* --ab-worker: measure the selected benchmarks and print them on stdout in
 * the baseline format; no run directory, no other output on stdout. */
static int tock__worker(tock__state *S, const tock__prov *p) {
    int failed = 0;
    snprintf(S->run_id, sizeof S->run_id, "ab-worker");
    for (size_t i = 0; i < S->nbench && !tock__sigint; i++) {
        tock__bench *b = &S->benches[i];
        if (!b->selected) continue;
        int rc = tock__measure(S, b);
        if (rc < 0) {
            fprintf(stderr, "tock: %s: %s (%s)\n", b->id, tock_strerror(rc), tock_err_name(rc));
            failed = 1;
        }
    }
    if (tock__sigint) return 130;
    tock__buf buf = {0};
    tock__bl_text(S, p, "ab-worker", &buf);
    int rc = buf.err;
    if (rc == 0 && (fwrite(buf.p, 1, buf.len, stdout) != buf.len || fflush(stdout) != 0))
        rc = TOCK_EIO;
    tock__buf_free(&buf);
    return rc < 0 ? 2 : failed ? 1 : 0;
}

/* --load-baseline: the new side's samples instead of a measurement */
static int tock__from_loaded(tock__state *S, tock__bench *b) {
    const tock_baseline_bench *x = tock__bl_find(&S->loaded, b->id);
    if (!x) return 0;
    TOCK_FREE(b->iters);
    TOCK_FREE(b->ns);
    b->iters = (double *)TOCK_MALLOC(x->n * sizeof(double));
    b->ns = (double *)TOCK_MALLOC(x->n * sizeof(double));
    if (!b->iters || !b->ns) return TOCK_ENOMEM;
    memcpy(b->iters, x->iters, x->n * sizeof(double));
    memcpy(b->ns, x->ns, x->n * sizeof(double));
    b->n = x->n;
    b->total_iters = 0;
    for (size_t k = 0; k < x->n; k++) b->total_iters += (uint64_t)x->iters[k];
    b->stop = TOCK_STOP_SAMPLE_LIMIT;
    int rc = tock_stats_analyze(b->iters, b->ns, b->n, S->cfg.nresamples, S->cfg.confidence,
                                tock__bench_seed(S->cfg.seed, b->id), &b->an);
    if (rc < 0) return rc;
    b->state = TOCK__DONE;
    return 0;
}

static void tock__gate_free(tock__state *S) {
    tock_baseline_free(&S->base);
    tock_baseline_free(&S->loaded);
    tock__buf_free(&S->env_diff);
    memset(&S->env_diff, 0, sizeof S->env_diff);
    tock__free_all();
}

/* -------------------------------------------------------------------------- */
/* main                                                                        */

static void tock__on_sigint(int sig) {
    (void)sig;
    tock__sigint = 1;
}

static int tock__matches(const tock__config *c, const char *id) {
    if (!c->filter) return 1;
    return c->exact ? strcmp(id, c->filter) == 0 : strstr(id, c->filter) != NULL;
}

/* A finished benchmark: console lines, samples file, comparison. Returns 0,
 * TOCK_EIO when the samples file cannot be written (the run stops), or
 * another negative status when only the comparison failed. */
static int tock__bench_done(tock__state *S, tock__bench *b) {
    tock__print_result(S, b);
    if (tock__write_samples(S, b) < 0) return TOCK_EIO;
    if (S->comparing && tock__compare_one(S, b) < 0) {
        fprintf(stderr, "tock: %s: comparison failed\n", b->id);
        return TOCK_EINVAL;
    }
    return 0;
}

int tock_main(int argc, char **argv) {
    tock__state *S = &tock__S;
    const char *prog = argc > 0 && argv[0] ? argv[0] : "tock";
    const char *slash = strrchr(prog, '/');
    S->prog = slash ? slash + 1 : prog;
    S->prog_path = prog;
    tock__sigint = 0;
    int code = 0;
    S->comparing = 0;
    memset(&S->env_diff, 0, sizeof S->env_diff);
    S->nenv_diff = 0;

    int prc = tock__parse_args(&S->cfg, argc, argv);
    if (prc == TOCK__PARSE_EXIT0) {
        tock__free_all();
        return 0;
    }
    if (prc < 0) {
        tock__free_all();
        return 2;
    }
    tock__bl_root(S);
    if (S->cfg.list_baselines) {
        int lrc = tock__list_baselines(S);
        tock__free_all();
        return lrc < 0 ? 2 : 0;
    }
    if (S->reg_status < 0) {
        fprintf(stderr, "tock: registering '%s' failed: %s\n", S->reg_msg,
                tock_strerror(S->reg_status));
        tock__free_all();
        return 2;
    }
    size_t nsel = 0;
    for (size_t i = 0; i < S->nbench; i++) {
        tock__bench *b = &S->benches[i];
        b->selected = tock__matches(&S->cfg, b->id);
        b->state = TOCK__NOT_RUN;
        b->has_change = b->skipped = 0;
        nsel += b->selected != 0;
    }
    if (nsel == 0) {
        if (S->cfg.filter)
            fprintf(stderr, "tock: no benchmark %s '%s' (%zu registered; try --list)\n",
                    S->cfg.exact ? "is exactly" : "matches filter", S->cfg.filter, S->nbench);
        else
            fprintf(stderr, "tock: no benchmarks are registered\n");
        tock__free_all();
        return 2;
    }
    if (S->cfg.list) {
        for (size_t i = 0; i < S->nbench; i++)
            if (S->benches[i].selected) printf("%s: benchmark\n", S->benches[i].id);
        tock__free_all();
        return 0;
    }
    for (size_t i = 0; i < S->nbench; i++) {
        const tock__bench *b = &S->benches[i];
        if (b->selected && b->floor_id && !tock__find(S, b->floor_id) && !S->cfg.ab_worker)
            fprintf(stderr, "tock: warning: %s: floor_id '%s' is not a registered benchmark\n",
                    b->id, b->floor_id);
    }
    /* baselines are read and checked before anything is measured */
    if (S->cfg.baseline) {
        S->comparing = S->cfg.load_baseline ? 2 : 1;
        if (tock__load_baseline(S, "--baseline", S->cfg.baseline, &S->base, S->base_path,
                                sizeof S->base_path) < 0) {
            tock__gate_free(S);
            return 2;
        }
        if (S->cfg.load_baseline &&
            tock__load_baseline(S, "--load-baseline", S->cfg.load_baseline, &S->loaded,
                                S->loaded_path, sizeof S->loaded_path) < 0) {
            tock__gate_free(S);
            return 2;
        }
        size_t nmiss = 0;
        for (size_t i = 0; i < S->nbench; i++) {
            tock__bench *b = &S->benches[i];
            if (!b->selected) continue;
            if (S->comparing == 2 && !tock__bl_find(&S->loaded, b->id)) {
                b->selected = 0; /* load mode: the benchmarks of the loaded run */
                continue;
            }
            if (tock__bl_find(&S->base, b->id)) continue;
            if (S->cfg.baseline_lenient) {
                b->skipped = 1;
                continue;
            }
            fprintf(stderr, "tock: --baseline %s: benchmark '%s' is missing from %s "
                            "(--baseline-lenient skips it)\n",
                    S->cfg.baseline, b->id, S->base_path);
            nmiss++;
        }
        if (nmiss) {
            tock__gate_free(S);
            return 2;
        }
        nsel = 0;
        for (size_t i = 0; i < S->nbench; i++) nsel += S->benches[i].selected != 0;
        if (nsel == 0) {
            fprintf(stderr, "tock: --load-baseline %s: no selected benchmark is in %s\n",
                    S->cfg.load_baseline, S->loaded_path);
            tock__gate_free(S);
            return 2;
        }
    }
    if (S->cfg.ab) {
        if (access(S->cfg.ab, X_OK) != 0) {
            fprintf(stderr, "tock: --ab %s: expected an executable tock program: %s\n",
                    S->cfg.ab, strerror(errno));
            tock__free_all();
            return 2;
        }
        S->comparing = 3;
    }

    const char *nc = getenv("NO_COLOR");
    const char *term = getenv("TERM");
    S->tty_err = isatty(STDERR_FILENO);
    S->color = isatty(STDOUT_FILENO) && !(nc && *nc) && !(term && strcmp(term, "dumb") == 0);

    struct sigaction old_sa, sa;
    int handler_set = 0;
    if (sigaction(SIGINT, NULL, &old_sa) == 0 && old_sa.sa_handler != SIG_IGN) {
        /* SA_RESETHAND: a second Ctrl-C kills the process the default way */
        memset(&sa, 0, sizeof sa);
        sa.sa_handler = tock__on_sigint;
        sigemptyset(&sa.sa_mask);
        sa.sa_flags = SA_RESETHAND;
        handler_set = sigaction(SIGINT, &sa, NULL) == 0;
    }

    tock__prov prov;
    tock__gather_prov(&prov);
    if (S->comparing == 1 || S->comparing == 2) {
        if (tock__env_check(S, &prov, &S->base, S->comparing == 2 ? &S->loaded : NULL) &&
            S->cfg.strict_env) {
            code = 2;
            goto done;
        }
    }
    if (tock__timer_init(&S->timer, S->cfg.timer, &prov.ci) < 0) {
        code = 2;
        goto done;
    }
    if (S->cfg.ab_worker) {
        S->tty_err = 0;
        code = tock__worker(S, &prov);
        goto done;
    }
    /* the output directory is checked before anything is measured */
    if (tock__make_run_dir(S) < 0) {
        code = 2;
        goto done;
    }
    printf("tock %s: %zu benchmark%s, timer %s (%.6g MHz, overhead %.3g ns, min sample %.3g us)"
           "%s, run %s\n",
           TOCK_VERSION_STRING, nsel, nsel == 1 ? "" : "s", tock__timer_name(S->timer.source),
           S->timer.hz / 1e6, S->timer.overhead_ns, S->timer.min_sample_ns / 1e3,
           S->cfg.quick ? ", quick" : "", S->run_dir);
    fflush(stdout);
    double load1 = strtod(prov.loadavg, NULL);
    if (prov.ncpu > 0 && load1 > (double)prov.ncpu - 0.5)
        fprintf(stderr,
                "tock: warning: load average %.2f on %ld CPUs: other work competes for the "
                "cores and the results will be noisy\n",
                load1, prov.ncpu);
    if (tock__write_provenance(S, &prov) < 0) {
        code = 2;
        goto done;
    }

    int failed = 0;
    if (S->comparing == 3) {
        int arc = tock__ab_run(S, &prov);
        if (arc < 0) {
            code = 2;
            goto done;
        }
    }
    /* Passes: epoch e of every selected benchmark, then epoch e + 1, so each
     * benchmark's epochs are spread over the whole run. A benchmark's result
     * is printed when its last epoch is done. */
    const size_t passes = S->comparing == 3 || S->comparing == 2 ? 1 : S->cfg.epochs;
    for (size_t e = 0; e < passes && !tock__sigint && S->comparing != 3; e++) {
        for (size_t i = 0; i < S->nbench && !tock__sigint; i++) {
            tock__bench *b = &S->benches[i];
            if (!b->selected || b->state == TOCK__FAILED) continue;
            int rc = 0;
            if (S->comparing == 2)
                rc = tock__from_loaded(S, b);
            else {
                rc = tock__measure_epoch(S, b, e);
                if (rc == 0 && e + 1 == passes) rc = tock__analyze_bench(S, b);
            }
            if (rc < 0) {
                fprintf(stderr, "tock: %s: %s (%s)\n", b->id, tock_strerror(rc),
                        tock_err_name(rc));
                failed = 1;
                continue;
            }
            if (b->state == TOCK__DONE && (S->comparing == 2 || e + 1 == passes)) {
                rc = tock__bench_done(S, b);
                if (rc == TOCK_EIO) {
                    code = 2;
                    goto done;
                }
                if (rc < 0) failed = 1;
            }
        }
        if (e + 1 < passes && !tock__sigint) {
            printf("tock: pass %zu/%zu done (epoch %zu of every benchmark)\n", e + 1, passes,
                   e + 1);
            fflush(stdout);
        }
    }
    /* Ctrl-C in an earlier pass: what the finished epochs say, marked interrupted */
    if (tock__sigint && S->comparing != 3 && S->comparing != 2)
        for (size_t i = 0; i < S->nbench; i++) {
            tock__bench *b = &S->benches[i];
            if (!b->selected || b->state != TOCK__NOT_RUN || b->nepochs == 0) continue;
            if (tock__analyze_bench(S, b) < 0 || b->state != TOCK__DONE) continue;
            int rc = tock__bench_done(S, b);
            if (rc == TOCK_EIO) {
                code = 2;
                goto done;
            }
        }
    if (S->comparing == 3)
        for (size_t i = 0; i < S->nbench; i++)
            if (S->benches[i].state == TOCK__DONE && tock__write_samples(S, &S->benches[i]) < 0) {
                code = 2;
                goto done;
            }
    int interrupted = tock__sigint != 0;
    if (interrupted) fprintf(stderr, "tock: interrupted; keeping the completed benchmarks\n");
    size_t nreg = S->comparing && !interrupted ? tock__decide_all(S) : 0;
    code = interrupted ? 130 : (failed || nreg) ? 1 : 0;
    if (S->cfg.save_baseline) {
        if (interrupted)
            fprintf(stderr, "tock: --save-baseline %s: not saved, the run was interrupted\n",
                    S->cfg.save_baseline);
        else if (tock__save_baseline(S, &prov) < 0) {
            code = 2;
            goto done;
        }
    }
    if (tock__compute_fits(S) < 0) {
        fprintf(stderr, "tock: scaling fits: out of memory\n");
        code = 2;
        goto done;
    }
    tock__print_fits(S);
    if (tock__write_provenance(S, &prov) < 0 || tock__write_summary_json(S, interrupted) < 0 ||
        tock__write_sweeps(S) < 0 ||
        tock__write_summary_csv(S) < 0 || tock__write_report(S, &prov, interrupted) < 0 ||
        (S->comparing && !interrupted && tock__write_compare_md(S) < 0) ||
        tock__write_manifest(S, interrupted, code) < 0) {
        code = 2;
        goto done;
    }
    if (nreg)
        printf("tock: %zu benchmark%s regressed (exit status 1)\n", nreg, nreg == 1 ? "" : "s");
    tock__sync_dir(S->run_dir);
    printf("tock: wrote %s\n", S->run_dir);
done:
    fflush(stdout);
    TOCK_FREE(prov.ci.flags);
    if (handler_set) sigaction(SIGINT, &old_sa, NULL);
    tock__gate_free(S);
    return code;
}

#endif /* TOCK_IMPLEMENTATION */
