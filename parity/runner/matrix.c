/* matrix.c: see matrix.h. Each variant is an ordinary configure of the whole
 * project with -DTOCK_ISA, -DCMAKE_C_COMPILER and -DTOCK_OPT_LEVEL, tests off,
 * and only the tock-parity-cases target built: the variant never builds
 * tock-parity itself, so the matrix cannot recurse. Jobs have a weight (the
 * cores they keep busy) and start first-fit while the weights fit --jobs. */
#define _POSIX_C_SOURCE 200809L
#include "matrix.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arch.h"
#include "proc.h"
#include "runs.h"
#include "sys.h"

typedef struct {
    const char *name;
    ht_isa isa;
    tpar_arch_id arch;
} mutation_def;

/* Which build each mutation goes into. ulp and fma: AVX2 (the common
 * production path); hsum: SSE2, so that a reordered horizontal sum in a
 * 4-lane path is shown to be caught; threads: scalar, whose 1-thread run
 * must still pass while its 2-thread run fails. The cross ones: neon_fma
 * and sve_vlsum in aarch64 builds (sve_vlsum at every --vl: caught at 128
 * and 256 bits, not at 512, where its order happens to be the contract's),
 * x87 in the i386 scalar build. */
static const mutation_def mutations[] = {
    {"ulp", HT_ISA_AVX2, TPAR_ARCH_X86_64},       {"fma", HT_ISA_AVX2, TPAR_ARCH_X86_64},
    {"threads", HT_ISA_SCALAR, TPAR_ARCH_X86_64}, {"hsum", HT_ISA_SSE2, TPAR_ARCH_X86_64},
    {"neon_fma", HT_ISA_NEON, TPAR_ARCH_AARCH64}, {"sve_vlsum", HT_ISA_SVE, TPAR_ARCH_AARCH64},
    {"x87", HT_ISA_SCALAR, TPAR_ARCH_I386}};

static const mutation_def *find_mutation(const char *m) {
    for (size_t i = 0; i < sizeof mutations / sizeof mutations[0]; i++)
        if (strcmp(m, mutations[i].name) == 0) return &mutations[i];
    return NULL;
}

int tpar_mutation_isa(const char *m) {
    const mutation_def *d = find_mutation(m);
    return d ? (int)d->isa : -1;
}

int tpar_mutation_arch(const char *m) {
    const mutation_def *d = find_mutation(m);
    return d ? (int)d->arch : -1;
}

const char *tpar_mutation_names(void) {
    return "ulp, fma, threads, hsum (x86-64), neon_fma, sve_vlsum (aarch64), x87 (i386)";
}

void tpar_runner_path(const tpar_variant *v, char *out, size_t cap) {
    tpar_fmt(out, cap, "%s/parity/tock-parity-cases", v->dir);
}

static void init_variant(tpar_variant *v, const tpar_opts *o, ht_isa isa, const char *cc, int opt,
                         const char *mutation) {
    memset(v, 0, sizeof *v);
    v->arch = tpar_arch_native();
    v->native = true;
    v->isa = isa;
    v->opt = opt;
    v->mutation = mutation;
    tpar_fmt(v->compiler, sizeof v->compiler, "%s", cc);
    const char *base = strrchr(cc, '/') ? strrchr(cc, '/') + 1 : cc;
    if (mutation) {
        tpar_fmt(v->name, sizeof v->name, "%s-%s-O%d+%s", ht_isa_name(isa), base, opt, mutation);
        tpar_fmt(v->dir, sizeof v->dir, "%s/mut-%s-%s-%s-O%d", o->build, mutation, ht_isa_name(isa),
                 base, opt);
    } else {
        tpar_fmt(v->name, sizeof v->name, "%s-%s-O%d", ht_isa_name(isa), base, opt);
        tpar_fmt(v->dir, sizeof v->dir, "%s/%s", o->build, v->name);
    }
    if (tpar_which(cc, v->cc, sizeof v->cc) != 0) {
        v->state = TV_SKIPPED;
        tpar_fmt(v->note, sizeof v->note, "compiler '%s' is not installed (not found in PATH)", cc);
    } else if (!ht_isa_cpu_supports(isa)) {
        v->state = TV_SKIPPED;
        tpar_fmt(v->note, sizeof v->note, "this CPU does not support %s (ht_isa_cpu_supports)",
                 ht_isa_name(isa));
    }
}

/* A cross variant: arch, ISA, vector length (0: none), compiler, -O level.
 * Variants that differ only in the vector length share one build (owner):
 * the length is the emulated CPU's, not the compiler's. */
static void init_cross(tpar_variant *v, const tpar_opts *o, tpar_arch_id a, ht_isa isa, unsigned vl,
                       const char *cc, int opt, const char *mutation, const tpar_variant *owner) {
    const tpar_arch *x = tpar_arch_get(a);
    memset(v, 0, sizeof *v);
    v->arch = a;
    v->isa = isa;
    v->vl = vl;
    v->opt = opt;
    v->mutation = mutation;
    v->owner = owner;
    tpar_fmt(v->compiler, sizeof v->compiler, "%s", cc);
    char vls[16] = "";
    if (vl) tpar_fmt(vls, sizeof vls, "%u", vl);
    tpar_fmt(v->name, sizeof v->name, "%s-%s%s-%s-O%d%s%s", x->name, ht_isa_name(isa), vls, cc, opt,
             mutation ? "+" : "", mutation ? mutation : "");
    tpar_fmt(v->dir, sizeof v->dir, "%s/%s%s-%s-%s-O%d", o->build, mutation ? "mut-" : "", x->name,
             ht_isa_name(isa), cc, opt);
    if (mutation) {
        size_t n = strlen(v->dir);
        tpar_fmt(v->dir + n, sizeof v->dir - n, "+%s", mutation);
    }
    tpar_arch_cpu(a, isa, vl, v->cpu, sizeof v->cpu);
    bool clang = strcmp(cc, "clang") == 0;
    tpar_fmt(v->toolchain, sizeof v->toolchain, "%s/cmake/toolchains/%s", o->source,
             clang ? x->clang_toolchain : x->gcc_toolchain);
    tpar_fmt(v->cc_var, sizeof v->cc_var, "%s", clang ? x->clang_var : x->gcc_var);
    char why[sizeof v->note];
    if (owner && owner->state == TV_SKIPPED) {
        v->state = TV_SKIPPED;
        tpar_fmt(v->note, sizeof v->note, "%s", owner->note);
    } else if (tpar_arch_compiler(a, cc, v->cc, sizeof v->cc, why, sizeof why) != 0) {
        v->state = TV_SKIPPED;
        tpar_fmt(v->note, sizeof v->note, "%s", why);
    } else if (x->qemu && tpar_arch_emulator(a, v->emu, sizeof v->emu) != 0) {
        v->state = TV_SKIPPED; /* tpar_arch_available said yes: only a race */
        tpar_fmt(v->note, sizeof v->note, "%s: the emulator %s is not installed", x->name, x->qemu);
    }
}

/* Whether the cross architecture a builds isa under --isa. */
static bool cross_wants(const tpar_opts *o, const tpar_arch *x, ht_isa isa) {
    bool in_arch = false;
    for (size_t k = 0; k < x->n_isas; k++) in_arch |= x->isas[k] == isa;
    if (!in_arch) return false;
    if (!o->isa_given) return true;
    for (size_t k = 0; k < o->n_isas; k++)
        if (o->isas[k] == isa) return isa != HT_ISA_SCALAR || !o->scalar_added;
    return false;
}

/* Appends a's variants (ISA x vector length, per compiler and -O level). */
static size_t cross_variants(const tpar_opts *o, tpar_arch_id a, tpar_variant *v, size_t n,
                             const char *mutation, ht_isa only_isa, size_t n_comp, size_t n_opts) {
    const tpar_arch *x = tpar_arch_get(a);
    for (size_t c = 0; c < n_comp; c++)
        for (size_t p = 0; p < n_opts; p++)
            for (size_t i = 0; i < x->n_isas; i++) {
                ht_isa isa = x->isas[i];
                if (mutation ? isa != only_isa : !cross_wants(o, x, isa)) continue;
                const char *cc = o->compilers[c];
                if (isa == HT_ISA_RVV && strcmp(cc, "clang") != 0) {
                    /* GCC 12 has no RVV intrinsics: rvv is built by clang, once
                     * per -O level (here, unless the list has clang too). */
                    bool listed = false;
                    for (size_t k = 0; k < o->n_compilers; k++)
                        listed |= strcmp(o->compilers[k], "clang") == 0;
                    if (listed || c > 0) continue;
                    cc = "clang";
                }
                if ((int)isa != x->vl_isa) {
                    init_cross(&v[n++], o, a, isa, 0, cc, o->opts[p], mutation, NULL);
                    continue;
                }
                size_t first = n;
                for (size_t l = 0; l < o->n_vls; l++, n++)
                    init_cross(&v[n], o, a, isa, o->vls[l], cc, o->opts[p], mutation,
                               l ? &v[first] : NULL);
            }
    return n;
}

/* One skipped entry for an architecture that cannot be built here. */
static void init_missing(tpar_variant *v, tpar_arch_id a, const char *why) {
    memset(v, 0, sizeof *v);
    v->arch = a;
    v->arch_missing = true;
    v->state = TV_SKIPPED;
    tpar_fmt(v->name, sizeof v->name, "%s (all)", tpar_arch_get(a)->name);
    tpar_fmt(v->compiler, sizeof v->compiler, "-");
    tpar_fmt(v->note, sizeof v->note, "%s", why);
}

size_t tpar_matrix_variants(const tpar_opts *o, tpar_variant **out) {
    size_t per_arch = o->n_compilers * o->n_opts * (4 + o->n_vls);
    size_t cap = o->n_compilers * o->n_opts * o->n_isas + o->n_arches * per_arch + o->n_vls + 2,
           n = 0;
    tpar_variant *v = tpar_xmalloc(cap * sizeof *v);
    for (size_t c = 0; c < o->n_compilers; c++)
        for (size_t p = 0; p < o->n_opts; p++)
            for (size_t i = 0; i < o->n_isas; i++)
                if (ht_isa_compiled(o->isas[i])) /* the others are the cross architectures' */
                    init_variant(&v[n++], o, o->isas[i], o->compilers[c], o->opts[p], NULL);
    char why[512];
    bool mut_arch_ok = true;
    for (size_t k = 0; k < o->n_arches; k++) {
        tpar_arch_id a = o->arches[k];
        if (a == tpar_arch_native()) continue;
        if (!tpar_arch_available(a, why, sizeof why)) {
            init_missing(&v[n++], a, why);
            if (o->mutation && tpar_mutation_arch(o->mutation) == (int)a) mut_arch_ok = false;
            continue;
        }
        n = cross_variants(o, a, v, n, NULL, HT_ISA_SCALAR, o->n_compilers, o->n_opts);
    }
    if (o->mutation) {
        int a = tpar_mutation_arch(o->mutation);
        ht_isa isa = (ht_isa)tpar_mutation_isa(o->mutation);
        if (a == (int)tpar_arch_native())
            init_variant(&v[n++], o, isa, o->compilers[0], o->opts[0], o->mutation);
        else if (!mut_arch_ok || !tpar_arch_available((tpar_arch_id)a, why, sizeof why))
            init_missing(&v[n++], (tpar_arch_id)a, why);
        else
            n = cross_variants(o, (tpar_arch_id)a, v, n, o->mutation, isa, 1, 1);
    }
    *out = v;
    return n;
}

/* ---- the job scheduler ---- */

typedef enum { JOB_CONFIGURE, JOB_BUILD, JOB_RUN } job_kind;

typedef struct {
    job_kind kind;
    tpar_variant *var;
    tpar_run *run;
    pid_t pid;
    unsigned weight;
    double start, deadline;
} job;

typedef struct {
    const tpar_opts *o;
    job *queue;
    size_t nq, capq;
    job running[64];
    size_t nrun;
    unsigned used;
    tpar_run *runs;
    size_t nruns, capruns;
    size_t builds_left;
    double t0;
    tpar_variant *vars; /* to find the variants sharing a finished build */
    size_t nv;
} sched;

static void enqueue(sched *s, job j) {
    if (s->nq == s->capq) {
        s->capq = s->capq ? s->capq * 2 : 64;
        s->queue = tpar_xrealloc(s->queue, s->capq * sizeof *s->queue);
    }
    s->queue[s->nq++] = j;
}

static void log_path(const tpar_variant *v, char *out, size_t cap) {
    tpar_fmt(out, cap, "%s/tock-parity-build.log", v->dir);
}

static void tail_of_log(const tpar_variant *v, char *out, size_t cap) {
    char path[PATH_MAX], *data;
    size_t len;
    log_path(v, path, sizeof path);
    out[0] = '\0';
    if (tock__read_file(path, &data, &len) != 0) return;
    size_t start = len, lines = 0;
    while (start > 0 && lines < 8) {
        start--;
        if (data[start] == '\n' && start + 1 < len) lines++;
    }
    tpar_fmt(out, cap, "%s", data + start + (start > 0));
    free(data);
}

/* The generator an existing build directory was configured with (cmake
 * refuses to switch), else the preferred one. */
static void generator_for(const tpar_opts *o, const tpar_variant *v, char *out, size_t cap) {
    char path[PATH_MAX], *data;
    size_t len;
    tpar_fmt(out, cap, "%s", o->generator);
    tpar_fmt(path, sizeof path, "%s/CMakeCache.txt", v->dir);
    if (tock__read_file(path, &data, &len) != 0) return;
    const char *key = "CMAKE_GENERATOR:INTERNAL=";
    char *p = strstr(data, key);
    if (p) {
        p += strlen(key);
        size_t n = strcspn(p, "\r\n");
        if (n < cap) tpar_fmt(out, cap, "%.*s", (int)n, p);
    }
    free(data);
}

static pid_t start_configure(sched *s, tpar_variant *v) {
    const tpar_opts *o = s->o;
    char gen[64], a_cc[PATH_MAX + 32], a_isa[64], a_opt[64], a_mut[96], a_launch[PATH_MAX + 64];
    generator_for(o, v, gen, sizeof gen);
    tpar_fmt(a_cc, sizeof a_cc, "-DCMAKE_C_COMPILER=%s", v->cc);
    tpar_fmt(a_isa, sizeof a_isa, "-DTOCK_ISA=%s", ht_isa_name(v->isa));
    tpar_fmt(a_opt, sizeof a_opt, "-DTOCK_OPT_LEVEL=%d", v->opt);
    tpar_fmt(a_mut, sizeof a_mut, "-DTOCK_MUTATION=%s", v->mutation ? v->mutation : "none");
    /* The fma mutation lets the compiler contract a*b+c in the AVX2 kernel
   * file: a launcher appends -mfma -ffp-contract=fast to that one compile
   * (after the project's -ffp-contract=off, so it wins). Every other build
   * clears the launcher in case the directory was mutated before. */
    if (v->mutation && strcmp(v->mutation, "fma") == 0)
        tpar_fmt(a_launch, sizeof a_launch,
                 "-DCMAKE_C_COMPILER_LAUNCHER=/bin/sh;%s/parity/mutation/fma-cc.sh", o->source);
    else
        tpar_fmt(a_launch, sizeof a_launch, "-DCMAKE_C_COMPILER_LAUNCHER=");
    /* A cross build: the toolchain file picks the target, and its cache
     * variable (cc_var) the compiler tpar_arch_compiler resolved. */
    char a_tc[PATH_MAX + 32];
    if (!v->native) {
        tpar_fmt(a_tc, sizeof a_tc, "-DCMAKE_TOOLCHAIN_FILE=%s", v->toolchain);
        tpar_fmt(a_cc, sizeof a_cc, "-D%s=%s", v->cc_var, v->cc);
    }
    char *argv[] = {"cmake",
                    "-S",
                    (char *)o->source,
                    "-B",
                    v->dir,
                    "-G",
                    gen,
                    "-DCMAKE_BUILD_TYPE=Release",
                    a_cc,
                    a_isa,
                    a_opt,
                    "-DTOCK_BUILD_TESTS=OFF",
                    "-DTOCK_BUILD_PARITY=ON",
                    "-DTOCK_SANITIZE_ADDRESS=OFF",
                    "-DTOCK_SANITIZE_THREAD=OFF",
                    a_mut,
                    a_launch,
                    v->native ? NULL : a_tc,
                    v->native ? NULL : "-DTOCK_INSTALL=OFF",
                    NULL};
    char log[PATH_MAX];
    log_path(v, log, sizeof log);
    return tpar_spawn(argv, log, log, false);
}

static pid_t start_build(const tpar_variant *v, unsigned jobs) {
    char j[16], log[PATH_MAX];
    tpar_fmt(j, sizeof j, "%u", jobs);
    char *argv[] = {"cmake", "--build", (char *)v->dir, "--target", "tock-parity-cases", "-j",
                    j,       NULL};
    log_path(v, log, sizeof log);
    return tpar_spawn(argv, log, log, true);
}

/* argv of the case runner of v: under its emulator (qemu-user with the
 * target's C library and the variant's CPU) when it has one. args ends
 * with NULL; out has room for args plus 6. */
static void runner_argv(const tpar_variant *v, char *runner, char *lib, char *const args[],
                        char **out) {
    size_t n = 0;
    if (v->emu[0]) {
        out[n++] = (char *)v->emu;
        out[n++] = "-L";
        tpar_fmt(lib, PATH_MAX, "/usr/%s", tpar_arch_get(v->arch)->triple);
        out[n++] = lib;
        if (v->cpu[0]) {
            out[n++] = "-cpu";
            out[n++] = (char *)v->cpu;
        }
    }
    out[n++] = runner;
    for (size_t i = 0; args[i]; i++) out[n++] = args[i];
    out[n] = NULL;
}

static pid_t start_run(tpar_run *r) {
    char runner[PATH_MAX], t[16], dir[PATH_MAX], lib[PATH_MAX];
    tpar_runner_path(r->var, runner, sizeof runner);
    tpar_fmt(t, sizeof t, "%u", r->threads);
    /* Variants sharing a build (vector lengths) keep their runs apart. */
    if (r->var->vl)
        tpar_fmt(dir, sizeof dir, "%s/runs-vl%u", r->var->dir, r->var->vl);
    else
        tpar_fmt(dir, sizeof dir, "%s/runs", r->var->dir);
    tock__mkdirs(dir);
    tpar_fmt(r->out_path, sizeof r->out_path, "%s/t%u.out", dir, r->threads);
    tpar_fmt(r->err_path, sizeof r->err_path, "%s/t%u.err", dir, r->threads);
    char *args[] = {"--threads", t, NULL}, *argv[16];
    runner_argv(r->var, runner, lib, args, argv);
    return tpar_spawn(argv, r->out_path, r->err_path, false);
}

static tpar_run *new_run(sched *s, tpar_variant *v, unsigned threads) {
    if (s->nruns == s->capruns) {
        /* Runs are referenced by pointer from queued jobs: reserve up front. */
        fprintf(stderr, "tock-parity: internal error: run table full\n");
        exit(2);
    }
    tpar_run *r = &s->runs[s->nruns++];
    memset(r, 0, sizeof *r);
    r->var = v;
    r->threads = threads;
    return r;
}

static void enqueue_runs(sched *s, tpar_variant *v) {
    /* A missing architecture is one row, not one per thread count. */
    size_t nt = v->arch_missing ? 1 : s->o->n_threads;
    for (size_t t = 0; t < nt; t++) {
        tpar_run *r = new_run(s, v, s->o->threads[t]);
        if (v->state != TV_BUILT) {
            r->state = v->state == TV_SKIPPED ? TR_SKIPPED : TR_FAILED;
            tpar_fmt(r->note, sizeof r->note, "%s", v->note);
            continue;
        }
        unsigned w = r->threads < s->o->jobs ? r->threads : s->o->jobs;
        job j = {JOB_RUN, v, r, 0, w, 0, 0};
        enqueue(s, j);
    }
}

static bool try_start(sched *s, size_t qi) {
    job j = s->queue[qi];
    if (j.kind == JOB_CONFIGURE) {
        /* Spread the cores over the builds still to come; the last ones get
     * several cores each. */
        size_t left = s->builds_left ? s->builds_left : 1;
        unsigned per = s->o->jobs / (unsigned)(left < s->o->jobs ? left : s->o->jobs);
        j.weight = per ? per : 1;
    }
    if (s->nrun > 0 && s->used + j.weight > s->o->jobs) return false;
    if (s->nrun == sizeof s->running / sizeof s->running[0]) return false;
    if (j.kind == JOB_CONFIGURE) {
        if (tock__mkdirs(j.var->dir) != 0) {
            j.var->state = TV_FAILED;
            tpar_fmt(j.var->note, sizeof j.var->note, "%s: cannot create the build directory",
                     j.var->dir);
            s->builds_left--;
            enqueue_runs(s, j.var);
            memmove(&s->queue[qi], &s->queue[qi + 1], (s->nq - qi - 1) * sizeof *s->queue);
            s->nq--;
            return true;
        }
        j.start = tpar_now();
        j.pid = start_configure(s, j.var);
        j.deadline = j.start + s->o->build_timeout;
    } else {
        j.start = tpar_now();
        j.pid = start_run(j.run);
        j.deadline = j.start + s->o->run_timeout;
    }
    memmove(&s->queue[qi], &s->queue[qi + 1], (s->nq - qi - 1) * sizeof *s->queue);
    s->nq--;
    if (j.pid < 0) {
        if (j.kind == JOB_RUN) {
            j.run->state = TR_FAILED;
            tpar_fmt(j.run->note, sizeof j.run->note, "cannot start the case runner");
        } else {
            j.var->state = TV_FAILED;
            tpar_fmt(j.var->note, sizeof j.var->note, "cannot start cmake (is it installed?)");
            s->builds_left--;
            enqueue_runs(s, j.var);
        }
        return true;
    }
    s->running[s->nrun++] = j;
    s->used += j.weight;
    return true;
}

static void finish_job(sched *s, job *j, int code, bool timed_out) {
    double now = tpar_now();
    if (j->kind == JOB_RUN) {
        tpar_run *r = j->run;
        r->seconds = now - j->start;
        if (timed_out) {
            r->state = TR_FAILED;
            tpar_fmt(r->note, sizeof r->note, "case runner timed out after %.0f s (--run-timeout)",
                     s->o->run_timeout);
        } else {
            tpar_run_parse(r, code);
        }
        if (r->state == TR_FAILED)
            printf("[%6.1fs] run %s threads %u FAILED: %s\n", now - s->t0, r->var->name, r->threads,
                   r->note);
        return;
    }
    tpar_variant *v = j->var;
    char tail[1024];
    if (timed_out || code != 0) {
        tail_of_log(v, tail, sizeof tail);
        v->state = TV_FAILED;
        char log[PATH_MAX];
        log_path(v, log, sizeof log);
        tpar_fmt(v->note, sizeof v->note, "%s %s (exit %d); log %s; last lines:\n%s",
                 j->kind == JOB_CONFIGURE ? "configure" : "build",
                 timed_out ? "timed out" : "failed", code, log, tail);
    } else if (j->kind == JOB_CONFIGURE) {
        job b = *j;
        b.kind = JOB_BUILD;
        b.pid = start_build(v, j->weight);
        if (b.pid > 0) {
            /* The build inherits the configure's slot and weight. */
            s->running[s->nrun++] = b;
            s->used += b.weight;
            return;
        }
        v->state = TV_FAILED;
        tpar_fmt(v->note, sizeof v->note, "cannot start cmake --build");
    } else {
        char runner[PATH_MAX];
        tpar_runner_path(v, runner, sizeof runner);
        if (tock__is_file(runner)) {
            v->state = TV_BUILT;
        } else {
            v->state = TV_FAILED;
            tpar_fmt(v->note, sizeof v->note, "build succeeded but %s does not exist", runner);
        }
    }
    v->seconds += now - j->start;
    s->builds_left--;
    if (v->state == TV_BUILT)
        printf("[%6.1fs] built %-24s (%.1f s)\n", now - s->t0, v->name, now - j->start);
    else
        printf("[%6.1fs] build %s FAILED: %s\n", now - s->t0, v->name, v->note);
    fflush(stdout);
    enqueue_runs(s, v);
    /* The other vector lengths of this build run what it built. */
    for (size_t i = 0; i < s->nv; i++) {
        tpar_variant *d = &s->vars[i];
        if (d->owner != v || d->state != TV_PENDING) continue;
        d->state = v->state;
        d->seconds = v->seconds;
        tpar_fmt(d->note, sizeof d->note, "%s", v->note);
        enqueue_runs(s, d);
    }
}

static size_t run_key(const tpar_opts *o, const tpar_variant *v, const tpar_run *r) {
    size_t t = 0;
    while (t < o->n_threads && o->threads[t] != r->threads) t++;
    return (size_t)(r->var - v) * (TPAR_MAX_LIST + 1) + t;
}

void tpar_matrix_execute(const tpar_opts *o, tpar_variant *v, size_t nv, tpar_run **runs,
                         size_t *nr) {
    sched s;
    memset(&s, 0, sizeof s);
    s.o = o;
    s.t0 = tpar_now();
    s.capruns = nv * o->n_threads;
    s.runs = tpar_xmalloc((s.capruns ? s.capruns : 1) * sizeof *s.runs);
    s.vars = v;
    s.nv = nv;
    for (size_t i = 0; i < nv; i++) {
        if (v[i].state == TV_SKIPPED) {
            printf("[%6.1fs] skip  %-24s %s\n", 0.0, v[i].name, v[i].note);
            enqueue_runs(&s, &v[i]);
            continue;
        }
        if (v[i].owner) continue; /* runs once its owner is built */
        job j = {JOB_CONFIGURE, &v[i], NULL, 0, 1, 0, 0};
        enqueue(&s, j);
        s.builds_left++;
    }
    fflush(stdout);
    while (s.nq > 0 || s.nrun > 0) {
        for (size_t qi = 0; qi < s.nq;) {
            if (!try_start(&s, qi)) qi++;
        }
        double now = tpar_now(), wait = 1.0;
        for (size_t i = 0; i < s.nrun; i++)
            if (s.running[i].deadline - now < wait) wait = s.running[i].deadline - now;
        int code = 0;
        pid_t pid = tpar_wait_any(&code, wait > 0 ? wait : 0);
        for (size_t i = 0; pid > 0 && i < s.nrun; i++) {
            if (s.running[i].pid != pid) continue;
            job j = s.running[i];
            s.running[i] = s.running[--s.nrun];
            s.used -= j.weight;
            finish_job(&s, &j, code, false);
            break;
        }
        now = tpar_now();
        for (size_t i = 0; i < s.nrun;) {
            if (now <= s.running[i].deadline) {
                i++;
                continue;
            }
            job j = s.running[i];
            tpar_kill(j.pid);
            tpar_reap(j.pid);
            s.running[i] = s.running[--s.nrun];
            s.used -= j.weight;
            finish_job(&s, &j, 137, true);
        }
    }
    free(s.queue);
    /* Runs finish in any order; report them in matrix order (variants as
   * listed, the reference first; thread counts as given). */
    for (size_t i = 1; i < s.nruns; i++) {
        tpar_run x = s.runs[i];
        size_t j = i;
        while (j > 0 && run_key(o, v, &s.runs[j - 1]) > run_key(o, v, &x)) {
            s.runs[j] = s.runs[j - 1];
            j--;
        }
        s.runs[j] = x;
    }
    *runs = s.runs;
    *nr = s.nruns;
}

int tpar_matrix_dump(const tpar_opts *o, const tpar_variant *v, unsigned threads,
                     const char *case_name, const char *out_path, char *err, size_t cap) {
    (void)o;
    char runner[PATH_MAX], t[16], log[PATH_MAX + 8], lib[PATH_MAX];
    tpar_runner_path(v, runner, sizeof runner);
    tpar_fmt(t, sizeof t, "%u", threads);
    tpar_fmt(log, sizeof log, "%s.log", out_path);
    /* Under the same emulator and CPU as the run: the dump is written by the
     * emulated program straight into this file system and read back here. */
    char *args[] = {
        "--threads",      t,   "--only", (char *)case_name, "--dump", (char *)case_name, "--out",
        (char *)out_path, NULL};
    char *argv[20];
    runner_argv(v, runner, lib, args, argv);
    int rc = tpar_run_wait(argv, log, log, false);
    if (rc != 0) {
        tpar_fmt(err, cap, "%s --dump %s exited with %d (log %s)", runner, case_name, rc, log);
        return -1;
    }
    return 0;
}
