/* The printable minutes: A4 pages laid out with pango on a cairo PDF surface in WenQuanYi Zen
 * Hei (fonts-wqy-zenhei), the same lines as the page (minutes_lines), a page number at the foot
 * of every page, and signature lines for the chair and the recorder after the head hash, so a
 * signed paper copy can be checked against the log. Only our own data is written here. */
#include <cairo-pdf.h>
#include <fontconfig/fontconfig.h>
#include <pthread.h>
#include <stdlib.h>
#include <pango/pangocairo.h>
#include <stdio.h>
#include <string.h>

#include "meeting/minutes_http.h"
#include "meeting/minutes_view.h"
#include "web/i18n.h"

#define T(r, m) msg_text((r)->lang, (m))

/* A4 in points, margins, and the text width between them. */
#define PAGE_W 595.0
#define PAGE_H 842.0
#define MARGIN 56.0
#define FOOT 36.0
#define WIDTH (PAGE_W - 2 * MARGIN)

static cairo_status_t to_buf(void *closure, const unsigned char *data, unsigned int len)
{
    buf_add(closure, data, len);
    return CAIRO_STATUS_SUCCESS;
}

/* Writes "page k of n" at the foot of the page CR is on. */
static void foot(struct req *r, cairo_t *cr, PangoContext *ctx, int k, int n)
{
    PangoLayout *lay = pango_layout_new(ctx);
    PangoFontDescription *fd = pango_font_description_from_string("WenQuanYi Zen Hei");
    pango_font_description_set_absolute_size(fd, 9 * PANGO_SCALE);
    pango_layout_set_font_description(lay, fd);
    pango_font_description_free(fd);
    pango_layout_set_width(lay, (int)(WIDTH * PANGO_SCALE));
    pango_layout_set_alignment(lay, PANGO_ALIGN_CENTER);
    pango_layout_set_text(lay, arena_printf(&r->arena, T(r, M_MIN_PAGE), k, n), -1);
    cairo_move_to(cr, MARGIN, PAGE_H - MARGIN);
    pango_cairo_show_layout(cr, lay);
    g_object_unref(lay);
}

struct pdf {
    struct req *r;
    cairo_t *cr;
    PangoContext *ctx;
    PangoLayout *lay;
    double y;
    int page, pages; /* pages: the total, known on the second pass */
};

/* Sets the layout's text in the font size PT (bold when BOLD); returns its height. */
static double set(struct pdf *p, const char *text, double pt, bool bold, double width)
{
    PangoFontDescription *fd = pango_font_description_from_string("WenQuanYi Zen Hei");
    pango_font_description_set_absolute_size(fd, pt * PANGO_SCALE);
    if (bold)
        pango_font_description_set_weight(fd, PANGO_WEIGHT_BOLD);
    pango_layout_set_font_description(p->lay, fd);
    pango_font_description_free(fd);
    pango_layout_set_width(p->lay, (int)(width * PANGO_SCALE));
    pango_layout_set_wrap(p->lay, PANGO_WRAP_WORD_CHAR);
    pango_layout_set_text(p->lay, text, -1);
    int w, h;
    pango_layout_get_size(p->lay, &w, &h);
    return (double)h / PANGO_SCALE;
}

static void new_page(struct pdf *p)
{
    foot(p->r, p->cr, p->ctx, p->page, p->pages);
    cairo_show_page(p->cr);
    p->page++;
    p->y = MARGIN;
}

/* Writes TEXT at the current position, indented by X, starting a new page when it does not fit. */
static void put(struct pdf *p, const char *text, double pt, bool bold, double x, double gap)
{
    double h = set(p, text, pt, bold, WIDTH - x);
    if (p->y + h > PAGE_H - MARGIN - FOOT && p->y > MARGIN)
        new_page(p);
    cairo_move_to(p->cr, MARGIN + x, p->y);
    pango_cairo_show_layout(p->cr, p->lay);
    p->y += h + gap;
}

/* One pass over the lines; the page count is known after the first. */
static int render(struct req *r, cairo_t *cr, PangoFontMap *fm, const char *title,
                  const struct mline *l, int n, int pages)
{
    PangoContext *ctx = pango_font_map_create_context(fm);
    pango_cairo_update_context(cr, ctx);
    struct pdf p = {r, cr, ctx, pango_layout_new(ctx), MARGIN, 1, pages};
    cairo_set_source_rgb(cr, 0, 0, 0);
    put(&p, T(r, M_MIN_TITLE), 22, true, 0, 6);
    put(&p, title, 15, true, 0, 12);
    for (int i = 0; i < n; i++) {
        switch (l[i].kind) {
        case ML_HEAD:
            p.y += 6;
            put(&p, l[i].text, 13, true, 0, 4);
            break;
        case ML_FIELD:
            put(&p, arena_printf(&r->arena, "%s：%s", l[i].label, l[i].text), 10.5, false, 0, 3);
            break;
        case ML_SUB:
            put(&p, l[i].text, 10.5, false, 0, 3);
            break;
        case ML_TEXT:
            put(&p,
                l[i].label ? arena_printf(&r->arena, "【%s】%s", l[i].label, l[i].text) : l[i].text,
                10.5, false, 12, 3);
            break;
        }
    }
    /* signature lines: they must stay together on one page */
    if (p.y + 110 > PAGE_H - MARGIN - FOOT)
        new_page(&p);
    p.y += 30;
    const enum msg signs[] = {M_MIN_SIGN_CHAIR, M_MIN_SIGN_RECORDER};
    for (int k = 0; k < 2; k++) {
        put(&p,
            arena_printf(&r->arena, "%s ________________________    %s ____________",
                         T(r, signs[k]), T(r, M_MIN_SIGN_DATE)),
            11, false, 0, 24);
    }
    foot(r, cr, ctx, p.page, pages);
    cairo_show_page(cr);
    g_object_unref(p.lay);
    g_object_unref(ctx);
    return p.page;
}

static pthread_once_t once = PTHREAD_ONCE_INIT;

static void fini(void)
{
    cairo_debug_reset_static_data();
    FcFini();
}

static void register_fini(void)
{
    atexit(fini);
}

int minutes_pdf(struct req *r, const char *title, const struct mline *l, int n)
{
    /* A font map of this request's own, let go at its end: pango's default one belongs to the
     * thread and would live on in the server's worker threads. Fontconfig's global state is let
     * go at exit (fini), so a sanitizer build reports no leak. */
    pthread_once(&once, register_fini);
    PangoFontMap *fm = pango_cairo_font_map_new();
    /* Laid out twice: the first pass, thrown away, counts the pages for "page k of n". */
    struct buf scratch;
    buf_init(&scratch);
    cairo_surface_t *s = cairo_pdf_surface_create_for_stream(to_buf, &scratch, PAGE_W, PAGE_H);
    cairo_t *cr = cairo_create(s);
    int pages = render(r, cr, fm, title, l, n, 0);
    cairo_destroy(cr);
    cairo_surface_finish(s);
    cairo_surface_destroy(s);
    buf_free(&scratch);

    s = cairo_pdf_surface_create_for_stream(to_buf, &r->out, PAGE_W, PAGE_H);
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_TITLE, title);
    cr = cairo_create(s);
    render(r, cr, fm, title, l, n, pages);
    cairo_status_t st = cairo_status(cr);
    cairo_destroy(cr);
    cairo_surface_finish(s);
    if (st == CAIRO_STATUS_SUCCESS)
        st = cairo_surface_status(s);
    cairo_surface_destroy(s);
    g_object_unref(fm);
    return st == CAIRO_STATUS_SUCCESS ? 0 : -1;
}
