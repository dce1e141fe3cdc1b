/* GET/POST /nodes/{id}/fund: a residential area's pools, one per year, with the amounts by fund
 * type and what is committed, spent and remaining of the project part, and its projects; for
 * the subdistrict the form to set a pool. GET/POST /fund-pools/{id}/lapse: the year-end lapse
 * after a confirmation page that shows what will lapse. Reading and writing are the API's
 * rules: fund_may_read, and the POSTs go through fund_pool_create_api and fund_lapse_api. */
#include <stdlib.h>
#include <string.h>

#include "db/db.h"
#include "fund/activity.h"
#include "fund/api.h"
#include "fund/fund_pages.h"
#include "org/node.h"
#include "web/html.h"
#include "web/layout.h"
#include "web/respond.h"

static const char *yuan(struct req *r, int64_t fen)
{
    char s[48];
    money_format(fen, s, sizeof s);
    return arena_strdup(&r->arena, s);
}

/* Spent on the pool's lines, net of reversals. */
static int64_t pool_spent(struct req *r, int64_t pool)
{
    return db_int(r->db, 0,
                  "SELECT coalesce(sum(l.spent_fen), 0) FROM fund_budget_line l JOIN fund_project f"
                  " ON f.id = l.project_id WHERE f.pool_id = ?",
                  "i", pool);
}

static void pool_card(struct req *r, const struct fund_pool *p, bool officer)
{
    struct buf *o = &r->out;
    int64_t spent = pool_spent(r, p->id);
    int64_t project = p->amount[FUND_TYPE_PROJECT];
    html(o, "<section id=\"pool-%lld\"><h2>%lld %s%s</h2><ul class=\"cells\">", (long long)p->id,
         (long long)p->year, T(r, M_FPG_YEAR_POOL), p->closed_at ? T(r, M_FPG_CLOSED) : "");
    const struct {
        enum msg label;
        int64_t fen;
    } rows[] = {
        {M_FPG_WORKING, p->amount[FUND_TYPE_WORKING]},
        {M_FPG_SERVICE, p->amount[FUND_TYPE_SERVICE]},
        {M_FPG_PROJECT, project},
        {M_FPG_COMMITTED, p->committed},
        {M_FPG_SPENT, spent},
        {M_FPG_UNCOMMITTED, project - p->committed},
        {M_FPG_REMAINING, project - spent - p->lapsed},
        {M_FPG_LAPSED, p->lapsed},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++)
        html(o, "<li class=\"cell\">%s：<strong>%s</strong></li>", T(r, rows[i].label),
             yuan(r, rows[i].fen));
    if (p->closed_at) /* every fund type closes at year end, each with its own entry */
        html(o,
             "<li class=\"cell "
             "lapsed-types\">%s：<strong>%s</strong><br>%s：<strong>%s</strong></li>",
             T(r, M_FPG_LAPSED_WORKING), yuan(r, p->lapsed_type[FUND_TYPE_WORKING]),
             T(r, M_FPG_LAPSED_SERVICE), yuan(r, p->lapsed_type[FUND_TYPE_SERVICE]));
    html(o, "<li class=\"cell muted\">%s %lld%%</li></ul>", T(r, M_FPG_SHARE),
         (long long)(p->share_den ? p->share_num * 100 / p->share_den : 0));
    fund_window_section(r, p->id, officer && !p->closed_at); /* fund/activity.h */
    struct db_stmt *st = db_prepare(
        r->db,
        "SELECT id, name, status, approved_fen FROM fund_project WHERE pool_id = ? ORDER BY id");
    db_bind(st, "i", p->id);
    html(o, "<h3>%s</h3><ul class=\"cells\">", T(r, M_FPG_PROJECTS));
    int k = 0;
    while (db_step(st) == DB_ROW) {
        int s = fund_status_parse(db_column_text(st, 2));
        html(o, "<li class=\"cell\"><a href=\"/fund-projects/%lld\">%s · %s · %s</a></li>",
             (long long)db_column_int(st, 0), db_column_text(st, 1),
             fund_status_name(s < 0 ? FUND_DRAFT : (enum fund_status)s, (int)r->lang),
             yuan(r, db_column_int(st, 3)));
        k++;
    }
    db_done(st);
    if (!k)
        html(o, "<li class=\"cell muted\">%s</li>", T(r, M_FPG_NO_PROJECTS));
    html(o, "</ul>");
    if (officer && !p->closed_at)
        html(o, "<p><a class=\"button\" href=\"/fund-pools/%lld/lapse\">%s</a></p>",
             (long long)p->id, T(r, M_FPG_LAPSE));
    html(o, "</section>\n");
}

static void money_input(struct req *r, const char *name, enum msg label)
{
    html(&r->out,
         "<label for=\"%s\">%s</label><input id=\"%s\" name=\"%s\" inputmode=\"decimal\" "
         "maxlength=\"64\" required value=\"%s\">",
         name, T(r, label), name, name, fund_pages_typed(r, "pool", name, ""));
}

static void pool_view(struct req *r, const struct node *n)
{
    struct buf *o = &r->out;
    bool officer = fund_is_subdistrict(r, n->path);
    page_begin(r, arena_printf(&r->arena, "%s · %s", n->name, T(r, M_FPG_POOLS)));
    /* What residents read every quarter: the disclosure (report_page.c). */
    html(&r->out, "<p><a href=\"/areas/%lld/fund\">%s</a></p>\n", (long long)n->id,
         T(r, M_FPG_DISCLOSURE));
    html(o, "<p><a href=\"/nodes/%lld\">‹ %s</a></p>\n", (long long)n->id, n->name);
    struct db_stmt *st =
        db_prepare(r->db, "SELECT id FROM fund_pool WHERE area_node_id = ? ORDER BY year DESC");
    db_bind(st, "i", n->id);
    int64_t ids[200]; /* 200 years of pools: more than enough */
    int k = 0;
    while (k < 200 && db_step(st) == DB_ROW)
        ids[k++] = db_column_int(st, 0);
    db_done(st);
    if (!k)
        html(o, "<p class=\"muted\">%s</p>", T(r, M_FPG_NO_POOL));
    for (int i = 0; i < k; i++) {
        struct fund_pool p;
        if (fund_pool_load(r, ids[i], &p))
            pool_card(r, &p, officer);
    }
    if (officer) {
        html(o, "<section id=\"set-pool\"><h2>%s</h2>", T(r, M_FPG_SET_POOL));
        fund_pages_notice(r, "pool");
        html(o, "<form method=\"post\" action=\"/nodes/%lld/fund\" class=\"stack\">",
             (long long)n->id);
        csrf_field(r);
        html(o,
             "<label for=\"year\">%s</label><input id=\"year\" name=\"year\" inputmode=\"numeric\" "
             "maxlength=\"4\" required value=\"%s\"><p class=\"muted\">%s</p>",
             T(r, M_FPG_YEAR), fund_pages_typed(r, "pool", "year", ""), T(r, M_FPG_AMOUNT_HINT));
        money_input(r, "working", M_FPG_WORKING);
        money_input(r, "service", M_FPG_SERVICE);
        money_input(r, "project", M_FPG_PROJECT);
        html(o,
             "<label for=\"share\">%s</label><input id=\"share\" name=\"share_percent\" "
             "inputmode=\"numeric\" maxlength=\"3\" value=\"%s\">",
             T(r, M_FPG_SHARE), fund_pages_typed(r, "pool", "share_percent", "30"));
        html(o, "<button class=\"primary\">%s</button></form></section>\n", T(r, M_FPG_SET_POOL));
    }
    page_end(r);
}

/* The node of the route when the reader may read its fund, else false after the page. */
static bool area_of_route(struct req *r, struct node *n)
{
    if (node_get(r->db, &r->arena, r->id, n) != 0) {
        fail(r, 404, "not_found", M_FUND_E_NOT_FOUND);
        return false;
    }
    if (!fund_may_read(r, n->path)) {
        fail(r, 403, "forbidden", M_FUND_E_FORBIDDEN);
        return false;
    }
    return true;
}

void fund_pool_page(struct req *r)
{
    struct node n;
    if (area_of_route(r, &n))
        pool_view(r, &n);
}

/* A whole number typed in a form as JSON: an integer, or the text (refused by the API). */
static json_t *number(struct req *r, const char *name, long long dflt)
{
    const char *s = req_param(r, name);
    if (!s || !*s)
        return json_integer(dflt);
    char *end;
    long long v = strtoll(s, &end, 10);
    return *end ? json_string(s) : json_integer(v);
}

static const char *param(struct req *r, const char *name)
{
    const char *v = req_param(r, name);
    return v ? v : "";
}

void fund_pool_post(struct req *r)
{
    struct node n;
    if (node_get(r->db, &r->arena, r->id, &n) != 0) {
        fail(r, 404, "not_found", M_FUND_E_NOT_FOUND);
        return;
    }
    json_t *b = json_pack("{s:o,s:s,s:s,s:s,s:o}", "year", number(r, "year", 0), "working",
                          param(r, "working"), "service", param(r, "service"), "project",
                          param(r, "project"), "share_percent", number(r, "share_percent", 30));
    if (fund_pages_call(r, fund_pool_create_api, b, NULL)) {
        req_redirect(r, arena_printf(&r->arena, "/nodes/%lld/fund", (long long)n.id));
        return;
    }
    int status = r->status;
    if (status == 403 || !fund_may_read(r, n.path)) {
        fail_text(r, status, "refused", r->form_message);
        return;
    }
    fund_pages_refused(r, "pool");
    pool_view(r, &n);
    r->status = status;
}

static void lapse_view(struct req *r, const struct fund_pool *p)
{
    struct buf *o = &r->out;
    page_begin(r, T(r, M_FPG_LAPSE));
    html(o, "<p><a href=\"/nodes/%lld/fund\">‹ %s</a></p>\n", (long long)p->area_node_id,
         p->area_name);
    fund_pages_notice(r, "lapse");
    int64_t open = db_int(
        r->db, 0,
        "SELECT coalesce(sum(l.approved_fen + l.moved_in_fen - l.moved_out_fen - l.spent_fen"
        " - l.lapsed_fen), 0) FROM fund_budget_line l JOIN fund_project f ON f.id = l.project_id"
        " WHERE f.pool_id = ? AND f.status IN ('approved','in_progress','finished','evaluated')",
        "i", p->id);
    html(o, "<p>%s</p><ul class=\"cells\">", T(r, M_FPG_LAPSE_HELP));
    html(o, "<li class=\"cell\">%lld %s</li>", (long long)p->year, p->area_name);
    html(o, "<li class=\"cell\">%s：<strong>%s</strong></li>", T(r, M_FPG_LAPSE_LINES),
         yuan(r, open));
    html(o, "<li class=\"cell\">%s：<strong>%s</strong></li>", T(r, M_FPG_UNCOMMITTED),
         yuan(r, p->amount[FUND_TYPE_PROJECT] - p->committed));
    /* The working and service parts lapse whole, each by its own entry (docs/fund.md). */
    html(o, "<li class=\"cell\">%s：<strong>%s</strong></li>", T(r, M_FPG_LAPSED_WORKING),
         yuan(r, p->amount[FUND_TYPE_WORKING]));
    html(o, "<li class=\"cell\">%s：<strong>%s</strong></li></ul>", T(r, M_FPG_LAPSED_SERVICE),
         yuan(r, p->amount[FUND_TYPE_SERVICE]));
    html(o, "<form method=\"post\" action=\"/fund-pools/%lld/lapse\" class=\"stack\">",
         (long long)p->id);
    csrf_field(r);
    html(o,
         "<label class=\"check\"><input type=\"checkbox\" name=\"confirm\" value=\"yes\" "
         "required> %s</label><button class=\"primary\">%s</button></form>\n",
         T(r, M_FPG_LAPSE_CONFIRM), T(r, M_FPG_LAPSE));
    page_end(r);
}

/* The pool of the route for the subdistrict, else false after the page. */
static bool lapse_pool(struct req *r, struct fund_pool *p)
{
    if (!fund_pool_load(r, r->id, p)) {
        fail(r, 404, "not_found", M_FUND_E_NOT_FOUND);
        return false;
    }
    if (!fund_is_subdistrict(r, p->area_path)) {
        fail(r, 403, "forbidden", M_FUND_E_FORBIDDEN);
        return false;
    }
    return true;
}

void fund_lapse_page(struct req *r)
{
    struct fund_pool p;
    if (lapse_pool(r, &p))
        lapse_view(r, &p);
}

void fund_lapse_post(struct req *r)
{
    struct fund_pool p;
    if (!lapse_pool(r, &p))
        return;
    if (strcmp(param(r, "confirm"), "yes") != 0) {
        r->form_message = T(r, M_FPG_LAPSE_UNCONFIRMED);
        r->status = 422;
    } else if (fund_pages_call(r, fund_lapse_api, json_object(), NULL)) {
        req_redirect(r, arena_printf(&r->arena, "/nodes/%lld/fund#pool-%lld",
                                     (long long)p.area_node_id, (long long)p.id));
        return;
    }
    int status = r->status;
    fund_pages_refused(r, "lapse");
    fund_pool_load(r, p.id, &p);
    lapse_view(r, &p);
    r->status = status;
}
