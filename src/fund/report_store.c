/* The quarterly disclosure read from the ledger; see report_store.h. */
#include "fund/report_store.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "db/db.h"
#include "fund/activity.h"
#include "fund/eval_store.h"
#include "fund/fund_store.h"
#include "fund/mask.h"
#include "hall/topic_status.h"
#include "org/node.h"
#include "web/respond.h"

#define SHANGHAI_OFFSET (8 * 3600) /* UTC+8, no daylight saving */

/* Days from 1970-01-01 to y-m-d (proleptic Gregorian; Howard Hinnant's days_from_civil). */
static int64_t days_from_civil(int64_t y, int64_t m, int64_t d)
{
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t yoe = y - era * 400;
    int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

int64_t fund_quarter_end(int year, int quarter)
{
    int y = quarter == 4 ? year + 1 : year, m = quarter == 4 ? 1 : quarter * 3 + 1;
    return days_from_civil(y, m, 1) * 86400 - SHANGHAI_OFFSET;
}

static bool query_int(struct req *r, const char *name, int lo, int hi, int *out)
{
    const char *s = req_query(r, name);
    if (!s || !*s)
        return true;
    char *end;
    long v = strtol(s, &end, 10);
    if (*end || v < lo || v > hi)
        return false;
    *out = (int)v;
    return true;
}

bool fund_report_period(struct req *r, int *year, int *quarter)
{
    time_t now = time(NULL) + SHANGHAI_OFFSET;
    struct tm tm;
    gmtime_r(&now, &tm);
    *year = tm.tm_year + 1900;
    *quarter = tm.tm_mon / 3 + 1;
    return query_int(r, "year", 2000, 2100, year) && query_int(r, "quarter", 1, 4, quarter);
}

/* The lines of project_id as they stood at end. */
static size_t load_lines(struct req *r, int64_t project_id, int64_t end, struct disc_line **out,
                         int64_t *lapsed)
{
    struct disc_line *ls = arena_alloc(&r->arena, sizeof *ls * DISC_LINES_MAX);
    size_t n = 0;
    *lapsed = 0;
    struct db_stmt *st = db_prepare(
        r->db, "SELECT l.name,"
               " (SELECT coalesce(sum(e.amount_fen), 0) FROM fund_entry e WHERE e.line_id = l.id"
               "   AND e.kind = 'approve' AND e.created_at < ?),"
               " (SELECT coalesce(sum(e.amount_fen), 0) FROM fund_entry e WHERE e.line_to_id = l.id"
               "   AND (e.kind = 'reallocate' OR e.kind = 'reverse') AND e.created_at < ?),"
               " (SELECT coalesce(sum(e.amount_fen), 0) FROM fund_entry e WHERE e.line_id = l.id"
               "   AND (e.kind = 'reallocate' OR (e.kind = 'reverse' AND e.line_to_id IS NOT NULL))"
               "   AND e.created_at < ?),"
               " (SELECT coalesce(sum(e.amount_fen), 0) FROM fund_entry e WHERE e.line_id = l.id"
               "   AND (e.kind = 'expense' OR (e.kind = 'reverse' AND e.line_to_id IS NULL))"
               "   AND e.created_at < ?),"
               " (SELECT coalesce(sum(e.amount_fen), 0) FROM fund_entry e WHERE e.line_id = l.id"
               "   AND e.kind = 'lapse' AND e.created_at < ?)"
               " FROM fund_budget_line l WHERE l.project_id = ? ORDER BY l.pos");
    db_bind(st, "iiiiii", end, end, end, end, end, project_id);
    while (n < DISC_LINES_MAX && db_step(st) == DB_ROW) {
        ls[n++] = (struct disc_line){
            .name = arena_strdup(&r->arena, db_column_text(st, 0)),
            .approved = db_column_int(st, 1) + db_column_int(st, 2) - db_column_int(st, 3),
            .spent = db_column_int(st, 4),
        };
        *lapsed += db_column_int(st, 5);
    }
    db_done(st);
    *out = ls;
    return n;
}

/* The names a voucher may mention: the projects' leaders, whoever recorded an entry, and the
 * people whose household lies in the area (a note names the neighbour who was paid or
 * visited). At most MASK_NAMES_MAX, the fund's people first. */
static const char **known_names(struct req *r, int64_t pool_id, const char *area_path, size_t *n)
{
    const char **names = arena_alloc(&r->arena, sizeof *names * MASK_NAMES_MAX);
    *n = 0;
    struct db_stmt *st = db_prepare(
        r->db, "SELECT DISTINCT p.name FROM person p WHERE p.id IN (SELECT leader_id FROM"
               " fund_project WHERE pool_id = ?) OR p.id IN (SELECT created_by FROM fund_entry"
               " WHERE pool_id = ?)");
    db_bind(st, "ii", pool_id, pool_id);
    while (*n < MASK_NAMES_MAX && db_step(st) == DB_ROW)
        names[(*n)++] = arena_strdup(&r->arena, db_column_text(st, 0));
    db_done(st);
    /* The area's households: paths from "/1/2/" up to "/1/20" (the '/' after the area's last
     * segment is followed by '0' in byte order), as the schema's counts do. */
    char *hi = arena_strdup(&r->arena, area_path);
    size_t len = strlen(hi);
    if (len > 0)
        hi[len - 1] = '0';
    st = db_prepare(r->db, "SELECT DISTINCT p.name FROM person p JOIN node h ON h.id ="
                           " p.household_id WHERE h.path >= ? AND h.path < ? ORDER BY p.name");
    db_bind(st, "ss", area_path, hi);
    while (*n < MASK_NAMES_MAX && db_step(st) == DB_ROW)
        names[(*n)++] = arena_strdup(&r->arena, db_column_text(st, 0));
    db_done(st);
    return names;
}

/* A masked copy in the arena; "" when the text cannot be masked (never shown unmasked). */
static const char *masked(struct req *r, const char *text, const char **names, size_t n)
{
    char *m = mask_text(text, names, n);
    const char *out = m ? arena_strdup(&r->arena, m) : "";
    free(m);
    return out;
}

static void load_expenses(struct req *r, struct fund_report *f, const char *area_path, int64_t end)
{
    size_t nn;
    const char **names = known_names(r, f->pool_id, area_path, &nn);
    f->ex = arena_alloc(&r->arena, sizeof *f->ex * FUND_REPORT_EXPENSES_MAX);
    f->nex = 0;
    struct db_stmt *st = db_prepare(
        r->db, "SELECT e.id, e.project_id, p.name, l.name, e.amount_fen, e.voucher, e.note,"
               " e.created_at, (SELECT count(*) FROM fund_entry x WHERE x.reversal_of = e.id"
               "   AND x.created_at < ?),"
               " (SELECT count(*) FROM fund_expense_approval a WHERE a.entry_id = e.id"
               "   AND a.approved_at < ?)"
               " FROM fund_entry e JOIN fund_project p ON p.id = e.project_id"
               " JOIN fund_budget_line l ON l.id = e.line_id"
               " WHERE e.pool_id = ? AND e.kind = 'expense' AND e.created_at < ? ORDER BY e.id");
    db_bind(st, "iiii", end, end, f->pool_id, end);
    while (f->nex < FUND_REPORT_EXPENSES_MAX && db_step(st) == DB_ROW) {
        f->ex[f->nex++] = (struct fund_report_expense){
            .id = db_column_int(st, 0),
            .project_id = db_column_int(st, 1),
            .project = arena_strdup(&r->arena, db_column_text(st, 2)),
            .line = arena_strdup(&r->arena, db_column_text(st, 3)),
            .amount = db_column_int(st, 4),
            .voucher = masked(r, db_column_text(st, 5), names, nn),
            .note = masked(r, db_column_text(st, 6), names, nn),
            .at = db_column_int(st, 7),
            .reversed = db_column_int(st, 8) > 0,
            .approved = db_column_int(st, 9) > 0,
        };
    }
    db_done(st);
}

int fund_report_load(struct req *r, int64_t area_id, int year, int quarter, struct fund_report *f)
{
    memset(f, 0, sizeof *f);
    struct node area;
    if (node_get(r->db, &r->arena, area_id, &area) != 0) {
        fail(r, 404, "not_found", M_FUND_E_NOT_FOUND);
        return 404;
    }
    if (!fund_may_read(r, area.path)) {
        fail(r, 403, "forbidden", M_FUND_E_FORBIDDEN);
        return 403;
    }
    f->area_id = area_id;
    f->pool_id = db_int(r->db, 0, "SELECT id FROM fund_pool WHERE area_node_id = ? AND year = ?",
                        "ii", area_id, (int64_t)year);
    if (!f->pool_id) {
        fail(r, 404, "no_pool", M_FUND_E_NOT_FOUND);
        return 404;
    }
    /* The fourth quarter's report is the year's closing: the pool's lapse is written after
     * the year has ended (and late receipts against the year's lines with it), so it takes
     * every entry of the pool; the first three stop at their quarter's end. */
    int64_t end = quarter == 4 ? INT64_MAX : fund_quarter_end(year, quarter);
    struct disc_project *ps = arena_alloc(&r->arena, sizeof *ps * DISC_PROJECTS_MAX);
    f->project_ids = arena_alloc(&r->arena, sizeof *f->project_ids * DISC_PROJECTS_MAX);
    size_t n = 0;
    /* Projects with an approval entry before the quarter ended. */
    struct db_stmt *st = db_prepare(
        r->db, "SELECT f.id, f.name, f.topic_id FROM fund_project f WHERE f.pool_id = ? AND"
               " EXISTS (SELECT 1 FROM fund_entry e WHERE e.project_id = f.id AND"
               " e.kind = 'approve' AND e.created_at < ?) ORDER BY f.id");
    db_bind(st, "ii", f->pool_id, end);
    while (n < DISC_PROJECTS_MAX && db_step(st) == DB_ROW) {
        f->project_ids[n] = db_column_int(st, 0);
        ps[n] = (struct disc_project){
            .name = arena_strdup(&r->arena, db_column_text(st, 1)),
            .from_topic = !db_column_null(st, 2) && db_column_int(st, 2) > 0,
        };
        n++;
    }
    db_done(st);
    for (size_t i = 0; i < n; i++) {
        struct disc_line *ls;
        ps[i].nlines = load_lines(r, f->project_ids[i], end, &ls, &ps[i].lapsed);
        ps[i].lines = ls;
        /* The quarter's activities and sign-ins, carried in the rows (page, JSON, XLSX). */
        fund_activity_quarter(r, f->project_ids[i], year, quarter, &ps[i].activities,
                              &ps[i].signins);
        if (db_int(r->db, 0,
                   "SELECT count(*) FROM fund_eval WHERE project_id = ? AND published_at < ?", "ii",
                   f->project_ids[i], end))
            ps[i].grade = fund_eval_grade(r, f->project_ids[i], (int)r->lang);
    }
    f->q = (struct disc_quarter){
        .area = area.name,
        .year = year,
        .quarter = quarter,
        .projects = ps,
        .n = n,
        .pool_lapsed = db_int(
            r->db, 0,
            "SELECT coalesce(sum(amount_fen), 0) FROM fund_entry WHERE"
            " pool_id = ? AND kind = 'lapse' AND project_id IS NULL AND fund_type = 'project' AND"
            " created_at < ?",
            "ii", f->pool_id, end),
        .working_lapsed = db_int(r->db, 0,
                                 "SELECT coalesce(sum(amount_fen), 0) FROM fund_entry WHERE"
                                 " pool_id = ? AND kind = 'lapse' AND fund_type = 'working' AND"
                                 " created_at < ?",
                                 "ii", f->pool_id, end),
        .service_lapsed = db_int(r->db, 0,
                                 "SELECT coalesce(sum(amount_fen), 0) FROM fund_entry WHERE"
                                 " pool_id = ? AND kind = 'lapse' AND fund_type = 'service' AND"
                                 " created_at < ?",
                                 "ii", f->pool_id, end),
    };
    struct disc_problem p;
    if (!disc_report_build(&f->q, &f->rep, &p)) {
        fail_text(r, 500, disc_err_key(p.err), disc_err_message(p.err, (int)r->lang));
        return 500;
    }
    load_expenses(r, f, area.path, end);
    return 0;
}

void fund_report_free(struct fund_report *f)
{
    disc_report_free(&f->rep);
}
