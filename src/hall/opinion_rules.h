/* The rules of online deliberation on a topic (网上议事), after the sixteen rules of
 * PROCEDURE.md: a speaker first states a stance (赞成 / 反对 / 提问 / 建议), then the reasons;
 * each person speaks at most a set number of times on a topic (2 by default), but answering a
 * question put to them does not use up a turn; every text has a length limit counted in
 * characters; opinions are taken only while the topic is being collected, screened, waiting
 * for its session or deliberated. No I/O here: tested in tests/unit/test_opinion_rules.c. */
#ifndef MULIN_HALL_OPINION_RULES_H
#define MULIN_HALL_OPINION_RULES_H
#include <stdbool.h>
#include <stddef.h>

#include "hall/topic_status.h"
#include "web/i18n.h"

/* What a speaker says first. The keys are stored in opinion.stance. */
enum stance {
    STANCE_FOR,        /* 赞成 */
    STANCE_AGAINST,    /* 反对 */
    STANCE_QUESTION,   /* 提问: put to the proposer or to someone who spoke */
    STANCE_SUGGESTION, /* 建议 */
    STANCE_COUNT
};

/* Why a reader flags an opinion (rule 13: no personal attacks, no going off the topic). */
enum flag_reason {
    FLAG_ATTACK,    /* 人身攻击 */
    FLAG_OFF_TOPIC, /* 跑题 */
    FLAG_COUNT
};

/* Limits. A hall chooses its own within the ranges; the defaults follow the sixteen rules. */
enum {
    OPINION_LIMIT_DEFAULT = 2,   /* opinions per person per topic */
    OPINION_LIMIT_MIN = 1,       /* a hall cannot silence everyone */
    OPINION_LIMIT_MAX = 20,      /* nor let one person flood a topic */
    OPINION_CHARS_DEFAULT = 500, /* characters per opinion */
    OPINION_CHARS_MIN = 50,      /* enough for a stance and a reason */
    OPINION_CHARS_MAX = 2000,    /* as long as a topic's own description */
    OPINION_REASON_MAX = 200,    /* characters of a moderator's reason for hiding */
    OPINION_PAGE_SIZE = 50,      /* opinions per page, on the topic page and in the API */
    OPINION_SUMMARY_CHARS = 60,  /* characters of an opinion shown in the hall's feed */
};

/* A hall's own choices (table hall_setting). */
struct hall_settings {
    int opinion_limit;     /* opinions per person per topic, OPINION_LIMIT_MIN..MAX */
    int opinion_max_chars; /* characters per opinion, OPINION_CHARS_MIN..MAX */
    bool others_may_read;  /* people outside the hall's scope may read its opinions */
};

/* Refusals, each with an HTTP status, a stable API code and a message for people. */
enum opinion_err {
    OPINION_OK,
    OPINION_E_STANCE,       /* no stance, or not one of the four */
    OPINION_E_EMPTY,        /* no reasons written (spaces do not count) */
    OPINION_E_TOO_LONG,     /* over the hall's character limit */
    OPINION_E_CLOSED,       /* the topic no longer takes opinions (or support) */
    OPINION_E_LIMIT,        /* the person has used all their opinions on this topic */
    OPINION_E_NOT_RESIDENT, /* the person does not live within the hall's scope */
    OPINION_E_REPLY,        /* reply_to is not a visible opinion of this topic */
    OPINION_E_ADDRESSEE,    /* addressed_to is neither the proposer nor someone who spoke */
    OPINION_E_FLAG_REASON,  /* a flag without one of the two reasons */
    OPINION_E_FLAGGED,      /* the person flagged this opinion already */
    OPINION_E_OWN,          /* flagging one's own opinion */
    OPINION_E_HIDE_REASON,  /* hiding without a reason, or with one over OPINION_REASON_MAX */
    OPINION_E_HIDDEN,       /* the opinion is hidden already */
    OPINION_E_SETTINGS,     /* a hall setting out of its range */
    OPINION_E_FORBIDDEN,    /* the reader may not do this here (moderate, read, …) */
    OPINION_E_NOT_FOUND,    /* no such opinion or topic */
    OPINION_E_DB,           /* database trouble */
    OPINION_ERR_COUNT
};

const char *stance_key(enum stance s);
/* -1 for NULL or an unknown key. */
int stance_parse(const char *key);
/* The name people read (赞成 / For). */
enum msg stance_msg(enum stance s);

const char *flag_reason_key(enum flag_reason f);
/* -1 for NULL or an unknown key. */
int flag_reason_parse(const char *key);
enum msg flag_reason_msg(enum flag_reason f);

int opinion_err_status(enum opinion_err e);
const char *opinion_err_code(enum opinion_err e);
/* The message; OPINION_E_TOO_LONG and OPINION_E_LIMIT carry one %d (the limit). */
enum msg opinion_err_msg(enum opinion_err e);

/* Whether a topic in status s takes opinions and support: 征集中, 待审, 已立项, 议事中. */
bool opinion_topic_open(enum topic_status s);

/* Checks what a speaker sends: a known stance (its value to *stance), reasons present and at
 * most max_chars characters. body must be valid UTF-8 (checked where requests come in). */
enum opinion_err opinion_check_text(const char *stance_key, const char *body, int max_chars,
                                    enum stance *stance);

/* Whether a person who has used `used` of their `limit` opinions may post one more. free_answer
 * says the post answers a question put to them that they have not answered yet: that answer
 * does not count against the limit. */
enum opinion_err opinion_check_quota(int used, int limit, bool free_answer);
/* How many opinions remain of limit after used (never negative). */
int opinion_left(int used, int limit);

/* The length in bytes of the first `chars` characters of the valid UTF-8 string s (all of it
 * when shorter): the start of an opinion shown in the hall's feed. */
size_t opinion_prefix_len(const char *s, int chars);

/* The defaults: 2 opinions of 500 characters, readable by everyone signed in. */
struct hall_settings hall_settings_default(void);
/* OPINION_OK when every setting is within its range, else OPINION_E_SETTINGS. */
enum opinion_err hall_settings_check(const struct hall_settings *s);

#endif
