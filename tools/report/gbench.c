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
 * cpu_time is the process CPU time per iteration on the typical entry when
 * the run measured it (tock's "cpu"), else it repeats real_time; the
 * context says so. The run's user counters (tock_counter) are extra
 * numeric members of the typical entry, as Google Benchmark writes its
 * counters (a counter named like a member already written is left out). Numbers are written in their shortest exact form (jansson would
 * print 7.02 as 7.0199999999999996). It must never emit NaN or Infinity (not
 * JSON): non-finite values are left out.
 */
#include "report.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The JSON writer is util.h's, pretty (two-space indentation, members in
 * the order written). These leave a member out where the run has no value
 * (a NULL string, a non-finite number) instead of writing null. */
static void jw_str(tock__json *w, const char *key, const char *v) {
    if (v) tock__json_string(w, key, v);
}

static void jw_int(tock__json *w, const char *key, long long v) {
    char t[24];
    snprintf(t, sizeof t, "%lld", v);
    tock__json_raw(w, key, t);
}

static void jw_num(tock__json *w, const char *key, double v) {
    if (isfinite(v)) tock__json_double(w, key, v);
}

/* the family of an id is the id without its parameter */
static int same_family(const tock_rep_bench *a, const tock_rep_bench *b) {
    if (strcmp(a->group, b->group) != 0) return 0;
    if (!a->name || !b->name) return !a->name && !b->name;
    return strcmp(a->name, b->name) == 0;
}

static void context(tock__json *w, const tock_rep_run *run) {
    const tock_rep_prov *p = &run->prov;
    tock__json_begin(w, "context", '{');
    char date[64];
    /* Google Benchmark writes local time with an offset; the run is in UTC */
    snprintf(date, sizeof date, "%s", p->started_utc);
    size_t l = strlen(date);
    if (l && date[l - 1] == 'Z' && l + 6 < sizeof date) memcpy(date + l - 1, "+00:00", 7);
    jw_str(w, "date", date);
    jw_str(w, "executable", "tock-perf");
    if (p->logical_cpus > 0) jw_int(w, "num_cpus", p->logical_cpus);
    long mhz = strcmp(p->timer_source, "tsc") == 0 && isfinite(p->timer_hz)
                   ? (long)floor(p->timer_hz / 1e6 + 0.5)
                   : 0;
    jw_int(w, "mhz_per_cpu", mhz);
    tock__json_bool(w, "cpu_scaling_enabled",
                    strcmp(p->governor, "performance") != 0 &&
                        strcmp(p->governor, "unreadable") != 0 &&
                        strcmp(p->governor, "not recorded") != 0);
    tock__json_begin(w, "caches", '['); /* not recorded by tock; Bencher needs the array */
    tock__json_end(w, ']');
    tock__json_begin(w, "load_avg", '[');
    const char *s = p->loadavg;
    for (int i = 0; i < 3 && s; i++) {
        char *end = NULL;
        double v = strtod(s, &end);
        if (end == s || !isfinite(v)) break;
        jw_num(w, NULL, v);
        s = end;
    }
    tock__json_end(w, ']');
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
    if (run->counts_mode) {
        jw_str(w, "tock_measure", "instructions: real_time/cpu_time hold est. cycles");
        jw_str(w, "tock_count_formula", run->count_formula);
    }
    char cc[160];
    snprintf(cc, sizeof cc, "%s %s", p->compiler_id, p->compiler_version);
    jw_str(w, "tock_compiler", cc);
    jw_str(w, "tock_timer", p->timer_source);
    jw_str(w, "tock_note",
           "real_time is tock's typical time (OLS slope over linear samples); "
           "cpu_time is tock's process CPU time per iteration on the typical "
           "entry when measured, else it repeats real_time");
    tock__json_end(w, '}');
}

/* Google Benchmark's counter for the throughput: per second, from the
 * stored rate (NAN when the benchmark has none) */
static void throughput_counter(tock__json *w, const tock_rep_bench *x, double per_s) {
    if (!x->tp_kind) return;
    jw_num(w, x->tp_bytes ? "bytes_per_second" : "items_per_second", per_s);
}

static void label(tock__json *w, const tock_rep_bench *x) {
    char text[160], lo[40], hi[40];
    tock__fmt_time(lo, sizeof lo, x->typical.lower, 0);
    tock__fmt_time(hi, sizeof hi, x->typical.upper, 0);
    snprintf(text, sizeof text, "%s, %.0f%% CI [%s, %s]", x->mode,
             100.0 * (isfinite(x->confidence) ? x->confidence : 0.95), lo, hi);
    jw_str(w, "label", text);
}

/* the members every entry starts with, up to "threads" */
static void entry_head(tock__json *w, const tock_rep_run *run, const tock_rep_bench *x, long fam,
                       long instance, const char *aggregate, long long reps, long long rep) {
    tock__buf name = {0}; /* <id>_<aggregate>: Google Benchmark's name of an aggregate */
    tock__buf_puts(&name, x->id);
    if (aggregate) tock__buf_printf(&name, "_%s", aggregate);
    if (name.err && !w->b->err) w->b->err = name.err;
    jw_str(w, "name", name.err ? "" : name.p);
    tock__buf_free(&name);
    jw_int(w, "family_index", fam);
    jw_int(w, "per_family_instance_index", instance);
    jw_str(w, "run_name", x->id);
    jw_str(w, "run_type", aggregate ? "aggregate" : "iteration");
    jw_int(w, "repetitions", reps);
    if (!aggregate) jw_int(w, "repetition_index", rep);
    /* the benchmark's own .threads when the run recorded it, else --threads */
    jw_int(w, "threads", (long long)(x->threads ? x->threads : run->prov.threads));
}

/* the slope, its interval and the run's other figures as counters */
static void typical_counters(tock__json *w, const tock_rep_bench *x) {
    throughput_counter(w, x, x->tp.point);
    jw_num(w, "typical_lower_ns", x->typical.lower);
    jw_num(w, "typical_upper_ns", x->typical.upper);
    jw_num(w, "median_ns", x->median.point);
    jw_int(w, "samples", (long long)x->samples);
    jw_num(w, "published_ns", x->published_ns);
    static const char *const taken[] = {
        "typical_lower_ns", "typical_upper_ns", "median_ns", "samples", "published_ns",
        "items_per_second", "bytes_per_second", "label",     NULL};
    const char *key;
    json_t *c;
    json_object_foreach(x->counters, key, c) {
        int clash = 0;
        for (const char *const *t = taken; *t; t++) clash |= strcmp(key, *t) == 0;
        json_t *v = json_object_get(c, "value");
        if (!clash && json_is_number(v)) jw_num(w, key, json_number_value(v));
    }
}

/* an aggregate entry; left out when its value is not finite (a standard
 * deviation of one sample), as compare.py would skip it anyway */
static void aggregate(tock__json *w, const tock_rep_run *run, const tock_rep_bench *x, long fam,
                      long instance, const char *name, int percentage, double v) {
    if (!isfinite(v)) return;
    tock__json_begin(w, NULL, '{');
    entry_head(w, run, x, fam, instance, name, (long long)x->n, 0);
    jw_str(w, "aggregate_name", name);
    jw_str(w, "aggregate_unit", percentage ? "percentage" : "time");
    jw_int(w, "iterations", (long long)x->n);
    const int typical = strcmp(name, "typical") == 0;
    jw_num(w, "real_time", v);
    jw_num(w, "cpu_time", typical && isfinite(x->cpu_ns) ? x->cpu_ns : v);
    jw_str(w, "time_unit", "ns");
    if (typical) typical_counters(w, x);
    label(w, x);
    tock__json_end(w, '}');
}

/* one benchmark, every sample a repetition, then the aggregates */
static void per_sample(tock__json *w, const tock_rep_run *run, const tock_rep_bench *x, long fam,
                       long instance) {
    for (size_t k = 0; k < x->n; k++) {
        double t = x->ns[k] / x->iters[k];
        tock__json_begin(w, NULL, '{');
        entry_head(w, run, x, fam, instance, NULL, (long long)x->n, (long long)k);
        jw_int(w, "iterations", (long long)x->iters[k]);
        jw_num(w, "real_time", t);
        jw_num(w, "cpu_time", t);
        jw_str(w, "time_unit", "ns");
        throughput_counter(w, x, t > 0.0 ? (double)x->tp_per_iter * 1e9 / t : NAN);
        label(w, x);
        tock__json_end(w, '}');
    }
    double cv = x->mean.point != 0.0 ? x->std_dev.point / x->mean.point : NAN;
    aggregate(w, run, x, fam, instance, "mean", 0, x->mean.point);
    aggregate(w, run, x, fam, instance, "median", 0, x->median.point);
    aggregate(w, run, x, fam, instance, "stddev", 0, x->std_dev.point);
    aggregate(w, run, x, fam, instance, "cv", 1, cv);
    aggregate(w, run, x, fam, instance, "typical", 0, x->typical.point);
}

static int gbench(const tock_rep_run *run, int samples, tock__buf *out) {
    if (samples && !run->have_samples) {
        fprintf(stderr, "tock-report: gbench-samples needs the run's samples (not loaded)\n");
        return TOCK_REP_EUSAGE;
    }
    long *fam = (long *)malloc((run->nb ? run->nb : 1) * sizeof *fam);
    if (!fam) return TOCK_REP_ENOMEM;
    tock__json w;
    tock__json_init(&w, out, 1);
    tock__json_begin(&w, NULL, '{');
    context(&w, run);
    tock__json_begin(&w, "benchmarks", '[');
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
        tock__json_begin(&w, NULL, '{');
        entry_head(&w, run, x, fam[i], instance, NULL, 1, 0);
        if (run->counts_mode) {
            /* a count run: the events are user counters; real_time and
             * cpu_time carry est. cycles per iteration (no time was taken) */
            jw_int(&w, "iterations", (long long)x->count_iters);
            jw_num(&w, "real_time", x->est_cycles);
            jw_num(&w, "cpu_time", x->est_cycles);
            jw_str(&w, "time_unit", "ns");
            for (int k = 0; k < TOCK_REP_NCOUNTS; k++)
                jw_num(&w, tock_rep_count_events[k], x->counts[k]);
            jw_num(&w, "est_cycles", x->est_cycles);
            label(&w, x);
            tock__json_end(&w, '}');
            continue;
        }
        jw_int(&w, "iterations", (long long)x->iterations);
        jw_num(&w, "real_time", x->typical.point);
        jw_num(&w, "cpu_time", isfinite(x->cpu_ns) ? x->cpu_ns : x->typical.point);
        jw_str(&w, "time_unit", "ns");
        typical_counters(&w, x);
        label(&w, x);
        tock__json_end(&w, '}');
    }
    tock__json_end(&w, ']');
    tock__json_end(&w, '}'); /* and the final newline */
    free(fam);
    return out->err;
}

int tock_rep_gbench(const tock_rep_run *run, tock__buf *out) { return gbench(run, 0, out); }

int tock_rep_gbench_samples(const tock_rep_run *run, tock__buf *out) { return gbench(run, 1, out); }

/* a Bencher metric: value with its interval, bounds left out when not finite */
static void bmf_metric(tock__json *w, const char *measure, double v, double lo, double hi) {
    if (!isfinite(v)) return;
    tock__json_begin(w, measure, '{');
    jw_num(w, "value", v);
    jw_num(w, "lower_value", lo);
    jw_num(w, "upper_value", hi);
    tock__json_end(w, '}');
}

int tock_rep_bmf(const tock_rep_run *run, tock__buf *out) {
    tock__json w;
    tock__json_init(&w, out, 1);
    tock__json_begin(&w, NULL, '{');
    for (size_t i = 0; i < run->nb; i++) {
        const tock_rep_bench *x = &run->b[i];
        tock__json_begin(&w, x->id, '{');
        if (run->counts_mode) { /* Bencher's measures for callgrind counts */
            bmf_metric(&w, "instructions", x->counts[0], NAN, NAN);
            bmf_metric(&w, "estimated-cycles", x->est_cycles, NAN, NAN);
        }
        bmf_metric(&w, "latency", x->typical.point, x->typical.lower, x->typical.upper);
        if (x->tp_kind)
            bmf_metric(&w, x->tp_bytes ? "bytes-per-second" : "throughput", x->tp.point,
                       x->tp.lower, x->tp.upper);
        tock__json_end(&w, '}');
    }
    tock__json_end(&w, '}'); /* and the final newline */
    return out->err;
}
