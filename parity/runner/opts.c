/* opts.c: see opts.h. Lists are comma-separated; --quick only fills the
 * lists that were not given explicitly. */
#define _POSIX_C_SOURCE 200809L
#include "opts.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "arch.h"
#include "matrix.h"
#include "sys.h"

#ifndef TOCK_PARITY_SOURCE_DIR
#define TOCK_PARITY_SOURCE_DIR "."
#endif

/* The ISA names of HT_ISA_LIST (ht_isa.h) in order, joined by sep, with last
 * before the final one: ("," ",") gives "scalar,sse2,avx2,avx512". */
static const char *isa_names(char *out, size_t cap, const char *sep, const char *last) {
    size_t len = 0;
    out[0] = '\0';
    for (int i = 0; i < HT_ISA_COUNT && len < cap; i++) {
        const char *s = i == 0 ? "" : i + 1 == HT_ISA_COUNT ? last : sep;
        int n = tpar_fmt(out + len, cap - len, "%s%s", s, ht_isa_name((ht_isa)i));
        len += n > 0 ? (size_t)n : 0;
    }
    return out;
}

void tpar_opts_usage(FILE *f) {
    fputs("usage: tock-parity [options]\n"
          "Builds the core library and the case runner once per variant (ISA x compiler x\n"
          "optimisation level), runs every variant at every thread count, and compares every\n"
          "case's XXH3-128 hash with the reference build (scalar, first compiler, first -O\n"
          "level, first thread count), with the goldens and with --against.\n"
          "\n"
          "  --source DIR         project root (default: " TOCK_PARITY_SOURCE_DIR ")\n"
          "  --build-dir DIR      variant builds (default: <source>/build/parity)\n"
          "  --results DIR        reports (default: <source>/results/parity)\n"
          "  --golden FILE        goldens (default: <source>/parity/golden.json)\n",
          f);
    char isas[128];
    fprintf(f,
            "  --isa LIST           %s (default: every one this\n"
            "                       architecture builds; scalar is always\n"
            "                       added: the reference is scalar at 1 thread)\n",
            isa_names(isas, sizeof isas, ",", ","));
    fputs("  --arch LIST          architectures: x86_64, aarch64, riscv64, i386, or all\n"
          "                       (default: the native one plus every one whose cross\n"
          "                       compiler, C library and qemu-user are installed; the\n"
          "                       native one is always added: it holds the reference).\n"
          "                       A missing one is reported as skipped with the Debian\n"
          "                       packages to install; named in LIST (not all), or with\n"
          "                       --strict, it is an error (exit 2)\n"
          "  --strict             a skipped architecture is an error (exit 2)\n"
          "  --vl LIST            SVE and RVV vector lengths in bits, powers of two\n"
          "                       128..2048 (default 128,256,512)\n"
          "  --compilers LIST     default gcc,clang (cross: the target's gcc, and clang\n"
          "                       >= 17 with --target; rvv is built by clang only)\n"
          "  --opt LIST           optimisation levels 0..3, default 2,3\n"
          "  --threads LIST       thread counts 1..64, default 1,2,3,4,8 (1 is always added)\n"
          "  --quick              gcc, -O2, threads 1,2 (lists given explicitly win)\n"
          "  --jobs N             concurrent cores to use, 1..64 (default: online CPUs)\n"
          "  --write-golden       write the goldens from this run; refused unless every\n"
          "                       build agrees bit for bit\n"
          "  --no-golden          do not compare with the goldens\n"
          "  --emit FILE          write this machine's hashes (golden format); - writes them\n"
          "                       to standard output and the console to standard error\n"
          "  --against FILE       also compare with hashes from another machine (a regular\n"
          "                       file of at most 16 MiB)\n"
          "  --mutation NAME      also build a deliberately broken variant (ulp, fma,\n"
          "                       threads, hsum; neon_fma, sve_vlsum for aarch64; x87 for\n"
          "                       i386); it must be caught (exit 1)\n"
          "  --max-diagnoses N    mismatches explained in detail, 0..10000 (default 24)\n"
          "  --build-timeout S    per configure+build, 1..86400 seconds (default 900)\n"
          "  --run-timeout S      per case-runner run, 1..86400 seconds (default 600)\n"
          "Output paths (--emit, --golden with --write-golden, --results, --build-dir) are\n"
          "checked before anything is built; a file that exists and is not a regular file\n"
          "(a symbolic link, FIFO, directory or device) is never replaced.\n"
          "exit: 0 every comparison identical, 1 any mismatch, 2 usage or build error; the\n"
          "last line, \"N passed, N failed\", counts errors as failed\n",
          f);
}

_Static_assert(TPAR_INPUT_MAX == (size_t)16 << 20, "the usage text says 16 MiB");

static int err_flag(const char *flag, const char *expected, const char *found) {
    fprintf(stderr, "tock-parity: %s: expected %s, found '%s'\n", flag, expected, found);
    return -1;
}

/* Numbers go through the shared strict parsers (no sign, blanks, octal,
 * nan or inf; the whole text must be the number). */
static int parse_whole(const char *flag, const char *v, unsigned lo, unsigned hi, unsigned *out) {
    uint64_t x;
    if (tock__parse_u64(v, lo, hi, &x) != 0) {
        char want[96];
        tpar_fmt(want, sizeof want, "a whole number %u..%u", lo, hi);
        return err_flag(flag, want, v);
    }
    *out = (unsigned)x;
    return 0;
}

static int parse_seconds(const char *flag, const char *v, double lo, double hi, double *out) {
    if (tock__parse_f64(v, lo, 0, hi, 0, out) != 0) {
        char want[96];
        tpar_fmt(want, sizeof want, "a number of seconds %g..%g", lo, hi);
        return err_flag(flag, want, v);
    }
    return 0;
}

/* Splits a comma list into items pointing into a copy that o owns. Returns
 * cap + 1 when there are more than cap items. */
static size_t split(tpar_opts *o, const char *v, char **items, size_t cap) {
    char *copy = tpar_xstrdup(v), *save = NULL;
    if (o->n_owned < sizeof o->owned / sizeof o->owned[0]) o->owned[o->n_owned++] = copy;
    size_t n = 0;
    for (char *t = strtok_r(copy, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
        if (n == cap) return cap + 1;
        items[n++] = t;
    }
    return n;
}

void tpar_opts_free(tpar_opts *o) {
    for (size_t i = 0; i < o->n_owned; i++) free(o->owned[i]);
    o->n_owned = 0;
}

static int set_path(const char *flag, const char *v, char *out) {
    if (!*v) return err_flag(flag, "a path", v);
    if (tpar_abspath(v, out, PATH_MAX) != 0) return err_flag(flag, "a shorter path", v);
    return 0;
}

int tpar_opts_parse(tpar_opts *o, int argc, char **argv) {
    memset(o, 0, sizeof *o);
    const char *source = TOCK_PARITY_SOURCE_DIR;
    const char *build = NULL, *results = NULL, *golden = NULL;
    long cpus = sysconf(_SC_NPROCESSORS_ONLN);
    o->jobs = cpus > 0 ? (unsigned)cpus : 1;
    o->max_diag = 24;
    o->build_timeout = 900;
    o->run_timeout = 600;
    bool have_isa = false, have_cc = false, have_opt = false, have_thr = false;
    bool have_arch = false, have_vl = false;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            tpar_opts_usage(stdout);
            return 1;
        }
        if (strcmp(a, "--quick") == 0) {
            o->quick = true;
            continue;
        }
        if (strcmp(a, "--write-golden") == 0) {
            o->write_golden = true;
            continue;
        }
        if (strcmp(a, "--no-golden") == 0) {
            o->no_golden = true;
            continue;
        }
        if (strcmp(a, "--strict") == 0) {
            o->strict = true;
            continue;
        }
        bool known = false;
        static const char *const valued[] = {
            "--source",    "--build-dir", "--results",       "--golden",        "--isa",
            "--compilers", "--opt",       "--threads",       "--jobs",          "--emit",
            "--against",   "--mutation",  "--max-diagnoses", "--build-timeout", "--run-timeout",
            "--arch",      "--vl"};
        for (size_t k = 0; k < sizeof valued / sizeof valued[0]; k++)
            if (strcmp(a, valued[k]) == 0) known = true;
        if (!known) {
            fprintf(stderr, "tock-parity: unknown flag '%s' (see --help)\n", a);
            return -1;
        }
        if (i + 1 >= argc) return err_flag(a, "a value", "(end of command line)");
        const char *v = argv[++i];
        char *items[TPAR_MAX_LIST];
        size_t n;
        unsigned x;
        if (strcmp(a, "--source") == 0)
            source = v;
        else if (strcmp(a, "--build-dir") == 0)
            build = v;
        else if (strcmp(a, "--results") == 0)
            results = v;
        else if (strcmp(a, "--golden") == 0)
            golden = v;
        else if (strcmp(a, "--emit") == 0)
            o->emit = v;
        else if (strcmp(a, "--against") == 0)
            o->against = v;
        else if (strcmp(a, "--mutation") == 0) {
            if (tpar_mutation_isa(v) < 0) {
                char want[128];
                tpar_fmt(want, sizeof want, "one of %s", tpar_mutation_names());
                return err_flag(a, want, v);
            }
            o->mutation = v;
        } else if (strcmp(a, "--isa") == 0) {
            have_isa = true;
            n = split(o, v, items, HT_ISA_COUNT);
            char want[160], isas[128];
            if (n == 0 || n > HT_ISA_COUNT) {
                tpar_fmt(want, sizeof want, "1 to %d of %s", (int)HT_ISA_COUNT,
                         isa_names(isas, sizeof isas, ",", ","));
                return err_flag(a, want, v);
            }
            o->n_isas = 0;
            for (size_t k = 0; k < n; k++) {
                ht_isa isa;
                if (ht_isa_parse(items[k], &isa) != 0)
                    return err_flag(a, isa_names(isas, sizeof isas, ", ", " or "), items[k]);
                o->isas[o->n_isas++] = isa;
            }
        } else if (strcmp(a, "--arch") == 0) {
            have_arch = true;
            n = split(o, v, items, TPAR_MAX_LIST);
            if (n == 0 || n > TPAR_MAX_LIST) return err_flag(a, "a list of architectures", v);
            o->n_arches = 0;
            o->arches[o->n_arches++] = tpar_arch_native();
            o->arch_given = true;
            for (size_t k = 0; k < n; k++) {
                tpar_arch_id id;
                if (strcmp(items[k], "all") == 0) {
                    o->arch_given = false; /* all: what is missing is skipped, not an error */
                    for (int j = 0; j < TPAR_ARCH_COUNT; j++) {
                        bool dup = false;
                        for (size_t m = 0; m < o->n_arches; m++)
                            dup |= o->arches[m] == (tpar_arch_id)j;
                        if (!dup) o->arches[o->n_arches++] = (tpar_arch_id)j;
                    }
                    continue;
                }
                if (tpar_arch_parse(items[k], &id) != 0) {
                    char want[128];
                    tpar_fmt(want, sizeof want, "all or a list of %s", tpar_arch_names());
                    return err_flag(a, want, items[k]);
                }
                bool dup = false;
                for (size_t m = 0; m < o->n_arches; m++) dup |= o->arches[m] == id;
                if (!dup) o->arches[o->n_arches++] = id;
            }
        } else if (strcmp(a, "--vl") == 0) {
            have_vl = true;
            n = split(o, v, items, TPAR_MAX_LIST);
            if (n == 0 || n > TPAR_MAX_LIST) return err_flag(a, "1 to 16 vector lengths", v);
            for (size_t k = 0; k < n; k++) {
                if (parse_whole(a, items[k], 128, 2048, &o->vls[k]) != 0) return -1;
                if (o->vls[k] & (o->vls[k] - 1))
                    return err_flag(a, "powers of two 128..2048 (bits)", items[k]);
                for (size_t j = 0; j < k; j++)
                    if (o->vls[j] == o->vls[k]) return err_flag(a, "each length once", items[k]);
            }
            o->n_vls = n;
        } else if (strcmp(a, "--compilers") == 0) {
            have_cc = true;
            n = split(o, v, items, TPAR_MAX_LIST);
            if (n == 0 || n > TPAR_MAX_LIST) return err_flag(a, "1 to 16 compiler names", v);
            for (size_t k = 0; k < n; k++) o->compilers[k] = items[k];
            o->n_compilers = n;
        } else if (strcmp(a, "--opt") == 0) {
            have_opt = true;
            n = split(o, v, items, TPAR_MAX_LIST);
            if (n == 0 || n > TPAR_MAX_LIST) return err_flag(a, "a list of 2 and/or 3", v);
            for (size_t k = 0; k < n; k++) {
                if (parse_whole(a, items[k], 0, 3, &x) != 0) return -1;
                o->opts[k] = (int)x;
            }
            o->n_opts = n;
        } else if (strcmp(a, "--threads") == 0) {
            have_thr = true;
            n = split(o, v, items, TPAR_MAX_LIST);
            if (n == 0 || n > TPAR_MAX_LIST) return err_flag(a, "1 to 16 thread counts", v);
            for (size_t k = 0; k < n; k++)
                if (parse_whole(a, items[k], 1, 64, &o->threads[k]) != 0) return -1;
            o->n_threads = n;
        } else if (strcmp(a, "--jobs") == 0) {
            if (parse_whole(a, v, 1, 64, &o->jobs) != 0) return -1;
        } else if (strcmp(a, "--max-diagnoses") == 0) {
            if (parse_whole(a, v, 0, 10000, &x) != 0) return -1;
            o->max_diag = x;
        } else if (strcmp(a, "--build-timeout") == 0) {
            if (parse_seconds(a, v, 1, 86400, &o->build_timeout) != 0) return -1;
        } else if (strcmp(a, "--run-timeout") == 0) {
            if (parse_seconds(a, v, 1, 86400, &o->run_timeout) != 0) return -1;
        }
    }
    if (o->jobs > 64) o->jobs = 64; /* the default: online CPUs */
    o->isa_given = have_isa;
    if (!have_arch) { /* native, plus every architecture that can be built here */
        char why[512];
        o->n_arches = 0;
        o->arches[o->n_arches++] = tpar_arch_native();
        for (int j = 0; j < TPAR_ARCH_COUNT; j++)
            if ((tpar_arch_id)j != tpar_arch_native() &&
                tpar_arch_available((tpar_arch_id)j, why, sizeof why))
                o->arches[o->n_arches++] = (tpar_arch_id)j;
    }
    if (!have_vl) {
        static const unsigned dflt[] = {128, 256, 512};
        o->n_vls = 3;
        for (size_t k = 0; k < 3; k++) o->vls[k] = dflt[k];
    }
    if (!have_isa) { /* every path this architecture compiles; --isa may name others */
        o->n_isas = 0;
        for (int k = 0; k < HT_ISA_COUNT; k++)
            if (ht_isa_compiled((ht_isa)k)) o->isas[o->n_isas++] = (ht_isa)k;
    }
    if (!have_cc) {
        o->compilers[0] = "gcc";
        o->compilers[1] = "clang";
        o->n_compilers = o->quick ? 1 : 2;
    }
    if (!have_opt) {
        o->opts[0] = 2;
        o->opts[1] = 3;
        o->n_opts = o->quick ? 1 : 2;
    }
    if (!have_thr) {
        static const unsigned full[] = {1, 2, 3, 4, 8};
        o->n_threads = o->quick ? 2 : 5;
        for (size_t k = 0; k < o->n_threads; k++) o->threads[k] = full[k];
    }
    /* Duplicates would make two jobs build in one directory at once. */
    char rep[32];
    for (size_t k = 0; k < o->n_isas; k++)
        for (size_t j = 0; j < k; j++)
            if (o->isas[j] == o->isas[k]) {
                tpar_fmt(rep, sizeof rep, "%s twice", ht_isa_name(o->isas[k]));
                return err_flag("--isa", "each ISA once", rep);
            }
    for (size_t k = 0; k < o->n_compilers; k++)
        for (size_t j = 0; j < k; j++)
            if (strcmp(o->compilers[j], o->compilers[k]) == 0)
                return err_flag("--compilers", "each compiler once", o->compilers[k]);
    for (size_t k = 0; k < o->n_opts; k++)
        for (size_t j = 0; j < k; j++)
            if (o->opts[j] == o->opts[k]) {
                tpar_fmt(rep, sizeof rep, "%d twice", o->opts[k]);
                return err_flag("--opt", "each level once", rep);
            }
    for (size_t k = 0; k < o->n_threads; k++)
        for (size_t j = 0; j < k; j++)
            if (o->threads[j] == o->threads[k]) {
                tpar_fmt(rep, sizeof rep, "%u twice", o->threads[k]);
                return err_flag("--threads", "each thread count once", rep);
            }
    /* The reference run is scalar at 1 thread: keep both in the matrix even
   * when the lists given leave them out. */
    bool has_scalar = false, has_one = false;
    for (size_t k = 0; k < o->n_isas; k++) has_scalar |= o->isas[k] == HT_ISA_SCALAR;
    for (size_t k = 0; k < o->n_threads; k++) has_one |= o->threads[k] == 1;
    o->scalar_added = !has_scalar;
    if (!has_scalar && o->n_isas < HT_ISA_COUNT) {
        memmove(o->isas + 1, o->isas, o->n_isas * sizeof o->isas[0]);
        o->isas[0] = HT_ISA_SCALAR;
        o->n_isas++;
    }
    if (!has_one) {
        if (o->n_threads == TPAR_MAX_LIST) o->n_threads--;
        memmove(o->threads + 1, o->threads, o->n_threads * sizeof o->threads[0]);
        o->threads[0] = 1;
        o->n_threads++;
    }
    if (o->write_golden && o->mutation) {
        fprintf(stderr, "tock-parity: --write-golden: refusing to write goldens from a mutated "
                        "build (drop --mutation)\n");
        return -1;
    }
    if (o->write_golden && o->no_golden) {
        fprintf(stderr, "tock-parity: --write-golden and --no-golden contradict each other\n");
        return -1;
    }
    if (set_path("--source", source, o->source) != 0) return -1;
    char probe[PATH_MAX + 32];
    tpar_fmt(probe, sizeof probe, "%s/parity/CMakeLists.txt", o->source);
    if (!tock__is_file(probe)) {
        fprintf(stderr,
                "tock-parity: --source %s: expected the tock project root (with "
                "parity/CMakeLists.txt), found no such file\n",
                o->source);
        return -1;
    }
    char def[PATH_MAX + 32];
    tpar_fmt(def, sizeof def, "%s/build/parity", o->source);
    if (set_path("--build-dir", build ? build : def, o->build) != 0) return -1;
    tpar_fmt(def, sizeof def, "%s/results/parity", o->source);
    if (set_path("--results", results ? results : def, o->results) != 0) return -1;
    tpar_fmt(def, sizeof def, "%s/parity/golden.json", o->source);
    if (set_path("--golden", golden ? golden : def, o->golden) != 0) return -1;
    char ninja[PATH_MAX];
    tpar_fmt(o->generator, sizeof o->generator, "%s",
             tpar_which("ninja", ninja, sizeof ninja) == 0 ? "Ninja" : "Unix Makefiles");
    return 0;
}
