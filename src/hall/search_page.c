/* Search for people and programs:
 *   GET /search?q=&hall=              a search box and the hits, with excerpts
 *   GET /api/v1/search?q=&hall_id=&page=
 * q is 1..SEARCH_QUERY_MAX characters with at least one searchable token; hall limits hits to
 * that hall and the halls beneath it. Any signed-in person may search: every topic and
 * opinion is readable to them today (the hall filter in the query is where a per-hall
 * restriction will go). */
#include <stdlib.h>
#include <string.h>

#include "hall/excerpt.h"
#include "hall/pages.h"
#include "hall/search.h"
#include "hall/topic_store.h"
#include "org/guard.h"
#include "web/html.h"
#include "web/layout.h"
#include "web/respond.h"

/* The hall named by the query parameter `name` into *n: true with n->id 0 when absent; false
 * (answered) when it is not a hall the reader may see. */
static bool hall_filter(struct req *r, const char *name, struct node *n)
{
    const char *v = req_query(r, name);
    n->id = 0;
    n->path = NULL;
    if (!v || !v[0])
        return true;
    char *end;
    long long id = strtoll(v, &end, 10);
    if (*end || id <= 0) {
        fail(r, 404, "not_found", M_HALL_NOT_HALL);
        return false;
    }
    if (!guard_node(r, (int64_t)id, ACT_VIEW_TREE, n))
        return false;
    if (!topic_is_hall_kind(n->kind)) {
        fail(r, 404, "not_found", M_HALL_NOT_HALL);
        return false;
    }
    return true;
}

/* The text to cut an excerpt from: a topic's text starts with its title, which the hit shows
 * already, so the rest when the query matches there. */
static const char *excerpt_source(const struct search_hit *h, const char *q)
{
    const char *rest = h->kind == SEARCH_TOPIC ? strchr(h->body, '\n') : NULL;
    return rest && excerpt_matches(rest + 1, q) ? rest + 1 : h->body;
}

static enum msg kind_msg(enum search_kind k)
{
    return k == SEARCH_OPINION ? M_SEARCH_KIND_OPINION : M_SEARCH_KIND_TOPIC;
}

void search_page(struct req *r)
{
    struct node hall;
    if (!hall_filter(r, "hall", &hall))
        return;
    const char *q = req_query(r, "q");
    struct buf *o = &r->out;
    struct search_hit hits[SEARCH_PAGE_SIZE];
    int count = 0;
    bool more = false;
    long long page = req_page(r);
    /* No q at all is the empty search box; a q that cannot run is a 422 with the form. */
    enum search_err e = q ? search_run(r, q, hall.path, page, hits, &count, &more) : SEARCH_OK;
    if (e != SEARCH_OK)
        r->status = e == SEARCH_DB_ERROR ? 503 : 422;
    page_begin(r, T(r, M_SEARCH_TITLE));
    html(o, "<form method=\"get\" action=\"/search\" class=\"stack\" role=\"search\">");
    html(o, "<label for=\"q\">%s</label>", T(r, M_SEARCH_LABEL));
    /* A refused query marks the field and points it at the message below the form. */
    html(o, "<input type=\"search\" id=\"q\" name=\"q\" maxlength=\"%d\" value=\"%s\"",
         SEARCH_QUERY_MAX, q ? q : "");
    if (e != SEARCH_OK)
        html(o, " aria-invalid=\"true\" aria-describedby=\"q-error\"");
    html(o, ">");
    if (hall.id)
        html(o,
             "<label class=\"inline\"><input type=\"checkbox\" name=\"hall\" value=\"%lld\" "
             "checked> %s</label>",
             (long long)hall.id,
             arena_printf(&r->arena, T(r, M_SEARCH_IN_HALL),
                          arena_printf(&r->arena, T(r, M_HALL_OF), hall.name)));
    html(o, "<button type=\"submit\" class=\"button primary\">%s</button></form>\n",
         T(r, M_SEARCH_BUTTON));
    if (e != SEARCH_OK) {
        html(o, "<p class=\"notice notice-error\" role=\"alert\" id=\"q-error\">%s</p>\n",
             T(r, search_err_msg(e)));
        page_end(r);
        return;
    }
    if (!q) {
        page_end(r);
        return;
    }
    if (!count)
        html(o, "<p class=\"muted\">%s</p>\n", T(r, M_SEARCH_NONE));
    else
        html(o, "<ul class=\"cells\">\n");
    for (int i = 0; i < count; i++) {
        const struct search_hit *h = &hits[i];
        html(o, "<li class=\"cell\"><a href=\"/topics/%lld\"><span class=\"kind\">%s</span> ",
             (long long)h->topic_id, T(r, kind_msg(h->kind)));
        html(o, "<strong>%s</strong><br>", h->topic_title);
        excerpt_html(o, excerpt_source(h, q), q);
        html(o, "<br><span class=\"muted\">%s</span></a></li>\n",
             arena_printf(&r->arena, T(r, M_HALL_OF), h->hall_name));
    }
    if (count)
        html(o, "</ul>\n");
    if (page > 1 || more) {
        const char *base = hall.id
                               ? arena_printf(&r->arena, "/search?q=%s&amp;hall=%lld",
                                              url_encode(&r->arena, q), (long long)hall.id)
                               : arena_printf(&r->arena, "/search?q=%s", url_encode(&r->arena, q));
        html(o, "<nav class=\"actions\">");
        /* base is built from url_encode'd parts and a number: safe as it is. */
        if (page > 1) {
            html_raw(o, "<a href=\"");
            html_raw(o, base);
            html(o, "&amp;page=%lld\">%s</a>", page - 1, T(r, M_PAGE_PREV));
        }
        if (more) {
            html_raw(o, "<a href=\"");
            html_raw(o, base);
            html(o, "&amp;page=%lld\">%s</a>", page + 1, T(r, M_PAGE_NEXT));
        }
        html(o, "</nav>\n");
    }
    page_end(r);
}

void search_api(struct req *r)
{
    struct node hall;
    if (!hall_filter(r, "hall_id", &hall))
        return;
    const char *q = req_query(r, "q");
    struct search_hit hits[SEARCH_PAGE_SIZE];
    int count = 0;
    bool more = false;
    long long page = req_page(r);
    enum search_err e = search_run(r, q, hall.path, page, hits, &count, &more);
    if (e != SEARCH_OK) {
        fail(r,
             e == SEARCH_DB_ERROR ? 503
             : e == SEARCH_EMPTY  ? 400
                                  : 422,
             search_err_code(e), search_err_msg(e));
        return;
    }
    json_t *list = json_array();
    for (int i = 0; i < count; i++) {
        const struct search_hit *h = &hits[i];
        struct buf ex;
        buf_init(&ex);
        excerpt_html(&ex, excerpt_source(h, q), q);
        json_array_append_new(
            list,
            json_pack("{s:s,s:I,s:I,s:s,s:I,s:s,s:s,s:I}", "kind", search_kind_key(h->kind),
                      "ref_id", (json_int_t)h->ref_id, "topic_id", (json_int_t)h->topic_id,
                      "topic_title", h->topic_title, "hall_node_id", (json_int_t)h->hall_node_id,
                      "hall_name", h->hall_name, "excerpt_html", ex.data, "at", (json_int_t)h->at));
        buf_free(&ex);
    }
    reply_json(r, json_pack("{s:s,s:I,s:b,s:o}", "q", q, "page", (json_int_t)page, "more", more,
                            "hits", list));
}
