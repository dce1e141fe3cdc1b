/* GET/POST /topics/{id}/fund-apply: the hall's proposal (项目申报书) from a topic resolved to be
 * paid by 自治金: name, background and need, goals, beneficiaries, activity plan and schedule,
 * budget lines (APPLY_ROWS rows, amounts as people type them), the residents' own
 * contribution, the team and its leader (by user name or phone number), performance targets.
 * The POST goes through fund_project_create_api: what it refuses is shown above the form with
 * what was typed kept. The API has no field for the team, so the team is written at the head
 * of the plan. Also the topic page's section linking here (fund_topic_section). */
#include <stdlib.h>
#include <string.h>

#include "db/db.h"
#include "fund/api.h"
#include "fund/fund_pages.h"
#include "hall/sections.h"
#include "hall/topic_store.h"
#include "web/html.h"
#include "web/layout.h"
#include "web/respond.h"

#define APPLY_ROWS 6 /* budget-line rows on the form (the API takes up to 20) */

static const char *typed(struct req *r, const char *name)
{
    return fund_pages_typed(r, "apply", name, "");
}

static void area(struct req *r, const char *name, enum msg label, int rows, bool required)
{
    html(&r->out,
         "<label for=\"%s\">%s</label><textarea id=\"%s\" name=\"%s\" rows=\"%d\" "
         "maxlength=\"2000\"%s>%s</textarea>",
         name, T(r, label), name, name, rows, required ? " required" : "", typed(r, name));
}

static void apply_form(struct req *r, const struct topic *t)
{
    struct buf *o = &r->out;
    page_begin(r, T(r, M_FPG_APPLY_TITLE));
    html(o, "<p><a href=\"/topics/%lld\">‹ %s</a></p><p>%s</p>\n", (long long)t->id, t->title,
         T(r, M_FPG_APPLY_HELP));
    fund_pages_notice(r, "apply");
    html(o, "<form method=\"post\" action=\"/topics/%lld/fund-apply\" class=\"stack\">",
         (long long)t->id);
    csrf_field(r);
    html(o, "<label for=\"pool_id\">%s</label><select id=\"pool_id\" name=\"pool_id\">",
         T(r, M_FPG_POOL));
    /* The open pools of the topic's residential area. */
    struct db_stmt *st = db_prepare(
        r->db, "SELECT p.id, p.year, n.name, n.path FROM fund_pool p JOIN node n"
               " ON n.id = p.area_node_id WHERE p.closed_at IS NULL ORDER BY p.year DESC, p.id");
    const char *chosen = typed(r, "pool_id");
    int pools = 0;
    while (db_step(st) == DB_ROW) {
        if (!perm_path_within(t->hall_path, db_column_text(st, 3)))
            continue;
        const char *id = arena_printf(&r->arena, "%lld", (long long)db_column_int(st, 0));
        html(o, "<option value=\"%s\"%s>%s · %lld</option>", id,
             strcmp(id, chosen) == 0 ? " selected" : "", db_column_text(st, 2),
             (long long)db_column_int(st, 1));
        pools++;
    }
    db_done(st);
    html(o, "</select>");
    if (!pools)
        html(o, "<p class=\"notice\">%s</p>", T(r, M_FPG_NO_POOL));
    html(o,
         "<label for=\"name\">%s</label><input id=\"name\" name=\"name\" required "
         "maxlength=\"100\" value=\"%s\">",
         T(r, M_FPG_NAME), typed(r, "name"));
    area(r, "background", M_FPG_BACKGROUND, 3, false);
    area(r, "goals", M_FPG_GOALS, 3, false);
    area(r, "beneficiaries", M_FPG_BENEFICIARIES, 2, false);
    area(r, "plan", M_FPG_PLAN, 4, false);
    html(o, "<fieldset class=\"stack\"><legend>%s</legend><p class=\"muted\">%s</p>",
         T(r, M_FPG_LINES), T(r, M_FPG_AMOUNT_HINT));
    for (int i = 1; i <= APPLY_ROWS; i++) {
        const char *n = arena_printf(&r->arena, "line_name_%d", i);
        const char *a = arena_printf(&r->arena, "line_amount_%d", i);
        html(o,
             "<label for=\"%s\">%s %d</label><input id=\"%s\" name=\"%s\" maxlength=\"100\" "
             "value=\"%s\"><label for=\"%s\">%s %d</label><input id=\"%s\" name=\"%s\" "
             "inputmode=\"decimal\" maxlength=\"64\" value=\"%s\">",
             n, T(r, M_FPG_LINE), i, n, n, typed(r, n), a, T(r, M_FPG_AMOUNT), i, a, a,
             typed(r, a));
    }
    html(o, "</fieldset>");
    html(o,
         "<label for=\"own\">%s</label><input id=\"own\" name=\"own\" inputmode=\"decimal\" "
         "maxlength=\"64\" value=\"%s\">",
         T(r, M_FPG_OWN), typed(r, "own"));
    area(r, "team", M_FPG_TEAM, 2, false);
    html(o,
         "<label for=\"leader\">%s</label><input id=\"leader\" name=\"leader\" required "
         "maxlength=\"40\" value=\"%s\">",
         T(r, M_FPG_LEADER_WHO), typed(r, "leader"));
    area(r, "targets", M_FPG_TARGETS, 3, false);
    html(o, "<button class=\"primary\">%s</button></form>\n", T(r, M_FPG_APPLY_SUBMIT));
    page_end(r);
}

/* The topic of the route for the hall's staff, else false after a 404 or 403 page. */
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

void fund_apply_page(struct req *r)
{
    struct topic t;
    if (hall_topic(r, &t))
        apply_form(r, &t);
}

static const char *param(struct req *r, const char *name)
{
    const char *v = req_param(r, name);
    return v ? v : "";
}

void fund_apply_post(struct req *r)
{
    struct topic t;
    if (!hall_topic(r, &t))
        return;
    const char *who = param(r, "leader");
    int64_t leader =
        who[0] ? db_int(r->db, 0, "SELECT min(id) FROM person WHERE username = ? OR phone = ?",
                        "ss", who, who)
               : 0;
    const char *team = param(r, "team"), *plan = param(r, "plan");
    if (hall_text_present(team))
        plan = arena_printf(&r->arena, "%s：%s\n%s", T(r, M_FPG_TEAM), team, plan);
    json_t *lines = json_array();
    for (int i = 1; i <= APPLY_ROWS; i++) {
        const char *n = param(r, arena_printf(&r->arena, "line_name_%d", i));
        const char *a = param(r, arena_printf(&r->arena, "line_amount_%d", i));
        if (hall_text_present(n) || hall_text_present(a)) /* an empty row is no line */
            json_array_append_new(lines, json_pack("{s:s,s:s}", "name", n, "amount", a));
    }
    const char *pool = param(r, "pool_id");
    json_t *b = json_pack("{s:I,s:I,s:s,s:s,s:s,s:s,s:s,s:s,s:o}", "pool_id",
                          (json_int_t)atoll(pool), "leader_id", (json_int_t)leader, "name",
                          param(r, "name"), "background", param(r, "background"), "goals",
                          param(r, "goals"), "beneficiaries", param(r, "beneficiaries"), "plan",
                          plan, "targets", param(r, "targets"), "lines", lines);
    if (hall_text_present(param(r, "own")))
        json_object_set_new(b, "own_contribution", json_string(param(r, "own")));
    json_t *answer = NULL;
    if (fund_pages_call(r, fund_project_create_api, b, &answer)) {
        json_t *id = json_object_get(answer, "id");
        req_redirect(r,
                     arena_printf(&r->arena, "/fund-projects/%lld",
                                  (long long)(json_is_integer(id) ? json_integer_value(id) : 0)));
        json_decref(answer);
        return;
    }
    int status = r->status;
    fund_pages_refused(r, "apply");
    apply_form(r, &t);
    r->status = status;
}

void fund_topic_section(struct req *r, const struct topic *t)
{
    bool hall = fund_is_hall(r, t->hall_path);
    bool funded = db_int(r->db, 0,
                         "SELECT count(*) FROM resolution WHERE topic_id = ? AND"
                         " superseded_at IS NULL AND funding = 'self_gov_fund'",
                         "i", t->id) > 0;
    struct db_stmt *st = db_prepare(
        r->db, "SELECT id, name, status FROM fund_project WHERE topic_id = ? ORDER BY id");
    db_bind(st, "i", t->id);
    bool open = false;
    while (db_step(st) == DB_ROW) {
        if (!open)
            html(&r->out, "<section id=\"fund\"><h2>%s</h2><ul class=\"cells\">",
                 T(r, M_FPG_PROJECTS));
        open = true;
        int s = fund_status_parse(db_column_text(st, 2));
        html(&r->out, "<li class=\"cell\"><a href=\"/fund-projects/%lld\">%s · %s</a></li>",
             (long long)db_column_int(st, 0), db_column_text(st, 1),
             fund_status_name(s < 0 ? FUND_DRAFT : (enum fund_status)s, (int)r->lang));
    }
    db_done(st);
    if (!open && !(funded && hall))
        return;
    if (!open)
        html(&r->out, "<section id=\"fund\"><h2>%s</h2><ul class=\"cells\">", T(r, M_FPG_PROJECTS));
    html(&r->out, "</ul>");
    if (funded && hall)
        html(&r->out, "<p><a class=\"button primary\" href=\"/topics/%lld/fund-apply\">%s</a></p>",
             (long long)t->id, T(r, M_FPG_APPLY_TITLE));
    html(&r->out, "</section>\n");
}
