/* test_grid.c - grids (tock_register_grid) and the sweep files they write.
 *
 * A 3 x 2 grid (A in {1, 2, 3}, B in {10, 20}), 2 repeats, two routines and
 * two metrics with known values (val = A * B + seed, so its mean over seeds
 * 5 and 6 is A * B + 5.5 and its sample std sqrt(0.5)); the set-up holds
 * A * 1000 bytes. After a --quick run: sweeps/g.csv has exactly the expected
 * header and 6 rows whose integer columns are integers and whose metric
 * columns are the known values; sweeps/g.jsonl has the same 6 rows;
 * summary.json tags the points with "sweep"; REPORT.md lists the grid in its
 * own section, not in the latency table. No assertion on a measured time
 * beyond "positive". Then every registration error.
 * Usage: test_grid WORK_DIR
 */
#define TOCK_IMPLEMENTATION
#define TOCK_COUNT_ALLOCATIONS
#include "tock.h"

#include "check.h"
#include "proc.h"

typedef struct pt_ctx {
    int64_t a, b;
    uint64_t seed;
    char *mem;
} pt_ctx;

static int g_setup(const int64_t *pt, uint64_t seed, void **ctx) {
    pt_ctx *c = (pt_ctx *)malloc(sizeof *c);
    if (!c) return TOCK_ENOMEM;
    c->a = pt[0];
    c->b = pt[1];
    c->seed = seed;
    c->mem = (char *)calloc((size_t)pt[0], 1000);
    *ctx = c;
    return c->mem ? 0 : TOCK_ENOMEM;
}
static void g_teardown(void *ctx) {
    pt_ctx *c = (pt_ctx *)ctx;
    free(c->mem);
    free(c);
}
static void g_fast(void *ctx, uint64_t iters) {
    const pt_ctx *c = (const pt_ctx *)ctx;
    uint64_t x = 1;
    for (uint64_t i = 0; i < iters; i++)
        for (int64_t k = 0; k < c->a * c->b; k++) x = tock_black_box_u64(x + 1);
}
static void g_slow(void *ctx, uint64_t iters) {
    const pt_ctx *c = (const pt_ctx *)ctx;
    uint64_t x = 1;
    for (uint64_t i = 0; i < iters; i++)
        for (int64_t k = 0; k < 4 * c->a * c->b; k++) x = tock_black_box_u64(x * 3 + 1);
}
static int g_metrics(void *ctx, double *v) {
    const pt_ctx *c = (const pt_ctx *)ctx;
    v[0] = (double)(c->a * c->b) + (double)c->seed;
    v[1] = 0.25 * (double)c->a;
    return 0;
}

static const int64_t A[] = {1, 2, 3}, B[] = {10, 20};

static tock_grid_def make_def(void) {
    tock_grid_def d;
    memset(&d, 0, sizeof d);
    d.group = "sweep";
    d.name = "g";
    d.naxes = 2;
    d.axes[0] = (tock_axis){"A", 3, A};
    d.axes[1] = (tock_axis){"B", 2, B};
    d.repeats = 2;
    d.seed0 = 5;
    d.nroutines = 2;
    d.routine_names[0] = "fast";
    d.routines[0] = g_fast;
    d.routine_names[1] = "slow";
    d.routines[1] = g_slow;
    d.setup = g_setup;
    d.teardown = g_teardown;
    d.nconstants = 1;
    d.constant_names[0] = "tag";
    d.constant_json[0] = "[1,2]";
    d.nmetrics = 2;
    d.metric_names[0] = "val";
    d.metric_std[0] = 1;
    d.metric_names[1] = "quarter";
    d.metrics = g_metrics;
    d.warm_up_time_s = 0.005;
    d.measurement_time_s = 0.02;
    return d;
}

int main(int argc, char **argv) {
    if (argc != 2) {
        fprintf(stderr, "usage: test_grid WORK_DIR\n");
        return 2;
    }
    printf("registration errors leave nothing registered\n");
    tock_grid_def bad = make_def();
    bad.repeats = 0;
    CHECK_INT_EQ(tock_register_grid(&bad), TOCK_EINVAL);
    bad = make_def();
    bad.name = "has space";
    CHECK_INT_EQ(tock_register_grid(&bad), TOCK_EINVAL);
    bad = make_def();
    bad.axes[1].count = 0;
    CHECK_INT_EQ(tock_register_grid(&bad), TOCK_EINVAL);
    bad = make_def();
    bad.routine_names[1] = "a/b";
    CHECK_INT_EQ(tock_register_grid(&bad), TOCK_EINVAL);
    bad = make_def();
    bad.metrics = NULL;
    CHECK_INT_EQ(tock_register_grid(&bad), TOCK_EINVAL);
    bad = make_def();
    bad.constant_json[0] = "";
    CHECK_INT_EQ(tock_register_grid(&bad), TOCK_EINVAL);
    CHECK_INT_EQ(tock_register_grid(NULL), TOCK_EINVAL);

    static tock_grid_def def;
    def = make_def();
    CHECK_INT_EQ(tock_register_grid(&def), 0);
    CHECK_INT_EQ(tock_register_grid(&def), TOCK_EDUPLICATE);
    const tock_bench_def plain = {
        .group = "plain", .name = "loop", .routine = g_fast, .user = &(pt_ctx){1, 1, 0, NULL}};
    CHECK_INT_EQ(tock_register(&plain), 0);

    char out[1024], name[256], path[1400], rd[1300];
    snprintf(out, sizeof out, "%s/runs", argv[1]);
    rm_rf(argv[1]);
    mkdir_p(out);
    char *args[] = {argv[0], "--quick", "--nresamples", "1000", "--out", out, NULL};
    printf("a --quick run of 24 grid benchmarks and one plain one\n");
    CHECK_INT_EQ(tock_main(6, args), 0);
    CHECK_INT_EQ(dir_entries(out, name, sizeof name), 1);
    snprintf(rd, sizeof rd, "%s/%s", out, name);

    printf("sweeps/g.csv\n");
    snprintf(path, sizeof path, "%s/sweeps/g.csv", rd);
    char *csv = slurp(path, NULL);
    static const char hdr[] = "run_id,A,B,tag,time_fast_mean,time_fast_std,time_slow_mean,"
                              "time_slow_std,mem_peak_bytes_max,val_mean,val_std,quarter_mean\n";
    CHECK(csv && strncmp(csv, hdr, strlen(hdr)) == 0, "header is exactly %s", hdr);
    int rows = 0;
    const char *line = csv ? strchr(csv, '\n') : NULL;
    while (line && line[1]) {
        line++;
        char id[64];
        long long a, b, mem;
        double tf, tfs, ts, tss, vm, vs, q;
        /* mem_peak_bytes_max is an integer with heap accounting, else empty
         * (sanitizer builds replace malloc themselves) */
        int used = 0, got = sscanf(line, "%63[^,],%lld,%lld,\"[1,2]\",%lf,%lf,%lf,%lf,%n", id, &a,
                                   &b, &tf, &tfs, &ts, &tss, &used);
        mem = -1;
        if (got == 7 && used > 0) {
            const char *rest = line + used;
            int used2 = 0;
            if (tock_heap_available()) {
                if (sscanf(rest, "%lld,%n", &mem, &used2) == 1 && used2 > 0) got++;
            } else if (rest[0] == ',') {
                used2 = 1;
                got++;
            }
            if (used2 > 0) got += sscanf(rest + used2, "%lf,%lf,%lf", &vm, &vs, &q);
        }
        CHECK(got == 11, "row %d parses with integer A, B and mem %s (%d fields)", rows + 1,
              tock_heap_available() ? "(an integer)" : "(empty: no heap accounting)", got);
        if (got == 11) {
            char want[64];
            snprintf(want, sizeof want, "A%lld-B%lld", a, b);
            CHECK(strcmp(id, want) == 0, "run_id %s == %s", id, want);
            CHECK(a == A[rows / 2] && b == B[rows % 2], "row %d is point A=%lld B=%lld in order",
                  rows + 1, a, b);
            CHECK_NEAR(vm, (double)(a * b) + 5.5, 1e-12);
            CHECK_NEAR(vs, sqrt(0.5), 1e-12);
            CHECK_NEAR(q, 0.25 * (double)a, 1e-15);
            CHECK(tf > 0.0 && ts > 0.0 && tfs >= 0.0 && tss >= 0.0, "times positive (seconds)");
            if (tock_heap_available())
                CHECK(mem >= 1000 * a && mem < 1000 * a + 4096,
                      "mem_peak_bytes_max %lld holds the set-up's %lld bytes", mem, 1000 * a);
        }
        rows++;
        line = strchr(line, '\n');
    }
    CHECK_INT_EQ(rows, 6);
    free(csv);

    printf("sweeps/g.jsonl\n");
    snprintf(path, sizeof path, "%s/sweeps/g.jsonl", rd);
    char *jl = slurp(path, NULL);
    int jrows = 0;
    for (const char *c = jl; c && *c; c++) jrows += *c == '\n';
    CHECK_INT_EQ(jrows, 6);
    CHECK_CONTAINS(jl, "{\"run_id\":\"A1-B10\",\"A\":1,\"B\":10,\"tag\":[1,2],\"time_fast_mean\":");
    CHECK_CONTAINS(jl, "\"val_mean\":65.5,");
    CHECK_CONTAINS(jl, "\"repeats\":2}");
    free(jl);

    printf("summary.json and REPORT.md\n");
    snprintf(path, sizeof path, "%s/summary.json", rd);
    char *sum = slurp(path, NULL);
    CHECK_CONTAINS(sum, "\"id\": \"sweep/g/fast/A=1,B=10/seed=5\"");
    CHECK_CONTAINS(sum, "\"id\": \"sweep/g/slow/A=3,B=20/seed=6\"");
    CHECK_CONTAINS(sum, "\"sweep\": \"g\"");
    free(sum);
    snprintf(path, sizeof path, "%s/REPORT.md", rd);
    char *rep = slurp(path, NULL);
    CHECK_CONTAINS(rep, "## Sweep g");
    CHECK_CONTAINS(rep, "| A3-B20 |");
    CHECK_CONTAINS(rep, "Fastest: ");
    CHECK_CONTAINS(rep, "| plain/loop |");
    CHECK_NOT_CONTAINS(rep, "| sweep/g/");
    /* no benchmark declares a published figure or an ISA: neither appears */
    CHECK_NOT_CONTAINS(rep, "published");
    CHECK_NOT_CONTAINS(rep, "ISA");
    free(rep);
    snprintf(path, sizeof path, "%s/manifest.json", rd);
    char *man = slurp(path, NULL);
    CHECK_CONTAINS(man, "\"sweeps/g.csv\"");
    CHECK_CONTAINS(man, "\"sweeps/g.jsonl\"");
    free(man);

    printf("a filter that selects no grid point: no sweeps/, no sweep section\n");
    def = make_def();
    CHECK_INT_EQ(tock_register_grid(&def), 0); /* tock_main freed the registry */
    CHECK_INT_EQ(tock_register(&plain), 0);
    char out2[1100];
    snprintf(out2, sizeof out2, "%s/runs_plain", argv[1]);
    mkdir_p(out2);
    char *args2[] = {argv[0], "--quick", "--nresamples", "1000", "--out", out2, "plain", NULL};
    CHECK_INT_EQ(tock_main(7, args2), 0);
    CHECK_INT_EQ(dir_entries(out2, name, sizeof name), 1);
    char p2[1400];
    snprintf(p2, sizeof p2, "%.1000s/%.256s/sweeps", out2, name);
    CHECK(access(p2, F_OK) != 0, "no sweeps/ directory in %.900s", p2);
    snprintf(p2, sizeof p2, "%.1000s/%.256s/REPORT.md", out2, name);
    rep = slurp(p2, NULL);
    CHECK_CONTAINS(rep, "| plain/loop |");
    CHECK_NOT_CONTAINS(rep, "## Sweep");
    free(rep);

    /* Issue 12, item 1: a filter that selects only the second routine of a
     * grid left routine 0 without a time anywhere; the writer picked the
     * fastest point from it, found none and indexed past the grid (heap
     * overflow, exit 139, no summary or manifest). */
    printf("a filter that selects only the second routine: sweep files, fastest per slow\n");
    def = make_def();
    CHECK_INT_EQ(tock_register_grid(&def), 0);
    char out3[1100];
    snprintf(out3, sizeof out3, "%s/runs_slow_only", argv[1]);
    mkdir_p(out3);
    char *args3[] = {argv[0], "--quick", "--nresamples", "1000",
                     "--out", out3,      "--exact",      "sweep/g/slow/A=2,B=10/seed=5",
                     NULL};
    CHECK_INT_EQ(tock_main(8, args3), 0);
    CHECK_INT_EQ(dir_entries(out3, name, sizeof name), 1);
    snprintf(p2, sizeof p2, "%.1000s/%.256s/REPORT.md", out3, name);
    rep = slurp(p2, NULL);
    CHECK_CONTAINS(rep, "## Sweep g");
    CHECK_CONTAINS(rep, "per slow; slowest: A2-B10");
    free(rep);
    snprintf(p2, sizeof p2, "%.1000s/%.256s/sweeps/g.jsonl", out3, name);
    jl = slurp(p2, NULL);
    CHECK_CONTAINS(jl, "\"run_id\":\"A2-B10\"");
    CHECK_CONTAINS(jl, "\"repeats\":1}");
    free(jl);
    snprintf(p2, sizeof p2, "%.1000s/%.256s/manifest.json", out3, name);
    man = slurp(p2, NULL);
    CHECK_CONTAINS(man, "\"status\": \"complete\"");
    free(man);
    return check_summary();
}
