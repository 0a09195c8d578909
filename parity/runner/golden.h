/* golden.h: hash files, the committed goldens (parity/golden.json) and the
 * files --emit writes and --against reads. One format for all three:
 *   {"format": "tock-parity-hashes", "version": 1, "protocol": 1,
 *    "hash": "XXH3-128", ...provenance..., "cases": [
 *      {"case": NAME, "group": GROUP, "step": N, "input": HEX, "output": HEX}, ...]}
 * one case per line, so a regenerated golden diffs line by line. Reading
 * checks every field and names the file, the entry and what was found. */
#ifndef TPAR_GOLDEN_H
#define TPAR_GOLDEN_H

#include "parity.h"
#include "sys.h"

typedef struct {
    const char *generated_by; /* the command line that wrote the file */
    const char *commit;
    const char *const *builds; /* variant names that agreed */
    size_t n_builds;
    const unsigned *threads;
    size_t n_threads;
    const char *cpu; /* ISAs this CPU supports, e.g. "scalar sse2 avx2 avx512" */
    bool builds_agree;
} tpar_hash_meta;

/* Reads a hash file the user named (--golden, --against): a regular file of
 * at most TPAR_INPUT_MAX bytes (sys.h), strict JSON without NUL bytes, every
 * case with a unique name, 32 lowercase hex digits per hash and a step of
 * -1 or more. 0, or -1 with "PATH: ..." in err (out may hold the cases read
 * before the error; free it either way). */
int tpar_hashes_read(const char *path, tpar_cases *out, char *err, size_t cap);
/* Appends the file's text to b (check b->err, or tpar_xbuf). */
void tpar_hashes_format(tock__buf *b, const tpar_cases *cases, const tpar_hash_meta *m);
/* Formats and writes path atomically (tpar_write_file: a path that exists
 * and is not a regular file is refused). 0, or -1 with "PATH: ..." in err. */
int tpar_hashes_write(const char *path, const tpar_cases *cases, const tpar_hash_meta *m, char *err,
                      size_t cap);

#endif
