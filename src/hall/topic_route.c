/* Names of channels and tiers, the explanation of a stored topic's tier, and who the reader is
 * to a topic: may they see its proposer, which actors are they on its hall. No SQL here. */
#include <string.h>

#include "hall/outcome_rules.h"
#include "hall/topic_store.h"

#define A(x) (1u << (x))

static const struct {
    const char *key; /* stable database and API name */
    enum msg msg;    /* the name people read */
} channels[CH_COUNT] = {
    [CH_ONLINE] = {"online", M_CH_ONLINE},    [CH_VISIT] = {"visit", M_CH_VISIT},
    [CH_SESSION] = {"session", M_CH_SESSION}, [CH_BOX] = {"box", M_CH_BOX},
    [CH_PHONE] = {"phone", M_CH_PHONE},       [CH_WECHAT] = {"wechat", M_CH_WECHAT},
    [CH_OTHER] = {"other", M_CH_OTHER},
};

const char *topic_channel_key(enum topic_channel c)
{
    return (unsigned)c < CH_COUNT ? channels[c].key : "other";
}

int topic_channel_parse(const char *key)
{
    for (int c = 0; c < CH_COUNT; c++)
        if (strcmp(channels[c].key, key) == 0)
            return c;
    return -1;
}

enum msg topic_channel_msg(enum topic_channel c)
{
    return (unsigned)c < CH_COUNT ? channels[c].msg : M_CH_OTHER;
}

const char *topic_tier_api(enum tier t)
{
    static const char *const names[TIER_COUNT] = {"BUILDING_GROUP", "BLOCK", "ESTATE"};
    return (unsigned)t < TIER_COUNT ? names[t] : "ESTATE";
}

bool topic_is_hall_kind(enum node_kind k)
{
    return k == KIND_AREA || k == KIND_BLOCK || k == KIND_GROUP;
}

const char *topic_explanation(struct req *r, const struct topic *t)
{
    struct tier_rules rules = tier_rules_default();
    struct tier_topic in = {t->groups, t->blocks, t->whole_area, t->cost_fen, t->category};
    struct tier_decision d;
    if (tier_route(&rules, &in, &d) != HALL_OK)
        return "";
    /* The rules' answer, then the change the hall made to it, as tier_explain tells both. */
    d.tier = t->tier;
    d.change = t->change;
    d.reason = t->change == TIER_AS_ROUTED ? NULL : t->tier_reason;
    size_t n = tier_explain(&d, (int)r->lang, NULL, 0) + 1;
    char *out = arena_alloc(&r->arena, n);
    tier_explain(&d, (int)r->lang, out, n);
    return out;
}

bool topic_proposer_visible(struct req *r, const struct topic *t)
{
    return t->proposer_public || (r->person_id && r->person_id == t->proposer_id) ||
           perm_allows(r->grants, r->ngrants, t->hall_path, ACT_SCREEN_TOPIC);
}

/* The actors the reader is on t's hall, as A(actor) bits: every signed-in person is a resident;
 * roles count when held on the hall's node or above it. */
static unsigned reader_actors(struct req *r, const struct topic *t)
{
    unsigned m = A(ACTOR_RESIDENT);
    if (r->person_id && r->person_id == t->proposer_id)
        m |= A(ACTOR_PROPOSER);
    for (size_t i = 0; i < r->ngrants; i++) {
        if (!perm_path_within(t->hall_path, r->grants[i].path))
            continue;
        switch (r->grants[i].role) {
        case ROLE_GROUP_LEADER:
            m |= A(ACTOR_GROUP_LEADER);
            break;
        case ROLE_DIRECTOR:
            m |= A(ACTOR_DIRECTOR);
            break;
        case ROLE_CHAIR:
            m |= A(ACTOR_CHAIR);
            break;
        case ROLE_WORKER:
            m |= A(ACTOR_WORKER);
            break;
        case ROLE_ADMIN:
            m |= A(ACTOR_ADMIN);
            break;
        default:
            break;
        }
    }
    return m;
}

enum hall_err topic_may_move(struct req *r, const struct topic *t, enum topic_status to,
                             const char *reason)
{
    unsigned m = reader_actors(r, t);
    bool given = hall_text_present(reason);
    enum hall_err first = HALL_E_ROLE;
    bool have_first = false;
    /* Strongest first: any actor the reader is may take the step; a refusal is the strongest's. */
    for (int a = ACTOR_COUNT - 1; a >= 0; a--) {
        if (!(m & A(a)))
            continue;
        enum hall_err e = topic_transition_check(t->status, to, (enum topic_actor)a, given);
        if (e == HALL_OK)
            return HALL_OK;
        if (!have_first) {
            first = e;
            have_first = true;
        }
    }
    return first;
}

static const struct {
    int status;       /* HTTP status */
    const char *code; /* API code */
    enum msg msg;     /* message; %s the field's label (and %d its limit) where it has one */
} problems[] = {
    [TOPIC_OK] = {200, "ok", M_TOPIC_SAVED},
    [TOPIC_MISSING] = {400, "missing_field", M_TOPIC_E_MISSING},
    [TOPIC_TOO_LONG] = {422, "too_long", M_TOPIC_E_TOO_LONG},
    [TOPIC_BAD_CATEGORY] = {422, "bad_category", M_TOPIC_E_CATEGORY},
    [TOPIC_BAD_CHANNEL] = {422, "bad_channel", M_TOPIC_E_CHANNEL},
    [TOPIC_BAD_COST] = {422, "bad_cost", M_TOPIC_E_COST},
    [TOPIC_NO_NODE] = {404, "not_found", M_TOPIC_E_NODE},
    [TOPIC_NOT_IN_AREA] = {422, "not_in_area", M_TOPIC_E_NOT_IN_AREA},
    [TOPIC_NOT_RESIDENT] = {403, "forbidden", M_TOPIC_E_NOT_RESIDENT},
    [TOPIC_MAY_NOT_ENTER] = {403, "forbidden", M_TOPIC_E_ENTER},
    [TOPIC_BAD_PROPOSER] = {422, "bad_proposer", M_TOPIC_E_PROPOSER},
    [TOPIC_DB_ERROR] = {503, "unavailable", M_ERR_UNAVAILABLE},
};

int topic_problem_status(enum topic_err e)
{
    return (unsigned)e <= TOPIC_DB_ERROR ? problems[e].status : 500;
}

const char *topic_problem_code(enum topic_err e)
{
    return (unsigned)e <= TOPIC_DB_ERROR ? problems[e].code : "internal";
}

/* The label people read for a field name of struct topic_input. */
static const char *field_label(struct req *r, const char *field)
{
    static const struct {
        const char *field;
        enum msg msg;
    } labels[] = {
        {"title", M_TOPIC_TITLE_LABEL},     {"description", M_TOPIC_DESCRIPTION},
        {"suggestion", M_TOPIC_SUGGESTION}, {"category", M_TOPIC_CATEGORY},
        {"node_id", M_TOPIC_SCOPE},         {"channel", M_TOPIC_CHANNEL},
        {"reason", M_TOPIC_REASON},         {"cost", M_TOPIC_COST},
        {"cost_fen", M_TOPIC_COST},         {"proposer_id", M_TOPIC_PROPOSER},
    };
    for (size_t i = 0; field && i < sizeof labels / sizeof labels[0]; i++)
        if (strcmp(labels[i].field, field) == 0)
            return T(r, labels[i].msg);
    return field ? field : "";
}

const char *topic_problem_text(struct req *r, const struct topic_problem *p)
{
    if ((unsigned)p->err > TOPIC_DB_ERROR)
        return T(r, M_ERR_INTERNAL);
    const char *fmt = T(r, problems[p->err].msg);
    if (p->err == TOPIC_MISSING)
        return arena_printf(&r->arena, fmt, field_label(r, p->field));
    if (p->err == TOPIC_TOO_LONG)
        return arena_printf(&r->arena, fmt, field_label(r, p->field), p->limit);
    return fmt;
}

const char *tier_change_key(enum tier_change c)
{
    return c == TIER_OVERRIDDEN ? "overridden" : c == TIER_APPEALED ? "appealed" : "routed";
}

enum tier_change tier_change_parse(const char *key)
{
    if (strcmp(key, "overridden") == 0)
        return TIER_OVERRIDDEN;
    return strcmp(key, "appealed") == 0 ? TIER_APPEALED : TIER_AS_ROUTED;
}

bool topic_step_generic(enum topic_status from, enum topic_status to)
{
    return to != TOPIC_MERGED && !outcome_owns_step(from, to);
}

enum msg topic_step_own_form_msg(enum topic_status from, enum topic_status to)
{
    return outcome_owns_step(from, to) ? M_OUT_E_OWN_FORM : M_TOPIC_STEP_OWN_FORM;
}
