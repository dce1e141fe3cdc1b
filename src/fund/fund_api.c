/* JSON API of pools and projects (openapi/fund.json):
 *   GET  /api/v1/nodes/{id}/fund-pools        an area's pools (its residents and staff)
 *   POST /api/v1/nodes/{id}/fund-pools        {year, working, service, project, share_percent?}
 *                                             the subdistrict sets an area's yearly pool
 *   GET  /api/v1/fund-pools/{id}              the pool, what is committed, its projects
 *   POST /api/v1/topics/{id}/fund-projects    the hall turns a resolved topic into a project:
 *        {pool_id, name, leader_id, lines:[{name, amount}], background?, goals?,
 *         beneficiaries?, plan?, targets?, own_contribution?, meeting_id?}
 *   GET  /api/v1/fund-projects/{id}           the project, its lines and status history
 *   POST /api/v1/fund-projects/{id}/transitions {to, reason?, meeting_id?, lines?:[{id, amount}]}
 * Amounts are strings as people type them ("1,234.50", "¥1234.5") or integers of fen in the
 * member with "_fen" appended (see fund_amount_member). Limits: names 1..100 characters, other
 * texts ≤ 2,000, 1..20 budget lines, every amount ≤ ¥100,000,000. */
#include <string.h>
#include <time.h>

#include "db/db.h"
#include "fund/activity.h"
#include "fund/api.h"
#include "hall/feed.h"
#include "hall/sections.h"
#include "hall/topic_store.h"
#include "http/jsonbody.h"
#include "org/guard.h"
#include "org/node.h"
#include "util/utf8.h"
#include "web/respond.h"

#define FUND_NAME_MAX 100  /* characters of a project's or a line's name */
#define FUND_TEXT_MAX 2000 /* characters of each other text */

json_t *fund_body(struct req *r)
{
    if (r->body.len == 0)
        return json_object();
    char err[200];
    json_t *obj = jsonbody_parse(r->body.data, r->body.len, err, sizeof err);
    if (!obj)
        fail_text(r, 400, "bad_json", arena_printf(&r->arena, "%s: %s", T(r, M_ERR_BAD_JSON), err));
    return obj;
}

/* A text member within max characters (min 1 when required); NULL after a 422. "" when absent
 * and optional. */
static const char *text_member(struct req *r, json_t *o, const char *key, size_t max, bool required)
{
    bool bad = false;
    const char *s = jsonbody_text(&r->arena, o, key, &bad);
    if (!s && !bad && !required)
        return "";
    size_t n = s ? utf8_chars(s) : 0;
    if (bad || !s || n > max || (required && !hall_text_present(s))) {
        r->status = 422;
        fail(r, 422, "text_invalid", M_FUND_E_TEXT);
        return NULL;
    }
    return s;
}

static json_t *pool_json(const struct fund_pool *p)
{
    json_t *o = json_pack(
        "{s:I,s:I,s:s,s:I,s:o,s:o,s:o,s:I,s:I,s:o,s:o,s:o,s:b}", "id", (json_int_t)p->id, "area_id",
        (json_int_t)p->area_node_id, "area_name", p->area_name, "year", (json_int_t)p->year,
        "working", fund_money_json(p->amount[FUND_TYPE_WORKING]), "service",
        fund_money_json(p->amount[FUND_TYPE_SERVICE]), "project",
        fund_money_json(p->amount[FUND_TYPE_PROJECT]), "share_num", (json_int_t)p->share_num,
        "share_den", (json_int_t)p->share_den, "committed", fund_money_json(p->committed),
        "uncommitted", fund_money_json(p->amount[FUND_TYPE_PROJECT] - p->committed), "lapsed",
        fund_money_json(p->lapsed), "closed", p->closed_at != 0);
    json_object_set_new(o, "closed_at", p->closed_at ? json_integer(p->closed_at) : json_null());
    /* The year-end lapse per fund type (all zero while the year is open). */
    json_object_set_new(o, "lapsed_by_type",
                        json_pack("{s:o,s:o,s:o}", "working",
                                  fund_money_json(p->lapsed_type[FUND_TYPE_WORKING]), "service",
                                  fund_money_json(p->lapsed_type[FUND_TYPE_SERVICE]), "project",
                                  fund_money_json(p->lapsed_type[FUND_TYPE_PROJECT])));
    return o;
}

void fund_pools_api(struct req *r)
{
    struct node n;
    if (node_get(r->db, &r->arena, r->id, &n) != 0) {
        fail(r, 404, "not_found", M_FUND_E_NOT_FOUND);
        return;
    }
    if (!fund_may_read(r, n.path)) {
        fail(r, 403, "forbidden", M_FUND_E_FORBIDDEN);
        return;
    }
    json_t *items = json_array();
    struct db_stmt *st =
        db_prepare(r->db, "SELECT id FROM fund_pool WHERE area_node_id = ? ORDER BY year DESC");
    db_bind(st, "i", r->id);
    int64_t ids[200];
    int k = 0;
    while (k < 200 && db_step(st) == DB_ROW) /* 200 years of pools: more than enough */
        ids[k++] = db_column_int(st, 0);
    db_done(st);
    for (int i = 0; i < k; i++) {
        struct fund_pool p;
        if (fund_pool_load(r, ids[i], &p))
            json_array_append_new(items, pool_json(&p));
    }
    reply_json(r, json_pack("{s:o}", "items", items));
}

void fund_pool_create_api(struct req *r)
{
    struct node n;
    if (node_get(r->db, &r->arena, r->id, &n) != 0) {
        fail(r, 404, "not_found", M_FUND_E_NOT_FOUND);
        return;
    }
    if (!fund_is_subdistrict(r, n.path)) {
        fail(r, 403, "forbidden", M_FUND_E_FORBIDDEN);
        return;
    }
    if (n.kind != KIND_AREA) {
        fail(r, 422, "not_area", M_FUND_E_NOT_AREA);
        return;
    }
    json_t *b = fund_body(r);
    if (!b)
        return;
    bool bad = false;
    int64_t year = jsonbody_int(b, "year", 0, &bad);
    int64_t share = jsonbody_int(b, "share_percent", 30, &bad);
    int64_t a[FUND_TYPE_COUNT];
    if (bad || year < 2000 || year > 2100) {
        fail(r, 422, "year_invalid", M_FUND_E_YEAR);
    } else if (fund_amount_member(r, b, "working", false, &a[FUND_TYPE_WORKING]) &&
               fund_amount_member(r, b, "service", false, &a[FUND_TYPE_SERVICE]) &&
               fund_amount_member(r, b, "project", false, &a[FUND_TYPE_PROJECT])) {
        enum ledger_err e = ledger_pool_check(a, share, 100);
        if (e != LEDGER_OK) {
            fund_fail_ledger(r, e);
        } else {
            int64_t id = db_int(
                r->db, 0,
                "INSERT INTO fund_pool(area_node_id, year, working_fen, service_fen, project_fen,"
                " share_num, share_den, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, 100, ?,"
                " ?) ON CONFLICT (area_node_id, year) DO NOTHING RETURNING id",
                "iiiiiiii", n.id, year, a[0], a[1], a[2], share, r->person_id, (int64_t)time(NULL));
            struct fund_pool p;
            if (!id) {
                fail(r, 409, "pool_exists", M_FUND_E_EXISTS);
            } else if (fund_pool_load(r, id, &p)) {
                r->status = 201;
                reply_json(r, pool_json(&p));
            }
        }
    }
    json_decref(b);
}

void fund_pool_api(struct req *r)
{
    struct fund_pool p;
    if (!fund_pool_load(r, r->id, &p)) {
        fail(r, 404, "not_found", M_FUND_E_NOT_FOUND);
        return;
    }
    if (!fund_may_read(r, p.area_path)) {
        fail(r, 403, "forbidden", M_FUND_E_FORBIDDEN);
        return;
    }
    json_t *o = pool_json(&p), *projects = json_array();
    struct db_stmt *st = db_prepare(
        r->db, "SELECT f.id, f.name, f.status, f.topic_id, f.total_fen, f.approved_fen,"
               " (SELECT sum(spent_fen) FROM fund_budget_line l WHERE l.project_id = f.id)"
               " FROM fund_project f WHERE f.pool_id = ? ORDER BY f.id");
    db_bind(st, "i", p.id);
    while (db_step(st) == DB_ROW) {
        int s = fund_status_parse(db_column_text(st, 2));
        int64_t approved = db_column_int(st, 5), spent = db_column_int(st, 6);
        char rate[16];
        money_rate_format(spent, approved, rate, sizeof rate);
        json_array_append_new(
            projects,
            json_pack("{s:I,s:s,s:s,s:s,s:I,s:o,s:o,s:o,s:s}", "id",
                      (json_int_t)db_column_int(st, 0), "name", db_column_text(st, 1), "status",
                      db_column_text(st, 2), "status_name", fund_status_name(s, (int)r->lang),
                      "topic_id", (json_int_t)db_column_int(st, 3), "total",
                      fund_money_json(db_column_int(st, 4)), "approved", fund_money_json(approved),
                      "spent", fund_money_json(spent), "rate", rate));
    }
    db_done(st);
    json_object_set_new(o, "projects", projects);
    reply_json(r, o);
}

json_t *fund_project_json(struct req *r, const struct fund_project *p)
{
    int lang = (int)r->lang;
    int n;
    struct fund_line *lines = fund_lines_load(r, p->id, &n);
    json_t *ls = json_array(), *events = json_array();
    int64_t spent = 0;
    for (int i = 0; i < n; i++) {
        const struct fund_line *l = &lines[i];
        int64_t avail = fund_line_available(l);
        char rate[16];
        money_rate_format(l->spent, avail, rate, sizeof rate);
        spent += l->spent;
        json_array_append_new(
            ls, json_pack("{s:I,s:I,s:s,s:o,s:o,s:o,s:o,s:o,s:o,s:o,s:s}", "id", (json_int_t)l->id,
                          "pos", (json_int_t)l->pos, "name", l->name, "asked",
                          fund_money_json(l->asked), "approved", fund_money_json(l->approved),
                          "moved_in", fund_money_json(l->moved_in), "moved_out",
                          fund_money_json(l->moved_out), "spent", fund_money_json(l->spent),
                          "lapsed", fund_money_json(l->lapsed), "open",
                          fund_money_json(avail - l->spent - l->lapsed), "rate", rate));
    }
    struct db_stmt *st =
        db_prepare(r->db, "SELECT e.id, e.from_status, e.to_status, e.actor_id, p.name, e.reason,"
                          " e.meeting_id, e.at FROM fund_event e JOIN person p ON p.id = e.actor_id"
                          " WHERE e.project_id = ? ORDER BY e.id");
    db_bind(st, "i", p->id);
    while (db_step(st) == DB_ROW) {
        json_t *e =
            json_pack("{s:I,s:s,s:s,s:{s:I,s:s},s:s,s:I}", "id", (json_int_t)db_column_int(st, 0),
                      "from", db_column_text(st, 1), "to", db_column_text(st, 2), "by", "id",
                      (json_int_t)db_column_int(st, 3), "name", db_column_text(st, 4), "reason",
                      db_column_text(st, 5), "at", (json_int_t)db_column_int(st, 7));
        json_object_set_new(e, "meeting_id",
                            db_column_null(st, 6) ? json_null()
                                                  : json_integer(db_column_int(st, 6)));
        json_array_append_new(events, e);
    }
    db_done(st);
    char rate[16];
    money_rate_format(spent, p->approved, rate, sizeof rate);
    json_t *o = json_pack(
        "{s:I,s:I,s:I,s:I,s:s,s:s,s:{s:I,s:s},s:s,s:s,s:s,s:s,s:s,s:o,s:o,s:o,s:o,s:s,s:I,"
        "s:o,s:o}",
        "id", (json_int_t)p->id, "pool_id", (json_int_t)p->pool_id, "hall_id",
        (json_int_t)p->hall_node_id, "topic_id", (json_int_t)p->topic_id, "status",
        fund_status_key(p->status), "status_name", fund_status_name(p->status, lang), "leader",
        "id", (json_int_t)p->leader_id, "name", p->leader_name, "name", p->name, "background",
        p->background, "goals", p->goals, "beneficiaries", p->beneficiaries, "plan", p->plan,
        "own_contribution", fund_money_json(p->own), "total", fund_money_json(p->total), "approved",
        fund_money_json(p->approved), "spent", fund_money_json(spent), "rate", rate, "created_at",
        (json_int_t)p->created_at, "lines", ls, "events", events);
    json_object_set_new(o, "targets", json_string(p->targets));
    json_object_set_new(o, "resolution_id",
                        p->resolution_id ? json_integer(p->resolution_id) : json_null());
    json_object_set_new(o, "meeting_id", p->meeting_id ? json_integer(p->meeting_id) : json_null());
    return o;
}

/* Records a status change and tells the hall's feed. */
static bool record_event(struct req *r, const struct fund_project *p, const char *from,
                         enum fund_status to, const char *reason, int64_t meeting_id)
{
    if (db_exec(r->db,
                "INSERT INTO fund_event(project_id, from_status, to_status, actor_id, reason,"
                " meeting_id, at) VALUES (?, ?, ?, ?, ?, nullif(?, 0), ?)",
                "issisii", p->id, from, fund_status_key(to), r->person_id, reason ? reason : "",
                meeting_id, (int64_t)time(NULL)) != DB_DONE)
        return false;
    const char *summary = arena_printf(&r->arena, "%s「%s」：%s", T(r, M_FUND_FEED), p->name,
                                       fund_status_name(to, HALL_LANG_ZH));
    return feed_add(r, p->hall_node_id, p->topic_id, FEED_PROGRESS, 0, true, summary) != 0;
}

/* The lines of a new project: 1..LEDGER_LINES_MAX, each a name and a positive amount. */
static int lines_member(struct req *r, json_t *b, const char **names, int64_t *amounts,
                        int64_t *total)
{
    json_t *ls = json_object_get(b, "lines");
    size_t n = json_is_array(ls) ? json_array_size(ls) : 0;
    if (n < 1 || n > LEDGER_LINES_MAX) {
        fail(r, 422, "lines_invalid", M_FUND_E_LINES);
        return -1;
    }
    *total = 0;
    for (size_t i = 0; i < n; i++) {
        json_t *l = json_array_get(ls, i);
        if (!json_is_object(l)) {
            fail(r, 422, "lines_invalid", M_FUND_E_LINES);
            return -1;
        }
        if (!(names[i] = text_member(r, l, "name", FUND_NAME_MAX, true)) ||
            !fund_amount_member(r, l, "amount", true, &amounts[i]))
            return -1;
        *total += amounts[i];
    }
    if (*total > MONEY_MAX_FEN) {
        fund_fail_amount(r, MONEY_TOO_LARGE);
        return -1;
    }
    return (int)n;
}

void fund_project_create_api(struct req *r)
{
    struct topic t;
    if (!topic_of_route(r, &t))
        return;
    if (!fund_is_hall(r, t.hall_path)) {
        fail(r, 403, "forbidden", M_FUND_E_FORBIDDEN);
        return;
    }
    /* The topic's standing resolution, which must have chosen the fund to pay for it. */
    int64_t resolution = db_int(r->db, 0,
                                "SELECT max(id) FROM resolution WHERE topic_id = ? AND"
                                " superseded_at IS NULL",
                                "i", t.id);
    if (!resolution) {
        fail(r, 409, "no_resolution", M_FUND_E_NO_RESOLUTION);
        return;
    }
    if (!db_int(r->db, 0, "SELECT id FROM resolution WHERE id = ? AND funding = 'self_gov_fund'",
                "i", resolution)) {
        fail(r, 409, "not_fund_resolution", M_FUND_E_NOT_FUND);
        return;
    }
    json_t *b = fund_body(r);
    if (!b)
        return;
    bool bad = false;
    int64_t pool_id = jsonbody_int(b, "pool_id", 0, &bad);
    int64_t leader = jsonbody_int(b, "leader_id", 0, &bad);
    int64_t meeting = jsonbody_int(b, "meeting_id", 0, &bad);
    struct fund_pool pool;
    const char *name, *bg, *goals, *benef, *plan, *targets;
    const char *lnames[LEDGER_LINES_MAX];
    int64_t amounts[LEDGER_LINES_MAX], total = 0, own = 0;
    int n;
    if (bad || !pool_id || !fund_pool_load(r, pool_id, &pool)) {
        fail(r, 422, "pool_invalid", M_FUND_E_NOT_FOUND);
    } else if (!perm_path_within(t.hall_path, pool.area_path)) {
        fail(r, 422, "pool_area", M_FUND_E_POOL_AREA);
    } else if (pool.closed_at) {
        fund_fail_ledger(r, LEDGER_E_CLOSED);
    } else if (leader <= 0 ||
               !db_int(r->db, 0, "SELECT id FROM person WHERE id = ?", "i", leader)) {
        fail(r, 422, "leader_invalid", M_FUND_E_LEADER);
    } else if (meeting && !db_int(r->db, 0, "SELECT id FROM meeting WHERE id = ?", "i", meeting)) {
        fail(r, 422, "meeting_invalid", M_FUND_E_NOT_FOUND);
    } else if ((name = text_member(r, b, "name", FUND_NAME_MAX, true)) &&
               (bg = text_member(r, b, "background", FUND_TEXT_MAX, false)) &&
               (goals = text_member(r, b, "goals", FUND_TEXT_MAX, false)) &&
               (benef = text_member(r, b, "beneficiaries", FUND_TEXT_MAX, false)) &&
               (plan = text_member(r, b, "plan", FUND_TEXT_MAX, false)) &&
               (targets = text_member(r, b, "targets", FUND_TEXT_MAX, false)) &&
               (!json_object_get(b, "own_contribution") &&
                        !json_object_get(b, "own_contribution_fen")
                    ? true
                    : fund_amount_member(r, b, "own_contribution", false, &own)) &&
               (n = lines_member(r, b, lnames, amounts, &total)) > 0) {
        int64_t now = (int64_t)time(NULL);
        int64_t id = db_int(
            r->db, 0,
            "INSERT INTO fund_project(pool_id, hall_node_id, topic_id, resolution_id, meeting_id,"
            " leader_id, name, background, goals, beneficiaries, plan, targets, own_fen,"
            " total_fen, created_by, created_at) VALUES (?, ?, ?, ?, nullif(?, 0), ?, ?, ?, ?,"
            " ?, ?, ?, ?, ?, ?, ?) RETURNING id",
            "iiiiiissssssiiii", pool.id, t.hall_node_id, t.id, resolution, meeting, leader, name,
            bg, goals, benef, plan, targets, own, total, r->person_id, now);
        bool ok = id != 0;
        for (int i = 0; ok && i < n; i++)
            ok = db_exec(r->db,
                         "INSERT INTO fund_budget_line(project_id, pos, name, asked_fen)"
                         " VALUES (?, ?, ?, ?)",
                         "iisi", id, (int64_t)i + 1, lnames[i], amounts[i]) == DB_DONE;
        struct fund_project p;
        if (ok && fund_project_load(r, id, &p) &&
            record_event(r, &p, "", FUND_DRAFT, NULL, meeting)) {
            r->status = 201;
            reply_json(r, fund_project_json(r, &p));
        } else {
            fail(r, 500, "internal", M_ERR_INTERNAL);
        }
    }
    json_decref(b);
}

void fund_project_api(struct req *r)
{
    struct fund_project p;
    if (!fund_project_readable(r, &p))
        return;
    reply_json(r, fund_project_json(r, &p));
}

/* The approval of a submitted project: the amounts per line (default: as asked), checked
 * against what was asked and what the pool has left; writes one approve entry per line. */
static bool approve(struct req *r, const struct fund_project *p, json_t *b)
{
    int n;
    struct fund_line *lines = fund_lines_load(r, p->id, &n);
    int64_t amounts[LEDGER_LINES_MAX], total = 0;
    for (int i = 0; i < n; i++)
        amounts[i] = lines[i].asked;
    json_t *given = json_object_get(b, "lines");
    for (size_t k = 0; json_is_array(given) && k < json_array_size(given); k++) {
        json_t *g = json_array_get(given, k);
        bool bad = false;
        int64_t id = json_is_object(g) ? jsonbody_int(g, "id", 0, &bad) : 0;
        int i = 0;
        while (i < n && lines[i].id != id)
            i++;
        if (i == n || bad) {
            fail(r, 422, "line_invalid", M_FUND_E_NOT_FOUND);
            return false;
        }
        if (!fund_amount_member(r, g, "amount", false, &amounts[i]))
            return false;
    }
    for (int i = 0; i < n; i++) {
        if (amounts[i] > lines[i].asked) {
            fund_fail_ledger(r, LEDGER_E_OVER_ASKED);
            return false;
        }
        total += amounts[i];
    }
    struct fund_pool pool;
    if (!fund_pool_load(r, p->pool_id, &pool))
        return false;
    enum ledger_err e =
        pool.closed_at ? LEDGER_E_CLOSED
                       : ledger_commit_check(pool.amount[FUND_TYPE_PROJECT], pool.committed, total);
    if (e != LEDGER_OK) {
        fund_fail_ledger(r, e);
        return false;
    }
    int64_t now = (int64_t)time(NULL);
    for (int i = 0; i < n; i++) {
        if (db_exec(r->db, "UPDATE fund_budget_line SET approved_fen = ? WHERE id = ?", "ii",
                    amounts[i], lines[i].id) != DB_DONE ||
            (amounts[i] > 0 &&
             db_exec(r->db,
                     "INSERT INTO fund_entry(pool_id, project_id, line_id, kind, amount_fen,"
                     " created_by, created_at) VALUES (?, ?, ?, 'approve', ?, ?, ?)",
                     "iiiiii", p->pool_id, p->id, lines[i].id, amounts[i], r->person_id,
                     now) != DB_DONE))
            return false;
    }
    return db_exec(r->db, "UPDATE fund_project SET approved_fen = ? WHERE id = ?", "ii", total,
                   p->id) == DB_DONE &&
           db_exec(r->db, "UPDATE fund_pool SET committed_fen = committed_fen + ? WHERE id = ?",
                   "ii", total, p->pool_id) == DB_DONE;
}

/* The answer for a reader holding roles[] (one flag per actor): OK when one of their roles may
 * take the step; else the refusal of the role that came closest (a missing reason), else
 * FUND_STEP_ROLE, or FUND_STEP_NO_SUCH_STEP when nobody could. */
static enum fund_step_err step_err(enum fund_status from, int to, const bool *roles,
                                   const char *reason)
{
    enum fund_step_err e = FUND_STEP_ROLE;
    for (int a = 0; a < FUND_ACTOR_COUNT && e != FUND_STEP_OK; a++) {
        enum fund_step_err x = fund_step_check(from, to, a, hall_text_present(reason));
        if (x == FUND_STEP_NO_SUCH_STEP || (roles[a] && x != FUND_STEP_ROLE))
            e = x;
    }
    return e;
}

void fund_transition_api(struct req *r)
{
    struct fund_project p;
    if (!fund_project_load(r, r->id, &p)) {
        fail(r, 404, "not_found", M_FUND_E_NOT_FOUND);
        return;
    }
    json_t *b = fund_body(r);
    if (!b)
        return;
    const char *to_key = jsonbody_string(b, "to");
    const char *reason = jsonbody_string(b, "reason");
    bool bad = false;
    int64_t meeting = jsonbody_int(b, "meeting_id", 0, &bad);
    int to = to_key ? fund_status_parse(to_key) : -1;
    /* Who the reader is here, strongest answer first. */
    bool roles[FUND_ACTOR_COUNT] = {
        [FUND_ACTOR_HALL] = fund_is_hall(r, p.hall_path),
        [FUND_ACTOR_SUBDISTRICT] = fund_is_subdistrict(r, p.area_path),
        [FUND_ACTOR_LEADER] = r->person_id == p.leader_id,
        [FUND_ACTOR_WORKER] = fund_is_worker(r, p.area_path),
    };
    enum fund_step_err e =
        to < 0 || bad ? FUND_STEP_NO_SUCH_STEP : step_err(p.status, to, roles, reason);
    if (e == FUND_STEP_NO_SUCH_STEP) {
        fail(r, to < 0 ? 422 : 409, fund_step_err_code(e), M_FUND_E_STATUS);
    } else if (e == FUND_STEP_OK && to == FUND_EVALUATED) {
        /* The step is the hall's, but it is taken by publishing the evaluation (eval_api.c),
         * which stores the grade with it; here it would leave an evaluated project without. */
        fail(r, 409, "evaluation_required", M_FEV_E_PUBLISH_ONLY);
    } else if (e == FUND_STEP_ROLE) {
        fail(r, 403, "forbidden", M_FUND_E_FORBIDDEN);
    } else if (e == FUND_STEP_REASON) {
        fail(r, 422, fund_step_err_code(e), M_FUND_E_REASON);
    } else if (meeting && !db_int(r->db, 0, "SELECT id FROM meeting WHERE id = ?", "i", meeting)) {
        fail(r, 422, "meeting_invalid", M_FUND_E_NOT_FOUND);
    } else if (!fund_lock(r, p.pool_id, p.id) || !fund_project_load(r, p.id, &p) ||
               step_err(p.status, to, roles, reason) != FUND_STEP_OK) {
        fail(r, 409, "step_not_allowed", M_FUND_E_STATUS); /* changed meanwhile */
    } else if (to == FUND_SUBMITTED && !fund_window_check(r, p.pool_id)) {
        /* answered: 409 window_closed (fund/activity.h) */
    } else if (to == FUND_APPROVED && !approve(r, &p, b)) {
        if (r->status < 400)
            fail(r, 500, "internal", M_ERR_INTERNAL);
    } else {
        const char *from = fund_status_key(p.status);
        if (db_exec(r->db, "UPDATE fund_project SET status = ? WHERE id = ? AND status = ?", "sis",
                    fund_status_key(to), p.id, from) != DB_DONE ||
            !record_event(r, &p, from, to, reason, meeting) || !fund_project_load(r, p.id, &p))
            fail(r, 500, "internal", M_ERR_INTERNAL);
        else
            reply_json(r, fund_project_json(r, &p));
    }
    json_decref(b);
}
