/* The online deliberation on a topic's page, and the forms it posts to:
 *   opinions_section                 counts by stance, support (+1), the opinions, the form
 *   POST /topics/{id}/opinions       stance, body, reply_to?, addressed_to?: give an opinion
 *   POST /topics/{id}/support        support the topic (附议); twice counts once
 *   POST /topics/{id}/unsupport      withdraw that support
 *   POST /opinions/{id}/flags        reason=attack|off_topic: flag an opinion
 *   POST /opinions/{id}/hide         reason: a moderator hides an opinion
 * Only residents of the hall's scope give opinions, support and flag (hall_household);
 * moderators (ACT_MODERATE on the hall) hide. A refusal shows the topic page again with the
 * message and status 4xx, and nothing is stored. The hall's settings page is in
 * opinion_settings.c. */
#include <stdlib.h>
#include <time.h>

#include "db/db.h"
#include "hall/opinion_store.h"
#include "hall/pages.h"
#include "hall/sections.h"
#include "org/guard.h"
#include "util/utf8.h"
#include "web/html.h"
#include "web/layout.h"
#include "web/respond.h"
#include "web/when.h"

/* The ?opage=N of the opinion list (1 when absent or out of range). */
static long long opinion_page_number(struct req *r)
{
    const char *s = req_query(r, "opage");
    long long p = s ? strtoll(s, NULL, 10) : 1;
    return p >= 1 && p <= 100000 ? p : 1;
}

/* An integer form field; 0 when absent or not a positive number. */
static int64_t param_id(struct req *r, const char *name)
{
    const char *s = req_param(r, name);
    if (!s || !s[0])
        return 0;
    char *end;
    long long v = strtoll(s, &end, 10);
    return *end == '\0' && v > 0 ? (int64_t)v : 0;
}

/* The small forms under one opinion: answer, flag, hide. */
static void opinion_actions(struct req *r, const struct topic *t, const struct opinion *op,
                            bool resident, bool moderator)
{
    struct buf *o = &r->out;
    if (op->hidden_reason)
        return;
    if (resident && opinion_topic_open(t->status) && op->stance == STANCE_QUESTION &&
        op->addressed_to == r->person_id)
        html(o,
             "<p><a class=\"button\" href=\"/topics/%lld?reply_to=%lld#opinion-form\">%s</a></p>",
             (long long)t->id, (long long)op->id, T(r, M_OP_REPLY));
    if (resident && op->author_id != r->person_id) {
        html(o, "<form method=\"post\" action=\"/opinions/%lld/flags\" class=\"inline\">",
             (long long)op->id);
        csrf_field(r);
        html(o, "<span class=\"muted\">%s</span>", T(r, M_OP_FLAG));
        for (int f = 0; f < FLAG_COUNT; f++)
            html(o, " <button type=\"submit\" name=\"reason\" value=\"%s\">%s</button>",
                 flag_reason_key((enum flag_reason)f), T(r, flag_reason_msg((enum flag_reason)f)));
        html(o, "</form>");
    }
    if (moderator) {
        html(o, "<details><summary>%s</summary>", T(r, M_OP_HIDE));
        html(o, "<form method=\"post\" action=\"/opinions/%lld/hide\" class=\"stack\">",
             (long long)op->id);
        csrf_field(r);
        html(o,
             "<label for=\"hide-%lld\">%s</label><textarea id=\"hide-%lld\" name=\"reason\" "
             "rows=\"2\" maxlength=\"%d\" required></textarea>",
             (long long)op->id, T(r, M_OP_HIDE_REASON), (long long)op->id, OPINION_REASON_MAX);
        html(o, "<button type=\"submit\">%s</button></form></details>", T(r, M_OP_HIDE));
    }
}

/* One opinion as a cell: stance, who, when, to whom, the text (or why it is hidden). */
static void opinion_cell(struct req *r, const struct topic *t, const struct opinion *op,
                         bool visible, bool resident, bool moderator)
{
    struct buf *o = &r->out;
    html(o, "<li class=\"cell\" id=\"op-%lld\"><strong>[%s]</strong> %s", (long long)op->id,
         T(r, stance_msg(op->stance)),
         opinion_person_label(r, t, visible, op->author_id, op->author_name));
    html(o, " <span class=\"muted\">· %s · #%lld</span>", when_short(r, op->created_at),
         (long long)op->id);
    if (op->stance == STANCE_QUESTION && op->addressed_to) {
        html(o, "<br><span class=\"muted\">");
        html(o, T(r, M_OP_QUESTION_TO),
             opinion_person_label(r, t, visible, op->addressed_to, op->addressed_name));
        html(o, "</span>");
    }
    if (op->reply_to) {
        html(o, "<br><a class=\"muted\" href=\"#op-%lld\">", (long long)op->reply_to);
        html(o, T(r, M_OP_REPLY_TO),
             opinion_person_label(r, t, visible, op->reply_author_id, op->reply_author_name),
             (long long)op->reply_to);
        html(o, "</a>");
    }
    if (op->hidden_reason) {
        html(o, "<p><em>");
        html(o, T(r, M_OP_HIDDEN_BY), op->hidden_reason);
        html(o, "</em></p>");
        if (moderator)
            html(o, "<p class=\"muted\">%s%s</p>", T(r, M_OP_HIDDEN_TEXT), op->body);
    } else {
        html(o, "<p>%s</p>", op->body);
    }
    if (moderator && op->flags)
        html(o, "<p class=\"muted\">%s</p>",
             arena_printf(&r->arena, T(r, M_OP_FLAGS), (long long)op->flags));
    opinion_actions(r, t, op, resident, moderator);
    html(o, "</li>\n");
}

/* The support line: how many, and the +1 (or withdraw) button for residents. */
static void support_block(struct req *r, const struct topic *t, bool resident)
{
    struct buf *o = &r->out;
    bool mine = topic_supported(r, t->id, r->person_id);
    html(o, "<p><strong>%s</strong>",
         arena_printf(&r->arena, T(r, M_OP_SUPPORT_COUNT),
                      (long long)topic_support_count(r, t->id)));
    if (mine)
        html(o, " <span class=\"muted\">%s</span>", T(r, M_OP_SUPPORTED));
    html(o, "</p>\n");
    if (!resident || !opinion_topic_open(t->status))
        return;
    html(o, "<form method=\"post\" action=\"/topics/%lld/%s\" class=\"inline\">", (long long)t->id,
         mine ? "unsupport" : "support");
    csrf_field(r);
    if (mine)
        html(o, "<button type=\"submit\">%s</button></form>\n", T(r, M_OP_UNSUPPORT));
    else
        html(o, "<button type=\"submit\" class=\"primary\">%s</button></form>\n",
             T(r, M_OP_SUPPORT));
}

/* The form: stance first as four big choices, then the reasons, with the limits said. */
static void opinion_form(struct req *r, const struct topic *t, const struct hall_settings *s)
{
    struct buf *o = &r->out;
    int used = opinion_used(r, t->id, r->person_id);
    int left = opinion_left(used, s->opinion_limit);
    /* After a refusal the form comes back with what was sent. */
    bool refill = r->status >= 400;
    const char *stance = refill ? req_param(r, "stance") : NULL;
    const char *body = refill ? req_param(r, "body") : NULL;
    int64_t reply_to = param_id(r, "reply_to");
    if (!reply_to && req_query(r, "reply_to"))
        reply_to = strtoll(req_query(r, "reply_to"), NULL, 10);
    html(o, "<h3 id=\"opinion-form\">%s</h3>\n", T(r, M_OP_FORM_HEADING));
    html(o, "<p class=\"muted\">");
    html(o, T(r, M_OP_FORM_RULES), s->opinion_limit, left);
    html(o, "</p>\n");
    if (!left && reply_to <= 0) {
        html(o, "<p class=\"notice\">");
        html(o, T(r, M_OP_FORM_USED_UP), s->opinion_limit);
        html(o, "</p>\n");
        return;
    }
    html(o, "<form method=\"post\" action=\"/topics/%lld/opinions\" class=\"stack\">",
         (long long)t->id);
    csrf_field(r);
    if (reply_to > 0) {
        html(o, "<input type=\"hidden\" name=\"reply_to\" value=\"%lld\">", (long long)reply_to);
        html(o, "<p class=\"muted\">");
        html(o, T(r, M_OP_FORM_REPLYING), (long long)reply_to);
        html(o, "</p>");
    }
    html(o, "<fieldset><legend>%s</legend>", T(r, M_OP_FORM_STANCE));
    for (int k = 0; k < STANCE_COUNT; k++) {
        const char *key = stance_key((enum stance)k);
        html(o,
             "<label class=\"check\"><input type=\"radio\" name=\"stance\" value=\"%s\" "
             "required%s> %s</label>",
             key, stance && stance_parse(stance) == k ? " checked" : "",
             T(r, stance_msg((enum stance)k)));
    }
    html(o, "</fieldset>");
    html(o, "<label for=\"opinion-body\">");
    html(o, T(r, M_OP_FORM_BODY), s->opinion_max_chars);
    html(o,
         "</label><textarea id=\"opinion-body\" name=\"body\" rows=\"5\" maxlength=\"%d\" "
         "required>%s</textarea>",
         s->opinion_max_chars, body ? body : "");
    /* Whom a question is put to: the proposer, or someone who has spoken (by name). */
    html(o,
         "<label for=\"opinion-to\">%s</label><select id=\"opinion-to\" name=\"addressed_to\">"
         "<option value=\"\">%s</option>",
         T(r, M_OP_FORM_ADDRESSEE), T(r, M_OP_PROPOSER));
    struct db_stmt *st = db_prepare(r->db, "SELECT DISTINCT o.author_id, p.name FROM opinion o"
                                           " JOIN person p ON p.id = o.author_id"
                                           " WHERE o.topic_id = ? AND o.hidden_at IS NULL"
                                           " AND o.author_id <> ? AND o.author_id <> ?"
                                           " ORDER BY o.author_id LIMIT 100");
    db_bind(st, "iii", t->id, t->proposer_id, r->person_id);
    while (db_step(st) == DB_ROW)
        html(o, "<option value=\"%lld\">%s</option>", (long long)db_column_int(st, 0),
             db_column_text(st, 1));
    db_done(st);
    html(o, "</select>");
    html(o, "<button type=\"submit\" class=\"primary\">%s</button></form>\n",
         T(r, M_OP_FORM_SUBMIT));
}

void opinions_section(struct req *r, const struct topic *t)
{
    struct buf *o = &r->out;
    struct hall_settings s = hall_settings_get(r, t->hall_node_id);
    bool resident = hall_household(r, t->hall_path) != 0;
    bool moderator = opinion_moderator(r, t);
    bool visible = topic_proposer_visible(r, t);
    html(o, "<section id=\"opinions\"><h2>%s</h2>\n", T(r, M_OP_HEADING));
    support_block(r, t, resident);
    if (!opinions_readable(r, t, &s)) {
        html(o, "<p class=\"muted\">%s</p></section>\n", T(r, M_OP_E_NO_READ));
        return;
    }
    int64_t counts[STANCE_COUNT];
    opinion_stance_counts(r, t->id, counts);
    html(o, "<p class=\"kind\">%s</p>\n",
         arena_printf(&r->arena, T(r, M_OP_COUNTS), (long long)counts[STANCE_FOR],
                      (long long)counts[STANCE_AGAINST], (long long)counts[STANCE_QUESTION],
                      (long long)counts[STANCE_SUGGESTION]));
    long long page = opinion_page_number(r);
    int64_t total = opinion_total(r, t->id);
    struct opinion *list = arena_alloc(&r->arena, sizeof *list * OPINION_PAGE_SIZE);
    int n =
        opinion_list(r, t->id, (int64_t)(page - 1) * OPINION_PAGE_SIZE, list, OPINION_PAGE_SIZE);
    if (n) {
        html(o, "<ol class=\"cells\">\n");
        for (int i = 0; i < n; i++)
            opinion_cell(r, t, &list[i], visible, resident, moderator);
        html(o, "</ol>\n");
    } else {
        html(o, "<p class=\"muted\">%s</p>\n", T(r, M_OP_NONE));
    }
    if (page > 1 || page * OPINION_PAGE_SIZE < total) {
        html(o, "<nav class=\"actions\">");
        if (page > 1)
            html(o, "<a href=\"/topics/%lld?opage=%lld#opinions\">%s</a>", (long long)t->id,
                 page - 1, T(r, M_PAGE_PREV));
        if (page * OPINION_PAGE_SIZE < total)
            html(o, "<a href=\"/topics/%lld?opage=%lld#opinions\">%s</a>", (long long)t->id,
                 page + 1, T(r, M_PAGE_NEXT));
        html(o, "</nav>\n");
    }
    if (!opinion_topic_open(t->status))
        html(o, "<p class=\"muted\">%s</p>\n", T(r, M_OP_CLOSED_NOTE));
    else if (!resident)
        html(o, "<p class=\"muted\">%s</p>\n", T(r, M_OP_OUTSIDER_NOTE));
    else
        opinion_form(r, t, &s);
    if (moderator)
        html(o, "<p><a href=\"/halls/%lld/settings\">%s</a></p>\n", (long long)t->hall_node_id,
             T(r, M_OP_SETTINGS_LINK));
    html(o, "</section>\n");
}

/* Shows t's page again with the refusal e (status and message). */
static void refuse(struct req *r, struct topic *t, enum opinion_err e, int limit)
{
    r->status = opinion_err_status(e);
    const char *msg = T(r, opinion_err_msg(e));
    if (e == OPINION_E_TOO_LONG || e == OPINION_E_LIMIT)
        msg = arena_printf(&r->arena, msg, limit);
    topic_view(r, t, msg, true);
}

void opinion_post(struct req *r)
{
    struct topic t;
    if (!topic_of_route(r, &t))
        return;
    struct opinion_input in = {
        .stance = req_param(r, "stance"),
        .body = req_param(r, "body"),
        .reply_to = param_id(r, "reply_to"),
        .addressed_to = param_id(r, "addressed_to"),
    };
    enum opinion_err e;
    int64_t id = opinion_create(r, &t, &in, &e);
    if (!id) {
        struct hall_settings s = hall_settings_get(r, t.hall_node_id);
        refuse(r, &t, e, e == OPINION_E_LIMIT ? s.opinion_limit : s.opinion_max_chars);
        return;
    }
    req_redirect(r,
                 arena_printf(&r->arena, "/topics/%lld#op-%lld", (long long)t.id, (long long)id));
}

static void support_change(struct req *r, bool on)
{
    struct topic t;
    if (!topic_of_route(r, &t))
        return;
    enum opinion_err e = topic_support_set(r, &t, on);
    if (e != OPINION_OK) {
        refuse(r, &t, e, 0);
        return;
    }
    req_redirect(r, arena_printf(&r->arena, "/topics/%lld#opinions", (long long)t.id));
}

void topic_support_post(struct req *r)
{
    support_change(r, true);
}

void topic_unsupport_post(struct req *r)
{
    support_change(r, false);
}

/* Loads the opinion of the route's {id} and its topic, or answers 404. */
static bool load_opinion(struct req *r, struct opinion *op, struct topic *t)
{
    if (opinion_get(r, r->id, op) && topic_get(r, op->topic_id, t))
        return true;
    fail(r, 404, "not_found", M_ERR_NOT_FOUND);
    return false;
}

void opinion_flag_post(struct req *r)
{
    struct opinion op;
    struct topic t;
    if (!load_opinion(r, &op, &t))
        return;
    struct hall_settings s = hall_settings_get(r, t.hall_node_id);
    if (!opinions_readable(r, &t, &s)) {
        fail(r, 403, "forbidden", M_ERR_FORBIDDEN);
        return;
    }
    enum opinion_err e = opinion_flag(r, &t, &op, req_param(r, "reason"));
    if (e != OPINION_OK) {
        refuse(r, &t, e, 0);
        return;
    }
    req_redirect(
        r, arena_printf(&r->arena, "/topics/%lld#op-%lld", (long long)t.id, (long long)op.id));
}

void opinion_hide_post(struct req *r)
{
    struct opinion op;
    struct topic t;
    if (!load_opinion(r, &op, &t))
        return;
    const char *reason = req_param(r, "reason");
    enum opinion_err e = opinion_hide(r, &t, &op, reason);
    if (e != OPINION_OK) {
        refuse(r, &t, e, 0);
        return;
    }
    req_redirect(
        r, arena_printf(&r->arena, "/topics/%lld#op-%lld", (long long)t.id, (long long)op.id));
}
