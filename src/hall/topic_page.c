/* GET /topics/{id}: one topic: its status, the hall that hears it and why, who proposed it (or
 * 匿名), the proposal and its history, and, for those who may take them, the next steps as small
 * forms. POST /topics/{id}/transitions takes one of those steps. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "db/db.h"
#include "fund/fund_pages.h"
#include "hall/pages.h"
#include "hall/photo.h"
#include "hall/sections.h"
#include "meeting/schedule.h"
#include "hall/topic_store.h"
#include "org/guard.h"
#include "util/utf8.h"
#include "web/html.h"
#include "web/layout.h"
#include "web/respond.h"
#include "web/when.h"

/* The forms of the steps the reader may take now. */
static void next_steps(struct req *r, const struct topic *t)
{
    struct buf *o = &r->out;
    int shown = 0;
    for (int s = 0; s < TOPIC_STATUS_COUNT; s++) {
        enum topic_status to = (enum topic_status)s;
        if (!topic_step_generic(t->status, to) || topic_may_move(r, t, to, "x") != HALL_OK)
            continue;
        if (!shown++)
            html(o, "<section><h2>%s</h2>\n", T(r, M_TOPIC_NEXT));
        bool reason = topic_transition_needs_reason(t->status, to);
        html(o, "<form method=\"post\" action=\"/topics/%lld/transitions\" class=\"%s\">",
             (long long)t->id, reason ? "stack" : "inline");
        csrf_field(r);
        html(o, "<input type=\"hidden\" name=\"to\" value=\"%s\">", topic_status_key(to));
        if (reason)
            html(o,
                 "<label for=\"reason-%s\">%s</label><textarea id=\"reason-%s\" name=\"reason\" "
                 "rows=\"2\" maxlength=\"%d\" required></textarea>",
                 topic_status_key(to), T(r, M_TOPIC_REASON), topic_status_key(to),
                 TOPIC_REASON_MAX);
        html(o, "<button type=\"submit\">%s</button></form>\n",
             topic_transition_name(t->status, to, (int)r->lang));
    }
    if (shown)
        html(o, "<p class=\"muted\">%s</p></section>\n", T(r, M_TOPIC_REASON_HINT));
}

static void history(struct req *r, const struct topic *t, bool visible)
{
    struct buf *o = &r->out;
    html(o, "<section><h2>%s</h2><ul class=\"cells\">\n", T(r, M_TOPIC_HISTORY));
    struct db_stmt *st =
        db_prepare(r->db, "SELECT e.at, e.actor_id, p.name, e.from_status, e.to_status, e.kind,"
                          " e.reason FROM topic_event e LEFT JOIN person p ON p.id = e.actor_id"
                          " WHERE e.topic_id = ? ORDER BY e.id");
    db_bind(st, "i", t->id);
    while (db_step(st) == DB_ROW) {
        int64_t actor = db_column_null(st, 1) ? 0 : db_column_int(st, 1);
        const char *kind = db_column_text(st, 5);
        bool create = strcmp(kind, "create") == 0;
        int from = topic_status_parse(db_column_text(st, 3));
        int to = topic_status_parse(db_column_text(st, 4));
        const char *step = create ? T(r, M_TOPIC_CREATED_EVENT)
                                  : topic_transition_name((enum topic_status)from,
                                                          (enum topic_status)to, (int)r->lang);
        /* Raising the topic, or its proposer acting on it, would give an anonymous one away. */
        bool hide = !visible && (create || actor == t->proposer_id);
        html(o, "<li class=\"cell\">%s · <strong>%s</strong> → %s",
             when_long(r, db_column_int(st, 0)), step ? step : kind,
             topic_status_name((enum topic_status)to, (int)r->lang));
        html(o, " <span class=\"muted\">%s</span>",
             hide || !actor ? T(r, M_TOPIC_ANONYMOUS) : db_column_text(st, 2));
        if (db_column_text(st, 6)[0])
            html(o, "<br>%s：%s", T(r, M_TOPIC_REASON), db_column_text(st, 6));
        html(o, "</li>\n");
    }
    db_done(st);
    html(o, "</ul></section>\n");
}

void topic_view(struct req *r, const struct topic *t, const char *notice, bool error)
{
    struct buf *o = &r->out;
    int lang = (int)r->lang;
    bool visible = topic_proposer_visible(r, t);
    page_begin(r, t->title);
    html(o, "<p><a href=\"/halls/%lld\">‹ ", (long long)t->hall_node_id);
    html(o, T(r, M_HALL_OF), t->hall_name);
    html(o, "</a></p>\n");
    if (notice)
        html(o, "<div class=\"notice %s\" role=\"%s\"><p>%s</p></div>\n",
             error ? "notice-error" : "notice-ok", error ? "alert" : "status", notice);
    html(o, "<p class=\"kind\">%s · %s · <strong>%s</strong></p>\n",
         tier_matter_name(t->tier, lang), tier_hall_name(t->tier, lang),
         topic_status_name(t->status, lang));
    html(o, "<ul class=\"cells\">\n");
    html(o, "<li class=\"cell\">%s：%s</li>\n", T(r, M_TOPIC_PROPOSER),
         visible ? t->proposer_name : T(r, M_TOPIC_ANONYMOUS));
    html(o, "<li class=\"cell\">%s：%s · %s</li>\n", T(r, M_TOPIC_CHANNEL),
         T(r, topic_channel_msg(t->channel)), when_long(r, t->created_at));
    html(o, "<li class=\"cell\">%s：%s</li>\n", T(r, M_TOPIC_SCOPE), t->node_name);
    html(o, "<li class=\"cell\">%s：%s</li>\n", T(r, M_TOPIC_CATEGORY),
         topic_category_name(t->category, lang));
    char cost[40];
    tier_format_fen(t->cost_fen, cost, sizeof cost);
    html(o, "<li class=\"cell\">%s：%s</li>\n", T(r, M_TOPIC_COST),
         t->cost_fen == TIER_COST_UNKNOWN ? T(r, M_TOPIC_COST_UNKNOWN) : cost);
    html(o, "</ul>\n");
    html(o, "<section><h2>%s</h2><p>%s</p></section>\n", T(r, M_TOPIC_DESCRIPTION), t->description);
    if (t->suggestion[0])
        html(o, "<section><h2>%s</h2><p>%s</p></section>\n", T(r, M_TOPIC_SUGGESTION),
             t->suggestion);
    photo_gallery(r, "topic", t->id);
    html(o, "<section><h2>%s</h2><p>%s</p></section>\n", T(r, M_TOPIC_WHY_TIER),
         topic_explanation(r, t));
    tier_section(r, t);
    outcome_section(r, t);
    fund_topic_section(r, t); /* its 自治金 projects and the proposal form (fund/apply_page.c) */
    meeting_topic_section(r, t); /* meetings whose agenda holds it (meeting/schedule_page.c) */
    polls_section(r, t);
    opinions_section(r, t);
    next_steps(r, t);
    history(r, t, visible);
    page_end(r);
}

void topic_page(struct req *r)
{
    struct topic t;
    if (!topic_get(r, r->id, &t)) {
        fail(r, 404, "not_found", M_ERR_NOT_FOUND);
        return;
    }
    topic_view(r, &t, req_query(r, "new") ? T(r, M_TOPIC_SAVED) : NULL, false);
}

void topic_transition_post(struct req *r)
{
    struct topic t;
    if (!topic_get(r, r->id, &t)) {
        fail(r, 404, "not_found", M_ERR_NOT_FOUND);
        return;
    }
    const char *to_s = req_param(r, "to");
    int to = to_s ? topic_status_parse(to_s) : -1;
    const char *reason = req_param(r, "reason");
    if (to < 0) {
        r->status = 422;
        topic_view(r, &t, T(r, M_TOPIC_BAD_STATUS), true);
        return;
    }
    if (!topic_step_generic(t.status, (enum topic_status)to)) {
        r->status = 409;
        topic_view(r, &t, T(r, topic_step_own_form_msg(t.status, (enum topic_status)to)), true);
        return;
    }
    if (reason && utf8_chars(reason) > TOPIC_REASON_MAX) {
        struct topic_problem p = {TOPIC_TOO_LONG, "reason", TOPIC_REASON_MAX};
        r->status = 422;
        topic_view(r, &t, topic_problem_text(r, &p), true);
        return;
    }
    enum hall_err e = topic_may_move(r, &t, (enum topic_status)to, reason);
    if (e != HALL_OK) {
        r->status = e == HALL_E_ROLE ? 403 : 409;
        topic_view(r, &t, hall_err_message(e, (int)r->lang), true);
        return;
    }
    if (topic_move(r, &t, (enum topic_status)to, reason) != 0) {
        fail(r, 503, "unavailable", M_ERR_UNAVAILABLE);
        return;
    }
    req_redirect(r, arena_printf(&r->arena, "/topics/%lld", (long long)t.id));
}

bool topic_of_route(struct req *r, struct topic *t)
{
    if (topic_get(r, r->id, t))
        return true;
    fail(r, 404, "not_found", M_ERR_NOT_FOUND);
    return false;
}
