/* arch.c: see arch.h. */
#define _POSIX_C_SOURCE 200809L
#include "arch.h"

#include <glob.h>
#include <stdlib.h>
#include <string.h>

#include "sys.h"

/* ht_scm's tan calls libm's tanf (core/src/scm.c), which glibc implements
 * per architecture (not correctly rounded): 1 ULP apart on some inputs. */
#define TAN "scm.api.tan."
#define TAN_WHY "ht_scm's tan is libm's tanf, which glibc computes per architecture"

static const tpar_arch arches[TPAR_ARCH_COUNT] = {
    [TPAR_ARCH_X86_64] = {.name = "x86_64",
                          .triple = "x86_64-linux-gnu",
                          .gcc = "gcc",
                          .packages = "gcc libc6-dev clang",
                          .isas = {HT_ISA_SCALAR, HT_ISA_SSE2, HT_ISA_AVX2, HT_ISA_AVX512},
                          .n_isas = 4,
                          .vl_isa = -1},
    [TPAR_ARCH_AARCH64] = {.name = "aarch64",
                           .triple = "aarch64-linux-gnu",
                           .gcc = "aarch64-linux-gnu-gcc",
                           .gcc_toolchain = "aarch64-linux-gnu.cmake",
                           .clang_toolchain = "aarch64-linux-gnu-clang.cmake",
                           .gcc_var = "TOCK_CROSS_CC",
                           .clang_var = "TOCK_CLANG",
                           .qemu = "qemu-aarch64",
                           .qemu_env = "TOCK_PARITY_QEMU_AARCH64",
                           .cc_env = "TOCK_PARITY_CC_AARCH64",
                           .packages = "gcc-aarch64-linux-gnu libc6-dev-arm64-cross qemu-user",
                           .isas = {HT_ISA_SCALAR, HT_ISA_NEON, HT_ISA_SVE},
                           .n_isas = 3,
                           .vl_isa = HT_ISA_SVE,
                           .libm_prefix = {TAN, NULL},
                           .libm_why = TAN_WHY},
    [TPAR_ARCH_RISCV64] = {.name = "riscv64",
                           .triple = "riscv64-linux-gnu",
                           .gcc = "riscv64-linux-gnu-gcc",
                           .gcc_toolchain = "riscv64-linux-gnu.cmake",
                           .clang_toolchain = "riscv64-linux-gnu-clang.cmake",
                           .gcc_var = "TOCK_CROSS_CC",
                           .clang_var = "TOCK_CLANG",
                           .qemu = "qemu-riscv64",
                           .qemu_env = "TOCK_PARITY_QEMU_RISCV64",
                           .cc_env = "TOCK_PARITY_CC_RISCV64",
                           .packages = "gcc-riscv64-linux-gnu libc6-dev-riscv64-cross qemu-user "
                                       "(and clang-19 for rvv)",
                           .isas = {HT_ISA_SCALAR, HT_ISA_RVV},
                           .n_isas = 2,
                           .vl_isa = HT_ISA_RVV,
                           .libm_prefix = {TAN, NULL},
                           .libm_why = TAN_WHY},
    /* Runs natively on an x86-64 host. glibc's i386 libm computes tanhf,
     * sinf and cosf differently from x86-64's (tests/cross skips
     * core.causal_chain there for the same reason). */
    [TPAR_ARCH_I386] = {.name = "i386",
                        .triple = "i386-linux-gnu",
                        .gcc = "gcc",
                        .gcc_toolchain = "i386-linux-gnu.cmake",
                        .clang_toolchain = "i386-linux-gnu.cmake",
                        .gcc_var = "TOCK_I386_CC",
                        .clang_var = "TOCK_I386_CC",
                        .cc_env = "TOCK_PARITY_CC_I386",
                        .packages = "gcc-multilib (or libc6-dev-i386 lib32gcc-12-dev)",
                        .isas = {HT_ISA_SCALAR, HT_ISA_SSE2},
                        .n_isas = 2,
                        .vl_isa = -1,
                        .libm_prefix = {TAN, "causal.", NULL},
                        .libm_why = TAN_WHY "; the causal chain calls tanhf, sinf and cosf, which "
                                            "glibc's i386 libm computes differently from x86-64's"},
};
const tpar_arch *tpar_arch_get(tpar_arch_id a) { return &arches[a]; }

tpar_arch_id tpar_arch_native(void) {
#if defined(__aarch64__)
    return TPAR_ARCH_AARCH64;
#elif defined(__riscv)
    return TPAR_ARCH_RISCV64;
#elif defined(__i386__)
    return TPAR_ARCH_I386;
#else
    return TPAR_ARCH_X86_64;
#endif
}

const char *tpar_arch_names(void) { return "x86_64, aarch64, riscv64, i386"; }

int tpar_arch_parse(const char *name, tpar_arch_id *out) {
    for (int i = 0; i < TPAR_ARCH_COUNT; i++)
        if (strcmp(name, arches[i].name) == 0) {
            *out = (tpar_arch_id)i;
            return 0;
        }
    return -1;
}

int tpar_arch_emulator(tpar_arch_id a, char *out, size_t cap) {
    const tpar_arch *x = &arches[a];
    out[0] = '\0';
    if (!x->qemu) return 0;
    const char *env = x->qemu_env ? getenv(x->qemu_env) : NULL;
    return tpar_which(env && *env ? env : x->qemu, out, cap);
}

/* The newest clang that has the RVV 1.0 intrinsics and cross targets. */
static int cross_clang(char *out, size_t cap) {
    const char *env = getenv("TOCK_PARITY_CLANG");
    if (env && *env) return tpar_which(env, out, cap);
    static const char *const names[] = {"clang-21", "clang-20", "clang-19", "clang-18", "clang-17"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (tpar_which(names[i], out, cap) == 0) return 0;
    return -1;
}

int tpar_arch_compiler(tpar_arch_id a, const char *name, char *out, size_t cap, char *why,
                       size_t wcap) {
    const tpar_arch *x = &arches[a];
    if (strcmp(name, "gcc") == 0) {
        const char *env = x->cc_env ? getenv(x->cc_env) : NULL;
        const char *cc = env && *env ? env : x->gcc;
        if (tpar_which(cc, out, cap) == 0) return 0;
        tpar_fmt(why, wcap,
                 "%s: compiler '%s'%s%s%s is not installed; install the Debian packages: %s",
                 x->name, cc, env && *env ? " (" : "", env && *env ? x->cc_env : "",
                 env && *env ? ")" : "", x->packages);
        return -1;
    }
    if (strcmp(name, "clang") == 0) {
        if (cross_clang(out, cap) == 0) return 0;
        tpar_fmt(why, wcap,
                 "%s: no clang >= 17 (TOCK_PARITY_CLANG, or clang-21 .. clang-17 in PATH); "
                 "install the Debian package clang-19",
                 x->name);
        return -1;
    }
    tpar_fmt(why, wcap, "%s: the cross builds know the compilers gcc and clang only, found '%s'",
             x->name, name);
    return -1;
}

void tpar_arch_cpu(tpar_arch_id a, ht_isa isa, unsigned vl, char *out, size_t cap) {
    out[0] = '\0';
    if (a == TPAR_ARCH_AARCH64) {
        /* qemu 7.2: sveN=on caps the length at N bits, and qemu-user starts
         * at min(N, 512) unless told the default length in bytes. */
        if (isa == HT_ISA_SVE && vl > 512)
            tpar_fmt(out, cap, "max,sve%u=on,sve-default-vector-length=%u", vl, vl / 8);
        else if (isa == HT_ISA_SVE)
            tpar_fmt(out, cap, "max,sve%u=on", vl);
        else
            tpar_fmt(out, cap, "max");
    } else if (a == TPAR_ARCH_RISCV64) {
        if (isa == HT_ISA_RVV)
            tpar_fmt(out, cap, "rv64,v=true,vlen=%u,vext_spec=v1.0", vl);
        else
            tpar_fmt(out, cap, "rv64");
    }
}

static bool exists_glob(const char *pattern) {
    glob_t g;
    int rc = glob(pattern, 0, NULL, &g);
    bool any = rc == 0 && g.gl_pathc > 0;
    if (rc == 0) globfree(&g);
    return any;
}

bool tpar_arch_available(tpar_arch_id a, char *why, size_t cap) {
    const tpar_arch *x = &arches[a];
    why[0] = '\0';
    if (a == tpar_arch_native()) return true;
    if (tpar_arch_native() != TPAR_ARCH_X86_64) {
        tpar_fmt(why, cap, "%s: the cross builds are set up for an x86-64 Debian host only",
                 x->name);
        return false;
    }
    char missing[512] = "", path[PATH_MAX], w[256];
    size_t len = 0;
#define TPAR_MISSING(...)                                                                          \
    do {                                                                                           \
        int n_ = tpar_fmt(missing + len, sizeof missing - len, "%s", len ? ", " : "");             \
        if (n_ > 0 && (size_t)n_ < sizeof missing - len) len += (size_t)n_;                        \
        n_ = tpar_fmt(missing + len, sizeof missing - len, __VA_ARGS__);                           \
        if (n_ > 0 && (size_t)n_ < sizeof missing - len) len += (size_t)n_;                        \
    } while (0)
    if (tpar_arch_compiler(a, "gcc", path, sizeof path, w, sizeof w) != 0) {
        const char *env = x->cc_env ? getenv(x->cc_env) : NULL;
        TPAR_MISSING("the compiler %s%s%s", env && *env ? env : x->gcc,
                     env && *env ? " named by " : "", env && *env ? x->cc_env : "");
    }
    if (a == TPAR_ARCH_I386) {
        if (!exists_glob("/usr/lib32/crt1.o")) TPAR_MISSING("the 32-bit C library (/usr/lib32)");
        if (!exists_glob("/usr/lib/gcc/x86_64-linux-gnu/*/32/libgcc.a"))
            TPAR_MISSING("the 32-bit libgcc");
    } else {
        char lib[PATH_MAX];
        tpar_fmt(lib, sizeof lib, "/usr/%s/include/stdio.h", x->triple);
        if (!exists_glob(lib)) TPAR_MISSING("the %s C library (/usr/%s)", x->triple, x->triple);
    }
    if (x->qemu && tpar_arch_emulator(a, path, sizeof path) != 0) {
        const char *env = x->qemu_env ? getenv(x->qemu_env) : NULL;
        TPAR_MISSING("the emulator %s%s%s", env && *env ? env : x->qemu,
                     env && *env ? " named by " : "", env && *env ? x->qemu_env : "");
    }
#undef TPAR_MISSING
    if (!len) return true;
    tpar_fmt(why, cap, "%s: missing %s; install the Debian packages: %s (tools/deps.sh test)",
             x->name, missing, x->packages);
    return false;
}
