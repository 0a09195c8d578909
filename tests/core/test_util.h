/* test_util.h: the assertion macros every core/ test uses. Each check prints
 * both operands when it fails, is counted, and never compiles out (no NDEBUG
 * dependence, no assert()). A test's main ends with TU_FINISH(), which prints
 * exactly one last line "N passed, N failed" and returns 0 or 1. This header
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

static long tu_passed;
static long tu_failed;

static inline void tu__fail_head(const char *file, int line) {
  tu_failed++;
  fflush(stdout); /* keep stdout and stderr lines in order in one log */
  fprintf(stderr, "FAIL %s:%d: ", file, line);
}

static inline uint32_t tu_f32_bits(float x) {
  uint32_t u;
  memcpy(&u, &x, sizeof u);
  return u;
}

/* Plain truth check; prints the expression. */
#define CHECK(cond)                                                             \
  do {                                                                          \
    if (cond) {                                                                 \
      tu_passed++;                                                              \
    } else {                                                                    \
      tu__fail_head(__FILE__, __LINE__);                                        \
      fprintf(stderr, "%s\n", #cond);                                           \
    }                                                                           \
  } while (0)

/* Truth check with a printf-style explanation on failure. */
#define CHECKF(cond, ...)                                                       \
  do {                                                                          \
    if (cond) {                                                                 \
      tu_passed++;                                                              \
    } else {                                                                    \
      tu__fail_head(__FILE__, __LINE__);                                        \
      fprintf(stderr, "%s: ", #cond);                                           \
      fprintf(stderr, __VA_ARGS__);                                             \
      fputc('\n', stderr);                                                      \
    }                                                                           \
  } while (0)

#define CHECK_EQ_INT(a, b)                                                      \
  do {                                                                          \
    long long tu_a_ = (long long)(a), tu_b_ = (long long)(b);                   \
    if (tu_a_ == tu_b_) {                                                       \
      tu_passed++;                                                              \
    } else {                                                                    \
      tu__fail_head(__FILE__, __LINE__);                                        \
      fprintf(stderr, "%s == %s: %lld != %lld\n", #a, #b, tu_a_, tu_b_);        \
    }                                                                           \
  } while (0)

#define CHECK_EQ_U64(a, b)                                                      \
  do {                                                                          \
    uint64_t tu_a_ = (uint64_t)(a), tu_b_ = (uint64_t)(b);                      \
    if (tu_a_ == tu_b_) {                                                       \
      tu_passed++;                                                              \
    } else {                                                                    \
      tu__fail_head(__FILE__, __LINE__);                                        \
      fprintf(stderr, "%s == %s: %" PRIu64 " != %" PRIu64 "\n", #a, #b, tu_a_,  \
              tu_b_);                                                           \
    }                                                                           \
  } while (0)

/* Status check: prints both codes by name. */
#define CHECK_STATUS(expr, expected)                                            \
  do {                                                                          \
    int tu_s_ = (expr), tu_e_ = (expected);                                     \
    if (tu_s_ == tu_e_) {                                                       \
      tu_passed++;                                                              \
    } else {                                                                    \
      tu__fail_head(__FILE__, __LINE__);                                        \
      fprintf(stderr, "%s returned %s (%d), expected %s (%d)\n", #expr,         \
              ht_status_name(tu_s_), tu_s_, ht_status_name(tu_e_), tu_e_);      \
    }                                                                           \
  } while (0)

#define CHECK_OK(expr) CHECK_STATUS(expr, HT_OK)

/* Same float bits (so -0 != +0 and NaN payloads are compared). */
#define CHECK_BITS_F32(a, b)                                                    \
  do {                                                                          \
    float tu_a_ = (a), tu_b_ = (b);                                             \
    if (tu_f32_bits(tu_a_) == tu_f32_bits(tu_b_)) {                             \
      tu_passed++;                                                              \
    } else {                                                                    \
      tu__fail_head(__FILE__, __LINE__);                                        \
      fprintf(stderr, "%s == %s bitwise: %.9g (0x%08" PRIx32 ") != %.9g (0x%08" \
              PRIx32 ")\n", #a, #b, (double)tu_a_, tu_f32_bits(tu_a_),          \
              (double)tu_b_, tu_f32_bits(tu_b_));                               \
    }                                                                           \
  } while (0)

/* |a - b| <= tol (both printed with 17 digits). NaN never passes. */
#define CHECK_NEAR(a, b, tol)                                                   \
  do {                                                                          \
    double tu_a_ = (double)(a), tu_b_ = (double)(b), tu_t_ = (double)(tol);     \
    if (fabs(tu_a_ - tu_b_) <= tu_t_) {                                         \
      tu_passed++;                                                              \
    } else {                                                                    \
      tu__fail_head(__FILE__, __LINE__);                                        \
      fprintf(stderr, "%s ~ %s: %.17g vs %.17g, |diff| %.3g > tol %.3g\n", #a,  \
              #b, tu_a_, tu_b_, fabs(tu_a_ - tu_b_), tu_t_);                    \
    }                                                                           \
  } while (0)

/* Equal as doubles (exactly). */
#define CHECK_EQ_DBL(a, b)                                                      \
  do {                                                                          \
    double tu_a_ = (double)(a), tu_b_ = (double)(b);                            \
    if (tu_a_ == tu_b_) {                                                       \
      tu_passed++;                                                              \
    } else {                                                                    \
      tu__fail_head(__FILE__, __LINE__);                                        \
      fprintf(stderr, "%s == %s: %.17g != %.17g\n", #a, #b, tu_a_, tu_b_);      \
    }                                                                           \
  } while (0)

/* n floats equal bitwise; prints the first mismatch and how many differ. */
#define CHECK_SAME_F32S(a, b, n, what)                                          \
  do {                                                                          \
    const float *tu_pa_ = (a), *tu_pb_ = (b);                                   \
    size_t tu_n_ = (n), tu_bad_ = 0, tu_first_ = 0;                             \
    for (size_t tu_i_ = 0; tu_i_ < tu_n_; tu_i_++)                              \
      if (tu_f32_bits(tu_pa_[tu_i_]) != tu_f32_bits(tu_pb_[tu_i_]))             \
        if (tu_bad_++ == 0) tu_first_ = tu_i_;                                  \
    if (tu_bad_ == 0) {                                                         \
      tu_passed++;                                                              \
    } else {                                                                    \
      tu__fail_head(__FILE__, __LINE__);                                        \
      fprintf(stderr, "%s: %zu of %zu floats differ; first [%zu] %.9g (0x%08"   \
              PRIx32 ") vs %.9g (0x%08" PRIx32 ")\n", (what), tu_bad_, tu_n_,   \
              tu_first_, (double)tu_pa_[tu_first_], tu_f32_bits(tu_pa_[tu_first_]), \
              (double)tu_pb_[tu_first_], tu_f32_bits(tu_pb_[tu_first_]));       \
    }                                                                           \
  } while (0)

/* Byte-equal memory. */
#define CHECK_MEMEQ(a, b, nbytes, what)                                         \
  do {                                                                          \
    const unsigned char *tu_pa_ = (const unsigned char *)(a);                   \
    const unsigned char *tu_pb_ = (const unsigned char *)(b);                   \
    size_t tu_n_ = (nbytes), tu_i_ = 0;                                         \
    while (tu_i_ < tu_n_ && tu_pa_[tu_i_] == tu_pb_[tu_i_]) tu_i_++;            \
    if (tu_i_ == tu_n_) {                                                       \
      tu_passed++;                                                              \
    } else {                                                                    \
      tu__fail_head(__FILE__, __LINE__);                                        \
      fprintf(stderr, "%s: bytes differ first at offset %zu (0x%02x vs 0x%02x)\n", \
              (what), tu_i_, tu_pa_[tu_i_], tu_pb_[tu_i_]);                     \
    }                                                                           \
  } while (0)

/* An explicit, visible skip: never silent, never counted as a pass. */
#define TU_SKIP(...)                                                            \
  do {                                                                          \
    printf("SKIPPED: ");                                                        \
    printf(__VA_ARGS__);                                                        \
    putchar('\n');                                                              \
  } while (0)

/* Abort the test (counted as a failure) when set-up cannot continue. */
#define REQUIRE(cond)                                                           \
  do {                                                                          \
    if (!(cond)) {                                                              \
      tu__fail_head(__FILE__, __LINE__);                                        \
      fprintf(stderr, "required %s; cannot continue\n", #cond);                 \
      printf("%ld passed, %ld failed\n", tu_passed, tu_failed);                 \
      exit(1);                                                                  \
    }                                                                           \
  } while (0)

#define REQUIRE_OK(expr)                                                        \
  do {                                                                          \
    int tu_rs_ = (expr);                                                        \
    if (tu_rs_ != HT_OK) {                                                      \
      tu__fail_head(__FILE__, __LINE__);                                        \
      fprintf(stderr, "%s returned %s; cannot continue\n", #expr,               \
              ht_status_name(tu_rs_));                                          \
      printf("%ld passed, %ld failed\n", tu_passed, tu_failed);                 \
      exit(1);                                                                  \
    }                                                                           \
  } while (0)

/* The last line of every test's output. */
#define TU_FINISH()                                                             \
  do {                                                                          \
    fflush(stderr);                                                             \
    printf("%ld passed, %ld failed\n", tu_passed, tu_failed);                   \
    fflush(stdout);                                                             \
    return tu_failed ? 1 : 0;                                                   \
  } while (0)

/* Allocation that fails the test instead of returning NULL. */
static inline void *tu_alloc(size_t n) {
  void *p = calloc(n ? n : 1, 1);
  if (!p) {
    fprintf(stderr, "FAIL: out of memory (%zu bytes)\n", n);
    printf("%ld passed, %ld failed\n", tu_passed, tu_failed + 1);
    exit(1);
  }
  return p;
}

/* True when CI asks for a shorter run (TSan). */
static inline int tu_short_mode(void) {
  const char *s = getenv("TOCK_TEST_SHORT");
  return s && *s && strcmp(s, "0") != 0;
}

#endif
