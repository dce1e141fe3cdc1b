/* What comes of a deliberation, as pure rules with no I/O: checking a resolution (决议), the
 * public notice (公示) and when objections may be raised and the notice may end, execution tasks
 * and progress reports, and closing a topic with an outcome (已解决 / 部分解决 / 未解决).
 * Tested in tests/unit/test_outcome_rules.c; the store (outcome_store.c) asks these first and
 * only then writes. Dates people type are "YYYY-MM-DD" and compared as day numbers; today is an
 * input, so the rules never read the clock. */
#ifndef MULIN_HALL_OUTCOME_RULES_H
#define MULIN_HALL_OUTCOME_RULES_H
#include <stdbool.h>
#include <stdint.h>

#include "hall/topic_status.h"

/* Longest texts, counted in characters (utf8_chars), and the notice period in days. */
enum {
    RESOLUTION_TEXT_MAX = 1000,
    RESOLUTION_RESPONSIBLE_MAX = 60,
    OBJECTION_BODY_MAX = 500,
    RULING_REASON_MAX = 500,
    TASK_TITLE_MAX = 100,
    TASK_OWNER_MAX = 60,
    PROGRESS_BODY_MAX = 1000,
    OUTCOME_NOTE_MAX = 1000,
    NOTICE_DAYS_DEFAULT = 7,
    NOTICE_DAYS_MIN = 1,
    NOTICE_DAYS_MAX = 30,
};
/* Seconds in a day of notice. */
#define OUTCOME_DAY_SECONDS 86400
/* A vote count that was not given (a resolution from a meeting may not carry one). */
#define OUTCOME_VOTES_UNKNOWN (-1)

/* Where the money comes from. */
enum funding {
    FUND_SELF_GOV,    /* 自治金 */
    FUND_MAINTENANCE, /* 维修资金 */
    FUND_DEPARTMENT,  /* 部门 */
    FUND_NONE,        /* 无需资金 */
    FUND_COUNT
};
/* "self_gov_fund", … and back (-1 for an unknown key); the name people read, by language
 * (HALL_LANG_EN or Chinese). Static storage; "?" when out of range. */
const char *funding_key(enum funding f);
int funding_parse(const char *key);
const char *funding_name(enum funding f, int lang);

/* How a closed topic came out. */
enum outcome_kind {
    OUTCOME_SOLVED,   /* 已解决 */
    OUTCOME_PARTLY,   /* 部分解决 */
    OUTCOME_UNSOLVED, /* 未解决 */
    OUTCOME_COUNT
};
const char *outcome_key(enum outcome_kind k);
int outcome_parse(const char *key);
const char *outcome_name(enum outcome_kind k, int lang);

/* Where a resolution came from. */
enum resolution_source {
    SOURCE_POLL,    /* an online poll of the hall */
    SOURCE_MEETING, /* a vote at a hall meeting */
    SOURCE_HALL,    /* recorded by the hall's staff (a vote counted on paper, say) */
    SOURCE_COUNT
};
const char *resolution_source_key(enum resolution_source s);
int resolution_source_parse(const char *key);

/* Refusals of these rules. */
enum outcome_err {
    OUTCOME_OK,
    OUTCOME_E_MISSING,        /* a required text is empty (field) */
    OUTCOME_E_TOO_LONG,       /* a text is over its limit (field, limit) */
    OUTCOME_E_BAD_DATE,       /* not a real date written YYYY-MM-DD (field) */
    OUTCOME_E_PAST_DATE,      /* a deadline before today (field) */
    OUTCOME_E_BAD_FUNDING,    /* unknown funding source */
    OUTCOME_E_BAD_SOURCE,     /* unknown resolution source */
    OUTCOME_E_BAD_VOTES,      /* a negative vote count (field) */
    OUTCOME_E_BAD_DAYS,       /* notice period outside NOTICE_DAYS_MIN..MAX */
    OUTCOME_E_NOTICE_CLOSED,  /* an objection outside the notice period */
    OUTCOME_E_NOTICE_RUNNING, /* ending a notice before its period is over */
    OUTCOME_E_OBJECTION_OPEN, /* ending a notice while an objection waits for a ruling */
    OUTCOME_E_ALREADY_ENDED,  /* the notice has already ended */
    OUTCOME_E_BAD_OUTCOME,    /* unknown outcome */
    OUTCOME_ERR_COUNT
};

/* A refusal with the field it is about ("text") and, for OUTCOME_E_TOO_LONG, its limit. */
struct outcome_problem {
    enum outcome_err err;
    const char *field;
    int limit;
};

/* What people send to record a resolution. Strings may be NULL (missing). */
struct resolution_input {
    const char *text, *responsible, *deadline, *funding;
    int64_t votes_for, votes_against, votes_abstain; /* OUTCOME_VOTES_UNKNOWN when not given */
};

struct task_input {
    const char *title, *owner, *deadline;
};

/* "YYYY-MM-DD" of a real date (proleptic Gregorian, years 1970..9999) into days since
 * 1970-01-01; false for anything else (no spaces, no time, no 2026-02-30). */
bool outcome_date_parse(const char *s, int64_t *day);
/* Days since 1970-01-01 of a civil date (any month and day; the caller checks them). */
int64_t outcome_days_from_civil(int64_t y, unsigned m, unsigned d);

/* Each check returns true when the input may be stored, else false with *p filled. */
bool resolution_check(const struct resolution_input *in, int64_t today, struct outcome_problem *p);
/* days 0 means "not given": the default NOTICE_DAYS_DEFAULT is written back to *days. */
bool notice_days_check(int64_t *days, struct outcome_problem *p);
bool objection_check(const char *body, struct outcome_problem *p);
bool ruling_check(const char *reason, struct outcome_problem *p);
bool task_check(const struct task_input *in, int64_t today, struct outcome_problem *p);
bool progress_check(const char *body, struct outcome_problem *p);
/* Closing needs a known outcome and a note; tasks still open do not stop it (the outcome says
 * how much was done). */
bool close_check(const char *outcome, const char *note, struct outcome_problem *p);

/* Whether an objection may be raised at now against a notice running [starts_at, ends_at) that
 * ended early at ended_at (0 while it has not ended). */
bool objection_window_open(int64_t starts_at, int64_t ends_at, int64_t ended_at, int64_t now);
/* Whether the notice may end at now: OUTCOME_OK, OUTCOME_E_ALREADY_ENDED,
 * OUTCOME_E_NOTICE_RUNNING (period not over) or OUTCOME_E_OBJECTION_OPEN (a ruling is due). */
enum outcome_err notice_may_end(int64_t ends_at, int64_t ended_at, int64_t open_objections,
                                int64_t now);
/* Whole days of notice left at now, rounded up; 0 once it is over. */
int64_t notice_days_left(int64_t ends_at, int64_t now);

/* Whether the step from → to belongs to this part: it records or needs a resolution, notice,
 * objection ruling, evaluation or outcome, so it is taken through the outcome forms and API
 * (outcome_store.h) and never as a bare status change, which would leave a topic resolved with
 * no resolution or end a notice past an open objection. */
bool outcome_owns_step(enum topic_status from, enum topic_status to);

/* The stable API code ("bad_date") and the HTTP status (400 missing, 409 state, else 422). */
const char *outcome_err_code(enum outcome_err e);
int outcome_err_status(enum outcome_err e);

#endif
