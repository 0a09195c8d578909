/* internal.h - what the modules of the tock.h implementation share: the
 * system headers, the allocation and assertion overrides, the process-wide
 * state, the inline counter readers of the timed region, and the functions
 * one module calls in another (listed under the module that defines them).
 * Every module includes it first. Benchmarks never include it; tests that
 * check internals may.
 */
#ifndef TOCK_INTERNAL_H
#define TOCK_INTERNAL_H

/* POSIX.1-2008 (clock_gettime, fsync, sigaction, posix_spawn, ...); must
 * come before the first system header of the translation unit. */
#if !defined(_POSIX_C_SOURCE) && !defined(_XOPEN_SOURCE) && !defined(_GNU_SOURCE) &&               \
    !defined(_DEFAULT_SOURCE)
#define _POSIX_C_SOURCE 200809L
#endif

#include "api.h"
#include "util.h"

/* Compiled as C++ (a C++ project defining TOCK_IMPLEMENTATION): the C
 * idiom `T x = {0}` leaves the other members zero, which g++ and clang++
 * report (-Wextra, -Wmissing-braces); perf/amalgamate.sh pops this after
 * the implementation. */
#if defined(__cplusplus) && defined(__GNUC__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"
#pragma GCC diagnostic ignored "-Wmissing-braces"
#endif

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
#include <pthread.h>
#include <regex.h>

#if defined(__GLIBC__) && (!defined(_POSIX_VERSION) || _POSIX_VERSION < 200809L)
#error                                                                                             \
    "tock.h: the implementation needs POSIX.1-2008. Make tock.h the first include of the file that defines TOCK_IMPLEMENTATION, or compile that file with -D_POSIX_C_SOURCE=200809L."
#endif

/* TOCK_ASSERT guards internal invariants only (never user input, which
 * gets an error status). */
#ifndef TOCK_ASSERT
#include <assert.h>
#define TOCK_ASSERT(c) assert(c)
#endif

#define TOCK__MAD_SCALE 1.4826 /* 1/Phi^-1(3/4): MAD estimates sigma for normal data */
/* tock__parse_args: run, or exit 0 after --help / --version */
enum { TOCK__PARSE_RUN = 0, TOCK__PARSE_EXIT0 = 1 };
extern char **environ; /* POSIX; glibc declares it only under _GNU_SOURCE */

/* The largest input file read (a baseline, an A/B worker's output): the
 * whole default suite's baseline is about 1 MiB. */
#define TOCK__MAX_INPUT ((size_t)64 << 20)
#define TOCK__PATH 4096
#define TOCK__DEFAULT_SEED 0x746f636bu /* "tock" */

/* ---- process-wide state (state.c) ---- */
enum { TOCK__TIMER_AUTO = 0, TOCK__TIMER_TSC, TOCK__TIMER_MONOTONIC };
enum { TOCK__SRC_MONOTONIC = 0, TOCK__SRC_TSC, TOCK__SRC_CNTVCT };

typedef struct tock__config {
    double warm_up_s, measurement_s, confidence, target_precision;
    size_t sample_size, nresamples, epochs;
    uint64_t seed;
    int threads, quick, exact, list, timer;
    int warm_set, meas_set; /* --warm-up-time / --measurement-time given */
    const char *filter, *out_dir;
    /* baselines and the gate */
    const char *save_baseline, *baseline, *load_baseline, *baseline_dir, *ab;
    int baseline_lenient, list_baselines, no_fdr, strict_env, ab_worker;
    double noise, alpha;
    size_t ab_rounds, ab_max_rounds; /* first and last look (tock_ab_settle) */
    double ab_timeout_s;             /* per worker run; 0: from its budget */
    /* --measure instructions: counts under callgrind (count_run.c) */
    int measure, threads_set; /* TOCK__MEASURE_*; --threads given explicitly */
    double count_threshold;   /* est. cycles change that is a regression */
    double max_regression;    /* the margin rule's margin; 0: noise-band rule */
    double ab_budget_s;       /* wall time for the --ab rounds */
    const char *ab_first;     /* --ab-first: ids timed first, comma-separated */
    int strict;               /* inconclusive -> exit 1 */
    int ab_counts;            /* TOCK__AB_COUNTS_*: the gate's count stage */
} tock__config;
enum { TOCK__MEASURE_TIME = 0, TOCK__MEASURE_INSTRUCTIONS = 1 };
enum { TOCK__AB_COUNTS_AUTO = 0, TOCK__AB_COUNTS_ON = 1, TOCK__AB_COUNTS_OFF = 2 };

typedef struct tock__timer {
    int source;
    double hz; /* counter frequency, 1e9 for CLOCK_MONOTONIC */
    double ns_per_tick;
    double overhead_ns;           /* median of (second - first) of two back-to-back reads */
    double resolution_ns;         /* smallest nonzero step between back-to-back reads */
    double nominal_resolution_ns; /* 1/hz, or clock_getres */
    double min_sample_ns;         /* 1000 x max(resolution, overhead) */
    int constant_tsc, nonstop_tsc;
    double cntfrq_hz;
    char note[256]; /* why the source was chosen */
} tock__timer;

enum { TOCK__NOT_RUN = 0, TOCK__DONE, TOCK__FAILED };
#define TOCK__MAX_EPOCHS 64

/* A user counter of one benchmark (tock_counter, counters.c). */
typedef struct tock__counter {
    char name[32];
    int flags;
    double sum, last; /* sum over the measured samples; the last value */
} tock__counter;

struct tock__team; /* the threads of a .threads benchmark (threads.c) */

/* thread-local: the benchmark this thread sets up or measures, and its
 * thread index (tock_arg, tock_counter, tock_thread_index) */
#ifdef __cplusplus
#define TOCK__TLS thread_local
#else
#define TOCK__TLS _Thread_local
#endif

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
    int64_t args[TOCK_MAX_ARGS]; /* tock_register_range/args/product */
    size_t nargs;
    /* counters (counters.c); counting: a measured sample is running */
    tock__counter counters[TOCK_MAX_COUNTERS];
    size_t ncounters;
    int counting;
    char err_msg[192]; /* why the benchmark failed, when it says more than the status */
    /* totals over the measured samples: iterations (all threads'), timed
     * ns, process CPU ns (CLOCK_PROCESS_CPUTIME_ID around each call) */
    uint64_t count_iters, cpu_iters;
    double count_ns, cpu_ns, cpu_wall_ns;
    /* managed inputs: the batch buffer and how many inputs it holds */
    unsigned char *inputs;
    size_t inputs_cap;
    /* threads: the team of an epoch; sums over the measured samples of one
     * thread's mean time and of the start skew after the barrier */
    struct tock__team *team;
    double thr_ns, thr_skew_ns;
    uint64_t thr_iters, thr_samples;
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
    char key[256]; /* group[/name]: the ids without their parameter */
    char unit[32]; /* parameter_unit, "" when none */
    double nmin, nmax;
    tock_fit fit;
} tock__fitrec;
typedef struct tock__crossrec {
    size_t a, b; /* indexes into tock__state.fits */
    tock_crossover cr;
} tock__crossrec;

/* What a run compares with: nothing, a saved baseline (measuring now), two
 * saved baselines (--load-baseline: nothing measured) or paired A/B rounds
 * against another program. */
typedef enum tock__mode {
    TOCK__MODE_MEASURE = 0,
    TOCK__MODE_BASELINE = 1,
    TOCK__MODE_LOADED = 2,
    TOCK__MODE_AB = 3
} tock__mode;

/* The --ab gate's first stage (gate_stage.c): both builds' counts and their
 * exact verdicts; ran = 0 with the reason in note when it did not run. */
typedef struct tock__gate {
    int ran;
    char note[320];
    uint64_t t0_ns; /* the gate's start: the --ab budget covers both stages */
    double seconds;
    tock_baseline cur, old;
    struct tock__count_verdict *v; /* nv entries, ids point into cur */
    size_t nv, nreg;
} tock__gate;

typedef struct tock__state {
    tock__bench *benches;
    size_t nbench, capbench;
    tock__grid **grids;
    size_t ngrids;
    int reg_status;
    char reg_msg[256];
    char reg_why[256];  /* what was wrong, "" when the status says it all */
    char last_why[256]; /* why the last tock_register refused, "" if unknown */
    int usage_error;    /* a benchmark misused the API (a counter clash): exit 2 */
    regex_t filter_re;  /* the filter when it is a regular expression */
    int filter_is_re;
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
    char base_path[TOCK__PATH + 256], loaded_path[TOCK__PATH + 256],
        bl_root[TOCK__PATH + 16]; /* out dir minus its last part + "/baselines" */
    tock__mode comparing;         /* what the run compares with, if anything */
    tock__fitrec *fits;           /* after the run: scaling fits, then their crossovers */
    size_t nfits;
    tock__crossrec *cross;
    size_t ncross;
    tock_baseline counts; /* --measure instructions: this run's counts (mode counts) */
    tock__buf env_diff;   /* "key: baseline 'x', current 'y'" lines */
    size_t nenv_diff;
    /* comparison: ids only the baseline or reference has ("removed"); a
     * selected benchmark it lacks has skipped = 1 ("new") */
    char **removed;
    size_t nremoved;
    /* --ab: indexes of the benchmarks timed first, in order (--ab-first or
     * a pre-stage's priority list; tock__ab_order); what the rounds did */
    size_t *ab_first, nab_first;
    size_t ab_rounds_run, ab_unreached; /* rounds; unsettled with < 2 rounds at the budget */
    int ab_budget_spent;
    double ab_elapsed_s;
    tock__gate gate;
} tock__state;

extern tock__state tock__S;
extern TOCK__TLS tock__bench *tock__cur;
extern TOCK__TLS int tock__cur_thread;
extern volatile sig_atomic_t tock__sigint;

/* ---- instruction counts (count_*.c) ----
 * Under --measure instructions tock re-executes itself under callgrind; the
 * child (environment TOCK__COUNT_CHILD_ENV = a scratch directory) brackets
 * routine(ctx, n) and routine(ctx, 2n) with client requests and dumps each as
 * part "tock:<id>:<iters>". A run's counts are a tock_baseline with
 * mode TOCK_BASELINE_COUNTS: per benchmark the events of TOCK_COUNT_EVENTS
 * per iteration, (count(2n) - count(n)) / n. */
#define TOCK__COUNT_CHILD_ENV "TOCK_COUNT_CHILD"
#define TOCK__COUNT_N 4 /* iterations of the first counted call; the second has 2n */
#define TOCK__COUNT_FORMULA                                                                        \
    "est_cycles = Ir + 10 x (I1mr + D1mr + D1mw) + 100 x (ILmr + DLmr + DLmw) (the weights "       \
    "iai-callgrind documents)"
/* One parsed callgrind dump: its trigger label and its summary events. */
typedef struct tock__cg_part {
    char label[512];
    double ev[TOCK_COUNT_NEVENTS];
} tock__cg_part;
typedef enum tock__count_verdict_kind {
    TOCK__CV_UNCHANGED = 0, /* |est. cycles change| <= threshold */
    TOCK__CV_IMPROVED,
    TOCK__CV_REGRESSED,
    TOCK__CV_MISSING /* in the new run but not in the old one (--baseline-lenient) */
} tock__count_verdict_kind;
/* One benchmark's exact count comparison: old and new per-iteration events
 * and est. cycles, and their relative changes (new / old - 1; 0 when both
 * are 0, +-inf when only old is 0). */
typedef struct tock__count_verdict {
    const char *id; /* points into the new side's baseline */
    tock__count_verdict_kind kind;
    double old_ev[TOCK_COUNT_NEVENTS], new_ev[TOCK_COUNT_NEVENTS], change[TOCK_COUNT_NEVENTS];
    double old_cycles, new_cycles, cycles_change;
} tock__count_verdict;

/* ---- machine description (provenance.c) ---- */
typedef struct tock__cpuinfo {
    char model[256];
    char *flags; /* heap; "unreadable" when missing */
    int has_hypervisor_flag;
} tock__cpuinfo;

typedef struct tock__prov {
    tock__cpuinfo ci;
    struct utsname un;
    int un_ok;
    char governor[128], driver[128], boost[128], smt_active[32], smt_control[32], hyp_type[64],
        clocksource[64], loadavg[64];
    long ncpu;
} tock__prov;

/* ---- counter readers of the timed region (timer.c); inline so that a
 * sample costs two reads and no call ---- */
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

/* ---- functions one module calls in another, by defining module ---- */
/* rng.c */
uint64_t tock__splitmix64(uint64_t *state);
/* stats.c */
double tock__median_inplace(double *a, size_t n);
int tock__check_boot_args(const double *x, const double *y, size_t n, size_t b, double cl,
                          const void *out);
/* bootstrap.c */
void tock__interval(double *dist, size_t b, double cl, double point, tock_estimate *e);
/* fit.c */
double tock__norm_quantile(double p);
/* baseline_file.c */
int tock__valid_name(const char *s);
/* json_estimate.c */
void tock__json_estimate(tock__json *j, const char *key, const tock_estimate *e);
/* state.c */
/* registry.c */
void tock__grid_point(const tock_grid_def *d, size_t p, int64_t *out);
int tock__register_args(const tock_bench_def *def, const int64_t *args, size_t nargs);
void tock__reg_fail(const tock_bench_def *def, int status, const char *fmt, ...) TOCK__PRINTF(3, 4);
/* counters.c */
int tock__counter_value(const tock__bench *b, const tock__counter *c, double *v);
const char *tock__counter_kind(int flags);
void tock__print_counters(const tock__bench *b);
void tock__json_counters(tock__json *j, const tock__bench *b);
void tock__report_counters(tock__state *S, tock__buf *buf);
int tock__counter_columns(tock__state *S, const char ***names, size_t *n);
void tock__csv_counters(tock__buf *buf, const tock__bench *b, const char *const *names, size_t n);
/* threads.c */
int tock__team_start(tock__bench *b, void *ctx);
void tock__team_stop(tock__bench *b);
int tock__team_sample(tock__bench *b, uint64_t iters, uint64_t *ticks);
void tock__free_all(void);
/* provenance.c */
int tock__has_word(const char *list, const char *word);
void tock__gather_prov(tock__prov *p);
const char *tock__compiler_id(void);
const char *tock__compiler_version(void);
const char *tock__arch(void);
int tock__write_provenance(tock__state *S, const tock__prov *p);
/* timer.c */
int tock__timer_init(tock__timer *t, int choice, const tock__cpuinfo *ci);
const char *tock__timer_name(int src);
/* cli.c */
int tock__parse_args(tock__config *c, int argc, char **argv);
void tock__config_json(const tock__config *c, tock__buf *b);
/* rundir.c */
void tock__utc(char *out, size_t cap, const char *fmt, time_t t);
int tock__make_run_dir(tock__state *S);
int tock__artifact_record(tock__state *S, const char *rel, const void *p, size_t len);
int tock__write_artifact(tock__state *S, const char *rel, const tock__buf *b);
void tock__sample_file_name(const char *id, char *out, size_t cap);
int tock__write_samples(tock__state *S, const tock__bench *b);
/* console.c */
void tock__progress_clear(tock__state *S);
void tock__progress(tock__state *S, int force, const char *fmt, ...);
tock__bench *tock__find(tock__state *S, const char *id);
void tock__throughput(const tock__bench *b, tock_estimate *rate);
void tock__print_result(tock__state *S, const tock__bench *b);
/* measure.c */
uint64_t tock__bench_seed(uint64_t seed, const char *id);
int tock__measure_epoch(tock__state *S, tock__bench *b, size_t epoch);
int tock__analyze_bench(tock__state *S, tock__bench *b);
int tock__measure(tock__state *S, tock__bench *b);
double tock__budget_s(const tock__config *c, double cli, int cli_set, double own);
/* fit_run.c */
double tock__floor_ratio(tock__state *S, const tock__bench *b);
int tock__compute_fits(tock__state *S);
void tock__json_fits(tock__state *S, tock__json *j);
void tock__report_fits(tock__state *S, tock__buf *buf);
void tock__print_fits(const tock__state *S);
/* summary.c */
int tock__write_summary_json(tock__state *S, int interrupted);
void tock__csv_str(tock__buf *b, const char *s);
void tock__csv_num(tock__buf *b, double v);
int tock__write_summary_csv(tock__state *S);
/* sweeps.c */
int tock__write_sweeps(tock__state *S);
void tock__report_sweeps(tock__state *S, tock__buf *buf);
/* report_md.c */
int tock__write_report(tock__state *S, const tock__prov *p, int interrupted);
/* manifest.c */
int tock__write_manifest(tock__state *S, int interrupted, int exit_code);
/* baseline.c */
void tock__bl_text(tock__state *S, const tock__prov *p, const char *name, tock__buf *b);
void tock__bl_root(tock__state *S);
int tock__check_baseline_dir(tock__state *S);
int tock__save_baseline(tock__state *S, const tock__prov *p);
int tock__load_baseline(tock__state *S, const char *flag, const char *name, tock_baseline *bl,
                        char *path, size_t cap);
int tock__list_baselines(tock__state *S);
const tock_baseline_bench *tock__bl_find(const tock_baseline *bl, const char *id);
size_t tock__env_check(tock__state *S, const tock__prov *p, const tock_baseline *old,
                       const tock_baseline *cur_bl);
/* compare_run.c */
void tock__fmt_pct(char *out, size_t cap, double v);
size_t tock__decide_all(tock__state *S);
int tock__compare_one(tock__state *S, tock__bench *b);
void tock__json_change(tock__json *j, const tock__bench *b);
void tock__json_comparison(tock__state *S, tock__json *j);
int tock__write_compare_md(tock__state *S);
/* count_parse.c: one callgrind output file (pure). 0, or TOCK_EINVAL with
 * the problem in err. */
int tock__cg_parse(const char *text, size_t len, tock__cg_part *out, char *err, size_t errcap);
/* count_compare.c: the exact count comparison, callable by any stage that
 * holds two count runs (a --baseline, a --load-baseline, the counting
 * stage of an A/B gate). For every benchmark of `cur` (mode
 * TOCK_BASELINE_COUNTS) found in `old` (also counts), out[i] is its verdict:
 * regressed (improved) when est. cycles rose (fell) by more than
 * `threshold` (a fraction, e.g. 0.005); benchmarks missing from `old` get
 * TOCK__CV_MISSING. *out is TOCK_MALLOC'ed, *n = cur->nbench entries in
 * cur's order; 0 or TOCK_ENOMEM/TOCK_EINVAL. *nreg: how many regressed. */
int tock__count_compare(const tock_baseline *old, const tock_baseline *cur, double threshold,
                        tock__count_verdict **out, size_t *n, size_t *nreg);
const char *tock__count_verdict_name(tock__count_verdict_kind k);
int tock__count_compare_md(tock__state *S, const tock__count_verdict *v, size_t n,
                           const char *old_label, tock__buf *buf);
/* count_run.c: counts the selected benchmarks of `prog` (NULL: this program)
 * by running it under valgrind (TOCK_VALGRIND or `valgrind` on PATH), into
 * *out (mode TOCK_BASELINE_COUNTS, env = the counted process's provenance);
 * prog's --measure instructions --ab-worker output when prog is another
 * program. 0, or TOCK_EIO/TOCK_EINVAL after printing why (nothing is left
 * in scratch directories). */
int tock__count_collect(tock__state *S, const char *prog, tock_baseline *out);
/* Both at once: prog's counts into *old while this program's go into *cur
 * (two valgrind processes, one per core). 0, or as above. */
int tock__count_collect_pair(tock__state *S, const char *prog, tock_baseline *cur,
                             tock_baseline *old);
/* The child's side: bracket and dump every selected benchmark; exit status. */
int tock__count_child(tock__state *S);
/* The whole --measure instructions run (and its --ab-worker); exit status. */
int tock__count_run(tock__state *S, const tock__prov *p);
/* count_out.c: summary.json, summary.csv, REPORT.md (and COMPARE.md) of a
 * count run. */
int tock__count_write_outputs(tock__state *S, const tock__prov *p, const tock_baseline *cur,
                              const tock__count_verdict *v, size_t nv, const char *old_label);
/* 1 when --measure instructions can run here (client requests compiled in,
 * valgrind found), else 0 with the reason in why (count_run.c) */
int tock__count_available(char *why, size_t cap);
/* gate_stage.c: the --ab gate's count stage; 0, or a negative status after
 * saying why (exit 2). Its section of summary.json and COMPARE.md. */
int tock__gate_count_stage(tock__state *S);
void tock__gate_json(const tock__state *S, tock__json *j);
void tock__gate_md(const tock__state *S, tock__buf *b);
void tock__gate_stage_free(tock__state *S);
/* ab.c */
int tock__self_exe(const char *argv0, char *out, size_t cap);
int tock__ab_run(tock__state *S, const tock__prov *p);
/* measure.c: the heap block that moves an epoch's set-up (free it after) */
void *tock__heap_spacer(uint64_t seed);
/* ord (NB entries): S->ab_first's selected benchmarks in order, then every
 * other index in registry order; *nfirst = how many came first */
int tock__ab_order(tock__state *S, size_t *ord, size_t *nfirst);
/* appends a copy of s to a heap list of strings */
int tock__strlist_add(char ***list, size_t *n, const char *s);
void tock__strlist_free(char ***list, size_t *n);
int tock__worker(tock__state *S, const tock__prov *p);
int tock__from_loaded(tock__state *S, tock__bench *b);
void tock__gate_free(tock__state *S);

#endif /* TOCK_INTERNAL_H */
