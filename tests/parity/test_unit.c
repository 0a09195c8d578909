/* test_unit.c: unit tests of tock-parity's judgement: difference classes,
 * signed ULP distances, the dump comparison (first difference, indices,
 * lanes, tails, counts) and the JSON and hash-file readers. Everything the
 * mismatch report says is computed here, so each rule gets a case that
 * would fail if the rule were wrong. Assertions print both operands and
 * never compile out. */
#define _POSIX_C_SOURCE 200809L
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "dump.h"
#include "golden.h"
#include "json.h"
#include "runs.h"
#include "sys.h"

#include "check.h" /* tests/common/check.h */

static void test_classes(void) {
    CHECK_INT_EQ(tpar_classify_f32(0x00000000u, 0x80000000u), TPAR_CLS_SIGNED_ZERO);
    CHECK_INT_EQ(tpar_classify_f32(0x7fc00000u, 0x7fc00001u), TPAR_CLS_NAN_PAYLOAD);
    CHECK_INT_EQ(tpar_classify_f32(0x7fc00000u, 0xffc00000u), TPAR_CLS_NAN_PAYLOAD);
    CHECK_INT_EQ(tpar_classify_f32(0x7fc00000u, 0x3f800000u), TPAR_CLS_NAN_VS_FINITE);
    CHECK_INT_EQ(tpar_classify_f32(0x7f800000u, 0x7fc00000u), TPAR_CLS_NAN_VS_FINITE);
    CHECK_INT_EQ(tpar_classify_f32(0x7f800000u, 0x7f7fffffu), TPAR_CLS_INF);
    CHECK_INT_EQ(tpar_classify_f32(0x7f800000u, 0xff800000u), TPAR_CLS_INF);
    CHECK_INT_EQ(tpar_classify_f32(0x3f800000u, 0x3f800001u), TPAR_CLS_VALUE);
    CHECK_INT_EQ(tpar_classify_f32(0x00000000u, 0x00000001u), TPAR_CLS_VALUE);
    CHECK_INT_EQ(tpar_classify_f64(0x0ull, 0x8000000000000000ull), TPAR_CLS_SIGNED_ZERO);
    CHECK_INT_EQ(tpar_classify_f64(0x7ff8000000000000ull, 0x7ff8000000000001ull),
                 TPAR_CLS_NAN_PAYLOAD);
    CHECK_INT_EQ(tpar_classify_f64(0x7ff0000000000000ull, 0x3ff0000000000000ull), TPAR_CLS_INF);
}

static void test_ulp(void) {
    int64_t u = 99;
    CHECK_TRUE(tpar_ulp_f32(0x3f800000u, 0x3f800001u, &u));
    CHECK_INT_EQ(u, 1);
    CHECK_TRUE(tpar_ulp_f32(0x3f800001u, 0x3f800000u, &u));
    CHECK_INT_EQ(u, -1);
    CHECK_TRUE(tpar_ulp_f32(0xbf800000u, 0xbf800001u, &u)); /* -1 to the next more negative */
    CHECK_INT_EQ(u, -1);
    CHECK_TRUE(tpar_ulp_f32(0x00000000u, 0x80000000u, &u)); /* +0 and -0 are equal numbers */
    CHECK_INT_EQ(u, 0);
    CHECK_TRUE(tpar_ulp_f32(0x80000001u, 0x00000001u, &u)); /* across zero: -tiny .. +tiny */
    CHECK_INT_EQ(u, 2);
    CHECK_TRUE(tpar_ulp_f32(0x7f7fffffu, 0x7f800000u, &u)); /* FLT_MAX to inf */
    CHECK_INT_EQ(u, 1);
    CHECK_TRUE(!tpar_ulp_f32(0x7fc00000u, 0x3f800000u, &u));
    CHECK_TRUE(tpar_ulp_f64(0x3ff0000000000000ull, 0x3ff0000000000003ull, &u));
    CHECK_INT_EQ(u, 3);
    CHECK_TRUE(tpar_ulp_f64(0xfff0000000000000ull, 0x7ff0000000000000ull, &u)); /* -inf to inf */
    CHECK_INT_EQ(u, INT64_MAX); /* 2^64 - 2^53 apart: saturated */
    CHECK_TRUE(tpar_ulp_f64(0xffefffffffffffffull, 0x7fefffffffffffffull, &u));
    CHECK_TRUE(u > 0);
}

static tpar_seg seg(const char *name, bool out, tcase_elem t, int ndims, size_t d0, size_t d1,
                    const void *data, size_t esize) {
    tpar_seg s;
    memset(&s, 0, sizeof s);
    snprintf(s.name, sizeof s.name, "%s", name);
    s.out = out;
    s.type = t;
    s.ndims = ndims;
    s.d[0] = d0;
    s.d[1] = d1;
    s.d[2] = 1;
    s.bytes = d0 * d1 * esize;
    s.data = malloc(s.bytes + 1);
    memcpy(s.data, data, s.bytes);
    return s;
}

/* Another architecture's default NaN (0x7fc00000 for x86's 0xffc00000)
 * ahead of a real 1-ULP difference: compared NaN-blind, the diagnosis
 * names the value, not the payload. */
static void test_compare_nan(void) {
    float a[4] = {1.0f, 0, 2.0f, 3.0f}, b[4];
    uint32_t xnan = 0xffc00000u, anan = 0x7fc00000u, bits;
    memcpy(&a[1], &xnan, 4);
    memcpy(b, a, sizeof b);
    memcpy(&b[1], &anan, 4);
    memcpy(&bits, &a[3], 4);
    bits += 1;
    memcpy(&b[3], &bits, 4);
    tpar_dump x = {0}, y = {0};
    x.segs = malloc(sizeof *x.segs);
    y.segs = malloc(sizeof *y.segs);
    x.segs[0] = seg("out", true, TCASE_ELEM_F32, 1, 4, 1, a, 4);
    y.segs[0] = seg("out", true, TCASE_ELEM_F32, 1, 4, 1, b, 4);
    x.n = y.n = 1;
    tpar_diff d;
    tpar_dump_compare(&x, &y, &d);
    CHECK_INT_EQ(d.idx[0], 1);
    CHECK_INT_EQ(d.cls, TPAR_CLS_NAN_PAYLOAD);
    CHECK_INT_EQ(d.mismatches, 2);
    tpar_dump_compare_nan(&x, &y, true, &d);
    CHECK_TRUE(d.any);
    CHECK_INT_EQ(d.idx[0], 3);
    CHECK_INT_EQ(d.cls, TPAR_CLS_VALUE);
    CHECK_INT_EQ(d.ulp, 1);
    CHECK_INT_EQ(d.mismatches, 1);
    CHECK_INT_EQ(d.cls_count[TPAR_CLS_NAN_PAYLOAD], 0);
    tpar_dump_free(&x);
    tpar_dump_free(&y);
}

static void test_compare(void) {
    /* A 3 x 19 output (a tail of 3 after 16) and a 5-byte mask. */
    float a[57], b[57], in[4] = {1, 2, 3, 4};
    for (int i = 0; i < 57; i++) a[i] = b[i] = (float)i * 0.5f;
    uint32_t bits;
    memcpy(&bits, &a[1 * 19 + 17], 4);
    bits += 3;
    memcpy(&b[1 * 19 + 17], &bits, 4);     /* [1, 17]: 3 ULP up, lane 1 mod 16, in the tail */
    b[2 * 19 + 4] = -b[2 * 19 + 4] - 1.0f; /* a far value difference */
    uint8_t ma[5] = {0, 1, 0, 1, 0}, mb[5] = {0, 1, 1, 1, 0};
    tpar_dump x = {0}, y = {0};
    x.segs = malloc(3 * sizeof *x.segs);
    y.segs = malloc(3 * sizeof *y.segs);
    x.segs[0] = seg("x", false, TCASE_ELEM_F32, 1, 4, 1, in, 4);
    y.segs[0] = seg("x", false, TCASE_ELEM_F32, 1, 4, 1, in, 4);
    x.segs[1] = seg("out", true, TCASE_ELEM_F32, 2, 3, 19, a, 4);
    y.segs[1] = seg("out", true, TCASE_ELEM_F32, 2, 3, 19, b, 4);
    x.segs[2] = seg("out.mask", true, TCASE_ELEM_U8, 1, 5, 1, ma, 1);
    y.segs[2] = seg("out.mask", true, TCASE_ELEM_U8, 1, 5, 1, mb, 1);
    x.n = y.n = 3;
    tpar_diff d;
    tpar_dump_compare(&x, &y, &d);
    CHECK_TRUE(!d.layout_differs);
    CHECK_TRUE(!d.inputs_differ);
    CHECK_TRUE(d.any);
    CHECK_STR_EQ(d.seg, "out");
    CHECK_INT_EQ(d.ndims, 2);
    CHECK_INT_EQ(d.idx[0], 1);
    CHECK_INT_EQ(d.idx[1], 17);
    CHECK_INT_EQ(d.flat_seg, 36);
    CHECK_INT_EQ(d.flat_case, 36);
    CHECK_TRUE(d.ulp_valid);
    CHECK_INT_EQ(d.ulp, 3);
    CHECK_INT_EQ(d.cls, TPAR_CLS_VALUE);
    CHECK_INT_EQ(d.inner_len, 19);
    CHECK_INT_EQ(d.inner_idx, 17);
    CHECK_INT_EQ(d.mismatches, 3);
    CHECK_INT_EQ(d.total, 62);
    CHECK_INT_EQ(d.cls_count[TPAR_CLS_VALUE], 2);
    CHECK_INT_EQ(d.cls_count[TPAR_CLS_MASK], 1);
    CHECK_TRUE(d.has_max);
    CHECK_STR_EQ(d.max_seg, "out");
    CHECK_INT_EQ(d.max_idx[0], 2);
    CHECK_INT_EQ(d.max_idx[1], 4);
    CHECK_TRUE(d.max_ulp < -1000000);

    /* Changed inputs are reported as such, not as a kernel difference. */
    float in2[4] = {1, 2, 3, 5};
    memcpy(y.segs[0].data, in2, sizeof in2);
    tpar_dump_compare(&x, &y, &d);
    CHECK_TRUE(d.inputs_differ);
    CHECK_STR_EQ(d.input_seg, "x");
    /* A different layout is not compared element by element. */
    y.segs[1].d[0] = 19;
    y.segs[1].d[1] = 3;
    tpar_dump_compare(&x, &y, &d);
    CHECK_TRUE(d.layout_differs);
    tpar_dump_free(&x);
    tpar_dump_free(&y);
}

static void test_json(void) {
    char err[256];
    tpar_json *j = tpar_json_parse("{\"a\": [1, -2.5e3, true, null], \"s\": \"x\\\"y\\u0041\"}",
                                   err, sizeof err);
    CHECK_TRUE(j != NULL);
    if (j) {
        const tpar_json *a = tpar_json_get(j, "a");
        CHECK_TRUE(a && a->type == TJ_ARR && a->n == 4);
        if (a && a->n == 4) {
            CHECK_TRUE(a->items[1].num == -2500.0);
            CHECK_INT_EQ(a->items[2].type, TJ_BOOL);
            CHECK_INT_EQ(a->items[3].type, TJ_NULL);
        }
        CHECK_STR_EQ(tpar_json_str(j, "s"), "x\"yA");
        tpar_json_free(j);
    }
    j = tpar_json_parse("{\n  \"a\": [1,\n 2,,]\n}", err, sizeof err);
    CHECK_TRUE(j == NULL);
    CHECK_TRUE(strstr(err, "line 3") != NULL);
    tpar_json_free(j);
}

static void test_hash_files(void) {
    char path[] = "/tmp/tock-parity-unit-XXXXXX";
    int fd = mkstemp(path);
    CHECK_TRUE(fd >= 0);
    if (fd < 0) return;
    close(fd);
    tpar_cases c = {0};
    tpar_case one;
    memset(&one, 0, sizeof one);
    snprintf(one.name, sizeof one.name, "kern.dot.sweep");
    snprintf(one.group, sizeof one.group, "kern");
    one.step = -1;
    memset(one.in, 'a', 32);
    memset(one.out, '0', 32);
    memset(one.out_nan, '1', 32);
    tpar_cases_push(&c, &one);
    const char *builds[] = {"scalar-gcc-O2"};
    unsigned threads[] = {1};
    tpar_hash_meta m = {"unit", "abc", builds, 1, threads, 1, "scalar", true};
    char err[512];
    CHECK_INT_EQ(tpar_hashes_write(path, &c, &m, err, sizeof err), 0);
    tpar_cases back = {0};
    CHECK_INT_EQ(tpar_hashes_read(path, &back, err, sizeof err), 0);
    CHECK_INT_EQ(back.n, 1);
    if (back.n == 1) {
        CHECK_STR_EQ(back.v[0].name, "kern.dot.sweep");
        CHECK_STR_EQ(back.v[0].in, one.in);
        CHECK_STR_EQ(back.v[0].out_nan, one.out_nan);
    }
    tpar_cases_free(&back);
    /* A bad hash names the file, the entry and what was found. */
    const char *bad = "{\"format\": \"tock-parity-hashes\", \"version\": 1, \"protocol\": 2, "
                      "\"cases\": [{\"case\": \"k\", \"group\": \"g\", \"input\": \"xyz\", "
                      "\"output\": \"00\"}]}";
    CHECK_INT_EQ(tock__write_atomic(path, bad, strlen(bad)), 0);
    CHECK_TRUE(tpar_hashes_read(path, &back, err, sizeof err) != 0);
    CHECK_TRUE(strstr(err, path) && strstr(err, "cases[0]") && strstr(err, "xyz"));
    tpar_cases_free(&back);
    /* A golden of another protocol version is refused with both versions. */
    const char *old = "{\"format\": \"tock-parity-hashes\", \"version\": 1, \"protocol\": 1, "
                      "\"cases\": []}";
    CHECK_INT_EQ(tock__write_atomic(path, old, strlen(old)), 0);
    CHECK_TRUE(tpar_hashes_read(path, &back, err, sizeof err) != 0);
    CHECK_TRUE(strstr(err, "field \"protocol\": expected 2, found 1") != NULL);
    CHECK_TRUE(strstr(err, "another protocol version") != NULL);
    tpar_cases_free(&back);
    tpar_cases_free(&c);
    unlink(path);
}

int main(void) {
    test_classes();
    test_ulp();
    test_compare();
    test_compare_nan();
    test_json();
    test_hash_files();
    printf("%s: %ld failed checks\n", check__failed ? "FAIL" : "PASS", check__failed);
    return check_summary();
}
