/* csv.c - the run as one CSV table (RFC 4180, header row, units in the
 * column names) for spreadsheets and data frames; a sweep's point
 * benchmarks are rows like any other, with the sweep's name in the last
 * column. Unlike the run's own
 * summary.csv, every row repeats the run id, commit and machine, so files
 * from many runs concatenate into one table. Numbers are written exactly
 * (shortest round-trip form); a missing value is an empty field. It must
 * never round a figure for display. Fields are escaped and numbers written
 * by util.h's tock__csv_str and tock__csv_num, the framework's own CSV
 * writers, so both programs quote a field the same way.
 */
#include "report.h"

#include <math.h>
#include <stdlib.h>

/* the next text field (util.h's escaper, shared with summary.csv) */
static void str(tock__buf *b, const char *s) {
    tock__buf_put(b, ",", 1);
    tock__csv_str(b, s);
}

/* the user counters' columns, counter_<name>, one per name any benchmark
 * reported (none when no benchmark has counters) */
static void counter_head(tock__buf *b, const char *const *names, size_t n) {
    for (size_t k = 0; k < n; k++) {
        tock__buf_puts(b, ",");
        tock__buf *name = &(tock__buf){0};
        tock__buf_printf(name, "counter_%s", names[k]);
        if (name->err && !b->err) b->err = name->err;
        tock__csv_str(b, name->err ? "" : name->p);
        tock__buf_free(name);
    }
}

/* a benchmark's counter values (exact; empty when it lacks the counter or
 * its value is null) */
static void counter_cells(tock__buf *b, const tock_rep_bench *x, const char *const *names,
                          size_t n) {
    for (size_t k = 0; k < n; k++)
        tock__csv_num(b, tock_rep_counter_value(json_object_get(x->counters, names[k])));
}

/* a count run (tock-perf --measure instructions): events per iteration
 * instead of times */
static int count_csv(const tock_rep_run *run, tock__buf *b, const char *const *names, size_t n) {
    const tock_rep_prov *p = &run->prov;
    const char *isa = tock_rep_isa(run);
    tock__buf_puts(b, "run_id,status,commit,dirty,cpu_model,arch,isa,threads,id,group,name,"
                      "parameter,mode,count_iterations");
    for (int k = 0; k < TOCK_REP_NCOUNTS; k++) tock__buf_printf(b, ",%s", tock_rep_count_events[k]);
    tock__buf_puts(b, ",est_cycles,est_cycles_change,count_verdict");
    counter_head(b, names, n);
    tock__buf_puts(b, "\r\n");
    for (size_t i = 0; i < run->nb; i++) {
        const tock_rep_bench *x = &run->b[i];
        tock__csv_str(b, run->run_id);
        str(b, run->status);
        str(b, p->commit);
        str(b, p->dirty ? "true" : "false");
        str(b, p->cpu_model);
        str(b, p->arch);
        str(b, isa ? isa : "");
        tock__buf_printf(b, ",%llu", (unsigned long long)p->threads);
        str(b, x->id);
        str(b, x->group);
        str(b, x->name ? x->name : "");
        str(b, x->parameter ? x->parameter : "");
        str(b, x->mode);
        tock__buf_printf(b, ",%llu", (unsigned long long)x->count_iters);
        for (int k = 0; k < TOCK_REP_NCOUNTS; k++) tock__csv_num(b, x->counts[k]);
        tock__csv_num(b, x->est_cycles);
        tock__csv_num(b, x->count_change);
        str(b, x->count_verdict ? x->count_verdict : "");
        counter_cells(b, x, names, n);
        tock__buf_puts(b, "\r\n");
    }
    return b->err;
}

static int time_csv(const tock_rep_run *run, tock__buf *b, const char *const *names, size_t n) {
    const tock_rep_prov *p = &run->prov;
    const char *isa = tock_rep_isa(run);
    tock__buf_puts(b, "run_id,status,commit,dirty,cpu_model,arch,isa,threads,id,group,name,"
                      "parameter,mode,typical_ns,typical_lower_ns,typical_upper_ns,"
                      "confidence_level,mean_ns,median_ns,std_dev_ns,mad_ns,min_ns,samples,"
                      "iterations,outliers,throughput_kind,throughput_per_iteration,"
                      "throughput_per_second,published_ns,published_ratio,floor_id,floor_ratio,"
                      "stop_reason,achieved_precision,sweep");
    counter_head(b, names, n);
    tock__buf_puts(b, "\r\n");
    for (size_t i = 0; i < run->nb; i++) {
        const tock_rep_bench *x = &run->b[i];
        tock__csv_str(b, run->run_id);
        str(b, run->status);
        str(b, p->commit);
        str(b, p->dirty ? "true" : "false");
        str(b, p->cpu_model);
        str(b, p->arch);
        str(b, isa ? isa : "");
        tock__buf_printf(b, ",%llu", (unsigned long long)p->threads);
        str(b, x->id);
        str(b, x->group);
        str(b, x->name ? x->name : "");
        str(b, x->parameter ? x->parameter : "");
        str(b, x->mode);
        tock__csv_num(b, x->typical.point);
        tock__csv_num(b, x->typical.lower);
        tock__csv_num(b, x->typical.upper);
        tock__csv_num(b, x->confidence);
        tock__csv_num(b, x->mean.point);
        tock__csv_num(b, x->median.point);
        tock__csv_num(b, x->std_dev.point);
        tock__csv_num(b, x->mad.point);
        tock__csv_num(b, x->min);
        tock__buf_printf(b, ",%llu,%llu,%llu", (unsigned long long)x->samples,
                         (unsigned long long)x->iterations,
                         (unsigned long long)(x->out_low_severe + x->out_low_mild +
                                              x->out_high_mild + x->out_high_severe));
        str(b, x->tp_kind ? x->tp_kind : "");
        if (x->tp_kind)
            tock__buf_printf(b, ",%llu", (unsigned long long)x->tp_per_iter);
        else
            tock__buf_put(b, ",", 1);
        tock__csv_num(b, x->tp_kind ? x->tp.point : NAN);
        tock__csv_num(b, x->published_ns);
        tock__csv_num(b, isfinite(x->published_ns) ? x->typical.point / x->published_ns : NAN);
        str(b, x->floor_id ? x->floor_id : "");
        tock__csv_num(b, x->floor_ratio);
        str(b, x->stop_reason);
        tock__csv_num(b, x->achieved_precision);
        str(b, x->sweep ? x->sweep : "");
        counter_cells(b, x, names, n);
        tock__buf_puts(b, "\r\n");
    }
    return b->err;
}

int tock_rep_csv(const tock_rep_run *run, tock__buf *b) {
    const char **names;
    size_t n;
    int rc = tock_rep_counter_names(run, &names, &n);
    if (rc < 0) return rc;
    rc = run->counts_mode ? count_csv(run, b, names, n) : time_csv(run, b, names, n);
    free((void *)names);
    return rc;
}
