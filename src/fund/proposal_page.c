/* The hall's proposal form (项目申报书) from a resolved topic: name, background and need, goals,
 * beneficiaries, activity plan and schedule, up to 8 budget lines typed as people type money
 * ("1,234.50", "¥1234.5"), the residents' own contribution, the team and its leader (by phone
 * number), the performance targets. Shown to the hall's staff; the POST goes through
 * fund_project_create_api, so every refusal is the API's, shown above the form with what was
 * typed kept. */
#include <stdlib.h>
#include <string.h>

#include "db/db.h"
#include "fund/api.h"
#include "fund/fund_page.h"
#include "hall/sections.h"
#include "hall/topic_store.h"
#include "web/html.h"
#include "web/layout.h"
#include "web/respond.h"

#define PROPOSAL_LINES 8 /* budget-line rows on the form (the API takes up to 20) */

static const char *typed(struct req *r, const char *name)
{
    const char *v = r->form_failed ? req_param(r, name) : NULL;
    return v ? v : "";
}

static void text_area(struct req *r, const char *name, enum msg label, enum msg hint)
{
    html(&r->out,
         "<label for=\"%s\">%s</label><span class=\"muted\">%s</span>"
         "<textarea id=\"%s\" name=\"%s\" rows=\"3\" maxlength=\"2000\">%s</textarea>\n",
         name, T(r, label), T(r, hint), name, name, typed(r, name));
}

static void show_form(struct req *r, const struct topic *t)
{
    struct buf *o = &r->out;
    page_begin(r, T(r, M_FWP_PROPOSAL_TITLE));
    html(o, "<p><a href=\"/topics/%lld\">‹ %s</a></p>\n", (long long)t->id, t->title);
    if (r->form_failed)
        html(o, "<div class=\"notice notice-error\" role=\"alert\"><p>%s</p></div>\n",
             r->form_message);
    html(o, "<form method=\"post\" action=\"/topics/%lld/fund-project\" class=\"stack\">\n",
         (long long)t->id);
    csrf_field(r);
    html(o, "<label for=\"pool\">%s</label><select id=\"pool\" name=\"pool_id\" required>",
         T(r, M_FWP_POOL));
    struct db_stmt *st = db_prepare(
        r->db, "SELECT p.id, p.year, n.name, n.path FROM fund_pool p JOIN node n"
               " ON n.id = p.area_node_id WHERE p.closed_at IS NULL ORDER BY p.year DESC, p.id");
    while (db_step(st) == DB_ROW) {
        if (!perm_path_within(t->hall_path, db_column_text(st, 3)))
            continue; /* only the pools of the topic's own area */
        html(o, "<option value=\"%lld\">%lld · %s</option>", (long long)db_column_int(st, 0),
             (long long)db_column_int(st, 1), db_column_text(st, 2));
    }
    db_done(st);
    html(o, "</select>\n");
    html(o,
         "<label for=\"name\">%s</label><input id=\"name\" name=\"name\" required "
         "maxlength=\"100\" value=\"%s\">\n",
         T(r, M_FWP_NAME), r->form_failed ? typed(r, "name") : t->title);
    text_area(r, "background", M_FWP_BACKGROUND, M_FWP_BACKGROUND_HINT);
    text_area(r, "goals", M_FWP_GOALS, M_FWP_GOALS_HINT);
    text_area(r, "beneficiaries", M_FWP_BENEFICIARIES, M_FWP_BENEFICIARIES_HINT);
    text_area(r, "plan", M_FWP_PLAN, M_FWP_PLAN_HINT);
    html(o, "<fieldset><legend>%s</legend><p class=\"muted\">%s</p>\n", T(r, M_FWP_LINES),
         T(r, M_FWP_AMOUNT_HINT));
    for (int i = 1; i <= PROPOSAL_LINES; i++) {
        char *ln = arena_printf(&r->arena, "line_name_%d", i);
        char *la = arena_printf(&r->arena, "line_amount_%d", i);
        html(o,
             "<div class=\"inline\"><label for=\"%s\">%s %d</label> <input id=\"%s\" name=\"%s\" "
             "maxlength=\"100\" value=\"%s\"> <label for=\"%s\">%s</label> <input id=\"%s\" "
             "name=\"%s\" inputmode=\"decimal\" maxlength=\"32\" value=\"%s\"></div>\n",
             ln, T(r, M_FWP_LINE), i, ln, ln, typed(r, ln), la, T(r, M_FWP_AMOUNT), la, la,
             typed(r, la));
    }
    html(o, "</fieldset>\n");
    html(o,
         "<label for=\"own\">%s</label><input id=\"own\" name=\"own_contribution\" "
         "inputmode=\"decimal\" maxlength=\"32\" value=\"%s\">\n",
         T(r, M_FWP_OWN), typed(r, "own_contribution"));
    html(o,
         "<label for=\"leader\">%s</label><input id=\"leader\" name=\"leader_phone\" "
         "inputmode=\"tel\" maxlength=\"20\" required value=\"%s\">\n",
         T(r, M_FWP_LEADER), typed(r, "leader_phone"));
    text_area(r, "team", M_FWP_TEAM, M_FWP_TEAM_HINT);
    text_area(r, "targets", M_FWP_TARGETS, M_FWP_TARGETS_HINT);
    html(o, "<button type=\"submit\" class=\"primary\">%s</button></form>\n", T(r, M_FWP_CREATE));
    page_end(r);
}

/* The topic of the route and whether the reader is its hall's staff; false after answering. */
static bool hall_topic(struct req *r, struct topic *t)
{
    if (!topic_of_route(r, t))
        return false;
    if (!fund_is_hall(r, t->hall_path)) {
        fail(r, 403, "forbidden", M_FUND_E_FORBIDDEN);
        return false;
    }
    return true;
}

void fund_proposal_page(struct req *r)
{
    struct topic t;
    if (hall_topic(r, &t))
        show_form(r, &t);
}

static void set_text(struct req *r, json_t *b, const char *name)
{
    const char *v = req_param(r, name);
    json_object_set_new(b, name, json_string(v ? v : ""));
}

void fund_proposal_post(struct req *r)
{
    struct topic t;
    if (!hall_topic(r, &t))
        return;
    const char *pool = req_param(r, "pool_id"), *phone = req_param(r, "leader_phone");
    int64_t leader =
        phone && *phone ? db_int(r->db, 0, "SELECT min(id) FROM person WHERE phone = ?", "s", phone)
                        : 0;
    json_t *b = json_pack("{s:I,s:I}", "pool_id", (json_int_t)(pool ? atoll(pool) : 0), "leader_id",
                          (json_int_t)leader);
    set_text(r, b, "name");
    set_text(r, b, "background");
    set_text(r, b, "goals");
    set_text(r, b, "beneficiaries");
    set_text(r, b, "targets");
    /* The team is part of the plan as the API stores it: 自治团队 after the activities. */
    const char *plan = req_param(r, "plan"), *team = req_param(r, "team");
    json_object_set_new(b, "plan",
                        json_string(team && *team
                                        ? arena_printf(&r->arena, "%s\n%s%s", plan ? plan : "",
                                                       T(r, M_FWP_TEAM_PREFIX), team)
                                        : (plan ? plan : "")));
    const char *own = req_param(r, "own_contribution");
    if (own && *own)
        json_object_set_new(b, "own_contribution", json_string(own));
    json_t *lines = json_array();
    for (int i = 1; i <= PROPOSAL_LINES; i++) {
        const char *n = req_param(r, arena_printf(&r->arena, "line_name_%d", i));
        const char *a = req_param(r, arena_printf(&r->arena, "line_amount_%d", i));
        if ((n && *n) || (a && *a))
            json_array_append_new(lines,
                                  json_pack("{s:s,s:s}", "name", n ? n : "", "amount", a ? a : ""));
    }
    json_object_set_new(b, "lines", lines);
    json_t *answer = NULL;
    const char *message = NULL;
    if (!leader) {
        r->status = 422;
        r->form_failed = "proposal";
        r->form_message = T(r, M_FUND_E_LEADER);
        json_decref(b);
        show_form(r, &t);
    } else if (fund_page_run(r, fund_project_create_api, b, &answer, &message)) {
        json_int_t id = json_integer_value(json_object_get(answer, "id"));
        json_decref(answer);
        req_redirect(r, arena_printf(&r->arena, "/fund-projects/%lld", (long long)id));
    } else if (r->status >= 500) {
        fail(r, r->status, "internal", M_ERR_INTERNAL);
    } else {
        r->form_failed = "proposal";
        r->form_message = message;
        show_form(r, &t);
    }
}
