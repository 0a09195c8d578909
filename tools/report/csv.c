/* csv.c - the run as one CSV table (RFC 4180, header row, units in the
 * column names) for spreadsheets and data frames; a sweep's point
 * benchmarks are rows like any other, with the sweep's name in the last
 * column. Unlike the run's own
 * summary.csv, every row repeats the run id, commit and machine, so files
 * from many runs concatenate into one table. Numbers are written exactly
 * (shortest round-trip form); a missing value is an empty field. It must
 * never round a figure for display.
 */
#include "report.h"

#include <math.h>
#include <stdio.h>

static void num(tock__buf *b, double v) {
    char t[40];
    tock__buf_put(b, ",", 1);
    if (!isfinite(v)) return;
    tock__fmt_g17(t, v);
    tock__buf_puts(b, t);
}

static void str(tock__buf *b, const char *s) {
    tock__buf_put(b, ",", 1);
    tock_rep_put_csv(b, s);
}

int tock_rep_csv(const tock_rep_run *run, tock__buf *b) {
    const tock_rep_prov *p = &run->prov;
    const char *isa = tock_rep_isa(run);
    tock__buf_puts(b, "run_id,status,commit,dirty,cpu_model,arch,isa,threads,id,group,name,"
                      "parameter,mode,typical_ns,typical_lower_ns,typical_upper_ns,"
                      "confidence_level,mean_ns,median_ns,std_dev_ns,mad_ns,min_ns,samples,"
                      "iterations,outliers,throughput_kind,throughput_per_iteration,"
                      "throughput_per_second,published_ns,published_ratio,floor_id,floor_ratio,"
                      "stop_reason,achieved_precision,sweep\r\n");
    for (size_t i = 0; i < run->nb; i++) {
        const tock_rep_bench *x = &run->b[i];
        tock_rep_put_csv(b, run->run_id);
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
        num(b, x->typical.point);
        num(b, x->typical.lower);
        num(b, x->typical.upper);
        num(b, x->confidence);
        num(b, x->mean.point);
        num(b, x->median.point);
        num(b, x->std_dev.point);
        num(b, x->mad.point);
        num(b, x->min);
        tock__buf_printf(b, ",%llu,%llu,%llu", (unsigned long long)x->samples,
                         (unsigned long long)x->iterations,
                         (unsigned long long)(x->out_low_severe + x->out_low_mild +
                                              x->out_high_mild + x->out_high_severe));
        str(b, x->tp_kind ? x->tp_kind : "");
        if (x->tp_kind)
            tock__buf_printf(b, ",%llu", (unsigned long long)x->tp_per_iter);
        else
            tock__buf_put(b, ",", 1);
        num(b, x->tp_kind ? x->tp.point : NAN);
        num(b, x->published_ns);
        num(b, isfinite(x->published_ns) ? x->typical.point / x->published_ns : NAN);
        str(b, x->floor_id ? x->floor_id : "");
        num(b, x->floor_ratio);
        str(b, x->stop_reason);
        num(b, x->achieved_precision);
        str(b, x->sweep ? x->sweep : "");
        tock__buf_puts(b, "\r\n");
    }
    return b->err;
}
