#include "hall/topic_status.h"

#include <string.h>

#define A(x) (1u << (x))

/* Who screens and runs the hall's list: the 居委会 (workers, and the subdistrict above them) and
 * the hall's standing directors. */
#define HALL_OFFICERS (A(ACTOR_DIRECTOR) | A(ACTOR_WORKER) | A(ACTOR_ADMIN))
/* The 居委会 alone: the steps that use its channels (notice board, 网格, 12345). */
#define COMMITTEE (A(ACTOR_WORKER) | A(ACTOR_ADMIN))

/* One step of the life of a topic. */
struct step {
    enum topic_status from; /* status the step leaves */
    enum topic_status to;   /* status it enters */
    unsigned actors;        /* A(actor) for each actor who may take it */
    bool reason;            /* a written reason is required: the step refuses or reverses
                               something residents asked for, or ends the topic's record */
    const char *zh;         /* the step's name in Chinese */
    const char *en;         /* and in English */
};

/* Every step there is; anything not here is refused. The proposer and the 楼组长 who gathered a
 * topic may send it for screening; screening (accept, reject, merge) is for the hall's officers;
 * transfer hands the topic to government channels only the 居委会 operates; the chair opens the
 * deliberation and declares the result of a meeting vote, a worker does for an online poll (a
 * single director cannot declare a result); posting and ending the notice use the 居委会's
 * notice channels; upholding an objection, reporting the work done and closing after evaluation
 * are the hall's officers' (the hall holds the right to evaluate, 绩效评价权). */
static const struct step steps[] = {
    {TOPIC_COLLECTING, TOPIC_PENDING_REVIEW,
     A(ACTOR_PROPOSER) | A(ACTOR_GROUP_LEADER) | HALL_OFFICERS, false, "提交审核",
     "Send for review"},
    {TOPIC_COLLECTING, TOPIC_MERGED, HALL_OFFICERS, false, "合并到其他议题",
     "Merge into another topic"},
    {TOPIC_PENDING_REVIEW, TOPIC_REJECTED, HALL_OFFICERS, true, "不予立项", "Reject"},
    {TOPIC_PENDING_REVIEW, TOPIC_TRANSFERRED, COMMITTEE, true, "转办", "Transfer"},
    {TOPIC_PENDING_REVIEW, TOPIC_ACCEPTED, HALL_OFFICERS, false, "立项", "Accept"},
    {TOPIC_PENDING_REVIEW, TOPIC_MERGED, HALL_OFFICERS, false, "合并到其他议题",
     "Merge into another topic"},
    {TOPIC_ACCEPTED, TOPIC_DELIBERATING, A(ACTOR_CHAIR) | HALL_OFFICERS, false, "开始议事",
     "Open deliberation"},
    {TOPIC_ACCEPTED, TOPIC_MERGED, HALL_OFFICERS, false, "合并到其他议题",
     "Merge into another topic"},
    {TOPIC_DELIBERATING, TOPIC_RESOLVED, A(ACTOR_CHAIR) | COMMITTEE, false, "形成决议",
     "Record the resolution"},
    {TOPIC_RESOLVED, TOPIC_IN_NOTICE, COMMITTEE, false, "公示决议", "Post the notice"},
    {TOPIC_IN_NOTICE, TOPIC_IN_EXECUTION, COMMITTEE, false, "公示结束，开始执行",
     "End the notice and start the work"},
    {TOPIC_IN_NOTICE, TOPIC_DELIBERATING, HALL_OFFICERS, true, "异议成立，重新议事",
     "Uphold an objection and deliberate again"},
    {TOPIC_IN_EXECUTION, TOPIC_AWAITING_EVALUATION, HALL_OFFICERS, false, "执行完毕，待评议",
     "Report the work done"},
    {TOPIC_AWAITING_EVALUATION, TOPIC_CLOSED, HALL_OFFICERS, true, "评议后办结",
     "Close after evaluation"},
};

#define NSTEPS (sizeof steps / sizeof steps[0])

static const struct {
    const char *key; /* stable database and API name */
    const char *zh;  /* name shown in Chinese */
    const char *en;  /* name shown in English */
} status_names[TOPIC_STATUS_COUNT] = {
    [TOPIC_COLLECTING] = {"collecting", "征集中", "Collecting"},
    [TOPIC_PENDING_REVIEW] = {"pending_review", "待审", "Pending review"},
    [TOPIC_REJECTED] = {"rejected", "不予立项", "Rejected"},
    [TOPIC_TRANSFERRED] = {"transferred", "转办", "Transferred"},
    [TOPIC_ACCEPTED] = {"accepted", "已立项", "Accepted"},
    [TOPIC_DELIBERATING] = {"deliberating", "议事中", "Deliberating"},
    [TOPIC_RESOLVED] = {"resolved", "已决议", "Resolved"},
    [TOPIC_IN_NOTICE] = {"in_notice", "公示中", "In public notice"},
    [TOPIC_IN_EXECUTION] = {"in_execution", "执行中", "In execution"},
    [TOPIC_AWAITING_EVALUATION] = {"awaiting_evaluation", "待评议", "Awaiting evaluation"},
    [TOPIC_CLOSED] = {"closed", "已办结", "Closed"},
    [TOPIC_MERGED] = {"merged", "已合并", "Merged"},
};

static const char *const actor_keys[ACTOR_COUNT] = {
    [ACTOR_RESIDENT] = "resident",
    [ACTOR_PROPOSER] = "proposer",
    [ACTOR_GROUP_LEADER] = "group_leader",
    [ACTOR_DIRECTOR] = "director",
    [ACTOR_CHAIR] = "chair",
    [ACTOR_WORKER] = "worker",
    [ACTOR_ADMIN] = "admin",
};

static const struct {
    const char *code; /* stable API code */
    const char *zh;   /* message in Chinese: what happened, what to do */
    const char *en;   /* and in English */
} errs[HALL_ERR_COUNT] = {
    [HALL_OK] = {"OK", "可以。", "Allowed."},
    [HALL_E_TRANSITION_NOT_ALLOWED] = {"E_TRANSITION_NOT_ALLOWED",
                                       "议题现在的状态不能做这一步，请刷新页面看看最新状态。",
                                       "This step is not possible from the topic's current status. "
                                       "Reload the page to see where it stands."},
    [HALL_E_ROLE] = {"E_ROLE", "您的身份不能做这一步，请联系居委会或常任理事。",
                     "Your role cannot take this step. Ask the residents' committee or a standing "
                     "director."},
    [HALL_E_REASON_REQUIRED] = {"E_REASON_REQUIRED", "这一步要写明理由，请填写理由后再提交。",
                                "This step needs a reason. Write one and submit again."},
    [HALL_E_INPUT] = {"E_INPUT", "议题的范围、花费或类别填写有误，请检查后再提交。",
                      "The topic's scope, cost or category is not valid. Check them and submit "
                      "again."},
    [HALL_E_RULES] = {"E_RULES", "分级规则设置有误：区块议的花费上限不能低于楼组议的上限。",
                      "The routing rules are inconsistent: the block hall's cost limit cannot be "
                      "below the building-group hall's."},
    [HALL_E_SAME_TIER] = {"E_SAME_TIER", "议题已经在这一级议事，不用更改。",
                          "The topic is already heard at this level; nothing to change."},
    [HALL_E_UP_ONLY] = {"E_UP_ONLY", "申请只能把议题提到更高一级，不能降级。",
                        "An appeal can only move a topic up to a wider hall, never down."},
    [HALL_E_ALWAYS_MAJOR] = {"E_ALWAYS_MAJOR", "这类议题属于大事，只能由小区议，不能降级。",
                             "Topics of this kind are major matters for the estate hall and "
                             "cannot be moved down."},
    [HALL_E_SCOPE_TOO_WIDE] = {"E_SCOPE_TOO_WIDE",
                               "议题涉及的范围超出了这一级议事厅，不能降到这一级。",
                               "The topic affects more people than that hall covers, so it "
                               "cannot be moved down to it."},
};

/* The step from → to, or NULL when there is none. */
static const struct step *find_step(enum topic_status from, enum topic_status to)
{
    for (size_t i = 0; i < NSTEPS; i++)
        if (steps[i].from == from && steps[i].to == to)
            return &steps[i];
    return NULL;
}

enum hall_err topic_transition_check(enum topic_status from, enum topic_status to,
                                     enum topic_actor actor, bool reason_given)
{
    const struct step *s = find_step(from, to);
    if (!s)
        return HALL_E_TRANSITION_NOT_ALLOWED;
    /* The unsigned comparison also refuses a negative actor cast from bad input. */
    if ((unsigned)actor >= ACTOR_COUNT || !(s->actors & A(actor)))
        return HALL_E_ROLE;
    if (s->reason && !reason_given)
        return HALL_E_REASON_REQUIRED;
    return HALL_OK;
}

bool topic_transition_needs_reason(enum topic_status from, enum topic_status to)
{
    const struct step *s = find_step(from, to);
    return s && s->reason;
}

size_t topic_next_statuses(enum topic_status from, enum topic_actor actor, enum topic_status *out,
                           size_t n)
{
    size_t count = 0;
    if ((unsigned)actor >= ACTOR_COUNT)
        return 0;
    /* Walk the statuses rather than the table so the order is stable whatever the table's. */
    for (int to = 0; to < TOPIC_STATUS_COUNT; to++) {
        const struct step *s = find_step(from, (enum topic_status)to);
        if (!s || !(s->actors & A(actor)))
            continue;
        if (count < n)
            out[count] = (enum topic_status)to;
        count++;
    }
    return count;
}

bool topic_status_is_final(enum topic_status s)
{
    return s == TOPIC_REJECTED || s == TOPIC_TRANSFERRED || s == TOPIC_CLOSED || s == TOPIC_MERGED;
}

const char *topic_status_name(enum topic_status s, int lang)
{
    if ((unsigned)s >= TOPIC_STATUS_COUNT)
        return "?";
    return lang == HALL_LANG_EN ? status_names[s].en : status_names[s].zh;
}

const char *topic_status_key(enum topic_status s)
{
    return (unsigned)s < TOPIC_STATUS_COUNT ? status_names[s].key : "?";
}

int topic_status_parse(const char *key)
{
    for (int s = 0; s < TOPIC_STATUS_COUNT; s++)
        if (strcmp(status_names[s].key, key) == 0)
            return s;
    return -1;
}

const char *topic_transition_name(enum topic_status from, enum topic_status to, int lang)
{
    const struct step *s = find_step(from, to);
    if (!s)
        return NULL;
    return lang == HALL_LANG_EN ? s->en : s->zh;
}

const char *topic_actor_key(enum topic_actor a)
{
    return (unsigned)a < ACTOR_COUNT ? actor_keys[a] : "?";
}

int topic_actor_parse(const char *key)
{
    for (int a = 0; a < ACTOR_COUNT; a++)
        if (strcmp(actor_keys[a], key) == 0)
            return a;
    return -1;
}

const char *hall_err_code(enum hall_err e)
{
    return (unsigned)e < HALL_ERR_COUNT ? errs[e].code : "E_UNKNOWN";
}

const char *hall_err_message(enum hall_err e, int lang)
{
    if ((unsigned)e >= HALL_ERR_COUNT)
        return lang == HALL_LANG_EN ? "Something went wrong. Please try again."
                                    : "出了点问题，请再试一次。";
    return lang == HALL_LANG_EN ? errs[e].en : errs[e].zh;
}

bool hall_text_present(const char *s)
{
    if (!s)
        return false;
    while (*s) {
        if (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r' || *s == '\v' || *s == '\f') {
            s++;
        } else if (strncmp(s, "\xe3\x80\x80", 3) == 0) {
            s += 3; /* U+3000 IDEOGRAPHIC SPACE */
        } else {
            return true;
        }
    }
    return false;
}
