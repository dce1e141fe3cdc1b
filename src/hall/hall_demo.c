/* The hall's demo and benchmark content, made by acting as the demo's people through the store
 * functions (see hall_demo.h). Each person acts in a request context of their own making, as a
 * signed-in request would have it: their id and role grants. */
#include "hall/hall_demo.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "auth/session.h"
#include "db/db.h"
#include "hall/opinion_store.h"
#include "hall/outcome_store.h"
#include "hall/poll_store.h"
#include "hall/topic_store.h"
#include "meeting/meeting_demo.h"
#include "util/log.h"
#include "util/xmalloc.h"

/* A request context for work done outside HTTP: the connection, an arena, who acts. */
struct actor {
    struct req r;
};

static void actor_init(struct actor *a, struct db *db)
{
    memset(&a->r, 0, sizeof a->r);
    arena_init(&a->r.arena);
    a->r.db = db;
    a->r.lang = LANG_ZH;
}

/* Acts as person from now on: their grants are loaded as a sign-in would. */
static void act_as(struct actor *a, int64_t person)
{
    a->r.person_id = person;
    a->r.grants = NULL;
    a->r.ngrants = 0;
    session_load_grants(&a->r);
}

static int64_t person_by_username(struct db *db, const char *username)
{
    return db_int(db, 0, "SELECT id FROM person WHERE username = ?", "s", username);
}

/* Raises a topic as `proposer` (entered by `enterer` when not 0, from an offline channel). */
static int64_t raise(struct actor *a, int64_t proposer, int64_t enterer, int64_t node,
                     const char *channel, const char *category, int64_t cost_fen, bool public_name,
                     const char *title, const char *description, const char *suggestion)
{
    act_as(a, enterer ? enterer : proposer);
    struct topic_input in = {
        .title = title,
        .description = description,
        .suggestion = suggestion,
        .category = category,
        .channel = channel,
        .node_id = node,
        .cost_fen = cost_fen,
        .proposer_id = enterer ? proposer : 0,
        .proposer_public = public_name,
    };
    struct topic_problem p;
    int64_t id = topic_create(&a->r, &in, &p);
    if (!id)
        log_msg("demo: topic '%s' refused (%d)", title, (int)p.err);
    return id;
}

/* Moves topic id to `to` as person, when the status machine lets them. */
static int move(struct actor *a, int64_t person, int64_t id, enum topic_status to,
                const char *reason)
{
    act_as(a, person);
    struct topic t;
    enum hall_err e = HALL_E_INPUT;
    if (!topic_get(&a->r, id, &t) || (e = topic_may_move(&a->r, &t, to, reason)) != HALL_OK) {
        log_msg("demo: topic %lld cannot move to %s (%s)", (long long)id, topic_status_key(to),
                hall_err_code(e));
        return -1;
    }
    return topic_move(&a->r, &t, to, reason);
}

static int opine(struct actor *a, int64_t person, int64_t id, const char *stance, const char *body)
{
    act_as(a, person);
    struct topic t;
    struct opinion_input in = {.stance = stance, .body = body};
    enum opinion_err e = OPINION_OK;
    if (topic_get(&a->r, id, &t) && opinion_create(&a->r, &t, &in, &e) > 0)
        return 0;
    log_msg("demo: opinion of person %lld on topic %lld refused (%d)", (long long)person,
            (long long)id, (int)e);
    return -1;
}

/* A yes/no poll on topic id by staff, open for `days`; its id or 0. */
static int64_t poll_open(struct actor *a, int64_t staff, int64_t id, const char *question,
                         enum poll_eligibility who, int days)
{
    act_as(a, staff);
    struct topic t;
    int64_t now = (int64_t)time(NULL);
    struct poll_spec spec = {
        .purpose = POLL_DECISION,
        .kind = POLL_YES_NO,
        .eligibility = who,
        .question = question,
        .opens_at = now,
        .closes_at = now + (int64_t)days * 86400,
        .quorum_num = 0,
        .quorum_den = 1,
        .threshold = POLL_MAJORITY,
    };
    enum poll_err e = POLL_OK;
    int64_t poll = topic_get(&a->r, id, &t) ? poll_create(&a->r, &t, &spec, false, &e) : 0;
    if (!poll)
        log_msg("demo: poll on topic %lld refused (%d)", (long long)id, (int)e);
    return poll;
}

/* person votes position choice (1 yes, 2 no, 3 abstain) in poll_id. */
static int vote(struct actor *a, int64_t person, int64_t poll_id, int choice)
{
    act_as(a, person);
    struct poll p;
    enum poll_err e = POLL_OK;
    int64_t household =
        db_int(a->r.db, 0, "SELECT household_id FROM person WHERE id = ?", "i", person);
    if (poll_get(&a->r, poll_id, &p) &&
        poll_vote(&a->r, &p, person, household, choice, NULL, &e, NULL) > 0)
        return 0;
    log_msg("demo: vote of person %lld in poll %lld refused (%d)", (long long)person,
            (long long)poll_id, (int)e);
    return -1;
}

/* Logs why an outcome step was refused; returns ok. */
static bool done(bool ok, const char *what, const struct outcome_fail *f)
{
    if (!ok)
        log_msg("demo: %s refused (%s: %s)", what, f->code ? f->code : "?",
                f->message ? f->message : "");
    return ok;
}

static int64_t node_named(struct db *db, int64_t parent, const char *name)
{
    return db_int(db, 0, "SELECT id FROM node WHERE parent_id = ? AND name = ?", "is", parent,
                  name);
}

/* The four stories of 德州五村. */
static int stories(struct actor *a)
{
    struct db *db = a->r.db;
    int64_t resident = person_by_username(db, "resident"),
            leader = person_by_username(db, "leader"),
            director = person_by_username(db, "director"),
            worker = person_by_username(db, "worker"), chair = person_by_username(db, "chair");
    int64_t sub = db_int(db, 0, "SELECT id FROM node WHERE name = '上钢新村街道'", "");
    int64_t area = node_named(db, sub, "德州五村");
    int64_t east = node_named(db, area, "东区");
    int64_t group = node_named(db, east, "1号楼组");
    int64_t building = node_named(db, group, "1号楼");
    int64_t home = db_int(db, 0, "SELECT household_id FROM person WHERE id = ?", "i", resident);
    if (!resident || !leader || !director || !worker || !chair || !building || !home) {
        log_msg("demo: cannot find the demo's people or 德州五村's nodes");
        return -1;
    }
    int64_t now = (int64_t)time(NULL);
    char today[16], later[16];
    time_t t = (time_t)(now + 30 * 86400);
    struct tm tm;
    localtime_r(&t, &tm);
    strftime(later, sizeof later, "%Y-%m-%d", &tm);
    t = (time_t)now;
    localtime_r(&t, &tm);
    strftime(today, sizeof today, "%Y-%m-%d", &tm);

    /* 1. 东区停车: under deliberation, with opinions and an open poll. */
    int64_t parking = raise(a, resident, 0, east, "online", "parking", TIER_COST_UNKNOWN, true,
                            "东区晚上停车难，车位不够",
                            "东区晚上七点以后基本找不到车位，车停到消防通道上，救护车进不来。",
                            "把绿化带边上的空地改成 12 个临时车位，晚上开放，白天还给居民活动。");
    if (!parking || move(a, resident, parking, TOPIC_PENDING_REVIEW, NULL) ||
        move(a, director, parking, TOPIC_ACCEPTED, NULL) ||
        move(a, director, parking, TOPIC_DELIBERATING, NULL) ||
        opine(a, leader, parking, "for", "同意。我们楼组好几户晚上都停不进来，临时车位能缓解。") ||
        opine(a, chair, parking, "against",
              "反对占绿化带。绿地是老人活动的地方，改成车位以后很难再改回来。") ||
        opine(a, director, parking, "question", "临时车位由谁管理？外来车辆怎么办？") ||
        opine(a, worker, parking, "suggestion",
              "可以先试行三个月，只对本小区登记的车辆开放，再评议。"))
        return -1;
    int64_t parking_poll =
        poll_open(a, worker, parking, "是否同意在东区绿化带边试行 12 个夜间临时车位（三个月）？",
                  POLL_BY_PERSON, 5);
    if (!parking_poll || vote(a, leader, parking_poll, 1) || vote(a, chair, parking_poll, 2))
        return -1;

    /* 2. 加装电梯: a passed poll, a resolution, in public notice with an objection. */
    int64_t lift =
        raise(a, leader, 0, building, "online", "facilities", 8000000, true, "1号楼加装电梯",
              "1号楼六层没有电梯，楼里 60 岁以上的老人有 23 位，上下楼很困难。",
              "按照市里的加装电梯政策申请补贴，其余费用按楼层分摊，一楼二楼少出或不出。");
    if (!lift || move(a, leader, lift, TOPIC_PENDING_REVIEW, NULL) ||
        move(a, worker, lift, TOPIC_ACCEPTED, NULL) ||
        move(a, worker, lift, TOPIC_DELIBERATING, NULL) ||
        opine(a, resident, lift, "for", "赞成，家里老人已经两年没下过楼了。"))
        return -1;
    int64_t lift_poll =
        poll_open(a, worker, lift, "是否同意 1 号楼按方案申请加装电梯？", POLL_BY_PERSON, 7);
    struct poll p;
    if (!lift_poll || vote(a, resident, lift_poll, 1) || vote(a, leader, lift_poll, 1) ||
        vote(a, director, lift_poll, 3))
        return -1;
    act_as(a, worker);
    if (!poll_get(&a->r, lift_poll, &p) || poll_close(&a->r, &p, now) < 0)
        return -1;
    struct topic lt;
    struct outcome_fail f;
    struct resolution_input res = {
        "同意 1 号楼申请加装电梯，费用按楼层分摊方案执行，一楼不出资。",
        "1号楼加梯自管小组",
        later,
        "department",
        OUTCOME_VOTES_UNKNOWN,
        OUTCOME_VOTES_UNKNOWN,
        OUTCOME_VOTES_UNKNOWN,
    };
    if (!topic_get(&a->r, lift, &lt) ||
        !done(resolution_record(&a->r, &lt, &res, NULL, lift_poll, &f), "lift resolution", &f) ||
        !topic_get(&a->r, lift, &lt) || !done(notice_post(&a->r, &lt, 7, &f), "lift notice", &f))
        return -1;
    act_as(a, resident);
    if (!topic_get(&a->r, lift, &lt) ||
        !done(
            objection_raise(&a->r, &lt, "分摊方案里二楼的比例偏高，希望再听听二楼住户的意见。", &f),
            "objection", &f))
        return -1;

    /* 3. 楼道堆物: collected on a building-group visit, anonymous, waiting. */
    if (!raise(a, resident, leader, home, "visit", "environment", 50000, false, "楼道堆物清理",
               "3 楼到 5 楼楼道堆了旧家具和纸箱，晚上容易绊倒，也有火灾隐患。",
               "楼组长牵头，约一个周末集中清理，大件请物业帮忙运走。"))
        return -1;

    /* 4. 月季修剪: resolved, noticed, carried out, evaluated and closed. */
    int64_t roses = raise(a, director, 0, area, "session", "greenery", 300000, true,
                          "中心绿地月季修剪", "中心绿地的月季长得太高，挡住了路灯，晚上看不清路。",
                          "请物业在开花季后统一修剪，高度控制在一米以内。");
    struct resolution_input rr = {"请物业在十一月统一修剪中心绿地月季，高度不超过一米。",
                                  "物业 绿化班组",
                                  later,
                                  "none",
                                  14,
                                  1,
                                  2};
    if (!roses || move(a, director, roses, TOPIC_PENDING_REVIEW, NULL) ||
        move(a, worker, roses, TOPIC_ACCEPTED, NULL) ||
        move(a, worker, roses, TOPIC_DELIBERATING, NULL))
        return -1;
    act_as(a, worker);
    struct topic rt;
    if (!topic_get(&a->r, roses, &rt) ||
        !done(resolution_record(&a->r, &rt, &rr, "hall", 0, &f), "roses resolution", &f) ||
        !topic_get(&a->r, roses, &rt) ||
        !done(notice_post(&a->r, &rt, 5, &f), "roses notice", &f) ||
        /* The notice ran its days some time ago: its end is moved into the past. */
        db_exec(db, "UPDATE notice SET starts_at = ?, ends_at = ? WHERE topic_id = ?", "iii",
                now - 6 * 86400, now - 86400, roses) != DB_DONE ||
        !topic_get(&a->r, roses, &rt) || !done(notice_end(&a->r, &rt, &f) == 0, "notice end", &f))
        return -1;
    struct task_input task = {"修剪中心绿地月季", "物业 绿化班组", today};
    int64_t task_id = 0;
    if (!topic_get(&a->r, roses, &rt) ||
        !done((task_id = task_add(&a->r, &rt, &task, &f)) != 0, "task", &f) ||
        !done(progress_add(&a->r, task_id, "已全部修剪完毕，路灯照明恢复。", false, &f), "progress",
              &f) ||
        !done(task_done(&a->r, task_id, &f) == 0, "task done", &f) ||
        !topic_get(&a->r, roses, &rt) ||
        !done(outcome_to_evaluation(&a->r, &rt, &f) == 0, "evaluation", &f) ||
        !topic_get(&a->r, roses, &rt) ||
        !done(outcome_close(&a->r, &rt, "solved", "居民满意，路灯下的通道重新亮了。", &f) == 0,
              "close", &f))
        return -1;
    return 0;
}

int hall_demo_stories(struct db *db)
{
    struct actor a;
    actor_init(&a, db);
    int rc = -1;
    if (db_begin(db) == DB_DONE) {
        rc = stories(&a);
        if (rc == 0) /* a scheduled meeting with two of the hall's topics (issue 5) */
            rc = meeting_demo_stories(db);
        if (rc != 0 || db_commit(db) != DB_DONE) {
            db_rollback(db);
            rc = -1;
        }
    }
    arena_free(&a.r.arena);
    return rc;
}

/* ---- the benchmark's hall ---- */

enum {
    BENCH_TOPICS = 10000,
    BENCH_OPINIONS_PER_TOPIC = 10,
    BENCH_POLLS = 500,
};

static const char *const bench_titles[] = {
    "加装电梯的费用分摊", "停车位不够，晚上停车难", "楼道堆物需要清理", "小区绿化带改建",
    "垃圾分类投放点搬迁", "健身器材维修",           "楼顶漏水维修",     "路灯不亮影响出行",
    "快递柜位置不合适",   "电瓶车充电棚建设",       "宠物管理公约",     "广场舞音量太大",
};
static const char *const bench_bodies[] = {
    "居民反映多次，希望议事厅商量一个办法。大家意见不一，需要摆到桌面上来讨论。",
    "这件事影响到楼里很多老人，上下楼和出行都不方便，希望尽快解决。",
    "物业说需要居民先形成一致意见，再由业委会出面协调。",
};
static const char *const bench_opinions[] = {
    "赞成，这件事拖得太久了，应该尽快定下来。",
    "反对现在的方案，费用分摊不公平，需要再商量。",
    "请问具体由谁来负责？资金从哪里出？",
    "建议先做一个试点，三个月后再评议效果。",
};
static const char *const stances[] = {"for", "against", "question", "suggestion"};

/* The people of one residential area with their households and building groups. */
struct area_people {
    int64_t *person, *household, *group;
    size_t n;
};

static void area_people_load(struct db *db, struct arena *ar, int64_t area, struct area_people *ap)
{
    struct node n;
    ap->n = 0;
    if (node_get(db, ar, area, &n) != 0)
        return;
    size_t cap = (size_t)db_int(db, 0,
                                "SELECT count(*) FROM person p JOIN node h ON h.id = p.household_id"
                                " WHERE h.path >= ? AND h.path < ?",
                                "ss", n.path, node_path_end(ar, n.path));
    ap->person = arena_alloc(ar, (cap + 1) * sizeof *ap->person);
    ap->household = arena_alloc(ar, (cap + 1) * sizeof *ap->household);
    ap->group = arena_alloc(ar, (cap + 1) * sizeof *ap->group);
    /* A household's path is /…/area/block/group/building/household/: its group is the third
     * id after the area's. */
    struct db_stmt *st = db_prepare(
        db, "SELECT p.id, h.id, h.path FROM person p JOIN node h ON h.id = p.household_id"
            " WHERE h.path >= ? AND h.path < ? ORDER BY h.path, p.id");
    db_bind(st, "ss", n.path, node_path_end(ar, n.path));
    size_t skip = strlen(n.path);
    while (ap->n < cap && db_step(st) == DB_ROW) {
        const char *rest = db_column_text(st, 2) + skip;
        const char *slash = strchr(rest, '/'); /* after the block */
        ap->person[ap->n] = db_column_int(st, 0);
        ap->household[ap->n] = db_column_int(st, 1);
        ap->group[ap->n] = slash ? atoll(slash + 1) : 0;
        ap->n++;
    }
    db_done(st);
}

static unsigned next_rand(unsigned *seed)
{
    *seed = *seed * 1103515245u + 12345u;
    return (*seed >> 16) & 0x7fff;
}

/* One area's share: `topics` topics, each with BENCH_OPINIONS_PER_TOPIC opinions from people
 * of its building group, `polls` of them put to a vote, and the vote-burst poll. */
static int bench_area(struct actor *a, int64_t area, int64_t staff, int topics, int polls,
                      unsigned *seed)
{
    struct arena scratch;
    arena_init(&scratch);
    struct area_people ap;
    area_people_load(a->r.db, &scratch, area, &ap);
    int rc = ap.n < 2 ? -1 : 0;
    for (int k = 0; rc == 0 && k < topics; k++) {
        size_t who = next_rand(seed) % ap.n;
        /* Most topics concern one household's building group; every eighth the whole area. */
        int64_t node = k % 8 == 7 ? area : ap.household[who];
        char title[96];
        snprintf(title, sizeof title, "%s（%d）", bench_titles[k % 12], k + 1);
        int64_t id =
            raise(a, ap.person[who], 0, node, "online", k % 8 == 7 ? "environment" : "facilities",
                  (int64_t)(next_rand(seed) % 300) * 10000, true, title, bench_bodies[k % 3],
                  "请议事厅组织大家商量。");
        if (!id || move(a, ap.person[who], id, TOPIC_PENDING_REVIEW, NULL) ||
            move(a, staff, id, TOPIC_ACCEPTED, NULL) ||
            move(a, staff, id, TOPIC_DELIBERATING, NULL)) {
            rc = -1;
            break;
        }
        /* Opinions from the people of the same group (of the area for area topics), in turn
         * from the proposer's neighbour on: people are sorted by household path, so a group's
         * people are one run. Each speaks at most twice, the hall's default limit. */
        size_t lo = 0, hi = ap.n;
        if (node != area) {
            for (lo = who; lo > 0 && ap.group[lo - 1] == ap.group[who]; lo--)
                ;
            for (hi = who + 1; hi < ap.n && ap.group[hi] == ap.group[who]; hi++)
                ;
        }
        size_t size = hi - lo;
        int count = size * 2 < BENCH_OPINIONS_PER_TOPIC ? (int)size * 2 : BENCH_OPINIONS_PER_TOPIC;
        for (int o = 0; rc == 0 && o < count; o++) {
            size_t p = lo + (who - lo + 1 + (size_t)o) % size;
            rc = opine(a, ap.person[p], id, stances[o % 4], bench_opinions[o % 4]);
        }
        if (rc == 0 && k < polls &&
            !poll_open(a, staff, id, "是否同意议事厅提出的方案？", POLL_BY_PERSON, 30))
            rc = -1;
        /* Each topic's work is done: keep memory flat. Nobody listens to a command's live
         * events, so they go with the arena. */
        arena_free(&a->r.arena);
        arena_init(&a->r.arena);
        a->r.events = NULL;
    }
    /* The vote burst's poll: everyone of the area may vote, for a month. */
    if (rc == 0) {
        int64_t id =
            raise(a, ap.person[0], 0, area, "online", "self_gov_fund", 5000000, true,
                  "年度自治金计划", "年度自治金的使用计划，请全体居民表决。", "按计划执行。");
        if (!id || move(a, ap.person[0], id, TOPIC_PENDING_REVIEW, NULL) ||
            move(a, staff, id, TOPIC_ACCEPTED, NULL) ||
            move(a, staff, id, TOPIC_DELIBERATING, NULL) ||
            !poll_open(a, staff, id, HALL_DEMO_BURST_QUESTION, POLL_BY_PERSON, 30))
            rc = -1;
    }
    arena_free(&scratch);
    return rc;
}

int hall_demo_bench(struct db *db)
{
    struct actor a;
    actor_init(&a, db);
    int64_t admin = person_by_username(db, "admin");
    int64_t areas[32];
    size_t nareas = 0;
    struct db_stmt *st = db_prepare(db, "SELECT id FROM node WHERE kind = 'area' ORDER BY id");
    while (nareas < 32 && db_step(st) == DB_ROW)
        areas[nareas++] = db_column_int(st, 0);
    db_done(st);
    int rc = admin && nareas ? 0 : -1;
    unsigned seed = 20261125u;
    for (size_t i = 0; rc == 0 && i < nareas; i++) {
        /* One transaction per area: the work stays in memory bounds and survives partly never. */
        int topics = BENCH_TOPICS / (int)nareas + (i < (size_t)(BENCH_TOPICS % (int)nareas));
        int polls = BENCH_POLLS / (int)nareas + (i < (size_t)(BENCH_POLLS % (int)nareas));
        if (db_begin(db) != DB_DONE)
            rc = -1;
        else if (bench_area(&a, areas[i], admin, topics, polls, &seed) != 0 ||
                 db_commit(db) != DB_DONE) {
            db_rollback(db);
            rc = -1;
        }
    }
    arena_free(&a.r.arena);
    return rc;
}
