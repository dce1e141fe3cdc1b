/* The ledger rules of the self-governance fund, as pure checks and as a small in-memory model
 * of one pool that the property test (tests/unit/test_fund_property.c) drives with random
 * operations. No I/O. The store (fund_store.c) makes the same checks with the same functions
 * (ledger_*_check) inside the request's transaction after locking the project row.
 *
 * A pool is one residential area's money for one year, split into fund types (working,
 * service, self-governance projects) with a share rule: the project part is at least
 * share_num/share_den of the whole (吴淞: ≥ 30%). Projects draw on the project part: an approval
 * commits an amount per budget line; the leader spends against a line; a mistake is corrected by
 * a reversing entry, never by changing one; money may be moved between lines of the same
 * project (reallocation); at year end whatever is open lapses through explicit lapse entries.
 *
 * Invariants (ledger_check): for every line, 0 ≤ spent ≤ approved + moved in − moved out;
 * Σ line budgets = the project's total and Σ approved lines = its approved amount; a project's
 * spending ≤ its approved amount; Σ approved of committing projects ≤ the pool's project part;
 * after the lapse every open balance is zero and each lapsed amount has its entry; entries
 * refer only to earlier entries and each is reversed at most once. */
#ifndef MULIN_FUND_LEDGER_RULES_H
#define MULIN_FUND_LEDGER_RULES_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "fund/project_status.h"

enum fund_type {
    FUND_TYPE_WORKING, /* 办公/行政工作经费 */
    FUND_TYPE_SERVICE, /* 服务经费 */
    FUND_TYPE_PROJECT, /* 自治项目经费: what projects draw on */
    FUND_TYPE_COUNT
};

enum ledger_kind {
    LEDGER_APPROVE,    /* the subdistrict approves an amount for a line */
    LEDGER_EXPENSE,    /* money spent on a line, with a voucher */
    LEDGER_REVERSE,    /* cancels one earlier expense or reallocation, by its negative */
    LEDGER_REALLOCATE, /* moves money from one line to another of the same project */
    LEDGER_LAPSE,      /* year end: an open balance (a line, or the pool's uncommitted part) */
    LEDGER_KIND_COUNT
};

enum ledger_err {
    LEDGER_OK,
    LEDGER_E_AMOUNT,         /* not positive, or above MONEY_MAX_FEN */
    LEDGER_E_CLOSED,         /* the project is not being carried out, or the year is closed */
    LEDGER_E_OVER_LINE,      /* more than the line has left */
    LEDGER_E_OVER_POOL,      /* the approval would commit more than the pool's project part */
    LEDGER_E_OVER_ASKED,     /* a line approved above what was asked for it */
    LEDGER_E_SAME_LINE,      /* a reallocation from a line to itself */
    LEDGER_E_NOT_FOUND,      /* no such project, line or entry */
    LEDGER_E_REVERSED,       /* the entry was reversed already */
    LEDGER_E_NOT_REVERSIBLE, /* approvals, lapses and reversals are not reversed */
    LEDGER_E_SHARE,          /* the pool's parts break the share rule or do not add up */
    LEDGER_E_STATUS,         /* the project is not in the status the operation needs */
    LEDGER_E_FULL,           /* the model's fixed capacity (never in the store) */
    LEDGER_E_FINISHED,       /* the project is 结项 or 已评价: its spending is final */
    LEDGER_ERR_COUNT
};

/* Limits of one project (documented in openapi/fund.json): budget lines per project. */
#define LEDGER_LINES_MAX 20

/* Stable API code ("over_line") and the HTTP status it maps to (409 or 422). */
const char *ledger_err_code(enum ledger_err e);
int ledger_err_status(enum ledger_err e);
const char *ledger_kind_key(enum ledger_kind k);
int ledger_kind_parse(const char *key);
const char *fund_type_key(enum fund_type t);

/* ---- checks shared by the model and the store ---- */

/* The pool's parts: each 0..MONEY_MAX_FEN, their sum ≤ MONEY_MAX_FEN, the project part ≥
 * share_num/share_den of the sum (cross-multiplied), 0 ≤ share_num ≤ share_den ≤ 1000. */
enum ledger_err ledger_pool_check(const int64_t amount[FUND_TYPE_COUNT], int64_t share_num,
                                  int64_t share_den);
/* An approval of `approving` fen when `committed` is already committed out of `project_part`. */
enum ledger_err ledger_commit_check(int64_t project_part, int64_t committed, int64_t approving);
/* An expense of amount on a line with `available` (approved ± moved) and `spent`, on a project
 * in status s, in a year that is (not) closed. */
enum ledger_err ledger_expense_check(enum fund_status s, bool year_closed, int64_t available,
                                     int64_t spent, int64_t amount);
/* Moving amount off a line with available/spent (the target line is any other of the same
 * project). Allowed while approved or in progress. */
enum ledger_err ledger_reallocate_check(enum fund_status s, bool year_closed, int64_t available,
                                        int64_t spent, int64_t amount);

/* A reversal of an entry of a project in status s. Refused once the project is finished or
 * evaluated: the hall grades the spending as it stood at 结项, and a grade once published must
 * not be about other numbers (DOMAIN.md §4 names no correction after 结项). */
enum ledger_err ledger_reverse_check(enum fund_status s, bool year_closed);

/* ---- the model ---- */

#define LEDGER_PROJECTS_MAX 8
#define LEDGER_ENTRIES_MAX 512

struct ledger_entry {
    enum ledger_kind kind;
    int project;         /* index, or -1 for the pool's uncommitted lapse */
    int line;            /* index in the project (the source of a reallocation), or -1 */
    int line_to;         /* the target of a reallocation, else -1 */
    int64_t amount;      /* fen; a reversal carries the negative of what it reverses */
    int reversal_of;     /* the reversed entry's index, else -1 */
    enum fund_type type; /* the fund type the money belongs to: PROJECT but for the year-end
                          * lapse of the working and service parts */
};

struct ledger_line {
    int64_t asked;     /* requested in the application */
    int64_t approved;  /* approved by the subdistrict */
    int64_t moved_in;  /* reallocated to this line (net of reversals) */
    int64_t moved_out; /* reallocated off this line (net of reversals) */
    int64_t spent;     /* expenses net of reversals */
    int64_t lapsed;    /* closed at year end */
};

struct ledger_project {
    enum fund_status status;
    int64_t total;    /* the application's total: Σ asked */
    int64_t approved; /* Σ approved */
    int nlines;
    struct ledger_line lines[LEDGER_LINES_MAX];
};

struct ledger_pool {
    int64_t amount[FUND_TYPE_COUNT];
    int64_t share_num, share_den;
    bool closed;                          /* the year-end lapse is done */
    int64_t lapsed_uncommitted;           /* the project part nobody committed, lapsed */
    int64_t lapsed_part[FUND_TYPE_COUNT]; /* the working and service parts, lapsed whole (the
                                           * ledger records no spending of them) */
    int nprojects;
    struct ledger_project projects[LEDGER_PROJECTS_MAX];
    int nentries;
    struct ledger_entry entries[LEDGER_ENTRIES_MAX];
};

/* A new pool; LEDGER_E_SHARE when ledger_pool_check refuses the parts. */
enum ledger_err ledger_pool_init(struct ledger_pool *p, const int64_t amount[FUND_TYPE_COUNT],
                                 int64_t share_num, int64_t share_den);
/* A submitted project with lines asking asked[0..n); *id is its index. */
enum ledger_err ledger_project_add(struct ledger_pool *p, const int64_t *asked, int n, int *id);
/* The subdistrict approves approved[0..nlines) (each ≤ asked, zero allowed, total > 0): one
 * approve entry per nonzero line, status → approved; all or nothing. */
enum ledger_err ledger_approve(struct ledger_pool *p, int project, const int64_t *approved);
/* The leader starts (approved → in progress) or finishes (in progress → finished). */
enum ledger_err ledger_start(struct ledger_pool *p, int project);
enum ledger_err ledger_finish(struct ledger_pool *p, int project);
enum ledger_err ledger_spend(struct ledger_pool *p, int project, int line, int64_t amount);
enum ledger_err ledger_reallocate(struct ledger_pool *p, int project, int from, int to,
                                  int64_t amount);
/* Reverses entry e (an expense or a reallocation, not yet reversed, before the lapse). A
 * reallocation is reversed only while its target line still has the amount unspent. */
enum ledger_err ledger_reverse(struct ledger_pool *p, int e);
/* Year end: one lapse entry per line with an open balance (approved projects of any status),
 * one for the uncommitted project part, and one each for the working and service parts (their
 * open balance is the whole part: this ledger records no spending of them, see docs/fund.md);
 * then the pool is closed. */
enum ledger_err ledger_lapse(struct ledger_pool *p);

/* What a line may still spend: approved + moved in − moved out − spent − lapsed. */
int64_t ledger_line_open(const struct ledger_line *l);
/* Σ approved of the projects that commit (fund_status_commits). */
int64_t ledger_committed(const struct ledger_pool *p);

/* Checks every invariant by recomputing all totals from the entries alone and comparing them
 * with the pool's state. Returns NULL when all hold, else a static text naming the first broken
 * one (for the test's failure message). */
const char *ledger_check(const struct ledger_pool *p);

#endif
