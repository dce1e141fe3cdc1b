#include "hall/tier.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static const struct {
    const char *key;       /* stable database and API name */
    const char *matter_zh; /* the slogan's word for the matter */
    const char *matter_en; /* and in English */
    const char *hall_zh;   /* the hall that hears it */
    const char *hall_en;   /* and in English */
    const char *ends_zh;   /* how an explanation ends when the rules chose this tier */
    const char *ends_en;   /* and in English */
} tiers[TIER_COUNT] = {
    [TIER_BUILDING_GROUP] = {"building_group", "琐事", "everyday matter", "楼组议",
                             "building-group hall", "属于琐事，由楼组议。",
                             "so it is an everyday matter for the building-group hall."},
    [TIER_BLOCK] = {"block", "小事", "minor matter", "区块议", "block hall", "属于小事，由区块议。",
                    "so it is a minor matter for the block hall."},
    [TIER_ESTATE] = {"estate", "大事", "major matter", "小区议", "estate hall",
                     "属于大事，由小区议。", "so it is a major matter for the estate hall."},
};

static const struct {
    const char *key; /* stable database and API name */
    const char *zh;  /* name shown in Chinese */
    const char *en;  /* name shown in English */
} categories[TOPIC_CAT_COUNT] = {
    [TOPIC_CAT_OTHER] = {"other", "其他", "Other"},
    [TOPIC_CAT_ENVIRONMENT] = {"environment", "环境卫生", "Cleanliness and environment"},
    [TOPIC_CAT_GREENERY] = {"greenery", "绿化", "Greenery"},
    [TOPIC_CAT_PARKING] = {"parking", "停车", "Parking"},
    [TOPIC_CAT_FACILITIES] = {"facilities", "设施维修", "Repairs to facilities"},
    [TOPIC_CAT_SAFETY] = {"safety", "安全", "Safety"},
    [TOPIC_CAT_NEIGHBOURS] = {"neighbours", "邻里关系", "Relations between neighbours"},
    [TOPIC_CAT_PUBLIC_SPACE] = {"public_space", "公共空间改变", "Changes to public space"},
    [TOPIC_CAT_MAINTENANCE_FUND] = {"maintenance_fund", "维修资金使用",
                                    "Use of the maintenance fund"},
    [TOPIC_CAT_SELF_GOV_FUND] = {"self_gov_fund", "自治金项目", "Self-governance fund project"},
};

struct tier_rules tier_rules_default(void)
{
    struct tier_rules r = {
        .group_max_fen = 200000,  /* ¥2,000 */
        .block_max_fen = 2000000, /* ¥20,000 */
        .always_major = TIER_CAT_BIT(TOPIC_CAT_PUBLIC_SPACE) |
                        TIER_CAT_BIT(TOPIC_CAT_MAINTENANCE_FUND) |
                        TIER_CAT_BIT(TOPIC_CAT_SELF_GOV_FUND),
    };
    return r;
}

enum hall_err tier_route(const struct tier_rules *rules, const struct tier_topic *topic,
                         struct tier_decision *out)
{
    if (rules->group_max_fen < 0 || rules->block_max_fen < rules->group_max_fen)
        return HALL_E_RULES;
    if ((unsigned)topic->category >= TOPIC_CAT_COUNT)
        return HALL_E_INPUT;
    if (topic->cost_fen < 0 && topic->cost_fen != TIER_COST_UNKNOWN)
        return HALL_E_INPUT;
    if (!topic->whole_area &&
        (topic->groups < 1 || topic->blocks < 1 || topic->blocks > topic->groups))
        return HALL_E_INPUT;

    bool known = topic->cost_fen != TIER_COST_UNKNOWN;
    int64_t cost = topic->cost_fen;
    struct tier_decision d = {.topic = *topic, .limit_fen = -1, .change = TIER_AS_ROUTED};
    /* Widest first, so the rule reported is the one that put the topic where it is: a cheap
     * change to public space is major for its category, not minor for its cost. An unknown
     * cost passes every cost test, so scope alone decides. */
    if (rules->always_major & TIER_CAT_BIT(topic->category)) {
        d.routed = TIER_ESTATE;
        d.rule = TIER_RULE_CATEGORY;
    } else if (topic->whole_area) {
        d.routed = TIER_ESTATE;
        d.rule = TIER_RULE_WHOLE_AREA;
    } else if (topic->blocks > 1) {
        d.routed = TIER_ESTATE;
        d.rule = TIER_RULE_BLOCKS;
    } else if (known && cost > rules->block_max_fen) {
        d.routed = TIER_ESTATE;
        d.rule = TIER_RULE_COST_OVER_BLOCK;
        d.limit_fen = rules->block_max_fen;
    } else if (topic->groups > 1) {
        d.routed = TIER_BLOCK;
        d.rule = TIER_RULE_GROUPS;
        d.limit_fen = known ? rules->block_max_fen : -1;
    } else if (known && cost > rules->group_max_fen) {
        d.routed = TIER_BLOCK;
        d.rule = TIER_RULE_COST_OVER_GROUP;
        d.limit_fen = rules->group_max_fen;
    } else {
        d.routed = TIER_BUILDING_GROUP;
        d.rule = TIER_RULE_SMALL;
        d.limit_fen = known ? rules->group_max_fen : -1;
    }
    d.tier = d.routed;
    *out = d;
    return HALL_OK;
}

/* The narrowest hall whose members include everyone the topic affects: a group's hall cannot
 * decide for its neighbours, nor a block's hall for another block. */
static enum tier scope_floor(const struct tier_topic *t)
{
    if (t->whole_area || t->blocks > 1)
        return TIER_ESTATE;
    return t->groups > 1 ? TIER_BLOCK : TIER_BUILDING_GROUP;
}

enum hall_err tier_override(struct tier_decision *d, enum tier to, enum topic_actor actor,
                            const char *reason)
{
    if ((unsigned)to >= TIER_COUNT)
        return HALL_E_INPUT;
    if (actor != ACTOR_DIRECTOR)
        return HALL_E_ROLE;
    if (to == d->tier)
        return HALL_E_SAME_TIER;
    /* The category rule is the one a director's judgement may not set aside: spending the
     * maintenance fund or 自治金, or changing shared space, concerns every household. */
    if (d->rule == TIER_RULE_CATEGORY && to != TIER_ESTATE)
        return HALL_E_ALWAYS_MAJOR;
    if (to < scope_floor(&d->topic))
        return HALL_E_SCOPE_TOO_WIDE;
    if (!hall_text_present(reason))
        return HALL_E_REASON_REQUIRED;
    d->tier = to;
    d->change = TIER_OVERRIDDEN;
    d->reason = reason;
    return HALL_OK;
}

enum hall_err tier_appeal(struct tier_decision *d, enum tier to, enum topic_actor actor,
                          const char *reason)
{
    if ((unsigned)to >= TIER_COUNT)
        return HALL_E_INPUT;
    if ((unsigned)actor >= ACTOR_COUNT)
        return HALL_E_ROLE;
    if (to == d->tier)
        return HALL_E_SAME_TIER;
    if (to < d->tier)
        return HALL_E_UP_ONLY;
    if (!hall_text_present(reason))
        return HALL_E_REASON_REQUIRED;
    d->tier = to;
    d->change = TIER_APPEALED;
    d->reason = reason;
    return HALL_OK;
}

/* A text being written into a caller's buffer, counting what does not fit. */
struct text {
    char *buf;  /* the caller's buffer */
    size_t cap; /* its size in bytes */
    size_t len; /* length of the whole text so far, whether it fitted or not */
};

/* Appends printf-style to t; what does not fit is counted, not written. */
__attribute__((format(printf, 2, 3))) static void text_printf(struct text *t, const char *fmt, ...)
{
    va_list ap;
    size_t room = t->len < t->cap ? t->cap - t->len : 0;
    va_start(ap, fmt);
    int k = vsnprintf(room ? t->buf + t->len : NULL, room, fmt, ap);
    va_end(ap);
    if (k > 0)
        t->len += (size_t)k;
}

/* NUL-terminates t and returns its full length. A cut text loses its last character if only
 * part of it fitted: half a Chinese character would make the whole page invalid UTF-8. */
static size_t text_finish(struct text *t)
{
    if (t->cap == 0)
        return t->len;
    size_t end = t->len < t->cap ? t->len : t->cap - 1;
    if (t->len >= t->cap && end > 0) {
        const unsigned char *b = (const unsigned char *)t->buf;
        size_t lead = end - 1;
        while (lead > 0 && (b[lead] & 0xC0) == 0x80)
            lead--;
        size_t need = b[lead] >= 0xF0 ? 4 : b[lead] >= 0xE0 ? 3 : b[lead] >= 0xC0 ? 2 : 1;
        if (lead + need > end)
            end = lead;
    }
    t->buf[end] = '\0';
    return t->len;
}

size_t tier_format_fen(int64_t fen, char *out, size_t n)
{
    /* Unsigned, so that even INT64_MIN has a magnitude. */
    uint64_t mag = fen < 0 ? (uint64_t)0 - (uint64_t)fen : (uint64_t)fen;
    uint64_t yuan = mag / 100;
    unsigned cents = (unsigned)(mag % 100);
    char digits[32]; /* 20 digits and 6 separators at most */
    size_t i = sizeof digits;
    int since_sep = 0;
    digits[--i] = '\0';
    do {
        if (since_sep == 3) {
            digits[--i] = ',';
            since_sep = 0;
        }
        digits[--i] = (char)('0' + yuan % 10);
        yuan /= 10;
        since_sep++;
    } while (yuan > 0);
    struct text t = {out, n, 0};
    text_printf(&t, "%s¥%s", fen < 0 ? "-" : "", digits + i);
    if (cents)
        text_printf(&t, ".%02u", cents);
    return text_finish(&t);
}

size_t tier_explain(const struct tier_decision *d, int lang, char *out, size_t n)
{
    struct text t = {out, n, 0};
    bool en = lang == HALL_LANG_EN;
    bool known = d->topic.cost_fen != TIER_COST_UNKNOWN;
    char cost[40], limit[40];
    tier_format_fen(d->topic.cost_fen, cost, sizeof cost);
    tier_format_fen(d->limit_fen, limit, sizeof limit);
    enum tier routed = (unsigned)d->routed < TIER_COUNT ? d->routed : TIER_ESTATE;
    const char *ends = en ? tiers[routed].ends_en : tiers[routed].ends_zh;

    switch (d->rule) {
    case TIER_RULE_CATEGORY:
        if (en)
            text_printf(
                &t,
                "It is in the category “%s”, which is always a major matter for the estate hall.",
                topic_category_name(d->topic.category, lang));
        else
            text_printf(&t, "“%s”类的议题一律属于大事，由小区议。",
                        topic_category_name(d->topic.category, lang));
        ends = "";
        break;
    case TIER_RULE_WHOLE_AREA:
        text_printf(&t, en ? "It concerns the whole residential area, " : "涉及整个小区，");
        break;
    case TIER_RULE_BLOCKS:
        text_printf(&t, en ? "It affects building groups in %d blocks, " : "涉及 %d 个区块，",
                    d->topic.blocks);
        break;
    case TIER_RULE_COST_OVER_BLOCK:
        text_printf(&t,
                    en ? "Its estimated cost of %s is over the block hall's limit of %s, "
                       : "预计花费 %s，超过区块议的上限 %s，",
                    cost, limit);
        break;
    case TIER_RULE_GROUPS:
        text_printf(
            &t, en ? "It affects %d building groups in one block, " : "涉及同一区块的 %d 个楼组，",
            d->topic.groups);
        if (known)
            text_printf(&t,
                        en ? "and its estimated cost of %s is within the block hall's limit of %s, "
                           : "预计花费 %s，不超过区块议的上限 %s，",
                        cost, limit);
        break;
    case TIER_RULE_COST_OVER_GROUP:
        text_printf(&t,
                    en ? "It affects one building group, but its estimated cost of %s is over the "
                         "building-group hall's limit of %s, "
                       : "只涉及 1 个楼组，但预计花费 %s，超过楼组议的上限 %s，",
                    cost, limit);
        break;
    case TIER_RULE_SMALL:
    default:
        text_printf(&t, en ? "It affects one building group, " : "只涉及 1 个楼组，");
        if (known)
            text_printf(&t,
                        en ? "and its estimated cost of %s is within the building-group hall's "
                             "limit of %s, "
                           : "预计花费 %s，不超过楼组议的上限 %s，",
                        cost, limit);
        break;
    }
    text_printf(&t, "%s", ends);
    /* A cost found later can only raise the tier, so the warning matters below the top. */
    if (!known && routed != TIER_ESTATE)
        text_printf(&t, en ? " The cost is not known yet, so this is by scope alone; route it "
                             "again once the cost is known."
                           : "花费还没有确定，暂时只按范围分级，定下花费后请重新分级。");
    if (d->change != TIER_AS_ROUTED && (unsigned)d->tier < TIER_COUNT) {
        const char *hall = tier_hall_name(d->tier, lang);
        const char *matter = tier_matter_name(d->tier, lang);
        if (d->change == TIER_OVERRIDDEN)
            text_printf(&t,
                        en ? " The standing directors moved it to the %s (%s)."
                           : "常任理事改由%s（%s）。",
                        hall, matter);
        else
            text_printf(&t,
                        en ? " On a resident's appeal it was moved up to the %s (%s)."
                           : "经居民申请，提高到由%s（%s）。",
                        hall, matter);
        if (d->reason)
            text_printf(&t, en ? " Reason: %s" : "理由：%s", d->reason);
    }
    return text_finish(&t);
}

const char *tier_matter_name(enum tier t, int lang)
{
    if ((unsigned)t >= TIER_COUNT)
        return "?";
    return lang == HALL_LANG_EN ? tiers[t].matter_en : tiers[t].matter_zh;
}

const char *tier_hall_name(enum tier t, int lang)
{
    if ((unsigned)t >= TIER_COUNT)
        return "?";
    return lang == HALL_LANG_EN ? tiers[t].hall_en : tiers[t].hall_zh;
}

const char *tier_key(enum tier t)
{
    return (unsigned)t < TIER_COUNT ? tiers[t].key : "?";
}

int tier_parse(const char *key)
{
    for (int t = 0; t < TIER_COUNT; t++)
        if (strcmp(tiers[t].key, key) == 0)
            return t;
    return -1;
}

const char *topic_category_name(enum topic_category c, int lang)
{
    if ((unsigned)c >= TOPIC_CAT_COUNT)
        return "?";
    return lang == HALL_LANG_EN ? categories[c].en : categories[c].zh;
}

const char *topic_category_key(enum topic_category c)
{
    return (unsigned)c < TOPIC_CAT_COUNT ? categories[c].key : "?";
}

int topic_category_parse(const char *key)
{
    for (int c = 0; c < TOPIC_CAT_COUNT; c++)
        if (strcmp(categories[c].key, key) == 0)
            return c;
    return -1;
}
