/* cases_causal.c: the causal.* cases (docs/kernels.md section 12, ht_causal.h):
 * one epoch of the causal chain per configuration and seed, hashing the
 * sequence as input and, as output, every node's states, branch means and
 * branch variances plus the eight metrics. The chain is scalar binary64 code
 * calling libm (tanh, sin, cos, and log/sqrt/cos inside ht_rng_normal), so
 * these cases catch compiler and -O differences (contraction, reordered
 * sums); across machines they are only as portable as libm. The inputs come
 * from ht_causal_sequence itself, not from inputs.c: the sequence is part of
 * the model's definition and is hashed so an input change is told apart. */
#include "cases.h"
#include "ht_causal.h"

typedef struct {
    const char *name;
    int d, k, t, depth[HT_CAUSAL_NODES];
} causal_case;

/* The sweep's smallest and largest points, and one with unequal depths. */
static const causal_case CASES[] = {
    {"d3k3t48", 3, 3, 48, {1, 2, 3}},
    {"d6k9t96", 6, 9, 96, {1, 2, 3}},
    {"d5k4t33.depth3_1_2", 5, 4, 33, {3, 1, 2}},
};
static const uint64_t SEEDS[] = {123, 124};

static void run_case(tcase_sink *s, const causal_case *c, uint64_t seed) {
    const ht_causal_config cfg = {c->d, c->k, c->t, {c->depth[0], c->depth[1], c->depth[2]}};
    ht_causal *m = NULL;
    TCASE_CHECK(ht_causal_create(&cfg, &m));
    TCASE_CHECK(ht_causal_sequence(m, seed));
    ht_causal_metrics mt;
    TCASE_CHECK(ht_causal_epoch(m, &mt));

    const size_t T = (size_t)c->t, D = (size_t)c->d;
    tcase_case_begin(s, "causal", -1, "causal.%s.seed%llu", c->name, (unsigned long long)seed);
    const int32_t shape[6] = {c->d, c->k, c->t, c->depth[0], c->depth[1], c->depth[2]};
    TCASE_IN1(s, TCASE_ELEM_I32, shape, 6, "d,k,t,depth0,depth1,depth2");
    TCASE_IN1(s, TCASE_ELEM_U64, &seed, 1, "seed");
    TCASE_IN2(s, TCASE_ELEM_F64, ht_causal_inputs(m), T, D, "x");
    for (int i = 0; i < HT_CAUSAL_NODES; i++) {
        TCASE_OUT2(s, TCASE_ELEM_F64, ht_causal_states(m, i), T, D, "node%d.s", i);
        TCASE_OUT2(s, TCASE_ELEM_F64, ht_causal_branch_means(m, i), T, D, "node%d.s_hat", i);
        TCASE_OUT1(s, TCASE_ELEM_F64, ht_causal_branch_variances(m, i), T, "node%d.var", i);
    }
    const double metrics[8] = {mt.task, mt.consistency, mt.coherence, mt.total,
                               mt.mse,  mt.rmse,        mt.overshoot, mt.robustness};
    TCASE_OUT1(s, TCASE_ELEM_F64, metrics, 8,
               "task,consistency,coherence,total,mse,rmse,overshoot,robustness");
    tcase_case_end(s);
    ht_causal_destroy(m);
}

void tcase_cases_causal(tcase_sink *s) {
    if (!tcase_sink_wants(s, "causal.")) return;
    for (size_t c = 0; c < sizeof CASES / sizeof CASES[0]; c++)
        for (size_t k = 0; k < sizeof SEEDS / sizeof SEEDS[0]; k++)
            run_case(s, &CASES[c], SEEDS[k]);
}
