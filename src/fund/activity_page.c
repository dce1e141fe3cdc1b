/* The window on the pool page and the activities on the project page; see activity.h. The
 * forms run the API's handlers (fund_pages_call), which check who may do what. */
#include <string.h>
#include <time.h>

#include "db/db.h"
#include "fund/activity.h"
#include "fund/activity_rules.h"
#include "fund/fund_pages.h"
#include "fund/report_store.h"
#include "hall/photo.h"
#include "web/html.h"
#include "web/layout.h"
#include "web/respond.h"

void fund_window_section(struct req *r, int64_t pool_id, bool may_set)
{
    struct buf *o = &r->out;
    struct db_stmt *st =
        db_prepare(r->db, "SELECT opens_at, closes_at FROM fund_pool WHERE id = ?");
    db_bind(st, "i", pool_id);
    bool set = false;
    int64_t opens = 0, closes = 0;
    if (db_step(st) == DB_ROW && !db_column_null(st, 0) && !db_column_null(st, 1)) {
        set = true;
        opens = db_column_int(st, 0);
        closes = db_column_int(st, 1);
    }
    db_done(st);
    char a[16] = "", b[16] = "";
    html(o, "<div id=\"window-%lld\"><h3>%s</h3>", (long long)pool_id, T(r, M_FAC_WINDOW));
    if (set) {
        static const enum msg names[] = {M_FAC_WINDOW_NONE, M_FAC_WINDOW_OPEN, M_FAC_WINDOW_NOT_YET,
                                         M_FAC_WINDOW_CLOSED};
        activity_date_format(opens, a, sizeof a);
        activity_date_format(closes - 1, b, sizeof b);
        html(o, "<p class=\"window\">%s – %s · <strong>%s</strong></p>", a, b,
             T(r, names[fund_window_at(true, opens, closes, (int64_t)time(NULL))]));
    } else {
        html(o, "<p class=\"window muted\">%s</p>", T(r, M_FAC_WINDOW_NONE));
    }
    if (may_set) {
        fund_pages_notice(r, "window");
        html(o, "<form method=\"post\" action=\"/fund-pools/%lld/window\" class=\"stack\">",
             (long long)pool_id);
        csrf_field(r);
        html(o,
             "<label for=\"win-from-%lld\">%s</label><input id=\"win-from-%lld\" "
             "name=\"opens_on\" type=\"date\" required value=\"%s\">"
             "<label for=\"win-to-%lld\">%s</label><input id=\"win-to-%lld\" "
             "name=\"closes_on\" type=\"date\" required value=\"%s\">",
             (long long)pool_id, T(r, M_FAC_WINDOW_FROM), (long long)pool_id,
             fund_pages_typed(r, "window", "opens_on", a), (long long)pool_id,
             T(r, M_FAC_WINDOW_TO), (long long)pool_id,
             fund_pages_typed(r, "window", "closes_on", b));
        html(o, "<button>%s</button></form>", T(r, M_FAC_WINDOW_SET));
    }
    html(o, "</div>");
}

void fund_window_post(struct req *r)
{
    int64_t pool = r->id;
    const char *from = req_param(r, "opens_on"), *to = req_param(r, "closes_on");
    json_t *b = json_pack("{s:s,s:s}", "opens_on", from ? from : "", "closes_on", to ? to : "");
    bool ok = fund_pages_call(r, fund_window_set_api, b, NULL);
    int64_t area = db_int(r->db, 0, "SELECT area_node_id FROM fund_pool WHERE id = ?", "i", pool);
    if (!area) {
        fail(r, 404, "not_found", M_FUND_E_NOT_FOUND);
        return;
    }
    if (ok) {
        req_redirect(r, arena_printf(&r->arena, "/nodes/%lld/fund#window-%lld", (long long)area,
                                     (long long)pool));
        return;
    }
    int status = r->status;
    fund_pages_refused(r, "window");
    r->id = area;
    fund_pool_page(r);
    if (r->status < 400)
        r->status = status;
}

static void activity_form(struct req *r, const struct fund_project *p)
{
    struct buf *o = &r->out;
    char today[16];
    activity_date_format((int64_t)time(NULL), today, sizeof today);
    html(o,
         "<form method=\"post\" action=\"/fund-projects/%lld/activities\" class=\"stack\" "
         "enctype=\"multipart/form-data\">",
         (long long)p->id);
    csrf_field(r);
    html(o,
         "<label for=\"act-date\">%s</label><input id=\"act-date\" name=\"date\" type=\"date\" "
         "required value=\"%s\">",
         T(r, M_FAC_DATE), fund_pages_typed(r, "activity", "date", today));
    html(o,
         "<label for=\"act-what\">%s</label><textarea id=\"act-what\" name=\"what\" "
         "maxlength=\"1000\" required>%s</textarea>",
         T(r, M_FAC_WHAT), fund_pages_typed(r, "activity", "what", ""));
    html(o,
         "<label for=\"act-signins\">%s</label><input id=\"act-signins\" name=\"signins\" "
         "inputmode=\"numeric\" maxlength=\"6\" required value=\"%s\">",
         T(r, M_FAC_SIGNINS), fund_pages_typed(r, "activity", "signins", "0"));
    html(o,
         "<label for=\"act-corrects\">%s</label><input id=\"act-corrects\" name=\"corrects\" "
         "inputmode=\"numeric\" maxlength=\"12\" value=\"%s\">",
         T(r, M_FAC_CORRECTS), fund_pages_typed(r, "activity", "corrects", ""));
    html(o,
         "<label for=\"act-photo\">%s</label><input id=\"act-photo\" name=\"photo\" "
         "type=\"file\" accept=\"image/jpeg,image/png\" multiple>",
         T(r, M_FAC_PHOTOS));
    html(o, "<button class=\"primary\">%s</button></form>\n", T(r, M_FAC_RECORD));
}

void fund_activities_section(struct req *r, const struct fund_project *p)
{
    struct buf *o = &r->out;
    html(o, "<section id=\"activities\"><h2>%s</h2>", T(r, M_FAC_ACTIVITIES));
    struct db_stmt *st = db_prepare(
        r->db, "SELECT a.id, a.held_on, a.what, a.signins, a.corrects,"
               " (SELECT c.id FROM fund_activity c WHERE c.corrects = a.id)"
               " FROM fund_activity a WHERE a.project_id = ? ORDER BY a.held_at DESC, a.id DESC"
               " LIMIT ?");
    db_bind(st, "ii", p->id, (int64_t)ACTIVITY_LIST_MAX);
    struct row {
        int64_t id, corrects, corrected_by, signins;
        const char *date, *what;
    } *rows = arena_alloc(&r->arena, sizeof *rows * ACTIVITY_LIST_MAX);
    int n = 0;
    while (db_step(st) == DB_ROW && n < ACTIVITY_LIST_MAX) {
        rows[n] = (struct row){
            .id = db_column_int(st, 0),
            .date = arena_strdup(&r->arena, db_column_text(st, 1)),
            .what = arena_strdup(&r->arena, db_column_text(st, 2)),
            .signins = db_column_int(st, 3),
            .corrects = db_column_int(st, 4),
            .corrected_by = db_column_int(st, 5),
        };
        n++;
    }
    db_done(st);
    html(o, "<ul class=\"cells\">");
    for (int i = 0; i < n; i++) {
        html(o,
             "<li class=\"cell activity\" id=\"activity-%lld\"><p class=\"kind\">#%lld · %s · "
             "%s %lld",
             (long long)rows[i].id, (long long)rows[i].id, rows[i].date, T(r, M_FAC_SIGNINS),
             (long long)rows[i].signins);
        if (rows[i].corrects)
            html(o, " · %s",
                 arena_printf(&r->arena, T(r, M_FAC_CORRECTION_OF), (long long)rows[i].corrects));
        if (rows[i].corrected_by)
            html(o, " · <span class=\"muted\">%s</span>", T(r, M_FAC_CORRECTED));
        html(o, "</p><p>%s</p>", rows[i].what);
        photo_gallery(r, "fund_activity", rows[i].id);
        html(o, "</li>");
    }
    if (!n)
        html(o, "<li class=\"cell muted\">%s</li>", T(r, M_FAC_NONE));
    html(o, "</ul>");
    if (fund_activity_may_record(r, p) && p->status == FUND_IN_PROGRESS && !p->pool_closed)
        activity_form(r, p);
    html(o, "</section>\n");
}

void fund_activity_post(struct req *r)
{
    int64_t id = r->id;
    bool ok = fund_pages_call(r, fund_activity_add_api, NULL, NULL); /* reads the form */
    if (ok) {
        req_redirect(r, arena_printf(&r->arena, "/fund-projects/%lld#activities", (long long)id));
        return;
    }
    int status = r->status;
    fund_pages_refused(r, "activity");
    r->id = id;
    fund_project_view(r);
    if (r->status < 400)
        r->status = status;
}

void fund_activity_quarter(struct req *r, int64_t project_id, int year, int quarter, int64_t *count,
                           int64_t *signins)
{
    int64_t from =
        quarter > 1 ? fund_quarter_end(year, quarter - 1) : fund_quarter_end(year - 1, 4);
    int64_t to = fund_quarter_end(year, quarter);
    struct db_stmt *st = db_prepare(
        r->db, "SELECT count(*), coalesce(sum(a.signins), 0) FROM fund_activity a"
               " WHERE a.project_id = ? AND a.held_at >= ? AND a.held_at < ?"
               " AND NOT EXISTS (SELECT 1 FROM fund_activity c WHERE c.corrects = a.id)");
    db_bind(st, "iii", project_id, from, to);
    *count = *signins = 0;
    if (db_step(st) == DB_ROW) {
        *count = db_column_int(st, 0);
        *signins = db_column_int(st, 1);
    }
    db_done(st);
}
