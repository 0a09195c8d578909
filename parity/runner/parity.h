/* parity.h: the data tock-parity passes between its stages: options, build
 * variants (ISA x compiler x optimisation level, optionally mutated), runs
 * (variant x thread count) and the case records a run reports. Stages:
 * matrix.c builds and runs, runs.c parses, compare.c decides, diagnose.c
 * explains, report.c prints and writes, golden.c reads and writes hash
 * files. This header holds types only; it must not grow behaviour. */
#ifndef TPAR_PARITY_H
#define TPAR_PARITY_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>

#include "../common/protocol.h"
#include "ht_isa.h"

#define TPAR_MAX_LIST 16

/* The architecture axis (arch.c): the native one plus cross builds run
 * under qemu-user (i386 natively on an x86-64 host). */
typedef enum {
    TPAR_ARCH_X86_64,
    TPAR_ARCH_AARCH64,
    TPAR_ARCH_RISCV64,
    TPAR_ARCH_I386,
    TPAR_ARCH_COUNT
} tpar_arch_id;

typedef struct {
    char source[PATH_MAX];  /* project root (holds CMakeLists.txt) */
    char build[PATH_MAX];   /* variant builds go to <build>/<variant> */
    char results[PATH_MAX]; /* reports go to <results>/<UTC timestamp>/ */
    char golden[PATH_MAX];
    ht_isa isas[HT_ISA_COUNT];
    size_t n_isas;
    const char *compilers[TPAR_MAX_LIST];
    size_t n_compilers;
    int opts[TPAR_MAX_LIST];
    size_t n_opts;
    unsigned threads[TPAR_MAX_LIST];
    size_t n_threads;
    tpar_arch_id arches[TPAR_ARCH_COUNT]; /* the native one first */
    size_t n_arches;
    bool arch_given;             /* --arch named the list (not the default, not "all") */
    bool isa_given;              /* --isa given: it filters the cross architectures' ISAs too */
    bool scalar_added;           /* scalar was added for the reference, not asked for */
    bool strict;                 /* --strict: a skipped architecture is an error */
    unsigned vls[TPAR_MAX_LIST]; /* SVE / RVV vector lengths in bits */
    size_t n_vls;
    unsigned jobs;
    bool quick, write_golden, no_golden;
    const char *emit, *against, *mutation;
    size_t max_diag;
    double build_timeout, run_timeout;
    char generator[32];
    char *owned[8]; /* copies the list options point into (tpar_opts_free) */
    size_t n_owned;
} tpar_opts;

/* One case as a run reported it (protocol.h "case" line). */
typedef struct {
    char name[TCASE_NAME_MAX];
    char group[32];
    int step;
    char in[33], out[33];
    char out_nan[33]; /* output hash with NaNs canonical (protocol.h); "" if unknown */
    unsigned long long bytes;
} tpar_case;

typedef struct {
    tpar_case *v;
    size_t n, cap;
    size_t *index; /* open-addressing table over v, built on first lookup */
    size_t index_cap;
} tpar_cases;

typedef enum { TV_PENDING, TV_BUILT, TV_SKIPPED, TV_FAILED } tpar_vstate;

typedef struct tpar_variant {
    char name[80]; /* "avx2-gcc-O2", mutated: "avx2-gcc-O2+ulp"; cross:
                    * "aarch64-sve256-gcc-O2" (arch, ISA, vector length) */
    tpar_arch_id arch;
    bool native;        /* built for and run on this machine's architecture */
    unsigned vl;        /* SVE / RVV vector length in bits the run must use; 0: none */
    char cpu[96];       /* qemu -cpu value ("" : no emulator or its default) */
    char emu[PATH_MAX]; /* qemu-user binary ("" : runs natively) */
    const struct tpar_variant *owner; /* the variant that builds dir (NULL: itself) */
    char toolchain[PATH_MAX];         /* cmake/toolchains file of a cross build */
    char cc_var[32];                  /* the toolchain's cache variable that takes cc */
    bool arch_missing; /* stands for a whole architecture that cannot be built here */
    ht_isa isa;
    char compiler[32]; /* as given on the command line ("gcc", "clang", ...) */
    char cc[PATH_MAX]; /* resolved through PATH */
    int opt;
    const char *mutation; /* NULL for a clean build */
    char dir[PATH_MAX];
    tpar_vstate state;
    char note[512]; /* why skipped or failed */
    double seconds;
} tpar_variant;

typedef enum { TR_PENDING, TR_OK, TR_SKIPPED, TR_FAILED } tpar_rstate;

/* Verdict bits of one (run, case) comparison. */
enum {
    TPAR_V_MISSING = 1 << 0,    /* the run did not report the case */
    TPAR_V_REF = 1 << 1,        /* output differs from the reference run */
    TPAR_V_INPUT = 1 << 2,      /* input hash differs from the reference run */
    TPAR_V_GOLDEN = 1 << 3,     /* output or input differs from the golden */
    TPAR_V_NO_GOLDEN = 1 << 4,  /* the golden has no such case */
    TPAR_V_AGAINST = 1 << 5,    /* differs from the --against file */
    TPAR_V_NO_AGAINST = 1 << 6, /* the --against file has no such case */
    TPAR_V_EXTRA = 1 << 7,      /* reported by the run only */
};

typedef struct {
    tpar_variant *var;
    unsigned threads;
    tpar_rstate state;
    char note[512];
    char forced[16], dispatched[16];
    unsigned vector_bits; /* the "vector" line: SVE / RVV length used, 0 if none */
    char compiler_line[256];
    tpar_cases cases;
    double seconds;
    char out_path[PATH_MAX], err_path[PATH_MAX];
    unsigned char *verdict; /* per universe case (compare.c) */
    size_t passed, failed;
    size_t extra;    /* cases the run reported that no other source knows */
    size_t excluded; /* cases not compared on this architecture (libm; compare.c) */
} tpar_run;

/* Every case name any source knows, in reference order, then the golden's
 * extras. Runs are compared case by case over this list. */
typedef struct {
    tpar_cases cases; /* hashes: the reference run's (golden's for extras) */
    size_t n_groups;
    char groups[16][32]; /* first-seen order: the console's columns */
} tpar_universe;

#endif
