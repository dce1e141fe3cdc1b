/* Tier routing (大事小区议、小事区块议、琐事楼组议) as a table of cases, with every boundary the
 * issue names, then overrides, appeals and the explanation texts. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdbool.h>
#include <string.h>

#include "hall/tier.h"

#define YUAN(y) ((int64_t)(y)*100)
#define UNKNOWN TIER_COST_UNKNOWN
#define NO_LIMIT (-1)

/* One routing case under the default rules. */
struct route_case {
    const char *name;             /* what the case shows */
    int groups;                   /* building groups affected */
    int blocks;                   /* blocks they lie in */
    bool whole;                   /* the whole residential area */
    int64_t cost;                 /* fen, or UNKNOWN */
    enum topic_category category; /* what it is about */
    enum tier tier;               /* expected tier */
    enum tier_rule rule;          /* expected deciding rule */
    int64_t limit;                /* expected limit quoted, or NO_LIMIT */
};

#define G TIER_BUILDING_GROUP
#define B TIER_BLOCK
#define E TIER_ESTATE
#define OTHER TOPIC_CAT_OTHER

static const struct route_case cases[] = {
    /* one building group: the ¥2,000 line */
    {"free, one group", 1, 1, false, 0, OTHER, G, TIER_RULE_SMALL, YUAN(2000)},
    {"¥1,999.99, one group", 1, 1, false, YUAN(2000) - 1, OTHER, G, TIER_RULE_SMALL, YUAN(2000)},
    {"¥2,000 exactly, one group", 1, 1, false, YUAN(2000), OTHER, G, TIER_RULE_SMALL, YUAN(2000)},
    {"¥2,000.01, one group", 1, 1, false, YUAN(2000) + 1, OTHER, B, TIER_RULE_COST_OVER_GROUP,
     YUAN(2000)},
    {"¥2,001, one group", 1, 1, false, YUAN(2001), OTHER, B, TIER_RULE_COST_OVER_GROUP, YUAN(2000)},
    {"¥8,000, one group", 1, 1, false, YUAN(8000), TOPIC_CAT_PARKING, B, TIER_RULE_COST_OVER_GROUP,
     YUAN(2000)},
    /* one group: the ¥20,000 line */
    {"¥20,000 exactly, one group", 1, 1, false, YUAN(20000), OTHER, B, TIER_RULE_COST_OVER_GROUP,
     YUAN(2000)},
    {"¥20,000.01, one group", 1, 1, false, YUAN(20000) + 1, OTHER, E, TIER_RULE_COST_OVER_BLOCK,
     YUAN(20000)},
    {"¥20,001, one group", 1, 1, false, YUAN(20001), OTHER, E, TIER_RULE_COST_OVER_BLOCK,
     YUAN(20000)},
    /* several groups in one block */
    {"two groups, free", 2, 1, false, 0, OTHER, B, TIER_RULE_GROUPS, YUAN(20000)},
    {"three groups, ¥1,000", 3, 1, false, YUAN(1000), TOPIC_CAT_GREENERY, B, TIER_RULE_GROUPS,
     YUAN(20000)},
    {"three groups, ¥20,000 exactly", 3, 1, false, YUAN(20000), OTHER, B, TIER_RULE_GROUPS,
     YUAN(20000)},
    {"three groups, ¥20,000.01", 3, 1, false, YUAN(20000) + 1, OTHER, E, TIER_RULE_COST_OVER_BLOCK,
     YUAN(20000)},
    {"three groups, ¥20,001", 3, 1, false, YUAN(20001), OTHER, E, TIER_RULE_COST_OVER_BLOCK,
     YUAN(20000)},
    /* several blocks, the whole area */
    {"two groups in two blocks, free", 2, 2, false, 0, OTHER, E, TIER_RULE_BLOCKS, NO_LIMIT},
    {"groups in three blocks, ¥500", 9, 3, false, YUAN(500), OTHER, E, TIER_RULE_BLOCKS, NO_LIMIT},
    {"two blocks, cost unknown", 4, 2, false, UNKNOWN, OTHER, E, TIER_RULE_BLOCKS, NO_LIMIT},
    {"two blocks, ¥30,000: scope decides first", 4, 2, false, YUAN(30000), OTHER, E,
     TIER_RULE_BLOCKS, NO_LIMIT},
    {"whole area, free", 0, 0, true, 0, OTHER, E, TIER_RULE_WHOLE_AREA, NO_LIMIT},
    {"whole area, counts ignored", 1, 1, true, YUAN(100), TOPIC_CAT_SAFETY, E, TIER_RULE_WHOLE_AREA,
     NO_LIMIT},
    /* unknown cost: scope alone */
    {"one group, cost unknown", 1, 1, false, UNKNOWN, OTHER, G, TIER_RULE_SMALL, NO_LIMIT},
    {"three groups, cost unknown", 3, 1, false, UNKNOWN, OTHER, B, TIER_RULE_GROUPS, NO_LIMIT},
    /* always-major categories, however small */
    {"public space, one group, ¥100", 1, 1, false, YUAN(100), TOPIC_CAT_PUBLIC_SPACE, E,
     TIER_RULE_CATEGORY, NO_LIMIT},
    {"maintenance fund, one group, free", 1, 1, false, 0, TOPIC_CAT_MAINTENANCE_FUND, E,
     TIER_RULE_CATEGORY, NO_LIMIT},
    {"自治金 project, cost unknown", 1, 1, false, UNKNOWN, TOPIC_CAT_SELF_GOV_FUND, E,
     TIER_RULE_CATEGORY, NO_LIMIT},
    {"category before whole area", 0, 0, true, YUAN(50000), TOPIC_CAT_PUBLIC_SPACE, E,
     TIER_RULE_CATEGORY, NO_LIMIT},
};

/* Routes c under the default rules into *d, failing the test if routing refuses. */
static void route(const struct route_case *c, struct tier_decision *d)
{
    struct tier_rules rules = tier_rules_default();
    struct tier_topic t = {c->groups, c->blocks, c->whole, c->cost, c->category};
    enum hall_err e = tier_route(&rules, &t, d);
    if (e != HALL_OK)
        fail_msg("%s: refused with %s", c->name, hall_err_code(e));
}

/* Every case of the table routes to its tier by its rule, quoting the limit it compared. */
static void test_default_rules_table(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const struct route_case *c = &cases[i];
        struct tier_decision d;
        route(c, &d);
        if (d.tier != c->tier || d.routed != c->tier || d.rule != c->rule ||
            d.limit_fen != c->limit)
            fail_msg("%s: got tier %s rule %d limit %lld, want %s rule %d limit %lld", c->name,
                     tier_key(d.tier), (int)d.rule, (long long)d.limit_fen, tier_key(c->tier),
                     (int)c->rule, (long long)c->limit);
        assert_int_equal(d.change, TIER_AS_ROUTED);
        assert_null(d.reason);
        assert_int_equal(d.topic.cost_fen, c->cost);
    }
}

/* The defaults are the issue's: ¥2,000, ¥20,000 and three always-major categories. */
static void test_defaults_are_the_issues_numbers(void **state)
{
    (void)state;
    struct tier_rules r = tier_rules_default();
    assert_int_equal(r.group_max_fen, 200000);
    assert_int_equal(r.block_max_fen, 2000000);
    for (int c = 0; c < TOPIC_CAT_COUNT; c++) {
        bool major = c == TOPIC_CAT_PUBLIC_SPACE || c == TOPIC_CAT_MAINTENANCE_FUND ||
                     c == TOPIC_CAT_SELF_GOV_FUND;
        struct tier_topic t = {1, 1, false, 0, (enum topic_category)c};
        struct tier_decision d;
        assert_int_equal(tier_route(&r, &t, &d), HALL_OK);
        assert_int_equal(d.tier, major ? TIER_ESTATE : TIER_BUILDING_GROUP);
    }
}

/* Scope that cannot exist, a negative cost or an unknown category is refused, not guessed at. */
static void test_bad_input_is_refused(void **state)
{
    (void)state;
    struct tier_rules r = tier_rules_default();
    struct tier_topic bad[] = {
        {0, 0, false, 0, OTHER},                     /* no group at all */
        {1, 0, false, 0, OTHER},                     /* a group in no block */
        {1, 2, false, 0, OTHER},                     /* one group in two blocks */
        {-1, 1, false, 0, OTHER},                    /* negative count */
        {1, 1, false, -2, OTHER},                    /* negative cost */
        {1, 1, false, INT64_MIN, OTHER},             /* very negative cost */
        {1, 1, false, 0, TOPIC_CAT_COUNT},           /* unknown category */
        {1, 1, false, 0, (enum topic_category) - 1}, /* negative category */
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        struct tier_decision d = {.tier = TIER_BLOCK};
        assert_int_equal(tier_route(&r, &bad[i], &d), HALL_E_INPUT);
        assert_int_equal(d.tier, TIER_BLOCK); /* untouched */
    }
}

/* A 街道's rules with a block limit below the group limit are refused: no topic could be 小事. */
static void test_bad_rules_are_refused(void **state)
{
    (void)state;
    struct tier_topic t = {1, 1, false, 0, OTHER};
    struct tier_decision d;
    struct tier_rules below = {YUAN(2000), YUAN(1999), 0};
    struct tier_rules negative = {-1, YUAN(20000), 0};
    struct tier_rules equal = {YUAN(2000), YUAN(2000), 0};
    assert_int_equal(tier_route(&below, &t, &d), HALL_E_RULES);
    assert_int_equal(tier_route(&negative, &t, &d), HALL_E_RULES);
    /* Equal limits are allowed: a 街道 that wants no cost band for the block hall. */
    assert_int_equal(tier_route(&equal, &t, &d), HALL_OK);
    t.cost_fen = YUAN(2000) + 1;
    assert_int_equal(tier_route(&equal, &t, &d), HALL_OK);
    assert_int_equal(d.tier, TIER_ESTATE);
}

/* Other limits and another always-major set move the lines where a 街道 puts them. */
static void test_custom_rules(void **state)
{
    (void)state;
    struct tier_rules r = {YUAN(500), YUAN(5000), TIER_CAT_BIT(TOPIC_CAT_PARKING)};
    struct {
        struct tier_topic t; /* the topic */
        enum tier want;      /* its tier under r */
    } c[] = {
        {{1, 1, false, YUAN(500), OTHER}, TIER_BUILDING_GROUP},
        {{1, 1, false, YUAN(500) + 1, OTHER}, TIER_BLOCK},
        {{3, 1, false, YUAN(5000), OTHER}, TIER_BLOCK},
        {{3, 1, false, YUAN(5000) + 1, OTHER}, TIER_ESTATE},
        {{1, 1, false, 0, TOPIC_CAT_PARKING}, TIER_ESTATE},
        /* no longer always major under these rules */
        {{1, 1, false, 0, TOPIC_CAT_PUBLIC_SPACE}, TIER_BUILDING_GROUP},
    };
    for (size_t i = 0; i < sizeof c / sizeof c[0]; i++) {
        struct tier_decision d;
        assert_int_equal(tier_route(&r, &c[i].t, &d), HALL_OK);
        assert_int_equal(d.tier, c[i].want);
    }
    /* Zero limits: only free topics stay in the building group. */
    struct tier_rules zero = {0, 0, 0};
    struct tier_topic free_topic = {1, 1, false, 0, OTHER}, one_fen = {1, 1, false, 1, OTHER};
    struct tier_decision d;
    assert_int_equal(tier_route(&zero, &free_topic, &d), HALL_OK);
    assert_int_equal(d.tier, TIER_BUILDING_GROUP);
    assert_int_equal(tier_route(&zero, &one_fen, &d), HALL_OK);
    assert_int_equal(d.tier, TIER_ESTATE);
}

/* A decision for a topic under the default rules, failing the test on refusal. */
static struct tier_decision routed(int groups, int blocks, bool whole, int64_t cost,
                                   enum topic_category cat)
{
    struct tier_rules r = tier_rules_default();
    struct tier_topic t = {groups, blocks, whole, cost, cat};
    struct tier_decision d;
    assert_int_equal(tier_route(&r, &t, &d), HALL_OK);
    return d;
}

/* Standing directors may move a topic down or up with a reason; the rules' answer is kept. */
static void test_override(void **state)
{
    (void)state;
    /* ¥2,500 for one group: the directors let the group decide it. */
    struct tier_decision d = routed(1, 1, false, YUAN(2500), OTHER);
    assert_int_equal(d.tier, TIER_BLOCK);
    assert_int_equal(tier_override(&d, TIER_BUILDING_GROUP, ACTOR_DIRECTOR, "楼组自筹，影响仅本楼"),
                     HALL_OK);
    assert_int_equal(d.tier, TIER_BUILDING_GROUP);
    assert_int_equal(d.routed, TIER_BLOCK);
    assert_int_equal(d.change, TIER_OVERRIDDEN);
    assert_string_equal(d.reason, "楼组自筹，影响仅本楼");
    /* and back up to the estate: overrides go either way */
    assert_int_equal(tier_override(&d, TIER_ESTATE, ACTOR_DIRECTOR, "牵涉消防通道"), HALL_OK);
    assert_int_equal(d.tier, TIER_ESTATE);
}

/* Each refusal of an override, in the order checked; a refused override changes nothing. */
static void test_override_refusals(void **state)
{
    (void)state;
    struct tier_decision block = routed(1, 1, false, YUAN(2500), OTHER);
    struct tier_decision groups = routed(3, 1, false, 0, OTHER);
    struct tier_decision blocks = routed(4, 2, false, 0, OTHER);
    struct tier_decision whole = routed(0, 0, true, 0, OTHER);
    struct tier_decision fund = routed(1, 1, false, YUAN(100), TOPIC_CAT_MAINTENANCE_FUND);
    struct {
        struct tier_decision *d; /* decision to override */
        enum tier to;            /* new tier */
        enum topic_actor by;     /* who */
        const char *reason;      /* why */
        enum hall_err want;      /* expected answer */
    } c[] = {
        {&block, TIER_COUNT, ACTOR_DIRECTOR, "x", HALL_E_INPUT},
        {&block, (enum tier) - 1, ACTOR_DIRECTOR, "x", HALL_E_INPUT},
        {&block, TIER_BUILDING_GROUP, ACTOR_WORKER, "x", HALL_E_ROLE},
        {&block, TIER_BUILDING_GROUP, ACTOR_RESIDENT, "x", HALL_E_ROLE},
        {&block, TIER_BUILDING_GROUP, ACTOR_CHAIR, "x", HALL_E_ROLE},
        {&block, TIER_BUILDING_GROUP, ACTOR_ADMIN, "x", HALL_E_ROLE},
        {&block, TIER_BLOCK, ACTOR_DIRECTOR, "x", HALL_E_SAME_TIER},
        {&block, TIER_BUILDING_GROUP, ACTOR_DIRECTOR, NULL, HALL_E_REASON_REQUIRED},
        {&block, TIER_BUILDING_GROUP, ACTOR_DIRECTOR, "", HALL_E_REASON_REQUIRED},
        {&block, TIER_BUILDING_GROUP, ACTOR_DIRECTOR, " \xe3\x80\x80 ", HALL_E_REASON_REQUIRED},
        {&fund, TIER_BLOCK, ACTOR_DIRECTOR, "x", HALL_E_ALWAYS_MAJOR},
        {&fund, TIER_BUILDING_GROUP, ACTOR_DIRECTOR, "x", HALL_E_ALWAYS_MAJOR},
        {&groups, TIER_BUILDING_GROUP, ACTOR_DIRECTOR, "x", HALL_E_SCOPE_TOO_WIDE},
        {&blocks, TIER_BLOCK, ACTOR_DIRECTOR, "x", HALL_E_SCOPE_TOO_WIDE},
        {&whole, TIER_BLOCK, ACTOR_DIRECTOR, "x", HALL_E_SCOPE_TOO_WIDE},
        {&whole, TIER_BUILDING_GROUP, ACTOR_DIRECTOR, "x", HALL_E_SCOPE_TOO_WIDE},
        /* the role is checked before anything else about the change */
        {&fund, TIER_BLOCK, ACTOR_WORKER, NULL, HALL_E_ROLE},
        /* and a missing reason last */
        {&fund, TIER_BLOCK, ACTOR_DIRECTOR, NULL, HALL_E_ALWAYS_MAJOR},
    };
    for (size_t i = 0; i < sizeof c / sizeof c[0]; i++) {
        struct tier_decision before = *c[i].d;
        enum hall_err e = tier_override(c[i].d, c[i].to, c[i].by, c[i].reason);
        if (e != c[i].want)
            fail_msg("case %zu: got %s, want %s", i, hall_err_code(e), hall_err_code(c[i].want));
        /* a refusal changes nothing */
        assert_int_equal(c[i].d->tier, before.tier);
        assert_int_equal(c[i].d->change, before.change);
        assert_ptr_equal(c[i].d->reason, before.reason);
    }
    /* Several groups may still go down from the estate to the block hall when only cost put them
     * there. */
    struct tier_decision dear = routed(3, 1, false, YUAN(25000), OTHER);
    assert_int_equal(dear.tier, TIER_ESTATE);
    assert_int_equal(tier_override(&dear, TIER_BLOCK, ACTOR_DIRECTOR, "x"), HALL_OK);
}

/* Anyone may appeal a topic up, to any higher tier, with a reason; never down. */
static void test_appeal(void **state)
{
    (void)state;
    for (int a = 0; a < ACTOR_COUNT; a++) {
        /* anyone may appeal one tier up... */
        struct tier_decision d = routed(1, 1, false, YUAN(100), OTHER);
        assert_int_equal(tier_appeal(&d, TIER_BLOCK, (enum topic_actor)a, "影响隔壁楼组"), HALL_OK);
        assert_int_equal(d.tier, TIER_BLOCK);
        assert_int_equal(d.routed, TIER_BUILDING_GROUP);
        assert_int_equal(d.change, TIER_APPEALED);
        /* ...or straight to the top */
        struct tier_decision e = routed(1, 1, false, YUAN(100), OTHER);
        assert_int_equal(tier_appeal(&e, TIER_ESTATE, (enum topic_actor)a, "全小区都受影响"),
                         HALL_OK);
        assert_int_equal(e.tier, TIER_ESTATE);
    }
    struct tier_decision block = routed(3, 1, false, 0, OTHER);
    struct tier_decision estate = routed(2, 2, false, 0, OTHER);
    struct {
        struct tier_decision *d; /* decision appealed */
        enum tier to;            /* tier asked for */
        enum topic_actor by;     /* who */
        const char *reason;      /* why */
        enum hall_err want;      /* expected answer */
    } c[] = {
        {&block, TIER_BUILDING_GROUP, ACTOR_RESIDENT, "x", HALL_E_UP_ONLY},
        {&block, TIER_BLOCK, ACTOR_RESIDENT, "x", HALL_E_SAME_TIER},
        {&estate, TIER_ESTATE, ACTOR_RESIDENT, "x", HALL_E_SAME_TIER},
        {&estate, TIER_BLOCK, ACTOR_RESIDENT, "x", HALL_E_UP_ONLY},
        {&block, TIER_ESTATE, ACTOR_RESIDENT, NULL, HALL_E_REASON_REQUIRED},
        {&block, TIER_ESTATE, ACTOR_RESIDENT, "\t", HALL_E_REASON_REQUIRED},
        {&block, TIER_COUNT, ACTOR_RESIDENT, "x", HALL_E_INPUT},
        {&block, TIER_ESTATE, ACTOR_COUNT, "x", HALL_E_ROLE},
        {&block, TIER_ESTATE, (enum topic_actor) - 1, "x", HALL_E_ROLE},
    };
    for (size_t i = 0; i < sizeof c / sizeof c[0]; i++) {
        struct tier_decision before = *c[i].d;
        enum hall_err e = tier_appeal(c[i].d, c[i].to, c[i].by, c[i].reason);
        if (e != c[i].want)
            fail_msg("case %zu: got %s, want %s", i, hall_err_code(e), hall_err_code(c[i].want));
        assert_int_equal(c[i].d->tier, before.tier);
        assert_int_equal(c[i].d->change, before.change);
    }
    /* An appeal is measured from the tier in force: after the directors moved a topic down, a
     * resident may appeal it back up. */
    struct tier_decision d = routed(1, 1, false, YUAN(2500), OTHER);
    assert_int_equal(tier_override(&d, TIER_BUILDING_GROUP, ACTOR_DIRECTOR, "x"), HALL_OK);
    assert_int_equal(tier_appeal(&d, TIER_BLOCK, ACTOR_RESIDENT, "y"), HALL_OK);
    assert_int_equal(d.tier, TIER_BLOCK);
    assert_string_equal(d.reason, "y");
}

/* The explanation of d in lang, into a buffer big enough for any of these. */
static const char *explain(const struct tier_decision *d, int lang)
{
    static char buf[1024];
    size_t n = tier_explain(d, lang, buf, sizeof buf);
    assert_true(n < sizeof buf);
    assert_int_equal(strlen(buf), n);
    return buf;
}

/* Fails unless needle is in haystack. */
static void assert_has(const char *haystack, const char *needle)
{
    if (!strstr(haystack, needle))
        fail_msg("\"%s\" not in \"%s\"", needle, haystack);
}

/* The Chinese texts in full: these are what residents read. */
static void test_explanations_in_chinese(void **state)
{
    (void)state;
    struct tier_decision d = routed(1, 1, false, YUAN(2000), OTHER);
    assert_string_equal(explain(&d, HALL_LANG_ZH),
                        "只涉及 1 个楼组，预计花费 ¥2,000，不超过楼组议的上限 ¥2,000，"
                        "属于琐事，由楼组议。");
    d = routed(1, 1, false, YUAN(2000) + 1, OTHER);
    assert_string_equal(explain(&d, HALL_LANG_ZH),
                        "只涉及 1 个楼组，但预计花费 ¥2,000.01，超过楼组议的上限 ¥2,000，"
                        "属于小事，由区块议。");
    d = routed(3, 1, false, YUAN(8000), OTHER);
    assert_string_equal(explain(&d, HALL_LANG_ZH),
                        "涉及同一区块的 3 个楼组，预计花费 ¥8,000，不超过区块议的上限 ¥20,000，"
                        "属于小事，由区块议。");
    d = routed(3, 1, false, YUAN(20001), OTHER);
    assert_string_equal(explain(&d, HALL_LANG_ZH),
                        "预计花费 ¥20,001，超过区块议的上限 ¥20,000，属于大事，由小区议。");
    d = routed(5, 2, false, 0, OTHER);
    assert_string_equal(explain(&d, HALL_LANG_ZH), "涉及 2 个区块，属于大事，由小区议。");
    d = routed(0, 0, true, 0, OTHER);
    assert_string_equal(explain(&d, HALL_LANG_ZH), "涉及整个小区，属于大事，由小区议。");
    d = routed(1, 1, false, 0, TOPIC_CAT_MAINTENANCE_FUND);
    assert_string_equal(explain(&d, HALL_LANG_ZH),
                        "“维修资金使用”类的议题一律属于大事，由小区议。");
}

/* The English texts quote the same numbers. */
static void test_explanations_in_english(void **state)
{
    (void)state;
    struct tier_decision d = routed(1, 1, false, YUAN(2000), OTHER);
    assert_string_equal(explain(&d, HALL_LANG_EN),
                        "It affects one building group, and its estimated cost of ¥2,000 is "
                        "within the building-group hall's limit of ¥2,000, so it is an everyday "
                        "matter for the building-group hall.");
    d = routed(1, 1, false, YUAN(20000), OTHER);
    assert_has(explain(&d, HALL_LANG_EN), "cost of ¥20,000 is over the building-group hall's "
                                          "limit of ¥2,000, so it is a minor matter");
    d = routed(3, 1, false, UNKNOWN, OTHER);
    assert_has(explain(&d, HALL_LANG_EN), "It affects 3 building groups in one block, so it is a "
                                          "minor matter for the block hall.");
    d = routed(1, 1, false, YUAN(20000) + 1, OTHER);
    assert_has(explain(&d, HALL_LANG_EN), "¥20,000.01 is over the block hall's limit of ¥20,000");
    d = routed(6, 3, false, 0, OTHER);
    assert_has(explain(&d, HALL_LANG_EN), "building groups in 3 blocks");
    d = routed(0, 0, true, 0, OTHER);
    assert_has(explain(&d, HALL_LANG_EN), "the whole residential area");
    d = routed(1, 1, false, 0, TOPIC_CAT_PUBLIC_SPACE);
    assert_has(explain(&d, HALL_LANG_EN), "“Changes to public space”");
}

/* An unknown cost is routed by scope and the text asks for routing again, except at the top. */
static void test_unknown_cost_is_said(void **state)
{
    (void)state;
    struct tier_decision d = routed(1, 1, false, UNKNOWN, OTHER);
    assert_string_equal(explain(&d, HALL_LANG_ZH),
                        "只涉及 1 个楼组，属于琐事，由楼组议。"
                        "花费还没有确定，暂时只按范围分级，定下花费后请重新分级。");
    assert_has(explain(&d, HALL_LANG_EN), "The cost is not known yet");
    d = routed(3, 1, false, UNKNOWN, OTHER);
    assert_has(explain(&d, HALL_LANG_ZH), "花费还没有确定");
    /* At the top a cost found later changes nothing, so nothing is said. */
    d = routed(3, 2, false, UNKNOWN, OTHER);
    assert_null(strstr(explain(&d, HALL_LANG_ZH), "花费"));
    /* A known cost never brings the note. */
    d = routed(1, 1, false, 0, OTHER);
    assert_null(strstr(explain(&d, HALL_LANG_ZH), "没有确定"));
}

/* An override or appeal adds who changed the tier and why to the explanation. */
static void test_changes_are_explained(void **state)
{
    (void)state;
    struct tier_decision d = routed(1, 1, false, YUAN(2500), OTHER);
    assert_int_equal(tier_override(&d, TIER_BUILDING_GROUP, ACTOR_DIRECTOR, "楼组自筹"), HALL_OK);
    assert_string_equal(explain(&d, HALL_LANG_ZH),
                        "只涉及 1 个楼组，但预计花费 ¥2,500，超过楼组议的上限 ¥2,000，"
                        "属于小事，由区块议。常任理事改由楼组议（琐事）。理由：楼组自筹");
    assert_has(explain(&d, HALL_LANG_EN),
               "The standing directors moved it to the building-group hall (everyday matter). "
               "Reason: 楼组自筹");
    d = routed(1, 1, false, YUAN(100), OTHER);
    assert_int_equal(tier_appeal(&d, TIER_ESTATE, ACTOR_RESIDENT, "100% of 居民"), HALL_OK);
    assert_has(explain(&d, HALL_LANG_ZH), "经居民申请，提高到由小区议（大事）。理由：100% of 居民");
    assert_has(explain(&d, HALL_LANG_EN), "On a resident's appeal it was moved up to the estate "
                                          "hall (major matter). Reason: 100% of 居民");
}

/* True when s is well-formed UTF-8 as far as lead and continuation bytes go. */
static bool utf8_whole(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        int need = *p < 0x80 ? 0 : *p >= 0xF0 ? 3 : *p >= 0xE0 ? 2 : *p >= 0xC0 ? 1 : -1;
        if (need < 0)
            return false;
        p++;
        for (int i = 0; i < need; i++, p++)
            if ((*p & 0xC0) != 0x80)
                return false;
    }
    return true;
}

/* Every buffer size: the full length is returned, no half character is left, nothing is written
 * past the end. */
static void test_explanation_is_cut_on_a_character(void **state)
{
    (void)state;
    struct tier_decision d = routed(1, 1, false, YUAN(2500), OTHER);
    assert_int_equal(tier_override(&d, TIER_BUILDING_GROUP, ACTOR_DIRECTOR, "楼组自筹"), HALL_OK);
    char full[512];
    size_t len = tier_explain(&d, HALL_LANG_ZH, full, sizeof full);
    assert_true(len < sizeof full);
    assert_int_equal(tier_explain(&d, HALL_LANG_ZH, NULL, 0), len);
    for (size_t n = 1; n <= len + 1; n++) {
        char buf[512];
        memset(buf, 'Z', sizeof buf);
        assert_int_equal(tier_explain(&d, HALL_LANG_ZH, buf, n), len);
        size_t got = strlen(buf);
        assert_true(got < n);
        assert_true(got + 3 >= n - 1 || got == len); /* at most one character dropped */
        assert_memory_equal(buf, full, got);
        assert_true(utf8_whole(buf));
        assert_int_equal(buf[n], 'Z'); /* nothing written past the buffer */
    }
}

/* Fen shown as yuan with separators, cents only when there are any. */
static void test_money_format(void **state)
{
    (void)state;
    struct {
        int64_t fen;      /* amount */
        const char *text; /* as shown */
    } c[] = {
        {0, "¥0"},
        {1, "¥0.01"},
        {50, "¥0.50"},
        {100, "¥1"},
        {99999, "¥999.99"},
        {100000, "¥1,000"},
        {200000, "¥2,000"},
        {200001, "¥2,000.01"},
        {2000000, "¥20,000"},
        {2000100, "¥20,001"},
        {123456789, "¥1,234,567.89"},
        {-150, "-¥1.50"},
        {INT64_MAX, "¥92,233,720,368,547,758.07"},
        {INT64_MIN, "-¥92,233,720,368,547,758.08"},
    };
    for (size_t i = 0; i < sizeof c / sizeof c[0]; i++) {
        char buf[64];
        assert_int_equal(tier_format_fen(c[i].fen, buf, sizeof buf), strlen(c[i].text));
        assert_string_equal(buf, c[i].text);
    }
    char small[4];
    assert_int_equal(tier_format_fen(200000, small, 2), strlen("¥2,000"));
    assert_string_equal(small, ""); /* "¥" is two bytes: half of it is never left */
    assert_int_equal(tier_format_fen(200000, small, 3), strlen("¥2,000"));
    assert_string_equal(small, "¥");
    assert_int_equal(tier_format_fen(200000, small, 4), strlen("¥2,000"));
    assert_string_equal(small, "¥2");
}

/* Names in both languages and stable keys that round-trip. */
static void test_names(void **state)
{
    (void)state;
    assert_string_equal(tier_matter_name(TIER_BUILDING_GROUP, HALL_LANG_ZH), "琐事");
    assert_string_equal(tier_matter_name(TIER_BLOCK, HALL_LANG_ZH), "小事");
    assert_string_equal(tier_matter_name(TIER_ESTATE, HALL_LANG_ZH), "大事");
    assert_string_equal(tier_hall_name(TIER_BUILDING_GROUP, HALL_LANG_ZH), "楼组议");
    assert_string_equal(tier_hall_name(TIER_BLOCK, HALL_LANG_ZH), "区块议");
    assert_string_equal(tier_hall_name(TIER_ESTATE, HALL_LANG_ZH), "小区议");
    assert_string_equal(tier_hall_name(TIER_ESTATE, HALL_LANG_EN), "estate hall");
    assert_string_equal(tier_hall_name(TIER_COUNT, HALL_LANG_EN), "?");
    for (int t = 0; t < TIER_COUNT; t++)
        assert_int_equal(tier_parse(tier_key((enum tier)t)), t);
    assert_int_equal(tier_parse("district"), -1);
    for (int c = 0; c < TOPIC_CAT_COUNT; c++) {
        assert_int_equal(topic_category_parse(topic_category_key((enum topic_category)c)), c);
        assert_true(strlen(topic_category_name((enum topic_category)c, HALL_LANG_ZH)) > 0);
        assert_true(strlen(topic_category_name((enum topic_category)c, HALL_LANG_EN)) > 0);
    }
    assert_string_equal(topic_category_name(TOPIC_CAT_SELF_GOV_FUND, HALL_LANG_ZH), "自治金项目");
    assert_int_equal(topic_category_parse("lottery"), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_default_rules_table),
        cmocka_unit_test(test_defaults_are_the_issues_numbers),
        cmocka_unit_test(test_bad_input_is_refused),
        cmocka_unit_test(test_bad_rules_are_refused),
        cmocka_unit_test(test_custom_rules),
        cmocka_unit_test(test_override),
        cmocka_unit_test(test_override_refusals),
        cmocka_unit_test(test_appeal),
        cmocka_unit_test(test_explanations_in_chinese),
        cmocka_unit_test(test_explanations_in_english),
        cmocka_unit_test(test_unknown_cost_is_said),
        cmocka_unit_test(test_changes_are_explained),
        cmocka_unit_test(test_explanation_is_cut_on_a_character),
        cmocka_unit_test(test_money_format),
        cmocka_unit_test(test_names),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
