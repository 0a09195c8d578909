/* report.h - the interface between the files of tock-report: a run directory
 * loaded into memory (summary.json, provenance.json, manifest.json and the
 * samples) and what each file renders from it. The buffer, files, hash,
 * number formats, quantiles, Markdown tables and JSON writer are perf/src's
 * shared utility layer (util.h, library tock_util), used by every file.
 * Every figure comes from the stored artifacts; nothing here may measure,
 * re-run or re-estimate what the run stored (the only statistics computed
 * are those a figure needs: densities, fences, a line through a group).
 *
 * Layout: one section per file, in dependency order. Each section names the
 * files it uses ("uses: ..."), and a file uses only files declared above it,
 * so the calls between files go one way (main.c, at the top, uses the
 * renderers; output.c and fmt.c, at the bottom, use only util.h).
 *
 * Names: tock_rep_ for what this header declares, static for the rest.
 * Functions that can fail return 0 or a negative TOCK_REP_E* code and have
 * already printed a message naming the file and the field when they return.
 */
#ifndef TOCK_REPORT_H
#define TOCK_REPORT_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "util.h" /* perf/src: tock__buf, files, formatting, quantiles, Markdown tables */

#define TOCK_REPORT_VERSION "0.1.0"

/* ---- errors: one list gives the codes and their messages (output.c) ---- */
#define TOCK_REP_ERROR_MAP(X)                                                                      \
    X(NOMEM, -1, "out of memory")                                                                  \
    X(IO, -2, "a file could not be read or written")                                               \
    X(INPUT, -3, "missing or malformed input")                                                     \
    X(USAGE, -4, "usage error")                                                                    \
    X(CHECK, -5, "a check failed")                                                                 \
    X(UNAVAILABLE, -6, "not yet available")

enum {
#define TOCK_REP__ENUM(name, code, msg) TOCK_REP_E##name = (code),
    TOCK_REP_ERROR_MAP(TOCK_REP__ENUM)
#undef TOCK_REP__ENUM
};
const char *tock_rep_strerror(int status);

/* A buffer's sticky error is returned as a status, so the codes agree. */
_Static_assert((int)TOCK__BUF_ENOMEM == (int)TOCK_REP_ENOMEM &&
                   (int)TOCK__BUF_EINVAL == (int)TOCK_REP_EIO,
               "tock__buf's error codes are tock-report's");

/* ---- output.c: writing what a renderer produced (uses: util.h only) ---- */
/* 0 when path is absent or a regular file; else prints "FLAG PATH exists and
 * is a symbolic link (FIFO, device, directory), not a regular file:
 * refusing to replace it" and returns TOCK_REP_EUSAGE. flag ("--out",
 * "--update-readme") may be NULL. */
int tock_rep_check_target(const char *flag, const char *path);
/* tock_rep_check_target, then tock__write_atomic (path.tmp.<pid>, fsync,
 * rename: readers never see half a file); prints the error naming path */
int tock_rep_write(const char *flag, const char *path, const char *data, size_t len);
/* tock_rep_write, then the hash file hash_path: one line, the FNV-1a 64 of
 * data and name (tock__fnv1a64_line), so --validate can check a file
 * written into the run directory after its manifest (REPORT.html) */
int tock_rep_write_hashed(const char *path, const char *hash_path, const char *name,
                          const char *data, size_t len);
/* buffer to path (tock_rep_write, flag --out) or to stdout when path is NULL
 * or "-"; a buffer whose err is set is not written. Prints the error. */
int tock_rep_emit(const tock__buf *b, const char *path);

/* ---- fmt.c: escaping, and times written into a buffer (uses: util.h only) ---- */
/* tock__fmt_time's "109.98 us"; micro != 0 writes the micro sign instead of
 * "u" (HTML only; Markdown and CSV stay ASCII). Markdown cells are escaped
 * by util.h's tock__md_cell. */
void tock_rep_put_time(tock__buf *b, double ns, int micro);
void tock_rep_put_html(tock__buf *b, const char *s); /* also fine in XML attributes */
void tock_rep_put_xml(tock__buf *b, const char *s);  /* drops bytes XML 1.0 forbids */
/* CSV fields are util.h's tock__csv_str and tock__csv_num (shared with the
 * framework's summary.csv) */

/* ---- the run directory in memory: load.c fills these ---- */
typedef struct tock_rep_est {
    double point, lower, upper; /* ns (or per second for throughput) */
} tock_rep_est;

typedef struct tock_rep_bench {
    const char *id, *group, *name, *parameter, *mode; /* name, parameter may be NULL */
    const char *sweep; /* the grid a point benchmark belongs to; NULL for the rest */
    tock_rep_est typical, mean, median, std_dev, mad;
    double min;
    uint64_t samples, iterations;
    uint64_t out_low_severe, out_low_mild, out_high_mild, out_high_severe;
    const char *tp_kind; /* NULL (no throughput), "elements" or "bytes" */
    int tp_bytes;        /* tp_kind is "bytes" (tock__fmt_rate's flag) */
    uint64_t tp_per_iter;
    tock_rep_est tp; /* per second */
    const char *stop_reason;
    double target_precision, achieved_precision, confidence, sampling_time_s;
    const char *samples_file;
    double published_ns, published_ratio; /* NAN when absent */
    const char *floor_id;                 /* NULL when absent */
    double floor_ratio;                   /* NAN when absent or not measured */
    double cpu_ns;    /* "cpu"."ns_per_iteration": process CPU time; NAN when absent */
    json_t *counters; /* "counters": {name: {"value", "kind"}} (borrowed); NULL when absent */
    uint64_t threads; /* "threads"."count": the benchmark's own .threads; 0 when absent */
    /* "change" against a baseline, written by tock-perf --baseline/--ab:
     * relative change (new/old - 1) of the typical time with its interval,
     * the p-value after any FDR correction, and the verdict ("no_change",
     * "within_noise", "improved", "regressed", or "inconclusive": an A/B
     * comparison stopped before its first look, changes listed but not
     * judged); has_change 0 when absent */
    int has_change;
    tock_rep_est change; /* "change"."median": the change the verdict was decided on
                          * (tock_change_decide); "typical" in runs without it */
    double change_p;
    const char *verdict; /* "change"."verdict" (or a top-level "verdict") */
    /* samples/<id>.csv, loaded only with TOCK_REP_LOAD_SAMPLES */
    size_t n;
    double *iters, *ns;
    /* the comparison's two sides as per-iteration times in ns (cmp_load.c,
     * TOCK_REP_LOAD_COMPARISON): old = the baseline or the A/B reference B,
     * new = this run (A); NULL and 0 when not available (run->cmp_note) */
    double *old_t, *new_t;
    size_t n_old, n_new;
    /* a count run (tock-perf --measure instructions): "counts" per
     * iteration, in TOCK_REP_COUNT_EVENTS order, and est. cycles; with a
     * count comparison its verdict and est. cycles change (else NULL, NAN) */
    double counts[9], est_cycles, count_change;
    uint64_t count_iters;
    const char *count_verdict;
} tock_rep_bench;
/* the events of a count run, in summary.json's order */
#define TOCK_REP_NCOUNTS 9
extern const char *const tock_rep_count_events[TOCK_REP_NCOUNTS];

typedef struct tock_rep_kv {
    const char *key, *value;
} tock_rep_kv;

typedef struct tock_rep_prov {
    const char *date_utc, *started_utc, *tock_version;
    const char *commit;
    int dirty;
    const char *compiler_id, *compiler_version, *flags;
    const char *arch;
    uint64_t threads;
    const char *cpu_model;
    long logical_cpus; /* -1 when unreadable */
    const char *governor, *boost, *smt_active, *loadavg;
    const char *kernel_sysname, *kernel_release, *kernel_machine, *clocksource;
    int hypervisor;
    const char *hypervisor_type;
    const char *timer_source, *timer_note;
    double timer_hz, timer_overhead_ns, timer_resolution_ns, timer_min_sample_ns;
    tock_rep_kv *user; /* tock_provenance_set() keys, in file order */
    size_t nuser;
} tock_rep_prov;

typedef struct tock_rep_missing {
    const char *id, *reason;
} tock_rep_missing;

/* A grid ("sweep"): its point benchmarks in summary.json (records with
 * "sweep": name, ids group/name/ROUTINE/A=a,B=b/seed=S) and, when loaded,
 * the per-point rows the run wrote to sweeps/<name>.csv and .jsonl. Times
 * are converted to ns on load; absent (null) values are NAN. */
typedef struct tock_rep_sweep {
    char *name;
    size_t nrecords;                /* summary.json records of this sweep */
    size_t rec_points, rec_repeats; /* distinct points and seeds in their ids */
    char *rec_routines;             /* "epoch, forward": distinct routines, in id order */
    char *rec_axes;                 /* "D,K,T": the axis names of the first id */
    int listed;                     /* manifest.json lists both files */
    int loaded;                     /* the files were read (TOCK_REP_LOAD_SWEEPS) */
    /* column names, in the files' order */
    size_t naxes, nconst, nroutines, nmetrics;
    char **axis, **routine, **metric, **cname;
    char **cvalue;          /* constants as compact JSON (first row) */
    int *metric_std;        /* 1: <metric>_std is a column */
    size_t npoints;         /* rows */
    char **run_id;          /* [npoints] */
    int64_t *ax;            /* [npoints * naxes] */
    double *t_mean, *t_std; /* [npoints * nroutines], ns */
    double *mem;            /* [npoints] bytes */
    double *m_mean, *m_std; /* [npoints * nmetrics] */
    uint64_t *repeats;      /* [npoints] */
} tock_rep_sweep;

/* summary.json "fits": the run's own scaling fit of a parameterised group
 * (tock_fit_scaling in perf/tock.h: relative weighted least squares with
 * wild-bootstrap intervals), in ns; strings borrowed from summary_root */
typedef struct tock_rep_fit {
    const char *group;          /* group or group/name: the ids without their last part */
    const char *parameter_unit; /* "step"; may be "" */
    const char *bigo, *line;    /* "O(n)"; the framework's one-line statement */
    uint64_t points;
    double parameter_min, parameter_max, r2, bigo_share; /* NAN when null */
    tock_rep_est intercept, slope, exponent;             /* slope: ns per unit */
} tock_rep_fit;

/* summary.json "crossovers": two fitted groups compared over [lo, hi] */
typedef struct tock_rep_cross {
    const char *a, *b, *kind, *text; /* kind "at", "a_below", "b_below", "unclear" */
    tock_rep_est at;                 /* NAN unless kind "at" */
    double lo, hi, share_a_below, share_b_below, share_cross;
} tock_rep_cross;

typedef struct tock_rep_run {
    char *dir;                                        /* as given, without trailing '/' */
    char *name;                                       /* last path component */
    json_t *summary_root, *prov_root, *manifest_root; /* own the strings below */
    const char *run_id;
    const char *status; /* manifest.json "status": "complete" or "interrupted" */
    int interrupted;
    uint64_t selected, measured;
    tock_rep_missing *missing; /* manifest "benchmarks_not_measured" */
    size_t nmissing;
    char *config; /* manifest "config" as "key value, ..." */
    /* summary.json "measure": "instructions": a count run (no times, no
     * samples; every bench has counts), its formula and counted ISA */
    int counts_mode;
    const char *count_formula, *isa_counted;
    /* summary.json "comparison" (tock-perf --baseline NAME or --ab) */
    int has_comparison;
    const char *cmp_mode;    /* "baseline", "load_baseline" or "ab" */
    const char *cmp_against; /* the baseline name, or the A/B reference */
    const char *cmp_created; /* when the baseline was saved (may be NULL) */
    const char *cmp_test;    /* the test's description (may be NULL) */
    double cmp_alpha, cmp_noise;
    json_t *cmp_env_diff; /* "environment_differences": strings (borrowed) */
    /* where the old side's samples are: "baseline_file" (and the run it
     * must hold, "baseline_run"), "loaded_file" for load_baseline; NULL in
     * A/B runs, whose rounds are ab/round-*-{A,B}.txt in the run itself */
    const char *cmp_baseline_file, *cmp_baseline_run, *cmp_loaded_file;
    char cmp_note[384]; /* why the comparison's samples are not drawn ("" when they are) */
    int has_published;  /* some benchmark declares a published figure (published_ns > 0) */
    double confidence;  /* of the first benchmark, else config */
    tock_rep_bench *b;
    size_t nb;
    tock_rep_prov prov;
    int have_samples;
    tock_rep_sweep *sw; /* one per sweep, in order of first appearance */
    size_t nsw;
    size_t nsweep_records; /* records with a "sweep" field */
    int has_fits;          /* summary.json has a "fits" array (runs before it do not) */
    tock_rep_fit *fit;     /* in file order */
    size_t nfit;
    tock_rep_cross *cross;
    size_t ncross;
} tock_rep_run;

/* ---- artifact.c: a run's files and the loaders' messages (uses: output.c) ---- */
/* how a value reads in an error message ("a string", "nothing (the field is
 * missing)") */
const char *tock_rep_type_name(const json_t *v);
/* prints "FILE: field 'PREFIX.KEY': expected EXPECTED, found <what found
 * is>" (prefix "" or NULL, or key NULL: the other alone); TOCK_REP_EINPUT */
int tock_rep_bad_field(const char *file, const char *prefix, const char *key, const char *expected,
                       const json_t *found);
/* 0 when value is one of allowed (NULL-terminated), else prints "... expected
 * \"a\", \"b\" or \"c\", found \"value\"" and returns TOCK_REP_EINPUT */
int tock_rep_check_enum(const char *file, const char *prefix, const char *key, const char *value,
                        const char *const *allowed);
/* 1 when manifest.json's artifact index lists rel */
int tock_rep_listed(const tock_rep_run *run, const char *rel);
/* The largest input file tock-report reads: far above any real run file
 * (a 100,000-sample CSV is ~4 MiB) and README, yet bounded, so a hostile
 * /dev/zero or a huge file ends in a message, not in exhausted memory. */
#define TOCK_REP_MAX_RUN_FILE ((size_t)256 << 20) /* run files: JSON, CSV, text */
#define TOCK_REP_MAX_README ((size_t)64 << 20)    /* --update-readme, --check-readme */
/* path read whole with tock__read_input: only a regular file of at most max
 * bytes (a FIFO, device or directory is never read, so nothing blocks).
 * Prints "FLAG: cannot read PATH: REASON" (flag given) or "PATH: cannot
 * read: REASON" and why (may be NULL); TOCK_REP_EINPUT or ENOMEM. */
int tock_rep_read_input(const char *flag, const char *path, size_t max, const char *why,
                        char **data, size_t *len);
/* reads run->dir/rel whole (tock_rep_read_input, TOCK_REP_MAX_RUN_FILE),
 * unchecked (manifest.json itself); why is added to a "cannot read"
 * message. *path (dir/rel, for messages) and *data are malloc'd, also on
 * error. Prints the error. */
int tock_rep_read_run_file(const tock_rep_run *run, const char *rel, const char *why, char **path,
                           char **data, size_t *len);
/* the same, then checked against the size and FNV-1a 64 the manifest records */
int tock_rep_read_artifact(const tock_rep_run *run, const char *rel, char **path, char **data,
                           size_t *len);

/* ---- sweep_load.c: the sweeps of a run (uses: artifact.c) ---- */
/* run->sw from the records' "sweep" fields and the manifest's sweeps/ files */
int tock_rep_sweeps_index(tock_rep_run *run);
/* reads and checks every listed sweep's .csv and .jsonl; a complete run
 * whose sweep files are not listed is an error, an interrupted one is not */
int tock_rep_sweeps_load(tock_rep_run *run);
void tock_rep_sweeps_free(tock_rep_run *run);
/* the distinct values of an axis, ascending, into out[0..npoints) */
size_t tock_rep_sweep_levels(const tock_rep_sweep *s, size_t axis, int64_t *out);
/* index of the point with the smallest (dir < 0) or largest (dir > 0)
 * finite mean time of routine 0; SIZE_MAX when there is none */
size_t tock_rep_sweep_extreme(const tock_rep_sweep *s, int dir);

/* ---- fit_load.c: summary.json "fits" and "crossovers" (uses: artifact.c) ---- */
/* both arrays are optional (older runs lack them); when present every
 * element must be well formed. file names summary.json in messages. */
int tock_rep_fits_load(tock_rep_run *run, const char *file);
/* the fit of group[/name], NULL when the run stored none */
const tock_rep_fit *tock_rep_fit_of(const tock_rep_run *run, const char *group, const char *name);

/* ---- cmp_load.c: the samples of both sides of a comparison (uses: artifact.c) ---- */
/* Fills every compared benchmark's old_t/new_t. A/B runs: the rounds the
 * run stored (ab/round-NNN-A.txt = new, -B.txt = old; manifest-checked, a
 * malformed one is an error). --baseline runs: new = samples/<id>.csv
 * (already loaded), old = the baseline file the comparison read, used only
 * while it still holds the run summary.json names ("baseline_run");
 * --load-baseline: both files. A baseline file that is gone, replaced or
 * malformed is not an error: nothing is drawn and run->cmp_note says why
 * (never a stand-in). */
int tock_rep_cmp_load(tock_rep_run *run);
/* the baseline text format's samples: for every "bench ID N" block whose ID
 * is a benchmark of run, its N per-iteration times appended to old_t (side
 * 0) or new_t (side 1). want_run non-NULL: the file's "run" line must
 * match. 0, or -1 with the reason in why. Exposed for the tests. */
int tock_rep_cmp_parse(tock_rep_run *run, char *text, int side, const char *want_run, char *why,
                       size_t cap);

/* ---- load.c: a run directory read and checked (uses: artifact.c, sweep_load.c,
 * fit_load.c, cmp_load.c) ---- */
#define TOCK_REP_LOAD_SAMPLES 1
#define TOCK_REP_LOAD_SWEEPS 2     /* read sweeps/<name>.csv and .jsonl */
#define TOCK_REP_LOAD_COMPARISON 4 /* the comparison's samples of both sides (cmp_load.c) */
/* Loads and validates; every malformed or missing file or field is an error
 * naming it (TOCK_REP_EINPUT/EIO). Files listed in manifest.json must match
 * its size and FNV-1a 64. */
int tock_rep_load(const char *dir, int flags, tock_rep_run *run);
void tock_rep_free(tock_rep_run *run);
const char *tock_rep_user(const tock_rep_run *run, const char *key); /* NULL if absent */
/* "avx512" and the like: provenance user keys isa_dispatched, then isa */
const char *tock_rep_isa(const tock_rep_run *run);

/* ---- stats.c: what the figures need (uses: util.h only; quantiles are
 * tock__quantile_sorted) ---- */
typedef struct tock_rep_fences {
    double low_severe, low_mild, high_mild, high_severe;
} tock_rep_fences;
/* Tukey fences of x (1.5 and 3 IQR), same quantile rule as tock.h. n >= 1. */
int tock_rep_tukey(const double *x, size_t n, tock_rep_fences *f);
/* 0 normal, 1 mild, 2 severe */
int tock_rep_outlier_class(const tock_rep_fences *f, double v);
/* Silverman's rule of thumb, 0.9 min(sd, IQR/1.34) n^-1/5, with fallbacks
 * when the spread is zero. */
double tock_rep_silverman(const double *x, size_t n);
/* Gaussian KDE of x at grid[0..m) into dens[0..m) */
void tock_rep_kde(const double *x, size_t n, double h, const double *grid, size_t m, double *dens);
/* least squares y = a + b x; r2 NAN when undefined; needs n >= 2 distinct x */
int tock_rep_ols(const double *x, const double *y, size_t n, double *a, double *b, double *r2);
/* 1-2-5 ticks covering [lo, hi] with about `target` steps: *step, first
 * tick, count; [*nlo, *nhi] is the range widened to whole steps. */
typedef struct tock_rep_ticks {
    double lo, hi, step;
    int n;
    double v[32];
} tock_rep_ticks;
void tock_rep_nice_ticks(double lo, double hi, int target, tock_rep_ticks *t);
/* the bootstrap distribution of the relative change of the median
 * per-iteration time, median(new) / median(old) - 1, each side resampled
 * with replacement on its own (the statistic tock-perf --baseline decides
 * on): r replicates into out[0..r), sorted, drawn from a splitmix64 stream
 * seeded by seed, so a report is reproducible. n_old, n_new >= 1. */
int tock_rep_boot_change(const double *old_t, size_t n_old, const double *new_t, size_t n_new,
                         size_t r, uint64_t seed, double *out);
/* the median of x[0..n) (n >= 1), x reordered */
double tock_rep_median_inplace(double *x, size_t n);
/* log-axis ticks: t->lo, t->hi = log10 of [lo, hi] (lo > 0), ticks at 1, 2
 * and 5 times the powers of ten inside (only the powers when the range
 * spans more than three decades) as log10 values */
void tock_rep_log_ticks(double lo, double hi, tock_rep_ticks *t);
/* time axis unit for values up to max_ns: sets *div (1, 1e3, 1e6, 1e9) and
 * returns "ns", "µs", "ms" or "s" */
const char *tock_rep_time_unit(double max_ns, double *div);

/* ---- svg.c: plotting primitives, inline SVG styled by classes (uses: fmt.c) ---- */
typedef struct tock_rep_plot {
    tock__buf *b;
    double w, h;           /* viewBox size */
    double ml, mr, mt, mb; /* margins */
    tock_rep_ticks xt, yt; /* axis ranges and ticks (display units) */
    int logx, logy;        /* the axis holds log10 values; tick labels show 10^v */
} tock_rep_plot;

void tock_rep_svg_begin(tock_rep_plot *p, tock__buf *b, const char *id, const char *label, double w,
                        double h);
void tock_rep_svg_axes(tock_rep_plot *p, const char *xlabel, const char *ylabel);
double tock_rep_svg_x(const tock_rep_plot *p, double x);
double tock_rep_svg_y(const tock_rep_plot *p, double y);
void tock_rep_svg_polyline(tock_rep_plot *p, const double *x, const double *y, size_t n,
                           const char *cls);
void tock_rep_svg_area(tock_rep_plot *p, const double *x, const double *ylo, const double *yhi,
                       size_t n, const char *cls);
void tock_rep_svg_point(tock_rep_plot *p, double x, double y, double r, const char *cls);
/* a vertical marker line; the label hangs from the top in `row`, on the
 * left (side < 0), the right (> 0) or wherever it fits (0) */
void tock_rep_svg_vline(tock_rep_plot *p, double x, const char *cls, const char *label, int row,
                        int side);
void tock_rep_svg_errbar(tock_rep_plot *p, double x, double ylo, double yhi, const char *cls);
/* a bare <line> (styled by the class of the group around it) */
void tock_rep_svg_line(tock__buf *b, double x1, double y1, double x2, double y2);
/* legend rows above the plot area: swatch class and text. Call it before
 * tock_rep_svg_axes: it moves the top of the plot area down. */
void tock_rep_svg_legend(tock_rep_plot *p, const char *const *cls, const char *const *text, int n);
void tock_rep_svg_end(tock_rep_plot *p);
/* tick label: value in display units with as many decimals as the step needs,
 * and k/M/G above 10^4 */
void tock_rep_fmt_tick(char *out, size_t cap, double v, double step);

/* ---- figures.c: the three kinds of figure (uses: fmt.c, stats.c, svg.c) ---- */
typedef struct tock_rep_group {
    const char *group, *name; /* name may be NULL */
    size_t *idx;              /* into run->b, sorted by parameter */
    double *param;
    size_t n;
} tock_rep_group;
/* groups of >= 2 benchmarks sharing group and name whose parameters are all
 * numbers; caller frees with tock_rep_groups_free */
int tock_rep_groups(const tock_rep_run *run, tock_rep_group **out, size_t *n);
void tock_rep_groups_free(tock_rep_group *g, size_t n);
const char *tock_rep_param_label(const char *group); /* "horizon" for rssm_prediction */
/* a figure that holds only a note (nothing to draw), width px wide */
void tock_rep_fig_note(tock__buf *b, const char *id, const char *what, double width);
void tock_rep_fig_density(tock__buf *b, const tock_rep_bench *bench, const char *id);
void tock_rep_fig_scatter(tock__buf *b, const tock_rep_bench *bench, const char *id);
/* draws the run's own fit when fit != NULL (with its slope interval as a
 * band), else a least-squares line fitted here; writes the line drawn
 * through *a, *slope (ns per unit of parameter), *r2 */
void tock_rep_fig_group(tock__buf *b, const tock_rep_run *run, const tock_rep_group *g,
                        const tock_rep_fit *fit, const char *id, double *a, double *slope,
                        double *r2);

/* ---- cmp_fig.c: the comparison figures (uses: fmt.c, stats.c, svg.c, figures.c) ---- */
/* old-vs-new densities of the per-iteration times of a compared benchmark */
void tock_rep_fig_overlay(tock__buf *b, const tock_rep_run *run, const tock_rep_bench *x,
                          const char *id);
/* the bootstrap distribution of the change (tock_rep_boot_change), the
 * run's decided change and interval, and the noise band */
void tock_rep_fig_change(tock__buf *b, const tock_rep_run *run, const tock_rep_bench *x,
                         const char *id);
/* a violin of per-iteration times per member idx[0..n) of one group */
void tock_rep_fig_violin(tock__buf *b, const tock_rep_run *run, const char *group,
                         const size_t *idx, size_t n, const char *id);

/* ---- sweep_fig.c: a sweep's two figures (uses: fmt.c, stats.c, svg.c, figures.c,
 * sweep_load.c) ---- */
/* every point's mean time per routine with +- std error bars; returns 1
 * when the y axis is logarithmic (the times span more than 30x), else 0 */
int tock_rep_fig_sweep_times(tock__buf *b, const tock_rep_sweep *s, const char *id);
/* the first routine's mean time over the first two axes, averaged over the
 * others; *width is the viewBox width, per_cell the fewest and most points
 * a measured cell averages. 0 when drawn, TOCK_REP_EUNAVAILABLE for fewer
 * than two axes or no finite time (nothing written). */
int tock_rep_fig_sweep_heat(tock__buf *b, const tock_rep_sweep *s, const char *id, double *width,
                            size_t per_cell[2]);

/* ---- sweep.c: a sweep's section of REPORT.html (uses: fmt.c, stats.c, sweep_load.c,
 * sweep_fig.c) ---- */
void tock_rep_html_sweep(tock__buf *b, const tock_rep_run *run, size_t k);

/* ---- assets: generated from assets/ by embed.cmake (report_assets.c in the
 * build tree). Each array holds the file's bytes, then a NUL the length
 * leaves out. The shell is the page around the body, with the markers @RUN@,
 * @CSS@, @JS@, @BODY@ and @VERSION@ (once each, in that order). ---- */
extern const char tock_rep_asset_css[], tock_rep_asset_js[], tock_rep_asset_shell[];
extern const size_t tock_rep_asset_css_len, tock_rep_asset_js_len, tock_rep_asset_shell_len;

/* ---- counters.c: the user counters (uses: fmt.c, load.c) ---- */
int tock_rep_has_counters(const tock_rep_run *run); /* some benchmark has counters */
double tock_rep_counter_value(const json_t *c);     /* "value"; NAN when null */
const char *tock_rep_counter_kind(const json_t *c); /* "per_iteration", ...; "" when absent */
/* REPORT.md's form of a value: "12.5/iter", "1.25 G/s", "7", "n/a" */
void tock_rep_fmt_counter(char *out, size_t cap, const json_t *c);
/* every counter name of the run once, in order of first appearance
 * (borrowed strings; free(*names)); 0 or TOCK_REP_ENOMEM */
int tock_rep_counter_names(const tock_rep_run *run, const char ***names, size_t *n);
/* REPORT.html's Counters section (id "counters"); nothing when no counters */
void tock_rep_html_counters(tock__buf *b, const tock_rep_run *run);

/* ---- html.c: REPORT.html (uses: fmt.c, load.c, fit_load.c, figures.c, sweep.c, counters.c, the
 * assets) ---- */
int tock_rep_html(const tock_rep_run *run, tock__buf *out);

/* ---- markdown.c: Markdown tables (uses: fmt.c, load.c, fit_load.c, figures.c) ---- */
/* The publishable form: per numeric-parameter group a table (parameter,
 * time, interval, throughput, published), then one line per other
 * benchmark, then the machine line citing `cite` (a path). */
int tock_rep_md_published(const tock_rep_run *run, const char *cite, tock__buf *out);
/* every benchmark, one table row (--format markdown); the form of an export */
int tock_rep_md_table(const tock_rep_run *run, tock__buf *out);

/* ---- readme.c: the README's Performance section (uses: output.c, load.c,
 * markdown.c) ---- */
int tock_rep_update_readme(const tock_rep_run *run, const char *readme);
int tock_rep_check_readme(const char *readme);

/* ---- gbench.c, csv.c, junit.c: the exports (uses: fmt.c, load.c) ----
 * Every export has this form, so main.c's format table can list it:
 * render the loaded run into out; 0 or a TOCK_REP_E* code. */
typedef int tock_rep_export_fn(const tock_rep_run *run, tock__buf *out);
/* Google Benchmark JSON: one entry per benchmark */
tock_rep_export_fn tock_rep_gbench;
/* every sample a repetition followed by the aggregates (the run loaded with
 * TOCK_REP_LOAD_SAMPLES) */
tock_rep_export_fn tock_rep_gbench_samples;
/* Bencher Metric Format (bencher run --adapter json) */
tock_rep_export_fn tock_rep_bmf;
tock_rep_export_fn tock_rep_csv;
/* JUnit XML: a <failure> per benchmark whose verdict is "regressed" or
 * "inconclusive" (an inconclusive gate must not look green) */
tock_rep_export_fn tock_rep_junit;
/* The verdicts a CI gate must not pass: prints how many benchmarks
 * regressed and how many are inconclusive (an A/B comparison stopped before
 * its first look) and returns TOCK_REP_ECHECK when there is any; else 0. */
int tock_rep_gate(const tock_rep_run *run);

/* ---- agree.c: run-to-run agreement, --agree (uses: util.h only) ---- */
/* for every id in both runs: do the typical-time intervals overlap, and
 * the relative difference of the points; ids in one run only are listed */
int tock_rep_agree(const tock_rep_run *a, const tock_rep_run *b, tock__buf *out);

/* ---- validate.c: --validate (uses: artifact.c) ---- */
/* Every file manifest.json lists is there with its size and FNV-1a 64,
 * manifest.json matches manifest.fnv1a64, REPORT.html (when there)
 * matches REPORT.html.fnv1a64, and nothing unlisted is in the directory.
 * 0; TOCK_REP_ECHECK with each problem named; TOCK_REP_EINPUT when dir is
 * no run directory (no manifest.json, or a malformed one). */
int tock_rep_validate(const char *dir);

/* main.c, the command line, uses: output.c, load.c, html.c, markdown.c,
 * readme.c, the exports, agree.c and validate.c. */

#endif /* TOCK_REPORT_H */
