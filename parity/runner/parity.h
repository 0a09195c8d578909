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
    unsigned long long bytes;
} tpar_case;

typedef struct {
    tpar_case *v;
    size_t n, cap;
    size_t *index; /* open-addressing table over v, built on first lookup */
    size_t index_cap;
} tpar_cases;

typedef enum { TV_PENDING, TV_BUILT, TV_SKIPPED, TV_FAILED } tpar_vstate;

typedef struct {
    char name[80]; /* "avx2-gcc-O2", mutated: "avx2-gcc-O2+ulp" */
    ht_isa isa;
    char compiler[32]; /* as given on the command line */
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
    char compiler_line[256];
    tpar_cases cases;
    double seconds;
    char out_path[PATH_MAX], err_path[PATH_MAX];
    unsigned char *verdict; /* per universe case (compare.c) */
    size_t passed, failed;
    size_t extra; /* cases the run reported that no other source knows */
} tpar_run;

/* Every case name any source knows, in reference order, then the golden's
 * extras. Runs are compared case by case over this list. */
typedef struct {
    tpar_cases cases; /* hashes: the reference run's (golden's for extras) */
    size_t n_groups;
    char groups[16][32]; /* first-seen order: the console's columns */
} tpar_universe;

#endif
