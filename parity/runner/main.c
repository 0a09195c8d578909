/* main.c: tock-parity, the bitwise parity matrix. It builds the kernel
 * library and tock-parity-cases once per variant, runs them at every thread
 * count, compares every case hash with the reference build, the committed
 * goldens and optionally another machine's hashes, explains mismatches down
 * to the element, and reports. It must never call a mismatch a pass: an
 * ISA that cannot run is reported as skipped, a build that cannot be built
 * is an error (exit 2), and goldens are only written when every build agrees.
 * Exit: 0 all identical, 1 any mismatch, 2 usage or build error. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "arch.h"
#include "compare.h"
#include "diagnose.h"
#include "golden.h"
#include "matrix.h"
#include "opts.h"
#include "proc.h"
#include "report.h"
#include "runs.h"
#include "sys.h"

/* The commit of the tree under test (not of this binary, which may be
 * older), with "+dirty" when tracked files differ from it: goldens and
 * reports say exactly which code they describe. */
static void source_commit(const tpar_opts *o, char *out, size_t cap) {
    char tmp[PATH_MAX + 32], *text;
    size_t len;
    tpar_fmt(out, cap, "unknown");
    if (tock__mkdirs(o->build) != 0) return;
    tpar_fmt(tmp, sizeof tmp, "%s/.tock-parity-git", o->build);
    char *head[] = {"git", "-C", (char *)o->source, "rev-parse", "--short=12", "HEAD", NULL};
    if (tpar_run_wait(head, tmp, "/dev/null", false) != 0 || tock__read_file(tmp, &text, &len) != 0)
        return;
    text[strcspn(text, "\r\n")] = '\0';
    if (text[0]) tpar_fmt(out, cap, "%s", text);
    free(text);
    char *st[] = {"git", "-C", (char *)o->source, "status", "--porcelain", "--untracked-files=no",
                  NULL};
    if (tpar_run_wait(st, tmp, "/dev/null", false) == 0 && tock__read_file(tmp, &text, &len) == 0) {
        if (len > 0 && strcmp(out, "unknown") != 0) {
            size_t n = strlen(out);
            tpar_fmt(out + n, cap - n, "+dirty");
        }
        free(text);
    }
    unlink(tmp);
}

static const char *mode_of(const tpar_opts *o, char *buf, size_t cap) {
    if (o->mutation)
        tpar_fmt(buf, cap, "mutation:%s%s", o->mutation, o->quick ? " (quick)" : "");
    else
        tpar_fmt(buf, cap, "%s", o->quick ? "quick" : "full");
    return buf;
}

static void command_line(int argc, char **argv, tock__buf *b) {
    for (int i = 0; i < argc; i++) tock__buf_printf(b, "%s%s", i ? " " : "", argv[i]);
}

/* The reference: scalar with the first compiler and -O level at the first
 * thread count; if that build is skipped (compiler missing), the first
 * scalar run that worked. */
static tpar_run *find_reference(tpar_run *runs, size_t nr, const tpar_opts *o) {
    for (size_t i = 0; i < nr; i++) {
        tpar_run *r = &runs[i];
        if (r->var->isa == HT_ISA_SCALAR && r->var->native && !r->var->mutation &&
            r->threads == o->threads[0] && strcmp(r->var->compiler, o->compilers[0]) == 0 &&
            r->var->opt == o->opts[0] && r->state == TR_OK)
            return r;
    }
    for (size_t i = 0; i < nr; i++)
        if (runs[i].var->isa == HT_ISA_SCALAR && runs[i].var->native && !runs[i].var->mutation &&
            runs[i].state == TR_OK)
            return &runs[i];
    return NULL;
}

static void cpu_text(char *out, size_t cap) {
    size_t len = 0;
    out[0] = '\0';
    for (int i = 0; i < HT_ISA_COUNT; i++)
        if (ht_isa_cpu_supports((ht_isa)i)) {
            int n = tpar_fmt(out + len, cap - len, "%s%s", len ? " " : "", ht_isa_name((ht_isa)i));
            if (n > 0 && (size_t)n < cap - len) len += (size_t)n;
        }
}

/* --emit -: the hashes go to the original standard output (this descriptor)
 * and the console to standard error. -1 otherwise. */
static int emit_fd = -1;

static int write_hashes(const char *path, const char *what, tpar_run *ref, tpar_run *runs,
                        size_t nr, const tpar_opts *o, const char *command, const char *commit,
                        bool agree) {
    const char *names[256];
    size_t nn = 0;
    for (size_t i = 0; i < nr && nn < 256; i++) {
        if (runs[i].state != TR_OK) continue;
        bool dup = false;
        for (size_t k = 0; k < nn; k++) dup |= strcmp(names[k], runs[i].var->name) == 0;
        if (!dup) names[nn++] = runs[i].var->name;
    }
    char cpu[96], err[PATH_MAX + 128];
    cpu_text(cpu, sizeof cpu);
    tpar_hash_meta m = {command, commit, names, nn, o->threads, o->n_threads, cpu, agree};
    if (strcmp(path, "-") == 0) {
        tock__buf b = {0};
        tpar_hashes_format(&b, &ref->cases, &m);
        tpar_xbuf(&b);
        int rc = tpar_write_fd(emit_fd, b.p, b.len);
        tock__buf_free(&b);
        if (rc != 0) {
            fprintf(stderr, "tock-parity: %s -: cannot write to standard output: %s\n", what,
                    strerror(errno));
            return -1;
        }
        printf("wrote %s: standard output (%zu cases)\n", what, ref->cases.n);
        return 0;
    }
    if (tpar_hashes_write(path, &ref->cases, &m, err, sizeof err) != 0) {
        fprintf(stderr, "tock-parity: %s: %s\n", what, err);
        return -1;
    }
    printf("wrote %s: %s (%zu cases)\n", what, path, ref->cases.n);
    return 0;
}

/* Every path the run writes, checked before anything is built or run (and
 * the directories created), so that a bad one costs nothing and no run ends
 * in a write that cannot succeed. */
static int check_outputs(const tpar_opts *o) {
    char err[PATH_MAX + 256];
    if (o->emit && tpar_check_output_file(o->emit, err, sizeof err) != 0) {
        fprintf(stderr, "tock-parity: --emit %s%s\n", err,
                strncmp(o->emit, "/dev/", 5) == 0 ? " (--emit - writes to standard output)" : "");
        return -1;
    }
    if (o->write_golden && tpar_check_output_file(o->golden, err, sizeof err) != 0) {
        fprintf(stderr, "tock-parity: --golden (--write-golden) %s\n", err);
        return -1;
    }
    if (tpar_check_output_dir(o->build, err, sizeof err) != 0) {
        fprintf(stderr, "tock-parity: --build-dir %s\n", err);
        return -1;
    }
    if (tpar_check_output_dir(o->results, err, sizeof err) != 0) {
        fprintf(stderr, "tock-parity: --results %s\n", err);
        return -1;
    }
    return 0;
}

int main(int argc, char **argv) {
    double t0 = tpar_now();
    tpar_opts o;
    int prc = tpar_opts_parse(&o, argc, argv);
    if (prc != 0) {
        tpar_opts_free(&o);
        return prc > 0 ? 0 : 2;
    }
    tock__buf command = {0};
    command_line(argc, argv, &command);
    tpar_xbuf(&command);
    char mode[64], commit[64];
    mode_of(&o, mode, sizeof mode);

    /* Hash files are read, and output paths checked, before anything is built
   * or run: a typo should cost nothing. */
    tpar_cases golden = {0}, against = {0};
    tpar_variant *vars = NULL;
    bool have_golden = false;
    char err[PATH_MAX + 256], golden_note[PATH_MAX + 128];
    if (o.write_golden) {
        tpar_fmt(golden_note, sizeof golden_note, "not compared (--write-golden writes %s)",
                 o.golden);
    } else if (o.no_golden) {
        tpar_fmt(golden_note, sizeof golden_note, "not compared (--no-golden)");
    } else if (access(o.golden, F_OK) != 0 && errno == ENOENT) {
        fprintf(stderr,
                "tock-parity: --golden %s: expected the committed goldens, found no such file "
                "(generate them with tock-parity --write-golden, or pass --no-golden)\n",
                o.golden);
        goto usage_error;
    } else if (tpar_hashes_read(o.golden, &golden, err, sizeof err) != 0) {
        fprintf(stderr, "tock-parity: --golden: %s\n", err);
        goto usage_error;
    } else {
        have_golden = true;
        tpar_fmt(golden_note, sizeof golden_note, "compared with %s (%zu cases)", o.golden,
                 golden.n);
    }
    if (o.against && tpar_hashes_read(o.against, &against, err, sizeof err) != 0) {
        fprintf(stderr, "tock-parity: --against: %s\n", err);
        goto usage_error;
    }
    if (check_outputs(&o) != 0) goto usage_error;
    if (o.emit && strcmp(o.emit, "-") == 0) {
        fflush(stdout);
        emit_fd = fcntl(STDOUT_FILENO, F_DUPFD_CLOEXEC, 3);
        if (emit_fd < 0 || dup2(STDERR_FILENO, STDOUT_FILENO) < 0) {
            fprintf(stderr, "tock-parity: --emit -: cannot keep standard output apart: %s\n",
                    strerror(errno));
            goto usage_error;
        }
    }
    source_commit(&o, commit, sizeof commit);

    size_t nv = tpar_matrix_variants(&o, &vars);
    printf("tock-parity (%s): %zu builds x %zu thread counts; source %s; builds in %s; "
           "%u jobs, %s; architectures",
           mode, nv, o.n_threads, o.source, o.build, o.jobs, o.generator);
    for (size_t i = 0; i < o.n_arches; i++)
        printf("%s %s", i ? "," : "", tpar_arch_get(o.arches[i])->name);
    printf("\n");
    if (o.mutation && vars[nv - 1].state == TV_SKIPPED) {
        printf("mutation %s cannot run: %s\n", o.mutation, vars[nv - 1].note);
        goto usage_error;
    }
    tpar_run *runs;
    size_t nr;
    tpar_matrix_execute(&o, vars, nv, &runs, &nr);

    tpar_run *ref = find_reference(runs, nr, &o);
    tpar_universe u;
    tpar_universe_build(&u, ref, have_golden ? &golden : NULL);
    tpar_compare(&u, runs, nr, ref, have_golden ? &golden : NULL, o.against ? &against : NULL);

    /* errors: failures that are not comparisons (report.h); each run that
   * could not be compared is one, a missing reference run one more. */
    size_t passed = 0, failed = 0, errors = !ref;
    bool build_errors = !ref;
    for (size_t i = 0; i < nv; i++) build_errors |= vars[i].state == TV_FAILED;
    for (size_t i = 0; i < nr; i++) {
        passed += runs[i].passed;
        failed += runs[i].failed;
        errors += runs[i].state == TR_FAILED;
    }
    /* An architecture that cannot be built here is skipped; named in --arch
     * (not "all") or with --strict it is an error. */
    for (size_t i = 0; i < nv; i++)
        if (vars[i].arch_missing && (o.arch_given || o.strict)) {
            fprintf(stderr, "tock-parity: --arch%s: %s\n", o.strict ? " (--strict)" : "",
                    vars[i].note);
            errors++;
        }
    build_errors |= errors > 0;
    if (!ref) fprintf(stderr, "tock-parity: no reference run: no scalar build ran successfully\n");

    tpar_diagnosis *diag = NULL;
    size_t nd = 0, left_out = 0;
    if (failed) left_out = tpar_diagnose(&o, &u, runs, nr, ref, &diag, &nd);

    int exit_code = build_errors ? 2 : failed ? 1 : 0;
    tpar_report rep = {.o = &o,
                       .mode = mode,
                       .command = command.p,
                       .commit = commit,
                       .vars = vars,
                       .nv = nv,
                       .runs = runs,
                       .nr = nr,
                       .ref = ref,
                       .u = &u,
                       .diag = diag,
                       .nd = nd,
                       .diag_left_out = left_out,
                       .golden_note = golden_note,
                       .passed = passed,
                       .failed = failed,
                       .errors = errors,
                       .exit_code = exit_code};
    rep.wall = tpar_now() - t0;
    tpar_report_console(&rep);

    bool agree = tpar_builds_agree(runs, nr, u.cases.n);
    if (o.write_golden) {
        if (build_errors) {
            printf("refusing to write %s: some builds or runs failed (see above)\n", o.golden);
            exit_code = 2;
        } else if (!agree) {
            printf("refusing to write %s: the builds disagree (see the mismatches above)\n",
                   o.golden);
            exit_code = 1;
            errors += failed == 0;
        } else if (write_hashes(o.golden, "--write-golden", ref, runs, nr, &o, command.p, commit,
                                agree) != 0) {
            exit_code = 2;
            errors++;
        }
    }
    if (o.emit && !ref) {
        fprintf(stderr, "tock-parity: --emit %s: not written: there is no reference run\n", o.emit);
    } else if (o.emit &&
               write_hashes(o.emit, "--emit", ref, runs, nr, &o, command.p, commit, agree) != 0) {
        exit_code = 2;
        errors++;
    }
    /* The closing line must never read as a success when the exit code is not
   * 0: whatever made it so counts as failed. */
    if (exit_code != 0 && failed + errors == 0) errors = 1;
    rep.exit_code = exit_code;
    rep.errors = errors;

    char dir[PATH_MAX + 64];
    if (tpar_report_files(&rep, dir, sizeof dir) == 0) {
        printf("report: %s/report.md\n", dir);
    } else {
        exit_code = exit_code ? exit_code : 2;
        errors++;
    }
    if (errors)
        printf("errors: %zu (runs that could not be compared, a missing reference run or outputs "
               "not written; see above), counted as failed below\n",
               errors);
    printf("%zu passed, %zu failed\n", passed, failed + errors);

    tpar_diagnoses_free(diag, nd);
    for (size_t i = 0; i < nr; i++) {
        tpar_cases_free(&runs[i].cases);
        free(runs[i].verdict);
    }
    free(runs);
    free(vars);
    tpar_universe_free(&u);
    tpar_cases_free(&golden);
    tpar_cases_free(&against);
    tock__buf_free(&command);
    tpar_opts_free(&o);
    return exit_code;

usage_error:
    free(vars);
    tpar_cases_free(&golden);
    tpar_cases_free(&against);
    tock__buf_free(&command);
    tpar_opts_free(&o);
    return 2;
}
