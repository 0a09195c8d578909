/* check.h - assertion macros for the tests/perf programs.
 *
 * Every check prints what it compares and both operands, counts passes and
 * failures, and never compiles out (no NDEBUG dependence). A test program
 * ends with check_summary(), which prints "N passed, N failed" and returns
 * the exit status. Checks must never abort: one failure must not hide others.
 */
#ifndef TOCK_TESTS_PERF_CHECK_H
#define TOCK_TESTS_PERF_CHECK_H

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

static int check__passed, check__failed;

static void check__report(int ok, const char *file, int line, const char *what) {
    if (ok) {
        check__passed++;
        printf("  ok    %s\n", what);
    } else {
        check__failed++;
        printf("  FAIL  %s  (%s:%d)\n", what, file, line);
    }
}

#define CHECK(cond, ...)                                                        \
    do {                                                                        \
        char check__w[1024];                                                     \
        snprintf(check__w, sizeof check__w, __VA_ARGS__);                       \
        check__report((cond) != 0, __FILE__, __LINE__, check__w);               \
    } while (0)

#define CHECK_TRUE(cond) CHECK((cond), "%s", #cond)

#define CHECK_INT_EQ(a, b)                                                      \
    do {                                                                        \
        long long check__a = (long long)(a), check__b = (long long)(b);         \
        CHECK(check__a == check__b, "%s == %s  (%lld vs %lld)", #a, #b,         \
              check__a, check__b);                                              \
    } while (0)

#define CHECK_U64_EQ(a, b)                                                      \
    do {                                                                        \
        unsigned long long check__a = (unsigned long long)(a),                  \
                           check__b = (unsigned long long)(b);                  \
        CHECK(check__a == check__b, "%s == %s  (0x%llx vs 0x%llx)", #a, #b,     \
              check__a, check__b);                                              \
    } while (0)

/* exact equality of doubles, printed with all digits */
#define CHECK_DBL_EQ(a, b)                                                      \
    do {                                                                        \
        double check__a = (a), check__b = (b);                                  \
        CHECK(check__a == check__b, "%s == %s  (%.17g vs %.17g)", #a, #b,       \
              check__a, check__b);                                              \
    } while (0)

/* |a - b| <= tol */
#define CHECK_NEAR(a, b, tol)                                                   \
    do {                                                                        \
        double check__a = (a), check__b = (b), check__t = (tol);                \
        CHECK(fabs(check__a - check__b) <= check__t,                            \
              "%s ~= %s within %g  (%.17g vs %.17g)", #a, #b, check__t,         \
              check__a, check__b);                                              \
    } while (0)

#define CHECK_LE(a, b)                                                          \
    do {                                                                        \
        double check__a = (a), check__b = (b);                                  \
        CHECK(check__a <= check__b, "%s <= %s  (%.10g vs %.10g)", #a, #b,       \
              check__a, check__b);                                              \
    } while (0)

/* haystack contains needle; the text is printed only when the check fails */
#define CHECK_CONTAINS(hay, needle)                                             \
    do {                                                                        \
        const char *check__h = (hay) ? (hay) : "", *check__n = (needle);        \
        int check__ok = strstr(check__h, check__n) != NULL;                     \
        CHECK(check__ok, "%s contains \"%s\"%s%.*s%s", #hay, check__n,           \
              check__ok ? "" : "  (text: \"", check__ok ? 0 : 300, check__h,     \
              check__ok ? "" : "\")");                                           \
    } while (0)

#define CHECK_NOT_CONTAINS(hay, needle)                                         \
    do {                                                                        \
        const char *check__h = (hay) ? (hay) : "", *check__n = (needle);        \
        const char *check__at = strstr(check__h, check__n);                     \
        CHECK(check__at == NULL, "%s lacks \"%s\"%s%.*s%s", #hay, check__n,      \
              check__at ? "  (found at: \"" : "", check__at ? 200 : 0,          \
              check__at ? check__at : "", check__at ? "\")" : "");               \
    } while (0)

static int check_summary(void) {
    printf("%d passed, %d failed\n", check__passed, check__failed);
    return check__failed ? 1 : 0;
}

#endif
