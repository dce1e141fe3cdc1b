/* The fund's rows as the API reads them, the locks every ledger change takes, and who the
 * reader is to a pool or project. SQL for both engines; the rules themselves are in
 * ledger_rules.h and project_status.h.
 *
 * Locking: every request that changes the ledger first locks the pool row, then the project row
 * (UPDATE ... SET x = x ... RETURNING: a row lock on PostgreSQL, and SQLite's write transaction
 * serialises writers anyway), then reads the line totals, checks, and writes. Two expenses at
 * the same moment therefore run one after the other and the second sees the first; the same
 * order everywhere (pool, then project) means no deadlock. */
#ifndef MULIN_FUND_STORE_H
#define MULIN_FUND_STORE_H
#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "fund/ledger_rules.h"
#include "fund/money.h"
#include "http/req.h"

struct fund_pool {
    int64_t id, area_node_id, year;
    const char *area_name, *area_path;
    int64_t amount[FUND_TYPE_COUNT];
    int64_t share_num, share_den, committed, lapsed;
    int64_t closed_at; /* 0 while open */
    /* What lapsed at year end per fund type: the working and service parts from their lapse
     * entries, the project part = lapsed (lines and the uncommitted part). */
    int64_t lapsed_type[FUND_TYPE_COUNT];
};

struct fund_project {
    int64_t id, pool_id, hall_node_id, topic_id, resolution_id, meeting_id, leader_id;
    const char *hall_path, *area_path, *leader_name;
    const char *name, *background, *goals, *beneficiaries, *plan, *targets;
    int64_t own, total, approved;
    enum fund_status status;
    int64_t created_at;
    bool pool_closed;
};

struct fund_line {
    int64_t id, pos;
    const char *name;
    int64_t asked, approved, moved_in, moved_out, spent, lapsed;
};

/* Loads a pool (with its area's path); false when there is none. */
bool fund_pool_load(struct req *r, int64_t id, struct fund_pool *out);
/* Loads a project; false when there is none. */
bool fund_project_load(struct req *r, int64_t id, struct fund_project *out);
/* Its lines in order, in r->arena; the count in *n. */
struct fund_line *fund_lines_load(struct req *r, int64_t project_id, int *n);
/* The line's totals as the ledger rules read them. */
int64_t fund_line_available(const struct fund_line *l);

/* Locks the pool row, then (when project_id ≠ 0) the project row, for the rest of the
 * transaction. False when either is gone. */
bool fund_lock(struct req *r, int64_t pool_id, int64_t project_id);

/* Who the reader is. */
bool fund_is_subdistrict(struct req *r, const char *area_path); /* ACT_FUND_REVIEW */
bool fund_is_worker(struct req *r, const char *area_path);      /* ACT_FUND_EXPENSE */
/* ACT_RESOLVE on the hall from a role other than the subdistrict's admin (see fund_store.c). */
bool fund_is_hall(struct req *r, const char *hall_path);
/* May read the area's fund: its residents, staff with statistics, the fund's officers. */
bool fund_may_read(struct req *r, const char *area_path);
/* Loads the route's project (r->id) for a reader of its area or its leader; false after a
 * 404 or 403 (one check for the project's API, page and evaluation). */
bool fund_project_readable(struct req *r, struct fund_project *p);

/* Answers a ledger refusal with its status, code and message. */
void fund_fail_ledger(struct req *r, enum ledger_err e);
/* Answers a bad amount (422) with its code ("amount_decimals") and message. */
void fund_fail_amount(struct req *r, enum money_err e);
/* Reads the amount member key of obj: a string as typed ("1,234.50", read by money_parse), or
 * key_fen as an integer number of fen, not both (amount_invalid). positive refuses zero. On a
 * refusal answers 422 and returns false. */
bool fund_amount_member(struct req *r, const json_t *obj, const char *key, bool positive,
                        int64_t *fen);

/* JSON of an amount: {"fen": n, "text": "¥1,234.50"}. */
json_t *fund_money_json(int64_t fen);

#endif
