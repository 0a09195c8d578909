/* svg.c - plotting primitives for inline SVG: a plot frame with 1-2-5 ticks,
 * grid lines and axis labels, and lines, bands, points, error bars, marker
 * lines and a legend in data coordinates. Colours and strokes come from CSS
 * classes (html.c holds the palette), so every figure shares one look. It
 * must never emit anything but plain SVG 1.1 elements: no scripts, no
 * external references, no fonts to fetch.
 */
#include "report.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

void tock_rep_fmt_tick(char *out, size_t cap, double v, double step) {
    static const char *const sfx[] = {"", "k", "M", "G", "T"};
    int k = 0;
    double div = 1.0;
    while (step >= 1e3 * div && k < 4) {
        div *= 1e3;
        k++;
    }
    double s = step / div;
    int dec = s >= 1.0 ? 0 : (int)ceil(-log10(s) - 1e-9);
    if (dec > 9) dec = 9;
    double x = v / div;
    if (fabs(x) < 0.5 * pow(10.0, -dec)) x = 0.0; /* no "-0" */
    snprintf(out, cap, "%.*f%s", dec, x, x == 0.0 ? "" : sfx[k]);
}

double tock_rep_svg_x(const tock_rep_plot *p, double x) {
    double span = p->xt.hi - p->xt.lo;
    return p->ml + (x - p->xt.lo) / span * (p->w - p->ml - p->mr);
}

double tock_rep_svg_y(const tock_rep_plot *p, double y) {
    double span = p->yt.hi - p->yt.lo;
    return p->h - p->mb - (y - p->yt.lo) / span * (p->h - p->mt - p->mb);
}

void tock_rep_svg_begin(tock_rep_plot *p, tock__buf *b, const char *id, const char *label, double w,
                        double h) {
    memset(p, 0, sizeof *p);
    p->b = b;
    p->w = w;
    p->h = h;
    p->ml = 64;
    p->mr = 16;
    p->mt = 14;
    p->mb = 46;
    tock__buf_printf(b,
                     "<svg class=\"fig\" id=\"%s\" viewBox=\"0 0 %.0f %.0f\" role=\"img\" "
                     "aria-label=\"",
                     id, w, h);
    tock_rep_put_html(b, label);
    tock__buf_puts(b, "\" xmlns=\"http://www.w3.org/2000/svg\"><title>");
    tock_rep_put_html(b, label);
    tock__buf_puts(b, "</title>\n");
}

void tock_rep_svg_line(tock__buf *b, double x1, double y1, double x2, double y2) {
    tock__buf_printf(b, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>", x1, y1, x2, y2);
}

/* tick i of t; on a log axis the tick holds log10 of the value shown */
static void axis_label(char *out, size_t cap, const tock_rep_ticks *t, int i, int log_axis) {
    if (!log_axis) {
        tock_rep_fmt_tick(out, cap, t->v[i], t->step);
        return;
    }
    double v = pow(10.0, t->v[i]);
    tock_rep_fmt_tick(out, cap, v, pow(10.0, floor(t->v[i] + 1e-9)));
}

void tock_rep_svg_axes(tock_rep_plot *p, const char *xlabel, const char *ylabel) {
    tock__buf *b = p->b;
    double x0 = p->ml, x1 = p->w - p->mr, y0 = p->h - p->mb, y1 = p->mt;
    char t[48];
    tock__buf_puts(b, "<g class=\"grid\">");
    for (int i = 0; i < p->yt.n; i++) {
        double y = tock_rep_svg_y(p, p->yt.v[i]);
        tock_rep_svg_line(b, x0, y, x1, y);
    }
    for (int i = 0; i < p->xt.n; i++) {
        double x = tock_rep_svg_x(p, p->xt.v[i]);
        tock_rep_svg_line(b, x, y0, x, y1);
    }
    tock__buf_puts(b, "</g>\n<g class=\"axis\">");
    tock_rep_svg_line(b, x0, y0, x1, y0);
    tock_rep_svg_line(b, x0, y0, x0, y1);
    for (int i = 0; i < p->xt.n; i++) {
        double x = tock_rep_svg_x(p, p->xt.v[i]);
        tock_rep_svg_line(b, x, y0, x, y0 + 5);
    }
    for (int i = 0; i < p->yt.n; i++) {
        double y = tock_rep_svg_y(p, p->yt.v[i]);
        tock_rep_svg_line(b, x0 - 5, y, x0, y);
    }
    tock__buf_puts(b, "</g>\n<g class=\"ticks\">");
    for (int i = 0; i < p->xt.n; i++) {
        axis_label(t, sizeof t, &p->xt, i, p->logx);
        tock__buf_printf(b, "<text%s x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%s</text>",
                         p->logx ? " class=\"logtick-x\"" : "", tock_rep_svg_x(p, p->xt.v[i]),
                         y0 + 18, t);
    }
    for (int i = 0; i < p->yt.n; i++) {
        axis_label(t, sizeof t, &p->yt, i, p->logy);
        tock__buf_printf(b,
                         "<text%s x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\" "
                         "dominant-baseline=\"middle\">%s</text>",
                         p->logy ? " class=\"logtick-y\"" : "", x0 - 8,
                         tock_rep_svg_y(p, p->yt.v[i]), t);
    }
    tock__buf_puts(b, "</g>\n<g class=\"label\">");
    tock__buf_printf(b, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">", (x0 + x1) / 2,
                     p->h - 8);
    tock_rep_put_html(b, xlabel);
    tock__buf_printf(b,
                     "</text><text transform=\"translate(14 %.1f) rotate(-90)\" "
                     "text-anchor=\"middle\">",
                     (y0 + y1) / 2);
    tock_rep_put_html(b, ylabel);
    tock__buf_puts(b, "</text></g>\n");
}

void tock_rep_svg_polyline(tock_rep_plot *p, const double *x, const double *y, size_t n,
                           const char *cls) {
    if (n < 2) return;
    tock__buf_printf(p->b, "<polyline class=\"%s\" points=\"", cls);
    for (size_t i = 0; i < n; i++)
        tock__buf_printf(p->b, "%s%.1f,%.1f", i ? " " : "", tock_rep_svg_x(p, x[i]),
                         tock_rep_svg_y(p, y[i]));
    tock__buf_puts(p->b, "\"/>\n");
}

void tock_rep_svg_area(tock_rep_plot *p, const double *x, const double *ylo, const double *yhi,
                       size_t n, const char *cls) {
    if (n < 2) return;
    tock__buf_printf(p->b, "<polygon class=\"%s\" points=\"", cls);
    for (size_t i = 0; i < n; i++)
        tock__buf_printf(p->b, "%s%.1f,%.1f", i ? " " : "", tock_rep_svg_x(p, x[i]),
                         tock_rep_svg_y(p, yhi[i]));
    for (size_t i = n; i-- > 0;)
        tock__buf_printf(p->b, " %.1f,%.1f", tock_rep_svg_x(p, x[i]), tock_rep_svg_y(p, ylo[i]));
    tock__buf_puts(p->b, "\"/>\n");
}

void tock_rep_svg_point(tock_rep_plot *p, double x, double y, double r, const char *cls) {
    tock__buf_printf(p->b, "<circle class=\"%s\" cx=\"%.1f\" cy=\"%.1f\" r=\"%.1f\"/>", cls,
                     tock_rep_svg_x(p, x), tock_rep_svg_y(p, y), r);
}

void tock_rep_svg_vline(tock_rep_plot *p, double x, const char *cls, const char *label, int row,
                        int side) {
    if (!(x >= p->xt.lo && x <= p->xt.hi)) return;
    double px = tock_rep_svg_x(p, x);
    tock__buf_printf(p->b, "<line class=\"%s\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>",
                     cls, px, p->mt, px, p->h - p->mb);
    if (label) {
        /* labels hang from the top on the requested side of the line, and
         * switch sides rather than leave the frame; rows keep neighbouring
         * labels apart */
        double w = 6.2 * (double)strlen(label) + 8.0;
        int left = side < 0 || (side == 0 && px > p->w - p->mr - w);
        if (left && px - w < p->ml) left = 0;
        if (!left && px + w > p->w - p->mr) left = 1;
        tock__buf_printf(p->b,
                         "<text class=\"vlabel %s\" x=\"%.1f\" y=\"%.1f\" "
                         "text-anchor=\"%s\">",
                         cls, px + (left ? -4 : 4), p->mt + 12 + 14.0 * row,
                         left ? "end" : "start");
        tock_rep_put_html(p->b, label);
        tock__buf_puts(p->b, "</text>");
    }
    tock__buf_puts(p->b, "\n");
}

void tock_rep_svg_errbar(tock_rep_plot *p, double x, double ylo, double yhi, const char *cls) {
    double px = tock_rep_svg_x(p, x), a = tock_rep_svg_y(p, ylo), c = tock_rep_svg_y(p, yhi);
    tock__buf_printf(p->b,
                     "<path class=\"%s\" d=\"M%.1f %.1fV%.1fM%.1f %.1fH%.1fM%.1f %.1fH%.1f\"/>",
                     cls, px, a, c, px - 4, a, px + 4, px - 4, c, px + 4);
}

void tock_rep_svg_legend(tock_rep_plot *p, const char *const *cls, const char *const *text, int n) {
    /* one or more rows above the plot area, items flowing left to right;
     * the plot area shrinks to make room, so the legend never covers data */
    const double row_h = 18.0, x0 = p->ml, x1 = p->w - p->mr;
    double x = x0, y = 16.0;
    tock__buf_puts(p->b, "<g class=\"legend\">");
    for (int i = 0; i < n; i++) {
        double w = 34.0 + 6.6 * (double)strlen(text[i]) + 18.0; /* swatch, text, gap */
        if (x > x0 && x + w > x1) {
            x = x0;
            y += row_h;
        }
        if (strncmp(cls[i], "pt", 2) == 0)
            tock__buf_printf(p->b, "<circle class=\"%s\" cx=\"%.1f\" cy=\"%.1f\" r=\"3.5\"/>",
                             cls[i], x + 10, y - 4);
        else if (strncmp(cls[i], "band", 4) == 0 || strncmp(cls[i], "kde", 3) == 0)
            tock__buf_printf(p->b,
                             "<rect class=\"%s\" x=\"%.1f\" y=\"%.1f\" width=\"24\" "
                             "height=\"10\"/>",
                             cls[i], x, y - 9);
        else
            tock__buf_printf(p->b,
                             "<line class=\"%s\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" "
                             "y2=\"%.1f\"/>",
                             cls[i], x, y - 4, x + 24, y - 4);
        tock__buf_printf(p->b, "<text x=\"%.1f\" y=\"%.1f\">", x + 30, y);
        tock_rep_put_html(p->b, text[i]);
        tock__buf_puts(p->b, "</text>");
        x += w;
    }
    tock__buf_puts(p->b, "</g>\n");
    p->mt = y + 12.0;
}

void tock_rep_svg_end(tock_rep_plot *p) { tock__buf_puts(p->b, "</svg>\n"); }
