/* fuzz_baseline.c - the baseline reader under libFuzzer, and its corpus replay.
 *
 * Built with clang -fsanitize=fuzzer,address, LLVMFuzzerTestOneInput feeds
 * arbitrary bytes to tock_baseline_parse: it must never crash, leak or read
 * out of bounds, must reject with a "line N: ..." message, and whatever it
 * accepts must satisfy the documented invariants and survive a comparison.
 * Built with -DTOCK_FUZZ_REPLAY (any compiler), main() replays files or
 * directories: valid_* must parse, invalid_* must be rejected with a
 * message naming the line; it ends with "N passed, N failed".
 */
#define TOCK_IMPLEMENTATION
#include "tock.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int fuzz__check(const uint8_t *data, size_t size, int *accepted, char *err, size_t cap) {
    tock_baseline b;
    int rc = tock_baseline_parse((const char *)data, size, &b, err, cap);
    *accepted = rc == 0;
    if (rc != 0) return (rc == TOCK_EINVAL && strncmp(err, "line ", 5) == 0) ? 0 : -1;
    int ok = b.name && b.created && b.run_id;
    /* a count baseline: finite bounded events per iteration, est. cycles finite */
    for (size_t i = 0; ok && b.mode == TOCK_BASELINE_COUNTS && i < b.nbench; i++) {
        const tock_baseline_bench *x = &b.benches[i];
        ok =
            x->id && x->count_iters >= 1 && x->n == 0 && isfinite(tock_count_est_cycles(x->counts));
        for (int k = 0; ok && k < TOCK_COUNT_NEVENTS; k++)
            ok = isfinite(x->counts[k]) && fabs(x->counts[k]) <= 1e18;
    }
    for (size_t i = 0; ok && b.mode == TOCK_BASELINE_TIME && i < b.nbench; i++) {
        const tock_baseline_bench *x = &b.benches[i];
        ok = x->id && x->n >= 2 && x->iters && x->ns && x->typical.point > 0.0 &&
             x->median.point > 0.0;
        for (size_t k = 0; ok && k < x->n; k++)
            ok = x->iters[k] >= 1.0 && x->ns[k] > 0.0 && isfinite(x->ns[k]);
    }
    if (ok && b.mode == TOCK_BASELINE_TIME && b.nbench >= 2) {
        /* whatever the reader accepts, the comparison must digest */
        const tock_baseline_bench *o = &b.benches[0], *n = &b.benches[1];
        tock_change c;
        int crc =
            tock_compare_samples(o->iters, o->ns, o->n, n->iters, n->ns, n->n, 50, 0.95, 1, &c);
        ok = crc == 0 && isfinite(c.median.point) && c.p_value > 0.0 && c.p_value <= 1.0;
    }
    tock_baseline_free(&b);
    if (!ok) snprintf(err, cap, "accepted input violates an invariant");
    return ok ? 0 : -1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    char err[256];
    int accepted;
    if (fuzz__check(data, size, &accepted, err, sizeof err) != 0) {
        fprintf(stderr, "fuzz_baseline: %s\n", err);
        abort();
    }
    return 0;
}

#ifdef TOCK_FUZZ_REPLAY
#include <dirent.h>

static int passed, failed;

static void replay_file(const char *path, const char *base) {
    FILE *f = fopen(path, "rb");
    if (!f) return;
    size_t cap = 1 << 16, n = 0;
    uint8_t *p = malloc(cap);
    for (;;) {
        if (!p) break;
        size_t got = fread(p + n, 1, cap - n, f);
        n += got;
        if (n < cap) break;
        uint8_t *q = realloc(p, cap *= 2);
        if (!q) {
            free(p);
            p = NULL;
        } else {
            p = q;
        }
    }
    fclose(f);
    if (!p) return;
    char err[256] = "";
    int accepted;
    int rc = fuzz__check(p, n, &accepted, err, sizeof err);
    int want_valid = strncmp(base, "valid", 5) == 0,
        want_invalid = strncmp(base, "invalid", 7) == 0;
    int ok = rc == 0 && (!want_valid || accepted) && (!want_invalid || !accepted);
    printf("  %s  %s: %s%s\n", ok ? "ok  " : "FAIL", base,
           accepted ? "accepted" : "rejected: ", accepted ? "" : err);
    ok ? passed++ : failed++;
    free(p);
}

int main(int argc, char **argv) {
    for (int i = 1; i < argc; i++) {
        DIR *d = opendir(argv[i]);
        if (!d) {
            const char *s = strrchr(argv[i], '/');
            replay_file(argv[i], s ? s + 1 : argv[i]);
            continue;
        }
        struct dirent *e;
        while ((e = readdir(d)) != NULL) {
            if (e->d_name[0] == '.') continue;
            char path[4096];
            snprintf(path, sizeof path, "%s/%s", argv[i], e->d_name);
            replay_file(path, e->d_name);
        }
        closedir(d);
    }
    if (passed + failed == 0) failed++; /* an empty corpus is a broken test */
    printf("%d passed, %d failed\n", passed, failed);
    return failed ? 1 : 0;
}
#endif
