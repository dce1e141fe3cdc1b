/* The life of a topic (议题) in the deliberation hall, as one pure check of each status change:
 * given where the topic is, where it would go, who is asking and whether they gave a reason,
 * the answer is OK or one specific refusal. No I/O; tested as a full matrix in
 * tests/unit/test_topic_status.c.
 *
 *   征集中 → 待审 → 不予立项 | 转办 | 已立项 → 议事中 → 已决议 → 公示中 → 执行中 → 待评议 → 已办结
 *   公示中 → 议事中 when an objection is upheld; 征集中 | 待审 | 已立项 → 已合并 for duplicates.
 *
 * The actors and refusal codes declared here are shared by the hall's other pure cores
 * (hall/tier.h), so a page or the JSON API has one set of codes and messages to show. */
#ifndef MULIN_HALL_TOPIC_STATUS_H
#define MULIN_HALL_TOPIC_STATUS_H
#include <stdbool.h>
#include <stddef.h>

/* Languages of the texts below. The values are those of enum lang in web/i18n.h, which this pure
 * module does not include, so a page passes its r->lang straight through. */
enum hall_lang {
    HALL_LANG_ZH = 0, /* 中文, the default: anything but HALL_LANG_EN reads as Chinese */
    HALL_LANG_EN = 1, /* English */
};

enum topic_status {
    TOPIC_COLLECTING,          /* 征集中: being put together, open to additions */
    TOPIC_PENDING_REVIEW,      /* 待审: waiting for screening by the 居委会 and hall */
    TOPIC_REJECTED,            /* 不予立项: screened out, with a reason (final) */
    TOPIC_TRANSFERRED,         /* 转办: handed to the 网格 case system or 12345 (final) */
    TOPIC_ACCEPTED,            /* 已立项: on the hall's topic list, waiting for its session */
    TOPIC_DELIBERATING,        /* 议事中: under deliberation, in a meeting or online */
    TOPIC_RESOLVED,            /* 已决议: the vote is recorded */
    TOPIC_IN_NOTICE,           /* 公示中: the resolution is posted; objections may be raised */
    TOPIC_IN_EXECUTION,        /* 执行中: the resolution is being carried out */
    TOPIC_AWAITING_EVALUATION, /* 待评议: done, waiting for residents' evaluation */
    TOPIC_CLOSED,              /* 已办结: evaluated and closed with an outcome (final) */
    TOPIC_MERGED,              /* 已合并: a duplicate folded into another topic (final) */
    TOPIC_STATUS_COUNT
};

/* Who is asking, as far as topics are concerned. A person may hold several of these (a 楼组长 is
 * also a resident, and may be the proposer); the caller asks once per role they hold. */
enum topic_actor {
    ACTOR_RESIDENT,     /* 居民: any resident of the hall's area */
    ACTOR_PROPOSER,     /* 提议人: the resident who put this topic forward */
    ACTOR_GROUP_LEADER, /* 楼组长: collects topics in the building */
    ACTOR_DIRECTOR,     /* 常任理事: standing director of the hall */
    ACTOR_CHAIR,        /* 主持人: chair of the session that deliberates the topic */
    ACTOR_WORKER,       /* 居委会 worker */
    ACTOR_ADMIN,        /* 街道 admin: a worker's powers over the whole subdistrict */
    ACTOR_COUNT
};

/* Refusals of the hall's pure cores. Each has a stable code for the JSON API (hall_err_code) and
 * a message for people (hall_err_message). */
enum hall_err {
    HALL_OK,                       /* allowed */
    HALL_E_TRANSITION_NOT_ALLOWED, /* no such step from the topic's current status */
    HALL_E_ROLE,                   /* the step exists but this actor may not take it */
    HALL_E_REASON_REQUIRED,        /* the step needs a written reason and none was given */
    HALL_E_INPUT,                  /* scope, cost, category or tier out of range */
    HALL_E_RULES,                  /* routing rules inconsistent (a limit below the one under it) */
    HALL_E_SAME_TIER,              /* override or appeal to the tier the topic already has */
    HALL_E_UP_ONLY,                /* an appeal may only move a topic to a higher tier */
    HALL_E_ALWAYS_MAJOR,           /* the category is always heard by the estate hall */
    HALL_E_SCOPE_TOO_WIDE,         /* the chosen hall does not cover everyone affected */
    HALL_ERR_COUNT
};

/* Whether actor may move a topic from one status to another; reason_given says a reason or
 * evidence was written (see hall_text_present). Checks in this order: the step exists
 * (else HALL_E_TRANSITION_NOT_ALLOWED; out-of-range statuses never exist), the actor may take it
 * (else HALL_E_ROLE), a reason is there when the step needs one (else HALL_E_REASON_REQUIRED). */
enum hall_err topic_transition_check(enum topic_status from, enum topic_status to,
                                     enum topic_actor actor, bool reason_given);
/* True when the step from → to needs a written reason (rejection, transfer, an upheld objection,
 * closing); false also when there is no such step. */
bool topic_transition_needs_reason(enum topic_status from, enum topic_status to);
/* Writes to out[0..n) the statuses actor may move a topic in status from to, in the order of enum
 * topic_status, and returns how many there are (which may exceed n: then only n were written).
 * For the buttons on a topic's page. */
size_t topic_next_statuses(enum topic_status from, enum topic_actor actor, enum topic_status *out,
                           size_t n);
/* True for statuses no step leaves: rejected, transferred, closed, merged. */
bool topic_status_is_final(enum topic_status s);

/* The name people read ("征集中" / "Collecting"); "?" when out of range. Static storage. */
const char *topic_status_name(enum topic_status s, int lang);
/* The stable database and API name ("pending_review"), and back; topic_status_parse returns -1
 * for an unknown name. */
const char *topic_status_key(enum topic_status s);
int topic_status_parse(const char *key);
/* The name of the step from → to, for a button or a history line ("不予立项" / "Reject"); NULL
 * when there is no such step. Static storage. */
const char *topic_transition_name(enum topic_status from, enum topic_status to, int lang);

/* The stable name of an actor ("group_leader"), and back; -1 for an unknown name. */
const char *topic_actor_key(enum topic_actor a);
int topic_actor_parse(const char *key);

/* The stable API code of a refusal ("E_ROLE"); "E_UNKNOWN" when out of range. Static storage. */
const char *hall_err_code(enum hall_err e);
/* A plain message for residents saying what went wrong and what to do. Static storage. */
const char *hall_err_message(enum hall_err e, int lang);
/* True when s holds something other than spaces: ASCII white space and the ideographic space
 * U+3000 that Chinese input methods type do not count as a reason. NULL counts as empty. */
bool hall_text_present(const char *s);

#endif
