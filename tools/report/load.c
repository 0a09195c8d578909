/* load.c - reads a run directory into a tock_rep_run: manifest.json first
 * (it lists every other file with its size and FNV-1a 64, so a truncated or
 * edited file is caught before it is parsed: artifact.c), then
 * provenance.json, summary.json (its fits and crossovers: fit_load.c) and,
 * when asked, samples/<id>.csv and the sweeps' files (sweep_load.c); those
 * files call nothing here. Every missing or malformed file or field is an
 * error that names the file, the field, what was expected and what was
 * found. It must never guess a value the run did not
 * store: an absent optional field stays NAN or NULL and the renderers print
 * "n/a" or leave it out.
 */
#include "report.h"

#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- typed field access; prefix is the dotted path of obj, for messages ---- */

static int get_str(const char *file, json_t *obj, const char *prefix, const char *key, int required,
                   const char **out) {
    json_t *v = json_object_get(obj, key);
    if (!v || json_is_null(v)) {
        *out = NULL;
        if (!required) return 0;
        return tock_rep_bad_field(file, prefix, key, "a string", v);
    }
    if (!json_is_string(v)) return tock_rep_bad_field(file, prefix, key, "a string", v);
    *out = json_string_value(v);
    return 0;
}

static const char *str_or(json_t *obj, const char *key, const char *dflt) {
    json_t *v = json_object_get(obj, key);
    return json_is_string(v) ? json_string_value(v) : dflt;
}

/* null is how tock writes a non-finite number: it reads back as NAN */
static int get_num(const char *file, json_t *obj, const char *prefix, const char *key, int required,
                   double *out) {
    json_t *v = json_object_get(obj, key);
    *out = NAN;
    if (!v) return required ? tock_rep_bad_field(file, prefix, key, "a number", v) : 0;
    if (json_is_null(v)) return 0;
    if (!json_is_number(v)) return tock_rep_bad_field(file, prefix, key, "a number", v);
    *out = json_number_value(v);
    return 0;
}

static int get_u64(const char *file, json_t *obj, const char *prefix, const char *key, int required,
                   uint64_t *out) {
    json_t *v = json_object_get(obj, key);
    *out = 0;
    if (!v && !required) return 0;
    if (!json_is_integer(v) || json_integer_value(v) < 0)
        return tock_rep_bad_field(file, prefix, key, "a non-negative integer", v);
    *out = (uint64_t)json_integer_value(v);
    return 0;
}

static int get_est(const char *file, json_t *obj, const char *prefix, const char *key,
                   tock_rep_est *e) {
    json_t *v = json_object_get(obj, key);
    if (!json_is_object(v))
        return tock_rep_bad_field(file, prefix, key, "an object {point, lower, upper}", v);
    char p[160];
    snprintf(p, sizeof p, "%s%s%s", prefix, *prefix ? "." : "", key);
    int rc = get_num(file, v, p, "point", 1, &e->point);
    if (!rc) rc = get_num(file, v, p, "lower", 1, &e->lower);
    if (!rc) rc = get_num(file, v, p, "upper", 1, &e->upper);
    return rc;
}

/* ---- files ---- */

typedef struct loaded {
    char *path; /* dir/rel, for messages */
    char *data;
    size_t len;
} loaded;

static void loaded_free(loaded *f) {
    free(f->path);
    free(f->data);
    f->path = f->data = NULL;
}

static int parse(const loaded *f, json_t **root, const char *schema) {
    json_error_t e;
    *root = json_loadb(f->data, f->len, JSON_REJECT_DUPLICATES, &e);
    if (!*root) {
        fprintf(stderr, "tock-report: %s: not valid JSON (line %d, column %d): %s\n", f->path,
                e.line, e.column, e.text);
        return TOCK_REP_EINPUT;
    }
    if (!json_is_object(*root)) {
        fprintf(stderr, "tock-report: %s: expected a JSON object at the top, found %s\n", f->path,
                tock_rep_type_name(*root));
        return TOCK_REP_EINPUT;
    }
    const char *s = str_or(*root, "schema", NULL);
    if (!s || strcmp(s, schema) != 0) {
        fprintf(stderr, "tock-report: %s: field 'schema': expected \"%s\", found %s%s%s\n", f->path,
                schema, s ? "\"" : "", s ? s : tock_rep_type_name(json_object_get(*root, "schema")),
                s ? "\"" : "");
        return TOCK_REP_EINPUT;
    }
    return 0;
}

/* rel, checked against the manifest, parsed into *root (the top-level
 * object of the given schema); f holds the file for messages */
static int load_json(const tock_rep_run *run, const char *rel, const char *schema, json_t **root,
                     loaded *f) {
    int rc = tock_rep_read_artifact(run, rel, &f->path, &f->data, &f->len);
    if (!rc) rc = parse(f, root, schema);
    return rc;
}

/* ---- manifest.json ---- */

static int load_manifest(tock_rep_run *run) {
    loaded f;
    int rc = tock_rep_read_run_file(run, "manifest.json",
                                    " (tock writes manifest.json last: without it the run was "
                                    "killed before it finished, or this is not a run directory)",
                                    &f.path, &f.data, &f.len);
    if (!rc) rc = parse(&f, &run->manifest_root, "tock.manifest/1");
    if (rc) {
        loaded_free(&f);
        return rc;
    }
    const char *file = f.path;
    json_t *m = run->manifest_root;
    if (!rc) rc = get_str(file, m, "", "status", 1, &run->status);
    static const char *const statuses[] = {"complete", "interrupted", NULL};
    if (!rc) rc = tock_rep_check_enum(file, "", "status", run->status, statuses);
    if (!rc) rc = get_str(file, m, "", "run_id", 1, &run->run_id);
    if (!rc) rc = get_u64(file, m, "", "benchmarks_selected", 1, &run->selected);
    if (!rc) rc = get_u64(file, m, "", "benchmarks_measured", 1, &run->measured);
    json_t *arts = json_object_get(m, "artifacts");
    if (!rc && !json_is_array(arts))
        rc = tock_rep_bad_field(file, "", "artifacts", "an array", arts);
    json_t *cfg = json_object_get(m, "config");
    if (!rc && !json_is_object(cfg)) rc = tock_rep_bad_field(file, "", "config", "an object", cfg);
    if (!rc) {
        /* "key value, key value": numbers in their shortest exact form
         * (json_dumps would print 0.05 as 0.050000000000000003) */
        tock__buf cb = {0};
        const char *key;
        json_t *v;
        json_object_foreach(cfg, key, v) {
            char t[40];
            tock__buf_printf(&cb, "%s%s ", cb.len ? ", " : "", key);
            if (json_is_string(v))
                tock__buf_puts(&cb, json_string_value(v));
            else if (json_is_integer(v))
                tock__buf_printf(&cb, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
            else if (json_is_real(v)) {
                tock__fmt_g17(t, json_real_value(v));
                tock__buf_puts(&cb, t);
            } else
                tock__buf_puts(&cb, json_is_true(v) ? "true" : json_is_false(v) ? "false" : "null");
        }
        if (!cb.p) tock__buf_puts(&cb, "");
        if (cb.err) {
            rc = cb.err;
            tock__buf_free(&cb);
        }
        run->config = cb.p;
    }
    json_t *nm = json_object_get(m, "benchmarks_not_measured");
    if (!rc && !json_is_array(nm))
        rc = tock_rep_bad_field(file, "", "benchmarks_not_measured", "an array", nm);
    if (!rc && json_array_size(nm)) {
        run->missing = (tock_rep_missing *)calloc(json_array_size(nm), sizeof *run->missing);
        if (!run->missing) rc = TOCK_REP_ENOMEM;
        size_t i;
        json_t *x;
        json_array_foreach(nm, i, x) {
            if (rc) break;
            char p[64];
            snprintf(p, sizeof p, "benchmarks_not_measured[%zu]", i);
            rc = get_str(file, x, p, "id", 1, &run->missing[i].id);
            if (!rc) run->missing[i].reason = str_or(x, "reason", "not recorded");
            run->nmissing = i + 1;
        }
    }
    run->interrupted = run->status && strcmp(run->status, "interrupted") == 0;
    loaded_free(&f);
    return rc;
}

/* ---- provenance.json ---- */

static int load_prov(tock_rep_run *run) {
    loaded f;
    int rc = load_json(run, "provenance.json", "tock.provenance/1", &run->prov_root, &f);
    if (rc) {
        loaded_free(&f);
        return rc;
    }
    const char *file = f.path;
    json_t *r = run->prov_root;
    tock_rep_prov *p = &run->prov;
    json_t *git = json_object_get(r, "git"), *cc = json_object_get(r, "compiler"),
           *cpu = json_object_get(r, "cpu"), *k = json_object_get(r, "kernel"),
           *hy = json_object_get(r, "hypervisor"), *t = json_object_get(r, "timer"),
           *user = json_object_get(r, "user");
    if (!json_is_object(git)) rc = tock_rep_bad_field(file, "", "git", "an object", git);
    if (!rc && !json_is_object(cc)) rc = tock_rep_bad_field(file, "", "compiler", "an object", cc);
    if (!rc && !json_is_object(cpu)) rc = tock_rep_bad_field(file, "", "cpu", "an object", cpu);
    if (!rc && !json_is_object(t)) rc = tock_rep_bad_field(file, "", "timer", "an object", t);
    if (!rc) rc = get_str(file, git, "git", "commit", 1, &p->commit);
    if (!rc) rc = get_str(file, cc, "compiler", "id", 1, &p->compiler_id);
    if (!rc) rc = get_str(file, cc, "compiler", "version", 1, &p->compiler_version);
    if (!rc) rc = get_str(file, r, "", "arch", 1, &p->arch);
    if (!rc) rc = get_u64(file, r, "", "threads", 1, &p->threads);
    if (!rc) rc = get_str(file, cpu, "cpu", "model", 1, &p->cpu_model);
    if (!rc) rc = get_str(file, t, "timer", "source", 1, &p->timer_source);
    if (!rc) rc = get_num(file, t, "timer", "frequency_hz", 0, &p->timer_hz);
    if (!rc) rc = get_num(file, t, "timer", "overhead_ns", 0, &p->timer_overhead_ns);
    if (!rc) rc = get_num(file, t, "timer", "resolution_ns", 0, &p->timer_resolution_ns);
    if (!rc) rc = get_num(file, t, "timer", "min_sample_ns", 0, &p->timer_min_sample_ns);
    if (rc) {
        loaded_free(&f);
        return rc;
    }
    p->dirty = json_is_true(json_object_get(git, "dirty"));
    p->flags = str_or(cc, "flags", "not recorded");
    p->date_utc = str_or(r, "date_utc", "not recorded");
    p->started_utc = str_or(r, "started_utc", p->date_utc);
    p->tock_version = str_or(r, "tock_version", "not recorded");
    json_t *lc = json_object_get(cpu, "logical_cpus");
    p->logical_cpus = json_is_integer(lc) ? (long)json_integer_value(lc) : -1;
    p->governor = str_or(cpu, "governor", "not recorded");
    p->boost = str_or(cpu, "boost", "not recorded");
    p->smt_active = str_or(cpu, "smt_active", "not recorded");
    p->loadavg = str_or(cpu, "loadavg_at_start", "not recorded");
    p->kernel_sysname = str_or(k, "sysname", "not recorded");
    p->kernel_release = str_or(k, "release", "");
    p->kernel_machine = str_or(k, "machine", "");
    p->clocksource = str_or(k, "clocksource", "not recorded");
    p->hypervisor = json_is_true(json_object_get(hy, "cpuinfo_flag"));
    p->hypervisor_type = str_or(hy, "type", "not recorded");
    p->timer_note = str_or(t, "note", "");
    if (json_is_object(user) && json_object_size(user)) {
        p->user = (tock_rep_kv *)calloc(json_object_size(user), sizeof *p->user);
        if (!p->user) rc = TOCK_REP_ENOMEM;
        const char *key;
        json_t *v;
        json_object_foreach(user, key, v) {
            if (rc) break;
            if (!json_is_string(v)) {
                rc = tock_rep_bad_field(file, "user", key, "a string", v);
                break;
            }
            p->user[p->nuser].key = key;
            p->user[p->nuser].value = json_string_value(v);
            p->nuser++;
        }
    }
    loaded_free(&f);
    return rc;
}

/* ---- summary.json ---- */

static int load_bench(const char *file, json_t *o, size_t i, tock_rep_bench *b) {
    char p[64];
    snprintf(p, sizeof p, "benchmarks[%zu]", i);
    if (!json_is_object(o)) return tock_rep_bad_field(file, "", p, "an object", o);
    int rc = get_str(file, o, p, "id", 1, &b->id);
    if (!rc) rc = get_str(file, o, p, "group", 1, &b->group);
    if (!rc) rc = get_str(file, o, p, "name", 0, &b->name);
    if (!rc) rc = get_str(file, o, p, "parameter", 0, &b->parameter);
    if (!rc) rc = get_str(file, o, p, "mode", 1, &b->mode);
    if (!rc) rc = get_str(file, o, p, "sweep", 0, &b->sweep);
    if (!rc) rc = get_est(file, o, p, "typical", &b->typical);
    if (!rc) rc = get_est(file, o, p, "mean", &b->mean);
    if (!rc) rc = get_est(file, o, p, "median", &b->median);
    if (!rc) rc = get_est(file, o, p, "std_dev", &b->std_dev);
    if (!rc) rc = get_est(file, o, p, "mad", &b->mad);
    if (!rc) rc = get_num(file, o, p, "min", 1, &b->min);
    if (!rc) rc = get_u64(file, o, p, "samples", 1, &b->samples);
    if (!rc) rc = get_u64(file, o, p, "iterations", 1, &b->iterations);
    json_t *out = json_object_get(o, "outliers");
    if (!rc && !json_is_object(out)) rc = tock_rep_bad_field(file, p, "outliers", "an object", out);
    char q[96];
    snprintf(q, sizeof q, "%s.outliers", p);
    if (!rc) rc = get_u64(file, out, q, "low_severe", 1, &b->out_low_severe);
    if (!rc) rc = get_u64(file, out, q, "low_mild", 1, &b->out_low_mild);
    if (!rc) rc = get_u64(file, out, q, "high_mild", 1, &b->out_high_mild);
    if (!rc) rc = get_u64(file, out, q, "high_severe", 1, &b->out_high_severe);
    json_t *tp = json_object_get(o, "throughput");
    if (!rc && tp && !json_is_null(tp)) {
        snprintf(q, sizeof q, "%s.throughput", p);
        if (!json_is_object(tp))
            rc = tock_rep_bad_field(file, p, "throughput", "an object or null", tp);
        if (!rc) rc = get_str(file, tp, q, "kind", 1, &b->tp_kind);
        static const char *const kinds[] = {"elements", "bytes", NULL};
        if (!rc) rc = tock_rep_check_enum(file, q, "kind", b->tp_kind, kinds);
        if (!rc) b->tp_bytes = strcmp(b->tp_kind, "bytes") == 0;
        if (!rc) rc = get_u64(file, tp, q, "per_iteration", 1, &b->tp_per_iter);
        if (!rc) rc = get_est(file, tp, q, "per_second", &b->tp);
    } else if (!rc && !tp) {
        rc = tock_rep_bad_field(file, p, "throughput", "an object or null", tp);
    }
    if (!rc) rc = get_str(file, o, p, "stop_reason", 1, &b->stop_reason);
    if (!rc) rc = get_str(file, o, p, "samples_file", 1, &b->samples_file);
    if (!rc) rc = get_num(file, o, p, "target_precision", 0, &b->target_precision);
    if (!rc) rc = get_num(file, o, p, "achieved_precision", 0, &b->achieved_precision);
    if (!rc) rc = get_num(file, o, p, "confidence_level", 0, &b->confidence);
    if (!rc) rc = get_num(file, o, p, "sampling_time_s", 0, &b->sampling_time_s);
    if (!rc) rc = get_num(file, o, p, "published_ns", 0, &b->published_ns);
    if (!rc) rc = get_num(file, o, p, "published_ratio", 0, &b->published_ratio);
    if (!rc) rc = get_str(file, o, p, "floor_id", 0, &b->floor_id);
    if (!rc) rc = get_num(file, o, p, "floor_ratio", 0, &b->floor_ratio);
    /* the user API's fields (absent in older runs) */
    json_t *cpu = json_object_get(o, "cpu");
    b->cpu_ns = NAN;
    if (!rc && json_is_object(cpu)) {
        snprintf(q, sizeof q, "%s.cpu", p);
        rc = get_num(file, cpu, q, "ns_per_iteration", 0, &b->cpu_ns);
    }
    json_t *counters = json_object_get(o, "counters");
    b->counters = json_is_object(counters) && json_object_size(counters) ? counters : NULL;
    json_t *thr = json_object_get(o, "threads");
    if (!rc && json_is_object(thr)) {
        snprintf(q, sizeof q, "%s.threads", p);
        rc = get_u64(file, thr, q, "count", 1, &b->threads);
    }
    json_t *ch = json_object_get(o, "change");
    if (!rc && ch && !json_is_null(ch)) {
        snprintf(q, sizeof q, "%s.change", p);
        if (!json_is_object(ch))
            rc = tock_rep_bad_field(file, p, "change", "an object or null", ch);
        /* the median change decides the verdict (tock_change_decide);
         * runs that stored only the typical-time change show that */
        json_t *med = json_object_get(ch, "median");
        if (!rc)
            rc = get_est(file, ch, q, med && !json_is_null(med) ? "median" : "typical", &b->change);
        if (!rc) rc = get_num(file, ch, q, "p_adjusted", 0, &b->change_p);
        if (!rc && !isfinite(b->change_p)) rc = get_num(file, ch, q, "p_value", 0, &b->change_p);
        if (!rc) rc = get_str(file, ch, q, "verdict", 1, &b->verdict);
        /* tock_verdict_name's words; "inconclusive": undecided by the
         * margin rule (or stopped before the first look); "within_margin":
         * slower, by less than --max-regression */
        static const char *const verdicts[] = {"no_change", "within_noise", "improved",
                                               "regressed", "inconclusive", "within_margin",
                                               NULL};
        if (!rc) rc = tock_rep_check_enum(file, q, "verdict", b->verdict, verdicts);
        b->has_change = !rc;
    } else if (!rc) {
        b->verdict = str_or(o, "verdict", NULL);
    }
    if (!rc && !(b->typical.point > 0.0)) {
        fprintf(stderr,
                "tock-report: %s: field '%s.typical.point': expected a positive "
                "time in ns, found %g\n",
                file, p, b->typical.point);
        rc = TOCK_REP_EINPUT;
    }
    if (!rc && !(b->published_ns > 0.0)) b->published_ns = b->published_ratio = NAN;
    return rc;
}

const char *const tock_rep_count_events[TOCK_REP_NCOUNTS] = {"Ir",   "Dr",   "Dw",   "I1mr", "D1mr",
                                                             "D1mw", "ILmr", "DLmr", "DLmw"};

/* a benchmark of a count run: identity, "counts" and "count_change" */
static int load_count_bench(const char *file, json_t *o, size_t i, tock_rep_bench *b) {
    char p[64], q[96];
    snprintf(p, sizeof p, "benchmarks[%zu]", i);
    if (!json_is_object(o)) return tock_rep_bad_field(file, "", p, "an object", o);
    int rc = get_str(file, o, p, "id", 1, &b->id);
    if (!rc) rc = get_str(file, o, p, "group", 1, &b->group);
    if (!rc) rc = get_str(file, o, p, "name", 0, &b->name);
    if (!rc) rc = get_str(file, o, p, "parameter", 0, &b->parameter);
    if (!rc) rc = get_str(file, o, p, "mode", 1, &b->mode);
    json_t *c = json_object_get(o, "counts");
    if (!rc && !json_is_object(c)) rc = tock_rep_bad_field(file, p, "counts", "an object", c);
    snprintf(q, sizeof q, "%s.counts", p);
    if (!rc) rc = get_u64(file, c, q, "iterations", 1, &b->count_iters);
    for (int k = 0; k < TOCK_REP_NCOUNTS && !rc; k++)
        rc = get_num(file, c, q, tock_rep_count_events[k], 1, &b->counts[k]);
    if (!rc) rc = get_num(file, c, q, "est_cycles", 1, &b->est_cycles);
    b->count_change = NAN;
    b->cpu_ns = NAN; /* a count run has no times */
    json_t *ch = json_object_get(o, "count_change");
    if (!rc && ch) {
        snprintf(q, sizeof q, "%s.count_change", p);
        if (!json_is_object(ch)) rc = tock_rep_bad_field(file, p, "count_change", "an object", ch);
        if (!rc) rc = get_str(file, ch, q, "verdict", 1, &b->count_verdict);
        json_t *ec = json_object_get(ch, "est_cycles");
        if (!rc && json_is_object(ec))
            b->count_change = json_number_value(json_object_get(ec, "change"));
    }
    b->typical.point = b->typical.lower = b->typical.upper = NAN;
    b->published_ns = b->published_ratio = b->floor_ratio = NAN;
    b->stop_reason = "counted";
    b->samples_file = "";
    return rc;
}

static int load_summary(tock_rep_run *run) {
    loaded f;
    int rc = load_json(run, "summary.json", "tock.summary/1", &run->summary_root, &f);
    if (rc) {
        loaded_free(&f);
        return rc;
    }
    json_t *arr = json_object_get(run->summary_root, "benchmarks");
    if (!json_is_array(arr)) rc = tock_rep_bad_field(f.path, "", "benchmarks", "an array", arr);
    json_t *cmp = json_object_get(run->summary_root, "comparison");
    if (!rc && cmp && !json_is_null(cmp)) {
        if (!json_is_object(cmp))
            rc = tock_rep_bad_field(f.path, "", "comparison", "an object", cmp);
        if (!rc) rc = get_str(f.path, cmp, "comparison", "mode", 1, &run->cmp_mode);
        if (!rc) {
            int ab = strcmp(run->cmp_mode, "ab") == 0;
            rc = get_str(f.path, cmp, "comparison", ab ? "reference" : "baseline", 1,
                         &run->cmp_against);
        }
        if (!rc) rc = get_num(f.path, cmp, "comparison", "significance_level", 0, &run->cmp_alpha);
        if (!rc) rc = get_num(f.path, cmp, "comparison", "noise_threshold", 0, &run->cmp_noise);
        if (!rc) {
            run->cmp_created = str_or(cmp, "baseline_created", NULL);
            run->cmp_test = str_or(cmp, "test", NULL);
            run->cmp_baseline_file = str_or(cmp, "baseline_file", NULL);
            run->cmp_baseline_run = str_or(cmp, "baseline_run", NULL);
            run->cmp_loaded_file = str_or(cmp, "loaded_file", NULL);
            json_t *env = json_object_get(cmp, "environment_differences");
            run->cmp_env_diff = json_is_array(env) && json_array_size(env) ? env : NULL;
            run->has_comparison = 1;
        }
    }
    const char *measure = str_or(run->summary_root, "measure", "time");
    run->counts_mode = strcmp(measure, "instructions") == 0;
    run->count_formula = str_or(run->summary_root, "count_formula", NULL);
    run->isa_counted = str_or(run->summary_root, "isa_counted", NULL);
    const char *st = str_or(run->summary_root, "status", "complete");
    if (strcmp(st, "interrupted") == 0) run->interrupted = 1;
    if (!rc && json_array_size(arr)) {
        run->b = (tock_rep_bench *)calloc(json_array_size(arr), sizeof *run->b);
        if (!run->b) rc = TOCK_REP_ENOMEM;
        size_t i;
        json_t *o;
        json_array_foreach(arr, i, o) {
            if (rc) break;
            rc = run->counts_mode ? load_count_bench(f.path, o, i, &run->b[i])
                                  : load_bench(f.path, o, i, &run->b[i]);
            run->nb = i + 1;
            if (!rc && isfinite(run->b[i].published_ns)) run->has_published = 1;
        }
    }
    if (!rc) rc = tock_rep_fits_load(run, f.path);
    run->confidence = run->nb ? run->b[0].confidence : NAN;
    loaded_free(&f);
    return rc;
}

/* ---- samples/<id>.csv: "iterations,ns", one row per sample ---- */

static int load_samples(tock_rep_run *run, tock_rep_bench *b) {
    const char *rel = b->samples_file;
    if (rel[0] == '/' || strstr(rel, "..")) {
        fprintf(stderr,
                "tock-report: %s/summary.json: benchmark '%s': field 'samples_file': "
                "expected a path inside the run directory, found \"%s\"\n",
                run->dir, b->id, rel);
        return TOCK_REP_EINPUT;
    }
    loaded f;
    int rc = tock_rep_read_artifact(run, rel, &f.path, &f.data, &f.len);
    if (rc) {
        loaded_free(&f);
        return rc;
    }
    size_t cap = (size_t)(b->samples ? b->samples : 1);
    b->iters = (double *)malloc(cap * sizeof(double));
    b->ns = (double *)malloc(cap * sizeof(double));
    if (!b->iters || !b->ns) {
        loaded_free(&f);
        return TOCK_REP_ENOMEM;
    }
    char *line = f.data;
    size_t lineno = 0;
    while (line && *line) {
        char *end = strchr(line, '\n');
        if (end) *end = '\0';
        size_t l = strlen(line);
        if (l && line[l - 1] == '\r') line[l - 1] = '\0';
        lineno++;
        if (lineno == 1) {
            if (strcmp(line, "iterations,ns") != 0) {
                fprintf(stderr,
                        "tock-report: %s line 1: expected the header "
                        "\"iterations,ns\", found \"%.60s\"\n",
                        f.path, line);
                rc = TOCK_REP_EINPUT;
                break;
            }
        } else if (*line) {
            char *c1 = NULL, *c2 = NULL;
            errno = 0;
            unsigned long long it = strtoull(line, &c1, 10);
            double ns = (c1 && *c1 == ',') ? strtod(c1 + 1, &c2) : NAN;
            if (errno || line[0] == '-' || !c1 || *c1 != ',' || !c2 || *c2 != '\0' || it == 0 ||
                !isfinite(ns) || ns < 0.0) {
                fprintf(stderr,
                        "tock-report: %s line %zu: expected \"iterations,ns\" (a "
                        "positive integer and a non-negative number), found \"%.60s\"\n",
                        f.path, lineno, line);
                rc = TOCK_REP_EINPUT;
                break;
            }
            if (b->n == cap) {
                fprintf(stderr,
                        "tock-report: %s: more rows than the %" PRIu64 " samples "
                        "summary.json records for %s\n",
                        f.path, b->samples, b->id);
                rc = TOCK_REP_EINPUT;
                break;
            }
            b->iters[b->n] = (double)it;
            b->ns[b->n] = ns;
            b->n++;
        }
        line = end ? end + 1 : NULL;
    }
    if (!rc && lineno == 0) {
        fprintf(stderr, "tock-report: %s: empty file (expected the header \"iterations,ns\")\n",
                f.path);
        rc = TOCK_REP_EINPUT;
    }
    if (!rc && b->n != b->samples) {
        fprintf(stderr,
                "tock-report: %s: %zu rows, but summary.json records %" PRIu64 " samples for %s\n",
                f.path, b->n, b->samples, b->id);
        rc = TOCK_REP_EINPUT;
    }
    loaded_free(&f);
    return rc;
}

int tock_rep_load(const char *dir, int flags, tock_rep_run *run) {
    memset(run, 0, sizeof *run);
    run->confidence = run->cmp_alpha = run->cmp_noise = NAN;
    run->dir = tock__strdup(dir);
    if (!run->dir) return TOCK_REP_ENOMEM;
    size_t l = strlen(run->dir);
    while (l > 1 && run->dir[l - 1] == '/') run->dir[--l] = '\0';
    const char *slash = strrchr(run->dir, '/');
    run->name = tock__strdup(slash ? slash + 1 : run->dir);
    if (!run->name) return TOCK_REP_ENOMEM;
    int rc = load_manifest(run);
    if (!rc) rc = load_prov(run);
    if (!rc) rc = load_summary(run);
    if (!rc) rc = tock_rep_sweeps_index(run);
    if (!rc && (flags & TOCK_REP_LOAD_SAMPLES) && !run->counts_mode) {
        for (size_t i = 0; i < run->nb && !rc; i++) rc = load_samples(run, &run->b[i]);
        run->have_samples = !rc;
    }
    if (!rc && (flags & TOCK_REP_LOAD_SWEEPS)) rc = tock_rep_sweeps_load(run);
    if (!rc && (flags & TOCK_REP_LOAD_COMPARISON) && run->have_samples) rc = tock_rep_cmp_load(run);
    return rc;
}

void tock_rep_free(tock_rep_run *run) {
    tock_rep_sweeps_free(run);
    for (size_t i = 0; i < run->nb; i++) {
        free(run->b[i].iters);
        free(run->b[i].ns);
        free(run->b[i].old_t);
        free(run->b[i].new_t);
    }
    free(run->b);
    free(run->missing);
    free(run->prov.user);
    free(run->config);
    free(run->fit);
    free(run->cross);
    if (run->summary_root) json_decref(run->summary_root);
    if (run->prov_root) json_decref(run->prov_root);
    if (run->manifest_root) json_decref(run->manifest_root);
    free(run->dir);
    free(run->name);
    memset(run, 0, sizeof *run);
}

const char *tock_rep_user(const tock_rep_run *run, const char *key) {
    for (size_t i = 0; i < run->prov.nuser; i++)
        if (strcmp(run->prov.user[i].key, key) == 0) return run->prov.user[i].value;
    return NULL;
}

const char *tock_rep_isa(const tock_rep_run *run) {
    const char *s = tock_rep_user(run, "isa_dispatched");
    if (!s) s = tock_rep_user(run, "isa");
    return s;
}
