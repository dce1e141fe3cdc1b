/* Loading the fund's rows, locking, who the reader is, and refusals; see fund_store.h. */
#include "fund/fund_store.h"

#include <jansson.h>
#include <string.h>

#include "db/db.h"
#include "hall/topic_store.h"
#include "org/guard.h"
#include "web/respond.h"

bool fund_pool_load(struct req *r, int64_t id, struct fund_pool *out)
{
    struct db_stmt *st = db_prepare(
        r->db, "SELECT p.id, p.area_node_id, p.year, n.name, n.path, p.working_fen,"
               " p.service_fen, p.project_fen, p.share_num, p.share_den, p.committed_fen,"
               " p.lapsed_fen, p.closed_at,"
               " (SELECT coalesce(sum(e.amount_fen), 0) FROM fund_entry e WHERE e.pool_id = p.id"
               "  AND e.kind = 'lapse' AND e.fund_type = 'working'),"
               " (SELECT coalesce(sum(e.amount_fen), 0) FROM fund_entry e WHERE e.pool_id = p.id"
               "  AND e.kind = 'lapse' AND e.fund_type = 'service')"
               " FROM fund_pool p JOIN node n ON n.id = p.area_node_id WHERE p.id = ?");
    db_bind(st, "i", id);
    bool found = db_step(st) == DB_ROW;
    if (found) {
        *out = (struct fund_pool){
            .id = db_column_int(st, 0),
            .area_node_id = db_column_int(st, 1),
            .year = db_column_int(st, 2),
            .area_name = arena_strdup(&r->arena, db_column_text(st, 3)),
            .area_path = arena_strdup(&r->arena, db_column_text(st, 4)),
            .amount = {db_column_int(st, 5), db_column_int(st, 6), db_column_int(st, 7)},
            .share_num = db_column_int(st, 8),
            .share_den = db_column_int(st, 9),
            .committed = db_column_int(st, 10),
            .lapsed = db_column_int(st, 11),
            .closed_at = db_column_null(st, 12) ? 0 : db_column_int(st, 12),
            .lapsed_type = {db_column_int(st, 13), db_column_int(st, 14), db_column_int(st, 11)},
        };
    }
    db_done(st);
    return found;
}

bool fund_project_load(struct req *r, int64_t id, struct fund_project *out)
{
    struct db_stmt *st = db_prepare(
        r->db,
        "SELECT f.id, f.pool_id, f.hall_node_id, f.topic_id, f.resolution_id, f.meeting_id,"
        " f.leader_id, h.path, a.path, l.name, f.name, f.background, f.goals, f.beneficiaries,"
        " f.plan, f.targets, f.own_fen, f.total_fen, f.approved_fen, f.status, f.created_at,"
        " p.closed_at FROM fund_project f JOIN fund_pool p ON p.id = f.pool_id"
        " JOIN node h ON h.id = f.hall_node_id JOIN node a ON a.id = p.area_node_id"
        " JOIN person l ON l.id = f.leader_id WHERE f.id = ?");
    db_bind(st, "i", id);
    bool found = db_step(st) == DB_ROW;
    if (found) {
        struct arena *a = &r->arena;
        int status = fund_status_parse(db_column_text(st, 19));
        *out = (struct fund_project){
            .id = db_column_int(st, 0),
            .pool_id = db_column_int(st, 1),
            .hall_node_id = db_column_int(st, 2),
            .topic_id = db_column_int(st, 3),
            .resolution_id = db_column_null(st, 4) ? 0 : db_column_int(st, 4),
            .meeting_id = db_column_null(st, 5) ? 0 : db_column_int(st, 5),
            .leader_id = db_column_int(st, 6),
            .hall_path = arena_strdup(a, db_column_text(st, 7)),
            .area_path = arena_strdup(a, db_column_text(st, 8)),
            .leader_name = arena_strdup(a, db_column_text(st, 9)),
            .name = arena_strdup(a, db_column_text(st, 10)),
            .background = arena_strdup(a, db_column_text(st, 11)),
            .goals = arena_strdup(a, db_column_text(st, 12)),
            .beneficiaries = arena_strdup(a, db_column_text(st, 13)),
            .plan = arena_strdup(a, db_column_text(st, 14)),
            .targets = arena_strdup(a, db_column_text(st, 15)),
            .own = db_column_int(st, 16),
            .total = db_column_int(st, 17),
            .approved = db_column_int(st, 18),
            .status = status < 0 ? FUND_DRAFT : (enum fund_status)status,
            .created_at = db_column_int(st, 20),
            .pool_closed = !db_column_null(st, 21),
        };
    }
    db_done(st);
    return found;
}

struct fund_line *fund_lines_load(struct req *r, int64_t project_id, int *n)
{
    struct fund_line *lines = arena_alloc(&r->arena, sizeof *lines * LEDGER_LINES_MAX);
    *n = 0;
    struct db_stmt *st = db_prepare(
        r->db, "SELECT id, pos, name, asked_fen, approved_fen, moved_in_fen, moved_out_fen,"
               " spent_fen, lapsed_fen FROM fund_budget_line WHERE project_id = ? ORDER BY pos");
    db_bind(st, "i", project_id);
    while (*n < LEDGER_LINES_MAX && db_step(st) == DB_ROW) {
        lines[(*n)++] = (struct fund_line){
            .id = db_column_int(st, 0),
            .pos = db_column_int(st, 1),
            .name = arena_strdup(&r->arena, db_column_text(st, 2)),
            .asked = db_column_int(st, 3),
            .approved = db_column_int(st, 4),
            .moved_in = db_column_int(st, 5),
            .moved_out = db_column_int(st, 6),
            .spent = db_column_int(st, 7),
            .lapsed = db_column_int(st, 8),
        };
    }
    db_done(st);
    return lines;
}

int64_t fund_line_available(const struct fund_line *l)
{
    return l->approved + l->moved_in - l->moved_out;
}

bool fund_lock(struct req *r, int64_t pool_id, int64_t project_id)
{
    if (db_int(r->db, 0, "UPDATE fund_pool SET year = year WHERE id = ? RETURNING id", "i",
               pool_id) != pool_id)
        return false;
    return project_id == 0 ||
           db_int(r->db, 0, "UPDATE fund_project SET status = status WHERE id = ? RETURNING id",
                  "i", project_id) == project_id;
}

bool fund_is_subdistrict(struct req *r, const char *area_path)
{
    return may(r, area_path, ACT_FUND_REVIEW);
}

bool fund_is_worker(struct req *r, const char *area_path)
{
    return may(r, area_path, ACT_FUND_EXPENSE);
}

bool fund_is_hall(struct req *r, const char *hall_path)
{
    /* The subdistrict's admins hold the hall's powers everywhere, but the fund separates the
     * two: the hall plans, submits and evaluates; the subdistrict reviews. So an admin grant
     * does not make its holder the hall here (else one person could pass, submit and approve
     * the same project alone). */
    for (size_t i = 0; i < r->ngrants; i++)
        if (r->grants[i].role != ROLE_ADMIN &&
            perm_allows(&r->grants[i], 1, hall_path, ACT_RESOLVE))
            return true;
    return false;
}

bool fund_may_read(struct req *r, const char *area_path)
{
    return may(r, area_path, ACT_VIEW_STATS) || may(r, area_path, ACT_FUND_REVIEW) ||
           hall_household(r, area_path) != 0;
}

bool fund_project_readable(struct req *r, struct fund_project *p)
{
    if (!fund_project_load(r, r->id, p)) {
        fail(r, 404, "not_found", M_FUND_E_NOT_FOUND);
        return false;
    }
    if (!fund_may_read(r, p->area_path) && r->person_id != p->leader_id) {
        fail(r, 403, "forbidden", M_FUND_E_FORBIDDEN);
        return false;
    }
    return true;
}

void fund_fail_ledger(struct req *r, enum ledger_err e)
{
    static const enum msg msgs[LEDGER_ERR_COUNT] = {
        [LEDGER_OK] = M_FUND_E_STATUS,
        [LEDGER_E_AMOUNT] = M_FUND_AMOUNT_INVALID,
        [LEDGER_E_CLOSED] = M_FUND_E_CLOSED,
        [LEDGER_E_OVER_LINE] = M_FUND_E_OVER_LINE,
        [LEDGER_E_OVER_POOL] = M_FUND_E_OVER_POOL,
        [LEDGER_E_OVER_ASKED] = M_FUND_E_OVER_ASKED,
        [LEDGER_E_SAME_LINE] = M_FUND_E_SAME_LINE,
        [LEDGER_E_NOT_FOUND] = M_FUND_E_NOT_FOUND,
        [LEDGER_E_REVERSED] = M_FUND_E_REVERSED,
        [LEDGER_E_NOT_REVERSIBLE] = M_FUND_E_NOT_REVERSIBLE,
        [LEDGER_E_SHARE] = M_FUND_E_SHARE,
        [LEDGER_E_STATUS] = M_FUND_E_STATUS,
        [LEDGER_E_FULL] = M_FUND_E_LINES,
        [LEDGER_E_FINISHED] = M_FUND_E_FINISHED,
    };
    enum msg m = (unsigned)e < LEDGER_ERR_COUNT ? msgs[e] : M_FUND_E_STATUS;
    fail(r, ledger_err_status(e), ledger_err_code(e), m);
}

void fund_fail_amount(struct req *r, enum money_err e)
{
    static const enum msg msgs[MONEY_ERR_COUNT] = {
        [MONEY_OK] = M_FUND_AMOUNT_INVALID,          [MONEY_EMPTY] = M_FUND_AMOUNT_EMPTY,
        [MONEY_NEGATIVE] = M_FUND_AMOUNT_NEGATIVE,   [MONEY_DECIMALS] = M_FUND_AMOUNT_DECIMALS,
        [MONEY_SEPARATOR] = M_FUND_AMOUNT_SEPARATOR, [MONEY_INVALID] = M_FUND_AMOUNT_INVALID,
        [MONEY_TOO_LARGE] = M_FUND_AMOUNT_TOO_LARGE, [MONEY_ZERO] = M_FUND_AMOUNT_ZERO,
    };
    fail(r, 422, money_err_code(e),
         (unsigned)e < MONEY_ERR_COUNT ? msgs[e] : M_FUND_AMOUNT_INVALID);
}

bool fund_amount_member(struct req *r, const json_t *obj, const char *key, bool positive,
                        int64_t *fen)
{
    json_t *v = json_object_get(obj, key);
    json_t *f = json_object_get(obj, arena_printf(&r->arena, "%s_fen", key));
    enum money_err e;
    if (f && !json_is_null(f) && v && !json_is_null(v)) {
        e = MONEY_INVALID; /* both: which one was meant would be guesswork */
    } else if (f && !json_is_null(f)) {
        if (!json_is_integer(f)) {
            e = MONEY_INVALID;
        } else {
            json_int_t n = json_integer_value(f);
            e = n < 0                ? MONEY_NEGATIVE
                : n > MONEY_MAX_FEN  ? MONEY_TOO_LARGE
                : n == 0 && positive ? MONEY_ZERO
                                     : MONEY_OK;
            if (e == MONEY_OK)
                *fen = (int64_t)n;
        }
    } else if (!v || json_is_null(v)) {
        e = MONEY_EMPTY;
    } else if (!json_is_string(v)) {
        e = MONEY_INVALID; /* a JSON number would be read as yuan or fen by guesswork */
    } else {
        e = positive ? money_parse_positive(json_string_value(v), fen)
                     : money_parse(json_string_value(v), fen);
    }
    if (e != MONEY_OK)
        fund_fail_amount(r, e);
    return e == MONEY_OK;
}

json_t *fund_money_json(int64_t fen)
{
    char text[48];
    money_format(fen, text, sizeof text);
    return json_pack("{s:I,s:s}", "fen", (json_int_t)fen, "text", text);
}
