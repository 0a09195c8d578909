/* test_json.c - tock.h's writers and registry, without measuring anything.
 *
 * The internal JSON writer (escaping, invalid UTF-8, non-finite numbers,
 * round-trip number format), the FNV-1a 64 artifact hash against the
 * published test vectors, and the registration and provenance API's
 * validation. It must never run a benchmark or touch the file system.
 */
#define TOCK_IMPLEMENTATION
#include "tock.h"

#include "check.h"
#include "jsonv.h"

static void noop(void *ctx, uint64_t iters) {
    (void)ctx;
    (void)iters;
}

static void test_writer(void) {
    printf("JSON writer\n");
    tock__buf b = {0};
    tock__json j;
    tock__json_init(&j, &b, 1);
    tock__json_begin(&j, NULL, '{');
    tock__json_string(&j, "quote\"back\\slash", "tab\tnl\ncr\rctl\x01 bell\x07");
    tock__json_string(&j, "utf8", "\xc2\xb5s caf\xc3\xa9"); /* valid: kept */
    tock__json_string(&j, "bad",
                      "a\xff"
                      "b\xc3(\xed\xa0\x80z"); /* invalid bytes */
    tock__json_string(&j, "null_string", NULL);
    tock__json_double(&j, "tenth", 0.1);
    tock__json_double(&j, "third", 1.0 / 3.0);
    tock__json_double(&j, "nan", NAN);
    tock__json_double(&j, "inf", -INFINITY);
    tock__json_double(&j, "tiny", 5e-324);
    tock__json_u64(&j, "max", UINT64_MAX);
    tock__json_bool(&j, "t", 1);
    tock__json_begin(&j, "empty_list", '[');
    tock__json_end(&j, ']');
    tock__json_begin(&j, "list", '[');
    tock__json_double(&j, NULL, 1.5);
    tock__json_begin(&j, NULL, '{');
    tock__json_null(&j, "x");
    tock__json_end(&j, '}');
    tock__json_end(&j, ']');
    tock_estimate e = {1.0, 0.5, 2.0};
    tock__json_estimate(&j, "est", &e);
    tock__json_end(&j, '}');
    CHECK_INT_EQ(b.err, 0);
    printf("%s", b.p);
    CHECK(jsonv_valid(b.p, b.len), "writer output is valid JSON");
    CHECK_CONTAINS(b.p, "\"quote\\\"back\\\\slash\"");
    CHECK_CONTAINS(b.p, "\"tab\\tnl\\ncr\\rctl\\u0001 bell\\u0007\"");
    CHECK_CONTAINS(b.p, "\"\xc2\xb5s caf\xc3\xa9\"");
    CHECK_CONTAINS(b.p, "\"a\\ufffdb\\ufffd(\\ufffd\\ufffd\\ufffdz\"");
    CHECK_CONTAINS(b.p, "\"null_string\": null");
    CHECK_CONTAINS(b.p, "\"tenth\": 0.1,");
    CHECK_CONTAINS(b.p, "\"third\": 0.3333333333333333,");
    CHECK_CONTAINS(b.p, "\"nan\": null");
    CHECK_CONTAINS(b.p, "\"inf\": null");
    CHECK_CONTAINS(b.p, "\"tiny\": 4.94065645841247e-324"); /* 15 digits read back */
    CHECK_CONTAINS(b.p, "\"max\": 18446744073709551615");
    CHECK_CONTAINS(b.p, "\"empty_list\": []");
    CHECK_CONTAINS(b.p, "\"est\": {\"point\":1,\"lower\":0.5,\"upper\":2}");
    tock__buf_free(&b);

    printf("round-trip number format (shortest of 15..17 digits)\n");
    tock_rng r;
    tock_rng_seed(&r, 3);
    int rt = 1;
    for (int i = 0; i < 10000 && rt; i++) {
        double v = ldexp(tock_rng_uniform(&r), (int)tock_rng_below(&r, 200) - 100);
        char t[40];
        tock__fmt_g17(t, v);
        if (strtod(t, NULL) != v) {
            rt = 0;
            printf("    %.17g written as %s\n", v, t);
        }
    }
    CHECK(rt, "10,000 random doubles read back bit-exactly");

    printf("compact mode\n");
    tock__json_init(&j, &b, 0);
    tock__json_begin(&j, NULL, '{');
    tock__json_u64(&j, "a", 1);
    tock__json_string(&j, "b", "x");
    tock__json_end(&j, '}');
    CHECK_TRUE(strcmp(b.p, "{\"a\":1,\"b\":\"x\"}") == 0);
    tock__buf_free(&b);
}

static void test_fnv(void) {
    printf("FNV-1a 64 (published test vectors)\n");
    CHECK_U64_EQ(tock__fnv1a64("", 0), 0xcbf29ce484222325u);
    CHECK_U64_EQ(tock__fnv1a64("a", 1), 0xaf63dc4c8601ec8cu);
    CHECK_U64_EQ(tock__fnv1a64("foobar", 6), 0x85944171f73967e8u);
}

static void test_register(void) {
    printf("registration\n");
    tock_bench_def d = {.group = "g", .name = "n", .routine = noop};
    CHECK_INT_EQ(tock_register(&d), 0);
    CHECK_INT_EQ(tock_register(&d), TOCK_EDUPLICATE);
    char param[8] = "1";
    d.parameter = param;
    CHECK_INT_EQ(tock_register(&d), 0);
    param[0] = '2'; /* the registry copied the string */
    CHECK_INT_EQ(tock_register(&d), 0);
    CHECK_TRUE(tock__find(&tock__S, "g/n/1") != NULL);
    CHECK_TRUE(tock__find(&tock__S, "g/n/2") != NULL);
    d.parameter = "a/b"; /* '/' allowed in the parameter */
    CHECK_INT_EQ(tock_register(&d), 0);
    CHECK_TRUE(tock__find(&tock__S, "g/n/a/b") != NULL);
    d.parameter = "a_b"; /* samples/g_n_a_b.csv would collide with g/n/a/b */
    CHECK_INT_EQ(tock_register(&d), TOCK_EDUPLICATE);
    tock_bench_def p = {.group = "rssm_prediction", .parameter = "15", .routine = noop};
    CHECK_INT_EQ(tock_register(&p), 0);
    CHECK_TRUE(tock__find(&tock__S, "rssm_prediction/15") != NULL);

    tock_bench_def bad = d;
    bad.parameter = NULL;
    bad.group = "a/b";
    CHECK_INT_EQ(tock_register(&bad), TOCK_EINVAL);
    bad.group = "g";
    bad.name = "has space";
    CHECK_INT_EQ(tock_register(&bad), TOCK_EINVAL);
    bad.name = "";
    CHECK_INT_EQ(tock_register(&bad), TOCK_EINVAL);
    bad.name = "ok2";
    bad.routine = NULL;
    CHECK_INT_EQ(tock_register(&bad), TOCK_EINVAL);
    bad.routine = noop;
    bad.throughput_kind = TOCK_THROUGHPUT_BYTES; /* per-iteration count missing */
    CHECK_INT_EQ(tock_register(&bad), TOCK_EINVAL);
    bad.throughput_per_iter = 64;
    bad.published_ns = -1.0;
    CHECK_INT_EQ(tock_register(&bad), TOCK_EINVAL);
    bad.published_ns = 3.0;
    CHECK_INT_EQ(tock_register(&bad), 0);
    CHECK_INT_EQ(tock_register(NULL), TOCK_EINVAL);

    printf("provenance keys\n");
    CHECK_INT_EQ(tock_provenance_set("isa", "avx2"), 0);
    CHECK_INT_EQ(tock_provenance_set("isa", "scalar"), 0); /* replaces */
    CHECK_INT_EQ(tock__S.nprov, 1);
    CHECK_TRUE(strcmp(tock__S.prov_kv[1], "scalar") == 0);
    CHECK_INT_EQ(tock_provenance_set("", "x"), TOCK_EINVAL);
    CHECK_INT_EQ(tock_provenance_set("k", NULL), TOCK_EINVAL);
    CHECK_INT_EQ(tock_config_threads(), 1);
    tock__free_all();
}

int main(void) {
    test_writer();
    test_fnv();
    test_register();
    return check_summary();
}
