/* args.c - ranges and argument products: one benchmark per value (or per
 * combination of values), the value handed to the benchmark through
 * tock_arg(). Bad ranges are refused with the reason recorded for
 * tock_main (exit 2).
 */
#include "internal.h"

TOCK__TLS tock__bench *tock__cur = NULL;
TOCK__TLS int tock__cur_thread = 0;

int64_t tock_arg(void) { return tock_arg_at(0); }

int64_t tock_arg_at(size_t axis) {
    const tock__bench *b = tock__cur;
    return b && axis < b->nargs ? b->args[axis] : 0;
}

#define TOCK__MAX_RANGE 4096 /* values one call may register */

/* the reason a range is bad, or NULL */
static const char *tock__range_error(int64_t lo, int64_t hi, int64_t mult, char *why, size_t cap) {
    if (lo < 1)
        snprintf(why, cap, "range: expected lo >= 1, found %lld", (long long)lo);
    else if (lo > hi)
        snprintf(why, cap, "range: expected lo <= hi, found lo %lld > hi %lld", (long long)lo,
                 (long long)hi);
    else if (mult < 2)
        snprintf(why, cap, "range: expected a multiplier >= 2, found %lld", (long long)mult);
    else
        return NULL;
    return why;
}

int tock_range_values(int64_t lo, int64_t hi, int64_t mult, int64_t *out, size_t cap) {
    char why[128];
    if (tock__range_error(lo, hi, mult, why, sizeof why)) return TOCK_EINVAL;
    size_t n = 0;
    for (int64_t v = lo;; v *= mult) {
        if (n == cap) return TOCK_EINVAL;
        out[n++] = v;
        if (v > hi / mult) break; /* the next power would pass hi (or overflow) */
        if (v * mult >= hi) break;
    }
    if (out[n - 1] != hi) {
        if (n == cap) return TOCK_EINVAL;
        out[n++] = hi;
    }
    return (int)n;
}

/* def with the parameter text and, when asked for, the throughput taken
 * from the first value */
static int tock__register_point(const tock_bench_def *def, const char *param, const int64_t *args,
                                size_t nargs) {
    tock_bench_def d = *def;
    d.parameter = param;
    if (d.throughput_kind != TOCK_THROUGHPUT_NONE && d.throughput_per_iter == 0 && args[0] > 0)
        d.throughput_per_iter = (uint64_t)args[0];
    int rc = tock__register_args(&d, args, nargs);
    if (rc < 0)
        tock__reg_fail(def, rc, "parameter %s: %s%s%s", param, tock_strerror(rc),
                       tock__S.last_why[0] ? ": " : "", tock__S.last_why);
    return rc;
}

int tock_register_args(const tock_bench_def *def, const int64_t *values, size_t n) {
    if (!def) return TOCK_EINVAL;
    if (def->parameter) {
        tock__reg_fail(def, TOCK_EINVAL, "arguments: expected parameter NULL, found '%s'",
                       def->parameter);
        return TOCK_EINVAL;
    }
    if (n == 0 || !values) {
        tock__reg_fail(def, TOCK_EINVAL, "arguments: expected at least one value, found none");
        return TOCK_EINVAL;
    }
    for (size_t i = 0; i < n; i++) {
        char param[32];
        snprintf(param, sizeof param, "%lld", (long long)values[i]);
        int rc = tock__register_point(def, param, &values[i], 1);
        if (rc < 0) return rc;
    }
    return 0;
}

int tock_register_range(const tock_bench_def *def, int64_t lo, int64_t hi, int64_t mult) {
    char why[128];
    if (tock__range_error(lo, hi, mult, why, sizeof why)) {
        tock__reg_fail(def, TOCK_EINVAL, "%s", why);
        return TOCK_EINVAL;
    }
    int64_t v[64]; /* powers of mult >= 2 within int64: at most 63, plus hi */
    int n = tock_range_values(lo, hi, mult, v, 64);
    if (n < 0) return n;
    return tock_register_args(def, v, (size_t)n);
}

int tock_register_dense_range(const tock_bench_def *def, int64_t lo, int64_t hi, int64_t step) {
    if (step <= 0 || lo > hi || (uint64_t)(hi - lo) / (uint64_t)step >= TOCK__MAX_RANGE) {
        if (step <= 0)
            tock__reg_fail(def, TOCK_EINVAL, "dense range: expected a step > 0, found %lld",
                           (long long)step);
        else if (lo > hi)
            tock__reg_fail(def, TOCK_EINVAL,
                           "dense range: expected lo <= hi, found lo %lld > hi %lld", (long long)lo,
                           (long long)hi);
        else
            tock__reg_fail(def, TOCK_EINVAL, "dense range: more than %d values", TOCK__MAX_RANGE);
        return TOCK_EINVAL;
    }
    const size_t n = (size_t)((uint64_t)(hi - lo) / (uint64_t)step) + 1;
    int64_t *v = (int64_t *)TOCK_MALLOC(n * sizeof *v);
    if (!v) return TOCK_ENOMEM;
    for (size_t i = 0; i < n; i++) v[i] = lo + (int64_t)i * step;
    int rc = tock_register_args(def, v, n);
    TOCK_FREE(v);
    return rc;
}

static int tock__valid_axis_name(const char *s) {
    if (!s || !*s || strlen(s) > 31) return 0;
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') ||
              *s == '_'))
            return 0;
    return 1;
}

int tock_register_product(const tock_bench_def *def, const tock_axis *axes, size_t naxes) {
    if (!def) return TOCK_EINVAL;
    if (def->parameter) {
        tock__reg_fail(def, TOCK_EINVAL, "product: expected parameter NULL, found '%s'",
                       def->parameter);
        return TOCK_EINVAL;
    }
    if (naxes == 0 || naxes > TOCK_MAX_ARGS || !axes) {
        tock__reg_fail(def, TOCK_EINVAL, "product: expected 1..%d axes, found %zu", TOCK_MAX_ARGS,
                       naxes);
        return TOCK_EINVAL;
    }
    size_t total = 1;
    for (size_t a = 0; a < naxes; a++) {
        if (!tock__valid_axis_name(axes[a].name) || axes[a].count == 0 || !axes[a].values) {
            tock__reg_fail(def, TOCK_EINVAL,
                           "product: axis %zu: expected a name [A-Za-z0-9_]{1,31} and at least "
                           "one value",
                           a);
            return TOCK_EINVAL;
        }
        if (axes[a].count > TOCK__MAX_RANGE / total) {
            tock__reg_fail(def, TOCK_EINVAL, "product: more than %d combinations", TOCK__MAX_RANGE);
            return TOCK_EINVAL;
        }
        total *= axes[a].count;
    }
    for (size_t p = 0; p < total; p++) {
        int64_t pt[TOCK_MAX_ARGS];
        size_t rest = p;
        for (size_t a = naxes; a-- > 0;) {
            pt[a] = axes[a].values[rest % axes[a].count];
            rest /= axes[a].count;
        }
        char param[TOCK_MAX_ARGS * 56];
        size_t len = 0;
        for (size_t a = 0; a < naxes; a++)
            len += (size_t)snprintf(param + len, sizeof param - len, "%s%s=%lld", a ? "," : "",
                                    axes[a].name, (long long)pt[a]);
        int rc = tock__register_point(def, param, pt, naxes);
        if (rc < 0) return rc;
    }
    return 0;
}

void tock__register_range_ctor(const tock_bench_def *def, int64_t lo, int64_t hi, int64_t mult) {
    (void)tock_register_range(def, lo, hi, mult); /* failures are recorded for tock_main */
}
