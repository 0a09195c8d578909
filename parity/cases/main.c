/* main.c: tock-parity-cases, the case runner tock-parity builds once per
 * variant (ISA x compiler x optimisation level). It runs every parity case
 * with the given thread count and prints one hash line per case
 * (../common/protocol.h), or dumps one case's raw bytes. It must refuse to
 * run, never silently fall back, when the build is pinned to an ISA this CPU
 * lacks: a scalar run reported as AVX-512 would be a lie that passes. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cases.h"

#if defined(__aarch64__)
#include <sys/prctl.h>
#ifndef PR_SVE_GET_VL
#define PR_SVE_GET_VL 51
#endif
#endif

/* The vector length of a vector-length agnostic table in this run (the
 * emulated CPU sets it: tock-parity checks it is the one it asked for);
 * 0 for every other table. */
static unsigned vector_bits(ht_isa active) {
#if defined(__aarch64__)
    if (active == HT_ISA_SVE) {
        int r = prctl(PR_SVE_GET_VL, 0, 0, 0, 0);
        return r > 0 ? (unsigned)(r & 0xffff) * 8u : 0u;
    }
#elif defined(__riscv) && __riscv_xlen == 64
    if (active == HT_ISA_RVV) {
        unsigned long vlenb;
        __asm__ volatile("csrr %0, 0xc22" : "=r"(vlenb)); /* vlenb: the table needs V */
        return (unsigned)vlenb * 8u;
    }
#endif
    (void)active;
    return 0;
}

#ifndef TOCK_GIT_COMMIT
#define TOCK_GIT_COMMIT "unknown"
#endif

static void usage(FILE *f) {
    fputs("usage: tock-parity-cases [--threads N] [--only PREFIX] [--dump CASE --out FILE]\n"
          "  --threads N     threads for the trainer cases (1..64, default 1)\n"
          "  --only PREFIX   run only the cases whose name starts with PREFIX\n"
          "  --dump CASE     also write the raw segments of CASE to --out FILE\n"
          "exit: 0 ok, 2 usage or set-up error, 3 skipped (the pinned ISA is not\n"
          "supported by this CPU)\n",
          f);
}

static int parse_uint(const char *flag, const char *v, unsigned lo, unsigned hi, unsigned *out) {
    char *end;
    unsigned long x = strtoul(v, &end, 10);
    if (!*v || *end || x < lo || x > hi) {
        fprintf(stderr, "tock-parity-cases: %s: expected an integer in %u..%u, found '%s'\n", flag,
                lo, hi, v);
        return -1;
    }
    *out = (unsigned)x;
    return 0;
}

int main(int argc, char **argv) {
    unsigned threads = 1;
    const char *only = NULL, *dump = NULL, *out = NULL;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            usage(stdout);
            return TCASE_EXIT_OK;
        }
        if (i + 1 >= argc) {
            fprintf(stderr, "tock-parity-cases: %s: expected a value or a known flag\n", a);
            usage(stderr);
            return TCASE_EXIT_ERROR;
        }
        const char *v = argv[++i];
        if (strcmp(a, "--threads") == 0) {
            if (parse_uint(a, v, 1, HT_MAX_THREADS, &threads) != 0) return TCASE_EXIT_ERROR;
        } else if (strcmp(a, "--only") == 0) {
            only = v;
        } else if (strcmp(a, "--dump") == 0) {
            dump = v;
        } else if (strcmp(a, "--out") == 0) {
            out = v;
        } else {
            fprintf(stderr, "tock-parity-cases: unknown flag '%s'\n", a);
            usage(stderr);
            return TCASE_EXIT_ERROR;
        }
    }
    if (!dump != !out) {
        fprintf(stderr, "tock-parity-cases: --dump and --out go together (found only %s)\n",
                dump ? "--dump" : "--out");
        return TCASE_EXIT_ERROR;
    }

    int forced = ht_isa_forced();
    ht_isa active = ht_isa_active();
    printf("tock-parity-cases %d\n", TCASE_PROTOCOL_VERSION);
    printf("isa %s %s %d\n", forced >= 0 ? ht_isa_name((ht_isa)forced) : "auto",
           ht_isa_name(active), (int)ht_isa_cpu_supports(active));
    printf("threads %u\n", threads);
    unsigned vbits = forced < 0 || ht_isa_cpu_supports(active) ? vector_bits(active) : 0;
    if (vbits) printf("vector %u\n", vbits);
    printf("compiler %s %s (commit %s)\n",
#ifdef __clang__
           "clang",
#else
           "gcc",
#endif
           __VERSION__, TOCK_GIT_COMMIT);
    if (forced >= 0 && (!ht_isa_cpu_supports((ht_isa)forced) || (int)active != forced ||
                        !ht_kernels_for((ht_isa)forced))) {
        printf("skip this build is pinned to %s, which this CPU does not support\n",
               ht_isa_name((ht_isa)forced));
        return TCASE_EXIT_SKIP;
    }

    tcase_sink *s = NULL;
    if (tcase_sink_create(&s, stdout, only, dump, out) != 0) {
        fprintf(stderr, "tock-parity-cases: out of memory\n");
        return TCASE_EXIT_ERROR;
    }
    const ht_kernels *k = ht_kernels_active();
    /* Kernel-level groups first: they never create a trainer, so nothing a
   * trainer sets up (its thread count; the `threads` self-test mutation of
   * core/src/mutations.h keys on it) can reach them. */
    tcase_cases_kernels(s, k);
    tcase_cases_scm(s, k);
    tcase_cases_delta(s);
    tcase_cases_history(s, threads);
    tcase_cases_trainer(s, threads);
    tcase_cases_causal(s);
    int rc = tcase_sink_finish(s);
    tcase_sink_destroy(s);
    return rc;
}
