/* The minutes page and API (see minutes_http.h). */
#include <stdio.h>

#include "meeting/minutes_http.h"
#include "meeting/minutes_view.h"
#include "web/html.h"
#include "web/i18n.h"
#include "web/layout.h"
#include "web/respond.h"

#define T(r, m) msg_text((r)->lang, (m))

/* The meeting and its minutes, or NULL after answering 404, 403 or 500. */
static json_t *load(struct req *r, struct meeting_row *m)
{
    if (!meeting_load(r, m))
        return NULL;
    if (!minutes_readable(r, m)) {
        json_decref(m->setup);
        fail(r, 403, "forbidden", M_MIN_FORBIDDEN);
        return NULL;
    }
    json_t *min = minutes_load(r, m);
    json_decref(m->setup);
    if (!min)
        fail(r, 500, "internal", M_MIN_BROKEN);
    return min;
}

void minutes_api(struct req *r)
{
    struct meeting_row m;
    json_t *min = load(r, &m);
    if (min)
        reply_json(r, min);
}

void minutes_page(struct req *r)
{
    struct meeting_row m;
    json_t *min = load(r, &m);
    if (!min)
        return;
    struct mline *l;
    int n = minutes_lines(r, min, &l);
    struct buf *o = &r->out;
    page_begin(r, T(r, M_MIN_TITLE));
    json_t *info = json_object_get(min, "info");
    /* on paper: the minutes alone, no way back nor the PDF button (assets/app.css, print) */
    html(o, "<p class=\"noprint\"><a href=\"/halls/%lld\">%s</a></p>\n", (long long)m.hall_node_id,
         arena_printf(&r->arena, T(r, M_MIN_BACK),
                      json_string_value(json_object_get(info, "hall_name"))));
    html(o, "<div class=\"stack minutes\"><h2>%s</h2>", m.title);
    html(o,
         "<p class=\"noprint\"><a class=\"button\" href=\"/meetings/%lld/minutes.pdf\">%s</a></p>",
         (long long)m.id, T(r, M_MIN_PDF));
    bool in_list = false, in_fields = false;
    for (int i = 0; i < n; i++) {
        if (in_list && l[i].kind != ML_TEXT) {
            html(o, "</ul>");
            in_list = false;
        }
        if (in_fields && l[i].kind != ML_FIELD) {
            html(o, "</dl>");
            in_fields = false;
        }
        switch (l[i].kind) {
        case ML_HEAD:
            html(o, "<h3>%s</h3>", l[i].text);
            break;
        case ML_FIELD:
            if (!in_fields)
                html(o, "<dl class=\"facts\">");
            in_fields = true;
            html(o, "<dt>%s</dt><dd>%s</dd>", l[i].label, l[i].text);
            break;
        case ML_SUB:
            if (l[i].href)
                html(o, "<p><a href=\"%s\">%s</a></p>", l[i].href, l[i].text);
            else
                html(o, "<p class=\"muted\">%s</p>", l[i].text);
            break;
        case ML_TEXT:
            if (!in_list)
                html(o, "<ul class=\"cells\">");
            in_list = true;
            /* a linked line is one tap target: the link holds the whole line */
            html(o, "<li class=\"cell\">");
            if (l[i].href)
                html(o, "<a href=\"%s\">", l[i].href);
            if (l[i].label)
                html(o, "<span class=\"kind\">%s</span> ", l[i].label);
            html(o, "%s", l[i].text);
            html_raw(o, l[i].href ? "</a></li>" : "</li>");
            break;
        }
    }
    if (in_list)
        html(o, "</ul>");
    if (in_fields)
        html(o, "</dl>");
    html(o, "</div>");
    page_end(r);
    json_decref(min);
}

void minutes_pdf_page(struct req *r)
{
    struct meeting_row m;
    json_t *min = load(r, &m);
    if (!min)
        return;
    struct mline *l;
    int n = minutes_lines(r, min, &l);
    if (minutes_pdf(r, m.title, l, n) < 0) {
        json_decref(min);
        fail(r, 500, "internal", M_ERR_INTERNAL);
        return;
    }
    r->content_type = "application/pdf";
    req_add_header(
        r, "Content-Disposition",
        arena_printf(&r->arena, "inline; filename=\"minutes-%lld.pdf\"", (long long)m.id));
    json_decref(min);
}
