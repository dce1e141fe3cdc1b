/* Tier overrides, appeals and merges in the database; the decisions are tier.c's and
 * topic_status.c's pure functions. */
#include "hall/topic_tier.h"

#include <string.h>
#include <time.h>

#include "db/db.h"
#include "hall/feed.h"
#include "http/live.h"
#include "util/utf8.h"

static const struct {
    int status;
    const char *code;
    enum msg msg;
} problems[] = {
    [TIER_E_OK] = {200, "ok", M_TIER_E_DB},
    [TIER_E_HALL] = {409, "E_HALL", M_TIER_E_DB},
    [TIER_E_TOO_LATE] = {409, "E_TOO_LATE", M_TIER_E_TOO_LATE},
    [TIER_E_NO_HALL] = {422, "E_NO_HALL", M_TIER_E_NO_HALL},
    [TIER_E_NOT_RESIDENT] = {403, "E_NOT_RESIDENT", M_TIER_E_NOT_RESIDENT},
    [TIER_E_APPEAL_OPEN] = {409, "E_APPEAL_OPEN", M_TIER_E_APPEAL_OPEN},
    [TIER_E_APPEAL_DONE] = {409, "E_APPEAL_DONE", M_TIER_E_APPEAL_DONE},
    [TIER_E_MERGE_TARGET] = {422, "E_MERGE_TARGET", M_TIER_E_MERGE_TARGET},
    [TIER_E_TOO_LONG] = {422, "E_TOO_LONG", M_TIER_E_TOO_LONG},
    [TIER_E_DB] = {503, "unavailable", M_TIER_E_DB},
};

int tier_problem_status(const struct tier_problem *p)
{
    if (p->err == TIER_E_HALL)
        return p->hall == HALL_E_ROLE ? 403 : p->hall == HALL_E_REASON_REQUIRED ? 422 : 409;
    return problems[p->err].status;
}

const char *tier_problem_code(const struct tier_problem *p)
{
    return p->err == TIER_E_HALL ? hall_err_code(p->hall) : problems[p->err].code;
}

const char *tier_problem_text(struct req *r, const struct tier_problem *p)
{
    if (p->err == TIER_E_HALL)
        return hall_err_message(p->hall, (int)r->lang);
    if (p->err == TIER_E_TOO_LONG)
        return arena_printf(&r->arena, T(r, M_TIER_E_TOO_LONG), TOPIC_REASON_MAX);
    return T(r, problems[p->err].msg);
}

bool topic_tier_open(const struct topic *t)
{
    return t->status == TOPIC_COLLECTING || t->status == TOPIC_PENDING_REVIEW ||
           t->status == TOPIC_ACCEPTED || t->status == TOPIC_DELIBERATING;
}

bool topic_reader_directs(struct req *r, const char *hall_path)
{
    for (size_t i = 0; i < r->ngrants; i++)
        if (r->grants[i].role == ROLE_DIRECTOR && perm_path_within(hall_path, r->grants[i].path))
            return true;
    return false;
}

static int refuse(struct tier_problem *p, enum tier_err e, enum hall_err h)
{
    *p = (struct tier_problem){e, h};
    return -1;
}

static bool reason_too_long(const char *reason)
{
    return reason && utf8_chars(reason) > TOPIC_REASON_MAX;
}

/* The rules' decision for t, with the change already in force, for tier_override/appeal. */
static struct tier_decision decision_of(const struct topic *t)
{
    struct tier_rules rules = tier_rules_default();
    struct tier_topic in = {t->groups, t->blocks, t->whole_area, t->cost_fen, t->category};
    struct tier_decision d;
    memset(&d, 0, sizeof d);
    if (tier_route(&rules, &in, &d) != HALL_OK)
        d.routed = t->routed;
    d.tier = t->tier;
    d.change = t->change;
    return d;
}

/* Moves t to tier `to` heard by hall (at path): the row, the event, the feed and live. */
static int set_tier(struct req *r, struct topic *t, enum tier to, int64_t hall, const char *path,
                    enum tier_change how, const char *reason)
{
    int64_t now = (int64_t)time(NULL);
    const char *kind = how == TIER_APPEALED ? "appeal" : "override";
    int64_t from_hall = t->hall_node_id;
    if (db_exec(r->db,
                "UPDATE topic SET tier = ?, hall_node_id = ?, tier_change = ?, tier_reason = ?"
                " WHERE id = ?",
                "sissi", tier_key(to), hall, tier_change_key(how), reason, t->id) != DB_DONE ||
        db_exec(r->db,
                "INSERT INTO topic_event(topic_id, at, actor_id, from_status, to_status, kind,"
                " reason, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                "iiisssss", t->id, now, r->person_id, topic_status_key(t->status),
                topic_status_key(t->status), kind, reason,
                arena_printf(&r->arena, "tier %s -> %s hall %lld -> %lld", tier_key(t->tier),
                             tier_key(to), (long long)from_hall, (long long)hall)) != DB_DONE)
        return -1;
    t->tier = to;
    t->hall_node_id = hall;
    t->hall_path = path;
    t->change = how;
    t->tier_reason = reason;
    /* Both halls' feeds say so: the old one loses the topic, the new one gains it. */
    if (feed_add(r, hall, t->id, FEED_STATUS, 0, true, reason) == 0 ||
        (from_hall != hall && feed_add(r, from_hall, t->id, FEED_STATUS, 0, true, reason) == 0))
        return -1;
    live_publish(r, arena_printf(&r->arena, "node:%lld", (long long)hall), "topic",
                 arena_printf(&r->arena,
                              "{\"topic_id\":%lld,\"hall_node_id\":%lld,\"tier\":\"%s\"}",
                              (long long)t->id, (long long)hall, tier_key(to)));
    return 0;
}

int topic_override(struct req *r, struct topic *t, enum tier to, const char *reason,
                   struct tier_problem *p)
{
    if (reason_too_long(reason))
        return refuse(p, TIER_E_TOO_LONG, HALL_OK);
    if (!topic_tier_open(t))
        return refuse(p, TIER_E_TOO_LATE, HALL_OK);
    enum topic_actor actor =
        topic_reader_directs(r, t->hall_path) ? ACTOR_DIRECTOR : ACTOR_RESIDENT;
    struct tier_decision d = decision_of(t);
    enum hall_err e = tier_override(&d, to, actor, reason);
    if (e != HALL_OK)
        return refuse(p, TIER_E_HALL, e);
    const char *path = NULL;
    int64_t hall = topic_hall_of_tier(r, t, to, &path);
    /* The director must also direct the hall the topic goes to (an area's directors do). */
    if (!hall)
        return refuse(p, TIER_E_NO_HALL, HALL_OK);
    if (!topic_reader_directs(r, path))
        return refuse(p, TIER_E_HALL, HALL_E_ROLE);
    if (set_tier(r, t, to, hall, path, TIER_OVERRIDDEN, reason) != 0)
        return refuse(p, TIER_E_DB, HALL_OK);
    return 0;
}

int64_t topic_appeal(struct req *r, struct topic *t, enum tier to, const char *reason,
                     struct tier_problem *p)
{
    if (reason_too_long(reason))
        return refuse(p, TIER_E_TOO_LONG, HALL_OK), 0;
    if (!topic_tier_open(t))
        return refuse(p, TIER_E_TOO_LATE, HALL_OK), 0;
    struct tier_decision d = decision_of(t);
    enum hall_err e = tier_appeal(&d, to, ACTOR_RESIDENT, reason);
    if (e != HALL_OK)
        return refuse(p, TIER_E_HALL, e), 0;
    const char *path = NULL;
    if (!topic_hall_of_tier(r, t, to, &path))
        return refuse(p, TIER_E_NO_HALL, HALL_OK), 0;
    /* Those the wider hall would speak for may ask it to take the matter up. */
    if (!hall_household(r, path))
        return refuse(p, TIER_E_NOT_RESIDENT, HALL_OK), 0;
    int64_t id = db_int(r->db, 0,
                        "INSERT INTO topic_appeal(topic_id, person_id, to_tier, reason, created_at)"
                        " VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING RETURNING id",
                        "iissi", t->id, r->person_id, tier_key(to), reason, (int64_t)time(NULL));
    if (id <= 0)
        return refuse(p, TIER_E_APPEAL_OPEN, HALL_OK), 0;
    if (feed_add(r, t->hall_node_id, t->id, FEED_STATUS, 0, true, reason) == 0)
        return refuse(p, TIER_E_DB, HALL_OK), 0;
    return id;
}

int topic_appeal_rule(struct req *r, int64_t appeal_id, bool grant, const char *reason,
                      int64_t *topic_id, struct tier_problem *p)
{
    struct db_stmt *st = db_prepare(
        r->db, "SELECT topic_id, to_tier, status, reason FROM topic_appeal WHERE id = ?");
    db_bind(st, "i", appeal_id);
    bool found = db_step(st) == DB_ROW;
    int to = -1;
    bool open = false;
    const char *asked = "";
    if (found) {
        *topic_id = db_column_int(st, 0);
        to = tier_parse(db_column_text(st, 1));
        open = strcmp(db_column_text(st, 2), "open") == 0;
        asked = arena_strdup(&r->arena, db_column_text(st, 3));
    }
    db_done(st);
    struct topic t;
    if (!found || to < 0 || !topic_get(r, *topic_id, &t))
        return refuse(p, TIER_E_MERGE_TARGET, HALL_OK);
    if (reason_too_long(reason))
        return refuse(p, TIER_E_TOO_LONG, HALL_OK);
    if (!open)
        return refuse(p, TIER_E_APPEAL_DONE, HALL_OK);
    const char *path = NULL;
    int64_t hall = topic_hall_of_tier(r, &t, (enum tier)to, &path);
    if (!hall)
        return refuse(p, TIER_E_NO_HALL, HALL_OK);
    if (!topic_reader_directs(r, path))
        return refuse(p, TIER_E_HALL, HALL_E_ROLE);
    if (!hall_text_present(reason))
        return refuse(p, TIER_E_HALL, HALL_E_REASON_REQUIRED);
    if (grant) {
        if (!topic_tier_open(&t))
            return refuse(p, TIER_E_TOO_LATE, HALL_OK);
        struct tier_decision d = decision_of(&t);
        enum hall_err e = tier_appeal(&d, (enum tier)to, ACTOR_RESIDENT, asked);
        if (e != HALL_OK)
            return refuse(p, TIER_E_HALL, e);
    }
    /* The status in the WHERE makes two rulings racing each other count once. */
    int64_t ruled = db_int(r->db, 0,
                           "UPDATE topic_appeal SET status = ?, ruling = ?, ruled_by = ?,"
                           " ruled_at = ? WHERE id = ? AND status = 'open' RETURNING id",
                           "ssiii", grant ? "granted" : "refused", reason, r->person_id,
                           (int64_t)time(NULL), appeal_id);
    if (ruled != appeal_id)
        return refuse(p, TIER_E_APPEAL_DONE, HALL_OK);
    if (grant) {
        const char *why = arena_printf(&r->arena, "%s / %s", asked, reason);
        if (set_tier(r, &t, (enum tier)to, hall, path, TIER_APPEALED, why) != 0)
            return refuse(p, TIER_E_DB, HALL_OK);
    } else if (feed_add(r, t.hall_node_id, t.id, FEED_STATUS, 0, true, reason) == 0) {
        return refuse(p, TIER_E_DB, HALL_OK);
    }
    return 0;
}

int topic_merge(struct req *r, struct topic *t, int64_t into, const char *reason,
                struct tier_problem *p)
{
    if (reason_too_long(reason))
        return refuse(p, TIER_E_TOO_LONG, HALL_OK);
    enum hall_err e = topic_may_move(r, t, TOPIC_MERGED, reason);
    if (e != HALL_OK)
        return refuse(p, TIER_E_HALL, e);
    if (!hall_text_present(reason))
        return refuse(p, TIER_E_HALL, HALL_E_REASON_REQUIRED);
    struct topic target;
    if (into == t->id || !topic_get(r, into, &target) || topic_status_is_final(target.status))
        return refuse(p, TIER_E_MERGE_TARGET, HALL_OK);
    /* Both in the same residential area: duplicates are found among neighbours. */
    const char *path = NULL;
    int64_t area = topic_hall_of_tier(r, t, TIER_ESTATE, &path);
    if (!area || topic_hall_of_tier(r, &target, TIER_ESTATE, &path) != area)
        return refuse(p, TIER_E_MERGE_TARGET, HALL_OK);
    if (topic_move(r, t, TOPIC_MERGED, reason) != 0 ||
        db_exec(r->db, "UPDATE topic SET merged_into = ? WHERE id = ?", "ii", into, t->id) !=
            DB_DONE)
        return refuse(p, TIER_E_DB, HALL_OK);
    t->merged_into = into;
    return 0;
}
