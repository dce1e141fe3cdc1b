/* The project status machine as one table of steps; see project_status.h. */
#include "fund/project_status.h"

#include <string.h>

/* Every step there is, and who takes it. Anything not listed does not exist. */
static const struct step {
    enum fund_status from, to;
    enum fund_actor actor;
    bool reason;
} steps[] = {
    {FUND_DRAFT, FUND_HALL_APPROVED, FUND_ACTOR_HALL, false},
    {FUND_HALL_APPROVED, FUND_SUBMITTED, FUND_ACTOR_HALL, false},
    {FUND_SUBMITTED, FUND_APPROVED, FUND_ACTOR_SUBDISTRICT, false},
    {FUND_SUBMITTED, FUND_RETURNED, FUND_ACTOR_SUBDISTRICT, true},
    {FUND_SUBMITTED, FUND_REJECTED, FUND_ACTOR_SUBDISTRICT, true},
    {FUND_RETURNED, FUND_DRAFT, FUND_ACTOR_HALL, false},
    {FUND_APPROVED, FUND_IN_PROGRESS, FUND_ACTOR_LEADER, false},
    {FUND_IN_PROGRESS, FUND_FINISHED, FUND_ACTOR_LEADER, false},
    {FUND_FINISHED, FUND_EVALUATED, FUND_ACTOR_HALL, false},
};

static const struct step *find(enum fund_status from, enum fund_status to)
{
    for (size_t i = 0; i < sizeof steps / sizeof steps[0]; i++)
        if (steps[i].from == from && steps[i].to == to)
            return &steps[i];
    return NULL;
}

enum fund_step_err fund_step_check(enum fund_status from, enum fund_status to,
                                   enum fund_actor actor, bool reason_given)
{
    const struct step *s = find(from, to);
    if (!s)
        return FUND_STEP_NO_SUCH_STEP;
    if (s->actor != actor)
        return FUND_STEP_ROLE;
    if (s->reason && !reason_given)
        return FUND_STEP_REASON;
    return FUND_STEP_OK;
}

bool fund_step_needs_reason(enum fund_status from, enum fund_status to)
{
    const struct step *s = find(from, to);
    return s && s->reason;
}

bool fund_status_spendable(enum fund_status s)
{
    return s == FUND_IN_PROGRESS;
}

bool fund_status_is_final(enum fund_status s)
{
    return s == FUND_REJECTED || s == FUND_EVALUATED;
}

bool fund_status_commits(enum fund_status s)
{
    return s == FUND_APPROVED || s == FUND_IN_PROGRESS || s == FUND_FINISHED || s == FUND_EVALUATED;
}

static const char *const keys[FUND_STATUS_COUNT] = {
    "draft",    "hall_approved", "submitted", "approved",  "returned",
    "rejected", "in_progress",   "finished",  "evaluated",
};
static const char *const names[2][FUND_STATUS_COUNT] = {
    {"草拟", "议事厅通过", "已申报", "已批准", "已退回", "不予批准", "实施中", "结项", "已评价"},
    {"Draft", "Passed by the hall", "Submitted", "Approved", "Returned", "Rejected", "In progress",
     "Finished", "Evaluated"},
};

const char *fund_status_key(enum fund_status s)
{
    return (unsigned)s < FUND_STATUS_COUNT ? keys[s] : "?";
}

int fund_status_parse(const char *key)
{
    for (int i = 0; key && i < FUND_STATUS_COUNT; i++)
        if (strcmp(key, keys[i]) == 0)
            return i;
    return -1;
}

const char *fund_status_name(enum fund_status s, int lang)
{
    return (unsigned)s < FUND_STATUS_COUNT ? names[lang == 1][s] : "?";
}

const char *fund_actor_key(enum fund_actor a)
{
    static const char *const k[FUND_ACTOR_COUNT] = {"hall", "subdistrict", "leader", "worker"};
    return (unsigned)a < FUND_ACTOR_COUNT ? k[a] : "?";
}

const char *fund_step_err_code(enum fund_step_err e)
{
    static const char *const k[FUND_STEP_ERR_COUNT] = {"ok", "step_not_allowed", "step_role",
                                                       "reason_required"};
    return (unsigned)e < FUND_STEP_ERR_COUNT ? k[e] : "step_not_allowed";
}
