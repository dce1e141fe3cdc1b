/* The quarterly disclosure page (/areas/{id}/fund?year=&quarter=): where each yuan went, for
 * the area's residents. Mobile first, no JavaScript: a form picks the quarter; the rows of
 * disc_report_build (lines, a subtotal per project, the total) in a table that scrolls
 * sideways on a phone; the summary figures; the expenses with vouchers and notes masked; links
 * to the XLSX and to print (assets/fund.css holds the print rules: no navigation, the table at
 * full width, black on white). */
#include <stdio.h>
#include <string.h>

#include "fund/activity.h"
#include "fund/fund_store.h"
#include "fund/report_api.h"
#include "fund/report_store.h"
#include "http/assets.h"
#include "web/html.h"
#include "web/layout.h"
#include "web/respond.h"

static void money(struct buf *o, int64_t fen)
{
    char t[DISC_MONEY_TEXT_MAX];
    disc_money_format(fen, t, sizeof t);
    html(o, "%s", t);
}

static void period_form(struct req *r, int64_t area, int year, int quarter)
{
    struct buf *o = &r->out;
    html(o, "<form method=\"get\" action=\"/areas/%lld/fund\" class=\"inline no-print\">",
         (long long)area);
    html(o,
         "<label>%s <input type=\"number\" name=\"year\" min=\"2000\" max=\"2100\" value=\"%d\""
         " inputmode=\"numeric\"></label> ",
         T(r, M_FEV_YEAR), year);
    html(o, "<label>%s <select name=\"quarter\">", T(r, M_FEV_QUARTER));
    for (int q = 1; q <= 4; q++)
        html(o, "<option value=\"%d\"%s>%d</option>", q, q == quarter ? " selected" : "", q);
    html(o, "</select></label> <button type=\"submit\">%s</button></form>\n", T(r, M_FEV_SHOW));
}

/* "活动 N 次，签到 M 人" of the row's project in the quarter (fund/activity.h). */
static const char *quarter_activities(struct req *r, const struct fund_report *f,
                                      const struct disc_row *w)
{
    (void)f; /* counted once in report_store.c, as the JSON and the XLSX show them */
    return arena_printf(&r->arena, T(r, M_FAC_QUARTER), (long long)w->activities,
                        (long long)w->signins);
}

static void rows_table(struct req *r, const struct fund_report *f)
{
    struct buf *o = &r->out;
    html(o,
         "<h2 id=\"rows-h\">%s</h2><div class=\"table-scroll\" tabindex=\"0\" role=\"region\" "
         "aria-labelledby=\"rows-h\"><table class=\"grid fund-report\"><thead><tr>"
         "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
         "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
         "<th scope=\"col\">%s</th></tr></thead><tbody>\n",
         T(r, M_FEV_ROWS), T(r, M_FEV_COL_PROJECT), T(r, M_FEV_COL_LINE), T(r, M_FEV_COL_APPROVED),
         T(r, M_FEV_COL_SPENT), T(r, M_FEV_COL_RATE), T(r, M_FEV_COL_LAPSED),
         T(r, M_FEV_COL_GRADE));
    for (size_t i = 0; i < f->rep.nrows; i++) {
        const struct disc_row *w = &f->rep.rows[i];
        const char *cls = w->kind == DISC_ROW_LINE ? "" : " class=\"subtotal\"";
        html(o, "<tr%s>", cls);
        if (w->kind == DISC_ROW_TOTAL)
            html(o, "<th scope=\"row\" colspan=\"2\">%s</th>", T(r, M_FEV_TOTAL));
        else if (w->kind == DISC_ROW_PROJECT)
            html(o,
                 "<th scope=\"row\" colspan=\"2\"><a href=\"/fund-projects/%lld\">%s</a> %s%s"
                 "<br><span class=\"muted activities\">%s</span></th>",
                 (long long)f->project_ids[w->project], w->project_name, T(r, M_FEV_SUBTOTAL),
                 w->from_topic ? T(r, M_FEV_FROM_TOPIC) : "", quarter_activities(r, f, w));
        else
            html(o, "<td>%s</td><td>%s</td>", w->project_name, w->line_name);
        html(o, "<td class=\"num\">");
        money(o, w->approved);
        html(o, "</td><td class=\"num\">");
        money(o, w->spent);
        html(o, "</td><td class=\"num\">%s</td><td class=\"num\">", w->rate);
        if (w->kind == DISC_ROW_LINE)
            html(o, "—");
        else
            money(o, w->lapsed);
        html(o, "</td><td>%s</td></tr>\n", w->grade && *w->grade ? w->grade : "");
    }
    html(o, "</tbody></table></div>\n");
}

static void summary(struct req *r, const struct fund_report *f)
{
    struct buf *o = &r->out;
    const struct disc_row *total = &f->rep.rows[f->rep.nrows - 1];
    html(o, "<dl class=\"notice fund-summary\">");
    html(o, "<dt>%s</dt><dd>%zu</dd>", T(r, M_FEV_PROJECTS), f->rep.projects);
    html(o, "<dt>%s</dt><dd>", T(r, M_FEV_COL_APPROVED));
    money(o, f->rep.approved);
    html(o, "</dd><dt>%s</dt><dd>", T(r, M_FEV_COL_SPENT));
    money(o, f->rep.spent);
    html(o, "</dd><dt>%s</dt><dd>%s</dd>", T(r, M_FEV_COL_RATE), total->rate);
    html(o, "<dt>%s</dt><dd>", T(r, M_FEV_LAPSED_ALL));
    money(o, f->rep.lapsed);
    html(o, "</dd><dt>%s</dt><dd>", T(r, M_FPG_LAPSED_WORKING));
    money(o, f->q.working_lapsed);
    html(o, "</dd><dt>%s</dt><dd>", T(r, M_FPG_LAPSED_SERVICE));
    money(o, f->q.service_lapsed);
    html(o, "</dd><dt>%s</dt><dd>%s（%zu / %zu）</dd></dl>\n", T(r, M_FEV_TOPIC_SHARE),
         f->rep.topic_share, f->rep.from_topic, f->rep.projects);
}

static void expenses(struct req *r, const struct fund_report *f)
{
    struct buf *o = &r->out;
    html(o, "<section><h2>%s</h2>\n", T(r, M_FEV_EXPENSES));
    if (!f->nex) {
        html(o, "<p class=\"muted\">%s</p></section>\n", T(r, M_FEV_NO_EXPENSES));
        return;
    }
    html(o, "<ul class=\"cells\">\n");
    for (size_t i = 0; i < f->nex; i++) {
        const struct fund_report_expense *e = &f->ex[i];
        html(o, "<li class=\"cell\"><strong>");
        money(o, e->amount);
        html(o, "</strong> · %s · %s", e->project, e->line);
        if (e->reversed)
            html(o, " · <span class=\"kind\">%s</span>", T(r, M_FEV_REVERSED));
        else if (!e->approved)
            html(o, " · <span class=\"kind\">%s</span>", T(r, M_FEV_UNAPPROVED));
        if (*e->voucher)
            html(o, "<br><span class=\"muted\">%s：%s</span>", T(r, M_FEV_VOUCHER), e->voucher);
        if (*e->note && strcmp(e->note, e->voucher) != 0)
            html(o, "<br><span class=\"muted\">%s</span>", e->note);
        html(o, "</li>\n");
    }
    html(o, "</ul></section>\n");
}

void fund_report_page(struct req *r)
{
    int year, quarter;
    bool period_ok = fund_report_period(r, &year, &quarter);
    if (!period_ok) {
        fail(r, 422, "period_invalid", M_FEV_E_PERIOD);
        return;
    }
    struct fund_report f;
    if (fund_report_load(r, r->id, year, quarter, &f) != 0)
        return;
    struct buf *o = &r->out;
    page_begin(r, arena_printf(&r->arena, T(r, M_FEV_REPORT_TITLE), f.q.area, year, quarter));
    html(o, "<link rel=\"stylesheet\" href=\"%s\">\n", asset_url(r, "/static/fund.css"));
    html(o, "<p class=\"muted\">%s</p>\n", T(r, M_FEV_REPORT_INTRO));
    period_form(r, f.area_id, year, quarter);
    summary(r, &f);
    rows_table(r, &f);
    expenses(r, &f);
    html(o,
         "<nav class=\"actions no-print\"><a class=\"button\" href=\"/areas/%lld/fund.xlsx?year=%d"
         "&amp;quarter=%d\">%s</a></nav>\n",
         (long long)f.area_id, year, quarter, T(r, M_FEV_XLSX));
    html(o, "<p class=\"muted no-print\">%s</p>\n", T(r, M_FEV_PRINT_HINT));
    fund_report_free(&f);
    page_end(r);
}
