/* test_util.h: the core/ tests' domain checks (status codes, float bits,
 * float arrays, memory), REQUIRE, skips and TU_FINISH, built on the common
 * assertion core tests/common/check.h. Each check prints both operands when
 * it fails, is counted, and never compiles out (no NDEBUG dependence, no
 * assert()). A test's main ends with TU_FINISH(), which prints exactly one
 * last line "N passed, N failed" (check_summary) and returns 0 or 1. This header
 * must never hide a failure: a check that is skipped must say so with
 * TU_SKIP(). Header-only; every function is static. */
#ifndef TOCK_TEST_UTIL_H
#define TOCK_TEST_UTIL_H

#include <inttypes.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ht_status.h"

/* core/ tests run checks in long loops: passes are counted, not printed. */
#ifndef CHECK_PRINT_PASSES
#define CHECK_PRINT_PASSES 0
#endif
#include "check.h" /* tests/common/check.h: the assertion core */

/* The counters are the common core's; tu_passed/tu_failed stay as names for
 * the tests that read them (per-ISA counts) or count a check themselves. */
#define tu_passed check__passed
#define tu_failed check__failed

static inline uint32_t tu_f32_bits(float x) {
    uint32_t u;
    memcpy(&u, &x, sizeof u);
    return u;
}

/* The common core provides CHECK(cond, fmt, ...), CHECK_TRUE(cond),
 * CHECK_INT_EQ, CHECK_U64_EQ, CHECK_DBL_EQ, CHECK_NEAR (NaN never passes),
 * CHECK_LE, CHECK_STR_EQ, CHECK_CONTAINS/CHECK_NOT_CONTAINS. Below: the
 * core/ domain checks built on it. */

/* Status check: prints both codes by name. */
#define CHECK_STATUS(expr, expected)                                                               \
    do {                                                                                           \
        int tu_s_ = (expr), tu_e_ = (expected);                                                    \
        CHECK(tu_s_ == tu_e_, "%s returned %s (%d), expected %s (%d)", #expr,                      \
              ht_status_name(tu_s_), tu_s_, ht_status_name(tu_e_), tu_e_);                         \
    } while (0)

#define CHECK_OK(expr) CHECK_STATUS(expr, HT_OK)

/* Same float bits (so -0 != +0 and NaN payloads are compared). */
#define CHECK_BITS_F32(a, b)                                                                       \
    do {                                                                                           \
        float tu_a_ = (a), tu_b_ = (b);                                                            \
        CHECK(tu_f32_bits(tu_a_) == tu_f32_bits(tu_b_),                                            \
              "%s == %s bitwise: %.9g (0x%08" PRIx32 ") vs %.9g (0x%08" PRIx32 ")", #a, #b,        \
              (double)tu_a_, tu_f32_bits(tu_a_), (double)tu_b_, tu_f32_bits(tu_b_));               \
    } while (0)

/* n floats equal bitwise; prints the first mismatch and how many differ. */
#define CHECK_SAME_F32S(a, b, n, what)                                                             \
    do {                                                                                           \
        const float *tu_pa_ = (a), *tu_pb_ = (b);                                                  \
        size_t tu_n_ = (n), tu_bad_ = 0, tu_first_ = 0;                                            \
        for (size_t tu_i_ = 0; tu_i_ < tu_n_; tu_i_++)                                             \
            if (tu_f32_bits(tu_pa_[tu_i_]) != tu_f32_bits(tu_pb_[tu_i_]))                          \
                if (tu_bad_++ == 0) tu_first_ = tu_i_;                                             \
        CHECK(tu_bad_ == 0,                                                                        \
              "%s: %zu of %zu floats differ; first [%zu] %.9g (0x%08" PRIx32                       \
              ") vs %.9g (0x%08" PRIx32 ")",                                                       \
              (what), tu_bad_, tu_n_, tu_first_, tu_bad_ ? (double)tu_pa_[tu_first_] : 0.0,        \
              tu_bad_ ? tu_f32_bits(tu_pa_[tu_first_]) : 0u,                                       \
              tu_bad_ ? (double)tu_pb_[tu_first_] : 0.0,                                           \
              tu_bad_ ? tu_f32_bits(tu_pb_[tu_first_]) : 0u);                                      \
    } while (0)

/* Byte-equal memory. */
#define CHECK_MEMEQ(a, b, nbytes, what)                                                            \
    do {                                                                                           \
        const unsigned char *tu_pa_ = (const unsigned char *)(a);                                  \
        const unsigned char *tu_pb_ = (const unsigned char *)(b);                                  \
        size_t tu_n_ = (nbytes), tu_i_ = 0;                                                        \
        while (tu_i_ < tu_n_ && tu_pa_[tu_i_] == tu_pb_[tu_i_]) tu_i_++;                           \
        CHECK(tu_i_ == tu_n_, "%s: bytes differ first at offset %zu (0x%02x vs 0x%02x)", (what),   \
              tu_i_, tu_i_ < tu_n_ ? tu_pa_[tu_i_] : 0u, tu_i_ < tu_n_ ? tu_pb_[tu_i_] : 0u);      \
    } while (0)

/* An explicit, visible skip: never silent, never counted as a pass. */
#define TU_SKIP(...)                                                                               \
    do {                                                                                           \
        printf("SKIPPED: ");                                                                       \
        printf(__VA_ARGS__);                                                                       \
        putchar('\n');                                                                             \
    } while (0)

/* Abort the test (counted as a failure) when set-up cannot continue; the
 * closing "N passed, N failed" line is still printed. */
#define REQUIRE(cond)                                                                              \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            check_fail(__FILE__, __LINE__, "required %s; cannot continue", #cond);                 \
            exit(check_summary());                                                                 \
        }                                                                                          \
    } while (0)

#define REQUIRE_OK(expr)                                                                           \
    do {                                                                                           \
        int tu_rs_ = (expr);                                                                       \
        if (tu_rs_ != HT_OK) {                                                                     \
            check_fail(__FILE__, __LINE__, "%s returned %s; cannot continue", #expr,               \
                       ht_status_name(tu_rs_));                                                    \
            exit(check_summary());                                                                 \
        }                                                                                          \
    } while (0)

/* The last line of every test's output: "N passed, N failed". */
#define TU_FINISH() return check_summary()

/* Allocation that fails the test instead of returning NULL. */
static inline void *tu_alloc(size_t n) {
    void *p = calloc(n ? n : 1, 1);
    if (!p) {
        check_fail(__FILE__, __LINE__, "out of memory (%zu bytes)", n);
        exit(check_summary());
    }
    return p;
}

/* True when CI asks for a shorter run (TSan). */
static inline int tu_short_mode(void) {
    const char *s = getenv("TOCK_TEST_SHORT");
    return s && *s && strcmp(s, "0") != 0;
}

#endif
