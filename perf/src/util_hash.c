/* util_hash.c - FNV-1a 64, the hash manifest.json records for every file of
 * a run directory and for the run's configuration. Chosen because it needs
 * no dependency and detects truncation and accidental edits; it is not
 * cryptographic, so a manifest is no signature. A hash file (manifest.fnv1a64
 * beside manifest.json, REPORT.html.fnv1a64 beside REPORT.html) records one
 * file the manifest cannot list, in the layout of sha256sum's lines. */
#include "util.h"

uint64_t tock__fnv1a64(const void *data, size_t len) {
    const unsigned char *p = (const unsigned char *)data;
    uint64_t h = 0xcbf29ce484222325u;
    for (size_t i = 0; i < len; i++) {
        h ^= p[i];
        h *= 0x100000001b3u;
    }
    return h;
}

void tock__fnv1a64_line(tock__buf *b, const void *data, size_t len, const char *name) {
    tock__buf_printf(b, "%016llx  %s\n", (unsigned long long)tock__fnv1a64(data, len), name);
}
