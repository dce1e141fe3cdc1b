/* The SQL of topics: raise one (check, route, insert, record), load one, move one. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "db/db.h"
#include "hall/feed.h"
#include "hall/search.h"
#include "hall/topic_store.h"
#include "http/live.h"
#include "util/utf8.h"

/* Where a topic on a node is heard: the scope for tier_route and the three halls it may go to. */
struct scope {
    struct tier_topic topic;
    int64_t hall[TIER_COUNT];     /* the node of each tier's hall, 0 when there is none */
    const char *path[TIER_COUNT]; /* and its path */
};

/* Works out the scope of a topic on node n from its kind: a household, building or group is one
 * group in one block; a block is its groups in one block; an area is the whole area. -1 when n
 * lies in no residential area. */
static int scope_of(struct req *r, const struct node *n, struct scope *s)
{
    struct node *chain;
    size_t depth = node_ancestors(r->db, &r->arena, n->path, &chain);
    const struct node *area = NULL, *block = NULL, *group = NULL;
    for (size_t i = 0; i < depth; i++) {
        if (chain[i].kind == KIND_AREA)
            area = &chain[i];
        else if (chain[i].kind == KIND_BLOCK)
            block = &chain[i];
        else if (chain[i].kind == KIND_GROUP)
            group = &chain[i];
    }
    if (!area)
        return -1;
    s->topic.groups = 1;
    s->topic.blocks = 1;
    s->topic.whole_area = n->kind == KIND_AREA;
    int64_t group_id = group ? group->id : 0;
    const char *group_path = group ? group->path : NULL;
    if (n->kind == KIND_BLOCK) {
        struct db_stmt *st = db_prepare(r->db, "SELECT id, path FROM node WHERE parent_id = ?"
                                               " AND kind = 'group' ORDER BY id");
        db_bind(st, "i", n->id);
        int groups = 0;
        while (db_step(st) == DB_ROW) {
            if (!groups++) {
                group_id = db_column_int(st, 0);
                group_path = arena_strdup(&r->arena, db_column_text(st, 1));
            }
        }
        db_done(st);
        if (groups > 1) {
            s->topic.groups = groups;
            group_id = 0; /* several groups: no single group's hall */
        }
    }
    /* A missing level falls back to the next wider hall. */
    s->hall[TIER_ESTATE] = area->id;
    s->path[TIER_ESTATE] = area->path;
    s->hall[TIER_BLOCK] = block ? block->id : area->id;
    s->path[TIER_BLOCK] = block ? block->path : area->path;
    s->hall[TIER_BUILDING_GROUP] = group_id ? group_id : s->hall[TIER_BLOCK];
    s->path[TIER_BUILDING_GROUP] = group_id ? group_path : s->path[TIER_BLOCK];
    return 0;
}

int64_t topic_hall_of_tier(struct req *r, const struct topic *t, enum tier tier, const char **path)
{
    struct node n;
    struct scope s;
    if ((unsigned)tier >= TIER_COUNT || node_get(r->db, &r->arena, t->node_id, &n) != 0 ||
        scope_of(r, &n, &s) != 0)
        return 0;
    /* Several groups have no one group's hall: scope_of then gives the block's. */
    if (tier == TIER_BUILDING_GROUP && (s.topic.groups > 1 || s.topic.whole_area))
        return 0;
    if (tier == TIER_BLOCK && s.topic.whole_area)
        return 0;
    *path = s.path[tier];
    return s.hall[tier];
}

/* Fills *p and returns false when text s is missing or longer than max characters. */
static bool text_ok(const char *s, const char *field, int max, bool required,
                    struct topic_problem *p)
{
    if (required && !hall_text_present(s)) {
        *p = (struct topic_problem){TOPIC_MISSING, field, 0};
        return false;
    }
    if (s && utf8_chars(s) > (size_t)max) {
        *p = (struct topic_problem){TOPIC_TOO_LONG, field, max};
        return false;
    }
    return true;
}

int64_t hall_household(struct req *r, const char *hall_path)
{
    for (size_t i = 0; i < r->ngrants; i++) {
        const char *path = r->grants[i].path;
        if (r->grants[i].role != ROLE_RESIDENT || !perm_path_within(path, hall_path))
            continue;
        /* A resident's grant is held on their household: the last id of its path. */
        size_t n = strlen(path);
        if (n < 3)
            continue;
        const char *last = path + n - 2;
        while (last > path && last[-1] != '/')
            last--;
        long long id = strtoll(last, NULL, 10);
        if (id > 0)
            return (int64_t)id;
    }
    return 0;
}

static bool lives_within(struct req *r, const char *hall_path)
{
    return hall_household(r, hall_path) != 0;
}

/* Checks who may raise the topic; the proposer's id goes to *proposer. */
static enum topic_err check_proposer(struct req *r, const struct topic_input *in,
                                     enum topic_channel ch, const struct node *n,
                                     const char *hall_path, int64_t *proposer)
{
    if (!in->proposer_id || in->proposer_id == r->person_id) {
        *proposer = r->person_id;
        return lives_within(r, hall_path) ? TOPIC_OK : TOPIC_NOT_RESIDENT;
    }
    if (ch == CH_ONLINE || !perm_allows(r->grants, r->ngrants, n->path, ACT_ENTER_TOPIC))
        return TOPIC_MAY_NOT_ENTER;
    struct db_stmt *st = db_prepare(r->db, "SELECT h.path FROM person p"
                                           " JOIN node h ON h.id = p.household_id WHERE p.id = ?");
    db_bind(st, "i", in->proposer_id);
    const char *home =
        db_step(st) == DB_ROW ? arena_strdup(&r->arena, db_column_text(st, 0)) : NULL;
    db_done(st);
    /* Only people the enterer looks after, living under the hall. */
    if (!home || !perm_path_within(home, hall_path) ||
        !perm_allows(r->grants, r->ngrants, home, ACT_ENTER_TOPIC))
        return TOPIC_BAD_PROPOSER;
    *proposer = in->proposer_id;
    return TOPIC_OK;
}

int64_t topic_create(struct req *r, const struct topic_input *in, struct topic_problem *p)
{
    *p = (struct topic_problem){TOPIC_OK, NULL, 0};
    if (!text_ok(in->title, "title", TOPIC_TITLE_MAX, true, p) ||
        !text_ok(in->description, "description", TOPIC_TEXT_MAX, true, p) ||
        !text_ok(in->suggestion, "suggestion", TOPIC_SUGGESTION_MAX, false, p))
        return 0;
    if (!in->category || !in->category[0]) {
        *p = (struct topic_problem){TOPIC_MISSING, "category", 0};
        return 0;
    }
    int cat = topic_category_parse(in->category);
    if (cat < 0) {
        *p = (struct topic_problem){TOPIC_BAD_CATEGORY, "category", 0};
        return 0;
    }
    int ch = in->channel ? topic_channel_parse(in->channel) : CH_ONLINE;
    if (ch < 0) {
        *p = (struct topic_problem){TOPIC_BAD_CHANNEL, "channel", 0};
        return 0;
    }
    if (in->cost_fen < 0 && in->cost_fen != TIER_COST_UNKNOWN) {
        *p = (struct topic_problem){TOPIC_BAD_COST, "cost_fen", 0};
        return 0;
    }
    if (in->node_id <= 0) {
        *p = (struct topic_problem){TOPIC_MISSING, "node_id", 0};
        return 0;
    }
    struct node n;
    if (node_get(r->db, &r->arena, in->node_id, &n) != 0) {
        *p = (struct topic_problem){TOPIC_NO_NODE, "node_id", 0};
        return 0;
    }
    struct scope s;
    if (n.kind < KIND_AREA || scope_of(r, &n, &s) != 0) {
        *p = (struct topic_problem){TOPIC_NOT_IN_AREA, "node_id", 0};
        return 0;
    }
    s.topic.cost_fen = in->cost_fen;
    s.topic.category = (enum topic_category)cat;
    struct tier_rules rules = tier_rules_default();
    struct tier_decision d;
    if (tier_route(&rules, &s.topic, &d) != HALL_OK) {
        *p = (struct topic_problem){TOPIC_BAD_COST, "cost_fen", 0};
        return 0;
    }
    int64_t hall = s.hall[d.tier];
    int64_t proposer = 0;
    enum topic_err e = check_proposer(r, in, (enum topic_channel)ch, &n, s.path[d.tier], &proposer);
    if (e != TOPIC_OK) {
        *p = (struct topic_problem){e, e == TOPIC_BAD_PROPOSER ? "proposer_id" : NULL, 0};
        return 0;
    }
    int64_t now = (int64_t)time(NULL);
    const char *status = topic_status_key(TOPIC_COLLECTING);
    /* nullif turns the unknown cost (-1) into NULL. */
    int64_t id = db_int(
        r->db, 0,
        "INSERT INTO topic(node_id, hall_node_id, tier, category, title, description, suggestion,"
        " cost_fen, channel, proposer_id, proposer_public, entered_by, status, scope_groups,"
        " scope_blocks, scope_whole_area, created_at, tier_routed)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, nullif(?, -1), ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
        "iisssssisiiisiiiis", n.id, hall, tier_key(d.tier), topic_category_key(d.topic.category),
        in->title, in->description, in->suggestion ? in->suggestion : "", in->cost_fen,
        topic_channel_key((enum topic_channel)ch), proposer, (int64_t)in->proposer_public,
        r->person_id, status, (int64_t)s.topic.groups, (int64_t)s.topic.blocks,
        (int64_t)s.topic.whole_area, now, tier_key(d.tier));
    if (id <= 0 ||
        db_exec(r->db,
                "INSERT INTO topic_event(topic_id, at, actor_id, from_status, to_status, kind,"
                " reason, detail) VALUES (?, ?, ?, NULL, ?, 'create', '', ?)",
                "iiiss", id, now, r->person_id, status,
                arena_printf(&r->arena, "tier %s hall %lld channel %s", tier_key(d.tier),
                             (long long)hall, topic_channel_key((enum topic_channel)ch))) !=
            DB_DONE) {
        *p = (struct topic_problem){TOPIC_DB_ERROR, NULL, 0};
        return 0;
    }
    const char *text = arena_printf(&r->arena, "%s\n%s\n%s", in->title, in->description,
                                    in->suggestion ? in->suggestion : "");
    if (feed_add(r, hall, id, FEED_TOPIC, id, in->proposer_public, in->title) == 0 ||
        search_index(r, SEARCH_TOPIC, id, id, hall, text) != 0) {
        *p = (struct topic_problem){TOPIC_DB_ERROR, NULL, 0};
        return 0;
    }
    live_publish(r, arena_printf(&r->arena, "node:%lld", (long long)hall), "topic",
                 arena_printf(&r->arena,
                              "{\"topic_id\":%lld,\"hall_node_id\":%lld,\"status\":\"%s\"}",
                              (long long)id, (long long)hall, status));
    return id;
}

/* The columns topic_from_row reads, and the joins they need. */
#define TOPIC_COLUMNS                                                                              \
    "t.id, t.node_id, n.name, t.hall_node_id, h.name, h.path, t.tier, t.category,"                 \
    " t.title, t.description, t.suggestion, t.cost_fen, t.channel, t.proposer_id, p.name,"         \
    " t.proposer_public, t.entered_by, t.status, t.created_at, t.scope_groups,"                    \
    " t.scope_blocks, t.scope_whole_area, t.tier_routed, t.tier_change, t.tier_reason,"            \
    " t.merged_into FROM topic t JOIN node n ON n.id = t.node_id"                                  \
    " JOIN node h ON h.id = t.hall_node_id JOIN person p ON p.id = t.proposer_id"

static void topic_from_row(struct req *r, struct db_stmt *st, struct topic *t)
{
    struct arena *a = &r->arena;
    int tier = tier_parse(db_column_text(st, 6));
    int cat = topic_category_parse(db_column_text(st, 7));
    int ch = topic_channel_parse(db_column_text(st, 12));
    int status = topic_status_parse(db_column_text(st, 17));
    *t = (struct topic){
        .id = db_column_int(st, 0),
        .node_id = db_column_int(st, 1),
        .node_name = arena_strdup(a, db_column_text(st, 2)),
        .hall_node_id = db_column_int(st, 3),
        .hall_name = arena_strdup(a, db_column_text(st, 4)),
        .hall_path = arena_strdup(a, db_column_text(st, 5)),
        .tier = tier < 0 ? TIER_ESTATE : (enum tier)tier,
        .category = cat < 0 ? TOPIC_CAT_OTHER : (enum topic_category)cat,
        .title = arena_strdup(a, db_column_text(st, 8)),
        .description = arena_strdup(a, db_column_text(st, 9)),
        .suggestion = arena_strdup(a, db_column_text(st, 10)),
        .cost_fen = db_column_null(st, 11) ? TIER_COST_UNKNOWN : db_column_int(st, 11),
        .channel = ch < 0 ? CH_OTHER : (enum topic_channel)ch,
        .proposer_id = db_column_int(st, 13),
        .proposer_name = arena_strdup(a, db_column_text(st, 14)),
        .proposer_public = db_column_int(st, 15) != 0,
        .entered_by = db_column_int(st, 16),
        .status = status < 0 ? TOPIC_COLLECTING : (enum topic_status)status,
        .created_at = db_column_int(st, 18),
        .groups = (int)db_column_int(st, 19),
        .blocks = (int)db_column_int(st, 20),
        .whole_area = db_column_int(st, 21) != 0,
        .change = tier_change_parse(db_column_text(st, 23)),
        .tier_reason = arena_strdup(a, db_column_text(st, 24)),
        .merged_into = db_column_null(st, 25) ? 0 : db_column_int(st, 25),
    };
    int routed = db_column_null(st, 22) ? -1 : tier_parse(db_column_text(st, 22));
    t->routed = routed < 0 ? t->tier : (enum tier)routed;
}

bool topic_get(struct req *r, int64_t id, struct topic *t)
{
    struct db_stmt *st = db_prepare(r->db, "SELECT " TOPIC_COLUMNS " WHERE t.id = ?");
    db_bind(st, "i", id);
    bool found = db_step(st) == DB_ROW;
    if (found)
        topic_from_row(r, st, t);
    db_done(st);
    return found;
}

int topic_list_hall(struct req *r, int64_t hall_node_id, int64_t skip, struct topic *out, int n)
{
    struct db_stmt *st =
        db_prepare(r->db, "SELECT " TOPIC_COLUMNS
                          " WHERE t.hall_node_id = ? ORDER BY t.id DESC LIMIT ? OFFSET ?");
    db_bind(st, "iii", hall_node_id, (int64_t)n, skip);
    int count = 0;
    while (count < n && db_step(st) == DB_ROW)
        topic_from_row(r, st, &out[count++]);
    db_done(st);
    return count;
}

int topic_move(struct req *r, struct topic *t, enum topic_status to, const char *reason)
{
    int64_t now = (int64_t)time(NULL);
    const char *from = topic_status_key(t->status);
    /* The status in the WHERE makes a change that raced with another one fail, not repeat. */
    int64_t moved =
        db_int(r->db, 0, "UPDATE topic SET status = ? WHERE id = ? AND status = ? RETURNING id",
               "sis", topic_status_key(to), t->id, from);
    if (moved != t->id)
        return -1;
    int64_t event = db_int(r->db, 0,
                           "INSERT INTO topic_event(topic_id, at, actor_id, from_status, to_status,"
                           " kind, reason, detail) VALUES (?, ?, ?, ?, ?, 'transition', ?, '')"
                           " RETURNING id",
                           "iiisss", t->id, now, r->person_id, from, topic_status_key(to),
                           reason ? reason : "");
    if (event <= 0)
        return -1;
    /* An anonymous proposer acting on their own topic stays anonymous in the feed too. */
    bool actor_public = t->proposer_public || r->person_id != t->proposer_id;
    if (feed_add(r, t->hall_node_id, t->id, FEED_STATUS, event, actor_public, reason) == 0)
        return -1;
    t->status = to;
    live_publish(r, arena_printf(&r->arena, "node:%lld", (long long)t->hall_node_id), "topic",
                 arena_printf(&r->arena,
                              "{\"topic_id\":%lld,\"hall_node_id\":%lld,\"from\":\"%s\","
                              "\"status\":\"%s\"}",
                              (long long)t->id, (long long)t->hall_node_id, from,
                              topic_status_key(to)));
    return 0;
}
