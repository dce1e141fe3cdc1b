/* Which hall hears a topic: 大事小区议、小事区块议、琐事楼组议. One pure function of the topic's
 * scope, estimated cost and category under configurable rules, returning the tier and which rule
 * decided it (with the numbers), so a page can tell residents why. Standing directors may
 * override the result with a reason; any resident may appeal to move it up. No I/O; tested in
 * tests/unit/test_tier.c.
 *
 * The default rules, checked in this order (the first that applies decides):
 *   1. a category always major (public space, maintenance fund, 自治金)  → ESTATE
 *   2. the whole residential area                                        → ESTATE
 *   3. building groups in more than one block                            → ESTATE
 *   4. cost over ¥20,000                                                 → ESTATE
 *   5. several building groups (so all in one block)                     → BLOCK
 *   6. cost over ¥2,000                                                  → BLOCK
 *   7. otherwise: one building group, cost at most ¥2,000 or unknown      → BUILDING_GROUP
 * Limits are inclusive: ¥2,000.00 is still 琐事, ¥2,000.01 is not. An unknown cost is routed by
 * scope alone, and the explanation says the topic should be routed again once the cost is known.
 * Money is integer fen throughout. */
#ifndef MULIN_HALL_TIER_H
#define MULIN_HALL_TIER_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "hall/topic_status.h"

/* The three halls, narrowest first, so "up" is a larger value. */
enum tier {
    TIER_BUILDING_GROUP, /* 琐事 · 楼组议 */
    TIER_BLOCK,          /* 小事 · 区块议 */
    TIER_ESTATE,         /* 大事 · 小区议 (the whole residential area) */
    TIER_COUNT
};

/* What a topic is about. Only whether a category is "always major" matters to routing; the list
 * is short on purpose and grows with the halls' use (at most 32: rules hold them as a bit mask). */
enum topic_category {
    TOPIC_CAT_OTHER,            /* 其他 */
    TOPIC_CAT_ENVIRONMENT,      /* 环境卫生 */
    TOPIC_CAT_GREENERY,         /* 绿化 */
    TOPIC_CAT_PARKING,          /* 停车 */
    TOPIC_CAT_FACILITIES,       /* 设施维修 */
    TOPIC_CAT_SAFETY,           /* 安全 */
    TOPIC_CAT_NEIGHBOURS,       /* 邻里关系 */
    TOPIC_CAT_PUBLIC_SPACE,     /* 公共空间改变: always major by default */
    TOPIC_CAT_MAINTENANCE_FUND, /* 维修资金使用: always major by default */
    TOPIC_CAT_SELF_GOV_FUND,    /* 自治金项目: always major by default */
    TOPIC_CAT_COUNT
};

/* cost_fen when nobody has estimated the cost yet. */
#define TIER_COST_UNKNOWN ((int64_t)-1)
/* The bit of a category in tier_rules.always_major. */
#define TIER_CAT_BIT(c) (UINT32_C(1) << (c))

/* The routing rules; a 街道 may set its own (DOMAIN.md: thresholds are configurable). */
struct tier_rules {
    int64_t group_max_fen; /* highest cost a building-group hall decides, inclusive (¥2,000) */
    int64_t block_max_fen; /* highest cost a block hall decides, inclusive (¥20,000) */
    uint32_t always_major; /* TIER_CAT_BIT of each category the estate hall always hears */
};

/* The topic as routing sees it. Scope is counted, not named: which group or block hall hears it
 * is the caller's business, since the topic hangs on that node of the territory tree. */
struct tier_topic {
    int groups;                   /* building groups affected (≥ 1 unless whole_area) */
    int blocks;                   /* blocks those groups lie in (1 ≤ blocks ≤ groups) */
    bool whole_area;              /* the whole residential area: groups and blocks are ignored */
    int64_t cost_fen;             /* estimated cost in fen, or TIER_COST_UNKNOWN */
    enum topic_category category; /* what the topic is about */
};

/* The rule that decided the routed tier, in the order they are checked. */
enum tier_rule {
    TIER_RULE_CATEGORY,        /* an always-major category */
    TIER_RULE_WHOLE_AREA,      /* affects the whole residential area */
    TIER_RULE_BLOCKS,          /* affects groups in several blocks */
    TIER_RULE_COST_OVER_BLOCK, /* cost over the block hall's limit */
    TIER_RULE_GROUPS,          /* several building groups in one block */
    TIER_RULE_COST_OVER_GROUP, /* one building group, but cost over its hall's limit */
    TIER_RULE_SMALL,           /* one building group, cost within its hall's limit or unknown */
    TIER_RULE_COUNT
};

/* How the tier now in force came about. */
enum tier_change {
    TIER_AS_ROUTED,  /* the rules' answer stands */
    TIER_OVERRIDDEN, /* standing directors set it, with a reason */
    TIER_APPEALED,   /* moved up on a resident's appeal, with a reason */
};

/* A routing decision and everything needed to explain it in either language. */
struct tier_decision {
    enum tier tier;          /* the hall that hears the topic now */
    enum tier routed;        /* what the rules gave, kept so a change can say what it changed */
    enum tier_rule rule;     /* the rule that gave routed */
    struct tier_topic topic; /* the inputs, copied so the explanation can quote them */
    int64_t limit_fen;       /* the cost limit the rule compared the cost with; -1 when none */
    enum tier_change change; /* whether tier is the rules' answer, an override or an appeal */
    const char *reason;      /* the override's or appeal's reason: borrowed from the caller, who
                                keeps it alive while the decision is used; NULL when as routed */
};

/* The default rules: ¥2,000 and ¥20,000; public space, maintenance fund and 自治金 always major. */
struct tier_rules tier_rules_default(void);

/* Routes topic under rules into *out (left untouched on refusal). HALL_E_RULES when a limit is
 * negative or the block limit is below the group limit; HALL_E_INPUT when the category is out of
 * range, the cost is negative (other than TIER_COST_UNKNOWN), or, unless whole_area, groups < 1,
 * blocks < 1 or blocks > groups (every group lies in one block). */
enum hall_err tier_route(const struct tier_rules *rules, const struct tier_topic *topic,
                         struct tier_decision *out);

/* Standing directors set the tier to `to`, either way, with a reason (borrowed: see
 * tier_decision.reason). Refusals, in the order checked: HALL_E_INPUT (bad tier), HALL_E_ROLE
 * (actor is not ACTOR_DIRECTOR), HALL_E_SAME_TIER, HALL_E_ALWAYS_MAJOR (an always-major category
 * below ESTATE), HALL_E_SCOPE_TOO_WIDE (a hall narrower than the scope: several groups cannot go
 * to one group's hall, several blocks or the whole area to one block's), HALL_E_REASON_REQUIRED.
 * On refusal *d is unchanged. */
enum hall_err tier_override(struct tier_decision *d, enum tier to, enum topic_actor actor,
                            const char *reason);

/* A resident (any actor: every one of them lives in the area) asks to move the topic up to `to`,
 * with a reason. Any higher tier may be asked for, so a 琐事 that is really the whole estate's
 * business needs one appeal, not two. Refusals, in order: HALL_E_INPUT (bad tier), HALL_E_ROLE
 * (actor out of range), HALL_E_SAME_TIER, HALL_E_UP_ONLY (a lower tier), HALL_E_REASON_REQUIRED.
 * On refusal *d is unchanged. Whether an accepted appeal takes effect at once or after the hall
 * hears it is the caller's choice: this says only that it is admissible, and what it gives. */
enum hall_err tier_appeal(struct tier_decision *d, enum tier to, enum topic_actor actor,
                          const char *reason);

/* Writes to out[0..n) the explanation of d in plain words (lang: HALL_LANG_ZH or HALL_LANG_EN),
 * NUL-terminated when n > 0, and returns the length of the whole text as snprintf does; when that
 * is n or more the text was cut, at a UTF-8 character boundary so no half character is left. */
size_t tier_explain(const struct tier_decision *d, int lang, char *out, size_t n);

/* Writes fen as yuan with thousands separators ("¥2,000", "¥2,000.01", "¥0.50") to out[0..n),
 * returning the full length as snprintf does. */
size_t tier_format_fen(int64_t fen, char *out, size_t n);

/* Names of a tier: the matter ("琐事" / "everyday matter") and the hall ("楼组议" /
 * "building-group hall"); "?" when out of range. Static storage. */
const char *tier_matter_name(enum tier t, int lang);
const char *tier_hall_name(enum tier t, int lang);
/* The stable name of a tier ("building_group"), and back; -1 for an unknown name. */
const char *tier_key(enum tier t);
int tier_parse(const char *key);

/* Names of a category ("维修资金使用" / "Use of the maintenance fund"), its stable name
 * ("maintenance_fund") and back (-1 when unknown). Static storage. */
const char *topic_category_name(enum topic_category c, int lang);
const char *topic_category_key(enum topic_category c);
int topic_category_parse(const char *key);

#endif
