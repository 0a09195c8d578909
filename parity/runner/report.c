/* report.c: see report.h. */
#define _POSIX_C_SOURCE 200809L
#include "report.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "arch.h"
#include "compare.h"
#include "sys.h"

/* Whether any case of group g failed in run r; -1 when the group has no
 * case at all. */
static int group_state(const tpar_report *rp, const tpar_run *r, size_t g) {
    int seen = -1;
    for (size_t i = 0; i < rp->u->cases.n; i++) {
        if (strcmp(rp->u->cases.v[i].group, rp->u->groups[g]) != 0) continue;
        if (seen < 0) seen = 0;
        if (r->verdict && r->verdict[i]) return 1;
    }
    return seen;
}

/* Whether every case of group g is excluded on run's architecture. */
static bool group_excluded(const tpar_report *rp, const tpar_run *r, size_t g) {
    bool any = false;
    for (size_t i = 0; i < rp->u->cases.n; i++) {
        if (strcmp(rp->u->cases.v[i].group, rp->u->groups[g]) != 0) continue;
        if (!tpar_case_excluded(r, rp->u->cases.v[i].name)) return false;
        any = true;
    }
    return any;
}

static size_t name_width(const tpar_report *r) {
    size_t w = 5;
    for (size_t i = 0; i < r->nv; i++)
        if (strlen(r->vars[i].name) > w) w = strlen(r->vars[i].name);
    return w;
}

/* The vector length column: bits the run used (SVE, RVV), "-" otherwise. */
static void vl_text(const tpar_run *run, char *out, size_t cap) {
    unsigned bits = run->vector_bits ? run->vector_bits : run->var->vl;
    if (bits)
        tpar_fmt(out, cap, "%u", bits);
    else
        tpar_fmt(out, cap, "-");
}

static void matrix_rows(const tpar_report *r, tock__buf *b, bool markdown) {
    size_t w = name_width(r);
    if (markdown) {
        tock__buf_printf(b, "| build | arch | vl | threads | dispatched |");
        for (size_t g = 0; g < r->u->n_groups; g++) tock__buf_printf(b, " %s |", r->u->groups[g]);
        tock__buf_printf(b, " passed | failed | excluded | seconds |\n|---|---|---|---|---|");
        for (size_t g = 0; g < r->u->n_groups; g++) tock__buf_printf(b, "---|");
        tock__buf_printf(b, "---|---|---|---|\n");
    } else {
        tock__buf_printf(b, "%-*s  %-7s %4s  thr  %-10s", (int)w, "build", "arch", "vl",
                         "dispatched");
        for (size_t g = 0; g < r->u->n_groups; g++) tock__buf_printf(b, " %s", r->u->groups[g]);
        tock__buf_printf(b, "  result  seconds\n");
    }
    for (size_t i = 0; i < r->nr; i++) {
        const tpar_run *run = &r->runs[i];
        const char *arch = tpar_arch_get(run->var->arch)->name;
        char vl[16];
        vl_text(run, vl, sizeof vl);
        if (run->state != TR_OK) {
            const char *what = run->state == TR_SKIPPED ? "skipped" : "ERROR";
            const char *nl = strchr(run->note, '\n');
            int nlen = nl ? (int)(nl - run->note) : (int)strlen(run->note);
            if (markdown)
                tock__buf_printf(b, "| %s | %s | %s | %u | %s: %.*s |\n", run->var->name, arch, vl,
                                 run->threads, what, nlen, run->note);
            else
                tock__buf_printf(b, "%-*s  %-7s %4s  %3u  %s: %.*s\n", (int)w, run->var->name, arch,
                                 vl, run->threads, what, nlen, run->note);
            continue;
        }
        if (markdown)
            tock__buf_printf(b, "| %s%s | %s | %s | %u | %s |", run->var->name,
                             run == r->ref ? " (ref)" : "", arch, vl, run->threads,
                             run->dispatched);
        else
            tock__buf_printf(b, "%-*s  %-7s %4s  %3u  %-10s", (int)w, run->var->name, arch, vl,
                             run->threads, run->dispatched);
        for (size_t g = 0; g < r->u->n_groups; g++) {
            int st = group_state(r, run, g);
            const char *cell = st < 0                      ? "-"
                               : st                        ? "FAIL"
                               : group_excluded(r, run, g) ? "excl"
                                                           : "ok";
            if (markdown)
                tock__buf_printf(b, " %s |", st > 0 ? "**FAIL**" : cell);
            else
                tock__buf_printf(b, " %-*s", (int)strlen(r->u->groups[g]), cell);
        }
        if (markdown)
            tock__buf_printf(b, " %zu | %zu | %zu | %.1f |\n", run->passed, run->failed,
                             run->excluded, run->seconds);
        else
            tock__buf_printf(b, "  %s %zu/%zu%s  %.1f%s\n", run->failed ? "FAIL" : "ok",
                             run->passed, run->passed + run->failed,
                             run == r->ref ? " (reference)" : "", run->seconds,
                             run->var->emu[0] ? " (emulated)" : "");
    }
}

static size_t count_runs(const tpar_report *r, tpar_rstate st) {
    size_t n = 0;
    for (size_t i = 0; i < r->nr; i++) n += r->runs[i].state == st;
    return n;
}

static void summary(const tpar_report *r, tock__buf *b) {
    size_t built = 0, skipped = 0, failed = 0;
    for (size_t i = 0; i < r->nv; i++) {
        built += r->vars[i].state == TV_BUILT;
        skipped += r->vars[i].state == TV_SKIPPED;
        failed += r->vars[i].state == TV_FAILED;
    }
    tock__buf_printf(b,
                     "matrix: %zu builds (%zu built, %zu skipped, %zu failed) x %zu thread "
                     "counts = %zu runs (%zu compared, %zu skipped, %zu errors) x %zu cases; "
                     "%zu comparisons; wall %.1f s\n",
                     r->nv, built, skipped, failed, r->o->n_threads, r->nr, count_runs(r, TR_OK),
                     count_runs(r, TR_SKIPPED), count_runs(r, TR_FAILED), r->u->cases.n,
                     r->passed + r->failed, r->wall);
    size_t excluded = 0, emulated = 0;
    double lo = 0, hi = 0;
    for (size_t i = 0; i < r->nr; i++) {
        const tpar_run *run = &r->runs[i];
        excluded += run->excluded;
        if (run->state != TR_OK || !run->var->emu[0]) continue;
        if (!emulated || run->seconds < lo) lo = run->seconds;
        if (!emulated || run->seconds > hi) hi = run->seconds;
        emulated++;
    }
    if (emulated)
        tock__buf_printf(b, "emulated runs: %zu, %.1f .. %.1f s each (qemu-user)\n", emulated, lo,
                         hi);
    for (int a = 0; a < TPAR_ARCH_COUNT && excluded; a++) {
        const tpar_arch *x = tpar_arch_get((tpar_arch_id)a);
        size_t n = 0;
        for (size_t i = 0; i < r->nr; i++)
            if (r->runs[i].var->arch == (tpar_arch_id)a) n += r->runs[i].excluded;
        if (!n) continue;
        tock__buf_printf(b, "excluded on %s: %zu comparisons of", x->name, n);
        for (size_t k = 0; x->libm_prefix[k]; k++)
            tock__buf_printf(b, "%s %s*", k ? "," : "", x->libm_prefix[k]);
        tock__buf_printf(b, " (%s)\n", x->libm_why);
    }
    tock__buf_printf(b, "goldens: %s\n", r->golden_note);
}

static void failures_list(const tpar_report *r, tock__buf *b, size_t cap) {
    size_t shown = 0, total = 0;
    for (size_t i = 0; i < r->nr; i++) {
        const tpar_run *run = &r->runs[i];
        if (run->state != TR_OK || !run->verdict) continue;
        for (size_t k = 0; k < r->u->cases.n; k++) {
            if (!run->verdict[k]) continue;
            total++;
            if (shown >= cap) continue;
            char vt[128];
            tpar_verdict_text(run->verdict[k], vt, sizeof vt);
            tock__buf_printf(b, "  FAIL %s threads %u %s (differs from %s)\n", run->var->name,
                             run->threads, r->u->cases.v[k].name, vt);
            shown++;
        }
    }
    if (total > shown)
        tock__buf_printf(b, "  ... and %zu more failing comparisons\n", total - shown);
}

void tpar_report_console(const tpar_report *r) {
    tock__buf b = {0};
    tock__buf_printf(&b, "\n");
    matrix_rows(r, &b, false);
    tock__buf_printf(&b, "\n");
    for (size_t i = 0; i < r->nv; i++)
        if (r->vars[i].state == TV_FAILED)
            tock__buf_printf(&b, "BUILD ERROR %s: %s\n", r->vars[i].name, r->vars[i].note);
    if (r->failed) {
        tock__buf_printf(&b, "failing comparisons:\n");
        failures_list(r, &b, 30);
        tock__buf_printf(&b, "\n");
    }
    for (size_t i = 0; i < r->nd; i++) {
        tpar_diagnosis_text(&b, &r->diag[i], r->ref);
        tock__buf_printf(&b, "\n");
    }
    if (r->diag_left_out)
        tock__buf_printf(&b,
                         "(%zu more failing case series not diagnosed; raise --max-diagnoses)\n\n",
                         r->diag_left_out);
    summary(r, &b);
    tpar_xbuf(&b);
    fputs(b.p, stdout);
    fflush(stdout);
    tock__buf_free(&b);
}

static void timestamp(char *out, size_t cap) {
    time_t t = time(NULL);
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(out, cap, "%Y%m%dT%H%M%SZ", &tm);
}

static void json_report(const tpar_report *r, tock__buf *b, const char *stamp) {
    tock__buf_printf(b, "{\n  \"tool\": \"tock-parity\",\n  \"protocol\": %d,\n  \"timestamp\": ",
                     TCASE_PROTOCOL_VERSION);
    tock__json_escape(b, stamp);
    tock__buf_printf(b, ",\n  \"command\": ");
    tock__json_escape(b, r->command);
    tock__buf_printf(b, ",\n  \"mode\": ");
    tock__json_escape(b, r->mode);
    tock__buf_printf(b, ",\n  \"commit\": ");
    tock__json_escape(b, r->commit);
    tock__buf_printf(b, ",\n  \"source\": ");
    tock__json_escape(b, r->o->source);
    tock__buf_printf(b, ",\n  \"goldens\": ");
    tock__json_escape(b, r->golden_note);
    tock__buf_printf(b, ",\n  \"cpu_supports\": {");
    for (int i = 0; i < HT_ISA_COUNT; i++)
        tock__buf_printf(b, "%s\"%s\": %s", i ? ", " : "", ht_isa_name((ht_isa)i),
                         ht_isa_cpu_supports((ht_isa)i) ? "true" : "false");
    tock__buf_printf(b, "},\n  \"wall_seconds\": %.2f,\n  \"threads\": [", r->wall);
    for (size_t i = 0; i < r->o->n_threads; i++)
        tock__buf_printf(b, "%s%u", i ? ", " : "", r->o->threads[i]);
    tock__buf_printf(b, "],\n  \"groups\": [");
    for (size_t g = 0; g < r->u->n_groups; g++) {
        tock__buf_printf(b, "%s", g ? ", " : "");
        tock__json_escape(b, r->u->groups[g]);
    }
    tock__buf_printf(b, "],\n  \"cases\": %zu,\n  \"builds\": [\n", r->u->cases.n);
    static const char *const vstate[] = {"pending", "built", "skipped", "failed"};
    for (size_t i = 0; i < r->nv; i++) {
        const tpar_variant *v = &r->vars[i];
        tock__buf_printf(b, "    {\"name\": ");
        tock__json_escape(b, v->name);
        tock__buf_printf(
            b, ", \"arch\": \"%s\", \"vl\": %u, \"cpu\": ", tpar_arch_get(v->arch)->name, v->vl);
        tock__json_escape(b, v->cpu);
        tock__buf_printf(b, ", \"emulator\": ");
        tock__json_escape(b, v->emu);
        tock__buf_printf(b, ", \"isa\": \"%s\", \"compiler\": ", ht_isa_name(v->isa));
        tock__json_escape(b, v->compiler);
        tock__buf_printf(b, ", \"opt\": %d, \"mutation\": ", v->opt);
        tock__json_escape(b, v->mutation ? v->mutation : "none");
        tock__buf_printf(b, ", \"status\": \"%s\", \"build_seconds\": %.2f, \"dir\": ",
                         vstate[v->state], v->seconds);
        tock__json_escape(b, v->dir);
        tock__buf_printf(b, ", \"note\": ");
        tock__json_escape(b, v->note);
        tock__buf_printf(b, "}%s\n", i + 1 < r->nv ? "," : "");
    }
    tock__buf_printf(b, "  ],\n  \"runs\": [\n");
    static const char *const rstate[] = {"pending", "compared", "skipped", "error"};
    for (size_t i = 0; i < r->nr; i++) {
        const tpar_run *run = &r->runs[i];
        tock__buf_printf(b, "    {\"build\": ");
        tock__json_escape(b, run->var->name);
        tock__buf_printf(b,
                         ", \"arch\": \"%s\", \"vector_bits\": %u, \"excluded\": %zu, "
                         "\"threads\": %u, \"status\": \"%s\", \"reference\": %s, "
                         "\"dispatched\": ",
                         tpar_arch_get(run->var->arch)->name, run->vector_bits, run->excluded,
                         run->threads, rstate[run->state], run == r->ref ? "true" : "false");
        tock__json_escape(b, run->dispatched);
        tock__buf_printf(b, ", \"compiler\": ");
        tock__json_escape(b, run->compiler_line);
        tock__buf_printf(b, ", \"seconds\": %.2f, \"passed\": %zu, \"failed\": %zu, \"note\": ",
                         run->seconds, run->passed, run->failed);
        tock__json_escape(b, run->note);
        tock__buf_printf(b, ", \"groups\": {");
        for (size_t g = 0; g < r->u->n_groups; g++) {
            int st = run->state == TR_OK ? group_state(r, run, g) : -1;
            tock__buf_printf(b, "%s\"%s\": \"%s\"", g ? ", " : "", r->u->groups[g],
                             st < 0 ? "-"
                             : st   ? "FAIL"
                                    : "ok");
        }
        tock__buf_printf(b, "}, \"failed_cases\": [");
        size_t shown = 0;
        for (size_t k = 0; run->verdict && k < r->u->cases.n; k++) {
            if (!run->verdict[k]) continue;
            if (shown == 200) {
                tock__buf_printf(b, ", \"...\"");
                break;
            }
            tock__buf_printf(b, "%s", shown ? ", " : "");
            tock__json_escape(b, r->u->cases.v[k].name);
            shown++;
        }
        tock__buf_printf(b, "]}%s\n", i + 1 < r->nr ? "," : "");
    }
    tock__buf_printf(b, "  ],\n  \"diagnoses\": [\n");
    for (size_t i = 0; i < r->nd; i++) {
        tock__buf_printf(b, "    ");
        tpar_diagnosis_json(b, &r->diag[i], r->ref);
        tock__buf_printf(b, "%s\n", i + 1 < r->nd ? "," : "");
    }
    tock__buf_printf(b,
                     "  ],\n  \"diagnoses_left_out\": %zu,\n  \"passed\": %zu,\n"
                     "  \"failed\": %zu,\n  \"exit_code\": %d,\n  \"summary\": \"%zu passed, "
                     "%zu failed\"\n}\n",
                     r->diag_left_out, r->passed, r->failed + r->errors, r->exit_code, r->passed,
                     r->failed + r->errors);
}

static void md_report(const tpar_report *r, tock__buf *b, const char *stamp) {
    tock__buf_printf(b, "# tock parity report %s\n\n", stamp);
    tock__buf_printf(b, "- command: `%s`\n- mode: %s\n- commit: %s\n- source: `%s`\n", r->command,
                     r->mode, r->commit, r->o->source);
    tock__buf_printf(b, "- CPU supports:");
    for (int i = 0; i < HT_ISA_COUNT; i++)
        tock__buf_printf(b, " %s %s%s", ht_isa_name((ht_isa)i),
                         ht_isa_cpu_supports((ht_isa)i) ? "yes" : "no",
                         i + 1 < HT_ISA_COUNT ? "," : "");
    tock__buf_printf(b, "\n- ");
    summary(r, b);
    tock__buf_printf(b, "\n## Matrix\n\n");
    matrix_rows(r, b, true);
    bool any = false;
    for (size_t i = 0; i < r->nv; i++)
        if (r->vars[i].state == TV_FAILED) {
            if (!any) tock__buf_printf(b, "\n## Build errors\n\n");
            any = true;
            tock__buf_printf(b, "```\n%s: %s\n```\n", r->vars[i].name, r->vars[i].note);
        }
    if (r->failed) {
        tock__buf_printf(b, "\n## Failing comparisons\n\n```\n");
        failures_list(r, b, 200);
        tock__buf_printf(b, "```\n");
    }
    if (r->nd) {
        tock__buf_printf(b, "\n## Diagnoses\n\n```\n");
        for (size_t i = 0; i < r->nd; i++) {
            tpar_diagnosis_text(b, &r->diag[i], r->ref);
            tock__buf_printf(b, "\n");
        }
        tock__buf_printf(b, "```\n");
    }
    tock__buf_printf(b, "\n%zu passed, %zu failed\n", r->passed, r->failed + r->errors);
}

int tpar_report_files(const tpar_report *r, char *dir, size_t cap) {
    char stamp[32];
    timestamp(stamp, sizeof stamp);
    if (tock__mkdirs(r->o->results) != 0) {
        fprintf(stderr, "tock-parity: --results %s: cannot create it: %s\n", r->o->results,
                strerror(errno));
        return -1;
    }
    /* A directory of its own, new: two runs in the same second get -2, -3,
   * ... rather than sharing one, and nothing planted under the name is
   * written through. */
    int made = -1;
    for (int k = 1; made != 0 && k < 100; k++) {
        if (k == 1)
            tpar_fmt(dir, cap, "%s/%s", r->o->results, stamp);
        else
            tpar_fmt(dir, cap, "%s/%s-%d", r->o->results, stamp, k);
        made = mkdir(dir, 0777);
        if (made != 0 && errno != EEXIST) break;
    }
    if (made != 0) {
        fprintf(stderr, "tock-parity: --results %s: cannot create %s: %s\n", r->o->results, dir,
                strerror(errno));
        return -1;
    }
    tock__buf j = {0}, m = {0};
    json_report(r, &j, stamp);
    md_report(r, &m, stamp);
    tpar_xbuf(&j);
    tpar_xbuf(&m);
    char path[PATH_MAX + 32], err[PATH_MAX + 256];
    int rc = 0;
    tpar_fmt(path, sizeof path, "%s/report.json", dir);
    if (tpar_write_file(path, j.p, j.len, err, sizeof err) != 0) {
        fprintf(stderr, "tock-parity: --results: %s\n", err);
        rc = -1;
    }
    tpar_fmt(path, sizeof path, "%s/report.md", dir);
    if (tpar_write_file(path, m.p, m.len, err, sizeof err) != 0) {
        fprintf(stderr, "tock-parity: --results: %s\n", err);
        rc = -1;
    }
    tock__buf_free(&j);
    tock__buf_free(&m);
    return rc;
}
