/* report_fixture.c - the fixture run of the tock-report tests: writes a run
 * directory whose every number is made up and fixed (summary, samples,
 * sweeps, fits, manifest), breaks it in the ways the bad-input tables name,
 * and checks tock-report invocations described as data.
 */
#define CHECK_DEFINE_COUNTERS
#include "report_fixture.h"
const char *tool, *work;
char scratch[4096];

/* ---- the fixture run ---- */

const spec specs[] = {
    {"rssm_prediction/1", "rssm_prediction", NULL, "1", 100e3, 50e3, "elements", 1,
     "reference/weight_stream_step"},
    {"rssm_prediction/5", "rssm_prediction", NULL, "5", 400e3, 150e3, "elements", 5, NULL},
    {"rssm_prediction/10", "rssm_prediction", NULL, "10", 700e3, 280e3, "elements", 10, NULL},
    {"state_history/record_step", "state_history", "record_step", NULL, 5.5, 2.4, NULL, 0, NULL},
    {"weight_delta/clone", "weight_delta", "clone", NULL, 850.0, 987.0, "bytes", 40000, NULL},
    {"reference/weight_stream_step", "reference", "weight_stream_step", NULL, 40e3, 0.0, "bytes",
     2960000, NULL},
};

uint64_t fnv1a64(const char *p, size_t n) {
    uint64_t h = 0xcbf29ce484222325u;
    for (size_t i = 0; i < n; i++) {
        h ^= (unsigned char)p[i];
        h *= 0x100000001b3u;
    }
    return h;
}

json_t *est(double p, double lo, double hi) {
    return json_pack("{s:f,s:f,s:f}", "point", p, "lower", lo, "upper", hi);
}

void write_json(const char *dir, const char *name, json_t *v) {
    char path[4096];
    PATHF(path, "%s/%s", dir, name);
    char *s = json_dumps(v, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    spit(path, s, strlen(s));
    free(s);
}

/* manifest.fnv1a64 from manifest.json, as tock-perf writes it right after
 * the manifest: "<16 hex digits>  manifest.json\n" */
void hash_manifest(const char *dir) {
    char path[4096], line[64];
    size_t n = 0;
    PATHF(path, "%s/manifest.json", dir);
    char *d = slurp(path, &n);
    if (!d) return;
    int len = PATHF(line, "%016" PRIx64 "  manifest.json\n", fnv1a64(d, n));
    free(d);
    PATHF(path, "%s/manifest.fnv1a64", dir);
    spit(path, line, (size_t)len);
}

/* recompute manifest.json's artifact sizes and hashes from the files (and
 * manifest.fnv1a64 from the result) */
void rehash(const char *dir) {
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
    hash_manifest(dir);
}

/* one benchmark record of summary.json, with its samples file (20 samples
 * around s->typical, one severe outlier) written and listed in arts */
json_t *bench_record(const char *dir, json_t *arts, const spec *s, size_t k, int flags) {
    char path[4096];
    char rel[256], csv[8192];
    PATHF(rel, "samples/%s.csv", s->id);
    for (char *c = rel + 8; *c; c++)
        if (*c == '/') *c = '_';
    size_t len = (size_t)PATHF(csv, "iterations,ns\n");
    uint64_t d = s->typical > 1e5 ? 1 : s->typical > 100 ? 50 : 20000;
    for (int i = 1; i <= NSAMP; i++) {
        double it = (double)(d * (uint64_t)i);
        double f = 1.0 + 0.03 * sin(1.7 * i) + (i == 7 ? 2.0 : 0.0); /* one severe outlier */
        len +=
            (size_t)snprintf(csv + len, sizeof csv - len, "%.0f,%.17g\n", it, s->typical * it * f);
    }
    PATHF(path, "%s/%s", dir, rel);
    spit(path, csv, len);
    json_array_append_new(arts, json_pack("{s:s}", "path", rel));
    json_t *b = json_pack(
        "{s:s,s:s,s:s?,s:s?,s:s,s:s,s:o,s:o,s:o,s:o,s:o,s:f,s:i,s:I,s:{s:i,s:i,s:i,s:i}}", "id",
        s->id, "group", s->group, "name", s->name, "parameter", s->param, "mode", "latency", "unit",
        "ns", "typical", est(s->typical, 0.9 * s->typical, 1.1 * s->typical), "mean",
        est(s->typical * 1.02, s->typical * 0.95, s->typical * 1.1), "median",
        est(s->typical, s->typical * 0.97, s->typical * 1.03), "std_dev",
        est(s->typical * 0.1, s->typical * 0.05, s->typical * 0.2), "mad",
        est(s->typical * 0.03, s->typical * 0.01, s->typical * 0.05), "min", s->typical * 0.9,
        "samples", NSAMP, "iterations", (json_int_t)(d * 210), "outliers", "low_severe", 0,
        "low_mild", 0, "high_mild", 0, "high_severe", 1);
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
    if (k == 3) { /* the user API's fields: CPU time and two counters, one named like a
                     gbench member (left out of the export) */
        json_object_set_new(b, "cpu",
                            json_pack("{s:f,s:f,s:f}", "ns_per_iteration", 4.5,
                                      "wall_ns_per_iteration", 5.5, "utilisation", 4.5 / 5.5));
        json_object_set_new(b, "counters",
                            json_pack("{s:{s:f,s:s},s:{s:f,s:s}}", "lookups", "value", 3.0, "kind",
                                      "per_iteration", "median_ns", "value", 1.0, "kind", "plain"));
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
                                      est(c, c - 0.03, c + 0.03), "p_value", 0.001, "p_adjusted",
                                      k == 3 || k == 4 ? 0.004 : 0.6, "verdict", v));
    }
    return b;
}

void num_or_null(char *out, size_t cap, double v) {
    if (isfinite(v))
        snprintf(out, cap, "%.17g", v);
    else
        snprintf(out, cap, "null");
}

/* records and samples of the sweep's points; with files, sweeps/NAME.csv
 * and .jsonl, listed in arts */
void add_sweeps(const char *dir, json_t *arts, json_t *benches, int flags) {
    char path[4096], id[256], param[256];
    static const int D[] = {3, 6}, K[] = {3, 9}, T[] = {48, 96};
    static const char *const routines[] = {"epoch", "forward"};
    char csv[8192], jl[16384];
    size_t nc = (size_t)snprintf(csv, sizeof csv,
                                 "run_id,D,K,T,depths,time_epoch_mean,time_epoch_std,"
                                 "time_forward_mean,time_forward_std,mem_peak_bytes_max,"
                                 "rmse_mean,rmse_std,overshoot_mean\n");
    size_t nj = 0;
    for (int p = 0; p < CC_POINTS; p++) {
        int d = D[p / 4], k = K[(p / 2) % 2], t = T[p % 2];
        double epoch = (double)(d * k * t), mean[2] = {epoch, epoch / 10.0};
        double sd[2] = {0.02 * mean[0], p == 0 ? NAN : 0.02 * mean[1]};
        for (int r = 0; r < 2; r++)
            for (int q = 0; q < 2; q++) {
                PATHF(id, "sweep/cc/%s/D=%d,K=%d,T=%d/seed=%d", routines[q], d, k, t, r + 1);
                PATHF(param, "%s/D=%d,K=%d,T=%d/seed=%d", routines[q], d, k, t, r + 1);
                spec sp = {id,  "sweep", "cc", param, mean[q] * (r ? 1.01 : 0.99),
                           0.0, NULL,    0,    NULL};
                json_t *b = bench_record(dir, arts, &sp, 99, 0);
                json_object_set_new(b, "sweep", json_string("cc"));
                json_array_append_new(benches, b);
            }
        char e0[40], e1[40], f0[40], f1[40];
        num_or_null(e0, sizeof e0, mean[0] * 1e-9);
        num_or_null(e1, sizeof e1, sd[0] * 1e-9);
        num_or_null(f0, sizeof f0, mean[1] * 1e-9);
        num_or_null(f1, sizeof f1, sd[1] * 1e-9);
        nc += (size_t)snprintf(csv + nc, sizeof csv - nc,
                               "D%d-K%d-T%d,%d,%d,%d,\"[1,2,3]\",%s,%s,%s,%s,%d,%.17g,0.01,%.17g\n",
                               d, k, t, d, k, t, e0, e1, f0, isfinite(sd[1]) ? f1 : "", d * 1000,
                               0.1 * k, t / 100.0);
        nj += (size_t)snprintf(jl + nj, sizeof jl - nj,
                               "{\"run_id\":\"D%d-K%d-T%d\",\"D\":%d,\"K\":%d,\"T\":%d,"
                               "\"depths\":[1,2,3],\"time_epoch_mean\":%s,\"time_epoch_std\":%s,"
                               "\"time_forward_mean\":%s,\"time_forward_std\":%s,"
                               "\"mem_peak_bytes_max\":%d,\"rmse_mean\":%.17g,\"rmse_std\":0.01,"
                               "\"overshoot_mean\":%.17g,\"repeats\":2}\n",
                               d, k, t, d, k, t, e0, e1, f0, f1, d * 1000, 0.1 * k, t / 100.0);
    }
    char lcsv[1024], ljl[2048];
    size_t lc = (size_t)snprintf(lcsv, sizeof lcsv,
                                 "run_id,N,time_run_mean,time_run_std,mem_peak_bytes_max\n");
    size_t lj = 0;
    for (int n = 1; n <= 4; n *= 2) {
        PATHF(id, "sweep/line/run/N=%d/seed=7", n);
        PATHF(param, "run/N=%d/seed=7", n);
        spec sp = {id, "sweep", "line", param, 1000.0 * n, 0.0, NULL, 0, NULL};
        json_t *b = bench_record(dir, arts, &sp, 99, 0);
        json_object_set_new(b, "sweep", json_string("line"));
        json_array_append_new(benches, b);
        lc += (size_t)snprintf(lcsv + lc, sizeof lcsv - lc, "N%d,%d,%.17g,,\n", n, n, n * 1e-6);
        lj += (size_t)snprintf(ljl + lj, sizeof ljl - lj,
                               "{\"run_id\":\"N%d\",\"N\":%d,\"time_run_mean\":%.17g,"
                               "\"time_run_std\":null,\"mem_peak_bytes_max\":null,"
                               "\"repeats\":1}\n",
                               n, n, n * 1e-6);
    }
    if (flags & F_NO_SWEEP_FILES) return;
    PATHF(path, "%s/sweeps", dir);
    mkdir_p(path);
    static const char *const files[] = {"sweeps/cc.csv", "sweeps/cc.jsonl", "sweeps/line.csv",
                                        "sweeps/line.jsonl"};
    const char *data[] = {csv, jl, lcsv, ljl};
    size_t len[] = {nc, nj, lc, lj};
    for (int f = 0; f < 4; f++) {
        PATHF(path, "%s/%s", dir, files[f]);
        spit(path, data[f], len[f]);
        json_array_append_new(arts, json_pack("{s:s}", "path", files[f]));
    }
}

json_t *fit_json(const char *group, const char *line, double a, double b, double r2, double share) {
    return json_pack("{s:s,s:s,s:i,s:f,s:f,s:s,s:o,s:o,s:f,s:o,s:s,s:f,s:s}", "group", group,
                     "parameter_unit", "step", "points", 3, "parameter_min", 1.0, "parameter_max",
                     10.0, "unit", "ns", "intercept", est(a, a / 2.0, a * 1.5), "slope",
                     est(b, b * 60.0 / 68.0, b * 76.0 / 68.0), "r2", r2, "exponent",
                     est(0.93, 0.85, 1.01), "bigo", "O(n)", "bigo_share", share, "line", line);
}

json_t *cross_json(const char *a, const char *b, const char *kind, json_t *at, const char *text) {
    return json_pack("{s:s,s:s,s:s,s:o,s:f,s:f,s:f,s:f,s:f,s:s}", "a", a, "b", b, "kind", kind,
                     "at", at, "lo", 1.0, "hi", 10.0, "share_a_below", 0.4, "share_b_below", 0.1,
                     "share_cross", 0.5, "text", text);
}

void add_fits(json_t *sum) {
    json_object_set_new(sum, "fits",
                        json_pack("[o,o]",
                                  fit_json("rssm_prediction", FIT_LINE, 20e3, 68e3, 0.9987, 0.97),
                                  fit_json("other/group", FIT2_LINE, 300.0, 1500.0, 0.95, 0.8)));
    json_object_set_new(
        sum, "crossovers",
        json_pack("[o,o]",
                  cross_json("rssm_prediction", "other/group", "at", est(4.2, 3.1, 5.5), CROSS_AT),
                  cross_json("other/group", "rssm_prediction", "unclear",
                             json_pack("{s:n,s:n,s:n}", "point", "lower", "upper"),
                             CROSS_UNCLEAR)));
}

void make_run(const char *dir, int flags) {
    char path[4096];
    rm_rf(dir);
    PATHF(path, "%s/samples", dir);
    mkdir_p(path);
    json_t *arts = json_array(), *benches = json_array();
    size_t nmeasured = (flags & F_INTERRUPTED) ? NSPEC - 2 : NSPEC;
    for (size_t k = 0; k < nmeasured; k++)
        json_array_append_new(benches, bench_record(dir, arts, &specs[k], k, flags));
    size_t nsweep = 0;
    if (flags & F_SWEEP) {
        add_sweeps(dir, arts, benches, flags);
        nsweep = SWEEP_RECORDS;
    }
    const char *status = (flags & F_INTERRUPTED) ? "interrupted" : "complete";
    json_t *sum = json_pack("{s:s,s:s,s:s}", "schema", "tock.summary/1", "run_id",
                            "20260101T000000Z-abc", "status", status);
    if (flags & F_COMPARED)
        json_object_set_new(sum, "comparison",
                            json_pack("{s:s,s:s,s:s,s:s,s:s,s:f,s:f,s:i,s:i}", "mode", "baseline",
                                      "baseline", "main", "baseline_created",
                                      "2025-12-31T00:00:00Z", "change_definition",
                                      "new / old - 1 (positive = slower)", "test",
                                      "Welch t, bootstrap p", "significance_level", 0.05,
                                      "noise_threshold", 0.01, "regressed", 1, "improved", 1));
    if (flags & F_COMPARED)
        json_object_set_new(json_object_get(sum, "comparison"), "environment_differences",
                            json_pack("[s]", "threads: baseline '2', current '1'"));
    json_object_set_new(sum, "benchmarks", benches);
    if (flags & F_FITS) add_fits(sum);
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
        "measurement_time_s", 1.8, "quick", 0, "config_hash", "0000000000000000", "hash_algorithm",
        "fnv1a64", "benchmarks_not_measured", missing, "benchmarks_selected", (int)(NSPEC + nsweep),
        "benchmarks_measured", (int)(nmeasured + nsweep), "artifacts", arts);
    write_json(dir, "manifest.json", man);
    json_decref(man);
    rehash(dir);
}

/* ---- helpers ---- */

run_result tool2(const char *a1, const char *a2, const char *a3, const char *a4, const char *a5) {
    char *argv[7] = {(char *)tool, (char *)a1, (char *)a2, (char *)a3,
                     (char *)a4,   (char *)a5, NULL};
    return run_tool(scratch, argv);
}

size_t count(const char *hay, const char *needle) {
    size_t n = 0;
    for (const char *p = hay; p && (p = strstr(p, needle)); p += strlen(needle)) n++;
    return n;
}

/* summary.json edited, the manifest rehashed: in benchmarks[bench] (or, bench
 * < 0, at the top) key set to val or removed (val NULL); key NULL removes the
 * record benchmarks[bench] itself */
void edit_summary(const char *dir, long bench, const char *key, json_t *val) {
    char path[4096];
    PATHF(path, "%s/summary.json", dir);
    json_t *s = json_load_file(path, 0, NULL);
    json_t *arr = json_object_get(s, "benchmarks");
    json_t *o = bench < 0 ? s : json_array_get(arr, (size_t)bench);
    if (!key)
        json_array_remove(arr, (size_t)bench);
    else if (val)
        json_object_set_new(o, key, val);
    else
        json_object_del(o, key);
    write_json(dir, "summary.json", s);
    json_decref(s);
    rehash(dir);
}

void set_summary_field(const char *dir, size_t bench, const char *key, json_t *val) {
    edit_summary(dir, (long)bench, key, val);
}

void set_summary_top(const char *dir, const char *key, json_t *val) {
    edit_summary(dir, -1, key, val);
}

void drop_bench(const char *dir, size_t bench) { edit_summary(dir, (long)bench, NULL, NULL); }

/* text with the first `from` replaced by `to` (malloc'd), NULL if absent */
char *replace_first(const char *text, const char *from, const char *to) {
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

json_t *json_text(const char *text) {
    json_error_t e;
    json_t *v = text ? json_loads(text, JSON_DECODE_ANY, &e) : NULL;
    if (text && !v) {
        printf("test set-up: bad JSON in a case: %s\n", e.text);
        exit(2);
    }
    return v;
}

/* each case on a fresh run made with flags */
void expect_bad_cases(const char *dir, int flags, const bad_case *c, size_t n) {
    for (size_t k = 0; k < n; k++, c++) {
        char path[4096];
        make_run(dir, flags);
        PATHF(path, "%s/%s", dir, c->file);
        switch (c->how) {
        case B_REMOVE: remove(path); break;
        case B_WRITE:
            spit(path, c->text, strlen(c->text));
            if (strcmp(c->file, "manifest.json") != 0) rehash(dir);
            break;
        case B_TRUNCATE: {
            size_t len;
            char *t = slurp(path, &len);
            spit(path, t, len / 2); /* after the run: the manifest's hash differs */
            free(t);
            break;
        }
        case B_EDIT: edit_file(dir, c->file, c->text, c->to); break;
        case B_UNLIST:
            unlist(dir, c->file);
            if (c->text) unlist(dir, c->text);
            break;
        case B_FIELD: set_summary_field(dir, c->bench, c->file, json_text(c->text)); break;
        case B_TOP: set_summary_top(dir, c->file, json_text(c->text)); break;
        }
        expect_input_error(c->what, dir, c->n1, c->n2);
    }
}

void expect_invocations(const invocation *c, size_t n, const char *A, const char *B) {
    for (size_t k = 0; k < n; k++, c++) {
        const char *a[5] = {NULL, NULL, NULL, NULL, NULL};
        for (int i = 0; i < 5 && c->arg[i]; i++)
            a[i] = strcmp(c->arg[i], "@A") == 0 ? A : strcmp(c->arg[i], "@B") == 0 ? B : c->arg[i];
        run_result r = tool2(a[0], a[1], a[2], a[3], a[4]);
        if (c->status >= 0) CHECK_INT_EQ(r.status, c->status);
        if (c->quiet) CHECK(r.err[0] == '\0', "nothing on stderr");
        for (size_t i = 0; i < NELEM(c->out) && c->out[i]; i++) CHECK_CONTAINS(r.out, c->out[i]);
        for (size_t i = 0; i < NELEM(c->err) && c->err[i]; i++) CHECK_CONTAINS(r.err, c->err[i]);
        for (size_t i = 0; i < NELEM(c->lacks) && c->lacks[i]; i++) CHECK_LACKS(r.out, c->lacks[i]);
        for (size_t i = 0; i < NELEM(c->counts) && c->counts[i].text; i++) {
            char shown[64]; /* the text with its line breaks spelt \r, \n */
            size_t w = 0;
            for (const char *t = c->counts[i].text; *t && w + 3 < sizeof shown; t++) {
                if (*t == '\r' || *t == '\n') shown[w++] = '\\';
                shown[w++] = *t == '\r' ? 'r' : *t == '\n' ? 'n' : *t;
            }
            shown[w] = '\0';
            size_t got = count(r.out, c->counts[i].text);
            CHECK(got == c->counts[i].n, "stdout holds \"%s\" %zu times (%zu)", shown,
                  c->counts[i].n, got);
        }
        run_free(&r);
    }
}

/* the invocation c (a rendering of REPORT.html into dir, "@A"), then the
 * page it wrote (malloc'd; NULL when there is none) */
char *render(const invocation *c, const char *dir) {
    char html[4096];
    expect_invocations(c, 1, dir, NULL);
    PATHF(html, "%s/REPORT.html", dir);
    return slurp(html, NULL);
}

const invocation html_quiet = {.arg = {"@A"}, .status = 0, .quiet = 1},
                 html_ok = {.arg = {"@A"}, .status = 0},
                 html_interrupted = {.arg = {"@A"}, .status = 0, .err = {"interrupted"}};

void expect_input_error(const char *what, const char *dir, const char *n1, const char *n2) {
    printf("bad input: %s\n", what);
    run_result r = tool2(dir, NULL, NULL, NULL, NULL);
    CHECK_INT_EQ(r.status, 2);
    if (n1) CHECK_CONTAINS(r.err, n1);
    if (n2) CHECK_CONTAINS(r.err, n2);
    run_free(&r);
}

char *between(const char *text, const char *from, const char *to) {
    const char *a = text ? strstr(text, from) : NULL;
    const char *b = a ? strstr(a + strlen(from), to) : NULL;
    size_t n = a ? (b ? (size_t)(b - a) : strlen(a)) : 0;
    char *out = (char *)malloc(n + 1);
    if (!out) return NULL;
    if (n) memcpy(out, a, n);
    out[n] = '\0';
    return out;
}

/* removes rel from manifest.json's artifact index (the file stays) */
void unlist(const char *dir, const char *rel) {
    char path[4096];
    PATHF(path, "%s/manifest.json", dir);
    json_t *m = json_load_file(path, 0, NULL);
    json_t *arts = json_object_get(m, "artifacts");
    for (size_t i = json_array_size(arts); i-- > 0;)
        if (strcmp(json_string_value(json_object_get(json_array_get(arts, i), "path")), rel) == 0)
            json_array_remove(arts, i);
    write_json(dir, "manifest.json", m);
    json_decref(m);
}

/* dir/rel with the first `from` replaced by `to`; manifest rehashed */
void edit_file(const char *dir, const char *rel, const char *from, const char *to) {
    char path[4096];
    PATHF(path, "%s/%s", dir, rel);
    char *t = slurp(path, NULL), *e = replace_first(t, from, to);
    CHECK(e != NULL, "fixture: %s holds \"%s\"", rel, from);
    if (e) spit(path, e, strlen(e));
    free(t);
    free(e);
    rehash(dir);
}
