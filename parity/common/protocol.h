/* protocol.h: the contract between tock-parity (the orchestrator) and
 * tock-parity-cases (the case runner it builds once per variant): the report
 * lines, the exit codes and the dump file layout. Both programs include this
 * file and nothing else of each other; it must never grow code. Bump
 * TOCK_PROTOCOL_VERSION whenever a line or the dump layout changes, so that a
 * stale variant build is refused instead of misread.
 *
 * Report (stdout of tock-parity-cases), one record per line, fields separated
 * by one space, names never contain spaces:
 *   tock-parity-cases <version>
 *   isa <forced name|auto> <active name> <cpu supports active: 0|1>
 *   threads <n>
 *   compiler <free text to end of line>
 *   case <name> <group> <step|-1> <input hash> <output hash> <output bytes>
 *   done <number of cases>
 * Hashes are XXH3-128 in canonical (big-endian) hex, 32 digits.
 *
 * Dump (--dump CASE --out FILE), written atomically:
 *   "TOCKDUMP <version>\n" "case <name> <group> <step>\n"
 *   then per segment: "seg <in|out> <name> <type> <ndims> <d0> <d1> <d2> <bytes>\n"
 *   followed by exactly <bytes> raw bytes and "\n"; finally "end\n".
 * Unused dimensions are 1; the last used dimension is the innermost
 * (contiguous) one, which is what lane and tail positions refer to. */
#ifndef TOCK_PROTOCOL_H
#define TOCK_PROTOCOL_H

#define TOCK_PROTOCOL_VERSION 1

/* Exit codes of tock-parity-cases. 3 is not a failure: the build is pinned to
 * an ISA this CPU lacks, so it has nothing it may run. */
#define TOCK_CASES_EXIT_OK 0
#define TOCK_CASES_EXIT_ERROR 2
#define TOCK_CASES_EXIT_SKIP 3

/* Element types of a segment; the names appear in the dump. */
#define TOCK_ELEM_MAP(X) \
  X(F32, "f32", 4)       \
  X(U8, "u8", 1)         \
  X(I32, "i32", 4)       \
  X(U32, "u32", 4)       \
  X(U64, "u64", 8)       \
  X(F64, "f64", 8)

typedef enum {
#define TOCK__ELEM_ENUM(id, name, size) TOCK_ELEM_##id,
  TOCK_ELEM_MAP(TOCK__ELEM_ENUM)
#undef TOCK__ELEM_ENUM
  TOCK_ELEM_COUNT
} tock_elem;

#define TOCK_MAX_DIMS 3
#define TOCK_NAME_MAX 96 /* case and segment names, NUL included */

#endif
