/* GET /halls/{id}: a hall's topic list, newest first, with the green "我要提议题" button and
 * links to the halls below. Any signed-in person may read it; proposers are never named here. */
#include "db/db.h"
#include "hall/pages.h"
#include "hall/topic_store.h"
#include "org/guard.h"
#include "web/html.h"
#include "web/layout.h"
#include "web/respond.h"

/* Writes links to the halls of the node's block and group children. */
static void sub_halls(struct req *r, const struct node *n)
{
    struct buf *o = &r->out;
    struct db_stmt *st = db_prepare(r->db, "SELECT id, name FROM node WHERE parent_id = ?"
                                           " AND kind IN ('block', 'group') ORDER BY id");
    db_bind(st, "i", n->id);
    int rows = 0;
    while (db_step(st) == DB_ROW) {
        if (!rows++)
            html(o, "<section><h2>%s</h2><ul class=\"cells\">\n", T(r, M_HALL_SUB_HALLS));
        html(o, "<li class=\"cell\"><a href=\"/halls/%lld\">", (long long)db_column_int(st, 0));
        html(o, T(r, M_HALL_OF), db_column_text(st, 1));
        html(o, "</a></li>\n");
    }
    db_done(st);
    if (rows)
        html(o, "</ul></section>\n");
}

void hall_page(struct req *r)
{
    struct node n;
    if (!guard_node(r, r->id, ACT_VIEW_TREE, &n))
        return;
    if (!topic_is_hall_kind(n.kind)) {
        fail(r, 404, "not_found", M_HALL_NOT_HALL);
        return;
    }
    struct buf *o = &r->out;
    page_begin(r, arena_printf(&r->arena, T(r, M_HALL_OF), n.name));
    html(o, "<p><a href=\"/nodes/%lld\">‹ %s</a></p>\n", (long long)n.id, n.name);
    html(o, "<p><a class=\"button primary\" href=\"/halls/%lld/propose\">%s</a></p>\n",
         (long long)n.id, T(r, M_HALL_PROPOSE));
    html(o,
         "<nav class=\"actions\"><a href=\"/search?hall=%lld\">%s</a>"
         "<a href=\"/halls/%lld/stats\">%s</a><a href=\"/halls/%lld/meetings\">%s</a>"
         "<a href=\"#topics\">%s</a></nav>\n",
         (long long)n.id, T(r, M_SEARCH), (long long)n.id, T(r, M_STATS), (long long)n.id,
         T(r, M_SCHED_HALL_LINK), T(r, M_HALL_TOPICS));
    hall_feed_section(r, &n);
    html(o, "<section id=\"topics\"><h2>%s</h2>\n", T(r, M_HALL_TOPICS));

    int64_t total =
        db_int(r->db, 0, "SELECT count(*) FROM topic WHERE hall_node_id = ?", "i", n.id);
    int64_t open = db_int(r->db, 0,
                          "SELECT count(*) FROM topic WHERE hall_node_id = ?"
                          " AND status IN ('collecting', 'pending_review')",
                          "i", n.id);
    long long page = req_page(r);
    struct db_stmt *st =
        db_prepare(r->db, "SELECT id, title, status, tier, channel FROM topic"
                          " WHERE hall_node_id = ? ORDER BY id DESC LIMIT ? OFFSET ?");
    db_bind(st, "iii", n.id, (int64_t)TOPIC_PAGE_SIZE + 1, (int64_t)(page - 1) * TOPIC_PAGE_SIZE);
    int rows = 0;
    while (db_step(st) == DB_ROW) {
        if (++rows > TOPIC_PAGE_SIZE)
            break;
        if (rows == 1)
            html(o, "<p class=\"muted\">%s</p><ul class=\"cells\">\n",
                 arena_printf(&r->arena, T(r, M_HALL_COUNTS), (long long)total, (long long)open));
        int status = topic_status_parse(db_column_text(st, 2));
        int tier = tier_parse(db_column_text(st, 3));
        int ch = topic_channel_parse(db_column_text(st, 4));
        html(o, "<li class=\"cell\"><a href=\"/topics/%lld\"><strong>%s</strong><br>",
             (long long)db_column_int(st, 0), db_column_text(st, 1));
        html(o, "<span class=\"muted\">%s · %s · %s</span></a></li>\n",
             topic_status_name((enum topic_status)status, (int)r->lang),
             tier_matter_name((enum tier)tier, (int)r->lang),
             T(r, topic_channel_msg(ch < 0 ? CH_OTHER : (enum topic_channel)ch)));
    }
    db_done(st);
    if (rows)
        html(o, "</ul>\n");
    else
        html(o, "<p class=\"muted\">%s</p>\n", T(r, M_HALL_NO_TOPICS));
    if (page > 1 || rows > TOPIC_PAGE_SIZE) {
        html(o, "<nav class=\"actions\">");
        if (page > 1)
            html(o, "<a href=\"/halls/%lld?page=%lld\">%s</a>", (long long)n.id, page - 1,
                 T(r, M_PAGE_PREV));
        if (rows > TOPIC_PAGE_SIZE)
            html(o, "<a href=\"/halls/%lld?page=%lld\">%s</a>", (long long)n.id, page + 1,
                 T(r, M_PAGE_NEXT));
        html(o, "</nav>\n");
    }
    html(o, "</section>\n");
    sub_halls(r, &n);
    html(o,
         "<div class=\"notice notice-ok\" role=\"status\" hidden data-live-events=\"topic\" "
         "data-live=\"/api/v1/nodes/%lld/events\"><p>%s <a href=\"/halls/%lld\">%s</a></p></div>\n",
         (long long)n.id, T(r, M_LIVE_TOPIC_CHANGED), (long long)n.id, T(r, M_LIVE_RELOAD));
    page_end(r);
}
