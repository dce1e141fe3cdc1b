/* The hall feed for people and programs:
 *   the feed section of GET /halls/{id}        (hall_feed_section, called by hall_page.c)
 *   GET /feed                                  the reader's own feed: their halls merged
 *   GET /halls/{id}/feed/items?after=N         newer items as HTML <li> (for feed.js, or a
 *   GET /feed/items?after=N                    reader following the "new items" link)
 *   GET /api/v1/halls/{id}/feed?before=&limit= and GET /api/v1/feed?before=&limit=
 * Any signed-in person may read a hall's feed, as they may read its topics. Pages are paged by
 * ?before=<item id>, FEED_PAGE_SIZE items; the API's limit is 1..FEED_LIMIT_MAX (default 20).
 * Live: feed.js listens to each hall's event stream (feed_add publishes "feed") and fetches
 * the items after the newest shown. */
#include "hall/feed_read.h"
#include "hall/pages.h"
#include "hall/topic_store.h"
#include "http/assets.h"
#include "org/guard.h"
#include "web/html.h"
#include "web/layout.h"
#include "web/respond.h"

/* The hall node r->id, checked: a hall any signed-in person may read. */
static bool load_hall(struct req *r, struct node *n)
{
    if (!guard_node(r, r->id, ACT_VIEW_TREE, n))
        return false;
    if (!topic_is_hall_kind(n->kind)) {
        fail(r, 404, "not_found", M_HALL_NOT_HALL);
        return false;
    }
    return true;
}

/* Writes a feed list: the live notice, the items, the "older" link. base is the page's URL
 * (older pages add ?before=), items_url the fragment's. */
static void feed_list(struct req *r, const int64_t *halls, int nhalls, const char *base,
                      const char *items_url)
{
    struct buf *o = &r->out;
    int64_t before = feed_query_id(r, "before");
    struct feed_entry items[FEED_PAGE_SIZE];
    bool more = false;
    int n = feed_load(r, halls, nhalls, before < 0 ? 0 : before, 0, FEED_PAGE_SIZE, items, &more);
    if (n < 0) {
        html(o, "<p class=\"notice\">%s</p>\n", T(r, M_ERR_UNAVAILABLE));
        return;
    }
    /* Live updates only on the newest page: older pages stay as they are. */
    if (before <= 0) {
        html(o,
             "<div class=\"notice notice-ok\" role=\"status\" aria-live=\"polite\" hidden"
             " data-feed-live data-feed-items=\"%s\" data-feed-after=\"%lld\" data-feed-halls=\"",
             items_url, (long long)(n ? items[0].id : 0));
        for (int i = 0; i < nhalls; i++)
            html(o, "%s%lld", i ? " " : "", (long long)halls[i]);
        html(o, "\"><p>%s <a href=\"%s\">%s</a></p></div>\n", T(r, M_FEED_LIVE_NEW), base,
             T(r, M_FEED_LIVE_SHOW));
    }
    html(o, "<ul class=\"cells feed\" data-feed-list>\n");
    feed_items_html(r, items, n);
    html(o, "</ul>\n");
    if (!n)
        html(o, "<p class=\"muted\">%s</p>\n", T(r, M_FEED_EMPTY));
    if (more || before > 0) {
        html(o, "<nav class=\"actions\">");
        if (before > 0)
            html(o, "<a href=\"%s\">%s</a>", base, T(r, M_FEED_NEWEST));
        if (more)
            html(o, "<a href=\"%s?before=%lld\">%s</a>", base, (long long)items[n - 1].id,
                 T(r, M_FEED_OLDER));
        html(o, "</nav>\n");
    }
    html(o, "<script src=\"%s\" defer nonce=\"%s\"></script>\n", asset_url(r, "/static/feed.js"),
         r->nonce);
}

void hall_feed_section(struct req *r, const struct node *n)
{
    struct buf *o = &r->out;
    html(o, "<section id=\"feed\"><h2>%s</h2>\n", T(r, M_FEED_TITLE));
    feed_list(r, &n->id, 1, arena_printf(&r->arena, "/halls/%lld", (long long)n->id),
              arena_printf(&r->arena, "/halls/%lld/feed/items", (long long)n->id));
    html(o, "</section>\n");
}

void my_feed_page(struct req *r)
{
    struct buf *o = &r->out;
    int64_t halls[FEED_HALLS_MAX];
    int nhalls = feed_person_halls(r, halls);
    page_begin(r, T(r, M_FEED_MY_TITLE));
    if (!nhalls) {
        html(o, "<p class=\"notice\">%s</p>\n", T(r, M_FEED_NO_HALLS));
        page_end(r);
        return;
    }
    html(o, "<p class=\"muted\">");
    for (int i = 0; i < nhalls; i++) {
        struct node n;
        if (node_get(r->db, &r->arena, halls[i], &n) == 0)
            html(o, "%s<a href=\"/halls/%lld\">%s</a>", i ? " · " : "", (long long)n.id,
                 arena_printf(&r->arena, T(r, M_HALL_OF), n.name));
    }
    html(o, "</p>\n<p><a href=\"/search\">%s</a></p>\n", T(r, M_SEARCH_TITLE));
    feed_list(r, halls, nhalls, "/feed", "/feed/items");
    page_end(r);
}

/* Newer items than ?after= as an HTML fragment, at most FEED_LIMIT_MAX. */
static void items_fragment(struct req *r, const int64_t *halls, int nhalls)
{
    int64_t after = feed_query_id(r, "after");
    if (after < 0) {
        fail(r, 400, "bad_request", M_FEED_BAD_PARAM);
        return;
    }
    struct feed_entry items[FEED_LIMIT_MAX];
    bool more = false;
    int n = feed_load(r, halls, nhalls, 0, after, FEED_LIMIT_MAX, items, &more);
    if (n < 0) {
        fail(r, 503, "unavailable", M_ERR_UNAVAILABLE);
        return;
    }
    feed_items_html(r, items, n);
}

void hall_feed_items(struct req *r)
{
    struct node n;
    if (load_hall(r, &n))
        items_fragment(r, &n.id, 1);
}

void my_feed_items(struct req *r)
{
    int64_t halls[FEED_HALLS_MAX];
    items_fragment(r, halls, feed_person_halls(r, halls));
}

/* The API's page of items of halls: ?before= and ?limit= checked. */
static void feed_json(struct req *r, const int64_t *halls, int nhalls)
{
    int64_t before = feed_query_id(r, "before");
    int64_t limit = feed_query_id(r, "limit");
    const char *given = req_query(r, "limit");
    if (before < 0 || limit < 0 || limit > FEED_LIMIT_MAX || (limit == 0 && given && given[0])) {
        fail(r, 400, "bad_request", M_FEED_BAD_PARAM);
        return;
    }
    if (!limit)
        limit = FEED_PAGE_SIZE;
    struct feed_entry items[FEED_LIMIT_MAX];
    bool more = false;
    int n = feed_load(r, halls, nhalls, before, 0, (int)limit, items, &more);
    if (n < 0) {
        fail(r, 503, "unavailable", M_ERR_UNAVAILABLE);
        return;
    }
    json_t *ids = json_array();
    for (int i = 0; i < nhalls; i++)
        json_array_append_new(ids, json_integer(halls[i]));
    json_t *o = json_pack("{s:o,s:o,s:b}", "hall_ids", ids, "items", feed_items_json(r, items, n),
                          "more", more);
    json_object_set_new(o, "next_before", more ? json_integer(items[n - 1].id) : json_null());
    reply_json(r, o);
}

void hall_feed_api(struct req *r)
{
    struct node n;
    if (load_hall(r, &n))
        feed_json(r, &n.id, 1);
}

void my_feed_api(struct req *r)
{
    int64_t halls[FEED_HALLS_MAX];
    feed_json(r, halls, feed_person_halls(r, halls));
}
