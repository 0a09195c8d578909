/* gbench.c - the JSON exports. Google Benchmark JSON ({"context",
 * "benchmarks"}) in two forms, and Bencher Metric Format.
 *
 * --format gbench: one "iteration" entry per benchmark, the form
 * github-action-benchmark (tool "googlecpp": reads name, real_time,
 * time_unit, iterations, cpu_time, threads, one chart series per name) and
 * Bencher (adapter cpp_google: context.caches, name, real_time, time_unit;
 * a repeated name overwrites the earlier one) read, and that compare.py
 * compares row by row. real_time is the typical time (OLS slope) in ns,
 * iterations the total the slope was fitted over, and the interval goes in
 * extra counters.
 *
 * --format gbench-samples: what Google Benchmark writes with
 * --benchmark_repetitions=N: every stored sample is one repetition (an
 * "iteration" entry with real_time = the sample's ns / iterations), then the
 * "aggregate" entries <id>_mean, _median, _stddev, _cv (Google Benchmark's
 * own four, taken from summary.json, which computes them over the same
 * per-iteration times) and _typical (a custom statistic: the slope, with
 * the interval counters). compare.py needs repetitions for its Mann-Whitney
 * U test ("compare.py -a benchmarks OLD NEW"); dashboards should read the
 * one-entry form, since repeated names collapse there.
 *
 * --format bmf: Bencher Metric Format for "bencher run --adapter json":
 * {"<id>": {"latency": {value, lower_value, upper_value}}} in ns (typical
 * time and its interval), plus "throughput" (Bencher's built-in measure,
 * operations per second) for element throughput or "bytes-per-second" for
 * byte throughput, with the throughput interval.
 *
 * Checked with the tools themselves where Debian has them: tests/report/
 * compare_py.sh loads both Google Benchmark forms in compare.py
 * (libbenchmark-tools). github-action-benchmark (no npm release) and the
 * bencher CLI (Rust, not packaged) cannot be installed here, so
 * tests/report/test_report.c checks the fields their parsers read.
 *
 * tock measures wall time only, so cpu_time repeats real_time; the context
 * says so. Numbers are written in their shortest exact form (jansson would
 * print 7.02 as 7.0199999999999996). It must never emit NaN or Infinity (not
 * JSON): non-finite values are left out.
 */
#include "report.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* a JSON writer just big enough for this file: two-space indentation,
 * members in the order written */
typedef struct jw {
    tock_rep_buf *b;
    int depth, first;
} jw;

static void jw_escape(tock_rep_buf *b, const char *s) {
    for (const unsigned char *c = (const unsigned char *)s; *c; c++) {
        if (*c == '"' || *c == '\\') {
            char e[2] = {'\\', (char)*c};
            tock_rep_put(b, e, 2);
        } else if (*c < 0x20) {
            tock_rep_printf(b, "\\u%04x", *c);
        } else {
            tock_rep_put(b, (const char *)c, 1);
        }
    }
}

static void jw_str_value(tock_rep_buf *b, const char *s) {
    tock_rep_put(b, "\"", 1);
    jw_escape(b, s);
    tock_rep_put(b, "\"", 1);
}

static void jw_key(jw *w, const char *key) {
    if (w->depth > 0) tock_rep_puts(w->b, w->first ? "\n" : ",\n");
    w->first = 0;
    for (int i = 0; i < w->depth; i++) tock_rep_puts(w->b, "  ");
    if (key) {
        jw_str_value(w->b, key);
        tock_rep_puts(w->b, ": ");
    }
}

static void jw_open(jw *w, const char *key, char c) {
    jw_key(w, key);
    tock_rep_put(w->b, &c, 1);
    w->depth++;
    w->first = 1;
}

static void jw_close(jw *w, char c) {
    w->depth--;
    if (!w->first) {
        tock_rep_puts(w->b, "\n");
        for (int i = 0; i < w->depth; i++) tock_rep_puts(w->b, "  ");
    }
    tock_rep_put(w->b, &c, 1);
    w->first = 0;
}

static void jw_str(jw *w, const char *key, const char *v) {
    if (!v) return;
    jw_key(w, key);
    jw_str_value(w->b, v);
}

/* "<a>_<suffix>" (Google Benchmark's name of an aggregate) */
static void jw_str_suffixed(jw *w, const char *key, const char *a, const char *suffix) {
    jw_key(w, key);
    tock_rep_put(w->b, "\"", 1);
    jw_escape(w->b, a);
    tock_rep_put(w->b, "_", 1);
    jw_escape(w->b, suffix);
    tock_rep_put(w->b, "\"", 1);
}

static void jw_int(jw *w, const char *key, long long v) {
    jw_key(w, key);
    tock_rep_printf(w->b, "%lld", v);
}

static void jw_num(jw *w, const char *key, double v) {
    if (!isfinite(v)) return;
    char t[40];
    tock_rep_fmt_exact(t, sizeof t, v);
    jw_key(w, key);
    tock_rep_puts(w->b, t);
}

static void jw_bool(jw *w, const char *key, int v) {
    jw_key(w, key);
    tock_rep_puts(w->b, v ? "true" : "false");
}

/* the family of an id is the id without its parameter */
static int same_family(const tock_rep_bench *a, const tock_rep_bench *b) {
    if (strcmp(a->group, b->group) != 0) return 0;
    if (!a->name || !b->name) return !a->name && !b->name;
    return strcmp(a->name, b->name) == 0;
}

static void context(jw *w, const tock_rep_run *run) {
    const tock_rep_prov *p = &run->prov;
    jw_open(w, "context", '{');
    char date[64];
    /* Google Benchmark writes local time with an offset; the run is in UTC */
    snprintf(date, sizeof date, "%s", p->started_utc);
    size_t l = strlen(date);
    if (l && date[l - 1] == 'Z' && l + 6 < sizeof date) memcpy(date + l - 1, "+00:00", 7);
    jw_str(w, "date", date);
    jw_str(w, "executable", "tock-perf");
    if (p->logical_cpus > 0) jw_int(w, "num_cpus", p->logical_cpus);
    long mhz = strcmp(p->timer_source, "tsc") == 0 && isfinite(p->timer_hz)
                   ? (long)floor(p->timer_hz / 1e6 + 0.5) : 0;
    jw_int(w, "mhz_per_cpu", mhz);
    jw_bool(w, "cpu_scaling_enabled", strcmp(p->governor, "performance") != 0 &&
                                          strcmp(p->governor, "unreadable") != 0 &&
                                          strcmp(p->governor, "not recorded") != 0);
    jw_open(w, "caches", '['); /* not recorded by tock; Bencher needs the array */
    jw_close(w, ']');
    jw_open(w, "load_avg", '[');
    const char *s = p->loadavg;
    for (int i = 0; i < 3 && s; i++) {
        char *end = NULL;
        double v = strtod(s, &end);
        if (end == s || !isfinite(v)) break;
        jw_num(w, NULL, v);
        s = end;
    }
    jw_close(w, ']');
    jw_str(w, "library_build_type", strstr(p->flags, "(Debug)") ? "debug" : "release");
    jw_int(w, "json_schema_version", 1);
    /* custom context (Google Benchmark's --benchmark_context): strings */
    jw_str(w, "tock_run_id", run->run_id);
    jw_str(w, "tock_status", run->status);
    jw_str(w, "tock_commit", p->commit);
    jw_str(w, "tock_dirty", p->dirty ? "true" : "false");
    jw_str(w, "tock_cpu_model", p->cpu_model);
    jw_str(w, "tock_arch", p->arch);
    jw_str(w, "tock_isa", tock_rep_isa(run));
    char cc[160];
    snprintf(cc, sizeof cc, "%s %s", p->compiler_id, p->compiler_version);
    jw_str(w, "tock_compiler", cc);
    jw_str(w, "tock_timer", p->timer_source);
    jw_str(w, "tock_note", "real_time is tock's typical time (OLS slope over linear samples); "
                           "tock measures wall time only, so cpu_time repeats real_time");
    jw_close(w, '}');
}

/* Google Benchmark's counter for the throughput: per second, from the
 * stored rate (NAN when the benchmark has none) */
static void throughput_counter(jw *w, const tock_rep_bench *x, double per_s) {
    if (!x->tp_kind) return;
    jw_num(w, strcmp(x->tp_kind, "bytes") == 0 ? "bytes_per_second" : "items_per_second", per_s);
}

static void label(jw *w, const tock_rep_bench *x) {
    char text[160], lo[40], hi[40];
    tock_rep_fmt_time(lo, sizeof lo, x->typical.lower, 0);
    tock_rep_fmt_time(hi, sizeof hi, x->typical.upper, 0);
    snprintf(text, sizeof text, "%s, %.0f%% CI [%s, %s]", x->mode,
             100.0 * (isfinite(x->confidence) ? x->confidence : 0.95), lo, hi);
    jw_str(w, "label", text);
}

/* the members every entry starts with, up to "threads" */
static void entry_head(jw *w, const tock_rep_run *run, const tock_rep_bench *x, long fam,
                       long instance, const char *aggregate, long long reps, long long rep) {
    if (aggregate)
        jw_str_suffixed(w, "name", x->id, aggregate);
    else
        jw_str(w, "name", x->id);
    jw_int(w, "family_index", fam);
    jw_int(w, "per_family_instance_index", instance);
    jw_str(w, "run_name", x->id);
    jw_str(w, "run_type", aggregate ? "aggregate" : "iteration");
    jw_int(w, "repetitions", reps);
    if (!aggregate) jw_int(w, "repetition_index", rep);
    jw_int(w, "threads", (long long)run->prov.threads);
}

/* the slope, its interval and the run's other figures as counters */
static void typical_counters(jw *w, const tock_rep_bench *x) {
    throughput_counter(w, x, x->tp.point);
    jw_num(w, "typical_lower_ns", x->typical.lower);
    jw_num(w, "typical_upper_ns", x->typical.upper);
    jw_num(w, "median_ns", x->median.point);
    jw_int(w, "samples", (long long)x->samples);
    jw_num(w, "published_ns", x->published_ns);
}

/* an aggregate entry; left out when its value is not finite (a standard
 * deviation of one sample), as compare.py would skip it anyway */
static void aggregate(jw *w, const tock_rep_run *run, const tock_rep_bench *x, long fam,
                      long instance, const char *name, int percentage, double v) {
    if (!isfinite(v)) return;
    jw_open(w, NULL, '{');
    entry_head(w, run, x, fam, instance, name, (long long)x->n, 0);
    jw_str(w, "aggregate_name", name);
    jw_str(w, "aggregate_unit", percentage ? "percentage" : "time");
    jw_int(w, "iterations", (long long)x->n);
    jw_num(w, "real_time", v);
    jw_num(w, "cpu_time", v);
    jw_str(w, "time_unit", "ns");
    if (strcmp(name, "typical") == 0) typical_counters(w, x);
    label(w, x);
    jw_close(w, '}');
}

/* one benchmark, every sample a repetition, then the aggregates */
static void per_sample(jw *w, const tock_rep_run *run, const tock_rep_bench *x, long fam,
                       long instance) {
    for (size_t k = 0; k < x->n; k++) {
        double t = x->ns[k] / x->iters[k];
        jw_open(w, NULL, '{');
        entry_head(w, run, x, fam, instance, NULL, (long long)x->n, (long long)k);
        jw_int(w, "iterations", (long long)x->iters[k]);
        jw_num(w, "real_time", t);
        jw_num(w, "cpu_time", t);
        jw_str(w, "time_unit", "ns");
        throughput_counter(w, x, t > 0.0 ? (double)x->tp_per_iter * 1e9 / t : NAN);
        label(w, x);
        jw_close(w, '}');
    }
    double cv = x->mean.point != 0.0 ? x->std_dev.point / x->mean.point : NAN;
    aggregate(w, run, x, fam, instance, "mean", 0, x->mean.point);
    aggregate(w, run, x, fam, instance, "median", 0, x->median.point);
    aggregate(w, run, x, fam, instance, "stddev", 0, x->std_dev.point);
    aggregate(w, run, x, fam, instance, "cv", 1, cv);
    aggregate(w, run, x, fam, instance, "typical", 0, x->typical.point);
}

int tock_rep_gbench(const tock_rep_run *run, int samples, tock_rep_buf *out) {
    if (samples && !run->have_samples) {
        fprintf(stderr, "tock-report: gbench-samples needs the run's samples (not loaded)\n");
        return TOCK_REP_EUSAGE;
    }
    long *fam = (long *)malloc((run->nb ? run->nb : 1) * sizeof *fam);
    if (!fam) return TOCK_REP_ENOMEM;
    jw w = {out, 0, 1};
    jw_open(&w, NULL, '{');
    context(&w, run);
    jw_open(&w, "benchmarks", '[');
    long nfam = 0;
    for (size_t i = 0; i < run->nb; i++) {
        const tock_rep_bench *x = &run->b[i];
        /* families are numbered in order of first appearance; an instance
         * is the position within its family */
        long instance = 0;
        fam[i] = -1;
        for (size_t j = 0; j < i; j++)
            if (same_family(&run->b[j], x)) {
                fam[i] = fam[j];
                instance++;
            }
        if (fam[i] < 0) fam[i] = nfam++;
        if (samples) {
            per_sample(&w, run, x, fam[i], instance);
            continue;
        }
        jw_open(&w, NULL, '{');
        entry_head(&w, run, x, fam[i], instance, NULL, 1, 0);
        jw_int(&w, "iterations", (long long)x->iterations);
        jw_num(&w, "real_time", x->typical.point);
        jw_num(&w, "cpu_time", x->typical.point);
        jw_str(&w, "time_unit", "ns");
        typical_counters(&w, x);
        label(&w, x);
        jw_close(&w, '}');
    }
    jw_close(&w, ']');
    jw_close(&w, '}');
    tock_rep_puts(out, "\n");
    free(fam);
    return out->err;
}

/* a Bencher metric: value with its interval, bounds left out when not finite */
static void bmf_metric(jw *w, const char *measure, double v, double lo, double hi) {
    if (!isfinite(v)) return;
    jw_open(w, measure, '{');
    jw_num(w, "value", v);
    jw_num(w, "lower_value", lo);
    jw_num(w, "upper_value", hi);
    jw_close(w, '}');
}

int tock_rep_bmf(const tock_rep_run *run, tock_rep_buf *out) {
    jw w = {out, 0, 1};
    jw_open(&w, NULL, '{');
    for (size_t i = 0; i < run->nb; i++) {
        const tock_rep_bench *x = &run->b[i];
        jw_open(&w, x->id, '{');
        bmf_metric(&w, "latency", x->typical.point, x->typical.lower, x->typical.upper);
        if (x->tp_kind)
            bmf_metric(&w, strcmp(x->tp_kind, "bytes") == 0 ? "bytes-per-second" : "throughput",
                       x->tp.point, x->tp.lower, x->tp.upper);
        jw_close(&w, '}');
    }
    jw_close(&w, '}');
    tock_rep_puts(out, "\n");
    return out->err;
}
