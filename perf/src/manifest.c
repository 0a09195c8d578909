/* manifest.c - manifest.json, written last: status, configuration and its hash,
 * and every artifact with its size and FNV-1a 64 hash; then manifest.fnv1a64,
 * the manifest's own hash (one line: the hex hash and "manifest.json"), so
 * tock-report --validate can tell an edited manifest too. A run directory
 * without manifest.json is incomplete. The hashes catch accidents, not
 * tampering: anyone can recompute them, so they are no signature.
 */
#include "internal.h"

int tock__write_manifest(tock__state *S, int interrupted, int exit_code) {
    tock__buf cfg = {0}, buf = {0};
    tock__config_json(&S->cfg, &cfg);
    if (cfg.err) return cfg.err;
    char finished[32], hx[32];
    tock__utc(finished, sizeof finished, "%Y-%m-%dT%H:%M:%SZ", time(NULL));
    tock__json j;
    tock__json_init(&j, &buf, 1);
    tock__json_begin(&j, NULL, '{');
    tock__json_string(&j, "schema", "tock.manifest/1");
    tock__json_string(&j, "status", interrupted ? "interrupted" : "complete");
    tock__json_u64(&j, "exit_code", (uint64_t)exit_code);
    tock__json_string(&j, "run_id", S->run_id);
    tock__json_string(&j, "tock_version", TOCK_VERSION_STRING);
    tock__json_string(&j, "started_utc", S->started_iso);
    tock__json_string(&j, "finished_utc", finished);
    /* the config is embedded compact so its hash can be checked by hashing
     * the exact bytes between "config": and the following comma */
    tock__json_raw(&j, "config", cfg.p);
    snprintf(hx, sizeof hx, "%016llx", (unsigned long long)tock__fnv1a64(cfg.p, cfg.len));
    tock__json_string(&j, "config_hash", hx);
    tock__json_string(&j, "hash_algorithm", "fnv1a64");
    size_t sel = 0, done = 0;
    tock__json_begin(&j, "benchmarks_not_measured", '[');
    for (size_t i = 0; i < S->nbench; i++) {
        const tock__bench *b = &S->benches[i];
        if (!b->selected) continue;
        sel++;
        if (b->state == TOCK__DONE) {
            done++;
            continue;
        }
        tock__json_begin(&j, NULL, '{');
        tock__json_string(&j, "id", b->id);
        tock__json_string(&j, "reason",
                          b->state == TOCK__FAILED ? tock_strerror(b->error)
                                                   : "interrupted before completion");
        tock__json_end(&j, '}');
    }
    tock__json_end(&j, ']');
    tock__json_u64(&j, "benchmarks_selected", sel);
    tock__json_u64(&j, "benchmarks_measured", done);
    tock__json_begin(&j, "artifacts", '[');
    for (size_t i = 0; i < S->narts; i++) {
        snprintf(hx, sizeof hx, "%016llx", (unsigned long long)S->arts[i].hash);
        tock__json_begin(&j, NULL, '{');
        int pretty = j.pretty;
        j.pretty = 0;
        tock__json_string(&j, "path", S->arts[i].path);
        tock__json_u64(&j, "bytes", S->arts[i].bytes);
        tock__json_string(&j, "fnv1a64", hx);
        tock__json_end(&j, '}');
        j.pretty = pretty;
    }
    tock__json_end(&j, ']');
    tock__json_end(&j, '}');
    int rc = tock__write_artifact(S, "manifest.json", &buf);
    if (rc == 0) {
        /* written atomically like every file of the run, right after the
         * manifest it records (never listed in it: nothing can list itself) */
        tock__buf line = {0};
        tock__fnv1a64_line(&line, buf.p, buf.len, "manifest.json");
        char path[TOCK__PATH + 32];
        snprintf(path, sizeof path, "%s/manifest.fnv1a64", S->run_dir);
        if (line.err) {
            rc = line.err;
        } else if (tock__write_atomic(path, line.p, line.len) != 0) {
            fprintf(stderr, "tock: cannot write %s: %s\n", path, strerror(errno));
            rc = TOCK_EIO;
        }
        tock__buf_free(&line);
    }
    tock__buf_free(&buf);
    tock__buf_free(&cfg);
    return rc;
}
