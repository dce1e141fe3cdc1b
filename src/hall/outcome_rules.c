#include "hall/outcome_rules.h"

#include <string.h>

#include "hall/topic_status.h"
#include "util/utf8.h"

static const struct {
    const char *key, *zh, *en;
} fundings[FUND_COUNT] = {
    [FUND_SELF_GOV] = {"self_gov_fund", "自治金", "Self-governance fund"},
    [FUND_MAINTENANCE] = {"maintenance_fund", "维修资金", "Maintenance fund"},
    [FUND_DEPARTMENT] = {"department", "部门出资", "A government department"},
    [FUND_NONE] = {"none", "无需资金", "No money needed"},
};

static const struct {
    const char *key, *zh, *en;
} outcomes[OUTCOME_COUNT] = {
    [OUTCOME_SOLVED] = {"solved", "已解决", "Solved"},
    [OUTCOME_PARTLY] = {"partly", "部分解决", "Partly solved"},
    [OUTCOME_UNSOLVED] = {"unsolved", "未解决", "Not solved"},
};

static const char *const sources[SOURCE_COUNT] = {
    [SOURCE_POLL] = "poll",
    [SOURCE_MEETING] = "meeting",
    [SOURCE_HALL] = "hall",
};

const char *funding_key(enum funding f)
{
    return (unsigned)f < FUND_COUNT ? fundings[f].key : "?";
}

int funding_parse(const char *key)
{
    for (int f = 0; key && f < FUND_COUNT; f++)
        if (strcmp(fundings[f].key, key) == 0)
            return f;
    return -1;
}

const char *funding_name(enum funding f, int lang)
{
    if ((unsigned)f >= FUND_COUNT)
        return "?";
    return lang == HALL_LANG_EN ? fundings[f].en : fundings[f].zh;
}

const char *outcome_key(enum outcome_kind k)
{
    return (unsigned)k < OUTCOME_COUNT ? outcomes[k].key : "?";
}

int outcome_parse(const char *key)
{
    for (int k = 0; key && k < OUTCOME_COUNT; k++)
        if (strcmp(outcomes[k].key, key) == 0)
            return k;
    return -1;
}

const char *outcome_name(enum outcome_kind k, int lang)
{
    if ((unsigned)k >= OUTCOME_COUNT)
        return "?";
    return lang == HALL_LANG_EN ? outcomes[k].en : outcomes[k].zh;
}

const char *resolution_source_key(enum resolution_source s)
{
    return (unsigned)s < SOURCE_COUNT ? sources[s] : "?";
}

int resolution_source_parse(const char *key)
{
    for (int s = 0; key && s < SOURCE_COUNT; s++)
        if (strcmp(sources[s], key) == 0)
            return s;
    return -1;
}

/* Howard Hinnant's days_from_civil: exact for every Gregorian date, in integers. */
int64_t outcome_days_from_civil(int64_t y, unsigned m, unsigned d)
{
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    unsigned yoe = (unsigned)(y - era * 400);
    unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + (int64_t)doe - 719468;
}

static bool digits(const char *s, int n, unsigned *out)
{
    unsigned v = 0;
    for (int i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return false;
        v = v * 10 + (unsigned)(s[i] - '0');
    }
    *out = v;
    return true;
}

bool outcome_date_parse(const char *s, int64_t *day)
{
    unsigned y, m, d;
    if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-' || !digits(s, 4, &y) ||
        !digits(s + 5, 2, &m) || !digits(s + 8, 2, &d))
        return false;
    static const unsigned mdays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    if (y < 1970 || m < 1 || m > 12 || d < 1 || d > mdays[m - 1] + (m == 2 && leap))
        return false;
    *day = outcome_days_from_civil(y, m, d);
    return true;
}

static bool refuse(struct outcome_problem *p, enum outcome_err e, const char *field, int limit)
{
    *p = (struct outcome_problem){e, field, limit};
    return false;
}

/* A text that must be there (unless optional) and fit in max characters. */
static bool text_ok(const char *s, const char *field, int max, bool required,
                    struct outcome_problem *p)
{
    if (required && !hall_text_present(s))
        return refuse(p, OUTCOME_E_MISSING, field, 0);
    if (s && utf8_chars(s) > (size_t)max)
        return refuse(p, OUTCOME_E_TOO_LONG, field, max);
    return true;
}

/* A deadline: a real date, today or later. */
static bool deadline_ok(const char *s, int64_t today, struct outcome_problem *p)
{
    int64_t day;
    if (!s || !*s)
        return refuse(p, OUTCOME_E_MISSING, "deadline", 0);
    if (!outcome_date_parse(s, &day))
        return refuse(p, OUTCOME_E_BAD_DATE, "deadline", 0);
    if (day < today)
        return refuse(p, OUTCOME_E_PAST_DATE, "deadline", 0);
    return true;
}

static bool votes_ok(int64_t v, const char *field, struct outcome_problem *p)
{
    if (v < 0 && v != OUTCOME_VOTES_UNKNOWN)
        return refuse(p, OUTCOME_E_BAD_VOTES, field, 0);
    return true;
}

bool resolution_check(const struct resolution_input *in, int64_t today, struct outcome_problem *p)
{
    *p = (struct outcome_problem){OUTCOME_OK, NULL, 0};
    if (!text_ok(in->text, "text", RESOLUTION_TEXT_MAX, true, p) ||
        !text_ok(in->responsible, "responsible", RESOLUTION_RESPONSIBLE_MAX, true, p) ||
        !deadline_ok(in->deadline, today, p))
        return false;
    if (!in->funding || !*in->funding)
        return refuse(p, OUTCOME_E_MISSING, "funding", 0);
    if (funding_parse(in->funding) < 0)
        return refuse(p, OUTCOME_E_BAD_FUNDING, "funding", 0);
    return votes_ok(in->votes_for, "votes_for", p) &&
           votes_ok(in->votes_against, "votes_against", p) &&
           votes_ok(in->votes_abstain, "votes_abstain", p);
}

bool notice_days_check(int64_t *days, struct outcome_problem *p)
{
    *p = (struct outcome_problem){OUTCOME_OK, NULL, 0};
    if (*days == 0)
        *days = NOTICE_DAYS_DEFAULT;
    if (*days < NOTICE_DAYS_MIN || *days > NOTICE_DAYS_MAX)
        return refuse(p, OUTCOME_E_BAD_DAYS, "days", 0);
    return true;
}

bool objection_check(const char *body, struct outcome_problem *p)
{
    *p = (struct outcome_problem){OUTCOME_OK, NULL, 0};
    return text_ok(body, "body", OBJECTION_BODY_MAX, true, p);
}

bool ruling_check(const char *reason, struct outcome_problem *p)
{
    *p = (struct outcome_problem){OUTCOME_OK, NULL, 0};
    return text_ok(reason, "reason", RULING_REASON_MAX, true, p);
}

bool task_check(const struct task_input *in, int64_t today, struct outcome_problem *p)
{
    *p = (struct outcome_problem){OUTCOME_OK, NULL, 0};
    return text_ok(in->title, "title", TASK_TITLE_MAX, true, p) &&
           text_ok(in->owner, "owner", TASK_OWNER_MAX, true, p) &&
           deadline_ok(in->deadline, today, p);
}

bool progress_check(const char *body, struct outcome_problem *p)
{
    *p = (struct outcome_problem){OUTCOME_OK, NULL, 0};
    return text_ok(body, "body", PROGRESS_BODY_MAX, true, p);
}

bool close_check(const char *outcome, const char *note, struct outcome_problem *p)
{
    *p = (struct outcome_problem){OUTCOME_OK, NULL, 0};
    if (!outcome || !*outcome)
        return refuse(p, OUTCOME_E_MISSING, "outcome", 0);
    if (outcome_parse(outcome) < 0)
        return refuse(p, OUTCOME_E_BAD_OUTCOME, "outcome", 0);
    return text_ok(note, "note", OUTCOME_NOTE_MAX, true, p);
}

bool objection_window_open(int64_t starts_at, int64_t ends_at, int64_t ended_at, int64_t now)
{
    return ended_at == 0 && now >= starts_at && now < ends_at;
}

enum outcome_err notice_may_end(int64_t ends_at, int64_t ended_at, int64_t open_objections,
                                int64_t now)
{
    if (ended_at != 0)
        return OUTCOME_E_ALREADY_ENDED;
    if (now < ends_at)
        return OUTCOME_E_NOTICE_RUNNING;
    if (open_objections > 0)
        return OUTCOME_E_OBJECTION_OPEN;
    return OUTCOME_OK;
}

int64_t notice_days_left(int64_t ends_at, int64_t now)
{
    if (now >= ends_at)
        return 0;
    return (ends_at - now + OUTCOME_DAY_SECONDS - 1) / OUTCOME_DAY_SECONDS;
}

bool outcome_owns_step(enum topic_status from, enum topic_status to)
{
    static const enum topic_status steps[][2] = {
        {TOPIC_DELIBERATING, TOPIC_RESOLVED},
        {TOPIC_RESOLVED, TOPIC_IN_NOTICE},
        {TOPIC_IN_NOTICE, TOPIC_IN_EXECUTION},
        {TOPIC_IN_NOTICE, TOPIC_DELIBERATING},
        {TOPIC_IN_EXECUTION, TOPIC_AWAITING_EVALUATION},
        {TOPIC_AWAITING_EVALUATION, TOPIC_CLOSED},
    };
    for (size_t i = 0; i < sizeof steps / sizeof steps[0]; i++)
        if (steps[i][0] == from && steps[i][1] == to)
            return true;
    return false;
}

static const struct {
    const char *code;
    int status;
} errs[OUTCOME_ERR_COUNT] = {
    [OUTCOME_OK] = {"ok", 200},
    [OUTCOME_E_MISSING] = {"missing_field", 400},
    [OUTCOME_E_TOO_LONG] = {"too_long", 422},
    [OUTCOME_E_BAD_DATE] = {"bad_date", 422},
    [OUTCOME_E_PAST_DATE] = {"past_date", 422},
    [OUTCOME_E_BAD_FUNDING] = {"bad_funding", 422},
    [OUTCOME_E_BAD_SOURCE] = {"bad_source", 422},
    [OUTCOME_E_BAD_VOTES] = {"bad_votes", 422},
    [OUTCOME_E_BAD_DAYS] = {"bad_days", 422},
    [OUTCOME_E_NOTICE_CLOSED] = {"notice_closed", 409},
    [OUTCOME_E_NOTICE_RUNNING] = {"notice_running", 409},
    [OUTCOME_E_OBJECTION_OPEN] = {"objection_open", 409},
    [OUTCOME_E_ALREADY_ENDED] = {"notice_ended", 409},
    [OUTCOME_E_BAD_OUTCOME] = {"bad_outcome", 422},
};

const char *outcome_err_code(enum outcome_err e)
{
    return (unsigned)e < OUTCOME_ERR_COUNT ? errs[e].code : "unknown";
}

int outcome_err_status(enum outcome_err e)
{
    return (unsigned)e < OUTCOME_ERR_COUNT ? errs[e].status : 500;
}
