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
    const char *filter, *out_dir;
    /* baselines and the gate */
    const char *save_baseline, *baseline, *load_baseline, *baseline_dir, *ab;
    int baseline_lenient, list_baselines, no_fdr, strict_env, ab_worker;
    double noise, alpha;
    size_t ab_rounds, ab_max_rounds; /* first and last look (tock_ab_settle) */
    double ab_timeout_s;             /* per worker run; 0: from its budget */
    double max_regression;           /* the margin rule's margin; 0: noise-band rule */
    double ab_budget_s;              /* wall time for the --ab rounds */
    const char *ab_first;            /* --ab-first: ids timed first, comma-separated */
    int strict;                      /* inconclusive -> exit 1 */
} tock__config;

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
    char base_path[TOCK__PATH + 256], loaded_path[TOCK__PATH + 256],
        bl_root[TOCK__PATH + 16]; /* out dir minus its last part + "/baselines" */
    tock__mode comparing;         /* what the run compares with, if anything */
    tock__fitrec *fits;           /* after the run: scaling fits, then their crossovers */
    size_t nfits;
    tock__crossrec *cross;
    size_t ncross;
    tock__buf env_diff; /* "key: baseline 'x', current 'y'" lines */
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
} tock__state;

extern tock__state tock__S;
extern volatile sig_atomic_t tock__sigint;

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
/* ab.c */
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
