/* protocol.h: the contract between tock-parity (the orchestrator) and
 * tock-parity-cases (the case runner it builds once per variant): the report
 * lines, the exit codes and the dump file layout. Both programs include this
 * file and nothing else of each other; it must never grow code. Bump
 * TCASE_PROTOCOL_VERSION whenever a line or the dump layout changes, so that a
 * stale variant build is refused instead of misread.
 *
 * Report (stdout of tock-parity-cases), one record per line, fields separated
 * by one space, names never contain spaces:
 *   tock-parity-cases <version>
 *   isa <forced name|auto> <active name> <cpu supports active: 0|1>
 *   threads <n>
 *   compiler <free text to end of line>
 *   vector <bits>      (only when the active table is vector-length agnostic:
 *                       SVE's or RVV's vector length in this run)
 *   case <name> <group> <step|-1> <input hash> <output hash> <output bytes>
 *        <output hash, NaN canonical>
 *   done <number of cases>
 * Hashes are XXH3-128 in canonical (big-endian) hex, 32 digits. The NaN
 * canonical output hash is taken over the same bytes with every f32 NaN
 * replaced by 0x7fc00000 and every f64 NaN by 0x7ff8000000000000: which NaN
 * an operation returns is the architecture's rule (x86 makes 0xffc00000 for
 * inf - inf, aarch64 and riscv64 0x7fc00000, riscv64 never propagates a
 * payload), so builds for different architectures are compared on it, and
 * builds for one architecture on the raw hash (payloads included).
 *
 * Dump (--dump CASE --out FILE), written atomically:
 *   "TOCKDUMP <version>\n" "case <name> <group> <step>\n"
 *   then per segment: "seg <in|out> <name> <type> <ndims> <d0> <d1> <d2> <bytes>\n"
 *   followed by exactly <bytes> raw bytes and "\n"; finally "end\n".
 * Unused dimensions are 1; the last used dimension is the innermost
 * (contiguous) one, which is what lane and tail positions refer to. */
#ifndef TCASE_PROTOCOL_H
#define TCASE_PROTOCOL_H

#define TCASE_PROTOCOL_VERSION 2

/* Exit codes of tock-parity-cases. 3 is not a failure: the build is pinned to
 * an ISA this CPU lacks, so it has nothing it may run. */
#define TCASE_EXIT_OK 0
#define TCASE_EXIT_ERROR 2
#define TCASE_EXIT_SKIP 3

/* Element types of a segment; the names appear in the dump. */
#define TCASE_ELEM_MAP(X)                                                                          \
    X(F32, "f32", 4)                                                                               \
    X(U8, "u8", 1)                                                                                 \
    X(I32, "i32", 4)                                                                               \
    X(U32, "u32", 4)                                                                               \
    X(U64, "u64", 8)                                                                               \
    X(F64, "f64", 8)

typedef enum {
#define TCASE__ELEM_ENUM(id, name, size) TCASE_ELEM_##id,
    TCASE_ELEM_MAP(TCASE__ELEM_ENUM)
#undef TCASE__ELEM_ENUM
        TCASE_ELEM_COUNT
} tcase_elem;

#define TCASE_MAX_DIMS 3
#define TCASE_NAME_MAX 96 /* case and segment names, NUL included */

#endif
