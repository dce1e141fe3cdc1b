/* What an accepted command means beyond the meeting (see command.h): the minutes part of
 * issue 5.
 *
 * Resolutions. A vote is final when DIVISION can no longer undo it (minutes.h): a roll call or
 * ballot when it closes, a show of hands when the next command is anything but DIVISION (or
 * when the vote ended the meeting). When a command makes a vote final that adopted a MAIN
 * motion, and the agenda item the motion was moved under is linked to a topic of this hall
 * (meeting_item.topic_id), the topic gets its resolution through the hall's own flow
 * (resolution_record, source "meeting", the motion's text as it was adopted, the vote's counts);
 * a topic still 已立项 is first moved to 议事中 with a recorded event. Then the hall's notice →
 * execution flow goes on as for a poll's resolution, and the feed says a meeting resolved it.
 *
 * Who acts: the meeting decided, not whoever entered the command that made the vote final
 * (a member's phone may enter the next command after a show of hands), so the resolution is
 * recorded with the authority of the hall's chair role (ROLE_CHAIR on the hall: ACT_RESOLVE)
 * in the name of the signed-in person who entered the command.
 *
 * What a meeting does not say: a resolution needs a responsible party, a deadline and a funding
 * source (outcome_rules.c). A meeting's motion carries only its text, so they default: the
 * responsible party "议事厅（待指定）", the deadline 90 days after the vote, and the funding
 * "self_gov_fund" when the topic has a cost estimate above zero, else "none". The staff names
 * the real owners and dates with the execution tasks (task owner and deadline) once the
 * notice has run; the minutes show the resolution as voted.
 *
 * A topic that is not in 已立项 or 议事中 (already resolved by a poll, say), or that belongs to
 * another hall, keeps its state: the minutes still record the vote, and nothing else happens.
 *
 * Adjournment. When the meeting adjourns (ADJOURNED), the hall's feed says so and links to the
 * minutes. */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "auth/perm.h"
#include "db/db.h"
#include "hall/feed.h"
#include "hall/outcome_store.h"
#include "hall/tier.h"
#include "hall/topic_store.h"
#include "meeting/command.h"
#include "meeting/minutes_view.h"
#include "util/log.h"
#include "web/i18n.h"

#define RESOLUTION_DAYS 90

static bool answer_has(json_t *a, const char *event)
{
    size_t i;
    json_t *e;
    json_array_foreach(json_object_get(a, "events"), i, e)
    {
        if (json_is_string(e) && strcmp(json_string_value(e), event) == 0)
            return true;
    }
    return false;
}

/* Whether entry seq of meeting id is a CLOSE_VOTE (a hands vote it closed may become final). */
static bool closed_a_vote(struct req *r, int64_t id, int64_t seq)
{
    struct db_stmt *st =
        db_prepare(r->db, "SELECT command FROM meeting_log WHERE meeting_id = ? AND seq = ?");
    db_bind(st, "ii", id, seq);
    bool yes = false;
    if (db_step(st) == DB_ROW) {
        json_t *c = json_loads(db_column_text(st, 0), 0, NULL);
        const char *name = json_string_value(json_object_get(c, "cmd"));
        yes = name && strcmp(name, "CLOSE_VOTE") == 0;
        json_decref(c);
    }
    db_done(st);
    return yes;
}

/* Records resolution RES (an element of the minutes' resolutions) on the topic of its item.
 * 0 when done or when there is nothing to do; -1 on database trouble. */
static int resolve(struct req *r, const struct meeting_row *m, json_t *res)
{
    json_t *item = json_object_get(res, "item");
    if (!json_is_string(item))
        return 0;
    int64_t tid = db_int(r->db, 0,
                         "SELECT coalesce(topic_id, 0) FROM meeting_item WHERE meeting_id = ?"
                         " AND item_key = ?",
                         "is", m->id, json_string_value(item));
    struct topic t;
    if (!tid || !topic_get(r, tid, &t) || t.hall_node_id != m->hall_node_id)
        return 0;
    if (t.status != TOPIC_ACCEPTED && t.status != TOPIC_DELIBERATING)
        return 0;
    struct grant *grants = r->grants;
    size_t ngrants = r->ngrants;
    struct grant *chair = arena_alloc(&r->arena, sizeof *chair);
    *chair = (struct grant){t.hall_path, ROLE_CHAIR};
    r->grants = chair;
    r->ngrants = 1;
    int rc = 0;
    if (t.status == TOPIC_ACCEPTED) {
        if (topic_may_move(r, &t, TOPIC_DELIBERATING, NULL) != HALL_OK)
            goto out;
        if (topic_move(r, &t, TOPIC_DELIBERATING, NULL) != 0) {
            rc = -1;
            goto out;
        }
    }
    time_t due = time(NULL) + (time_t)RESOLUTION_DAYS * 86400;
    struct tm tm;
    localtime_r(&due, &tm);
    char deadline[16];
    strftime(deadline, sizeof deadline, "%Y-%m-%d", &tm);
    struct resolution_input in = {
        json_string_value(json_object_get(res, "text")),
        msg_text(LANG_ZH, M_MIN_RESOLUTION_RESPONSIBLE),
        deadline,
        t.cost_fen != TIER_COST_UNKNOWN && t.cost_fen > 0 ? "self_gov_fund" : "none",
        (int64_t)json_integer_value(json_object_get(res, "yes")),
        (int64_t)json_integer_value(json_object_get(res, "no")),
        (int64_t)json_integer_value(json_object_get(res, "abstain")),
    };
    struct outcome_fail f;
    int64_t id = resolution_record(r, &t, &in, "meeting", 0, &f);
    if (!id) {
        /* A motion text the resolution rules refuse (over 1,000 characters): the minutes keep
         * it; database trouble fails the command. */
        if (f.status >= 500)
            rc = -1;
        else
            log_msg("meeting %" PRId64 ": no resolution for topic %" PRId64 ": %s", m->id, tid,
                    f.code ? f.code : "?");
        goto out;
    }
    if (!feed_add(r, t.hall_node_id, t.id, FEED_MEETING_RESOLVED, m->id, true, in.text))
        rc = -1;
out:
    r->grants = grants;
    r->ngrants = ngrants;
    return rc;
}

int meeting_after_accept(struct req *r, const struct meeting_row *m, int64_t seq,
                         const char *command, const char *answer)
{
    (void)command;
    json_t *a = json_loads(answer, 0, NULL);
    bool result = answer_has(a, "VOTE_RESULT"), adjourned = answer_has(a, "ADJOURNED");
    json_decref(a);
    int rc = 0;
    if (result || (seq > 1 && closed_a_vote(r, m->id, seq - 1))) {
        char *setup = NULL;
        struct db_stmt *st = db_prepare(r->db, "SELECT setup FROM meeting WHERE id = ?");
        db_bind(st, "i", m->id);
        if (db_step(st) == DB_ROW)
            setup = strdup(db_column_text(st, 0));
        db_done(st);
        json_t *min = setup ? minutes_model(r, m->id, setup) : NULL;
        free(setup);
        if (!min)
            return -1;
        size_t i;
        json_t *res;
        json_array_foreach(json_object_get(min, "resolutions"), i, res)
        {
            if (json_integer_value(json_object_get(res, "final_seq")) == seq &&
                resolve(r, m, res) < 0)
                rc = -1;
        }
        json_decref(min);
    }
    if (rc == 0 && adjourned &&
        !feed_add(r, m->hall_node_id, 0, FEED_MEETING_ADJOURNED, m->id, true, m->title))
        rc = -1;
    return rc;
}
