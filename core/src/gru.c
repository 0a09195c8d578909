/* gru.c: one GRU step of every member at once (docs/kernels.md section 3), split
 * into fixed chunks of HT__CHUNK_PANELS panels for the pool:
 *   xpart pass: xpart = b + sum_{j>=1} W[:,j] x[j]       (once per rollout)
 *   pass A:     z, r = sigmoid(xpart + W[:,0] x[0] + U_{z,r} h); rh = r * h
 *   pass B:     h~ = tanh(xpart + W[:,0] x[0] + U_h rh); h = (1-z) h + z h~
 * Each chunk owns its outputs, so results never depend on the thread count.
 * Then, on the calling thread, each member decodes: logits h[i*H/S],
 * softmax, entropy, c = [h, p] and the loss. */
#include <string.h>

#include "ht_math.h"
#include "trainer_internal.h"

typedef struct {
    ht_trainer *tr;
    const ht_kernels *k;
    size_t panels; /* panels in the pass, per member */
    size_t chunks; /* chunks per member */
} pass_ctx;

static inline void chunk_range(const pass_ctx *c, size_t chunk, size_t *m, size_t *p0, size_t *np) {
    *m = chunk / c->chunks;
    *p0 = (chunk % c->chunks) * HT__CHUNK_PANELS;
    *np = c->panels - *p0 < HT__CHUNK_PANELS ? c->panels - *p0 : HT__CHUNK_PANELS;
}

static void xpart_task(void *vctx, size_t chunk) {
    const pass_ctx *c = vctx;
    ht_trainer *tr = c->tr;
    size_t m, p0, np;
    chunk_range(c, chunk, &m, &p0, &np);
    ht__scratch *s = &tr->sc[m];
    float *y = s->xpart + p0 * HT_PANEL;
    memcpy(y, tr->m[m].b + p0 * HT_PANEL, np * HT_PANEL * sizeof(float));
    c->k->matvec_panels(y, tr->m[m].wx + p0 * tr->ps_x + HT_PANEL, tr->ps_x, s->x + 1, tr->I - 1,
                        np);
}

static void pass_a_task(void *vctx, size_t chunk) {
    const pass_ctx *c = vctx;
    ht_trainer *tr = c->tr;
    size_t m, p0, np;
    chunk_range(c, chunk, &m, &p0, &np);
    ht__scratch *s = &tr->sc[m];
    const ht__member *mm = &tr->m[m];
    const size_t o = p0 * HT_PANEL, n = np * HT_PANEL;
    float *y = s->g + o;
    memcpy(y, s->xpart + o, n * sizeof(float));
    c->k->matvec_panels(y, mm->wx + p0 * tr->ps_x, tr->ps_x, s->x, 1, np);
    c->k->matvec_panels(y, mm->uzr + p0 * tr->ps_u, tr->ps_u, s->h, tr->H, np);
    c->k->sigmoid(y, y, n);
    /* r panels: r * h for pass B. A chunk may hold the last z panel and the
   * first r panel (Hp / 64 odd), so decide panel by panel. */
    for (size_t q = 0; q < np; q++) {
        const size_t po = o + q * HT_PANEL;
        if (po < tr->Hp) continue;
        const size_t i0 = po - tr->Hp;
        for (size_t l = 0; l < HT_PANEL; l++) s->rh[i0 + l] = y[q * HT_PANEL + l] * s->h[i0 + l];
    }
}

static void pass_b_task(void *vctx, size_t chunk) {
    const pass_ctx *c = vctx;
    ht_trainer *tr = c->tr;
    size_t m, p0, np;
    chunk_range(c, chunk, &m, &p0, &np);
    ht__scratch *s = &tr->sc[m];
    const ht__member *mm = &tr->m[m];
    const size_t o = p0 * HT_PANEL, n = np * HT_PANEL;
    const size_t gp = 2 * tr->Hp / HT_PANEL + p0; /* h~ panels follow z and r in wx */
    float *y = s->g + 2 * tr->Hp + o;
    memcpy(y, s->xpart + 2 * tr->Hp + o, n * sizeof(float));
    c->k->matvec_panels(y, mm->wx + gp * tr->ps_x, tr->ps_x, s->x, 1, np);
    c->k->matvec_panels(y, mm->uh + p0 * tr->ps_u, tr->ps_u, s->rh, tr->H, np);
    c->k->tanh(y, y, n);
    c->k->gru_blend(s->h + o, s->g + o, y, n);
}

static pass_ctx make_ctx(ht_trainer *tr, size_t panels) {
    pass_ctx c = {tr, ht_kernels_active(), panels,
                  (panels + HT__CHUNK_PANELS - 1) / HT__CHUNK_PANELS};
    return c;
}

void ht__gru_xpart(ht_trainer *tr) {
    pass_ctx c = make_ctx(tr, 3 * tr->Hp / HT_PANEL);
    ht__pool_run(tr->pool, xpart_task, &c, c.chunks * tr->E);
}

void ht__gru_step(ht_trainer *tr) {
    pass_ctx a = make_ctx(tr, 2 * tr->Hp / HT_PANEL);
    ht__pool_run(tr->pool, pass_a_task, &a, a.chunks * tr->E);
    pass_ctx b = make_ctx(tr, tr->Hp / HT_PANEL);
    ht__pool_run(tr->pool, pass_b_task, &b, b.chunks * tr->E);
}

/* Entropy of p in nats from the softmax terms: -sum p_i log p_i, with
 * 0 log 0 = 0; sequential over i (scalar code, the same in every ISA). */
static float entropy_of(const float *p, size_t n) {
    float e = 0.0f;
    for (size_t i = 0; i < n; i++)
        if (p[i] > 0.0f) e = e - p[i] * ht_logf(p[i]);
    return e;
}

void ht__member_decode(ht_trainer *tr, size_t m) {
    const ht_kernels *k = ht_kernels_active();
    ht__scratch *s = &tr->sc[m];
    const size_t stride = tr->H / tr->S;
    for (size_t i = 0; i < tr->S; i++) s->p[i] = s->h[i * stride];
    k->softmax(s->p, s->p, tr->S);
    s->entropy = entropy_of(s->p, tr->S);
    memcpy(s->c, s->h, tr->H * sizeof(float));
    memcpy(s->c + tr->H, s->p, tr->S * sizeof(float));
    float a = k->dot(s->c, tr->m[m].w_loss, tr->C);
    a = a < -10.0f ? -10.0f : (a > 10.0f ? 10.0f : a); /* NaN stays NaN */
    float l = ht_expf(a);
    s->loss = l < 1e-6f ? 1e-6f : l; /* NaN propagates */
}

void ht__scratch_load_latents(ht_trainer *tr) {
    for (size_t m = 0; m < tr->E; m++) {
        memcpy(tr->sc[m].h, tr->m[m].h, tr->Hp * sizeof(float));
        memcpy(tr->sc[m].p, tr->m[m].p, tr->S * sizeof(float));
    }
}
