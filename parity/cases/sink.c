/* sink.c: hashing and dumping of case segments (see sink.h and
 * ../common/protocol.h). Input and output bytes go to separate XXH3-128
 * states so that a changed input is never mistaken for a kernel difference.
 * Nothing here may depend on the ISA or thread count: it only sees bytes. */
#define _POSIX_C_SOURCE 200809L
#include "sink.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xxhash.h>

#include "ht.h"

static const char *const elem_names[TCASE_ELEM_COUNT] = {
#define TCASE__ELEM_NAME(id, name, size) name,
    TCASE_ELEM_MAP(TCASE__ELEM_NAME)
#undef TCASE__ELEM_NAME
};
static const size_t elem_sizes[TCASE_ELEM_COUNT] = {
#define TCASE__ELEM_SIZE(id, name, size) size,
    TCASE_ELEM_MAP(TCASE__ELEM_SIZE)
#undef TCASE__ELEM_SIZE
};

struct tcase_sink {
    FILE *report;
    char *only;
    char *dump_case;
    char *dump_path;
    char *dump_tmp;
    FILE *dump;
    bool dump_done;
    bool write_error;
    size_t cases;
    /* the open case */
    bool open;
    bool active; /* passes the --only filter */
    bool dumping;
    char name[TCASE_NAME_MAX];
    char group[32];
    int step;
    size_t out_bytes;
    XXH3_state_t *hin;
    XXH3_state_t *hout;
    XXH3_state_t *hnan; /* output with NaNs canonical (protocol.h) */
};

_Noreturn void tcase_fatal(const char *file, int line, const char *what, int status) {
    fflush(stdout);
    fprintf(stderr, "tock-parity-cases: %s:%d: %s returned %d (%s: %s)\n", file, line, what, status,
            ht_status_name(status), ht_status_message(status));
    exit(TCASE_EXIT_ERROR);
}

static char *dup_or_null(const char *s) {
    if (!s) return NULL;
    size_t n = strlen(s) + 1;
    char *d = malloc(n);
    if (d) memcpy(d, s, n);
    return d;
}

int tcase_sink_create(tcase_sink **out, FILE *report, const char *only, const char *dump_case,
                      const char *dump_path) {
    tcase_sink *s = calloc(1, sizeof *s);
    if (!s) return -1;
    s->report = report;
    s->only = dup_or_null(only);
    s->dump_case = dup_or_null(dump_case);
    s->dump_path = dup_or_null(dump_path);
    s->hin = XXH3_createState();
    s->hout = XXH3_createState();
    s->hnan = XXH3_createState();
    if ((only && !s->only) || (dump_case && !s->dump_case) || (dump_path && !s->dump_path) ||
        !s->hin || !s->hout || !s->hnan) {
        tcase_sink_destroy(s);
        return -1;
    }
    *out = s;
    return 0;
}

void tcase_sink_destroy(tcase_sink *s) {
    if (!s) return;
    if (s->dump) {
        fclose(s->dump);
        if (s->dump_tmp) unlink(s->dump_tmp);
    }
    free(s->only);
    free(s->dump_case);
    free(s->dump_path);
    free(s->dump_tmp);
    XXH3_freeState(s->hin);
    XXH3_freeState(s->hout);
    XXH3_freeState(s->hnan);
    free(s);
}

bool tcase_sink_wants(const tcase_sink *s, const char *prefix) {
    if (!s->only) return true;
    size_t a = strlen(s->only), b = strlen(prefix);
    size_t n = a < b ? a : b;
    return strncmp(s->only, prefix, n) == 0;
}

static void hex128(XXH3_state_t *st, char out[33]) {
    XXH128_canonical_t c;
    XXH128_canonicalFromHash(&c, XXH3_128bits_digest(st));
    static const char digits[] = "0123456789abcdef";
    for (int i = 0; i < 16; i++) {
        out[2 * i] = digits[c.digest[i] >> 4];
        out[2 * i + 1] = digits[c.digest[i] & 15];
    }
    out[32] = '\0';
}

void tcase_case_begin(tcase_sink *s, const char *group, int step, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(s->name, sizeof s->name, fmt, ap);
    va_end(ap);
    if (n < 0 || (size_t)n >= sizeof s->name) {
        fprintf(stderr, "tock-parity-cases: case name too long: %s...\n", s->name);
        exit(TCASE_EXIT_ERROR);
    }
    snprintf(s->group, sizeof s->group, "%s", group);
    s->step = step;
    s->open = true;
    s->active = !s->only || strncmp(s->name, s->only, strlen(s->only)) == 0;
    s->dumping = s->active && s->dump_case && strcmp(s->name, s->dump_case) == 0;
    s->out_bytes = 0;
    XXH3_128bits_reset(s->hin);
    XXH3_128bits_reset(s->hout);
    XXH3_128bits_reset(s->hnan);
    if (s->dumping) {
        size_t len = strlen(s->dump_path) + 32;
        s->dump_tmp = malloc(len);
        if (!s->dump_tmp) {
            s->write_error = true;
            return;
        }
        snprintf(s->dump_tmp, len, "%s.tmp.%ld", s->dump_path, (long)getpid());
        s->dump = fopen(s->dump_tmp, "wb");
        if (!s->dump) {
            fprintf(stderr, "tock-parity-cases: --out %s: cannot create %s\n", s->dump_path,
                    s->dump_tmp);
            s->write_error = true;
            return;
        }
        fprintf(s->dump, "TOCKDUMP %d\ncase %s %s %d\n", TCASE_PROTOCOL_VERSION, s->name, s->group,
                s->step);
    }
}

/* The output bytes again, every NaN replaced by the canonical quiet NaN of
 * its type (protocol.h), in blocks so that no copy of a segment is needed. */
static void hash_nan_canonical(XXH3_state_t *st, tcase_elem type, const void *data, size_t count) {
    const unsigned char *p = data;
    if (type != TCASE_ELEM_F32 && type != TCASE_ELEM_F64) {
        XXH3_128bits_update(st, p, count * elem_sizes[type]);
        return;
    }
    union {
        float f[256];
        double d[128];
        unsigned char b[1024];
    } blk;
    size_t per = type == TCASE_ELEM_F32 ? 256 : 128, size = elem_sizes[type];
    for (size_t i = 0; i < count; i += per) {
        size_t n = count - i < per ? count - i : per;
        memcpy(blk.b, p + i * size, n * size);
        for (size_t k = 0; k < n; k++) {
            if (type == TCASE_ELEM_F32 && blk.f[k] != blk.f[k]) {
                const uint32_t q = 0x7fc00000u;
                memcpy(&blk.f[k], &q, sizeof q);
            } else if (type == TCASE_ELEM_F64 && blk.d[k] != blk.d[k]) {
                const uint64_t q = 0x7ff8000000000000u;
                memcpy(&blk.d[k], &q, sizeof q);
            }
        }
        XXH3_128bits_update(st, blk.b, n * size);
    }
}

void tcase_case_seg(tcase_sink *s, bool is_output, tcase_elem type, const void *data, size_t d0,
                    size_t d1, size_t d2, const char *fmt, ...) {
    if (!s->open || !s->active) return;
    size_t count = d0 * d1 * d2;
    size_t bytes = count * elem_sizes[type];
    if (bytes) XXH3_128bits_update(is_output ? s->hout : s->hin, data, bytes);
    if (bytes && is_output) hash_nan_canonical(s->hnan, type, data, count);
    if (is_output) s->out_bytes += bytes;
    if (s->dumping && s->dump) {
        char seg[TCASE_NAME_MAX];
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(seg, sizeof seg, fmt, ap);
        va_end(ap);
        int ndims = d2 > 1 ? 3 : d1 > 1 ? 2 : 1;
        fprintf(s->dump, "seg %s %s %s %d %zu %zu %zu %zu\n", is_output ? "out" : "in", seg,
                elem_names[type], ndims, d0, d1, d2, bytes);
        if (bytes && fwrite(data, 1, bytes, s->dump) != bytes) s->write_error = true;
        fputc('\n', s->dump);
    }
}

void tcase_case_end(tcase_sink *s) {
    if (!s->open) return;
    s->open = false;
    if (!s->active) return;
    char in[33], out[33], nan[33];
    hex128(s->hin, in);
    hex128(s->hout, out);
    hex128(s->hnan, nan);
    fprintf(s->report, "case %s %s %d %s %s %zu %s\n", s->name, s->group, s->step, in, out,
            s->out_bytes, nan);
    s->cases++;
    if (s->dumping && s->dump) {
        fputs("end\n", s->dump);
        if (fflush(s->dump) != 0 || ferror(s->dump)) s->write_error = true;
        if (fclose(s->dump) != 0) s->write_error = true;
        s->dump = NULL;
        if (!s->write_error && rename(s->dump_tmp, s->dump_path) != 0) s->write_error = true;
        if (s->write_error) unlink(s->dump_tmp);
        s->dump_done = !s->write_error;
    }
}

int tcase_sink_finish(tcase_sink *s) {
    fprintf(s->report, "done %zu\n", s->cases);
    fflush(s->report);
    if (s->write_error) {
        fprintf(stderr, "tock-parity-cases: --out %s: writing the dump failed\n",
                s->dump_path ? s->dump_path : "?");
        return TCASE_EXIT_ERROR;
    }
    if (s->dump_case && !s->dump_done) {
        fprintf(stderr,
                "tock-parity-cases: --dump %s: no case has that name (run without --dump for the "
                "list)\n",
                s->dump_case);
        return TCASE_EXIT_ERROR;
    }
    return TCASE_EXIT_OK;
}
