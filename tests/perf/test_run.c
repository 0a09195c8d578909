/* test_run.c - a --quick run writes a complete, consistent run directory.
 *
 * Runs cli_target (argv[1]) with --quick into a scratch directory (argv[2])
 * and checks the directory name, that every file exists and is non-empty,
 * that the JSON files parse (a built-in strict checker; python3's json.tool
 * as well when /usr/bin/python3 exists), the record fields, linear sampling
 * in the samples files, the manifest's sizes and FNV-1a 64 hashes, the config
 * hash, and that no temporary file is left behind. Never asserts on a time.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdarg.h>

#include "check.h"
#include "jsonv.h"
#include "proc.h"

static const char *ids[4] = {"triv/add", "triv/param/1", "triv/param/2", "triv/batched"};
static const char *files[4] = {"triv_add", "triv_param_1", "triv_param_2", "triv_batched"};

static long count_lines(const char *s) {
    long n = 0;
    for (; s && *s; s++) n += *s == '\n';
    return n;
}

static long count_char(const char *s, char c, const char *end) {
    long n = 0;
    for (; s && *s && s < end; s++) n += *s == c;
    return n;
}

/* the integer after `"key": ` in the record that starts at `"id": "<id>"` */
static long record_int(const char *summary, const char *id, const char *key) {
    char pat[256];
    snprintf(pat, sizeof pat, "\"id\": \"%s\"", id);
    const char *r = strstr(summary, pat);
    if (!r) return -1;
    snprintf(pat, sizeof pat, "\"%s\": ", key);
    const char *k = strstr(r, pat);
    return k ? strtol(k + strlen(pat), NULL, 10) : -1;
}

static void check_no_tmp(const char *dir) {
    DIR *d = opendir(dir);
    int tmp = 0;
    struct dirent *e;
    while (d && (e = readdir(d)) != NULL) tmp += strstr(e->d_name, ".tmp.") != NULL;
    if (d) closedir(d);
    CHECK(tmp == 0, "no temporary files left in %s (%d)", dir, tmp);
}

int main(int argc, char **argv) {
    if (argc != 3) {
        fprintf(stderr, "usage: test_run CLI_TARGET WORK_DIR\n");
        return 2;
    }
    const char *work = argv[2];
    rm_rf(work);
    mkdir_p(work);
    char out[1024], name[256], rd[1400], path[4096];
    snprintf(out, sizeof out, "%s/runs", work);
    char *args[] = {argv[1], "--quick", "--out", out, NULL};
    run_result R;

    printf("a --quick run of 4 benchmarks\n");
    CHECK_INT_EQ(run_capture(work, args, &R), 0);
    printf("%s", R.out);
    CHECK_INT_EQ(dir_entries(out, name, sizeof name), 1);
    CHECK(strlen(name) > 17 && name[8] == 'T' && name[15] == 'Z' && name[16] == '-',
          "run directory is <YYYYmmddTHHMMSSZ>-<commit>: %s", name);
    snprintf(rd, sizeof rd, "%s/%s", out, name);

    printf("every file exists, is non-empty, and JSON parses\n");
    static const char *top[5] = {"manifest.json", "provenance.json", "summary.json", "summary.csv",
                                 "REPORT.md"};
    char *text[5];
    size_t len[5];
    for (int i = 0; i < 5; i++) {
        snprintf(path, sizeof path, "%s/%s", rd, top[i]);
        text[i] = slurp(path, &len[i]);
        CHECK(text[i] && len[i] > 0, "%s exists and is non-empty (%zu bytes)", top[i],
              text[i] ? len[i] : 0);
        if (!text[i]) text[i] = (char *)calloc(1, 1);
        if (i < 3) CHECK(jsonv_valid(text[i], len[i]), "%s is valid JSON", top[i]);
    }
    char *man = text[0], *prov = text[1], *sum = text[2], *csv = text[3], *rep = text[4];
    if (access("/usr/bin/python3", X_OK) == 0) {
        for (int i = 0; i < 3; i++) {
            snprintf(path, sizeof path, "%s/%s", rd, top[i]);
            char *py[] = {"/usr/bin/python3", "-m", "json.tool", path, NULL};
            run_result P;
            CHECK(run_capture(work, py, &P) == 0, "python3 -m json.tool %s -> 0", top[i]);
            run_free(&P);
        }
    } else {
        printf("notice: /usr/bin/python3 not found; second JSON check skipped\n");
    }

    printf("summary.json records\n");
    CHECK_CONTAINS(sum, "\"schema\": \"tock.summary/1\"");
    CHECK_CONTAINS(sum, "\"status\": \"complete\"");
    for (int i = 0; i < 4; i++) {
        char pat[128];
        snprintf(pat, sizeof pat, "\"id\": \"%s\"", ids[i]);
        CHECK_CONTAINS(sum, pat);
    }
    CHECK_CONTAINS(sum, "\"unit\": \"ns\"");
    CHECK_CONTAINS(sum, "\"typical\": {\"point\":");
    CHECK_CONTAINS(sum, "\"mad\": {\"point\":");
    CHECK_CONTAINS(sum, "\"outliers\": {");
    CHECK_CONTAINS(sum, "\"parameter\": null");
    CHECK_CONTAINS(sum, "\"parameter\": \"2\"");
    CHECK_CONTAINS(sum, "\"kind\": \"bytes\"");
    CHECK_CONTAINS(sum, "\"kind\": \"elements\"");
    CHECK_CONTAINS(sum, "\"per_second\": {\"point\":");
    CHECK_CONTAINS(sum, "\"throughput\": null");
    CHECK_CONTAINS(sum, "\"published_ns\": 1,");
    CHECK_CONTAINS(sum, "\"floor_id\": \"triv/param/1\"");
    CHECK_CONTAINS(sum, "\"mode\": \"throughput\"");
    CHECK_CONTAINS(sum, "\"target_precision\": 0.05,");
    CHECK_CONTAINS(sum, "\"achieved_precision\": ");
    CHECK_CONTAINS(sum, "\"stop_reason\": \"");
    CHECK_CONTAINS(sum, "\"epochs\": [");

    printf("samples files: one row per sample, linear sampling (row i = i * row 1)\n");
    for (int i = 0; i < 4; i++) {
        snprintf(path, sizeof path, "%s/samples/%s.csv", rd, files[i]);
        char *s = slurp(path, NULL);
        long rows = count_lines(s) - 1, n = record_int(sum, ids[i], "samples");
        CHECK(s && strncmp(s, "iterations,ns\n", 14) == 0, "%s.csv header iterations,ns", files[i]);
        CHECK(rows == n && n >= 10, "%s.csv: %ld rows == %ld samples >= 10", files[i], rows, n);
        /* --quick runs 2 epochs, each its own 1d, 2d, 3d... with its own d */
        int linear = 1, epochs = 0;
        unsigned long long d = 0, total = 0, prev = 0;
        const char *line = s ? strchr(s, '\n') : NULL;
        for (long r = 0; line && line[1];) {
            unsigned long long it = strtoull(line + 1, NULL, 10);
            if (r == 0 || it != (unsigned long long)(r + 1) * d) { /* a new epoch */
                linear &= r == 0 || r >= 10; /* the one before had its 10 samples */
                d = it;
                r = 1;
                epochs++;
            } else {
                r++;
            }
            linear &= d > 0 && it > 0 && (epochs > 1 || r == 1 || it > prev);
            prev = it;
            total += it;
            line = strchr(line + 1, '\n');
        }
        CHECK(linear && epochs >= 1, "%s.csv iterations are 1d, 2d, 3d... in each epoch", files[i]);
        CHECK(epochs == 2, "%s.csv: %d epochs (--quick: 2)", files[i], epochs);
        CHECK(total == (unsigned long long)record_int(sum, ids[i], "iterations"),
              "%s: iterations total %llu matches summary", files[i], total);
        free(s);
    }

    printf("summary.csv\n");
    static const char hdr[] =
        "id,group,name,parameter,mode,unit,typical_point,typical_lower,typical_upper,";
    CHECK(strncmp(csv, hdr, strlen(hdr)) == 0, "summary.csv header starts %s", hdr);
    CHECK_INT_EQ(count_lines(csv), 5);
    const char *eol = strchr(csv, '\n');
    long hdr_commas = count_char(csv, ',', eol), same = 1;
    for (const char *l = eol + 1; eol && *l;) {
        const char *e = strchr(l, '\n');
        if (!e) break;
        same &= count_char(l, ',', e) == hdr_commas;
        l = e + 1;
    }
    CHECK(same, "every row has the header's %ld commas", hdr_commas);
    CHECK_CONTAINS(csv, "\ntriv/param/2,triv,param,2,latency,ns,");

    printf("manifest.json: status, sizes and hashes of every artifact, config hash\n");
    CHECK_CONTAINS(man, "\"schema\": \"tock.manifest/1\"");
    CHECK_CONTAINS(man, "\"status\": \"complete\"");
    CHECK_CONTAINS(man, "\"exit_code\": 0");
    CHECK_CONTAINS(man, "\"hash_algorithm\": \"fnv1a64\"");
    CHECK_CONTAINS(man, "\"benchmarks_measured\": 4");
    int arts = 0, good = 0;
    for (const char *a = strstr(man, "{\"path\":\""); a; a = strstr(a + 1, "{\"path\":\"")) {
        char rel[512], hex[32];
        unsigned long long bytes;
        if (sscanf(a, "{\"path\":\"%511[^\"]\",\"bytes\":%llu,\"fnv1a64\":\"%31[0-9a-f]\"", rel,
                   &bytes, hex) != 3)
            continue;
        arts++;
        snprintf(path, sizeof path, "%s/%s", rd, rel);
        size_t n = 0;
        char *f = slurp(path, &n);
        char got[32];
        snprintf(got, sizeof got, "%016llx", f ? (unsigned long long)test_fnv1a64(f, n) : 0ull);
        if (f && n == bytes && strcmp(got, hex) == 0)
            good++;
        else
            printf("    %s: %zu bytes, hash %s; manifest says %llu, %s\n", rel, n, got, bytes, hex);
        free(f);
    }
    CHECK_INT_EQ(arts, 8); /* 4 samples + provenance, summary.json, summary.csv, REPORT.md */
    CHECK_INT_EQ(good, arts);
    const char *c0 = strstr(man, "\"config\": "), *c1 = strstr(man, ",\n  \"config_hash\": \"");
    if (c0 && c1) {
        c0 += strlen("\"config\": ");
        char got[32];
        snprintf(got, sizeof got, "%016llx",
                 (unsigned long long)test_fnv1a64(c0, (size_t)(c1 - c0)));
        CHECK(strncmp(c1 + strlen(",\n  \"config_hash\": \""), got, 16) == 0,
              "config_hash == FNV-1a 64 of the config text (%s)", got);
        CHECK(jsonv_valid(c0, (size_t)(c1 - c0)), "the config text is itself valid JSON");
    } else {
        CHECK(0, "manifest has \"config\" followed by \"config_hash\"");
    }
    check_no_tmp(rd);
    snprintf(path, sizeof path, "%s/samples", rd);
    check_no_tmp(path);

    printf("provenance.json and REPORT.md\n");
    CHECK_CONTAINS(prov, "\"schema\": \"tock.provenance/1\"");
    CHECK_CONTAINS(prov, "\"commit\": ");
    CHECK_CONTAINS(prov, "\"dirty\": ");
    CHECK_CONTAINS(prov, "\"flags\": ");
    CHECK_CONTAINS(prov, "\"overhead_ns\": ");
    CHECK_CONTAINS(prov, "\"resolution_ns\": ");
    CHECK_CONTAINS(prov, "\"frequency_hz\": ");
    CHECK_CONTAINS(prov, "\"governor\": ");
    CHECK_CONTAINS(prov, "\"hypervisor\": {");
    CHECK_CONTAINS(prov, "\"release\": ");
    CHECK_CONTAINS(prov, "\"date_utc\": \"20");
    CHECK_CONTAINS(prov, "\"isa\": \"none\"");
    CHECK_CONTAINS(rep, "# tock run ");
    CHECK_CONTAINS(rep, "Status: **complete**");
    CHECK_CONTAINS(rep, "| commit |");
    CHECK_CONTAINS(rep, "Rust/Criterion");
    for (int i = 0; i < 4; i++) {
        char pat[128];
        snprintf(pat, sizeof pat, "| %s |", ids[i]);
        CHECK_CONTAINS(rep, pat);
    }
    for (int i = 0; i < 5; i++) free(text[i]);
    run_free(&R);

    printf("a second run in the same second gets its own directory\n");
    char *args2[] = {argv[1],    "--warm-up-time", "0.01", "--measurement-time",
                     "0.02",     "--nresamples",   "1000", "--exact",
                     "triv/add", "--out",          out,    NULL};
    CHECK_INT_EQ(run_capture(work, args2, &R), 0);
    run_free(&R);
    CHECK_INT_EQ(run_capture(work, args2, &R), 0);
    run_free(&R);
    CHECK_INT_EQ(dir_entries(out, NULL, 0), 3);
    return check_summary();
}
