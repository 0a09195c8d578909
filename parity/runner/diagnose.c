/* diagnose.c: see diagnose.h. */
#define _POSIX_C_SOURCE 200809L
#include "diagnose.h"

#include <ctype.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compare.h"
#include "matrix.h"
#include "runs.h"

typedef struct {
    tpar_run *run;
    size_t ucase;
    size_t rank; /* how many failing series of the same group precede it in its run */
    size_t order;
} cand;

/* "predict.default.step.07" -> "predict.default.step.": cases that differ
 * only in their trailing number form one series (a rollout, a sequence). */
static void series_of(const char *name, char *out, size_t cap) {
    size_t n = strlen(name);
    while (n > 0 && isdigit((unsigned char)name[n - 1])) n--;
    tpar_fmt(out, cap, "%.*s", (int)n, name);
}

static int cand_cmp(const void *pa, const void *pb) {
    const cand *a = pa, *b = pb;
    if (a->rank != b->rank) return a->rank < b->rank ? -1 : 1;
    return a->order < b->order ? -1 : a->order > b->order;
}

static void dump_path(const tpar_variant *v, unsigned threads, const char *name, char *out,
                      size_t cap) {
    tpar_fmt(out, cap, "%s/dumps/%s.t%u.dump", v->dir, name, threads);
}

static int get_dump(const tpar_opts *o, const tpar_run *run, const char *name, tpar_dump *d,
                    char *err, size_t cap) {
    char dir[PATH_MAX], path[PATH_MAX + 128];
    tpar_fmt(dir, sizeof dir, "%s/dumps", run->var->dir);
    tock__mkdirs(dir);
    dump_path(run->var, run->threads, name, path, sizeof path);
    /* Always re-dump: a file left by an earlier run may predate a rebuild. */
    if (tpar_matrix_dump(o, run->var, run->threads, name, path, err, cap) != 0) return -1;
    return tpar_dump_read(path, d, err, cap);
}

size_t tpar_diagnose(const tpar_opts *o, tpar_universe *u, tpar_run *runs, size_t nr,
                     const tpar_run *ref, tpar_diagnosis **out, size_t *n_out) {
    size_t ncand = 0, capc = 64;
    cand *c = tpar_xmalloc(capc * sizeof *c);
    size_t order = 0;
    for (size_t r = 0; r < nr; r++) {
        tpar_run *run = &runs[r];
        if (run->state != TR_OK || !run->failed || !run->verdict) continue;
        char last_series[TCASE_NAME_MAX] = "";
        size_t group_rank[16] = {0};
        for (size_t i = 0; i < u->cases.n; i++) {
            if (!run->verdict[i]) continue;
            char series[TCASE_NAME_MAX];
            series_of(u->cases.v[i].name, series, sizeof series);
            if (strcmp(series, last_series) == 0) continue; /* not the first of its series */
            bool seen = false;
            for (size_t k = ncand; k-- > 0 && c[k].run == run;) {
                char s2[TCASE_NAME_MAX];
                series_of(u->cases.v[c[k].ucase].name, s2, sizeof s2);
                if (strcmp(s2, series) == 0) seen = true;
            }
            tpar_fmt(last_series, sizeof last_series, "%s", series);
            if (seen) continue;
            size_t g = tpar_universe_group(u, u->cases.v[i].group);
            if (ncand == capc) c = tpar_xrealloc(c, (capc *= 2) * sizeof *c);
            c[ncand++] = (cand){run, i, group_rank[g < 16 ? g : 15]++, order++};
        }
    }
    qsort(c, ncand, sizeof *c, cand_cmp);

    tpar_diagnosis *d = tpar_xmalloc((ncand ? ncand : 1) * sizeof *d);
    size_t nd = 0, left_out = 0;
    for (size_t k = 0; k < ncand; k++) {
        tpar_run *run = c[k].run;
        const tpar_case *uc = &u->cases.v[c[k].ucase];
        const tpar_case *rc = tpar_cases_find(&run->cases, uc->name);
        bool dup = false;
        for (size_t j = 0; j < nd && rc; j++) {
            if (strcmp(d[j].case_name, uc->name) != 0) continue;
            const tpar_case *other = tpar_cases_find(&d[j].run->cases, uc->name);
            if (other && strcmp(other->out, rc->out) == 0 && strcmp(other->in, rc->in) == 0) {
                if (d[j].n_also < 12)
                    tock__buf_printf(&d[j].also, "%s%s threads %u", d[j].n_also ? ", " : "",
                                     run->var->name, run->threads);
                else if (d[j].n_also == 12)
                    tock__buf_printf(&d[j].also, ", ...");
                d[j].n_also++;
                dup = true;
                break;
            }
        }
        if (dup) continue;
        if (nd >= o->max_diag) {
            left_out++;
            continue;
        }
        tpar_diagnosis *x = &d[nd++];
        memset(x, 0, sizeof *x);
        tpar_fmt(x->case_name, sizeof x->case_name, "%s", uc->name);
        tpar_fmt(x->group, sizeof x->group, "%s", uc->group);
        x->step = uc->step;
        x->run = run;
        x->verdict = run->verdict[c[k].ucase];
        char vt[128];
        tpar_verdict_text(x->verdict, vt, sizeof vt);
        if (x->verdict & TPAR_V_MISSING) {
            x->kind = TPAR_DIAG_NO_DUMP;
            tpar_fmt(x->note, sizeof x->note, "the run did not report this case (%s)", vt);
            continue;
        }
        if (!(x->verdict & (TPAR_V_REF | TPAR_V_INPUT)) || !ref || ref->state != TR_OK ||
            run == ref) {
            x->kind = TPAR_DIAG_NO_DUMP;
            if (x->verdict & (TPAR_V_GOLDEN | TPAR_V_NO_GOLDEN))
                tpar_fmt(x->note, sizeof x->note,
                         "output equals the reference build's but not the golden: every build "
                         "moved together (kernel math, inputs or the case set changed; if that was "
                         "deliberate, regenerate with tock-parity --write-golden)");
            else
                tpar_fmt(x->note, sizeof x->note,
                         "output equals the reference build's but not the --against file: this "
                         "machine's builds agree with each other, not with the other machine's "
                         "(another core version, compiler or C library?)");
            continue;
        }
        tpar_dump a, b;
        char err[512];
        if (get_dump(o, ref, uc->name, &a, err, sizeof err) != 0) {
            x->kind = TPAR_DIAG_DUMP_ERROR;
            tpar_fmt(x->note, sizeof x->note, "reference dump failed: %s", err);
            continue;
        }
        if (get_dump(o, run, uc->name, &b, err, sizeof err) != 0) {
            tpar_dump_free(&a);
            x->kind = TPAR_DIAG_DUMP_ERROR;
            tpar_fmt(x->note, sizeof x->note, "dump failed: %s", err);
            continue;
        }
        x->kind = TPAR_DIAG_COMPARED;
        tpar_dump_compare_nan(&a, &b, run->var->native != ref->var->native, &x->diff);
        if (!x->diff.any && !x->diff.layout_differs && !x->diff.inputs_differ)
            tpar_fmt(x->note, sizeof x->note,
                     "the dumps are identical although the hashes differed: the result is not "
                     "reproducible from run to run (uninitialised memory or a race?)");
        tpar_dump_free(&a);
        tpar_dump_free(&b);
    }
    free(c);
    *out = d;
    *n_out = nd;
    return left_out;
}

void tpar_diagnoses_free(tpar_diagnosis *d, size_t n) {
    for (size_t i = 0; i < n; i++) tock__buf_free(&d[i].also);
    free(d);
}

static void fmt_index(char *out, size_t cap, int ndims, const size_t *idx) {
    size_t len = 0;
    out[0] = '\0';
    for (int k = 0; k < ndims; k++) {
        int w = tpar_fmt(out + len, cap - len, "%s%zu", k ? ", " : "[", idx[k]);
        if (w < 0 || (size_t)w >= cap - len) return;
        len += (size_t)w;
    }
    tpar_fmt(out + len, cap - len, "]");
}

static void fmt_bits(char *out, size_t cap, tcase_elem t, uint64_t bits, double v) {
    switch (t) {
    case TCASE_ELEM_F32: tpar_fmt(out, cap, "0x%08" PRIx32 " %.9g", (uint32_t)bits, v); break;
    case TCASE_ELEM_F64: tpar_fmt(out, cap, "0x%016" PRIx64 " %.17g", bits, v); break;
    case TCASE_ELEM_U8: tpar_fmt(out, cap, "0x%02x %u", (unsigned)bits, (unsigned)bits); break;
    default: tpar_fmt(out, cap, "0x%08" PRIx64 " %.0f", bits, v); break;
    }
}

static const char *dim_names(const char *seg, int ndims) {
    (void)seg;
    return ndims == 3 ? " [outer, row, lane]" : ndims == 2 ? " [row, column]" : "";
}

void tpar_diagnosis_text(tock__buf *b, const tpar_diagnosis *d, const tpar_run *ref) {
    char vt[128];
    tpar_verdict_text(d->verdict, vt, sizeof vt);
    tock__buf_printf(b, "MISMATCH %s (group %s", d->case_name, d->group);
    if (d->step >= 0) tock__buf_printf(b, ", step %d", d->step);
    tock__buf_printf(b, ") differs from: %s\n", vt);
    tock__buf_printf(b, "  build %s, threads %u", d->run->var->name, d->run->threads);
    if (ref) tock__buf_printf(b, "; reference %s, threads %u", ref->var->name, ref->threads);
    tock__buf_printf(b, "\n");
    if (d->n_also) tock__buf_printf(b, "  same output also in: %s\n", d->also.p ? d->also.p : "");
    if (d->kind != TPAR_DIAG_COMPARED || d->note[0]) tock__buf_printf(b, "  %s\n", d->note);
    if (d->kind != TPAR_DIAG_COMPARED) return;
    const tpar_diff *x = &d->diff;
    if (x->layout_differs) {
        tock__buf_printf(b, "  layout differs: %s\n", x->layout_note);
        return;
    }
    if (x->inputs_differ)
        tock__buf_printf(b,
                         "  seeded inputs differ (first in segment %s): the case generator "
                         "itself depends on the build\n",
                         x->input_seg);
    if (!x->any) return;
    char idx[96], rv[64], gv[64];
    fmt_index(idx, sizeof idx, x->ndims, x->idx);
    fmt_bits(rv, sizeof rv, x->type, x->ref_bits, x->ref_val);
    fmt_bits(gv, sizeof gv, x->type, x->got_bits, x->got_val);
    tock__buf_printf(b,
                     "  first difference: segment %s index %s%s (flat %zu in segment, "
                     "%zu in case)",
                     x->seg, idx, dim_names(x->seg, x->ndims), x->flat_seg, x->flat_case);
    if (d->step >= 0) tock__buf_printf(b, ", step %d", d->step);
    tock__buf_printf(b, "\n  reference %s | build %s\n", rv, gv);
    if (x->ulp_valid)
        tock__buf_printf(b, "  ulp %+" PRId64 ", abs err %.3g, rel err %.3g, class %s\n", x->ulp,
                         x->abs_err, x->rel_err, tpar_cls_names[x->cls]);
    else
        tock__buf_printf(b, "  ulp n/a, abs err %.3g, class %s\n", x->abs_err,
                         tpar_cls_names[x->cls]);
    size_t j = x->inner_idx, L = x->inner_len;
    tock__buf_printf(b,
                     "  lane: mod4 %zu, mod8 %zu, mod16 %zu, mod64 %zu; tail (inner length "
                     "%zu): w4 %s, w8 %s, w16 %s, w64 %s\n",
                     j % 4, j % 8, j % 16, j % 64, L, j >= L / 4 * 4 ? "yes" : "no",
                     j >= L / 8 * 8 ? "yes" : "no", j >= L / 16 * 16 ? "yes" : "no",
                     j >= L / 64 * 64 ? "yes" : "no");
    tock__buf_printf(b, "  mismatches %zu of %zu elements (%.3g%%)", x->mismatches, x->total,
                     x->total ? 100.0 * (double)x->mismatches / (double)x->total : 0.0);
    if (x->has_max) {
        fmt_index(idx, sizeof idx, x->max_ndims, x->max_idx);
        tock__buf_printf(b, "; max |ulp| %" PRId64 " at %s %s",
                         x->max_ulp < 0 ? -x->max_ulp : x->max_ulp, x->max_seg, idx);
    }
    tock__buf_printf(b, "\n  classes:");
    for (int k = 0; k < TPAR_CLS_COUNT; k++)
        if (x->cls_count[k]) tock__buf_printf(b, " %s %zu", tpar_cls_names[k], x->cls_count[k]);
    tock__buf_printf(b, "\n");
}

static void json_num(tock__buf *b, double v) {
    if (isfinite(v))
        tock__buf_printf(b, "%.9g", v);
    else
        tock__buf_printf(b, "null");
}

void tpar_diagnosis_json(tock__buf *b, const tpar_diagnosis *d, const tpar_run *ref) {
    char vt[128];
    tpar_verdict_text(d->verdict, vt, sizeof vt);
    tock__buf_printf(b, "{\"case\": ");
    tock__json_escape(b, d->case_name);
    tock__buf_printf(b, ", \"group\": ");
    tock__json_escape(b, d->group);
    tock__buf_printf(b, ", \"step\": %d, \"build\": ", d->step);
    tock__json_escape(b, d->run->var->name);
    tock__buf_printf(b, ", \"threads\": %u, \"reference\": ", d->run->threads);
    tock__json_escape(b, ref ? ref->var->name : "");
    tock__buf_printf(b, ", \"differs_from\": ");
    tock__json_escape(b, vt);
    tock__buf_printf(b, ", \"also\": ");
    tock__json_escape(b, d->also.p ? d->also.p : "");
    tock__buf_printf(b, ", \"note\": ");
    tock__json_escape(b, d->note);
    const tpar_diff *x = &d->diff;
    if (d->kind == TPAR_DIAG_COMPARED && x->any && !x->layout_differs) {
        char idx[96], rv[64], gv[64];
        fmt_index(idx, sizeof idx, x->ndims, x->idx);
        fmt_bits(rv, sizeof rv, x->type, x->ref_bits, x->ref_val);
        fmt_bits(gv, sizeof gv, x->type, x->got_bits, x->got_val);
        tock__buf_printf(b, ", \"segment\": ");
        tock__json_escape(b, x->seg);
        tock__buf_printf(b,
                         ", \"index\": \"%s\", \"flat_in_segment\": %zu, \"flat_in_case\": %zu"
                         ", \"reference_value\": ",
                         idx, x->flat_seg, x->flat_case);
        tock__json_escape(b, rv);
        tock__buf_printf(b, ", \"build_value\": ");
        tock__json_escape(b, gv);
        if (x->ulp_valid)
            tock__buf_printf(b, ", \"ulp\": %" PRId64, x->ulp);
        else
            tock__buf_printf(b, ", \"ulp\": null");
        tock__buf_printf(b, ", \"abs_err\": ");
        json_num(b, x->abs_err);
        tock__buf_printf(b, ", \"rel_err\": ");
        json_num(b, x->rel_err);
        tock__buf_printf(b, ", \"class\": \"%s\", \"mismatches\": %zu, \"total\": %zu",
                         tpar_cls_names[x->cls], x->mismatches, x->total);
        size_t j = x->inner_idx, L = x->inner_len;
        tock__buf_printf(b,
                         ", \"lane\": {\"mod4\": %zu, \"mod8\": %zu, \"mod16\": %zu, \"mod64\": "
                         "%zu, \"inner_length\": %zu, \"tail_w4\": %s, \"tail_w8\": %s, "
                         "\"tail_w16\": %s, \"tail_w64\": %s}",
                         j % 4, j % 8, j % 16, j % 64, L, j >= L / 4 * 4 ? "true" : "false",
                         j >= L / 8 * 8 ? "true" : "false", j >= L / 16 * 16 ? "true" : "false",
                         j >= L / 64 * 64 ? "true" : "false");
        if (x->has_max) {
            fmt_index(idx, sizeof idx, x->max_ndims, x->max_idx);
            tock__buf_printf(b, ", \"max_ulp\": %" PRId64 ", \"max_ulp_at\": ", x->max_ulp);
            tock__json_escape(b, x->max_seg);
            tock__buf_printf(b, ", \"max_ulp_index\": \"%s\"", idx);
        }
    } else if (x->layout_differs) {
        tock__buf_printf(b, ", \"layout\": ");
        tock__json_escape(b, x->layout_note);
    }
    tock__buf_printf(b, "}");
}
