/* Topics of the deliberation hall in the database: raising one (validated, routed to its hall
 * and recorded with a 'create' event), loading one, and moving it to another status (checked by
 * topic_transition_check, recorded with a 'transition' event, published live on the hall's
 * channel). Shared by the JSON API (topic_api.c) and the pages (topic_page.c, hall_page.c). */
#ifndef MULIN_HALL_TOPIC_STORE_H
#define MULIN_HALL_TOPIC_STORE_H
#include <stdbool.h>
#include <stdint.h>

#include "hall/tier.h"
#include "hall/topic_status.h"
#include "http/req.h"
#include "org/node.h"

/* Longest texts, counted in characters. */
enum {
    TOPIC_TITLE_MAX = 60,
    TOPIC_TEXT_MAX = 2000,
    TOPIC_SUGGESTION_MAX = 1000,
    TOPIC_REASON_MAX = 500
};
/* Topics on one page of a hall's list. */
enum { TOPIC_PAGE_SIZE = 20 };

/* How a topic reached the hall. */
enum topic_channel {
    CH_ONLINE,  /* 网上: on this site */
    CH_VISIT,   /* 楼组走访 */
    CH_SESSION, /* 议事厅现场 */
    CH_BOX,     /* 意见箱 */
    CH_PHONE,   /* 电话 */
    CH_WECHAT,  /* 公众号 / 社区云 */
    CH_OTHER,   /* 其他 */
    CH_COUNT
};

const char *topic_channel_key(enum topic_channel c);
int topic_channel_parse(const char *key);
enum msg topic_channel_msg(enum topic_channel c);
/* How a topic's tier came about, as stored ("routed", "overridden", "appealed"), and back
 * (anything unknown reads as routed). */
const char *tier_change_key(enum tier_change c);
enum tier_change tier_change_parse(const char *key);
/* "BUILDING_GROUP", "BLOCK", "ESTATE": the tier as the API names it. */
const char *topic_tier_api(enum tier t);

struct topic {
    int64_t id;
    int64_t node_id; /* the part of the territory affected */
    const char *node_name;
    int64_t hall_node_id; /* the group, block or area whose hall hears it */
    const char *hall_name;
    const char *hall_path;
    enum tier tier;
    enum topic_category category;
    const char *title, *description, *suggestion;
    int64_t cost_fen; /* TIER_COST_UNKNOWN when not estimated */
    enum topic_channel channel;
    int64_t proposer_id;
    const char *proposer_name;
    bool proposer_public;
    int64_t entered_by;
    enum topic_status status;
    int64_t created_at;
    int groups, blocks; /* the scope the tier was routed from */
    bool whole_area;
    enum tier routed;        /* what the rules gave; tier differs after an override or appeal */
    enum tier_change change; /* how tier came about */
    const char *tier_reason; /* the override's or granted appeal's reason, "" when as routed */
    int64_t merged_into;     /* the topic a merged duplicate was folded into, else 0 */
};

/* What a person sends to raise a topic. Strings may be NULL (missing). */
struct topic_input {
    const char *title, *description, *suggestion;
    const char *category, *channel; /* keys; channel NULL means online */
    int64_t node_id;                /* 0 when missing */
    int64_t cost_fen;               /* TIER_COST_UNKNOWN when not given */
    int64_t proposer_id;            /* 0: the person asking */
    bool proposer_public;
};

enum topic_err {
    TOPIC_OK,
    TOPIC_MISSING,       /* a required field is empty (field says which) */
    TOPIC_TOO_LONG,      /* a text is over its limit (field, limit) */
    TOPIC_BAD_CATEGORY,  /* unknown category */
    TOPIC_BAD_CHANNEL,   /* unknown channel */
    TOPIC_BAD_COST,      /* negative cost */
    TOPIC_NO_NODE,       /* no such node */
    TOPIC_NOT_IN_AREA,   /* the node lies above a residential area */
    TOPIC_NOT_RESIDENT,  /* the person does not live under the hall */
    TOPIC_MAY_NOT_ENTER, /* entering for someone else without the role, or as "online" */
    TOPIC_BAD_PROPOSER,  /* the named proposer does not exist or lives outside the hall */
    TOPIC_DB_ERROR,      /* database trouble */
};

/* Which field a refusal is about ("title"), and its limit for TOPIC_TOO_LONG. */
struct topic_problem {
    enum topic_err err;
    const char *field;
    int limit;
};

/* The HTTP status, API code and plain message of a refusal. */
int topic_problem_status(enum topic_err e);
const char *topic_problem_code(enum topic_err e);
const char *topic_problem_text(struct req *r, const struct topic_problem *p);

/* Checks in, routes it, stores the topic and its 'create' event in the request's transaction
 * and publishes it on the hall's channel. Returns the new id, or 0 with *p filled. */
int64_t topic_create(struct req *r, const struct topic_input *in, struct topic_problem *p);

/* Loads topic id (strings in r->arena); false when there is none. */
bool topic_get(struct req *r, int64_t id, struct topic *out);
/* Loads up to n topics of a hall, newest first, after skipping `skip`, in one query (the
 * hall's list: one statement, not one a topic); returns how many. */
int topic_list_hall(struct req *r, int64_t hall_node_id, int64_t skip, struct topic *out, int n);

/* The explanation of the topic's tier in the reader's language (in r->arena). */
const char *topic_explanation(struct req *r, const struct topic *t);

/* Whether the reader may see who proposed t: the name is public, the reader proposed it, or
 * they screen the hall's topics (director, worker, admin over the hall). */
bool topic_proposer_visible(struct req *r, const struct topic *t);

/* Whether the reader may move t to `to` with reason; HALL_OK or the refusal of the strongest
 * actor the reader is on the hall (see topic_transition_check). */
enum hall_err topic_may_move(struct req *r, const struct topic *t, enum topic_status to,
                             const char *reason);

/* Moves t to `to` after topic_may_move said yes: updates it, records the event, publishes it.
 * 0 on success, -1 on database trouble or when the status changed meanwhile. */
int topic_move(struct req *r, struct topic *t, enum topic_status to, const char *reason);

/* The reader's household when it lies at or under hall_path, so they may take part in that
 * hall (give opinions, vote, object); 0 when they live elsewhere or nowhere. */
int64_t hall_household(struct req *r, const char *hall_path);

/* The hall of tier `tier` above t's node and its path (in r->arena); 0 when there is none (a
 * topic on several building groups has no single group's hall). */
int64_t topic_hall_of_tier(struct req *r, const struct topic *t, enum tier tier, const char **path);

/* Whether the step from → to is taken with the plain transition form and API; false for steps
 * that need their own record: merging names the topic merged into, and resolving, public
 * notice, rulings on objections and closing are the outcome part's (outcome_owns_step). */
bool topic_step_generic(enum topic_status from, enum topic_status to);
/* The message telling the reader which form takes such a step. */
enum msg topic_step_own_form_msg(enum topic_status from, enum topic_status to);

/* Whether node kind k has a hall (area, block, group). */
bool topic_is_hall_kind(enum node_kind k);

#endif
