/* Pages and API of tier changes and merges (src/hall/topic_tier.h):
 *   POST /topics/{id}/tier            /api/v1/topics/{id}/tier      {tier, reason}  override
 *   POST /topics/{id}/appeals         /api/v1/topics/{id}/appeals   {tier, reason}  appeal
 *   GET                               /api/v1/topics/{id}/appeals                   appeals
 *   POST /appeals/{id}/ruling         /api/v1/appeals/{id}/ruling   {grant, reason} rule
 *   POST /topics/{id}/merge           /api/v1/topics/{id}/merge     {into, reason}  merge
 * and the part of the topic page that shows and offers them. */
#include <stdlib.h>
#include <string.h>

#include "db/db.h"
#include "hall/pages.h"
#include "hall/sections.h"
#include "hall/topic_tier.h"
#include "http/jsonbody.h"
#include "web/html.h"
#include "web/layout.h"
#include "web/respond.h"

/* A tier as the API ("ESTATE") or a form ("estate") names it; -1 when neither. */
static int tier_from_text(const char *s)
{
    if (!s)
        return -1;
    for (int t = 0; t < TIER_COUNT; t++)
        if (strcmp(s, topic_tier_api((enum tier)t)) == 0)
            return t;
    return tier_parse(s);
}

static const char *tier_label(struct req *r, enum tier t)
{
    int lang = (int)r->lang;
    return arena_printf(&r->arena, "%s · %s", tier_hall_name(t, lang), tier_matter_name(t, lang));
}

static void tier_options(struct req *r, const struct topic *t, bool up_only)
{
    for (int k = 0; k < TIER_COUNT; k++) {
        if (k == (int)t->tier || (up_only && k < (int)t->tier))
            continue;
        html(&r->out, "<option value=\"%s\">%s</option>", tier_key((enum tier)k),
             tier_label(r, (enum tier)k));
    }
}

static void reason_box(struct req *r, const char *id, const char *label)
{
    html(&r->out,
         "<label for=\"%s\">%s</label><textarea id=\"%s\" name=\"reason\" rows=\"2\" "
         "maxlength=\"%d\" required></textarea>",
         id, label, id, TOPIC_REASON_MAX);
}

static void appeals_list(struct req *r, const struct topic *t)
{
    struct buf *o = &r->out;
    struct db_stmt *st = db_prepare(
        r->db, "SELECT a.id, p.name, a.to_tier, a.reason, a.status, a.ruling FROM topic_appeal a"
               " JOIN person p ON p.id = a.person_id WHERE a.topic_id = ? ORDER BY a.id");
    db_bind(st, "i", t->id);
    int shown = 0;
    while (db_step(st) == DB_ROW) {
        if (!shown++)
            html(o, "<h3>%s</h3><ul class=\"cells\">\n", T(r, M_TIER_APPEALS));
        int64_t id = db_column_int(st, 0);
        int to = tier_parse(db_column_text(st, 2));
        const char *status = db_column_text(st, 4);
        bool open = strcmp(status, "open") == 0;
        html(o, "<li class=\"cell\">");
        html(o, T(r, M_TIER_APPEAL_LINE), db_column_text(st, 1),
             to < 0 ? "?" : tier_hall_name((enum tier)to, (int)r->lang), db_column_text(st, 3));
        html(o, " · <strong>%s</strong>",
             T(r, open                             ? M_TIER_APPEAL_OPEN
                  : strcmp(status, "granted") == 0 ? M_TIER_APPEAL_GRANTED
                                                   : M_TIER_APPEAL_REFUSED));
        if (db_column_text(st, 5)[0])
            html(o, "<br>%s：%s", T(r, M_TIER_RULING), db_column_text(st, 5));
        const char *path = NULL;
        if (open && to >= 0 && topic_hall_of_tier(r, t, (enum tier)to, &path) &&
            topic_reader_directs(r, path)) {
            html(o, "<form method=\"post\" action=\"/appeals/%lld/ruling\" class=\"stack\">",
                 (long long)id);
            csrf_field(r);
            reason_box(r, arena_printf(&r->arena, "ruling-%lld", (long long)id),
                       T(r, M_TIER_RULING));
            html(o,
                 "<button type=\"submit\" name=\"grant\" value=\"1\">%s</button>"
                 "<button type=\"submit\" name=\"grant\" value=\"0\">%s</button></form>",
                 T(r, M_TIER_GRANT), T(r, M_TIER_REFUSE));
        }
        html(o, "</li>\n");
    }
    db_done(st);
    if (shown)
        html(o, "</ul>\n");
}

static void merged_lists(struct req *r, const struct topic *t)
{
    struct buf *o = &r->out;
    if (t->merged_into) {
        struct topic into;
        if (topic_get(r, t->merged_into, &into))
            html(o,
                 "<div class=\"notice\" role=\"status\"><p>%s <a href=\"/topics/%lld\">#%lld "
                 "%s</a></p></div>\n",
                 T(r, M_TIER_MERGED_NOTICE), (long long)into.id, (long long)into.id, into.title);
    }
    struct db_stmt *st =
        db_prepare(r->db, "SELECT id, title FROM topic WHERE merged_into = ? ORDER BY id LIMIT 50");
    db_bind(st, "i", t->id);
    int shown = 0;
    while (db_step(st) == DB_ROW) {
        if (!shown++)
            html(o, "<h3>%s</h3><ul class=\"cells\">\n", T(r, M_TIER_MERGED_HERE));
        html(o, "<li class=\"cell\"><a href=\"/topics/%lld\">#%lld %s</a></li>\n",
             (long long)db_column_int(st, 0), (long long)db_column_int(st, 0),
             db_column_text(st, 1));
    }
    db_done(st);
    if (shown)
        html(o, "</ul>\n");
}

/* The override ("tier") or appeal ("appeals") form: the hall to go to and a reason. */
static void tier_form(struct req *r, const struct topic *t, const char *action, enum msg heading,
                      const char *help, bool up_only, enum msg submit)
{
    struct buf *o = &r->out;
    html(o, "<form method=\"post\" action=\"/topics/%lld/%s\" class=\"stack\"><h3>%s</h3>",
         (long long)t->id, action, T(r, heading));
    if (help)
        html(o, "<p class=\"muted\">%s</p>", help);
    csrf_field(r);
    html(o, "<label for=\"%s-tier\">%s</label><select id=\"%s-tier\" name=\"tier\">", action,
         T(r, M_TIER_TARGET), action);
    tier_options(r, t, up_only);
    html(o, "</select>");
    reason_box(r, arena_printf(&r->arena, "%s-reason", action), T(r, M_TOPIC_REASON));
    html(o, "<button type=\"submit\">%s</button></form>\n", T(r, submit));
}

void tier_section(struct req *r, const struct topic *t)
{
    struct buf *o = &r->out;
    size_t mark = o->len;
    html(o, "<section><h2>%s</h2>\n", T(r, M_TIER_HEADING));
    size_t empty = o->len;
    merged_lists(r, t);
    appeals_list(r, t);
    if (topic_tier_open(t)) {
        if (topic_reader_directs(r, t->hall_path))
            tier_form(r, t, "tier", M_TIER_OVERRIDE, NULL, false, M_TIER_OVERRIDE_SUBMIT);
        /* Offer an appeal to those who live in a wider hall that exists above the topic. */
        bool may_appeal = false;
        for (int k = (int)t->tier + 1; k < TIER_COUNT && !may_appeal; k++) {
            const char *path = NULL;
            may_appeal = topic_hall_of_tier(r, t, (enum tier)k, &path) && hall_household(r, path);
        }
        if (may_appeal)
            tier_form(r, t, "appeals", M_TIER_APPEAL, T(r, M_TIER_APPEAL_HELP), true,
                      M_TIER_APPEAL_SUBMIT);
    }
    if (topic_may_move(r, t, TOPIC_MERGED, "x") == HALL_OK) {
        html(o, "<form method=\"post\" action=\"/topics/%lld/merge\" class=\"stack\"><h3>%s</h3>",
             (long long)t->id, T(r, M_TIER_MERGE));
        csrf_field(r);
        html(o,
             "<label for=\"merge-into\">%s</label><input id=\"merge-into\" name=\"into\" "
             "inputmode=\"numeric\" pattern=\"[0-9]*\" required>",
             T(r, M_TIER_MERGE_INTO));
        reason_box(r, "merge-reason", T(r, M_TOPIC_REASON));
        html(o, "<button type=\"submit\">%s</button></form>\n", T(r, M_TIER_MERGE_SUBMIT));
    }
    if (o->len == empty)
        o->len = mark; /* nothing to show this reader: no empty heading */
    else
        html(o, "</section>\n");
}

/* ---- the pages' POST handlers: a refusal shows the topic page again with the message ---- */

static void page_refusal(struct req *r, const struct topic *t, const struct tier_problem *p)
{
    r->status = tier_problem_status(p);
    topic_view(r, t, tier_problem_text(r, p), true);
}

static void page_bad_tier(struct req *r, const struct topic *t)
{
    r->status = 422;
    topic_view(r, t, T(r, M_TIER_E_BAD_TIER), true);
}

static void back_to(struct req *r, int64_t topic_id)
{
    req_redirect(r, arena_printf(&r->arena, "/topics/%lld", (long long)topic_id));
}

/* The override (appeal false) or appeal form's POST. */
static void tier_post(struct req *r, bool appeal)
{
    struct topic t;
    if (!topic_of_route(r, &t))
        return;
    int to = tier_from_text(req_param(r, "tier"));
    const char *reason = req_param(r, "reason");
    struct tier_problem p;
    bool done = false;
    if (to < 0) {
        page_bad_tier(r, &t);
        return;
    }
    if (appeal)
        done = topic_appeal(r, &t, (enum tier)to, reason, &p) != 0;
    else
        done = topic_override(r, &t, (enum tier)to, reason, &p) == 0;
    if (done)
        back_to(r, t.id);
    else
        page_refusal(r, &t, &p);
}

void topic_override_post(struct req *r)
{
    tier_post(r, false);
}

void topic_appeal_post(struct req *r)
{
    tier_post(r, true);
}

void appeal_ruling_post(struct req *r)
{
    const char *g = req_param(r, "grant");
    int64_t topic_id = 0;
    struct tier_problem p;
    if (topic_appeal_rule(r, r->id, g && strcmp(g, "1") == 0, req_param(r, "reason"), &topic_id,
                          &p) == 0) {
        back_to(r, topic_id);
        return;
    }
    struct topic t;
    if (topic_id && topic_get(r, topic_id, &t))
        page_refusal(r, &t, &p);
    else
        fail(r, 404, "not_found", M_ERR_NOT_FOUND);
}

void topic_merge_post(struct req *r)
{
    struct topic t;
    if (!topic_of_route(r, &t))
        return;
    const char *into = req_param(r, "into");
    char *end = NULL;
    long long target = into ? strtoll(into, &end, 10) : 0;
    struct tier_problem p;
    if (!into || end == into || *end || target <= 0) {
        p = (struct tier_problem){TIER_E_MERGE_TARGET, HALL_OK};
        page_refusal(r, &t, &p);
    } else if (topic_merge(r, &t, (int64_t)target, req_param(r, "reason"), &p) != 0) {
        page_refusal(r, &t, &p);
    } else {
        back_to(r, t.id);
    }
}

/* ---- the JSON API ---- */

static void api_refusal(struct req *r, const struct tier_problem *p)
{
    fail_text(r, tier_problem_status(p), tier_problem_code(p), tier_problem_text(r, p));
}

static const char *api_text(struct req *r, json_t *body, const char *key)
{
    const char *s = jsonbody_string(body, key);
    return s ? arena_strdup(&r->arena, s) : NULL;
}

static json_t *tier_json(struct req *r, const struct topic *t)
{
    return json_pack("{s:I,s:s,s:s,s:I,s:s,s:s,s:s}", "id", (json_int_t)t->id, "tier",
                     topic_tier_api(t->tier), "routed_tier", topic_tier_api(t->routed),
                     "hall_node_id", (json_int_t)t->hall_node_id, "tier_change",
                     tier_change_key(t->change), "status", topic_status_key(t->status),
                     "explanation", topic_explanation(r, t));
}

static void api_tier_or_appeal(struct req *r, bool appeal)
{
    struct topic t;
    if (!topic_of_route(r, &t))
        return;
    json_t *body = request_json(r);
    if (!body)
        return;
    int to = tier_from_text(api_text(r, body, "tier"));
    const char *reason = api_text(r, body, "reason");
    json_decref(body);
    struct tier_problem p;
    if (to < 0) {
        fail(r, 422, "E_INPUT", M_TIER_E_BAD_TIER);
        return;
    }
    if (!appeal) {
        if (topic_override(r, &t, (enum tier)to, reason, &p) != 0)
            api_refusal(r, &p);
        else
            reply_json(r, tier_json(r, &t));
        return;
    }
    int64_t id = topic_appeal(r, &t, (enum tier)to, reason, &p);
    if (!id) {
        api_refusal(r, &p);
        return;
    }
    r->status = 201;
    reply_json(r, json_pack("{s:I,s:I,s:s,s:s}", "id", (json_int_t)id, "topic_id", (json_int_t)t.id,
                            "tier", topic_tier_api((enum tier)to), "status", "open"));
}

void topic_override_api(struct req *r)
{
    api_tier_or_appeal(r, false);
}

void topic_appeals_create_api(struct req *r)
{
    api_tier_or_appeal(r, true);
}

void topic_appeals_api(struct req *r)
{
    struct topic t;
    if (!topic_of_route(r, &t))
        return;
    json_t *list = json_array();
    struct db_stmt *st = db_prepare(
        r->db, "SELECT a.id, a.person_id, p.name, a.to_tier, a.reason, a.status, a.ruling,"
               " a.created_at FROM topic_appeal a JOIN person p ON p.id = a.person_id"
               " WHERE a.topic_id = ? ORDER BY a.id");
    db_bind(st, "i", t.id);
    while (db_step(st) == DB_ROW) {
        int to = tier_parse(db_column_text(st, 3));
        json_array_append_new(
            list, json_pack("{s:I,s:{s:I,s:s},s:s,s:s,s:s,s:s,s:I}", "id",
                            (json_int_t)db_column_int(st, 0), "person", "id",
                            (json_int_t)db_column_int(st, 1), "name", db_column_text(st, 2), "tier",
                            to < 0 ? "?" : topic_tier_api((enum tier)to), "reason",
                            db_column_text(st, 4), "status", db_column_text(st, 5), "ruling",
                            db_column_text(st, 6), "created_at", (json_int_t)db_column_int(st, 7)));
    }
    db_done(st);
    json_t *o = tier_json(r, &t);
    json_object_set_new(o, "appeals", list);
    reply_json(r, o);
}

void appeal_ruling_api(struct req *r)
{
    json_t *body = request_json(r);
    if (!body)
        return;
    json_t *g = json_object_get(body, "grant");
    bool grant = json_is_true(g);
    const char *reason = api_text(r, body, "reason");
    bool bad = !json_is_boolean(g);
    json_decref(body);
    if (bad) {
        fail_text(r, 422, "E_INPUT", "grant: true or false");
        return;
    }
    int64_t topic_id = 0;
    struct tier_problem p;
    if (topic_appeal_rule(r, r->id, grant, reason, &topic_id, &p) != 0) {
        if (!topic_id)
            fail(r, 404, "not_found", M_ERR_NOT_FOUND);
        else
            api_refusal(r, &p);
        return;
    }
    struct topic t;
    if (!topic_get(r, topic_id, &t)) {
        fail(r, 404, "not_found", M_ERR_NOT_FOUND);
        return;
    }
    json_t *o = tier_json(r, &t);
    json_object_set_new(
        o, "appeal",
        json_pack("{s:I,s:s}", "id", (json_int_t)r->id, "status", grant ? "granted" : "refused"));
    reply_json(r, o);
}

void topic_merge_api(struct req *r)
{
    struct topic t;
    if (!topic_of_route(r, &t))
        return;
    json_t *body = request_json(r);
    if (!body)
        return;
    json_t *into = json_object_get(body, "into");
    int64_t target = json_is_integer(into) ? json_integer_value(into) : 0;
    const char *reason = api_text(r, body, "reason");
    json_decref(body);
    struct tier_problem p;
    if (target <= 0) {
        p = (struct tier_problem){TIER_E_MERGE_TARGET, HALL_OK};
        api_refusal(r, &p);
    } else if (topic_merge(r, &t, target, reason, &p) != 0) {
        api_refusal(r, &p);
    } else {
        reply_json(r, json_pack("{s:I,s:s,s:I}", "id", (json_int_t)t.id, "status",
                                topic_status_key(t.status), "merged_into", (json_int_t)target));
    }
}
