/* JSON API of the ledger (openapi/fund.json):
 *   POST /api/v1/fund-projects/{id}/expenses      {line_id, amount, voucher, note?}   leader
 *   POST /api/v1/fund-entries/{id}/approval       {}                        a 居委 worker
 *   POST /api/v1/fund-entries/{id}/reversal       {reason}  worker; the leader: expenses
 *   POST /api/v1/fund-projects/{id}/reallocations {from_line_id, to_line_id, amount, reason}
 *                                                                            a 居委 worker
 *   POST /api/v1/fund-pools/{id}/lapse            {}                     the subdistrict
 *   GET  /api/v1/fund-projects/{id}/ledger, GET /api/v1/fund-pools/{id}/ledger
 * Every change locks the pool row and then the project row (fund_lock) before it reads the
 * totals it checks, so concurrent requests are decided one after the other. Entries are only
 * ever inserted; the line totals beside them are updated in the same transaction. Limits:
 * voucher references and notes ≤ 200 characters, reasons ≤ 2,000. */
#include <string.h>
#include <time.h>

#include "db/db.h"
#include "fund/api.h"
#include "hall/feed.h"
#include "hall/topic_status.h"
#include "http/jsonbody.h"
#include "util/utf8.h"
#include "web/respond.h"

#define FUND_VOUCHER_MAX 200 /* characters of a voucher reference or a note */
#define FUND_REASON_MAX 2000 /* characters of a reason */

/* An optional text member of at most max characters; NULL after a 422. */
static const char *short_text(struct req *r, json_t *b, const char *key, size_t max)
{
    bool bad = false;
    const char *s = jsonbody_text(&r->arena, b, key, &bad);
    if (bad || (s && utf8_chars(s) > max)) {
        fail(r, 422, "text_invalid", M_FUND_E_TEXT);
        return NULL;
    }
    return s ? s : "";
}

static struct fund_line *line_by_id(struct fund_line *lines, int n, int64_t id)
{
    for (int i = 0; i < n; i++)
        if (lines[i].id == id)
            return &lines[i];
    return NULL;
}

/* The line totals of a reallocation of amount from line from to line to (a negative amount
 * for its reversal), the source first; false on a database error. */
static bool move_totals(struct req *r, int64_t from, int64_t to, int64_t amount)
{
    return db_exec(r->db,
                   "UPDATE fund_budget_line SET moved_out_fen = moved_out_fen + ? WHERE id = ?",
                   "ii", amount, from) == DB_DONE &&
           db_exec(r->db,
                   "UPDATE fund_budget_line SET moved_in_fen = moved_in_fen + ? WHERE id = ?", "ii",
                   amount, to) == DB_DONE;
}

static json_t *entry_reply(struct req *r, int64_t id)
{
    json_t *o = NULL;
    struct db_stmt *st = db_prepare(
        r->db, "SELECT id, kind, project_id, line_id, line_to_id, amount_fen, reversal_of,"
               " created_at FROM fund_entry WHERE id = ?");
    db_bind(st, "i", id);
    if (db_step(st) == DB_ROW) {
        o = json_pack("{s:I,s:s,s:o,s:I}", "id", (json_int_t)db_column_int(st, 0), "kind",
                      db_column_text(st, 1), "amount", fund_money_json(db_column_int(st, 5)),
                      "created_at", (json_int_t)db_column_int(st, 7));
        const char *ids[] = {"project_id", "line_id", "line_to_id"};
        for (int c = 0; c < 3; c++)
            json_object_set_new(o, ids[c],
                                db_column_null(st, 2 + c) ? json_null()
                                                          : json_integer(db_column_int(st, 2 + c)));
        json_object_set_new(o, "reversal_of",
                            db_column_null(st, 6) ? json_null()
                                                  : json_integer(db_column_int(st, 6)));
    }
    db_done(st);
    return o ? o : json_object();
}

void fund_expense_api(struct req *r)
{
    struct fund_project p;
    if (!fund_project_load(r, r->id, &p)) {
        fail(r, 404, "not_found", M_FUND_E_NOT_FOUND);
        return;
    }
    if (r->person_id != p.leader_id) {
        fail(r, 403, "forbidden", M_FUND_E_FORBIDDEN);
        return;
    }
    json_t *b = fund_body(r);
    if (!b)
        return;
    bool bad = false;
    int64_t line_id = jsonbody_int(b, "line_id", 0, &bad), amount = 0;
    const char *voucher, *note;
    if (bad || line_id <= 0) {
        fail(r, 422, "line_invalid", M_FUND_E_NOT_FOUND);
    } else if (fund_amount_member(r, b, "amount", true, &amount) &&
               (voucher = short_text(r, b, "voucher", FUND_VOUCHER_MAX)) &&
               (note = short_text(r, b, "note", FUND_VOUCHER_MAX))) {
        int n = 0;
        struct fund_line *lines = NULL, *l;
        if (!fund_lock(r, p.pool_id, p.id) || !fund_project_load(r, p.id, &p)) {
            fail(r, 404, "not_found", M_FUND_E_NOT_FOUND);
        } else if (!(lines = fund_lines_load(r, p.id, &n)) ||
                   !(l = line_by_id(lines, n, line_id))) {
            fail(r, 422, "line_invalid", M_FUND_E_NOT_FOUND);
        } else {
            enum ledger_err e = ledger_expense_check(p.status, p.pool_closed,
                                                     fund_line_available(l), l->spent, amount);
            int64_t id = 0;
            if (e != LEDGER_OK) {
                fund_fail_ledger(r, e);
            } else if (!(id = db_int(r->db, 0,
                                     "INSERT INTO fund_entry(pool_id, project_id, line_id, kind,"
                                     " amount_fen, voucher, note, created_by, created_at)"
                                     " VALUES (?, ?, ?, 'expense', ?, ?, ?, ?, ?) RETURNING id",
                                     "iiiissii", p.pool_id, p.id, l->id, amount, voucher, note,
                                     r->person_id, (int64_t)time(NULL))) ||
                       db_exec(r->db,
                               "UPDATE fund_budget_line SET spent_fen = spent_fen + ? WHERE id = ?",
                               "ii", amount, l->id) != DB_DONE) {
                fail(r, 500, "internal", M_ERR_INTERNAL);
            } else {
                r->status = 201;
                reply_json(r, entry_reply(r, id));
            }
        }
    }
    json_decref(b);
}

/* The entry of the route with its project; false after a 404. */
static bool entry_of_route(struct req *r, const char **kind, int64_t *project_id,
                           int64_t *created_by)
{
    struct db_stmt *st =
        db_prepare(r->db, "SELECT kind, project_id, created_by FROM fund_entry WHERE id = ?");
    db_bind(st, "i", r->id);
    bool found = db_step(st) == DB_ROW && !db_column_null(st, 1);
    if (found) {
        *kind = arena_strdup(&r->arena, db_column_text(st, 0));
        *project_id = db_column_int(st, 1);
        *created_by = db_column_int(st, 2);
    }
    db_done(st);
    if (!found)
        fail(r, 404, "not_found", M_FUND_E_NOT_FOUND);
    return found;
}

void fund_approval_api(struct req *r)
{
    const char *kind;
    int64_t project_id, created_by;
    struct fund_project p;
    if (!entry_of_route(r, &kind, &project_id, &created_by) ||
        !fund_project_load(r, project_id, &p))
        return;
    if (!fund_is_worker(r, p.area_path)) {
        fail(r, 403, "forbidden", M_FUND_E_FORBIDDEN);
    } else if (r->person_id == p.leader_id || r->person_id == created_by) {
        fail(r, 403, "own_expense", M_FUND_E_OWN_EXPENSE);
    } else if (strcmp(kind, "expense") != 0) {
        fund_fail_ledger(r, LEDGER_E_NOT_REVERSIBLE);
    } else if (!fund_lock(r, p.pool_id, p.id) || !fund_project_load(r, p.id, &p) || p.pool_closed) {
        /* Under the pool's lock like every ledger change, so an approval racing the lapse or
         * a reversal is decided after it: the closed year takes no approval. */
        fund_fail_ledger(r, LEDGER_E_CLOSED);
    } else if (db_int(r->db, 0, "SELECT id FROM fund_entry WHERE reversal_of = ?", "i", r->id)) {
        fund_fail_ledger(r, LEDGER_E_REVERSED); /* nothing left to approve */
    } else if (!db_int(r->db, 0, "SELECT count(*) FROM fund_voucher WHERE entry_id = ?", "i",
                       r->id)) {
        /* The worker approves the expense against its receipt (issue 6: each expense with a
         * voucher, a photo or PDF): without a file there is nothing to check it against. */
        fail(r, 409, "voucher_missing", M_FUND_E_VOUCHER_NONE);
    } else if (!db_int(r->db, 0,
                       "INSERT INTO fund_expense_approval(entry_id, approved_by, approved_at)"
                       " VALUES (?, ?, ?) ON CONFLICT (entry_id) DO NOTHING RETURNING entry_id",
                       "iii", r->id, r->person_id, (int64_t)time(NULL))) {
        fail(r, 409, "already_approved", M_FUND_E_APPROVED_ALREADY);
    } else {
        r->status = 201;
        json_t *o = entry_reply(r, r->id);
        json_object_set_new(o, "approved_by", json_integer(r->person_id));
        reply_json(r, o);
    }
}

void fund_reversal_api(struct req *r)
{
    const char *kind;
    int64_t project_id, created_by;
    struct fund_project p;
    if (!entry_of_route(r, &kind, &project_id, &created_by) ||
        !fund_project_load(r, project_id, &p))
        return;
    /* The leader corrects their own expenses; a reallocation is a worker's decision (the
     * leader cannot make one), so only a worker undoes it. */
    if (!fund_is_worker(r, p.area_path) &&
        (r->person_id != p.leader_id || strcmp(kind, "expense") != 0)) {
        fail(r, 403, "forbidden", M_FUND_E_FORBIDDEN);
        return;
    }
    json_t *b = fund_body(r);
    if (!b)
        return;
    const char *reason = short_text(r, b, "reason", FUND_REASON_MAX);
    if (reason && !hall_text_present(reason)) {
        fail(r, 422, "reason_required", M_FUND_E_REASON);
    } else if (reason) {
        int64_t line = 0, line_to = 0, amount = 0;
        struct db_stmt *st = db_prepare(
            r->db, "SELECT line_id, line_to_id, amount_fen FROM fund_entry WHERE id = ?");
        if (fund_lock(r, p.pool_id, p.id)) {
            db_bind(st, "i", r->id);
            if (db_step(st) == DB_ROW) {
                line = db_column_int(st, 0);
                line_to = db_column_null(st, 1) ? 0 : db_column_int(st, 1);
                amount = db_column_int(st, 2);
            }
        }
        db_done(st);
        int n;
        struct fund_line *lines = fund_lines_load(r, p.id, &n), *to = line_by_id(lines, n, line_to);
        enum ledger_err e = LEDGER_OK;
        if (!fund_project_load(r, p.id, &p))
            e = LEDGER_E_CLOSED;
        else if ((e = ledger_reverse_check(p.status, p.pool_closed)) != LEDGER_OK)
            ; /* the year is closed, or the project finished: its spending is final */
        else if (strcmp(kind, "expense") != 0 && strcmp(kind, "reallocate") != 0)
            e = LEDGER_E_NOT_REVERSIBLE;
        else if (db_int(r->db, 0, "SELECT id FROM fund_entry WHERE reversal_of = ?", "i", r->id))
            e = LEDGER_E_REVERSED;
        else if (to && fund_line_available(to) - to->spent < amount)
            e = LEDGER_E_OVER_LINE; /* the money moved was spent on the target line */
        int64_t id = 0;
        if (e != LEDGER_OK) {
            fund_fail_ledger(r, e);
        } else if (!(id = db_int(r->db, 0,
                                 "INSERT INTO fund_entry(pool_id, project_id, line_id, line_to_id,"
                                 " kind, amount_fen, reversal_of, note, created_by, created_at)"
                                 " VALUES (?, ?, ?, nullif(?, 0), 'reverse', ?, ?, ?, ?, ?)"
                                 " ON CONFLICT (reversal_of) DO NOTHING RETURNING id",
                                 "iiiiiisii", p.pool_id, p.id, line, line_to, -amount, r->id,
                                 reason, r->person_id, (int64_t)time(NULL)))) {
            fund_fail_ledger(r, LEDGER_E_REVERSED);
        } else if (to ? !move_totals(r, line, line_to, -amount)
                      : db_exec(
                            r->db,
                            "UPDATE fund_budget_line SET spent_fen = spent_fen - ? WHERE id = ?",
                            "ii", amount, line) != DB_DONE) {
            fail(r, 500, "internal", M_ERR_INTERNAL);
        } else {
            r->status = 201;
            reply_json(r, entry_reply(r, id));
        }
    }
    json_decref(b);
}

void fund_reallocation_api(struct req *r)
{
    struct fund_project p;
    if (!fund_project_load(r, r->id, &p)) {
        fail(r, 404, "not_found", M_FUND_E_NOT_FOUND);
        return;
    }
    if (!fund_is_worker(r, p.area_path)) {
        fail(r, 403, "forbidden", M_FUND_E_FORBIDDEN);
        return;
    }
    json_t *b = fund_body(r);
    if (!b)
        return;
    bool bad = false;
    int64_t from_id = jsonbody_int(b, "from_line_id", 0, &bad);
    int64_t to_id = jsonbody_int(b, "to_line_id", 0, &bad), amount = 0;
    const char *reason;
    if (fund_amount_member(r, b, "amount", true, &amount) &&
        (reason = short_text(r, b, "reason", FUND_REASON_MAX))) {
        int n;
        struct fund_line *lines, *from, *to;
        if (!hall_text_present(reason)) {
            fail(r, 422, "reason_required", M_FUND_E_REASON);
        } else if (!fund_lock(r, p.pool_id, p.id) || !fund_project_load(r, p.id, &p)) {
            fail(r, 404, "not_found", M_FUND_E_NOT_FOUND);
        } else if (bad || !(lines = fund_lines_load(r, p.id, &n)) ||
                   !(from = line_by_id(lines, n, from_id)) || !(to = line_by_id(lines, n, to_id))) {
            fail(r, 422, "line_invalid", M_FUND_E_NOT_FOUND);
        } else {
            enum ledger_err e = from == to ? LEDGER_E_SAME_LINE
                                           : ledger_reallocate_check(p.status, p.pool_closed,
                                                                     fund_line_available(from),
                                                                     from->spent, amount);
            int64_t id = 0;
            if (e != LEDGER_OK) {
                fund_fail_ledger(r, e);
            } else if (!(id = db_int(r->db, 0,
                                     "INSERT INTO fund_entry(pool_id, project_id, line_id,"
                                     " line_to_id, kind, amount_fen, note, created_by, created_at)"
                                     " VALUES (?, ?, ?, ?, 'reallocate', ?, ?, ?, ?) RETURNING id",
                                     "iiiiisii", p.pool_id, p.id, from->id, to->id, amount, reason,
                                     r->person_id, (int64_t)time(NULL))) ||
                       !move_totals(r, from->id, to->id, amount)) {
                fail(r, 500, "internal", M_ERR_INTERNAL);
            } else {
                r->status = 201;
                reply_json(r, entry_reply(r, id));
            }
        }
    }
    json_decref(b);
}

void fund_lapse_api(struct req *r)
{
    struct fund_pool pool;
    if (!fund_pool_load(r, r->id, &pool)) {
        fail(r, 404, "not_found", M_FUND_E_NOT_FOUND);
        return;
    }
    if (!fund_is_subdistrict(r, pool.area_path)) {
        fail(r, 403, "forbidden", M_FUND_E_FORBIDDEN);
        return;
    }
    int64_t now = (int64_t)time(NULL);
    /* Locks the pool: every expense waits for it and then finds the year closed. */
    if (!fund_lock(r, pool.id, 0) || !fund_pool_load(r, pool.id, &pool) || pool.closed_at) {
        fund_fail_ledger(r, LEDGER_E_CLOSED);
        return;
    }
    /* Every line with money left, counted first so none is missed however many there are. */
    int64_t lines = db_int(r->db, 0,
                           "SELECT count(*) FROM fund_budget_line l JOIN fund_project f"
                           " ON f.id = l.project_id WHERE f.pool_id = ?",
                           "i", pool.id);
    int64_t(*open)[3] = arena_alloc(&r->arena, sizeof *open * (size_t)(lines + 1));
    int64_t k = 0;
    struct db_stmt *st = db_prepare(
        r->db, "SELECT l.id, l.project_id, l.approved_fen + l.moved_in_fen - l.moved_out_fen"
               " - l.spent_fen - l.lapsed_fen FROM fund_budget_line l JOIN fund_project f"
               " ON f.id = l.project_id WHERE f.pool_id = ? AND f.status IN ('approved',"
               " 'in_progress','finished','evaluated') ORDER BY l.id");
    db_bind(st, "i", pool.id);
    while (k < lines && db_step(st) == DB_ROW) {
        open[k][0] = db_column_int(st, 0);
        open[k][1] = db_column_int(st, 1);
        open[k][2] = db_column_int(st, 2);
        k += open[k][2] > 0;
    }
    db_done(st);
    int64_t lapsed = 0, entries = 0;
    for (int64_t i = 0; i < k; i++) {
        if (db_exec(r->db,
                    "INSERT INTO fund_entry(pool_id, project_id, line_id, kind, amount_fen,"
                    " created_by, created_at) VALUES (?, ?, ?, 'lapse', ?, ?, ?)",
                    "iiiiii", pool.id, open[i][1], open[i][0], open[i][2], r->person_id,
                    now) != DB_DONE ||
            db_exec(r->db, "UPDATE fund_budget_line SET lapsed_fen = lapsed_fen + ? WHERE id = ?",
                    "ii", open[i][2], open[i][0]) != DB_DONE) {
            fail(r, 500, "internal", M_ERR_INTERNAL);
            return;
        }
        lapsed += open[i][2];
        entries++;
    }
    int64_t uncommitted = pool.amount[FUND_TYPE_PROJECT] - pool.committed;
    if (uncommitted > 0 &&
        db_exec(r->db,
                "INSERT INTO fund_entry(pool_id, kind, amount_fen, created_by, created_at)"
                " VALUES (?, 'lapse', ?, ?, ?)",
                "iiii", pool.id, uncommitted, r->person_id, now) != DB_DONE) {
        fail(r, 500, "internal", M_ERR_INTERNAL);
        return;
    }
    /* The working and service parts close too, each by an entry of its type: this ledger
     * records no spending of them, so the whole part is its open balance (docs/fund.md). */
    for (int t = FUND_TYPE_WORKING; t <= FUND_TYPE_SERVICE; t++) {
        if (pool.amount[t] > 0 &&
            db_exec(r->db,
                    "INSERT INTO fund_entry(pool_id, kind, amount_fen, fund_type, created_by,"
                    " created_at) VALUES (?, 'lapse', ?, ?, ?, ?)",
                    "iisii", pool.id, pool.amount[t], fund_type_key((enum fund_type)t),
                    r->person_id, now) != DB_DONE) {
            fail(r, 500, "internal", M_ERR_INTERNAL);
            return;
        }
        entries += pool.amount[t] > 0;
    }
    /* lapsed_fen stays the project part's lapse (lines and uncommitted), as the pool page and
     * the disclosure read it; the other parts' lapses are their entries. */
    if (db_exec(r->db,
                "UPDATE fund_pool SET closed_at = ?, closed_by = ?, lapsed_fen = ? WHERE id = ?",
                "iiii", now, r->person_id, lapsed + (uncommitted > 0 ? uncommitted : 0),
                pool.id) != DB_DONE) {
        fail(r, 500, "internal", M_ERR_INTERNAL);
        return;
    }
    reply_json(r, json_pack("{s:I,s:I,s:o,s:o,s:o,s:o}", "pool_id", (json_int_t)pool.id, "entries",
                            (json_int_t)(entries + (uncommitted > 0)), "lapsed_lines",
                            fund_money_json(lapsed), "lapsed_uncommitted",
                            fund_money_json(uncommitted > 0 ? uncommitted : 0), "lapsed_working",
                            fund_money_json(pool.amount[FUND_TYPE_WORKING]), "lapsed_service",
                            fund_money_json(pool.amount[FUND_TYPE_SERVICE])));
}

/* The entries of a project (project_id ≠ 0) or a pool, oldest first, at most 1,000 per page
 * (?page=N). Vouchers and notes only for the fund's officers and the leader. */
static void ledger_reply(struct req *r, int64_t pool_id, int64_t project_id, bool officer)
{
    enum { PAGE = 1000 };
    long long page = req_page(r);
    json_t *items = json_array();
    struct db_stmt *st = db_prepare(
        r->db,
        "SELECT e.id, e.kind, e.project_id, e.line_id, e.line_to_id, e.amount_fen, e.reversal_of,"
        " e.voucher, e.note, e.created_by, p.name, e.created_at, a.approved_by, a.approved_at,"
        " (SELECT x.id FROM fund_entry x WHERE x.reversal_of = e.id)"
        " FROM fund_entry e JOIN person p ON p.id = e.created_by"
        " LEFT JOIN fund_expense_approval a ON a.entry_id = e.id"
        " WHERE e.pool_id = ? AND (? = 0 OR e.project_id = ?) ORDER BY e.id LIMIT ? OFFSET ?");
    db_bind(st, "iiiii", pool_id, project_id, project_id, (int64_t)PAGE,
            (int64_t)((page - 1) * PAGE));
    while (db_step(st) == DB_ROW) {
        json_t *o = json_pack("{s:I,s:s,s:o,s:{s:I,s:s},s:I}", "id",
                              (json_int_t)db_column_int(st, 0), "kind", db_column_text(st, 1),
                              "amount", fund_money_json(db_column_int(st, 5)), "by", "id",
                              (json_int_t)db_column_int(st, 9), "name", db_column_text(st, 10),
                              "created_at", (json_int_t)db_column_int(st, 11));
        static const char *const ids[] = {"project_id", "line_id", "line_to_id", NULL,
                                          "reversal_of"};
        for (int c = 0; c < 5; c++)
            if (ids[c])
                json_object_set_new(o, ids[c],
                                    db_column_null(st, 2 + c)
                                        ? json_null()
                                        : json_integer(db_column_int(st, 2 + c)));
        json_object_set_new(o, "voucher",
                            officer ? json_string(db_column_text(st, 7)) : json_null());
        json_object_set_new(o, "note", officer ? json_string(db_column_text(st, 8)) : json_null());
        json_object_set_new(o, "approved_by",
                            db_column_null(st, 12) ? json_null()
                                                   : json_integer(db_column_int(st, 12)));
        json_object_set_new(o, "reversed_by",
                            db_column_null(st, 14) ? json_null()
                                                   : json_integer(db_column_int(st, 14)));
        json_array_append_new(items, o);
    }
    db_done(st);
    reply_json(r, json_pack("{s:o,s:I}", "items", items, "page", (json_int_t)page));
}

void fund_project_ledger_api(struct req *r)
{
    struct fund_project p;
    if (!fund_project_load(r, r->id, &p)) {
        fail(r, 404, "not_found", M_FUND_E_NOT_FOUND);
        return;
    }
    bool officer = fund_is_worker(r, p.area_path) || fund_is_subdistrict(r, p.area_path) ||
                   r->person_id == p.leader_id;
    if (!officer && !fund_may_read(r, p.area_path)) {
        fail(r, 403, "forbidden", M_FUND_E_FORBIDDEN);
        return;
    }
    ledger_reply(r, p.pool_id, p.id, officer);
}

void fund_pool_ledger_api(struct req *r)
{
    struct fund_pool pool;
    if (!fund_pool_load(r, r->id, &pool)) {
        fail(r, 404, "not_found", M_FUND_E_NOT_FOUND);
        return;
    }
    bool officer = fund_is_worker(r, pool.area_path) || fund_is_subdistrict(r, pool.area_path);
    if (!officer && !fund_may_read(r, pool.area_path)) {
        fail(r, 403, "forbidden", M_FUND_E_FORBIDDEN);
        return;
    }
    ledger_reply(r, pool.id, 0, officer);
}
