/* selftest.c: proof that tock-parity catches divergence. For one mutation
 * (core/src/mutations.h) it runs `tock-parity --quick --mutation NAME`,
 * which builds the deliberately broken variant next to the clean ones, and
 * then checks the JSON report: exit code 1, every clean run identical, the
 * mutated run failing in exactly the expected case groups and thread
 * counts, and a diagnosis that names the expected case, step, segment,
 * index, ULP distance and class. A checker that cannot fail is worthless,
 * so this test fails whenever the mutation slips through or is mislocated.
 * Exit: 0 pass, 1 fail, 2 usage, 77 skipped (the CPU lacks the ISA). */
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"
#include "matrix.h"
#include "proc.h"
#include "sys.h"

/* The checks' messages say what went wrong, so passes are only counted. */
#define CHECK_PRINT_PASSES 0
#include "check.h" /* tests/common/check.h */

typedef struct {
    const char *mutation;
    const char *build; /* the mutated variants that must fail (comma list) */
    /* The cross mutations: tock-parity's --arch, --isa and --vl (NULL: the
     * native architecture, every ISA, default lengths), and a mutated
     * variant that must pass at every thread count (NULL: none). */
    const char *arch, *isa, *vl, *passing_build;
    unsigned passing_threads; /* a thread count at which the mutated build must pass (0: none) */
    const char *fail_groups;  /* groups that must FAIL in the mutated, failing runs */
    const char *pass_groups;  /* groups that must stay ok everywhere */
    /* The diagnosis that must exist (case: exact name, or prefix ending in '.'). */
    const char *diag_case;
    const char *diag_segment; /* NULL: any */
    const char *diag_index;   /* NULL: any */
    long long diag_ulp;       /* exact signed ULP; 0: any nonzero, |ulp| <= diag_ulp_max */
    long long diag_ulp_max;
    long long diag_mismatches; /* -1: any */
    /* A diagnosis that locates the divergence in time (exact name or prefix;
     * NULL: the fault is in a kernel the trainer does not call). */
    const char *step_case;
} expectation;

/* dot feeds the trainer: its groups fail too; the rest must stay ok */
#define NEON_FMA_FAIL "kern,predict,confidence,observe"
#define NEON_FMA_PASS "scm,delta,features,record,causal"
#define NEON_FMA_STEP "predict.default."
/* sum is a kernel-level entry the trainer does not call: only kern fails */
#define SVE_VLSUM_FAIL "kern"
#define SVE_VLSUM_PASS "scm,delta,features,record,predict,confidence,observe,causal"
#define SVE_VLSUM_STEP NULL
/* excess precision reaches the scm kernels and the trainer's rollouts and
 * gradients; delta, features, record and the cold path do no float math
 * in the scalar table's entries that x87 rounds differently */
#define X87_FAIL "kern,scm,predict,observe"
#define X87_PASS "delta,features,record,confidence"
#define X87_STEP "predict.default."

static const expectation expectations[] = {
    /* ulp: AVX2 matvec_panels output 5 of panel 0 is 1 ULP larger. The raw
     * kernel case shows exactly that element; the rollout's first step fails. */
    {"ulp", "avx2-gcc-O2+ulp", NULL, NULL, NULL, NULL, 0, "kern,predict,observe",
     "scm,delta,features,record", "kern.matvec_panels.i1p1", "y", "[0, 5]", 1, 1, 1,
     "predict.default.step.01"},
    /* fma: the compiler fuses a*b+c in the AVX2 kernel file: one rounding
     * fewer, so the first kernel difference is a few ULP at most. */
    {"fma", "avx2-gcc-O2+fma", NULL, NULL, NULL, NULL, 0, "kern,predict,observe",
     "delta,features,record", "kern.", NULL, NULL, 0, 4, -1, "predict.default."},
    /* threads: dot's order depends on the trainer's thread count: the
     * 1-thread run must pass, every multi-thread run fails, and only in the
     * groups that run the trainer. */
    {"threads", "scalar-gcc-O2+threads", NULL, NULL, NULL, NULL, 1, "predict,observe,confidence",
     "kern,scm,delta,features,record", "predict.default.", NULL, NULL, 0, 64, -1,
     "predict.default.step."},
    /* hsum: SSE2 sum and dot use another horizontal tree: the raw kernels
     * differ by rounding from length 3 on; the trainer follows. */
    {"hsum", "sse2-gcc-O2+hsum", NULL, NULL, NULL, NULL, 0, "kern,predict,observe",
     "scm,delta,features,record", "kern.dot.sweep", "short[offset][n]", NULL, 0, 64, -1,
     "predict.default."},
    /* neon_fma: NEON dot accumulates with vfmaq_f32 (one rounding per
     * product and sum), emulated by qemu-aarch64. */
    {"neon_fma", "aarch64-neon-gcc-O2+neon_fma", "aarch64", "neon", NULL, NULL, 0, NEON_FMA_FAIL,
     NEON_FMA_PASS, "kern.dot.", NULL, NULL, 0, 64, -1, NEON_FMA_STEP},
    /* sve_vlsum: SVE sum reduces VL/32 lanes with FADDV's tree. Caught at
     * 128 and 256 bits; at 512 bits its 16 lanes and halving tree are the
     * contract's, so that build must pass: by design, the runner catches
     * it only because it varies the vector length. */
    {"sve_vlsum", "aarch64-sve128-gcc-O2+sve_vlsum,aarch64-sve256-gcc-O2+sve_vlsum", "aarch64",
     "sve", "128,256,512", "aarch64-sve512-gcc-O2+sve_vlsum", 0, SVE_VLSUM_FAIL, SVE_VLSUM_PASS,
     "kern.sum.sweep", "short[offset][n]", NULL, 0, 64, -1, SVE_VLSUM_STEP},
    /* x87: the i386 scalar table computed on the x87 unit (-mfpmath=387):
     * excess precision, one rounding fewer. */
    {"x87", "i386-scalar-gcc-O2+x87", "i386", "scalar", NULL, NULL, 0, X87_FAIL, X87_PASS, "kern.",
     NULL, NULL, 0, 64, -1, X87_STEP},
};

static bool in_list(const char *list, const char *item) {
    size_t n = strlen(item);
    for (const char *p = list; p && *p;) {
        const char *comma = strchr(p, ',');
        size_t len = comma ? (size_t)(comma - p) : strlen(p);
        if (len == n && strncmp(p, item, n) == 0) return true;
        p += len + (comma ? 1 : 0);
    }
    return false;
}

static bool name_matches(const char *name, const char *want) {
    size_t n = strlen(want);
    return want[n - 1] == '.' ? strncmp(name, want, n) == 0 : strcmp(name, want) == 0;
}

static double num(const tpar_json *o, const char *key, double dflt) {
    const tpar_json *v = tpar_json_get(o, key);
    return v && v->type == TJ_NUM ? v->num : dflt;
}

/* The newest report.json under dir (timestamped subdirectories sort). */
static int newest_report(const char *dir, char *out, size_t cap) {
    DIR *d = opendir(dir);
    if (!d) return -1;
    char best[256] = "";
    struct dirent *e;
    while ((e = readdir(d)) != NULL)
        if (e->d_name[0] != '.' && strcmp(e->d_name, best) > 0 && strlen(e->d_name) < sizeof best)
            snprintf(best, sizeof best, "%s", e->d_name);
    closedir(d);
    if (!best[0]) return -1;
    return tpar_fmt(out, cap, "%s/%s/report.json", dir, best) < (int)cap ? 0 : -1;
}

static void check_runs(const tpar_json *runs, const expectation *x) {
    size_t mutated = 0;
    for (size_t i = 0; i < runs->n; i++) {
        const tpar_json *r = &runs->items[i];
        const char *build = tpar_json_str(r, "build"), *status = tpar_json_str(r, "status");
        unsigned threads = (unsigned)num(r, "threads", 0);
        double failed = num(r, "failed", -1);
        const tpar_json *groups = tpar_json_get(r, "groups");
        if (!build || !status || !groups) {
            CHECK(0, "runs[%zu]: missing build, status or groups", i);
            continue;
        }
        CHECK(strcmp(status, "compared") == 0, "%s threads %u: expected status compared, found %s",
              build, threads, status);
        if (x->passing_build && strcmp(build, x->passing_build) == 0) {
            CHECK(failed == 0,
                  "%s threads %u: this vector length must not show the mutation (by design), "
                  "found %.0f failures",
                  build, threads, failed);
            printf("as designed, not caught: %s threads %u (0 failures)\n", build, threads);
            continue;
        }
        bool is_mut = in_list(x->build, build);
        if (!is_mut) {
            CHECK(failed == 0, "clean build %s threads %u: expected 0 failed, found %.0f", build,
                  threads, failed);
            continue;
        }
        mutated++;
        bool must_fail = threads != x->passing_threads;
        if (!must_fail) {
            CHECK(failed == 0,
                  "%s threads %u: the mutation must not show at this thread count, "
                  "found %.0f failures",
                  build, threads, failed);
            continue;
        }
        CHECK(failed > 0, "%s threads %u: the mutation was NOT detected (0 failures)", build,
              threads);
        for (size_t g = 0; g < groups->n; g++) {
            const char *gname = groups->keys[g], *cell = groups->items[g].str;
            if (!cell) continue;
            if (in_list(x->fail_groups, gname))
                CHECK(strcmp(cell, "FAIL") == 0, "%s threads %u: group %s expected FAIL, found %s",
                      build, threads, gname, cell);
            if (in_list(x->pass_groups, gname))
                CHECK(strcmp(cell, "ok") == 0, "%s threads %u: group %s expected ok, found %s",
                      build, threads, gname, cell);
        }
    }
    size_t want = 2;
    for (const char *p = x->build; (p = strchr(p, ',')) != NULL; p++) want += 2;
    CHECK(mutated >= want, "expected runs of %s at 2 thread counts, found %zu", x->build, mutated);
}

static void check_diagnoses(const tpar_json *diags, const expectation *x) {
    bool found = false, step_found = false;
    for (size_t i = 0; i < diags->n; i++) {
        const tpar_json *d = &diags->items[i];
        const char *c = tpar_json_str(d, "case"), *build = tpar_json_str(d, "build");
        if (!c || !build) continue;
        unsigned threads = (unsigned)num(d, "threads", 0);
        if (!in_list(x->build, build)) {
            CHECK(0, "diagnosis of a clean (or passing) build: %s in %s threads %u", c, build,
                  threads);
            continue;
        }
        CHECK(threads != x->passing_threads, "diagnosis at thread count %u, which must pass: %s",
              threads, c);
        if (x->step_case && name_matches(c, x->step_case) && num(d, "step", -1) >= 0) {
            step_found = true;
            printf("located in time: %s (step %.0f) in %s threads %u\n", c, num(d, "step", -1),
                   build, threads);
        }
        if (found || !name_matches(c, x->diag_case)) continue;
        const char *seg = tpar_json_str(d, "segment"), *idx = tpar_json_str(d, "index");
        const char *cls = tpar_json_str(d, "class");
        const tpar_json *ulp = tpar_json_get(d, "ulp");
        if (!seg || !idx || !cls || !ulp || ulp->type != TJ_NUM) continue;
        found = true;
        long long u = (long long)ulp->num;
        printf("diagnosed: %s segment %s index %s ulp %+lld class %s mismatches %.0f/%.0f "
               "(%s threads %u)\n",
               c, seg, idx, u, cls, num(d, "mismatches", -1), num(d, "total", -1), build, threads);
        CHECK(strcmp(cls, "value") == 0, "%s: expected class value, found %s", c, cls);
        if (x->diag_segment)
            CHECK(strcmp(seg, x->diag_segment) == 0, "%s: expected segment %s, found %s", c,
                  x->diag_segment, seg);
        if (x->diag_index)
            CHECK(strcmp(idx, x->diag_index) == 0, "%s: expected index %s, found %s", c,
                  x->diag_index, idx);
        if (x->diag_ulp)
            CHECK(u == x->diag_ulp, "%s: expected ulp %+lld, found %+lld", c, x->diag_ulp, u);
        else
            CHECK(u != 0 && llabs(u) <= x->diag_ulp_max,
                  "%s: expected 0 < |ulp| <= %lld, found %lld", c, x->diag_ulp_max, u);
        if (x->diag_mismatches >= 0)
            CHECK(num(d, "mismatches", -1) == (double)x->diag_mismatches,
                  "%s: expected %lld mismatching elements, found %.0f", c, x->diag_mismatches,
                  num(d, "mismatches", -1));
    }
    CHECK(found, "no diagnosis of %s%s with segment, index, ulp and class", x->diag_case,
          x->diag_case[strlen(x->diag_case) - 1] == '.' ? "*" : "");
    if (x->step_case)
        CHECK(step_found, "no diagnosis locates the divergence in time (%s%s)", x->step_case,
              x->step_case[strlen(x->step_case) - 1] == '.' ? "*" : "");
}

int main(int argc, char **argv) {
    const char *tp = NULL, *mutation = NULL, *source = NULL, *build = NULL, *results = NULL;
    for (int i = 1; i + 1 < argc; i += 2) {
        if (strcmp(argv[i], "--tock-parity") == 0)
            tp = argv[i + 1];
        else if (strcmp(argv[i], "--mutation") == 0)
            mutation = argv[i + 1];
        else if (strcmp(argv[i], "--source") == 0)
            source = argv[i + 1];
        else if (strcmp(argv[i], "--build-dir") == 0)
            build = argv[i + 1];
        else if (strcmp(argv[i], "--results") == 0)
            results = argv[i + 1];
    }
    const expectation *x = NULL;
    for (size_t i = 0; mutation && i < sizeof expectations / sizeof expectations[0]; i++)
        if (strcmp(expectations[i].mutation, mutation) == 0) x = &expectations[i];
    if (!tp || !x || !source || !build || !results) {
        fprintf(stderr, "usage: tock-parity-selftest --tock-parity EXE --mutation ulp|fma|threads|"
                        "hsum|neon_fma|sve_vlsum|x87 --source DIR --build-dir DIR --results DIR\n");
        return 2;
    }
    int isa = tpar_mutation_isa(mutation);
    if (!x->arch && (isa < 0 || !ht_isa_cpu_supports((ht_isa)isa))) {
        printf("SKIP: this CPU cannot run the %s build the %s mutation goes into\n",
               isa < 0 ? "?" : ht_isa_name((ht_isa)isa), mutation);
        return 77;
    }
    char rdir[PATH_MAX], log[PATH_MAX + 16];
    tpar_fmt(rdir, sizeof rdir, "%s/mutation-%s", results, mutation);
    tock__mkdirs(rdir);
    tpar_fmt(log, sizeof log, "%s.log", rdir);
    /* The native mutations stay on the native architecture; a cross one
     * runs on its own (its ISA only), plus the native reference. */
    char *args[24] = {(char *)tp,       "--quick",   "--no-golden",  "--mutation",
                      (char *)mutation, "--source",  (char *)source, "--build-dir",
                      (char *)build,    "--results", rdir,           "--arch"};
    size_t na = 12;
    args[na++] = x->arch ? (char *)x->arch : "x86_64";
    if (x->arch) {
        args[na++] = "--strict";
        args[na++] = "--isa";
        args[na++] = (char *)x->isa;
    }
    if (x->vl) {
        args[na++] = "--vl";
        args[na++] = (char *)x->vl;
    }
    args[na] = NULL;
    printf("running:");
    for (size_t i = 0; i < na; i++) printf(" %s", args[i]);
    printf("\n");
    fflush(stdout);
    int rc = tpar_run_wait(args, log, log, false);
    char *text;
    size_t len;
    if (tock__read_file(log, &text, &len) == 0) {
        fputs(text, stdout);
        free(text);
    }
    printf("\n---- checks (tock-parity exited with %d) ----\n", rc);
    if (x->arch && rc == 2 && tock__read_file(log, &text, &len) == 0) {
        /* The cross toolchain or qemu is missing (--strict): skipped, with
         * tock-parity's message naming the packages. */
        bool missing = strstr(text, "install the Debian packages") != NULL;
        free(text);
        if (missing) {
            printf("SKIP: %s cannot be built or run here (see above)\n", x->arch);
            return 77;
        }
    }
    CHECK(rc == 1, "expected tock-parity to exit 1 (mismatch), found %d", rc);
    if (rc == 0 && strcmp(mutation, "fma") != 0)
        printf("hint: the mutated build computed the same bits as the clean ones. Are the hooks of "
               "core/src/mutations.h wired (HT_MUTATE_TABLE in dispatch.c, "
               "HT_MUTATION_NOTE_THREADS in trainer.c)?\n");
    char report[PATH_MAX + 300];
    if (newest_report(rdir, report, sizeof report) != 0 ||
        tock__read_file(report, &text, &len) != 0) {
        check_fail(__FILE__, __LINE__, "no report.json under %s", rdir);
        return check_summary();
    }
    char err[256];
    tpar_json *root = tpar_json_parse(text, err, sizeof err);
    free(text);
    if (!root) {
        check_fail(__FILE__, __LINE__, "%s: %s", report, err);
        return check_summary();
    }
    const tpar_json *runs = tpar_json_get(root, "runs"), *diags = tpar_json_get(root, "diagnoses");
    if (!runs || runs->type != TJ_ARR || !diags || diags->type != TJ_ARR) {
        check_fail(__FILE__, __LINE__, "%s: expected arrays \"runs\" and \"diagnoses\"", report);
        tpar_json_free(root);
        return check_summary();
    }
    check_runs(runs, x);
    check_diagnoses(diags, x);
    tpar_json_free(root);
    printf("%s: mutation %s %s (%ld failed checks; report %s)\n", check__failed ? "FAIL" : "PASS",
           mutation, check__failed ? "was not caught as expected" : "caught and located",
           check__failed, report);
    return check_summary();
}
