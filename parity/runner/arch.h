/* arch.h: the architecture axis of tock-parity. Each architecture names
 * the GCC that targets it, its cmake/toolchains/ files, the qemu-user binary
 * that runs it (none for i386 on an x86-64 host: it runs natively), the
 * Debian packages that provide all of that, its ISA rows and which of them
 * is vector-length agnostic. The native architecture is built and run as
 * before (no toolchain file); the others are cross builds. */
#ifndef TPAR_ARCH_H
#define TPAR_ARCH_H

#include "parity.h"

typedef struct {
    const char *name;            /* "aarch64" (--arch) */
    const char *triple;          /* Debian multiarch triple */
    const char *gcc;             /* the GCC that targets it */
    const char *gcc_toolchain;   /* cmake/toolchains/ file for gcc */
    const char *clang_toolchain; /* ... for clang (--target) */
    const char *gcc_var;         /* toolchain cache variable naming the compiler */
    const char *clang_var;
    const char *qemu;     /* qemu-user binary; NULL: runs natively on an x86-64 host */
    const char *qemu_env; /* environment variable overriding the emulator */
    const char *cc_env;   /* environment variable overriding the GCC */
    const char *packages; /* Debian packages for compiler, C library, emulator */
    ht_isa isas[4];
    size_t n_isas;
    int vl_isa; /* the vector-length agnostic ISA, or -1 */
    /* Case name prefixes whose results come from the target's libm, not
     * from the kernels (NULL-terminated): not compared on this architecture,
     * counted and reported as excluded, with libm_why. */
    const char *libm_prefix[3];
    const char *libm_why;
} tpar_arch;

const tpar_arch *tpar_arch_get(tpar_arch_id a);
/* The architecture this program was built for. */
tpar_arch_id tpar_arch_native(void);
/* "x86_64", "aarch64", "riscv64", "i386" -> id; 0 or -1. */
int tpar_arch_parse(const char *name, tpar_arch_id *out);
/* Whether a cross architecture can be built and run here: its GCC, its C
 * library and its emulator. When not, why: what is missing and the Debian
 * packages to install. The native architecture is always available. */
bool tpar_arch_available(tpar_arch_id a, char *why, size_t cap);
/* The emulator binary (the qemu_env override, else PATH), "" when the
 * architecture runs natively. 0, or -1 when it cannot be found. */
int tpar_arch_emulator(tpar_arch_id a, char *out, size_t cap);
/* The compiler binary for the matrix's compiler name ("gcc": the arch's
 * GCC or the cc_env override; "clang": TOCK_PARITY_CLANG or the newest
 * clang-21 .. clang-17 in PATH). 0, or -1 with the reason in why. */
int tpar_arch_compiler(tpar_arch_id a, const char *name, char *out, size_t cap, char *why,
                       size_t wcap);
/* The qemu -cpu value that runs isa at vl bits ("" for the default). */
void tpar_arch_cpu(tpar_arch_id a, ht_isa isa, unsigned vl, char *out, size_t cap);
/* Comma-separated names of every architecture. */
const char *tpar_arch_names(void);

#endif
