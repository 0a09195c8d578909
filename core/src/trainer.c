/* trainer.c: creating and destroying a trainer, its deterministic
 * initialisation (docs/kernels.md section 2) and the accessors that expose weights
 * in their logical row-major form. No arithmetic of the model lives here. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ht_rng.h"
#include "mutations.h"
#include "trainer_internal.h"

const char *const ht_delta_layer_names[HT_DELTA_LAYERS] = {
    "embed",         "attention.q", "attention.k", "attention.v",
    "attention.out", "mlp.up",      "mlp.down",    "lm_head"};

ht_config ht_config_default(void) {
    ht_config c = {
        .input_dim = HT_FEATURES, .hidden_dim = 256, .stoch_dim = 32, .members = 3, .seed = 0};
    return c;
}

/* 64-byte aligned, zeroed: a panel row is one cache line. */
static float *falloc(size_t n) {
    size_t bytes = (n * sizeof(float) + 63) / 64 * 64;
    if (bytes == 0) bytes = 64;
    float *p = aligned_alloc(64, bytes);
    if (p) memset(p, 0, bytes);
    return p;
}

int ht_prediction_alloc(ht_prediction *p, size_t max_horizon) {
    if (!p) return HT_ENULL;
    if (max_horizon > (1u << 24)) return HT_ERANGE;
    memset(p, 0, sizeof *p);
    p->trajectory = calloc(max_horizon + 1, sizeof(float));
    if (!p->trajectory) return HT_ENOMEM;
    p->capacity = max_horizon + 1;
    return HT_OK;
}

void ht_prediction_free(ht_prediction *p) {
    if (!p) return;
    free(p->trajectory);
    p->trajectory = NULL;
    p->capacity = 0;
}

static int validate(const ht_config *c) {
    if (c->input_dim != HT_FEATURES) return HT_EDIM;
    if (c->hidden_dim == 0 || c->hidden_dim > HT_MAX_HIDDEN) return HT_EDIM;
    if (c->stoch_dim == 0 || c->stoch_dim > c->hidden_dim) return HT_EDIM;
    if (c->hidden_dim % c->stoch_dim != 0) return HT_EDIM;
    if (c->members == 0 || c->members > HT_MAX_MEMBERS) return HT_EDIM;
    return HT_OK;
}

/* Address of logical element (out, in) of a panel matrix. */
static inline size_t pidx(size_t out, size_t in, size_t pstride) {
    return (out / HT_PANEL) * pstride + in * HT_PANEL + out % HT_PANEL;
}

/* Where block b of a member lives: base pointer, panel stride, output offset
 * (gate * Hp) and input count; for row-major blocks pstride is 0. */
typedef struct {
    float *base;
    size_t pstride, out_off, rows, cols;
} block_loc;

static block_loc locate(const ht_trainer *tr, size_t m, ht_block b) {
    const ht__member *mm = &tr->m[m];
    block_loc L = {0};
    switch (b) {
    case HT_W_Z:
    case HT_W_R:
    case HT_W_H:
        L = (block_loc){mm->wx, tr->ps_x, (size_t)(b - HT_W_Z) * tr->Hp, tr->H, tr->I};
        break;
    case HT_U_Z:
    case HT_U_R:
        L = (block_loc){mm->uzr, tr->ps_u, (size_t)(b - HT_U_Z) * tr->Hp, tr->H, tr->H};
        break;
    case HT_U_H: L = (block_loc){mm->uh, tr->ps_u, 0, tr->H, tr->H}; break;
    case HT_B_Z:
    case HT_B_R:
    case HT_B_H: L = (block_loc){mm->b + (size_t)(b - HT_B_Z) * tr->Hp, 0, 0, tr->H, 1}; break;
    case HT_W_LOSS: L = (block_loc){mm->w_loss, 0, 0, 1, tr->C}; break;
    default: break;
    }
    return L;
}

void ht_block_shape(const ht_trainer *tr, ht_block b, size_t *rows, size_t *cols) {
    size_t r = 0, c = 0;
    if (tr && (unsigned)b < HT_BLOCK_COUNT) {
        block_loc L = locate(tr, 0, b);
        r = L.rows;
        c = L.cols;
    }
    if (rows) *rows = r;
    if (cols) *cols = c;
}

static int block_io(const ht_trainer *tr, size_t m, ht_block b, float *buf, size_t n, bool write) {
    if (!tr || !buf) return HT_ENULL;
    if (m >= tr->E || (unsigned)b >= HT_BLOCK_COUNT) return HT_ERANGE;
    block_loc L = locate(tr, m, b);
    if (n < L.rows * L.cols) return HT_ECAPACITY;
    for (size_t i = 0; i < L.rows; i++)
        for (size_t j = 0; j < L.cols; j++) {
            float *w =
                L.pstride ? &L.base[pidx(L.out_off + i, j, L.pstride)] : &L.base[i * L.cols + j];
            if (write)
                *w = buf[i * L.cols + j];
            else
                buf[i * L.cols + j] = *w;
        }
    return HT_OK;
}

int ht_member_block_get(const ht_trainer *tr, size_t m, ht_block b, float *out, size_t capacity) {
    return block_io(tr, m, b, out, capacity, false);
}

int ht_member_block_set(ht_trainer *tr, size_t m, ht_block b, const float *in, size_t count) {
    int rc = block_io(tr, m, b, (float *)(uintptr_t)in, count, true);
    if (rc == HT_OK) tr->conf_valid = false;
    return rc;
}

int ht_member_latent_get(const ht_trainer *tr, size_t m, float *h, float *p) {
    if (!tr || !h || !p) return HT_ENULL;
    if (m >= tr->E) return HT_ERANGE;
    memcpy(h, tr->m[m].h, tr->H * sizeof(float));
    memcpy(p, tr->m[m].p, tr->S * sizeof(float));
    return HT_OK;
}

int ht_member_latent_set(ht_trainer *tr, size_t m, const float *h) {
    if (!tr || !h) return HT_ENULL;
    if (m >= tr->E) return HT_ERANGE;
    memcpy(tr->m[m].h, h, tr->H * sizeof(float));
    /* p is derived from h: decode through the scratch of member m. */
    memcpy(tr->sc[m].h, tr->m[m].h, tr->Hp * sizeof(float));
    ht__member_decode(tr, m);
    memcpy(tr->m[m].p, tr->sc[m].p, tr->S * sizeof(float));
    tr->conf_valid = false;
    return HT_OK;
}

int ht_delta_head_get(const ht_trainer *tr, float *out, size_t capacity) {
    if (!tr || !out) return HT_ENULL;
    if (capacity < HT_DELTA_OUTPUTS * tr->C) return HT_ECAPACITY;
    memcpy(out, tr->w_delta, HT_DELTA_OUTPUTS * tr->C * sizeof(float));
    return HT_OK;
}

int ht_delta_head_set(ht_trainer *tr, const float *in, size_t count) {
    if (!tr || !in) return HT_ENULL;
    if (count < HT_DELTA_OUTPUTS * tr->C) return HT_ECAPACITY;
    memcpy(tr->w_delta, in, HT_DELTA_OUTPUTS * tr->C * sizeof(float));
    tr->conf_valid = false;
    return HT_OK;
}

int ht_member_dh_prev_get(const ht_trainer *tr, size_t m, float *out) {
    if (!tr || !out) return HT_ENULL;
    if (m >= tr->E) return HT_ERANGE;
    memcpy(out, tr->m[m].dh_prev, tr->H * sizeof(float));
    return HT_OK;
}

/* Section 2: one xoshiro256** stream from the seed, drawn in logical order:
 * for each member W_z, W_r, W_h (H x I), U_z, U_r, U_h (H x H) row by row,
 * then its loss head (C); finally the shared weight-delta head (10 x C).
 * Biases are 0. */
static void init_weights(ht_trainer *tr) {
    ht_rng rng;
    ht_rng_seed(&rng, tr->cfg.seed);
    const double s_gru = sqrt(2.0 / (double)(tr->I + tr->H));
    for (size_t m = 0; m < tr->E; m++) {
        for (int b = HT_W_Z; b <= HT_U_H; b++) {
            block_loc L = locate(tr, m, (ht_block)b);
            for (size_t i = 0; i < L.rows; i++)
                for (size_t j = 0; j < L.cols; j++)
                    L.base[pidx(L.out_off + i, j, L.pstride)] = ht_rng_symmetric_f32(&rng, s_gru);
        }
        for (size_t i = 0; i < tr->C; i++) tr->m[m].w_loss[i] = ht_rng_symmetric_f32(&rng, 0.01);
    }
    for (size_t i = 0; i < HT_DELTA_OUTPUTS * tr->C; i++)
        tr->w_delta[i] = ht_rng_symmetric_f32(&rng, 0.01);
}

static int alloc_all(ht_trainer *tr) {
    const size_t I = tr->I, H = tr->H, Hp = tr->Hp, S = tr->S, C = tr->C;
    tr->m = calloc(tr->E, sizeof *tr->m);
    tr->sc = calloc(tr->E, sizeof *tr->sc);
    tr->w_delta = falloc(HT_DELTA_OUTPUTS * C);
    tr->cbar = falloc(C);
    if (!tr->m || !tr->sc || !tr->w_delta || !tr->cbar) return HT_ENOMEM;
    for (size_t m = 0; m < tr->E; m++) {
        ht__member *mm = &tr->m[m];
        mm->wx = falloc(3 * Hp / HT_PANEL * tr->ps_x);
        mm->uzr = falloc(2 * Hp / HT_PANEL * tr->ps_u);
        mm->uh = falloc(Hp / HT_PANEL * tr->ps_u);
        mm->b = falloc(3 * Hp);
        mm->w_loss = falloc(C);
        mm->h = falloc(Hp);
        mm->p = falloc(S);
        mm->dh_prev = falloc(H);
        ht__scratch *s = &tr->sc[m];
        s->x = falloc(I);
        s->xpart = falloc(3 * Hp);
        s->g = falloc(3 * Hp);
        s->rh = falloc(Hp);
        s->h = falloc(Hp);
        s->hprev = falloc(Hp);
        s->p = falloc(S);
        s->c = falloc(C);
        s->da = falloc(3 * Hp);
        s->dh = falloc(Hp);
        s->drh = falloc(Hp);
        s->coef = falloc(I + 2 * H); /* cs*x | cs*h_prev | cs*rh */
        if (!mm->wx || !mm->uzr || !mm->uh || !mm->b || !mm->w_loss || !mm->h || !mm->p ||
            !mm->dh_prev || !s->x || !s->xpart || !s->g || !s->rh || !s->h || !s->hprev || !s->p ||
            !s->c || !s->da || !s->dh || !s->drh || !s->coef)
            return HT_ENOMEM;
    }
    return ht_prediction_alloc(&tr->conf_pred, 10);
}

int ht_trainer_create(ht_trainer **out, const ht_config *cfg) {
    if (!out || !cfg) return HT_ENULL;
    *out = NULL;
    int rc = validate(cfg);
    if (rc != HT_OK) return rc;
    ht_trainer *tr = calloc(1, sizeof *tr);
    if (!tr) return HT_ENOMEM;
    tr->cfg = *cfg;
    tr->I = cfg->input_dim;
    tr->H = cfg->hidden_dim;
    tr->S = cfg->stoch_dim;
    tr->E = cfg->members;
    tr->C = tr->H + tr->S;
    tr->Hp = (tr->H + HT_PANEL - 1) / HT_PANEL * HT_PANEL;
    tr->ps_x = tr->I * HT_PANEL;
    tr->ps_u = tr->H * HT_PANEL;
    tr->threads = 1;
    tr->phase = HT_PHASE_WARMUP;
    rc = alloc_all(tr);
    if (rc == HT_OK) rc = ht__pool_create(&tr->pool, 1);
    if (rc != HT_OK) {
        ht_trainer_destroy(tr);
        return rc;
    }
    init_weights(tr);
    /* p of an all-zero hidden state: uniform. */
    for (size_t m = 0; m < tr->E; m++) {
        memcpy(tr->sc[m].h, tr->m[m].h, tr->Hp * sizeof(float));
        ht__member_decode(tr, m);
        memcpy(tr->m[m].p, tr->sc[m].p, tr->S * sizeof(float));
    }
    *out = tr;
    return HT_OK;
}

void ht_trainer_destroy(ht_trainer *tr) {
    if (!tr) return;
    ht__pool_destroy(tr->pool);
    for (size_t m = 0; tr->m && m < tr->E; m++) {
        ht__member *mm = &tr->m[m];
        free(mm->wx);
        free(mm->uzr);
        free(mm->uh);
        free(mm->b);
        free(mm->w_loss);
        free(mm->h);
        free(mm->p);
        free(mm->dh_prev);
    }
    for (size_t m = 0; tr->sc && m < tr->E; m++) {
        ht__scratch *s = &tr->sc[m];
        free(s->x);
        free(s->xpart);
        free(s->g);
        free(s->rh);
        free(s->h);
        free(s->hprev);
        free(s->p);
        free(s->c);
        free(s->da);
        free(s->dh);
        free(s->drh);
        free(s->coef);
    }
    free(tr->m);
    free(tr->sc);
    free(tr->w_delta);
    free(tr->cbar);
    ht_prediction_free(&tr->conf_pred);
    free(tr);
}

const ht_config *ht_trainer_config(const ht_trainer *tr) { return tr ? &tr->cfg : NULL; }

int ht_trainer_set_threads(ht_trainer *tr, unsigned n) {
    if (!tr) return HT_ENULL;
    if (n == 0 || n > HT_MAX_THREADS) return HT_ERANGE;
    HT_MUTATION_NOTE_THREADS(n);
    if (n == tr->threads) return HT_OK;
    ht__pool *pool = NULL;
    int rc = ht__pool_create(&pool, n);
    if (rc != HT_OK) return rc;
    ht__pool_destroy(tr->pool);
    tr->pool = pool;
    tr->threads = n;
    return HT_OK;
}

unsigned ht_trainer_threads(const ht_trainer *tr) { return tr ? tr->threads : 0; }
