/* fit.c - scaling fits: a relative weighted least-squares line of cost
 * against a parameter, its wild-bootstrap interval widened by the
 * Bell-McCaffrey degrees of freedom, the log-log exponent, the complexity
 * class by F test, and the crossover of two lines. Pure functions; the run-
 * level use is fit_run.c.
 */
#include "internal.h"

#define TOCK__FIT_GROWTH_ALPHA 0.01 /* F-test level for "there is growth" */
#define TOCK__FIT_RMS_FLOOR 1e-9    /* relative RMS treated as an exact fit */
#define TOCK__FIT_FAR 1e300         /* "no crossing on this side" */

const char *tock_bigo_name(tock_bigo c) {
    static const char *const names[TOCK_BIGO_COUNT] = {"O(1)",       "O(log n)", "O(n)",
                                                       "O(n log n)", "O(n^2)",   "O(n^3)"};
    return (unsigned)c < (unsigned)TOCK_BIGO_COUNT ? names[c] : "O(?)";
}

const char *tock_cross_kind_name(tock_cross_kind k) {
    switch (k) {
    case TOCK_CROSS_AT: return "at";
    case TOCK_CROSS_A_BELOW: return "a_below";
    case TOCK_CROSS_B_BELOW: return "b_below";
    case TOCK_CROSS_UNCLEAR: return "unclear";
    }
    return "unknown";
}

static double tock__fit_basis(int k, double n) {
    switch (k) {
    case TOCK_BIGO_LOGN: return log(n);
    case TOCK_BIGO_N: return n;
    case TOCK_BIGO_NLOGN: return n * log(n);
    case TOCK_BIGO_N2: return n * n;
    case TOCK_BIGO_N3: return n * n * n;
    default: return 0.0;
    }
}

/* Weighted least squares of y = a + c f with weights w, as linear maps of y:
 * c = sum g_i y_i, a = sum u_i y_i - fbar c, leverage h_i = u_i + g_i (f_i - fbar).
 * Centred sums keep n^3 at n = 1024 well conditioned. */
typedef struct tock__fit_ls {
    const double *f;
    double *g, *u, *h;
    double fbar, W, sff;
} tock__fit_ls;

static void tock__fit_ls_prepare(tock__fit_ls *L, const double *w, size_t m) {
    double W = 0.0, sf = 0.0;
    for (size_t i = 0; i < m; i++) {
        W += w[i];
        sf += w[i] * L->f[i];
    }
    L->fbar = sf / W;
    double sff = 0.0;
    for (size_t i = 0; i < m; i++) sff += w[i] * (L->f[i] - L->fbar) * (L->f[i] - L->fbar);
    L->W = W;
    L->sff = sff;
    for (size_t i = 0; i < m; i++) {
        double df = L->f[i] - L->fbar;
        L->u[i] = w[i] / W;
        L->g[i] = sff > 0.0 ? w[i] * df / sff : 0.0;
        L->h[i] = L->u[i] + L->g[i] * df;
    }
}

static void tock__fit_ls_solve(const tock__fit_ls *L, const double *y, size_t m, double *a,
                               double *c) {
    double sc = 0.0, sa = 0.0;
    for (size_t i = 0; i < m; i++) {
        sc += L->g[i] * y[i];
        sa += L->u[i] * y[i];
    }
    *c = sc;
    *a = sa - L->fbar * sc;
}

static double tock__fit_rss(const double *f, const double *y, const double *w, size_t m, double a,
                            double c) {
    double s = 0.0;
    for (size_t i = 0; i < m; i++) {
        double r = y[i] - a - c * (f ? f[i] : 0.0);
        s += w[i] * r * r;
    }
    return s;
}

/* r_i / sqrt(1 - h_ii); 1 - h is floored so a point with leverage ~1 (its
 * residual is ~0 whatever its noise) cannot blow rounding up. */
static double tock__fit_adjust(double r, double h) {
    double q = 1.0 - h;
    return r / sqrt(q > 1e-12 ? q : 1e-12);
}

/* P(|T| <= t) for Student's t with integer nu >= 1 degrees of freedom, via
 * theta = atan(t / sqrt(nu)): 2 C int_0^theta cos^(nu-1), C = Gamma((nu+1)/2) /
 * (sqrt(pi) Gamma(nu/2)), with I_k = cos^(k-1) sin / k + (k-1)/k I_(k-2),
 * I_0 = theta, I_1 = sin theta. */
static double tock__fit_t_central(double theta, unsigned nu) {
    double s = sin(theta), c = cos(theta);
    double ik = (nu - 1) % 2 == 0 ? theta : s; /* I_0 or I_1 */
    double cp = (nu - 1) % 2 == 0 ? c : c * c; /* cos^(k-1) for the next k */
    for (unsigned k = (nu - 1) % 2 == 0 ? 2 : 3; k <= nu - 1; k += 2) {
        ik = cp * s / k + (double)(k - 1) / k * ik;
        cp *= c * c;
    }
    double lc = lgamma(0.5 * (nu + 1)) - lgamma(0.5 * nu) - 0.5 * log(3.14159265358979323846);
    return 2.0 * exp(lc) * ik;
}

/* The p quantile (p in (0.5, 1)) of Student's t with nu >= 1, by bisection on theta. */
static double tock__fit_t_quantile(double p, unsigned nu) {
    double target = 2.0 * p - 1.0, lo = 0.0, hi = 1.57079632679489661923;
    for (int it = 0; it < 200 && hi - lo > 1e-15; it++) {
        double mid = 0.5 * (lo + hi);
        if (tock__fit_t_central(mid, nu) < target)
            lo = mid;
        else
            hi = mid;
    }
    return sqrt((double)nu) * tan(0.5 * (lo + hi));
}

/* standard normal quantile: bisection on erfc (the fits and the gate call it a few times) */
double tock__norm_quantile(double p) {
    double lo = -40.0, hi = 40.0;
    for (int i = 0; i < 200; i++) {
        double mid = 0.5 * (lo + hi);
        if (0.5 * erfc(-mid / sqrt(2.0)) < p)
            lo = mid;
        else
            hi = mid;
    }
    return 0.5 * (lo + hi);
}

/* Student's t p quantile for real df >= 1: exact at integers; in between,
 * ln t interpolated linearly in 1/df (<= 2.5% wide of the exact value for df
 * in (1, 2) at p = 0.975, <= 0.5% above); df > 1000: z + (z^3 + z) / (4 df). */
static double tock__fit_t_quantile_real(double p, double df) {
    if (!(df >= 1.0)) df = 1.0;
    if (df > 1000.0) {
        double z = tock__norm_quantile(p);
        return z + (z * z * z + z) / (4.0 * df);
    }
    double n0 = floor(df);
    double t0 = tock__fit_t_quantile(p, (unsigned)n0);
    if (df == n0) return t0;
    double t1 = tock__fit_t_quantile(p, (unsigned)n0 + 1u);
    double x = (1.0 / n0 - 1.0 / df) / (1.0 / n0 - 1.0 / (n0 + 1.0));
    return exp(log(t0) + x * (log(t1) - log(t0)));
}

/* Bell-McCaffrey degrees of freedom of the HC2 variance of sum ell_i y_i
 * (which is exactly the variance of the wild bootstrap): with the weights
 * right, V = e' M e, M = Q A Q, Q = I - H (hat matrix of the weighted fit),
 * A = diag(ell_i^2 / (w_i (1 - h_ii))); df = tr(M)^2 / tr(M^2) (Satterthwaite)
 * = (sum A_i Q_ii)^2 / sum_ij A_i A_j Q_ij^2. It depends on the design and
 * weights only. alpha: m doubles of scratch. O(m^2); m - 2 beyond 2000 points. */
static double tock__fit_bm_df(const tock__fit_ls *L, const double *w, const double *ell,
                              double *alpha, size_t m) {
    if (m > 2000) return (double)(m - 2);
    double tr = 0.0, tr2 = 0.0;
    for (size_t i = 0; i < m; i++) {
        double q = 1.0 - L->h[i];
        alpha[i] = ell[i] * ell[i] / (w[i] * (q > 1e-12 ? q : 1e-12));
        tr += alpha[i] * q;
    }
    for (size_t i = 0; i < m; i++) {
        double di = L->sff > 0.0 ? (L->f[i] - L->fbar) / L->sff : 0.0;
        for (size_t j = 0; j < m; j++) {
            double hij = sqrt(w[i] * w[j]) * (1.0 / L->W + di * (L->f[j] - L->fbar));
            double q = (i == j ? 1.0 : 0.0) - hij;
            tr2 += alpha[i] * alpha[j] * q * q;
        }
    }
    return tr2 > 0.0 ? tr * tr / tr2 : (double)(m - 2);
}

/* Widening of the bootstrap deviations: t_df / z at (1 + cl) / 2. */
static double tock__fit_kappa(double df, double cl) {
    double q = 0.5 * (1.0 + cl);
    return tock__fit_t_quantile_real(q, df) / tock__norm_quantile(q);
}

/* The class rule on the (floored) weighted RSS of the six classes. */
static int tock__fit_choose(const double *rss, size_t m, double fcrit) {
    int best = TOCK_BIGO_LOGN;
    for (int k = TOCK_BIGO_LOGN + 1; k < TOCK_BIGO_COUNT; k++)
        if (rss[k] < rss[best]) best = k;
    double F = (rss[TOCK_BIGO_1] - rss[best]) * (double)(m - 2) / rss[best];
    return F > fcrit ? best : TOCK_BIGO_1;
}

/* Fits all six classes to y (weights w), constrained c >= 0; rss floored. */
static void tock__fit_classes(const tock__fit_ls *L, const double *y, const double *w, size_t m,
                              double *a, double *c, double *rss) {
    double floor_rss = (double)m * TOCK__FIT_RMS_FLOOR * TOCK__FIT_RMS_FLOOR;
    tock__fit_ls_solve(&L[TOCK_BIGO_1], y, m, &a[0], &c[0]);
    c[0] = 0.0;
    rss[0] = tock__fit_rss(NULL, y, w, m, a[0], 0.0);
    for (int k = 1; k < TOCK_BIGO_COUNT; k++) {
        tock__fit_ls_solve(&L[k], y, m, &a[k], &c[k]);
        if (c[k] < 0.0) {
            a[k] = a[0];
            c[k] = 0.0;
            rss[k] = rss[0];
        } else {
            rss[k] = tock__fit_rss(L[k].f, y, w, m, a[k], c[k]);
        }
    }
    for (int k = 0; k < TOCK_BIGO_COUNT; k++)
        if (!(rss[k] > floor_rss)) rss[k] = floor_rss;
}

/* Rademacher signs for m points from ceil(m / 64) draws. */
static void tock__fit_signs(tock_rng *r, double *e, size_t m) {
    uint64_t bits = 0;
    for (size_t i = 0; i < m; i++) {
        if (i % 64 == 0) bits = tock_rng_next(r);
        e[i] = (bits & 1u) ? 1.0 : -1.0;
        bits >>= 1;
    }
}

static void tock__fit_interval(double *dist, size_t b, double cl, double point, tock_estimate *e) {
    e->point = point;
    e->lower = tock_stats_quantile(dist, b, 0.5 * (1.0 - cl));
    e->upper = tock_stats_quantile(dist, b, 0.5 * (1.0 + cl));
}

static int tock__fit_check(const double *n, const double *y, size_t m) {
    if (!n || !y || m < 3 || m > ((size_t)1 << 24)) return TOCK_EINVAL;
    double lo = n[0], hi = n[0];
    for (size_t i = 0; i < m; i++) {
        if (!(isfinite(n[i]) && n[i] > 0.0 && isfinite(y[i]) && y[i] > 0.0)) return TOCK_EINVAL;
        if (n[i] < lo) lo = n[i];
        if (n[i] > hi) hi = n[i];
    }
    for (size_t i = 0; i < m; i++)
        if (n[i] != lo && n[i] != hi) return 0; /* a third distinct value */
    return TOCK_EINVAL;
}

static int tock__fit_check_boot(size_t b, double cl) {
    if (b < 1000 || b > SIZE_MAX / (8 * sizeof(double)) || !(cl > 0.0 && cl < 1.0))
        return TOCK_EINVAL;
    return 0;
}

/* The weighted line y = a + b n of one group with its bootstrap loadings:
 * resample e gives b* = b + sum e_i db_i, a* = a + sum e_i da_i (the fit is
 * linear in y with fixed weights), the loadings already widened by kappa.
 * scratch: 5 m doubles. */
static void tock__fit_line(const double *n, const double *y, size_t m, double cl, double *scratch,
                           double *a, double *b, double *da, double *db, double *r2) {
    double *w = scratch, *g = scratch + m, *u = scratch + 2 * m, *h = scratch + 3 * m,
           *t = scratch + 4 * m;
    for (size_t i = 0; i < m; i++) w[i] = 1.0 / (y[i] * y[i]);
    tock__fit_ls L = {n, g, u, h, 0.0, 0.0, 0.0};
    tock__fit_ls_prepare(&L, w, m);
    tock__fit_ls_solve(&L, y, m, a, b);
    double rss = tock__fit_rss(n, y, w, m, *a, *b);
    double a0 = 0.0;
    for (size_t i = 0; i < m; i++) a0 += u[i] * y[i];
    double tss = tock__fit_rss(NULL, y, w, m, a0, 0.0);
    /* flat to a relative RMS of 1e-9: TSS is rounding, the line fits */
    *r2 = tss > (double)m * TOCK__FIT_RMS_FLOOR * TOCK__FIT_RMS_FLOOR ? 1.0 - rss / tss : 1.0;
    const double kb = tock__fit_kappa(tock__fit_bm_df(&L, w, g, t, m), cl);
    for (size_t i = 0; i < m; i++) da[i] = u[i] - L.fbar * g[i]; /* intercept's ell */
    const double ka = tock__fit_kappa(tock__fit_bm_df(&L, w, da, t, m), cl);
    for (size_t i = 0; i < m; i++) {
        double r = tock__fit_adjust(y[i] - *a - *b * n[i], h[i]);
        db[i] = kb * g[i] * r;
        da[i] = ka * da[i] * r;
    }
}

int tock_fit_scaling(const double *n, const double *y, size_t m, size_t resamples,
                     double confidence, uint64_t seed, tock_fit *out) {
    if (!out || tock__fit_check(n, y, m) < 0 || tock__fit_check_boot(resamples, confidence) < 0)
        return TOCK_EINVAL;
    const size_t B = resamples, K = TOCK_BIGO_COUNT;
    /* per class f, g, u, h; then w, lx, ly, ys, e, da, db, dk, ub, yb, 5 m
     * line scratch; then three distributions */
    double *mem = (double *)TOCK_MALLOC((4 * K * m + 15 * m + 3 * B) * sizeof *mem);
    if (!mem) return TOCK_ENOMEM;
    tock__fit_ls L[TOCK_BIGO_COUNT];
    for (size_t k = 0; k < K; k++) {
        double *base = mem + 4 * k * m;
        for (size_t i = 0; i < m; i++) base[i] = tock__fit_basis((int)k, n[i]);
        L[k].f = base;
        L[k].g = base + m;
        L[k].u = base + 2 * m;
        L[k].h = base + 3 * m;
    }
    double *w = mem + 4 * K * m, *lx = w + m, *ly = lx + m, *ys = ly + m, *e = ys + m, *da = e + m,
           *db = da + m, *dk = db + m, *ub = dk + m, *yb = ub + m, *scr = yb + m;
    double *d_a = scr + 5 * m, *d_b = d_a + B, *d_k = d_b + B;

    tock_fit f;
    memset(&f, 0, sizeof f);
    f.points = m;
    for (size_t i = 0; i < m; i++) w[i] = 1.0 / (y[i] * y[i]);
    for (size_t k = 0; k < K; k++) tock__fit_ls_prepare(&L[k], w, m);

    /* linear model */
    double a, b;
    tock__fit_line(n, y, m, confidence, scr, &a, &b, da, db, &f.r2);

    /* log-log exponent: OLS, unit weights (scratch reused after the line) */
    double *one = scr, *gl = scr + m, *ul = scr + 2 * m, *hl = scr + 3 * m;
    for (size_t i = 0; i < m; i++) {
        one[i] = 1.0;
        lx[i] = log(n[i]);
        ly[i] = log(y[i]);
    }
    tock__fit_ls LL = {lx, gl, ul, hl, 0.0, 0.0, 0.0};
    tock__fit_ls_prepare(&LL, one, m);
    double lc, kexp;
    tock__fit_ls_solve(&LL, ly, m, &lc, &kexp);
    const double kk = tock__fit_kappa(tock__fit_bm_df(&LL, one, gl, scr + 4 * m, m), confidence);
    for (size_t i = 0; i < m; i++)
        dk[i] = kk * gl[i] * tock__fit_adjust(ly[i] - lc - kexp * lx[i], hl[i]);

    /* classes */
    double ca[TOCK_BIGO_COUNT], cc[TOCK_BIGO_COUNT], crss[TOCK_BIGO_COUNT];
    tock__fit_classes(L, y, w, m, ca, cc, crss);
    for (size_t k = 0; k < K; k++) {
        /* unfloored RMS for the report */
        double r = tock__fit_rss(k ? L[k].f : NULL, y, w, m, ca[k], cc[k]);
        f.bigo_rms[k] = sqrt(r / (double)m);
    }
    /* F(1, m - 2) upper quantile = the two-sided t quantile squared */
    const double tcrit =
        tock__fit_t_quantile_real(1.0 - 0.5 * TOCK__FIT_GROWTH_ALPHA / 5.0, (double)(m - 2));
    const double fcrit = tcrit * tcrit;
    int best = tock__fit_choose(crss, m, fcrit);
    f.bigo = (tock_bigo)best;
    for (size_t i = 0; i < m; i++) {
        double fi = best ? L[best].f[i] : 0.0;
        yb[i] = ca[best] + cc[best] * fi;
        ub[i] = tock__fit_adjust(y[i] - yb[i], L[best].h[i]); /* O(1): h_i = u_i */
    }

    tock_rng rng;
    tock_rng_seed(&rng, seed);
    size_t same = 0;
    for (size_t r = 0; r < B; r++) {
        tock__fit_signs(&rng, e, m);
        double sa = 0.0, sb = 0.0, sk = 0.0;
        for (size_t i = 0; i < m; i++) {
            sa += e[i] * da[i];
            sb += e[i] * db[i];
            sk += e[i] * dk[i];
            ys[i] = yb[i] + e[i] * ub[i];
        }
        d_a[r] = a + sa;
        d_b[r] = b + sb;
        d_k[r] = kexp + sk;
        double ra[TOCK_BIGO_COUNT], rc[TOCK_BIGO_COUNT], rr[TOCK_BIGO_COUNT];
        tock__fit_classes(L, ys, w, m, ra, rc, rr);
        if (tock__fit_choose(rr, m, fcrit) == best) same++;
    }
    tock__fit_interval(d_a, B, confidence, a, &f.intercept);
    tock__fit_interval(d_b, B, confidence, b, &f.slope);
    tock__fit_interval(d_k, B, confidence, kexp, &f.exponent);
    f.bigo_share = (double)same / (double)B;
    TOCK_FREE(mem);
    *out = f;
    return 0;
}

int tock_fit_crossover(const double *na, const double *ya, size_t ma, const double *nb,
                       const double *yb, size_t mb, double lo, double hi, size_t resamples,
                       double confidence, uint64_t seed, tock_crossover *out) {
    if (!out || tock__fit_check(na, ya, ma) < 0 || tock__fit_check(nb, yb, mb) < 0 ||
        tock__fit_check_boot(resamples, confidence) < 0 || !isfinite(lo) || !isfinite(hi) ||
        !(lo < hi))
        return TOCK_EINVAL;
    const size_t B = resamples, mx = ma > mb ? ma : mb;
    /* loadings 2 ma + 2 mb, signs mx, line scratch 5 mx, distribution B */
    double *mem = (double *)TOCK_MALLOC((2 * ma + 2 * mb + 6 * mx + B) * sizeof *mem);
    if (!mem) return TOCK_ENOMEM;
    double *daa = mem, *dba = daa + ma, *dab = dba + ma, *dbb = dab + mb, *e = dbb + mb,
           *scr = e + mx, *dist = scr + 5 * mx;
    double aa, ba, ab, bb, r2;
    tock__fit_line(na, ya, ma, confidence, scr, &aa, &ba, daa, dba, &r2);
    tock__fit_line(nb, yb, mb, confidence, scr, &ab, &bb, dab, dbb, &r2);

    /* the point fits: d(n) = da0 + db0 n */
    const double da0 = aa - ab, db0 = ba - bb;
    const double cross0 = db0 != 0.0 ? -da0 / db0 : NAN;
    const int point_inside = isfinite(cross0) && cross0 >= lo && cross0 <= hi;

    tock_rng rng;
    tock_rng_seed(&rng, seed);
    size_t n_a = 0, n_b = 0, n_x = 0;
    for (size_t r = 0; r < B; r++) {
        double sa = 0.0, sb = 0.0;
        tock__fit_signs(&rng, e, ma);
        for (size_t i = 0; i < ma; i++) {
            sa += e[i] * daa[i];
            sb += e[i] * dba[i];
        }
        double a1 = aa + sa, b1 = ba + sb;
        sa = sb = 0.0;
        tock__fit_signs(&rng, e, mb);
        for (size_t i = 0; i < mb; i++) {
            sa += e[i] * dab[i];
            sb += e[i] * dbb[i];
        }
        double a2 = ab + sa, b2 = bb + sb;
        double dA = a1 - a2, dB = b1 - b2;
        double dlo = dA + dB * lo, dhi = dA + dB * hi;
        if (dlo < 0.0 && dhi < 0.0)
            n_a++;
        else if (dlo > 0.0 && dhi > 0.0)
            n_b++;
        else
            n_x++;
        /* crossing in the point's direction, else -/+ far on the side where
         * this resample leaves A cheaper at the point crossing */
        double v;
        if (dB != 0.0 && (dB > 0.0) == (db0 > 0.0)) {
            v = -dA / dB;
            if (!(v > -TOCK__FIT_FAR)) v = -TOCK__FIT_FAR;
            if (!(v < TOCK__FIT_FAR)) v = TOCK__FIT_FAR;
        } else {
            double at = dA + dB * (isfinite(cross0) ? cross0 : 0.5 * (lo + hi));
            v = ((at < 0.0) == (db0 > 0.0)) ? TOCK__FIT_FAR : -TOCK__FIT_FAR;
        }
        dist[r] = v;
    }
    tock_crossover c;
    memset(&c, 0, sizeof c);
    c.lo = lo;
    c.hi = hi;
    c.share_a_below = (double)n_a / (double)B;
    c.share_b_below = (double)n_b / (double)B;
    c.share_cross = (double)n_x / (double)B;
    c.at.point = c.at.lower = c.at.upper = NAN;
    tock_estimate at;
    tock__fit_interval(dist, B, confidence, cross0, &at);
    if (c.share_a_below >= confidence)
        c.kind = TOCK_CROSS_A_BELOW;
    else if (c.share_b_below >= confidence)
        c.kind = TOCK_CROSS_B_BELOW;
    else if (point_inside && at.lower >= lo && at.upper <= hi) {
        c.kind = TOCK_CROSS_AT;
        c.at = at;
    } else
        c.kind = TOCK_CROSS_UNCLEAR;
    TOCK_FREE(mem);
    *out = c;
    return 0;
}

/* Unit and decimals for 3 significant digits of |ns|: the largest of ns, us,
 * ms, s that keeps the rounded value >= 1 (ns below 1 ns), and moves up a
 * unit when rounding reaches 1000. */
static void tock__fit_unit(double ns, double *scale, const char **unit, int *dec) {
    static const double scales[4] = {1.0, 1e3, 1e6, 1e9};
    static const char *const units[4] = {"ns", "us", "ms", "s"};
    double v = fabs(ns);
    int u = 0;
    while (u < 3 && v >= scales[u + 1]) u++;
    for (;;) {
        double x = v / scales[u];
        int d = 2;
        if (x > 0.0 && isfinite(x)) {
            d = 2 - (int)floor(log10(x));
            if (d < 0) d = 0;
            if (d > 12) d = 12;
        }
        char buf[64];
        snprintf(buf, sizeof buf, "%.*f", d, x);
        double rx = strtod(buf, NULL);
        if (rx >= 1000.0 && u < 3) {
            u++;
            continue;
        }
        if (d > 0 && rx >= pow(10.0, 3 - d)) d--; /* 99.95 -> "100", not "100.0" */
        *scale = scales[u];
        *unit = units[u];
        *dec = d;
        return;
    }
}

int tock_fit_format(const tock_fit *f, const char *group, const char *unit_name, char *out,
                    size_t cap) {
    if (!f || !group || !unit_name || (!out && cap > 0)) return TOCK_EINVAL;
    double scale;
    const char *unit;
    int d;
    tock__fit_unit(f->slope.point, &scale, &unit, &d);
    char tmp[1]; /* snprintf needs a buffer even for cap 0 in some libcs */
    int len = snprintf(out ? out : tmp, out ? cap : 0,
                       "%s: %.*f %s%s%s [%.*f, %.*f], exponent %.2f [%.2f, %.2f], %s", group, d,
                       f->slope.point / scale, unit, *unit_name ? "/" : "", unit_name, d,
                       f->slope.lower / scale, d, f->slope.upper / scale, f->exponent.point,
                       f->exponent.lower, f->exponent.upper, tock_bigo_name(f->bigo));
    return len < 0 ? TOCK_EINVAL : len;
}
