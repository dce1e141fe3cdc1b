/* The meetings' demo content (see meeting_demo.h). */
#include "meeting/meeting_demo.h"

#include <string.h>
#include <time.h>

#include "auth/session.h"
#include "db/db.h"
#include "hall/topic_store.h"
#include "meeting/schedule_store.h"
#include "util/log.h"

static void act_as(struct req *r, int64_t person)
{
    r->person_id = person;
    r->grants = NULL;
    r->ngrants = 0;
    session_load_grants(r);
}

static int64_t by_username(struct db *db, const char *username)
{
    return db_int(db, 0, "SELECT id FROM person WHERE username = ?", "s", username);
}

/* A topic of the whole area, raised by PROPOSER and accepted by WORKER; 0 on trouble. */
static int64_t accepted_topic(struct req *r, int64_t proposer, int64_t worker, int64_t area,
                              const char *title, const char *description, const char *suggestion)
{
    act_as(r, proposer);
    struct topic_input in = {.title = title,
                             .description = description,
                             .suggestion = suggestion,
                             .category = "facilities",
                             .channel = "online",
                             .node_id = area,
                             .cost_fen = TIER_COST_UNKNOWN,
                             .proposer_public = true};
    struct topic_problem p;
    int64_t id = topic_create(r, &in, &p);
    struct topic t;
    const struct {
        int64_t who;
        enum topic_status to;
    } steps[] = {{proposer, TOPIC_PENDING_REVIEW}, {worker, TOPIC_ACCEPTED}};
    for (size_t i = 0; id && i < sizeof steps / sizeof steps[0]; i++) {
        act_as(r, steps[i].who);
        if (!topic_get(r, id, &t) || topic_may_move(r, &t, steps[i].to, NULL) != HALL_OK ||
            topic_move(r, &t, steps[i].to, NULL) != 0)
            id = 0;
    }
    if (!id || !topic_get(r, id, &t) || t.hall_node_id != area) {
        log_msg("demo: the meeting's topic '%s' could not be accepted in the area's hall", title);
        return 0;
    }
    return id;
}

static int stories(struct req *r)
{
    struct db *db = r->db;
    int64_t director = by_username(db, "director"), worker = by_username(db, "worker");
    int64_t area =
        db_int(db, 0, "SELECT id FROM node WHERE name = '德州五村' AND kind = 'area'", "");
    struct node hall;
    if (!director || !worker || !area || node_get(db, &r->arena, area, &hall) != 0)
        return -1;
    int64_t a = accepted_topic(r, director, worker, area, "小区充电桩建设",
                               "电动自行车在楼道里充电，去年隔壁小区就出过火情。",
                               "在中心绿地北侧建一处集中充电棚，按次计费。");
    int64_t b = accepted_topic(r, director, worker, area, "中心绿地健身器材更新",
                               "健身器材用了十几年，有几件已经松动，老人用着不放心。",
                               "申请自治金更换损坏的器材，并加装防滑地垫。");
    if (!a || !b)
        return -1;
    /* Next week, 19:00 to 21:00 in the server's time zone. */
    time_t t = time(NULL) + 7 * 86400;
    struct tm tm;
    localtime_r(&t, &tm);
    tm.tm_hour = 19;
    tm.tm_min = 0;
    tm.tm_sec = 0;
    tm.tm_isdst = -1;
    int64_t starts = (int64_t)mktime(&tm);
    static struct sched_input in; /* large: not on the stack */
    memset(&in, 0, sizeof in);
    in.b = (struct sched_basics){.title = "德州五村第四季度居民议事会",
                                 .kind = "council",
                                 .place = "德州五村居委会二楼会议室",
                                 .mode = "both",
                                 .online_url = "https://meeting.example.org/dezhou5",
                                 .starts_at = starts,
                                 .ends_at = starts + 2 * 3600};
    in.items[0].topic_id = a;
    in.items[1].topic_id = b;
    in.n_items = 2;
    in.guests[0] = (struct sched_guest){"property", "物业 周经理"};
    in.guests[1] = (struct sched_guest){"police", "社区民警 陈警官"};
    in.n_guests = 2;
    act_as(r, worker);
    struct sched_problem p;
    if (sched_create(r, &hall, &in, &p) <= 0) {
        log_msg("demo: the meeting was refused (%s)", sched_err_code(p.err));
        return -1;
    }
    return 0;
}

int meeting_demo_stories(struct db *db)
{
    struct req r;
    memset(&r, 0, sizeof r);
    arena_init(&r.arena);
    r.db = db;
    r.lang = LANG_ZH;
    int rc = stories(&r);
    arena_free(&r.arena);
    return rc;
}
