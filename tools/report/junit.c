/* junit.c - the run as JUnit XML, for CI systems that chart test results:
 * one <testcase> per benchmark with its timing as <system-out>, one
 * <skipped> per benchmark the run selected but did not measure. A testcase
 * fails only when a verdict (a benchmark's "verdict" or "change"."verdict"
 * in summary.json, written by a comparison against a baseline) says
 * "regressed" (<failure type="regression">) or "inconclusive"
 * (<failure type="inconclusive">: an A/B comparison stopped before its
 * first look decided nothing, and a gate that decided nothing must not look
 * green; JUnit readers count <skipped> as passing, so it is a failure); a
 * run without verdicts passes. tock_rep_gate words the same count for the
 * exit status. It must never turn a slow number into a failure by itself:
 * there is no threshold here.
 */
#include "report.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

static void attr(tock__buf *b, const char *name, const char *v) {
    tock__buf_printf(b, " %s=\"", name);
    tock_rep_put_xml(b, v);
    tock__buf_puts(b, "\"");
}

static void timing(tock__buf *b, const tock_rep_run *run, const tock_rep_bench *x) {
    char pt[40], lo[40], hi[40], t[300];
    tock__fmt_time(pt, sizeof pt, x->typical.point, 0);
    tock__fmt_time(lo, sizeof lo, x->typical.lower, 0);
    tock__fmt_time(hi, sizeof hi, x->typical.upper, 0);
    double cl = isfinite(x->confidence) ? x->confidence : run->confidence;
    snprintf(t, sizeof t, "%s: typical %s [%s, %s] (%.0f%% bootstrap interval, %s mode)", x->id, pt,
             lo, hi, 100.0 * (isfinite(cl) ? cl : 0.95), x->mode);
    tock_rep_put_xml(b, t);
    if (x->tp_kind) {
        tock__fmt_rate(pt, sizeof pt, x->tp.point, x->tp_bytes);
        tock__buf_printf(b, "; throughput %s", pt);
    }
    if (isfinite(x->published_ns)) {
        tock__fmt_time(pt, sizeof pt, x->published_ns, 0);
        tock__buf_printf(b, "; published %s (ratio %.3f)", pt, x->typical.point / x->published_ns);
    }
    tock__buf_printf(b, "; %llu samples, %llu iterations; stop ", (unsigned long long)x->samples,
                     (unsigned long long)x->iterations);
    tock_rep_put_xml(b, x->stop_reason);
    if (x->has_change)
        tock__buf_printf(b, "; change %+.2f%% [%+.2f%%, %+.2f%%]", 100.0 * x->change.point,
                         100.0 * x->change.lower, 100.0 * x->change.upper);
    if (x->verdict) {
        tock__buf_puts(b, "; verdict ");
        tock_rep_put_xml(b, x->verdict);
    }
}

static int is_verdict(const tock_rep_bench *x, const char *v) {
    return x->verdict && strcmp(x->verdict, v) == 0;
}

/* regressed or inconclusive: the testcase fails */
static int fails(const tock_rep_bench *x) {
    return is_verdict(x, "regressed") || is_verdict(x, "inconclusive");
}

int tock_rep_gate(const tock_rep_run *run) {
    size_t nreg = 0, ninc = 0;
    for (size_t i = 0; i < run->nb; i++) {
        nreg += is_verdict(&run->b[i], "regressed");
        ninc += is_verdict(&run->b[i], "inconclusive");
    }
    if (nreg)
        fprintf(stderr, "tock-report: %zu benchmark%s regressed\n", nreg, nreg == 1 ? "" : "s");
    if (ninc)
        fprintf(stderr,
                "tock-report: %zu benchmark%s inconclusive: the A/B comparison stopped "
                "before its first look, so the gate decided nothing\n",
                ninc, ninc == 1 ? " is" : "s are");
    return nreg + ninc ? TOCK_REP_ECHECK : 0;
}

static void classname(tock__buf *b, const char *group) {
    tock__buf_puts(b, " classname=\"tock.");
    tock_rep_put_xml(b, group);
    tock__buf_puts(b, "\"");
}

int tock_rep_junit(const tock_rep_run *run, tock__buf *b) {
    size_t nfail = 0;
    double total = 0.0;
    for (size_t i = 0; i < run->nb; i++) {
        const tock_rep_bench *x = &run->b[i];
        if (fails(x)) nfail++;
        if (isfinite(x->sampling_time_s)) total += x->sampling_time_s;
    }
    size_t ntests = run->nb + run->nmissing;
    char ts[64];
    snprintf(ts, sizeof ts, "%s", run->prov.started_utc);
    size_t l = strlen(ts);
    if (l && ts[l - 1] == 'Z') ts[l - 1] = '\0'; /* the JUnit schema has no zone */
    tock__buf_puts(b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    tock__buf_printf(b,
                     "<testsuites name=\"tock\" tests=\"%zu\" failures=\"%zu\" errors=\"0\" "
                     "skipped=\"%zu\" time=\"%.6f\">\n",
                     ntests, nfail, run->nmissing, total);
    tock__buf_puts(b, "  <testsuite");
    char name[256];
    snprintf(name, sizeof name, "tock-perf %s", run->run_id);
    attr(b, "name", name);
    tock__buf_printf(b,
                     " tests=\"%zu\" failures=\"%zu\" errors=\"0\" skipped=\"%zu\" "
                     "time=\"%.6f\"",
                     ntests, nfail, run->nmissing, total);
    attr(b, "timestamp", ts);
    tock__buf_puts(b, ">\n    <properties>\n");
    const char *isa = tock_rep_isa(run);
    const char *keys[] = {"run_id", "status", "commit", "cpu_model", "arch", "isa", "compiler"};
    char cc[160];
    snprintf(cc, sizeof cc, "%s %s", run->prov.compiler_id, run->prov.compiler_version);
    const char *vals[] = {run->run_id,
                          run->status,
                          run->prov.commit,
                          run->prov.cpu_model,
                          run->prov.arch,
                          isa ? isa : "not recorded",
                          cc};
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
        tock__buf_puts(b, "      <property");
        attr(b, "name", keys[i]);
        attr(b, "value", vals[i]);
        tock__buf_puts(b, "/>\n");
    }
    tock__buf_puts(b, "    </properties>\n");
    for (size_t i = 0; i < run->nb; i++) {
        const tock_rep_bench *x = &run->b[i];
        tock__buf_puts(b, "    <testcase");
        attr(b, "name", x->id);
        classname(b, x->group);
        tock__buf_printf(b, " time=\"%.6f\">\n",
                         isfinite(x->sampling_time_s) ? x->sampling_time_s : 0.0);
        if (is_verdict(x, "regressed")) {
            tock__buf_puts(b, "      <failure message=\"regressed against the baseline\" "
                              "type=\"regression\">");
            timing(b, run, x);
            tock__buf_puts(b, "</failure>\n");
        } else if (is_verdict(x, "inconclusive")) {
            tock__buf_puts(b, "      <failure message=\"inconclusive: the A/B comparison "
                              "stopped before its first look; nothing was decided\" "
                              "type=\"inconclusive\">");
            timing(b, run, x);
            tock__buf_puts(b, "</failure>\n");
        }
        tock__buf_puts(b, "      <system-out>");
        timing(b, run, x);
        tock__buf_puts(b, "</system-out>\n    </testcase>\n");
    }
    for (size_t i = 0; i < run->nmissing; i++) {
        const char *id = run->missing[i].id, *slash = strchr(id, '/');
        char group[128];
        snprintf(group, sizeof group, "%.*s", slash ? (int)(slash - id) : (int)strlen(id), id);
        tock__buf_puts(b, "    <testcase");
        attr(b, "name", id);
        classname(b, group);
        tock__buf_puts(b, " time=\"0\">\n      <skipped");
        char msg[300];
        snprintf(msg, sizeof msg, "not measured: %s", run->missing[i].reason);
        attr(b, "message", msg);
        tock__buf_puts(b, "/>\n    </testcase>\n");
    }
    tock__buf_puts(b, "  </testsuite>\n</testsuites>\n");
    return b->err;
}
