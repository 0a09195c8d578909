/* stop.c - the adaptive stop: whether a benchmark has measured enough
 * (target precision reached, budget spent, samples exhausted, epochs
 * disagreeing). One pure decision function, so tests can drive it.
 */
#include "internal.h"

const char *tock_stop_reason_name(tock_stop_reason r) {
    switch (r) {
    case TOCK_STOP_CONTINUE: return "continue";
    case TOCK_STOP_TARGET_PRECISION: return "target_precision";
    case TOCK_STOP_TIME_BUDGET: return "time_budget";
    case TOCK_STOP_SAMPLE_LIMIT: return "sample_limit";
    case TOCK_STOP_INTERRUPTED: return "interrupted";
    case TOCK_STOP_EPOCH_SPREAD: return "epoch_spread";
    }
    return "unknown";
}

int tock_stop_decide(const tock_stop_input *in, tock_stop_decision *out) {
    if (!in || !out) return TOCK_EINVAL;
    out->reason = TOCK_STOP_CONTINUE;
    out->precision = -1.0;
    const size_t n = in->n;
    const int at_limit = n >= in->max_samples;
    const int over_budget = in->elapsed_ns >= in->budget_ns;
    if (n >= TOCK_MIN_SAMPLES && in->target_precision > 0.0 &&
        in->elapsed_ns >= TOCK_MIN_BUDGET_FRACTION * in->budget_ns &&
        ((n - TOCK_MIN_SAMPLES) % TOCK_CHECK_EVERY == 0 || at_limit || over_budget)) {
        tock_estimate e;
        size_t b = in->resamples ? in->resamples : TOCK_CHECK_RESAMPLES;
        int rc = tock_stats_bootstrap_slope(in->iters, in->ns, n, b, in->confidence,
                                            in->seed ^ (uint64_t)n, &e);
        if (rc < 0) return rc;
        out->precision = e.point > 0.0 ? 0.5 * (e.upper - e.lower) / e.point : INFINITY;
        if (out->precision <= in->target_precision) {
            out->reason = TOCK_STOP_TARGET_PRECISION;
            return 0;
        }
    }
    if (at_limit)
        out->reason = TOCK_STOP_SAMPLE_LIMIT;
    else if (n >= TOCK_MIN_SAMPLES && over_budget)
        out->reason = TOCK_STOP_TIME_BUDGET;
    else if (in->interrupted)
        out->reason = TOCK_STOP_INTERRUPTED;
    return 0;
}
