/* The project page (/fund-projects/{id}): status, the proposal, budget lines with approved,
 * spent and remaining, the ledger (vouchers masked), the status history, and the forms each
 * reader may use: the next status steps their roles allow (project_status.h decides), the
 * leader's expense form, the worker's approval of each expense; after 结项 a link to the
 * evaluation page (eval_page.c).
 *
 * This page and the proposal form (proposal_page.c) overlap the branch fundpages' pages of the
 * project's life (fund_project_view, fund_apply_page): when both are merged, keep one. */
#include <stdlib.h>
#include <string.h>

#include "db/db.h"
#include "fund/api.h"
#include "fund/eval_api.h"
#include "fund/eval_store.h"
#include "fund/fund_page.h"
#include "fund/mask.h"
#include "hall/topic_status.h"
#include "hall/topic_store.h"
#include "hall/topic_tier.h"
#include "http/assets.h"
#include "web/html.h"
#include "web/layout.h"
#include "web/respond.h"

static void money(struct buf *o, int64_t fen)
{
    char t[MONEY_TEXT_MAX];
    money_format(fen, t, sizeof t);
    html(o, "%s", t);
}

static void form_open(struct req *r, int64_t id, const char *action)
{
    html(&r->out, "<form method=\"post\" action=\"/fund-projects/%lld/%s\" class=\"stack\">\n",
         (long long)id, action);
    csrf_field(r);
}

static void proposal(struct req *r, const struct fund_project *p)
{
    struct buf *o = &r->out;
    html(o, "<dl class=\"notice\"><dt>%s</dt><dd><strong>%s</strong></dd>", T(r, M_TOPIC_STATUS),
         fund_status_name(p->status, (int)r->lang));
    html(o, "<dt>%s</dt><dd>%s</dd><dt>%s</dt><dd>", T(r, M_FWP_LEADER_NAME), p->leader_name,
         T(r, M_FWP_ASKED));
    money(o, p->total);
    html(o, "</dd><dt>%s</dt><dd>", T(r, M_FEV_COL_APPROVED));
    money(o, p->approved);
    html(o, "</dd><dt>%s</dt><dd>", T(r, M_FWP_OWN));
    money(o, p->own);
    html(o, "</dd></dl>\n");
    const struct {
        enum msg label;
        const char *text;
    } parts[] = {{M_FWP_BACKGROUND, p->background},
                 {M_FWP_GOALS, p->goals},
                 {M_FWP_BENEFICIARIES, p->beneficiaries},
                 {M_FWP_PLAN, p->plan},
                 {M_FWP_TARGETS, p->targets}};
    for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++)
        if (*parts[i].text)
            html(o, "<h3>%s</h3><p class=\"pre\">%s</p>\n", T(r, parts[i].label), parts[i].text);
}

static void lines_table(struct req *r, const struct fund_line *ls, int n)
{
    struct buf *o = &r->out;
    html(o,
         "<section id=\"lines\"><h2 id=\"lines-h\">%s</h2><div class=\"table-scroll\" "
         "tabindex=\"0\" "
         "role=\"region\" aria-labelledby=\"lines-h\"><table class=\"grid "
         "fund-report\"><thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
         "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
         "</tr></thead><tbody>\n",
         T(r, M_FWP_LINES), T(r, M_FEV_COL_LINE), T(r, M_FWP_ASKED), T(r, M_FEV_COL_APPROVED),
         T(r, M_FEV_COL_SPENT), T(r, M_FWP_REMAINING));
    for (int i = 0; i < n; i++) {
        const struct fund_line *l = &ls[i];
        int64_t avail = fund_line_available(l);
        html(o, "<tr><td>%s</td><td class=\"num\">", l->name);
        money(o, l->asked);
        html(o, "</td><td class=\"num\">");
        money(o, avail);
        html(o, "</td><td class=\"num\">");
        money(o, l->spent);
        html(o, "</td><td class=\"num\">");
        money(o, avail - l->spent - l->lapsed);
        html(o, "</td></tr>\n");
    }
    html(o, "</tbody></table></div></section>\n");
}

/* The status steps the reader's roles allow, one small form each. */
static void step_forms(struct req *r, const struct fund_project *p, const struct fund_line *ls,
                       int n)
{
    struct buf *o = &r->out;
    bool roles[FUND_ACTOR_COUNT] = {
        [FUND_ACTOR_HALL] = fund_is_hall(r, p->hall_path),
        [FUND_ACTOR_SUBDISTRICT] = fund_is_subdistrict(r, p->area_path),
        [FUND_ACTOR_LEADER] = r->person_id == p->leader_id,
        [FUND_ACTOR_WORKER] = fund_is_worker(r, p->area_path),
    };
    bool any = false;
    for (int to = 0; to < FUND_STATUS_COUNT; to++) {
        if (to == FUND_EVALUATED)
            continue; /* published with the evaluation below */
        bool allowed = false;
        for (int a = 0; a < FUND_ACTOR_COUNT; a++)
            allowed =
                allowed || (roles[a] && fund_step_check(p->status, to, a, true) == FUND_STEP_OK);
        if (!allowed)
            continue;
        if (!any)
            html(o, "<section id=\"steps\"><h2>%s</h2>\n", T(r, M_FWP_NEXT_STEPS));
        any = true;
        form_open(r, p->id, "step");
        html(o, "<input type=\"hidden\" name=\"to\" value=\"%s\">\n", fund_status_key(to));
        if (to == FUND_APPROVED) {
            html(o, "<p class=\"muted\">%s</p>\n", T(r, M_FWP_APPROVE_HINT));
            for (int i = 0; i < n; i++) {
                char asked[MONEY_TEXT_MAX];
                money_format(ls[i].asked, asked, sizeof asked);
                html(o,
                     "<label for=\"line_%lld\">%s（%s %s）</label><input id=\"line_%lld\" "
                     "name=\"line_%lld\" inputmode=\"decimal\" maxlength=\"32\" value=\"%s\">\n",
                     (long long)ls[i].id, ls[i].name, T(r, M_FWP_ASKED), asked, (long long)ls[i].id,
                     (long long)ls[i].id, asked);
            }
        }
        bool needs = fund_step_needs_reason(p->status, to);
        html(o,
             "<label for=\"reason_%d\">%s</label><textarea id=\"reason_%d\" name=\"reason\" "
             "rows=\"2\" maxlength=\"2000\"%s></textarea>\n",
             to, T(r, needs ? M_FWP_REASON_REQUIRED : M_FWP_REASON), to, needs ? " required" : "");
        html(o, "<button type=\"submit\">%s %s</button></form>\n", T(r, M_FWP_MOVE_TO),
             fund_status_name(to, (int)r->lang));
    }
    if (any)
        html(o, "</section>\n");
}

static void expense_form(struct req *r, const struct fund_project *p, const struct fund_line *ls,
                         int n)
{
    struct buf *o = &r->out;
    html(o, "<section id=\"expense\"><h2>%s</h2>\n", T(r, M_FWP_EXPENSE));
    form_open(r, p->id, "expense");
    html(o, "<label for=\"line_id\">%s</label><select id=\"line_id\" name=\"line_id\">",
         T(r, M_FEV_COL_LINE));
    for (int i = 0; i < n; i++) {
        char left[MONEY_TEXT_MAX];
        money_format(fund_line_available(&ls[i]) - ls[i].spent - ls[i].lapsed, left, sizeof left);
        html(o, "<option value=\"%lld\">%s（%s %s）</option>", (long long)ls[i].id, ls[i].name,
             T(r, M_FWP_REMAINING), left);
    }
    html(o, "</select>\n");
    html(o,
         "<label for=\"amount\">%s</label><span class=\"muted\">%s</span><input id=\"amount\" "
         "name=\"amount\" inputmode=\"decimal\" maxlength=\"32\" required value=\"%s\">\n",
         T(r, M_FWP_AMOUNT), T(r, M_FWP_AMOUNT_HINT),
         r->form_failed ? (req_param(r, "amount") ? req_param(r, "amount") : "") : "");
    html(o,
         "<label for=\"voucher\">%s</label><span class=\"muted\">%s</span><input id=\"voucher\" "
         "name=\"voucher\" maxlength=\"200\" required>\n",
         T(r, M_FEV_VOUCHER), T(r, M_FWP_VOUCHER_HINT));
    html(o,
         "<label for=\"note\">%s</label><input id=\"note\" name=\"note\" maxlength=\"200\">\n"
         "<button type=\"submit\" class=\"primary\">%s</button></form></section>\n",
         T(r, M_FWP_NOTE), T(r, M_FWP_RECORD));
}

static void ledger(struct req *r, const struct fund_project *p)
{
    struct buf *o = &r->out;
    const char *names[] = {p->leader_name};
    bool worker = fund_is_worker(r, p->area_path);
    html(o, "<section id=\"ledger\"><h2>%s</h2><ul class=\"cells\">\n", T(r, M_FWP_LEDGER));
    struct db_stmt *st =
        db_prepare(r->db, "SELECT e.id, e.kind, l.name, e.amount_fen, e.voucher, e.created_by,"
                          " (SELECT count(*) FROM fund_expense_approval a WHERE a.entry_id = e.id),"
                          " (SELECT count(*) FROM fund_entry x WHERE x.reversal_of = e.id)"
                          " FROM fund_entry e LEFT JOIN fund_budget_line l ON l.id = e.line_id"
                          " WHERE e.project_id = ? ORDER BY e.id");
    db_bind(st, "i", p->id);
    int k = 0;
    while (db_step(st) == DB_ROW) {
        k++;
        const char *kind = db_column_text(st, 1);
        bool expense = strcmp(kind, "expense") == 0;
        bool approved = db_column_int(st, 6) > 0, reversed = db_column_int(st, 7) > 0;
        char *v = mask_text(db_column_text(st, 4), names, 1);
        html(o, "<li class=\"cell\"><span class=\"kind\">%s</span> ",
             T(r, expense                        ? M_FWP_KIND_EXPENSE
                  : strcmp(kind, "approve") == 0 ? M_FWP_KIND_APPROVE
                  : strcmp(kind, "lapse") == 0   ? M_FWP_KIND_LAPSE
                  : strcmp(kind, "reverse") == 0 ? M_FWP_KIND_REVERSE
                                                 : M_FWP_KIND_REALLOCATE));
        html(o, "<strong>");
        money(o, db_column_int(st, 3));
        html(o, "</strong> · %s", db_column_null(st, 2) ? "" : db_column_text(st, 2));
        if (v && *v)
            html(o, "<br><span class=\"muted\">%s：%s</span>", T(r, M_FEV_VOUCHER), v);
        free(v);
        if (expense && reversed)
            html(o, " · %s", T(r, M_FEV_REVERSED));
        else if (expense && approved)
            html(o, " · %s", T(r, M_FWP_APPROVED_MARK));
        else if (expense)
            html(o, " · %s", T(r, M_FEV_UNAPPROVED));
        if (expense && !approved && !reversed && worker && db_column_int(st, 5) != r->person_id &&
            p->leader_id != r->person_id) {
            html(o, "<form method=\"post\" action=\"/fund-entries/%lld/approve\" class=\"inline\">",
                 (long long)db_column_int(st, 0));
            csrf_field(r);
            html(o, "<button type=\"submit\">%s</button></form>", T(r, M_FWP_APPROVE_EXPENSE));
        }
        html(o, "</li>\n");
    }
    db_done(st);
    if (!k)
        html(o, "<li class=\"cell muted\">%s</li>\n", T(r, M_FWP_LEDGER_EMPTY));
    html(o, "</ul></section>\n");
}

static void history(struct req *r, const struct fund_project *p)
{
    struct buf *o = &r->out;
    html(o, "<section id=\"history\"><h2>%s</h2><ul class=\"cells\">\n", T(r, M_FWP_HISTORY));
    struct db_stmt *st =
        db_prepare(r->db, "SELECT e.to_status, p.name, e.reason FROM fund_event e JOIN person p"
                          " ON p.id = e.actor_id WHERE e.project_id = ? ORDER BY e.id");
    db_bind(st, "i", p->id);
    while (db_step(st) == DB_ROW) {
        int s = fund_status_parse(db_column_text(st, 0));
        html(o, "<li class=\"cell\">%s · %s", s < 0 ? "" : fund_status_name(s, (int)r->lang),
             db_column_text(st, 1));
        if (*db_column_text(st, 2))
            html(o, "<br><span class=\"muted\">%s</span>", db_column_text(st, 2));
        html(o, "</li>\n");
    }
    db_done(st);
    html(o, "</ul></section>\n");
}

void fund_project_page(struct req *r)
{
    struct fund_project p;
    if (!fund_project_load(r, r->id, &p)) {
        fail(r, 404, "not_found", M_FUND_E_NOT_FOUND);
        return;
    }
    if (!fund_may_read(r, p.area_path) && r->person_id != p.leader_id) {
        fail(r, 403, "forbidden", M_FUND_E_FORBIDDEN);
        return;
    }
    struct buf *o = &r->out;
    page_begin(r, p.name);
    html(o, "<link rel=\"stylesheet\" href=\"%s\">\n", asset_url(r, "/static/fund.css"));
    html(o, "<p><a href=\"/topics/%lld\">‹ %s</a></p>\n", (long long)p.topic_id, T(r, M_FWP_TOPIC));
    if (r->form_failed)
        html(o, "<div class=\"notice notice-error\" role=\"alert\"><p>%s</p></div>\n",
             r->form_message);
    int n;
    struct fund_line *ls = fund_lines_load(r, p.id, &n);
    proposal(r, &p);
    lines_table(r, ls, n);
    step_forms(r, &p, ls, n);
    if (r->person_id == p.leader_id && fund_status_spendable(p.status) && !p.pool_closed)
        expense_form(r, &p, ls, n);
    ledger(r, &p);
    if (p.status == FUND_FINISHED || p.status == FUND_EVALUATED)
        html(o, "<p><a class=\"button\" href=\"/fund-projects/%lld/evaluation\">%s</a></p>\n",
             (long long)p.id, T(r, M_FWP_EVALUATION));
    history(r, &p);
    page_end(r);
}

/* ---- the forms' handlers ---- */

/* After a form on project id: back to the page when ok; else the page again with the
 * message, status kept (the dispatcher rolls the transaction back). */
static void done(struct req *r, int64_t id, bool ok, const char *message, const char *anchor)
{
    if (ok) {
        req_redirect(r, arena_printf(&r->arena, "/fund-projects/%lld#%s", (long long)id, anchor));
    } else if (r->status >= 500) {
        fail(r, r->status, "internal", M_ERR_INTERNAL);
    } else {
        int status = r->status;
        r->form_failed = "fund";
        r->form_message = message;
        r->id = id;
        fund_project_page(r);
        if (r->status < 400)
            r->status = status;
    }
}

static const char *param(struct req *r, const char *name)
{
    const char *v = req_param(r, name);
    return v ? v : "";
}

void fund_step_post(struct req *r)
{
    json_t *b = json_pack("{s:s,s:s}", "to", param(r, "to"), "reason", param(r, "reason"));
    if (strcmp(param(r, "to"), "approved") == 0) {
        int n;
        struct fund_line *ls = fund_lines_load(r, r->id, &n);
        json_t *lines = json_array();
        for (int i = 0; i < n; i++) {
            const char *a = req_param(r, arena_printf(&r->arena, "line_%lld", (long long)ls[i].id));
            if (a)
                json_array_append_new(
                    lines, json_pack("{s:I,s:s}", "id", (json_int_t)ls[i].id, "amount", a));
        }
        json_object_set_new(b, "lines", lines);
    }
    const char *message = NULL;
    bool ok = fund_page_run(r, fund_transition_api, b, NULL, &message);
    done(r, r->id, ok, message, "steps");
}

void fund_expense_post(struct req *r)
{
    json_t *b =
        json_pack("{s:I,s:s,s:s,s:s}", "line_id", (json_int_t)atoll(param(r, "line_id")), "amount",
                  param(r, "amount"), "voucher", param(r, "voucher"), "note", param(r, "note"));
    const char *message = NULL;
    bool ok = fund_page_run(r, fund_expense_api, b, NULL, &message);
    done(r, r->id, ok, message, "ledger");
}

void fund_entry_approve_post(struct req *r)
{
    int64_t project =
        db_int(r->db, 0, "SELECT project_id FROM fund_entry WHERE id = ?", "i", r->id);
    if (!project) {
        fail(r, 404, "not_found", M_FUND_E_NOT_FOUND);
        return;
    }
    const char *message = NULL;
    bool ok = fund_page_run(r, fund_approval_api, json_object(), NULL, &message);
    done(r, project, ok, message, "ledger");
}
