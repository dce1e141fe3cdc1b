/* The life of a 自治金 project, as one pure check of each status change (DOMAIN.md §4):
 *
 *   草拟 → 议事厅通过 → 已申报 → 已批准 | 已退回 | 不予批准;  已退回 → 草拟;
 *   已批准 → 实施中 → 结项 → 已评价
 *
 * Who takes each step: the hall's staff draft, pass (after the hall's poll or meeting motion),
 * submit, redraft a returned project and evaluate it (the hall holds 策划权 and 评价权); the
 * subdistrict (街道 自治金 office) approves, returns or rejects; the project leader starts and
 * finishes the work. Returning and rejecting need a written reason. A 居委 worker approves
 * expenses, which is no status step (see ledger_rules.h). No I/O; tested as a full matrix in
 * tests/unit/test_fund_status.c. */
#ifndef MULIN_FUND_PROJECT_STATUS_H
#define MULIN_FUND_PROJECT_STATUS_H
#include <stdbool.h>
#include <stddef.h>

enum fund_status {
    FUND_DRAFT,         /* 草拟: the hall writes the application */
    FUND_HALL_APPROVED, /* 议事厅通过: the hall voted to submit it */
    FUND_SUBMITTED,     /* 已申报: with the subdistrict for review */
    FUND_APPROVED,      /* 已批准: an amount is approved per budget line */
    FUND_RETURNED,      /* 已退回: sent back with a reason, to be redrafted */
    FUND_REJECTED,      /* 不予批准: refused with a reason (final) */
    FUND_IN_PROGRESS,   /* 实施中: being carried out; expenses are recorded only now */
    FUND_FINISHED,      /* 结项: the work is done; no more expenses */
    FUND_EVALUATED,     /* 已评价: the hall has evaluated it (final) */
    FUND_STATUS_COUNT
};

enum fund_actor {
    FUND_ACTOR_HALL,        /* the hall's staff (ACT_RESOLVE on the hall) */
    FUND_ACTOR_SUBDISTRICT, /* the subdistrict's fund office (ACT_FUND_REVIEW) */
    FUND_ACTOR_LEADER,      /* the project's leader (负责人) */
    FUND_ACTOR_WORKER,      /* a 居委 worker (ACT_FUND_APPROVE_EXPENSE) */
    FUND_ACTOR_COUNT
};

enum fund_step_err {
    FUND_STEP_OK,
    FUND_STEP_NO_SUCH_STEP, /* no such step from the current status */
    FUND_STEP_ROLE,         /* the step exists but this actor may not take it */
    FUND_STEP_REASON,       /* the step needs a written reason */
    FUND_STEP_ERR_COUNT
};

/* Whether actor may move a project from → to; reason_given says a reason was written. Checks in
 * this order: the step exists, the actor may take it, the reason is there when needed. */
enum fund_step_err fund_step_check(enum fund_status from, enum fund_status to,
                                   enum fund_actor actor, bool reason_given);
/* True when from → to needs a reason (return, reject); false when there is no such step. */
bool fund_step_needs_reason(enum fund_status from, enum fund_status to);
/* True in the one status in which money may be spent (实施中). */
bool fund_status_spendable(enum fund_status s);
/* True for statuses no step leaves (rejected, evaluated). */
bool fund_status_is_final(enum fund_status s);
/* True while the project's approved amount counts against its pool: approved, in progress,
 * finished and evaluated (a finished project's unspent money lapses only at year end). */
bool fund_status_commits(enum fund_status s);

/* Stable names ("hall_approved") and back (-1 for unknown); names people read ("议事厅通过"),
 * "?" when out of range; lang as HALL_LANG_*. */
const char *fund_status_key(enum fund_status s);
int fund_status_parse(const char *key);
const char *fund_status_name(enum fund_status s, int lang);
const char *fund_actor_key(enum fund_actor a);
/* Stable API codes ("step_not_allowed", "step_role", "reason_required"). */
const char *fund_step_err_code(enum fund_step_err e);

#endif
