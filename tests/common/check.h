/* check.h - the assertion core every C test program uses (tests/perf,
 * tests/report, tests/core, tests/parity).
 *
 * Every check is counted, prints what it compares and both operands on
 * failure, and never compiles out (no NDEBUG dependence, no assert()).
 * Checks never abort: one failure must not hide the next. A program ends
 * with check_summary(), which prints the closing line "N passed, N failed"
 * (ctest logs are read for it) and returns the exit status (0 or 1).
 *
 * Output: "  FAIL  <what>  (file:line)" for a failure; "  ok    <what>" for
 * a pass unless the includer defines CHECK_PRINT_PASSES to 0 first (tests
 * that run checks in long loops), in which case a pass is only counted and
 * its description is never formatted.
 *
 * API:
 *   CHECK(cond, fmt, ...)        truth check with a printf-style description
 *   CHECK_TRUE(cond)             truth check described by the expression
 *   CHECK_INT_EQ(a, b)           as long long
 *   CHECK_U64_EQ(a, b)           as unsigned long long (decimal and hex)
 *   CHECK_DBL_EQ(a, b)           exact double equality, 17 digits
 *   CHECK_NEAR(a, b, tol)        |a - b| <= tol as doubles; NaN never passes
 *   CHECK_LE(a, b)               a <= b as doubles
 *   CHECK_STR_EQ(a, b)           strcmp == 0; NULL on either side fails
 *   CHECK_CONTAINS(hay, needle)  strstr(hay, needle) != NULL (NULL hay: "")
 *   CHECK_NOT_CONTAINS(hay, needle), CHECK_LACKS (the same check)
 *   check_fail(file, line, fmt, ...)  count and print a failure (for helpers)
 *   check_summary()              "N passed, N failed"; returns 0 or 1
 *   check__passed, check__failed the counters (long)
 */
#ifndef TOCK_TESTS_COMMON_CHECK_H
#define TOCK_TESTS_COMMON_CHECK_H

#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#ifndef CHECK_PRINT_PASSES
#define CHECK_PRINT_PASSES 1
#endif

/* A test program of several files defines CHECK_SHARED_COUNTERS in each
 * and CHECK_DEFINE_COUNTERS in exactly one, so every file counts into the
 * same closing line. */
#if defined(CHECK_DEFINE_COUNTERS)
long check__passed, check__failed;
#elif defined(CHECK_SHARED_COUNTERS)
extern long check__passed, check__failed;
#else
static long check__passed, check__failed;
#endif

static inline void check__report(int ok, const char *file, int line, const char *what) {
    if (ok) {
        check__passed++;
        printf("  ok    %s\n", what);
    } else {
        check__failed++;
        printf("  FAIL  %s  (%s:%d)\n", what, file, line);
        fflush(stdout); /* a failure must reach the log even if the test crashes next */
    }
}

/* Count and print one failure (for helpers that decide on their own). */
#if defined(__GNUC__)
__attribute__((format(printf, 3, 4)))
#endif
static inline void
check_fail(const char *file, int line, const char *fmt, ...) {
    char w[1024];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(w, sizeof w, fmt, ap);
    (void)n;
    va_end(ap);
    check__report(0, file, line, w);
}

/* The description is cut at 1 KiB: using snprintf's result tells gcc the cut
 * is expected (no -Wformat-truncation). */
#define CHECK(cond, ...)                                                                           \
    do {                                                                                           \
        int check__c_ = (cond) != 0;                                                               \
        if (check__c_ && !CHECK_PRINT_PASSES) {                                                    \
            check__passed++;                                                                       \
        } else {                                                                                   \
            char check__w_[1024];                                                                  \
            int check__n_ = snprintf(check__w_, sizeof check__w_, __VA_ARGS__);                    \
            (void)check__n_;                                                                       \
            check__report(check__c_, __FILE__, __LINE__, check__w_);                               \
        }                                                                                          \
    } while (0)

#define CHECK_TRUE(cond) CHECK((cond), "%s", #cond)

#define CHECK_INT_EQ(a, b)                                                                         \
    do {                                                                                           \
        long long check__a = (long long)(a), check__b = (long long)(b);                            \
        CHECK(check__a == check__b, "%s == %s  (%lld vs %lld)", #a, #b, check__a, check__b);       \
    } while (0)

#define CHECK_U64_EQ(a, b)                                                                         \
    do {                                                                                           \
        unsigned long long check__a = (unsigned long long)(a), check__b = (unsigned long long)(b); \
        CHECK(check__a == check__b, "%s == %s  (%llu vs %llu; 0x%llx vs 0x%llx)", #a, #b,          \
              check__a, check__b, check__a, check__b);                                             \
    } while (0)

/* exact equality of doubles, printed with all digits */
#define CHECK_DBL_EQ(a, b)                                                                         \
    do {                                                                                           \
        double check__a = (double)(a), check__b = (double)(b);                                     \
        CHECK(check__a == check__b, "%s == %s  (%.17g vs %.17g)", #a, #b, check__a, check__b);     \
    } while (0)

/* |a - b| <= tol; NaN never passes */
#define CHECK_NEAR(a, b, tol)                                                                      \
    do {                                                                                           \
        double check__a = (double)(a), check__b = (double)(b), check__t = (double)(tol);           \
        CHECK(fabs(check__a - check__b) <= check__t,                                               \
              "%s ~= %s within %g  (%.17g vs %.17g, |diff| %.3g)", #a, #b, check__t, check__a,     \
              check__b, fabs(check__a - check__b));                                                \
    } while (0)

#define CHECK_LE(a, b)                                                                             \
    do {                                                                                           \
        double check__a = (double)(a), check__b = (double)(b);                                     \
        CHECK(check__a <= check__b, "%s <= %s  (%.17g vs %.17g)", #a, #b, check__a, check__b);     \
    } while (0)

/* string equality; a NULL on either side fails */
#define CHECK_STR_EQ(a, b)                                                                         \
    do {                                                                                           \
        const char *check__sa = (a), *check__sb = (b);                                             \
        CHECK(check__sa &&check__sb &&strcmp(check__sa, check__sb) == 0,                           \
              "%s == %s  (\"%.400s\" vs \"%.400s\")", #a, #b, check__sa ? check__sa : "(null)",    \
              check__sb ? check__sb : "(null)");                                                   \
    } while (0)

/* haystack contains needle; the text is printed only when it does not */
#define CHECK_CONTAINS(hay, needle)                                                                \
    do {                                                                                           \
        const char *check__h = (hay) ? (hay) : "", *check__n = (needle);                           \
        int check__ok = strstr(check__h, check__n) != NULL;                                        \
        CHECK(check__ok, "%s contains \"%s\"%s%.*s%s", #hay, check__n,                             \
              check__ok ? "" : "  (text: \"", check__ok ? 0 : 600, check__h,                       \
              check__ok ? "" : "\")");                                                             \
    } while (0)

/* haystack lacks needle; what follows the match is printed when it does not */
#define CHECK_NOT_CONTAINS(hay, needle)                                                            \
    do {                                                                                           \
        const char *check__h = (hay) ? (hay) : "", *check__n = (needle);                           \
        const char *check__at = strstr(check__h, check__n);                                        \
        CHECK(check__at == NULL, "%s lacks \"%s\"%s%.*s%s", #hay, check__n,                        \
              check__at ? "  (found at: \"" : "", check__at ? 200 : 0, check__at ? check__at : "", \
              check__at ? "\")" : "");                                                             \
    } while (0)

#define CHECK_LACKS(hay, needle) CHECK_NOT_CONTAINS(hay, needle)

/* The closing line of every test program. */
static inline int check_summary(void) {
    fflush(stderr);
    printf("%ld passed, %ld failed\n", check__passed, check__failed);
    fflush(stdout);
    return check__failed ? 1 : 0;
}

#endif /* TOCK_TESTS_COMMON_CHECK_H */
