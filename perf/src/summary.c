/* summary.c - summary.json and summary.csv: every estimate of every benchmark,
 * with the comparison when there is one. The schema (tock.summary/1) is a
 * contract read by tock-report; it must never change silently.
 */
#include "internal.h"

void tock__json_estimate(tock__json *j, const char *key, const tock_estimate *e) {
    tock__json_begin(j, key, '{');
    int pretty = j->pretty;
    j->pretty = 0; /* {"point": .., "lower": .., "upper": ..} on one line */
    tock__json_double(j, "point", e->point);
    tock__json_double(j, "lower", e->lower);
    tock__json_double(j, "upper", e->upper);
    tock__json_end(j, '}');
    j->pretty = pretty;
}

int tock__write_summary_json(tock__state *S, int interrupted) {
    tock__buf buf = {0};
    tock__json j;
    tock__json_init(&j, &buf, 1);
    tock__json_begin(&j, NULL, '{');
    tock__json_string(&j, "schema", "tock.summary/1");
    tock__json_string(&j, "run_id", S->run_id);
    tock__json_string(&j, "status", interrupted ? "interrupted" : "complete");
    if (S->comparing != TOCK__MODE_MEASURE) tock__json_comparison(S, &j);
    tock__json_begin(&j, "benchmarks", '[');
    for (size_t i = 0; i < S->nbench; i++) {
        const tock__bench *b = &S->benches[i];
        if (b->state != TOCK__DONE) continue;
        const tock_analysis *a = &b->an;
        char rel[300];
        tock__sample_file_name(b->id, rel, sizeof rel);
        tock__json_begin(&j, NULL, '{');
        tock__json_string(&j, "id", b->id);
        tock__json_string(&j, "group", b->group);
        tock__json_string(&j, "name", b->name);
        tock__json_string(&j, "parameter", b->parameter);
        if (b->grid) tock__json_string(&j, "sweep", S->grids[b->grid - 1]->def.name);
        tock__json_string(&j, "mode",
                          b->def.mode == TOCK_MODE_THROUGHPUT ? "throughput" : "latency");
        tock__json_string(&j, "unit", "ns");
        tock__json_estimate(&j, "typical", &a->est.slope);
        tock__json_estimate(&j, "mean", &a->est.mean);
        tock__json_estimate(&j, "median", &a->est.median);
        tock__json_estimate(&j, "std_dev", &a->est.std_dev);
        tock__json_estimate(&j, "mad", &a->est.mad);
        tock__json_double(&j, "min", a->min);
        tock__json_u64(&j, "samples", b->n);
        tock__json_u64(&j, "iterations", b->total_iters);
        tock__json_begin(&j, "outliers", '{');
        tock__json_u64(&j, "low_severe", a->outliers.low_severe);
        tock__json_u64(&j, "low_mild", a->outliers.low_mild);
        tock__json_u64(&j, "high_mild", a->outliers.high_mild);
        tock__json_u64(&j, "high_severe", a->outliers.high_severe);
        tock__json_end(&j, '}');
        if (b->def.throughput_kind != TOCK_THROUGHPUT_NONE) {
            tock_estimate r;
            tock__throughput(b, &r);
            tock__json_begin(&j, "throughput", '{');
            tock__json_string(
                &j, "kind", b->def.throughput_kind == TOCK_THROUGHPUT_BYTES ? "bytes" : "elements");
            tock__json_u64(&j, "per_iteration", b->def.throughput_per_iter);
            tock__json_estimate(&j, "per_second", &r);
            tock__json_end(&j, '}');
        } else {
            tock__json_null(&j, "throughput");
        }
        tock__json_string(&j, "stop_reason", tock_stop_reason_name(b->stop));
        if (b->nepochs > 0) {
            /* each epoch's own OLS slope and stop reason, in time order */
            tock__json_begin(&j, "epochs", '[');
            for (size_t e = 0; e < b->nepochs; e++) {
                int pretty = j.pretty;
                j.pretty = 0;
                tock__json_begin(&j, NULL, '{');
                tock__json_u64(&j, "samples", b->epoch_end[e] - (e ? b->epoch_end[e - 1] : 0));
                tock__json_double(&j, "typical", b->epoch_slope[e]);
                tock__json_string(&j, "stop_reason", tock_stop_reason_name(b->epoch_stop[e]));
                tock__json_end(&j, '}');
                j.pretty = pretty;
            }
            tock__json_end(&j, ']');
        }
        tock__json_begin(&j, "memory", '{');
        if (tock_heap_available() && b->heap_iters > 0) {
            tock__json_u64(&j, "heap_peak_bytes", b->heap_peak);
            tock__json_double(&j, "allocations_per_iteration",
                              (double)b->heap_calls / (double)b->heap_iters);
            tock__json_u64(&j, "setup_heap_bytes", b->heap_setup);
        } else {
            tock__json_null(&j, "heap_peak_bytes");
            tock__json_null(&j, "allocations_per_iteration");
            tock__json_null(&j, "setup_heap_bytes");
        }
        if (b->max_rss > 0)
            tock__json_u64(&j, "max_rss_bytes", b->max_rss);
        else
            tock__json_null(&j, "max_rss_bytes");
        tock__json_end(&j, '}');
        tock__json_double(&j, "target_precision", S->cfg.target_precision);
        tock__json_double(&j, "achieved_precision", a->precision);
        tock__json_double(&j, "confidence_level", S->cfg.confidence);
        tock__json_u64(&j, "resamples", S->cfg.nresamples);
        tock__json_double(&j, "sampling_time_s", b->sampling_s);
        tock__json_u64(&j, "warm_up_iterations", b->warm_iters);
        tock__json_double(&j, "warm_up_ns", b->warm_ns);
        tock__json_string(&j, "samples_file", rel);
        tock__json_counters(&j, b);
        /* process CPU time around the measured samples' timed calls */
        if (b->cpu_iters > 0 && b->cpu_wall_ns > 0.0) {
            tock__json_begin(&j, "cpu", '{');
            tock__json_double(&j, "ns_per_iteration", b->cpu_ns / (double)b->cpu_iters);
            tock__json_double(&j, "wall_ns_per_iteration", b->cpu_wall_ns / (double)b->cpu_iters);
            tock__json_double(&j, "utilisation", b->cpu_ns / b->cpu_wall_ns);
            tock__json_end(&j, '}');
        } else {
            tock__json_null(&j, "cpu");
        }
        if (b->def.threads > 1 && b->thr_iters > 0) {
            tock__json_begin(&j, "threads", '{');
            tock__json_u64(&j, "count", (uint64_t)b->def.threads);
            tock__json_double(&j, "per_thread_ns_per_iteration", b->thr_ns / (double)b->thr_iters);
            tock__json_double(&j, "start_skew_ns", b->thr_skew_ns / (double)b->thr_samples);
            tock__json_end(&j, '}');
        } else {
            tock__json_null(&j, "threads");
        }
        if (b->def.published_ns > 0.0) {
            tock__json_double(&j, "published_ns", b->def.published_ns);
            tock__json_double(&j, "published_ratio", a->est.slope.point / b->def.published_ns);
        }
        if (b->floor_id) {
            tock__json_string(&j, "floor_id", b->floor_id);
            tock__json_double(&j, "floor_ratio", tock__floor_ratio(S, b));
        }
        if (b->has_change) tock__json_change(&j, b);
        tock__json_end(&j, '}');
    }
    tock__json_end(&j, ']');
    tock__json_fits(S, &j);
    tock__json_end(&j, '}');
    int rc = tock__write_artifact(S, "summary.json", &buf);
    tock__buf_free(&buf);
    return rc;
}

int tock__write_summary_csv(tock__state *S) {
    tock__buf buf = {0};
    /* one column counter_<name> per user counter name, only when there is one */
    const char **names;
    size_t ncol;
    int rc = tock__counter_columns(S, &names, &ncol);
    if (rc < 0) return rc;
    static const char *const est_names[5] = {"typical", "mean", "median", "std_dev", "mad"};
    tock__buf_puts(&buf, "id,group,name,parameter,mode,unit");
    for (int k = 0; k < 5; k++)
        tock__buf_printf(&buf, ",%s_point,%s_lower,%s_upper", est_names[k], est_names[k],
                         est_names[k]);
    tock__buf_puts(&buf, ",min,samples,iterations,outliers_low_severe,outliers_low_mild,"
                         "outliers_high_mild,outliers_high_severe,throughput_kind,"
                         "throughput_per_iteration,throughput_per_second_point,"
                         "throughput_per_second_lower,throughput_per_second_upper,stop_reason,"
                         "target_precision,achieved_precision,published_ns,floor_id,"
                         "floor_ratio,change_point,change_lower,change_upper,p_value,"
                         "p_adjusted,verdict");
    for (size_t j = 0; j < ncol; j++) tock__buf_printf(&buf, ",counter_%s", names[j]);
    tock__buf_put(&buf, "\n", 1);
    for (size_t i = 0; i < S->nbench; i++) {
        const tock__bench *b = &S->benches[i];
        if (b->state != TOCK__DONE) continue;
        const tock_analysis *a = &b->an;
        tock__csv_str(&buf, b->id);
        tock__buf_put(&buf, ",", 1);
        tock__csv_str(&buf, b->group);
        tock__buf_put(&buf, ",", 1);
        tock__csv_str(&buf, b->name);
        tock__buf_put(&buf, ",", 1);
        tock__csv_str(&buf, b->parameter);
        tock__buf_puts(&buf,
                       b->def.mode == TOCK_MODE_THROUGHPUT ? ",throughput,ns" : ",latency,ns");
        const tock_estimate *e[5] = {&a->est.slope, &a->est.mean, &a->est.median, &a->est.std_dev,
                                     &a->est.mad};
        for (int k = 0; k < 5; k++) {
            tock__csv_num(&buf, e[k]->point);
            tock__csv_num(&buf, e[k]->lower);
            tock__csv_num(&buf, e[k]->upper);
        }
        tock__csv_num(&buf, a->min);
        tock__buf_printf(&buf, ",%zu,%llu,%zu,%zu,%zu,%zu", b->n,
                         (unsigned long long)b->total_iters, a->outliers.low_severe,
                         a->outliers.low_mild, a->outliers.high_mild, a->outliers.high_severe);
        if (b->def.throughput_kind != TOCK_THROUGHPUT_NONE) {
            tock_estimate r;
            tock__throughput(b, &r);
            tock__buf_printf(&buf, ",%s,%llu",
                             b->def.throughput_kind == TOCK_THROUGHPUT_BYTES ? "bytes" : "elements",
                             (unsigned long long)b->def.throughput_per_iter);
            tock__csv_num(&buf, r.point);
            tock__csv_num(&buf, r.lower);
            tock__csv_num(&buf, r.upper);
        } else {
            tock__buf_puts(&buf, ",,,,,");
        }
        tock__buf_printf(&buf, ",%s", tock_stop_reason_name(b->stop));
        tock__csv_num(&buf, S->cfg.target_precision);
        tock__csv_num(&buf, a->precision);
        tock__csv_num(&buf, b->def.published_ns > 0.0 ? b->def.published_ns : NAN);
        tock__buf_put(&buf, ",", 1);
        tock__csv_str(&buf, b->floor_id);
        tock__csv_num(&buf, tock__floor_ratio(S, b));
        /* the change the verdict is decided on (median; paired: Hodges-
         * Lehmann), as a fraction; empty when not compared */
        if (b->has_change) {
            tock__csv_num(&buf, b->change.median.point);
            tock__csv_num(&buf, b->change.median.lower);
            tock__csv_num(&buf, b->change.median.upper);
            tock__csv_num(&buf, b->change.p_value);
            tock__csv_num(&buf, b->change.p_adjusted);
            tock__buf_printf(&buf, ",%s", tock_verdict_name(b->change.verdict));
        } else {
            tock__buf_puts(&buf, ",,,,,,");
        }
        tock__csv_counters(&buf, b, names, ncol);
        tock__buf_put(&buf, "\n", 1);
    }
    free((void *)names);
    rc = tock__write_artifact(S, "summary.csv", &buf);
    tock__buf_free(&buf);
    return rc;
}
