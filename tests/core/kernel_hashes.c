/* kernel_hashes.c: one FNV-1a 64 hash per kernel of HT_KERNEL_LIST over its
 * outputs on fixed inputs, printed so that two builds -- x86-64 natively,
 * aarch64/riscv64/i386 under tests/cross -- can be compared line by line.
 * Equal lines mean the kernel returned the same bits on both architectures
 * for every input below, which is the strongest evidence the cross tests
 * have that the operation-order contracts of ht_kernels.h hold across
 * architectures and vector lengths (core.kernels_parity compares each table
 * with its own build's scalar table only).
 *
 * Every table this build and CPU can run is hashed; they must all agree
 * (exit 1 and a "MISMATCH" line otherwise), and the lines printed are that
 * common hash. Inputs come from ht_rng (integer-exact, the same on every
 * build): sizes around every tail length and the 16-lane block, unit, wide,
 * special (signed zeros, subnormals, +-inf, NaNs, exp/tanh cut-offs) and
 * subnormal classes, odd mask bytes.
 *
 * NaN outputs are hashed as one canonical NaN: which NaN an operation returns
 * is the architecture's rule, not the contract's (x86 makes 0xffc00000 for
 * inf - inf, aarch64 and riscv64 0x7fc00000, and riscv64 never propagates a
 * payload), so payloads can never agree across architectures. The raw hash,
 * payloads included, is printed as a comment for the curious.
 *
 * Output: lines "# ..." (tables, vector length) that comparisons skip, then
 * "<kernel> <hash16>" per kernel in table order, "# raw ..." lines, and
 * "model <hash16>": a short trainer run (see model_hash).
 * Usage: test_kernel_hashes [isa]   (only that table, plus scalar) */
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ht.h"
#include "ht_isa.h"
#include "ht_kernels.h"
#include "ht_math.h"
#include "ht_rng.h"

#if defined(__aarch64__) || defined(__riscv)
#include <sys/auxv.h>
#endif
#if defined(__aarch64__)
#include <sys/prctl.h>
#ifndef PR_SVE_GET_VL
#define PR_SVE_GET_VL 51
#endif
#endif

/* ---- hashing ---- */

typedef struct {
    uint64_t canon, raw;
} hash2;

static void h_bytes(uint64_t *h, const void *p, size_t n) {
    const unsigned char *b = p;
    for (size_t i = 0; i < n; i++) *h = (*h ^ b[i]) * 0x100000001b3ull;
}

static void h_u32(hash2 *h, uint32_t canon, uint32_t raw) {
    h_bytes(&h->canon, &canon, sizeof canon);
    h_bytes(&h->raw, &raw, sizeof raw);
}

static void h_f32s(hash2 *h, const float *x, size_t n) {
    for (size_t i = 0; i < n; i++) {
        uint32_t u = ht_f32_bits(x[i]);
        h_u32(h, x[i] != x[i] ? 0x7fc00000u : u, u);
    }
}

static void h_bytes2(hash2 *h, const uint8_t *m, size_t n) {
    h_bytes(&h->canon, m, n);
    h_bytes(&h->raw, m, n);
}

/* ---- inputs ---- */

enum { C_UNIT, C_WIDE, C_SPECIAL, C_SUBNORMAL, C_COUNT };

static const float specials[] = {
    0.0f,   -0.0f,   1e-40f, -1e-42f, 1.17549435e-38f, 3.40282347e38f, -3.40282347e38f, 1.0f,
    -1.0f,  1e-6f,   88.7f,  88.8f,   88.9f,           -103.9f,        -104.0f,         -104.1f,
    0.625f, -0.625f, 9.0f,   -9.0f,   88.72283f};

static float gen(ht_rng *r, int cls) {
    switch (cls) {
    case C_UNIT: return ht_rng_symmetric_f32(r, 1.0);
    case C_WIDE: return ht_rng_symmetric_f32(r, 120.0);
    case C_SPECIAL: {
        uint64_t v = ht_rng_next(r);
        switch (v & 7) {
        case 0: return ht_bits_f32(0x7f800000u);                                 /* +inf */
        case 1: return ht_bits_f32(0xff800000u);                                 /* -inf */
        case 2: return ht_bits_f32(0x7fc00000u | (uint32_t)((v >> 8) & 0xffff)); /* qNaN */
        case 3: return ht_bits_f32(0x7f800001u | (uint32_t)((v >> 8) & 0xffff)); /* sNaN */
        case 4:
        case 5: return specials[(v >> 33) % (sizeof specials / sizeof specials[0])];
        default: return ht_rng_symmetric_f32(r, 12.0);
        }
    }
    default: return ht_bits_f32((uint32_t)(ht_rng_next(r) >> 32) & 0x80ffffffu);
    }
}

static float *fvec(size_t n, ht_rng *r, int cls) {
    float *x = calloc(n ? n : 1, sizeof *x);
    if (!x) {
        fprintf(stderr, "out of memory\n");
        exit(2);
    }
    for (size_t i = 0; i < n; i++) x[i] = gen(r, cls);
    return x;
}

static uint8_t *mvec(size_t n, ht_rng *r) {
    static const uint8_t pool[8] = {0, 0, 0, 0, 1, 2, 255, 128};
    uint8_t *m = calloc(n ? n : 1, 1);
    if (!m) {
        fprintf(stderr, "out of memory\n");
        exit(2);
    }
    for (size_t i = 0; i < n; i++) m[i] = pool[ht_rng_next(r) & 7];
    return m;
}

static const size_t sizes[] = {0,  1,  2,  3,  4,  5,  7,  8,  9,   15,  16,   17,
                               19, 31, 32, 33, 47, 63, 64, 65, 100, 257, 1000, 4099};
#define N_SIZES (sizeof sizes / sizeof sizes[0])

static uint64_t seed_of(unsigned what, size_t a, size_t b, int cls) {
    return 0x6b65726e656cull ^ ((uint64_t)what << 48) ^ ((uint64_t)a << 20) ^ ((uint64_t)b << 8) ^
           (uint64_t)cls;
}

/* ---- one driver per kernel type (HT_KERNEL_LIST's type column) ---- */

static hash2 hash_ht_matvec_panels_fn(ht_matvec_panels_fn f) {
    hash2 h = {0xcbf29ce484222325ull, 0xcbf29ce484222325ull};
    static const size_t n_ins[] = {0, 1, 7, 16, 33, 64, 70};
    for (int cls = 0; cls < C_COUNT; cls++)
        for (size_t a = 0; a < sizeof n_ins / sizeof n_ins[0]; a++)
            for (size_t np = 1; np <= 3; np++) {
                size_t n_in = n_ins[a], pstride = n_in * HT_PANEL + (np & 1) * 69;
                size_t nw = (np - 1) * pstride + n_in * HT_PANEL;
                ht_rng r;
                ht_rng_seed(&r, seed_of(1, n_in, np, cls));
                float *w = fvec(nw, &r, C_UNIT), *x = fvec(n_in, &r, cls);
                float *y = fvec(np * HT_PANEL, &r, cls);
                for (size_t i = 0; i < nw; i += 61) w[i] = gen(&r, cls);
                f(y, w, pstride, x, n_in, np);
                h_f32s(&h, y, np * HT_PANEL);
                free(w);
                free(x);
                free(y);
            }
    return h;
}

static hash2 hash_ht_dot_panels_fn(ht_dot_panels_fn f) {
    hash2 h = {0xcbf29ce484222325ull, 0xcbf29ce484222325ull};
    for (int cls = 0; cls < C_COUNT; cls++)
        for (size_t np = 0; np <= 6; np++)
            for (size_t gap = 0; gap < 2; gap++) {
                size_t pstride = HT_PANEL + gap * 131;
                size_t nw = np ? (np - 1) * pstride + HT_PANEL : 0;
                ht_rng r;
                ht_rng_seed(&r, seed_of(2, np, gap, cls));
                float *w = fvec(nw, &r, cls), *v = fvec(np * HT_PANEL, &r, cls);
                float s = f(w, pstride, v, np);
                h_f32s(&h, &s, 1);
                free(w);
                free(v);
            }
    return h;
}

static hash2 hash_ht_dot_fn(ht_dot_fn f) {
    hash2 h = {0xcbf29ce484222325ull, 0xcbf29ce484222325ull};
    for (int cls = 0; cls < C_COUNT; cls++)
        for (size_t si = 0; si < N_SIZES; si++) {
            ht_rng r;
            ht_rng_seed(&r, seed_of(3, sizes[si], 0, cls));
            float *a = fvec(sizes[si], &r, cls), *b = fvec(sizes[si], &r, cls);
            float s = f(a, b, sizes[si]);
            h_f32s(&h, &s, 1);
            free(a);
            free(b);
        }
    return h;
}

static hash2 hash_ht_sum_fn(ht_sum_fn f) {
    hash2 h = {0xcbf29ce484222325ull, 0xcbf29ce484222325ull};
    for (int cls = 0; cls < C_COUNT; cls++)
        for (size_t si = 0; si < N_SIZES; si++) {
            ht_rng r;
            ht_rng_seed(&r, seed_of(4, sizes[si], 0, cls));
            float *a = fvec(sizes[si], &r, cls);
            float s = f(a, sizes[si]);
            h_f32s(&h, &s, 1);
            free(a);
        }
    return h;
}

static hash2 hash_ht_sgd_outer_panels_fn(ht_sgd_outer_panels_fn f) {
    hash2 h = {0xcbf29ce484222325ull, 0xcbf29ce484222325ull};
    static const size_t rows[] = {0, 1, 5, 17, 40};
    for (int cls = 0; cls < C_COUNT; cls++)
        for (size_t a = 0; a < sizeof rows / sizeof rows[0]; a++)
            for (size_t np = 1; np <= 3; np++) {
                size_t n_rows = rows[a], pstride = n_rows * HT_PANEL + (np & 1) * 37;
                size_t nw = np * pstride;
                ht_rng r;
                ht_rng_seed(&r, seed_of(5, n_rows, np, cls));
                float *w = fvec(nw, &r, cls), *av = fvec(n_rows, &r, cls);
                float *b = fvec(np * HT_PANEL, &r, cls);
                f(w, pstride, av, b, n_rows, np);
                h_f32s(&h, w, nw);
                free(w);
                free(av);
                free(b);
            }
    return h;
}

static hash2 hash_ht_sgd_outer_rows_fn(ht_sgd_outer_rows_fn f) {
    hash2 h = {0xcbf29ce484222325ull, 0xcbf29ce484222325ull};
    for (int cls = 0; cls < C_COUNT; cls++)
        for (size_t si = 0; si < N_SIZES; si++)
            for (size_t n_rows = 0; n_rows <= 3; n_rows += 3) {
                size_t n = sizes[si], ldw = n + 2;
                ht_rng r;
                ht_rng_seed(&r, seed_of(6, n, n_rows, cls));
                float *w = fvec(n_rows * ldw, &r, cls), *a = fvec(n_rows, &r, cls);
                float *b = fvec(n, &r, cls);
                f(w, ldw, a, b, n_rows, n);
                h_f32s(&h, w, n_rows * ldw);
                free(w);
                free(a);
                free(b);
            }
    return h;
}

static const float alphas[] = {0.37f, -1.5f, 0.0f, -0.0f, 1e-40f, 3e38f};

static hash2 hash_ht_axpy_fn(ht_axpy_fn f) {
    hash2 h = {0xcbf29ce484222325ull, 0xcbf29ce484222325ull};
    for (int cls = 0; cls < C_COUNT; cls++)
        for (size_t si = 0; si < N_SIZES; si++) {
            ht_rng r;
            ht_rng_seed(&r, seed_of(7, sizes[si], 0, cls));
            float *y = fvec(sizes[si], &r, cls), *x = fvec(sizes[si], &r, cls);
            f(y, alphas[si % 6], x, sizes[si]);
            h_f32s(&h, y, sizes[si]);
            free(y);
            free(x);
        }
    return h;
}

static hash2 hash_ht_scale_fn(ht_scale_fn f) {
    hash2 h = {0xcbf29ce484222325ull, 0xcbf29ce484222325ull};
    for (int cls = 0; cls < C_COUNT; cls++)
        for (size_t si = 0; si < N_SIZES; si++) {
            ht_rng r;
            ht_rng_seed(&r, seed_of(8, sizes[si], 0, cls));
            float *y = fvec(sizes[si], &r, cls);
            f(y, alphas[(si + 1) % 6], sizes[si]);
            h_f32s(&h, y, sizes[si]);
            free(y);
        }
    return h;
}

/* exp, tanh, sigmoid and softmax: out of place, then in place. */
static hash2 hash_ht_unary_fn(ht_unary_fn f) {
    hash2 h = {0xcbf29ce484222325ull, 0xcbf29ce484222325ull};
    for (int cls = 0; cls < C_COUNT; cls++)
        for (size_t si = 0; si < N_SIZES; si++) {
            ht_rng r;
            ht_rng_seed(&r, seed_of(9, sizes[si], 0, cls));
            float *x = fvec(sizes[si], &r, cls), *y = fvec(sizes[si], &r, C_UNIT);
            f(y, x, sizes[si]);
            h_f32s(&h, y, sizes[si]);
            f(x, x, sizes[si]);
            h_f32s(&h, x, sizes[si]);
            free(x);
            free(y);
        }
    return h;
}

static hash2 hash_ht_softmax_fn(ht_softmax_fn f) { return hash_ht_unary_fn(f); }

static hash2 hash_ht_gru_blend_fn(ht_gru_blend_fn f) {
    hash2 h = {0xcbf29ce484222325ull, 0xcbf29ce484222325ull};
    for (int cls = 0; cls < C_COUNT; cls++)
        for (size_t si = 0; si < N_SIZES; si++) {
            ht_rng r;
            ht_rng_seed(&r, seed_of(10, sizes[si], 0, cls));
            float *hv = fvec(sizes[si], &r, cls), *z = fvec(sizes[si], &r, cls);
            float *t = fvec(sizes[si], &r, cls);
            f(hv, z, t, sizes[si]);
            h_f32s(&h, hv, sizes[si]);
            free(hv);
            free(z);
            free(t);
        }
    return h;
}

static hash2 hash_ht_scm_binary_fn(ht_scm_binary_fn f) {
    hash2 h = {0xcbf29ce484222325ull, 0xcbf29ce484222325ull};
    for (int cls = 0; cls < C_COUNT; cls++)
        for (size_t si = 0; si < N_SIZES; si++) {
            size_t n = sizes[si];
            ht_rng r;
            ht_rng_seed(&r, seed_of(11, n, 0, cls));
            float *x = fvec(n, &r, cls), *y = fvec(n, &r, cls), *o = fvec(n, &r, C_UNIT);
            for (size_t i = 0; i < n; i += 7) y[i] = (i & 1) ? -0.0f : 0.0f;
            uint8_t *mx = mvec(n, &r), *my = mvec(n, &r), *mo = mvec(n, &r);
            f(o, mo, x, mx, y, my, n);
            h_f32s(&h, o, n);
            h_bytes2(&h, mo, n);
            free(x);
            free(y);
            free(o);
            free(mx);
            free(my);
            free(mo);
        }
    return h;
}

static hash2 hash_ht_scm_unary_fn(ht_scm_unary_fn f) {
    hash2 h = {0xcbf29ce484222325ull, 0xcbf29ce484222325ull};
    for (int cls = 0; cls < C_COUNT; cls++)
        for (size_t si = 0; si < N_SIZES; si++) {
            size_t n = sizes[si];
            ht_rng r;
            ht_rng_seed(&r, seed_of(12, n, 0, cls));
            float *x = fvec(n, &r, cls), *o = fvec(n, &r, C_UNIT);
            for (size_t i = 0; i < n; i += 7) x[i] = (i & 1) ? -0.0f : 0.0f;
            uint8_t *mx = mvec(n, &r), *mo = mvec(n, &r);
            f(o, mo, x, mx, n);
            h_f32s(&h, o, n);
            h_bytes2(&h, mo, n);
            free(x);
            free(o);
            free(mx);
            free(mo);
        }
    return h;
}

static hash2 hash_ht_scm_decode_fn(ht_scm_decode_fn f) {
    hash2 h = {0xcbf29ce484222325ull, 0xcbf29ce484222325ull};
    static const float taus[] = {1e-6f, 0.0f, 0.5f, 3e38f};
    for (int cls = 0; cls < C_COUNT; cls++)
        for (size_t si = 0; si < N_SIZES; si++) {
            size_t n = sizes[si];
            ht_rng r;
            ht_rng_seed(&r, seed_of(13, n, 0, cls));
            float *p = fvec(n, &r, cls), *q = fvec(n, &r, cls), *o = fvec(n, &r, C_UNIT);
            uint8_t *mo = mvec(n, &r);
            f(o, mo, p, q, taus[si % 4], n);
            h_f32s(&h, o, n);
            h_bytes2(&h, mo, n);
            free(p);
            free(q);
            free(o);
            free(mo);
        }
    return h;
}

/* ---- all kernels of one table ---- */

enum {
#define HK_COUNT_ROW(name, type) HK_##name,
    HT_KERNEL_LIST(HK_COUNT_ROW)
#undef HK_COUNT_ROW
        HK_COUNT
};

static const char *const kernel_names[HK_COUNT] = {
#define HK_NAME_ROW(name, type) #name,
    HT_KERNEL_LIST(HK_NAME_ROW)
#undef HK_NAME_ROW
};

/* A kernel of a new type needs a hash_<type> driver above (compile error
 * otherwise). */
static void hash_table(const ht_kernels *k, hash2 out[HK_COUNT]) {
#define HK_HASH_ROW(name, type) out[HK_##name] = hash_##type(k->name);
    HT_KERNEL_LIST(HK_HASH_ROW)
#undef HK_HASH_ROW
}

/* ---- the whole model on one table ---- */

/* A short fixed trainer sequence (the library's GRU, BPTT, SGD and heads, 1
 * thread) hashed over its predictions and every member's weights: the
 * kernels composed, as the user sees them. Unlike the kernels this also
 * depends on libm: the weight initialisation's Box-Muller uses binary64 log
 * and cos (glibc's, whose i386 versions are x87 code). A "model" line that
 * differs while every kernel line agrees points there, not at the kernels. */
static uint64_t model_hash(ht_isa isa) {
    uint64_t h = 0xcbf29ce484222325ull;
    if (ht_isa_select(isa) != HT_OK) return 0;
    ht_config cfg = ht_config_default();
    cfg.hidden_dim = 72, cfg.stoch_dim = 8, cfg.members = 2, cfg.seed = 42;
    ht_trainer *tr = NULL;
    ht_prediction p;
    if (ht_trainer_create(&tr, &cfg) != HT_OK) return 0;
    if (ht_prediction_alloc(&p, 12) != HT_OK) return 0;
    int rc = ht_set_effective_lr(tr, 1e-3f) | ht_record_step(tr, 2.0f, 1.5f) | ht_init_latents(tr) |
             ht_predict(tr, 5, &p);
    h_bytes(&h, p.trajectory, 6 * sizeof(float));
    for (int i = 0; i < 5; i++)
        rc |= ht_observe_gradient(tr, 2.0f - 0.1f * (float)i, 1.5f + 0.05f * (float)i);
    rc |= ht_predict(tr, 12, &p);
    h_bytes(&h, p.trajectory, 13 * sizeof(float));
    const size_t cap = 72 * 72 + 64 * 80;
    float *buf = calloc(cap, sizeof *buf);
    for (size_t m = 0; buf && m < cfg.members; m++)
        for (int b = 0; b < HT_BLOCK_COUNT; b++) {
            size_t r, c;
            ht_block_shape(tr, (ht_block)b, &r, &c);
            rc |= ht_member_block_get(tr, m, (ht_block)b, buf, cap);
            h_bytes(&h, buf, r * c * sizeof(float));
        }
    free(buf);
    ht_prediction_free(&p);
    ht_trainer_destroy(tr);
    return rc == HT_OK ? h : 0;
}

static void print_vector_length(void) {
#if defined(__aarch64__)
    if (ht_isa_cpu_supports(HT_ISA_SVE)) {
        int r = prctl(PR_SVE_GET_VL, 0, 0, 0, 0);
        if (r > 0) printf("# sve_vl_bits %d\n", (r & 0xffff) * 8);
    }
#elif defined(__riscv) && __riscv_xlen == 64
    if (ht_isa_cpu_supports(HT_ISA_RVV)) {
        unsigned long vlenb;
        __asm__ volatile("csrr %0, 0xc22" : "=r"(vlenb)); /* vlenb: needs V, checked above */
        printf("# rvv_vlen_bits %lu\n", vlenb * 8);
    }
#endif
}

int main(int argc, char **argv) {
    ht_isa only = HT_ISA_COUNT;
    if (argc > 1 && ht_isa_parse(argv[1], &only) != 0) {
        fprintf(stderr, "usage: %s [isa]\n", argv[0]);
        return 2;
    }
    static hash2 hs[HT_ISA_COUNT][HK_COUNT];
    int have[HT_ISA_COUNT] = {0};
    printf("# kernel hashes (FNV-1a 64, NaN canonical); tables:");
    for (int i = 0; i < HT_ISA_COUNT; i++) {
        if (only != HT_ISA_COUNT && i != HT_ISA_SCALAR && i != (int)only) continue;
        const ht_kernels *k = ht_kernels_for((ht_isa)i);
        if (!k) continue;
        hash_table(k, hs[i]);
        have[i] = 1;
        printf(" %s", ht_isa_name((ht_isa)i));
    }
    printf("\n");
    print_vector_length();
    if (only != HT_ISA_COUNT && !have[only]) {
        printf("MISSING: table %s is not available (not built, or the CPU lacks it)\n",
               ht_isa_name(only));
        return 1;
    }
    int bad = 0;
    for (int j = 0; j < HK_COUNT; j++) {
        for (int i = 1; i < HT_ISA_COUNT; i++)
            if (have[i] && hs[i][j].canon != hs[HT_ISA_SCALAR][j].canon) {
                printf("MISMATCH: %s of %s %016" PRIx64 " != scalar %016" PRIx64 "\n",
                       kernel_names[j], ht_isa_name((ht_isa)i), hs[i][j].canon,
                       hs[HT_ISA_SCALAR][j].canon);
                bad = 1;
            }
        printf("%s %016" PRIx64 "\n", kernel_names[j], hs[HT_ISA_SCALAR][j].canon);
    }
    for (int j = 0; j < HK_COUNT; j++)
        printf("# raw %s %016" PRIx64 "\n", kernel_names[j], hs[HT_ISA_SCALAR][j].raw);
    /* The model on the table under test (or the active one). */
    ht_isa misa = only != HT_ISA_COUNT ? only : ht_isa_active();
    printf("# model run on %s\n", ht_isa_name(misa));
    printf("model %016" PRIx64 "\n", model_hash(misa));
    return bad;
}
