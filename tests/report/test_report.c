/* test_report.c - drives tock-report on run directories this test writes
 * itself (so every expected number is known): REPORT.html, the publishable
 * Markdown, the four export formats, --update-readme / --check-readme, and
 * the bad-input paths (missing, corrupt, truncated or edited files, missing
 * fields, interrupted runs, usage errors). It must never depend on a
 * measured time: the fixture's numbers are made up and fixed.
 *
 * usage: tock_test_report PATH/TO/tock-report WORK_DIR
 */
#include "check.h"

#include <inttypes.h>
#include <jansson.h>
#include <math.h>

static const char *tool, *work;
static char scratch[4096];

/* ---- the fixture run ---- */

typedef struct spec {
    const char *id, *group, *name, *param;
    double typical, published;
    const char *tp_kind;
    uint64_t tp_per_iter;
    const char *floor_id;
} spec;

static const spec specs[] = {
    {"rssm_prediction/1", "rssm_prediction", NULL, "1", 100e3, 50e3, "elements", 1,
     "reference/weight_stream_step"},
    {"rssm_prediction/5", "rssm_prediction", NULL, "5", 400e3, 150e3, "elements", 5, NULL},
    {"rssm_prediction/10", "rssm_prediction", NULL, "10", 700e3, 280e3, "elements", 10, NULL},
    {"state_history/record_step", "state_history", "record_step", NULL, 5.5, 2.4, NULL, 0, NULL},
    {"weight_delta/clone", "weight_delta", "clone", NULL, 850.0, 987.0, "bytes", 40000, NULL},
    {"reference/weight_stream_step", "reference", "weight_stream_step", NULL, 40e3, 0.0, "bytes",
     2960000, NULL},
};
#define NSPEC (sizeof specs / sizeof specs[0])
#define NSAMP 20

enum { F_INTERRUPTED = 1, F_COMPARED = 2 };

static uint64_t fnv1a64(const char *p, size_t n) {
    uint64_t h = 0xcbf29ce484222325u;
    for (size_t i = 0; i < n; i++) {
        h ^= (unsigned char)p[i];
        h *= 0x100000001b3u;
    }
    return h;
}

static json_t *est(double p, double lo, double hi) {
    return json_pack("{s:f,s:f,s:f}", "point", p, "lower", lo, "upper", hi);
}

static void write_json(const char *dir, const char *name, json_t *v) {
    char path[4096];
    PATHF(path, "%s/%s", dir, name);
    char *s = json_dumps(v, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    spit(path, s, strlen(s));
    free(s);
}

/* recompute manifest.json's artifact sizes and hashes from the files */
static void rehash(const char *dir) {
    char path[4096];
    PATHF(path, "%s/manifest.json", dir);
    json_t *m = json_load_file(path, 0, NULL);
    if (!m) return;
    json_t *arts = json_object_get(m, "artifacts"), *a;
    size_t i;
    json_array_foreach(arts, i, a) {
        char p[4096], hx[20];
        PATHF(p, "%s/%s", dir, json_string_value(json_object_get(a, "path")));
        size_t n = 0;
        char *d = slurp(p, &n);
        PATHF(hx, "%016" PRIx64, d ? fnv1a64(d, n) : 0);
        json_object_set_new(a, "bytes", json_integer((json_int_t)n));
        json_object_set_new(a, "fnv1a64", json_string(hx));
        free(d);
    }
    write_json(dir, "manifest.json", m);
    json_decref(m);
}

static void make_run(const char *dir, int flags) {
    char path[4096];
    rm_rf(dir);
    PATHF(path, "%s/samples", dir);
    mkdir_p(path);
    json_t *arts = json_array(), *benches = json_array();
    size_t nmeasured = (flags & F_INTERRUPTED) ? NSPEC - 2 : NSPEC;
    for (size_t k = 0; k < nmeasured; k++) {
        const spec *s = &specs[k];
        char rel[256], csv[8192];
        PATHF(rel, "samples/%s.csv", s->id);
        for (char *c = rel + 8; *c; c++)
            if (*c == '/') *c = '_';
        size_t len = (size_t)PATHF(csv, "iterations,ns\n");
        uint64_t d = s->typical > 1e5 ? 1 : s->typical > 100 ? 50 : 20000;
        for (int i = 1; i <= NSAMP; i++) {
            double it = (double)(d * (uint64_t)i);
            double f = 1.0 + 0.03 * sin(1.7 * i) + (i == 7 ? 2.0 : 0.0); /* one severe outlier */
            len += (size_t)snprintf(csv + len, sizeof csv - len, "%.0f,%.17g\n", it,
                                    s->typical * it * f);
        }
        PATHF(path, "%s/%s", dir, rel);
        spit(path, csv, len);
        json_array_append_new(arts, json_pack("{s:s}", "path", rel));
        json_t *b = json_pack(
            "{s:s,s:s,s:s?,s:s?,s:s,s:s,s:o,s:o,s:o,s:o,s:o,s:f,s:i,s:I,s:{s:i,s:i,s:i,s:i}}",
            "id", s->id, "group", s->group, "name", s->name, "parameter", s->param, "mode",
            "latency", "unit", "ns", "typical", est(s->typical, 0.9 * s->typical, 1.1 * s->typical),
            "mean", est(s->typical * 1.02, s->typical * 0.95, s->typical * 1.1), "median",
            est(s->typical, s->typical * 0.97, s->typical * 1.03), "std_dev",
            est(s->typical * 0.1, s->typical * 0.05, s->typical * 0.2), "mad",
            est(s->typical * 0.03, s->typical * 0.01, s->typical * 0.05), "min",
            s->typical * 0.9, "samples", NSAMP, "iterations", (json_int_t)(d * 210), "outliers",
            "low_severe", 0, "low_mild", 0, "high_mild", 0, "high_severe", 1);
        if (s->tp_kind) {
            double per_s = (double)s->tp_per_iter / (s->typical * 1e-9);
            json_object_set_new(b, "throughput",
                                json_pack("{s:s,s:I,s:o}", "kind", s->tp_kind, "per_iteration",
                                          (json_int_t)s->tp_per_iter, "per_second",
                                          est(per_s, per_s / 1.1, per_s / 0.9)));
        } else {
            json_object_set_new(b, "throughput", json_null());
        }
        json_object_set_new(b, "stop_reason", json_string("sample_limit"));
        json_object_set_new(b, "target_precision", json_real(0.01));
        json_object_set_new(b, "achieved_precision", json_real(0.1));
        json_object_set_new(b, "confidence_level", json_real(0.95));
        json_object_set_new(b, "resamples", json_integer(10000));
        json_object_set_new(b, "sampling_time_s", json_real(0.5));
        json_object_set_new(b, "samples_file", json_string(rel));
        if (s->published > 0) {
            json_object_set_new(b, "published_ns", json_real(s->published));
            json_object_set_new(b, "published_ratio", json_real(s->typical / s->published));
        }
        if (s->floor_id) {
            json_object_set_new(b, "floor_id", json_string(s->floor_id));
            json_object_set_new(b, "floor_ratio", json_real(2.5));
        }
        /* with a comparison: record_step regressed, clone improved, the
         * floor benchmark was not in the baseline, the rest unchanged */
        if ((flags & F_COMPARED) && k != 5) {
            const char *v = k == 3 ? "regressed" : k == 4 ? "improved" : "no_change";
            double c = k == 3 ? 0.12 : k == 4 ? -0.08 : 0.004;
            json_object_set_new(b, "change",
                                json_pack("{s:o,s:o,s:f,s:f,s:s}", "typical",
                                          est(c, c - 0.03, c + 0.03), "median",
                                          est(c, c - 0.03, c + 0.03), "p_value", 0.001,
                                          "p_adjusted", k == 3 || k == 4 ? 0.004 : 0.6,
                                          "verdict", v));
        }
        json_array_append_new(benches, b);
    }
    const char *status = (flags & F_INTERRUPTED) ? "interrupted" : "complete";
    json_t *sum = json_pack("{s:s,s:s,s:s}", "schema", "tock.summary/1", "run_id",
                            "20260101T000000Z-abc", "status", status);
    if (flags & F_COMPARED)
        json_object_set_new(
            sum, "comparison",
            json_pack("{s:s,s:s,s:s,s:s,s:s,s:f,s:f,s:i,s:i}", "mode", "baseline", "baseline",
                      "main", "baseline_created", "2025-12-31T00:00:00Z", "change_definition",
                      "new / old - 1 (positive = slower)", "test", "Welch t, bootstrap p",
                      "significance_level", 0.05, "noise_threshold", 0.01, "regressed", 1,
                      "improved", 1));
    if (flags & F_COMPARED)
        json_object_set_new(json_object_get(sum, "comparison"), "environment_differences",
                            json_pack("[s]", "threads: baseline '2', current '1'"));
    json_object_set_new(sum, "benchmarks", benches);
    write_json(dir, "summary.json", sum);
    json_decref(sum);
    json_t *prov = json_pack(
        "{s:s,s:s,s:s,s:s,s:s,s:{s:s,s:b},s:{s:s,s:s,s:s},s:s,s:i,"
        "s:{s:s,s:s,s:i,s:s,s:s,s:s,s:s,s:s},s:{s:s,s:s,s:s,s:s,s:s},s:{s:b,s:s},"
        "s:{s:s,s:s,s:f,s:f,s:f,s:f},s:{s:s,s:s}}",
        "schema", "tock.provenance/1", "run_id", "20260101T000000Z-abc", "date_utc",
        "2026-01-01T00:00:09Z", "started_utc", "2026-01-01T00:00:00Z", "tock_version", "0.1.0",
        "git", "commit", "abc", "dirty", 0, "compiler", "id", "gcc", "version", "12.2.0", "flags",
        "GNU 12.2.0 (Release): -O2", "arch", "x86_64", "threads", 1, "cpu", "model",
        "Test CPU, 8 cores", "flags", "fpu avx2", "logical_cpus", 8, "governor", "performance",
        "scaling_driver", "acpi-cpufreq", "boost", "0", "smt_active", "0", "loadavg_at_start",
        "0.10 0.20 0.30 1/100 42", "kernel", "sysname", "Linux", "release", "6.1.0", "version",
        "#1", "machine", "x86_64", "clocksource", "tsc", "hypervisor", "cpuinfo_flag", 0, "type",
        "none", "timer", "source", "tsc", "note", "test", "frequency_hz", 3.0e9, "overhead_ns",
        10.0, "resolution_ns", 10.0, "min_sample_ns", 10000.0, "user", "isa_dispatched", "avx2",
        "note", "fixture <&> \"quoted\"");
    write_json(dir, "provenance.json", prov);
    json_decref(prov);
    json_array_append_new(arts, json_pack("{s:s}", "path", "provenance.json"));
    json_array_append_new(arts, json_pack("{s:s}", "path", "summary.json"));
    json_t *missing = json_array();
    for (size_t k = nmeasured; k < NSPEC; k++)
        json_array_append_new(missing, json_pack("{s:s,s:s}", "id", specs[k].id, "reason",
                                                 "interrupted before completion"));
    json_t *man = json_pack(
        "{s:s,s:s,s:i,s:s,s:s,s:s,s:s,s:{s:f,s:b},s:s,s:s,s:o,s:i,s:i,s:o}", "schema",
        "tock.manifest/1", "status", status, "exit_code", (flags & F_INTERRUPTED) ? 130 : 0,
        "run_id", "20260101T000000Z-abc", "tock_version", "0.1.0", "started_utc",
        "2026-01-01T00:00:00Z", "finished_utc", "2026-01-01T00:00:09Z", "config",
        "measurement_time_s", 1.8, "quick", 0, "config_hash", "0000000000000000",
        "hash_algorithm", "fnv1a64", "benchmarks_not_measured", missing, "benchmarks_selected",
        (int)NSPEC, "benchmarks_measured", (int)nmeasured, "artifacts", arts);
    write_json(dir, "manifest.json", man);
    json_decref(man);
    rehash(dir);
}

/* ---- helpers ---- */

static run_result tool2(const char *a1, const char *a2, const char *a3, const char *a4,
                        const char *a5) {
    char *argv[7] = {(char *)tool, (char *)a1, (char *)a2, (char *)a3, (char *)a4, (char *)a5,
                     NULL};
    return run_tool(scratch, argv);
}

static size_t count(const char *hay, const char *needle) {
    size_t n = 0;
    for (const char *p = hay; p && (p = strstr(p, needle)); p += strlen(needle)) n++;
    return n;
}

static void set_summary_field(const char *dir, size_t bench, const char *key, json_t *val) {
    char path[4096];
    PATHF(path, "%s/summary.json", dir);
    json_t *s = json_load_file(path, 0, NULL);
    json_t *b = json_array_get(json_object_get(s, "benchmarks"), bench);
    if (val)
        json_object_set_new(b, key, val);
    else
        json_object_del(b, key);
    write_json(dir, "summary.json", s);
    json_decref(s);
    rehash(dir);
}

/* text with the first `from` replaced by `to` (malloc'd), NULL if absent */
static char *replace_first(const char *text, const char *from, const char *to) {
    const char *at = text ? strstr(text, from) : NULL;
    if (!at) return NULL;
    size_t n = strlen(text) - strlen(from) + strlen(to);
    char *out = (char *)malloc(n + 1);
    if (!out) return NULL;
    size_t k = (size_t)(at - text);
    memcpy(out, text, k);
    memcpy(out + k, to, strlen(to));
    strcpy(out + k + strlen(to), at + strlen(from));
    return out;
}

/* ---- tests ---- */

static void test_html(void) {
    printf("REPORT.html of a complete run\n");
    char dir[4096], html[4096];
    PATHF(dir, "%s/good", work);
    PATHF(html, "%s/REPORT.html", dir);
    make_run(dir, 0);
    run_result r = tool2(dir, NULL, NULL, NULL, NULL);
    CHECK_INT_EQ(r.status, 0);
    CHECK_CONTAINS(r.out, "REPORT.html");
    char *h = slurp(html, NULL);
    CHECK(h != NULL, "REPORT.html exists");
    /* one group figure plus two per benchmark */
    CHECK_INT_EQ(count(h, "<svg"), 1 + 2 * NSPEC);
    CHECK_INT_EQ(count(h, "</svg>"), 1 + 2 * NSPEC);
    CHECK_CONTAINS(h, "<title>tock run 20260101T000000Z-abc</title>");
    CHECK_CONTAINS(h, "rssm_prediction/{horizon}");
    /* least squares through (1, 100 us), (5, 400 us), (10, 700 us):
     * slope 2700 / 40.667 = 66.393 us, intercept 400 - 66.393 * 16/3 = 45.902 us */
    CHECK_CONTAINS(h, "b = 66.393 \xc2\xb5s per horizon");
    CHECK_CONTAINS(h, "a = 45.902 \xc2\xb5s");
    CHECK_CONTAINS(h, "Tukey fences, 1.5 IQR");
    CHECK_CONTAINS(h, "class=\"fence-severe\"");
    CHECK_CONTAINS(h, "100.00 \xc2\xb5s");
    CHECK_CONTAINS(h, "Test CPU, 8 cores");
    CHECK_CONTAINS(h, "avx2");
    CHECK_CONTAINS(h, "fixture &lt;&amp;&gt; &quot;quoted&quot;"); /* escaped */
    CHECK_CONTAINS(h, "id=\"tock-selfcheck\"");
    CHECK_LACKS(h, "Incomplete run");
    CHECK_LACKS(h, "<script src");
    CHECK_LACKS(h, "https://");
    CHECK_LACKS(h, "<link");
    CHECK_INT_EQ(count(h, "http://"), count(h, "xmlns=\"http://www.w3.org/2000/svg\""));
    free(h);
    char tmp[4096];
    PATHF(tmp, "%s/REPORT.html.tmp", dir);
    CHECK(!exists(tmp), "no temporary file left behind");
    run_free(&r);

    printf("--out writes elsewhere and leaves the run alone\n");
    char other[4096];
    PATHF(other, "%s/elsewhere.html", work);
    r = tool2(dir, "--out", other, NULL, NULL);
    CHECK_INT_EQ(r.status, 0);
    CHECK(exists(other), "the --out file exists");
    run_free(&r);
}

static void test_markdown(void) {
    printf("--markdown: the publishable table\n");
    char dir[4096];
    PATHF(dir, "%s/good", work);
    run_result r = tool2(dir, "--markdown", NULL, NULL, NULL);
    CHECK_INT_EQ(r.status, 0);
    CHECK_CONTAINS(r.out, "| horizon | time | 95% interval | throughput | published |");
    CHECK_CONTAINS(r.out, "| 1 | 100.00 us | [90.000 us, 110.00 us] | 10.000 Kelem/s | "
                          "50.000 us (2.00x) |");
    CHECK_CONTAINS(r.out, "| 10 | 700.00 us |");
    CHECK_CONTAINS(r.out, "- `state_history/record_step`: 5.5000 ns [4.9500 ns, 6.0500 ns]; "
                          "published 2.4000 ns (2.29x)");
    CHECK_CONTAINS(r.out, "Machine: Test CPU, 8 cores (x86_64, ISA avx2, 8 logical CPUs), "
                          "1 thread, gcc 12.2.0.");
    CHECK_LACKS(r.out, "- `rssm_prediction/1`"); /* in the table, not repeated */
    run_free(&r);
}

/* Google Benchmark's time units (and Bencher's cpp_google reads these too) */
static int gbench_unit(const char *u) {
    return u && (strcmp(u, "ns") == 0 || strcmp(u, "us") == 0 || strcmp(u, "ms") == 0 ||
                 strcmp(u, "s") == 0);
}

/* What the consumers of --format gbench read, field by field (tests/report/
 * compare_py.sh runs the real compare.py; the other two are not installable
 * here, so their parsers' reads are checked as their sources spell them):
 *  - github-action-benchmark, tool 'googlecpp': for every entry of
 *    "benchmarks": name (the chart series, so one entry per name), real_time
 *    (the value), time_unit (unit = time_unit + "/iter"), and iterations,
 *    cpu_time, threads (the tooltip); an empty array is an error there.
 *  - Bencher, adapter cpp_google: context.caches (an array of objects),
 *    name (1..1024 characters; a repeated name overwrites), real_time (a
 *    number), time_unit (ps, ns, us, ms or s).
 *  - compare.py: name, real_time, cpu_time, time_unit (entries without them
 *    are skipped silently), run_type, and the sort keys family_index,
 *    per_family_instance_index, repetition_index. */
static void consumers_gbench(json_t *g) {
    json_t *arr = json_object_get(g, "benchmarks"), *caches, *b, *c;
    caches = json_object_get(json_object_get(g, "context"), "caches");
    int caches_ok = json_is_array(caches);
    size_t i, j;
    json_array_foreach(caches, i, c) {
        if (!json_is_object(c)) caches_ok = 0;
    }
    CHECK(caches_ok, "Bencher: context.caches is an array of objects");
    CHECK(json_array_size(arr) > 0, "github-action-benchmark: at least one benchmark");
    int ok = 1, unique = 1;
    json_array_foreach(arr, i, b) {
        const char *name = json_string_value(json_object_get(b, "name"));
        if (!name || !*name || strlen(name) > 1024) ok = 0;
        if (!json_is_number(json_object_get(b, "real_time")) ||
            !json_is_number(json_object_get(b, "cpu_time")) ||
            !json_is_integer(json_object_get(b, "iterations")) ||
            !json_is_integer(json_object_get(b, "threads")) ||
            !gbench_unit(json_string_value(json_object_get(b, "time_unit"))))
            ok = 0;
        for (j = 0; j < i && name; j++) {
            const char *other = json_string_value(json_object_get(json_array_get(arr, j), "name"));
            if (other && strcmp(other, name) == 0) unique = 0;
        }
    }
    CHECK(ok, "every entry has name, real_time, cpu_time, iterations, threads and a Google "
              "Benchmark time_unit (github-action-benchmark, Bencher, compare.py)");
    CHECK(unique, "one entry per name (github-action-benchmark's series, Bencher's key)");
}

static double num_at(json_t *b, const char *key) {
    return json_number_value(json_object_get(b, key));
}

static int str_is(json_t *b, const char *key, const char *want) {
    const char *v = json_string_value(json_object_get(b, key));
    return v && strcmp(v, want) == 0;
}

static void test_gbench_samples(const char *dir) {
    printf("--format gbench-samples: every sample a repetition, then the aggregates\n");
    run_result r = tool2(dir, "--format", "gbench-samples", NULL, NULL);
    CHECK_INT_EQ(r.status, 0);
    json_error_t e;
    json_t *g = json_loads(r.out, 0, &e);
    CHECK(g != NULL, "output is JSON (%s)", g ? "ok" : e.text);
    json_t *arr = json_object_get(g, "benchmarks");
    static const char *const aggs[] = {"mean", "median", "stddev", "cv", "typical"};
    CHECK_INT_EQ(json_array_size(arr), NSPEC * (NSAMP + 5));
    int reps_ok = 1, times_ok = 1, aggs_ok = 1, values_ok = 1;
    for (size_t k = 0; k < NSPEC; k++) {
        const spec *s = &specs[k];
        uint64_t d = s->typical > 1e5 ? 1 : s->typical > 100 ? 50 : 20000; /* as make_run */
        size_t base = k * (NSAMP + 5);
        for (int i = 0; i < NSAMP; i++) {
            json_t *b = json_array_get(arr, base + (size_t)i);
            double f = 1.0 + 0.03 * sin(1.7 * (i + 1)) + (i + 1 == 7 ? 2.0 : 0.0);
            json_int_t iters = (json_int_t)(d * (uint64_t)(i + 1));
            if (!str_is(b, "name", s->id) || !str_is(b, "run_name", s->id) ||
                !str_is(b, "run_type", "iteration") ||
                json_integer_value(json_object_get(b, "repetitions")) != NSAMP ||
                json_integer_value(json_object_get(b, "repetition_index")) != i ||
                json_integer_value(json_object_get(b, "iterations")) != iters)
                reps_ok = 0;
            double t = num_at(b, "real_time");
            if (fabs(t / (s->typical * f) - 1.0) > 1e-12 || num_at(b, "cpu_time") != t ||
                !str_is(b, "time_unit", "ns"))
                times_ok = 0;
        }
        for (size_t a = 0; a < 5; a++) {
            json_t *b = json_array_get(arr, base + NSAMP + a);
            char name[256];
            PATHF(name, "%s_%s", s->id, aggs[a]);
            if (!str_is(b, "name", name) || !str_is(b, "run_name", s->id) ||
                !str_is(b, "run_type", "aggregate") || !str_is(b, "aggregate_name", aggs[a]) ||
                !str_is(b, "aggregate_unit", a == 3 ? "percentage" : "time") ||
                json_object_get(b, "repetition_index") != NULL ||
                json_integer_value(json_object_get(b, "repetitions")) != NSAMP ||
                json_integer_value(json_object_get(b, "iterations")) != NSAMP)
                aggs_ok = 0;
        }
        /* summary.json's figures, as the fixture wrote them */
        double mean = s->typical * 1.02, sd = s->typical * 0.1;
        double want[5] = {mean, s->typical, sd, sd / mean, s->typical};
        for (size_t a = 0; a < 5; a++)
            if (num_at(json_array_get(arr, base + NSAMP + a), "real_time") != want[a])
                values_ok = 0;
    }
    CHECK(reps_ok, "NSAMP repetitions per benchmark: name, repetitions, repetition_index, "
                   "iterations of each sample");
    CHECK(times_ok, "real_time of a repetition is its sample's ns / iterations");
    CHECK(aggs_ok, "aggregates _mean, _median, _stddev, _cv (percentage), _typical");
    CHECK(values_ok, "aggregate values are summary.json's mean, median, std_dev, std_dev/mean "
                     "and typical");
    json_t *typ = json_array_get(arr, NSAMP + 4);
    CHECK(num_at(typ, "typical_lower_ns") == 0.9 * specs[0].typical,
          "_typical carries the interval");
    json_decref(g);
    run_free(&r);
}

static void test_bmf(const char *dir) {
    printf("--format bmf: Bencher Metric Format\n");
    run_result r = tool2(dir, "--format", "bmf", NULL, NULL);
    CHECK_INT_EQ(r.status, 0);
    json_error_t e;
    json_t *g = json_loads(r.out, 0, &e);
    CHECK(g != NULL, "output is JSON (%s)", g ? "ok" : e.text);
    CHECK(json_is_object(g), "a JSON object of benchmarks");
    CHECK_INT_EQ(json_object_size(g), NSPEC);
    int shape = 1, exact = 1;
    const char *id;
    json_t *measures, *m;
    json_object_foreach(g, id, measures) {
        const char *mname;
        if (!json_is_object(measures) || json_object_size(measures) == 0) shape = 0;
        json_object_foreach(measures, mname, m) {
            /* BMF: "value" required, "lower_value" and "upper_value" optional
             * numbers, nothing else; a measure slug is at most 64 characters */
            if (!json_is_number(json_object_get(m, "value")) || strlen(mname) > 64) shape = 0;
            const char *key;
            json_t *v;
            json_object_foreach(m, key, v) {
                if (!json_is_number(v) || (strcmp(key, "value") != 0 &&
                                           strcmp(key, "lower_value") != 0 &&
                                           strcmp(key, "upper_value") != 0))
                    shape = 0;
            }
        }
    }
    for (size_t k = 0; k < NSPEC; k++) {
        json_t *lat = json_object_get(json_object_get(g, specs[k].id), "latency");
        if (num_at(lat, "value") != specs[k].typical ||
            num_at(lat, "lower_value") != 0.9 * specs[k].typical ||
            num_at(lat, "upper_value") != 1.1 * specs[k].typical)
            exact = 0;
    }
    CHECK(shape, "every benchmark maps measures to {value, lower_value, upper_value} numbers");
    CHECK(exact, "latency is the typical time with its interval, in ns");
    json_t *b = json_object_get(g, "rssm_prediction/1");
    CHECK(json_object_get(b, "throughput") != NULL, "element throughput is Bencher's throughput");
    CHECK(num_at(json_object_get(b, "throughput"), "value") == 1.0 / (100e3 * 1e-9),
          "throughput value is the stored per-second rate");
    b = json_object_get(g, "weight_delta/clone");
    CHECK(json_object_get(b, "bytes-per-second") != NULL && !json_object_get(b, "throughput"),
          "byte throughput is its own measure, bytes-per-second");
    CHECK_INT_EQ(json_object_size(json_object_get(g, "state_history/record_step")), 1);
    json_decref(g);
    run_free(&r);
}

static void test_exports(void) {
    char dir[4096];
    PATHF(dir, "%s/good", work);

    printf("--format gbench: Google Benchmark JSON\n");
    run_result r = tool2(dir, "--format", "gbench", NULL, NULL);
    CHECK_INT_EQ(r.status, 0);
    json_error_t e;
    json_t *g = json_loads(r.out, 0, &e);
    CHECK(g != NULL, "output is JSON (%s)", g ? "ok" : e.text);
    json_t *ctx = json_object_get(g, "context"), *arr = json_object_get(g, "benchmarks");
    CHECK(json_is_object(ctx), "context is an object");
    CHECK(json_is_array(json_object_get(ctx, "caches")), "context.caches is an array (Bencher)");
    CHECK(json_is_string(json_object_get(ctx, "date")), "context.date is a string");
    CHECK(json_is_integer(json_object_get(ctx, "num_cpus")), "context.num_cpus is an integer");
    CHECK_INT_EQ(json_array_size(arr), NSPEC);
    size_t i;
    json_t *b;
    int fields_ok = 1, exact = 1;
    json_array_foreach(arr, i, b) {
        static const char *const str_keys[] = {"name", "run_name", "run_type", "time_unit"};
        static const char *const int_keys[] = {"family_index", "per_family_instance_index",
                                               "repetitions", "repetition_index", "threads",
                                               "iterations"};
        for (size_t k = 0; k < 4; k++)
            if (!json_is_string(json_object_get(b, str_keys[k]))) fields_ok = 0;
        for (size_t k = 0; k < 6; k++)
            if (!json_is_integer(json_object_get(b, int_keys[k]))) fields_ok = 0;
        if (!json_is_number(json_object_get(b, "real_time")) ||
            !json_is_number(json_object_get(b, "cpu_time")))
            fields_ok = 0;
        if (json_number_value(json_object_get(b, "real_time")) != specs[i].typical) exact = 0;
    }
    CHECK(fields_ok, "every benchmark has the Google Benchmark fields with their types");
    CHECK(exact, "real_time reads back exactly as summary.json's typical time");
    b = json_array_get(arr, 1);
    CHECK(strcmp(json_string_value(json_object_get(b, "run_type")), "iteration") == 0,
          "run_type is \"iteration\"");
    CHECK(strcmp(json_string_value(json_object_get(b, "time_unit")), "ns") == 0, "time_unit ns");
    CHECK_INT_EQ(json_integer_value(json_object_get(b, "family_index")), 0);
    CHECK_INT_EQ(json_integer_value(json_object_get(b, "per_family_instance_index")), 1);
    CHECK(json_is_number(json_object_get(json_array_get(arr, 4), "bytes_per_second")),
          "bytes throughput becomes bytes_per_second");
    consumers_gbench(g);
    json_decref(g);
    run_free(&r);

    test_gbench_samples(dir);
    test_bmf(dir);

    printf("--format csv\n");
    r = tool2(dir, "--format", "csv", NULL, NULL);
    CHECK_INT_EQ(r.status, 0);
    CHECK_INT_EQ(count(r.out, "\r\n"), 1 + NSPEC);
    CHECK_CONTAINS(r.out, "run_id,status,commit,");
    CHECK_CONTAINS(r.out, ",\"Test CPU, 8 cores\",x86_64,avx2,1,rssm_prediction/1,");
    CHECK_CONTAINS(r.out, ",rssm_prediction,,1,latency,100000,90000,");
    run_free(&r);

    printf("--format markdown\n");
    r = tool2(dir, "--format", "markdown", NULL, NULL);
    CHECK_INT_EQ(r.status, 0);
    CHECK_INT_EQ(count(r.out, "\n| `"), NSPEC);
    CHECK_CONTAINS(r.out, "| `weight_delta/clone` | latency | 850.00 ns |");
    run_free(&r);

    printf("--format junit, --out\n");
    char xml[4096];
    PATHF(xml, "%s/junit.xml", work);
    r = tool2(dir, "--format", "junit", "--out", xml);
    CHECK_INT_EQ(r.status, 0);
    char *x = slurp(xml, NULL);
    CHECK(x != NULL, "junit.xml written");
    CHECK_INT_EQ(count(x, "<testcase "), NSPEC);
    CHECK_CONTAINS(x, "failures=\"0\"");
    CHECK_LACKS(x, "<failure");
    CHECK_CONTAINS(x, "<system-out>state_history/record_step: typical 5.5000 ns");
    CHECK_CONTAINS(x, "value=\"Test CPU, 8 cores\"");
    free(x);
    run_free(&r);

    printf("--format junit with a regression verdict: one failure, exit 1\n");
    char reg[4096];
    PATHF(reg, "%s/compared", work);
    make_run(reg, F_COMPARED);
    r = tool2(reg, "--format", "junit", NULL, NULL);
    CHECK_INT_EQ(r.status, 1);
    CHECK_INT_EQ(count(r.out, "<failure "), 1);
    CHECK_CONTAINS(r.out, "failures=\"1\"");
    CHECK_CONTAINS(r.out, "change +12.00% [+9.00%, +15.00%]; verdict regressed</failure>");
    CHECK_CONTAINS(r.err, "1 benchmark regressed");
    run_free(&r);
}

static void test_comparison(void) {
    char dir[4096], html[4096], good[4096];
    PATHF(dir, "%s/compared", work);
    PATHF(html, "%s/REPORT.html", dir);
    PATHF(good, "%s/good", work);
    make_run(dir, F_COMPARED);

    printf("a run compared against a baseline shows the changes and verdicts\n");
    run_result r = tool2(dir, "--baseline", "main", NULL, NULL);
    CHECK_INT_EQ(r.status, 0);
    run_free(&r);
    char *h = slurp(html, NULL);
    CHECK_CONTAINS(h, "<th>change vs baseline</th>");
    CHECK_CONTAINS(h, "Compared against baseline <code>main</code>: 1 regressed, 1 improved.");
    CHECK_CONTAINS(h, "+12.00%<span class=\"verdict regressed\">regressed</span></span> "
                      "<span class=\"muted nowrap\">[+9.00%, +15.00%]</span>");
    CHECK_CONTAINS(h, "-8.00%");
    CHECK_CONTAINS(h, "verdict improved");
    CHECK_CONTAINS(h, "not in the baseline");
    CHECK_CONTAINS(h, "differs from the baseline's:</strong> threads: baseline &#39;2&#39;, "
                      "current &#39;1&#39;.");
    free(h);
    r = tool2(dir, "--format", "markdown", NULL, NULL);
    CHECK_CONTAINS(r.out, "| +12.00% [+9.00%, +15.00%] regressed |");
    CHECK_CONTAINS(r.out, "Change against baseline `main`");
    run_free(&r);

    printf("--baseline names a comparison the run must hold\n");
    r = tool2(dir, "--baseline", "other", NULL, NULL);
    CHECK_INT_EQ(r.status, 2);
    CHECK_CONTAINS(r.err, "compares against 'main', not 'other'");
    run_free(&r);
    r = tool2(good, "--baseline", "main", NULL, NULL);
    CHECK_INT_EQ(r.status, 2);
    CHECK_CONTAINS(r.err, "holds no comparison");
    CHECK_CONTAINS(r.err, "tock-perf --baseline main");
    run_free(&r);
    r = tool2(dir, "--baseline", "main", "--format", "csv");
    CHECK_INT_EQ(r.status, 2);
    run_free(&r);

    printf("a malformed verdict is an input error naming the field\n");
    set_summary_field(dir, 0, "change",
                      json_pack("{s:o,s:s}", "typical", est(0.1, 0.0, 0.2), "verdict", "worse"));
    r = tool2(dir, NULL, NULL, NULL, NULL);
    CHECK_INT_EQ(r.status, 2);
    CHECK_CONTAINS(r.err, "field 'benchmarks[0].change.verdict'");
    CHECK_CONTAINS(r.err, "found \"worse\"");
    run_free(&r);
}

static void test_interrupted(void) {
    printf("an interrupted run renders what completed and says so\n");
    char dir[4096], html[4096];
    PATHF(dir, "%s/interrupted", work);
    PATHF(html, "%s/REPORT.html", dir);
    make_run(dir, F_INTERRUPTED);
    run_result r = tool2(dir, NULL, NULL, NULL, NULL);
    CHECK_INT_EQ(r.status, 0);
    CHECK_CONTAINS(r.err, "interrupted");
    char *h = slurp(html, NULL);
    CHECK_CONTAINS(h, "Incomplete run: interrupted.");
    CHECK_CONTAINS(h, "4 of 6 selected benchmarks were measured");
    CHECK_CONTAINS(h, "weight_delta/clone</span> (interrupted before completion)");
    /* the banner comes before the summary table */
    const char *ban = h ? strstr(h, "Incomplete run") : NULL, *sum = h ? strstr(h, "id=\"summary\"") : NULL;
    CHECK(ban && sum && ban < sum, "the banner is at the top");
    CHECK_INT_EQ(count(h, "<svg"), 1 + 2 * (NSPEC - 2));
    free(h);
    run_free(&r);
    r = tool2(dir, "--format", "junit", NULL, NULL);
    CHECK_INT_EQ(r.status, 0);
    CHECK_INT_EQ(count(r.out, "<skipped "), 2);
    run_free(&r);
    r = tool2(dir, "--markdown", NULL, NULL, NULL);
    CHECK_CONTAINS(r.out, "**Incomplete run (interrupted): 4 of 6 selected benchmarks measured.**");
    run_free(&r);
}

/* one bad-input case: exit 2 and a message containing every needle */
static void expect_input_error(const char *what, const char *dir, const char *n1, const char *n2) {
    printf("bad input: %s\n", what);
    run_result r = tool2(dir, NULL, NULL, NULL, NULL);
    CHECK_INT_EQ(r.status, 2);
    if (n1) CHECK_CONTAINS(r.err, n1);
    if (n2) CHECK_CONTAINS(r.err, n2);
    run_free(&r);
}

static void test_bad_input(void) {
    char dir[4096], path[4096];
    PATHF(dir, "%s/bad", work);

    expect_input_error("not a directory", "/nonexistent/tock/run", "manifest.json", "killed");

    make_run(dir, 0);
    PATHF(path, "%s/manifest.json", dir);
    remove(path);
    expect_input_error("manifest.json missing (killed run)", dir, "manifest.json", "manifest.json last");

    make_run(dir, 0);
    PATHF(path, "%s/summary.json", dir);
    remove(path);
    expect_input_error("summary.json missing", dir, "summary.json", "cannot read");

    make_run(dir, 0);
    spit(path, "{\"schema\": \"tock.summary/1\", \"benchmarks\": [", 43);
    rehash(dir);
    expect_input_error("summary.json not JSON", dir, "summary.json: not valid JSON", "line");

    make_run(dir, 0);
    spit(path, "{\"schema\": \"tock.summary/2\", \"benchmarks\": []}", 46);
    rehash(dir);
    expect_input_error("summary.json of another schema", dir, "field 'schema'", "tock.summary/1");

    make_run(dir, 0);
    {
        size_t n;
        char *s = slurp(path, &n);
        spit(path, s, n / 2); /* truncated after the run: manifest hash differs */
        free(s);
    }
    expect_input_error("summary.json truncated", dir, "summary.json", "changed after the run");

    make_run(dir, 0);
    set_summary_field(dir, 2, "typical", NULL);
    expect_input_error("a missing field", dir, "summary.json",
                       "field 'benchmarks[2].typical': expected an object");

    make_run(dir, 0);
    set_summary_field(dir, 0, "samples", json_string("twenty"));
    expect_input_error("a field of the wrong type", dir, "'benchmarks[0].samples'",
                       "expected a non-negative integer, found a string");

    make_run(dir, 0);
    set_summary_field(dir, 1, "throughput", json_pack("{s:s}", "kind", "apples"));
    expect_input_error("a bad enum value", dir, "benchmarks[1].throughput.kind", "apples");

    make_run(dir, 0);
    PATHF(path, "%s/samples/weight_delta_clone.csv", dir);
    remove(path);
    expect_input_error("a samples file missing", dir, "samples/weight_delta_clone.csv",
                       "cannot read");

    make_run(dir, 0);
    spit(path, "iterations,ns\n1,2\n2,x\n", 22);
    rehash(dir);
    expect_input_error("a samples row that is not numbers", dir, "weight_delta_clone.csv line 3",
                       "\"2,x\"");

    make_run(dir, 0);
    spit(path, "iterations,ns\n1,2\n2,4\n", 22);
    rehash(dir);
    expect_input_error("fewer sample rows than summary.json says", dir, "2 rows",
                       "records 20 samples");

    make_run(dir, 0);
    spit(path, "iters;ns\n", 9);
    rehash(dir);
    expect_input_error("a samples header", dir, "line 1", "iterations,ns");

    make_run(dir, 0);
    PATHF(path, "%s/provenance.json", dir);
    spit(path, "{\"schema\": \"tock.provenance/1\", \"git\": {}}", 42);
    rehash(dir);
    expect_input_error("provenance.json without its fields", dir, "provenance.json",
                       "field 'compiler'");

    make_run(dir, 0);
    PATHF(path, "%s/manifest.json", dir);
    spit(path, "[1, 2]", 6);
    expect_input_error("manifest.json not an object", dir, "manifest.json", "JSON object");

    printf("exports only need the JSON files; a missing samples file is no error there\n");
    make_run(dir, 0);
    PATHF(path, "%s/samples/weight_delta_clone.csv", dir);
    remove(path);
    run_result r = tool2(dir, "--format", "gbench", NULL, NULL);
    CHECK_INT_EQ(r.status, 0);
    run_free(&r);
    r = tool2(dir, "--format", "bmf", NULL, NULL);
    CHECK_INT_EQ(r.status, 0);
    run_free(&r);
    printf("--format gbench-samples needs the samples: a missing file is an error\n");
    r = tool2(dir, "--format", "gbench-samples", NULL, NULL);
    CHECK_INT_EQ(r.status, 2);
    CHECK_CONTAINS(r.err, "weight_delta_clone.csv");
    CHECK(r.out == NULL || r.out[0] == '\0', "nothing on stdout");
    run_free(&r);
}

static void test_usage(void) {
    printf("usage errors exit 2\n");
    char dir[4096];
    PATHF(dir, "%s/good", work);
    run_result r = tool2(NULL, NULL, NULL, NULL, NULL);
    CHECK_INT_EQ(r.status, 2);
    CHECK_CONTAINS(r.err, "expected a RUN_DIR");
    run_free(&r);
    r = tool2(dir, "--no-such-flag", NULL, NULL, NULL);
    CHECK_INT_EQ(r.status, 2);
    CHECK_CONTAINS(r.err, "unknown option '--no-such-flag'");
    run_free(&r);
    r = tool2(dir, "--format", "yaml", NULL, NULL);
    CHECK_INT_EQ(r.status, 2);
    CHECK_CONTAINS(r.err, "expected gbench, gbench-samples, bmf, csv, markdown or junit, "
                          "found 'yaml'");
    run_free(&r);
    r = tool2(dir, "--format", NULL, NULL, NULL);
    CHECK_INT_EQ(r.status, 2);
    run_free(&r);
    r = tool2(dir, "--markdown", "--format", "csv", NULL);
    CHECK_INT_EQ(r.status, 2);
    run_free(&r);
    r = tool2("--help", NULL, NULL, NULL, NULL);
    CHECK_INT_EQ(r.status, 0);
    CHECK_CONTAINS(r.out, "--update-readme");
    run_free(&r);
}

static void test_readme(void) {
    char repo[4096], readme[4096], run[4096], path[4096];
    PATHF(repo, "%s/repo", work);
    PATHF(readme, "%s/README.md", repo);
    PATHF(run, "%s/results/runs/20260101T000000Z-abc", repo);
    rm_rf(repo);
    make_run(run, 0);
    static const char before[] = "# demo\n\nIntro text.\n\n```sh\n## Performance\n```\n\n"
                                 "## Performance\n\nold numbers\n\n### kept? no: inside\n\n"
                                 "## Later\n\nkeep me\n";
    spit(readme, before, sizeof before - 1);

    printf("--update-readme replaces the section and publishes the run\n");
    run_result r = tool2(run, "--update-readme", readme, NULL, NULL);
    CHECK_INT_EQ(r.status, 0);
    run_free(&r);
    char *t = slurp(readme, NULL);
    CHECK_CONTAINS(t, "# demo\n\nIntro text.\n\n```sh\n## Performance\n```\n\n## Performance\n\n"
                      "<!-- tock-report --update-readme: results/published/"
                      "20260101T000000Z-abc (tock-report --check-readme");
    CHECK_CONTAINS(t, "| 5 | 400.00 us |");
    CHECK_CONTAINS(t, "Run `results/published/20260101T000000Z-abc` (commit abc, started "
                      "2026-01-01T00:00:00Z).");
    CHECK_CONTAINS(t, "comparison.\n\n## Later\n\nkeep me\n");
    CHECK_LACKS(t, "old numbers");
    CHECK_INT_EQ(count(t, "\n## Performance\n"), 2); /* the fenced one and the real one */
    free(t);
    static const char *const files[] = {"summary.json", "provenance.json", "manifest.json"};
    for (int i = 0; i < 3; i++) {
        char a[4096], b[4096];
        PATHF(a, "%s/%s", run, files[i]);
        PATHF(b, "%s/results/published/20260101T000000Z-abc/%s", repo, files[i]);
        size_t na = 0, nb = 0;
        char *da = slurp(a, &na), *db = slurp(b, &nb);
        CHECK(da && db && na == nb && memcmp(da, db, na) == 0, "published %s is a byte copy",
              files[i]);
        free(da);
        free(db);
    }

    printf("--check-readme passes on what --update-readme wrote\n");
    r = tool2("--check-readme", readme, NULL, NULL, NULL);
    CHECK_INT_EQ(r.status, 0);
    CHECK_CONTAINS(r.out, "matches results/published/20260101T000000Z-abc (6 benchmarks)");
    run_free(&r);

    printf("--update-readme is idempotent\n");
    t = slurp(readme, NULL);
    r = tool2(run, "--update-readme", readme, NULL, NULL);
    CHECK_INT_EQ(r.status, 0);
    run_free(&r);
    char *t2 = slurp(readme, NULL);
    CHECK(t && t2 && strcmp(t, t2) == 0, "a second update changes nothing");
    free(t2);

    printf("--check-readme fails on an edited number, naming the line\n");
    {
        char *edited = replace_first(t, "| 5 | 400.00 us |", "| 5 | 300.00 us |");
        if (edited) spit(readme, edited, strlen(edited));
        free(edited);
        r = tool2("--check-readme", readme, NULL, NULL, NULL);
        CHECK_INT_EQ(r.status, 1);
        CHECK_CONTAINS(r.err, "differs");
        CHECK_CONTAINS(r.err, "| 5 | 300.00 us |");
        CHECK_CONTAINS(r.err, "| 5 | 400.00 us |");
        run_free(&r);
        spit(readme, t, strlen(t));
    }

    printf("--check-readme fails when the cited run is not in the checkout\n");
    PATHF(path, "%s/results/published", repo);
    rm_rf(path);
    r = tool2("--check-readme", readme, NULL, NULL, NULL);
    CHECK_INT_EQ(r.status, 1);
    CHECK_CONTAINS(r.err, "not in this checkout");
    run_free(&r);

    printf("--check-readme refuses a citation of results/runs/ (not committed)\n");
    {
        char *edited = replace_first(t, "update-readme: results/published/",
                                     "update-readme: results/runs/");
        if (edited) spit(readme, edited, strlen(edited));
        free(edited);
        r = tool2("--check-readme", readme, NULL, NULL, NULL);
        CHECK_INT_EQ(r.status, 1);
        CHECK_CONTAINS(r.err, "results/runs/ is not committed");
        run_free(&r);
    }
    free(t);

    printf("a README without the section: appended by update, nothing to check before\n");
    static const char plain[] = "# demo\n\n## Usage\n\nrun it";
    spit(readme, plain, sizeof plain - 1);
    r = tool2("--check-readme", readme, NULL, NULL, NULL);
    CHECK_INT_EQ(r.status, 0);
    CHECK_CONTAINS(r.out, "nothing to check");
    run_free(&r);
    r = tool2(run, "--update-readme", readme, NULL, NULL);
    CHECK_INT_EQ(r.status, 0);
    run_free(&r);
    t = slurp(readme, NULL);
    CHECK_CONTAINS(t, "# demo\n\n## Usage\n\nrun it\n\n## Performance\n\n<!-- tock-report");
    free(t);
    r = tool2("--check-readme", readme, NULL, NULL, NULL);
    CHECK_INT_EQ(r.status, 0);
    run_free(&r);

    printf("a hand-written section without the marker fails the check\n");
    static const char hand[] = "# demo\n\n## Performance\n\nfast, trust me\n";
    spit(readme, hand, sizeof hand - 1);
    r = tool2("--check-readme", readme, NULL, NULL, NULL);
    CHECK_INT_EQ(r.status, 1);
    CHECK_CONTAINS(r.err, "cannot be traced to a run");
    run_free(&r);

    printf("an interrupted run is not published\n");
    char irun[4096];
    PATHF(irun, "%s/results/runs/interrupted", repo);
    make_run(irun, F_INTERRUPTED);
    r = tool2(irun, "--update-readme", readme, NULL, NULL);
    CHECK_INT_EQ(r.status, 2);
    CHECK_CONTAINS(r.err, "interrupted");
    run_free(&r);
    t = slurp(readme, NULL);
    CHECK(t && strcmp(t, hand) == 0, "the README is unchanged");
    free(t);
}

int main(int argc, char **argv) {
    if (argc != 3) {
        fprintf(stderr, "usage: %s PATH/TO/tock-report WORK_DIR\n", argv[0]);
        return 2;
    }
    tool = argv[1];
    work = argv[2];
    rm_rf(work);
    mkdir_p(work);
    PATHF(scratch, "%s", work);
    test_html();
    test_markdown();
    test_exports();
    test_comparison();
    test_interrupted();
    test_bad_input();
    test_usage();
    test_readme();
    return check_summary();
}
